#include "net/connection.hpp"

#include "net/tls.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <array>

namespace maillab::net {
namespace {

namespace beast = boost::beast;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

std::string seconds_text(Clock::duration d) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
    return std::to_string((ms + 500) / 1000) + " s";
}

} // namespace

Connection::Connection(asio::any_io_executor executor,
                       std::shared_ptr<asio::ssl::context> tls_context, Transcript& transcript,
                       const NetOptions& options, std::string host)
    : executor_(executor), tls_context_(std::move(tls_context)), transcript_(transcript),
      options_(options), tcp_(executor), host_(std::move(host)) {}

NetFailure Connection::io_failure(const boost::system::error_code& ec, std::string_view stage,
                                  Clock::time_point deadline) const {
    (void)deadline;
    const std::string step(stage);
    if (ec == beast::error::timeout)
        return {Outcome::timeout, "no answer from " + host_ + " in time during " + step, step};
    if (ec == asio::error::eof || ec == asio::error::connection_reset ||
        ec == asio::ssl::error::stream_truncated)
        return {Outcome::protocol_error, "the server closed the connection during " + step, step};
    return {Outcome::protocol_error, step + ": " + ec.message(), step};
}

asio::awaitable<NetStatus> Connection::connect(const std::vector<std::string>& addresses,
                                               std::uint16_t port, Clock::time_point deadline) {
    NetFailure last{Outcome::connect_failed, "no address to connect to"};
    for (const auto& text : addresses) {
        boost::system::error_code parse_error;
        auto address = asio::ip::make_address(text, parse_error);
        if (parse_error)
            continue;
        transcript_.note("connect", "connecting to " + text + " port " + std::to_string(port));
        tcp_.expires_at(deadline);
        auto [ec] = co_await tcp_.async_connect(asio::ip::tcp::endpoint(address, port), use_tuple);
        if (!ec) {
            connected_address_ = text;
            transcript_.note("connect", "connected to " + text + " port " + std::to_string(port));
            co_return Done{};
        }
        if (ec == beast::error::timeout) {
            last = {Outcome::timeout, "connecting to " + text + " port " + std::to_string(port) +
                                          " timed out"};
            break;
        }
        if (ec == asio::error::connection_refused)
            last = {Outcome::connect_failed,
                    "connection refused by " + text + " port " + std::to_string(port)};
        else
            last = {Outcome::connect_failed, "cannot connect to " + text + " port " +
                                                 std::to_string(port) + ": " + ec.message()};
        transcript_.note("connect", last.message);
        tcp_.close();
    }
    co_return last;
}

bool Connection::pinned(X509* leaf) const {
    if (!leaf)
        return false;
    auto fingerprint = sha256_fingerprint(leaf);
    for (const auto& exception : options_.trust_exceptions)
        if (exception.host == host_ && exception.sha256_fingerprint == fingerprint)
            return true;
    return false;
}

asio::awaitable<NetStatus> Connection::start_tls(const std::string& host, std::string_view stage,
                                                 Clock::time_point deadline) {
    host_ = host;
    if (!buffer_.empty()) {
        transcript_.note(stage, "discarded " + std::to_string(buffer_.size()) +
                                    " byte(s) received before the TLS handshake");
        buffer_.clear();
    }
    tls_ = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(std::move(tcp_), *tls_context_);
    SSL* ssl = tls_->native_handle();
    expect_peer(ssl, host);
    tls_->set_verify_callback([this](bool preverified, asio::ssl::verify_context& context) {
        X509_STORE_CTX* store = context.native_handle();
        X509* leaf = X509_STORE_CTX_get0_cert(store);
        if (!certificate_)
            certificate_ = describe_certificate(leaf);
        if (preverified)
            return true;
        int error = X509_STORE_CTX_get_error(store);
        if (pinned(leaf)) {
            transcript_.note("tls-handshake", std::string("accepted by trust exception: ") +
                                                  X509_verify_cert_error_string(error));
            return true;
        }
        if (verify_error_ == 0) {
            verify_error_ = error;
            certificate_->verify_error = X509_verify_cert_error_string(error);
            certificate_->verify_error_code = error;
            certificate_->expired = error == X509_V_ERR_CERT_HAS_EXPIRED;
            certificate_->not_yet_valid = error == X509_V_ERR_CERT_NOT_YET_VALID;
            certificate_->name_mismatch = error == X509_V_ERR_HOSTNAME_MISMATCH ||
                                          error == X509_V_ERR_IP_ADDRESS_MISMATCH;
            if (error == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT ||
                error == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN)
                certificate_->self_signed = true;
        }
        return false;
    });
    transcript_.note(stage, "TLS handshake with " + host);
    beast::get_lowest_layer(*tls_).expires_at(deadline);
    auto [ec] = co_await tls_->async_handshake(asio::ssl::stream_base::client, use_tuple);
    if (ec) {
        if (verify_error_ != 0) {
            NetFailure failure{outcome_for_verify_error(verify_error_),
                               "the certificate of " + host + " was refused: " +
                                   certificate_->verify_error};
            transcript_.note(stage, failure.message);
            co_return failure;
        }
        if (ec == beast::error::timeout)
            co_return NetFailure{Outcome::timeout, "TLS handshake with " + host + " timed out"};
        std::string reason = ec.message();
        if (ec.category() == asio::error::get_ssl_category()) {
            std::array<char, 256> buf{};
            ERR_error_string_n(static_cast<unsigned long>(ec.value()), buf.data(), buf.size());
            reason = buf.data();
        }
        NetFailure failure{Outcome::tls_failed, "TLS handshake with " + host + " failed: " + reason};
        transcript_.note(stage, failure.message);
        co_return failure;
    }
    std::string version = SSL_get_version(ssl);
    std::string cipher = SSL_get_cipher_name(ssl);
    transcript_.note(stage, "TLS established: " + version + ", " + cipher);
    if (!certificate_) {
        X509* peer = SSL_get1_peer_certificate(ssl);
        certificate_ = describe_certificate(peer);
        X509_free(peer);
    }
    co_return Done{};
}

asio::awaitable<NetResult<std::size_t>> Connection::read_some(std::string_view stage,
                                                               Clock::time_point deadline) {
    std::array<char, 4096> chunk{};
    boost::system::error_code ec;
    std::size_t n = 0;
    if (tls_) {
        beast::get_lowest_layer(*tls_).expires_at(deadline);
        std::tie(ec, n) = co_await tls_->async_read_some(asio::buffer(chunk), use_tuple);
    } else {
        tcp_.expires_at(deadline);
        std::tie(ec, n) = co_await tcp_.async_read_some(asio::buffer(chunk), use_tuple);
    }
    if (ec && n == 0)
        co_return io_failure(ec, stage, deadline);
    total_received_ += n;
    if (total_received_ > receive_limit_)
        co_return too_much(stage);
    buffer_.append(chunk.data(), n);
    co_return n;
}

NetFailure Connection::too_much(std::string_view stage) const {
    return {Outcome::protocol_error,
            "the server sent more than " + std::to_string(receive_limit_ >> 20) + " MiB during " +
                std::string(stage),
            std::string(stage)};
}

void Connection::raise_receive_limit(std::size_t bytes) {
    receive_limit_ = std::clamp(bytes, max_total_bytes, max_receive_limit);
}

asio::awaitable<NetResult<std::string>> Connection::read_line(std::string_view stage,
                                                              Clock::time_point deadline) {
    co_return co_await read_line(stage, deadline, true);
}

asio::awaitable<NetResult<std::string>> Connection::read_exact(std::string_view stage,
                                                               std::size_t n,
                                                               Clock::time_point deadline) {
    // total_received_ already counts the buffered bytes; the rest must fit under the limit.
    const std::size_t room = receive_limit_ > total_received_ ? receive_limit_ - total_received_ : 0;
    if (n > buffer_.size() && n - buffer_.size() > room)
        co_return too_much(stage);
    while (buffer_.size() < n) {
        auto got = co_await read_some(stage, deadline);
        if (!got)
            co_return got.error();
    }
    std::string data = buffer_.substr(0, n);
    buffer_.erase(0, n);
    transcript_.received(stage, "(" + std::to_string(n) + " bytes)");
    co_return data;
}

asio::awaitable<NetResult<std::string>>
Connection::read_line(std::string_view stage, Clock::time_point deadline, bool shown) {
    auto started = Clock::now();
    while (true) {
        auto newline = buffer_.find('\n');
        if (newline != std::string::npos) {
            if (newline > max_line_bytes)
                co_return NetFailure{Outcome::protocol_error,
                                     "a reply line during " + std::string(stage) +
                                         " is longer than 64 KiB",
                                     std::string(stage)};
            std::string line = buffer_.substr(0, newline);
            buffer_.erase(0, newline + 1);
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            if (shown)
                transcript_.received(stage, line);
            co_return line;
        }
        if (buffer_.size() > max_line_bytes)
            co_return NetFailure{Outcome::protocol_error,
                                 "a reply line during " + std::string(stage) +
                                     " is longer than 64 KiB",
                                 std::string(stage)};
        auto n = co_await read_some(stage, deadline);
        if (!n) {
            NetFailure failure = n.error();
            if (failure.outcome == Outcome::timeout)
                failure.message = "no answer from " + host_ + " within " +
                                  seconds_text(Clock::now() - started) + " during " +
                                  std::string(stage);
            co_return failure;
        }
    }
}

asio::awaitable<NetStatus> Connection::write(std::string_view stage, std::string_view data,
                                             std::string_view shown, Clock::time_point deadline) {
    transcript_.sent(stage, shown);
    boost::system::error_code ec;
    if (tls_) {
        beast::get_lowest_layer(*tls_).expires_at(deadline);
        std::tie(ec, std::ignore) =
            co_await asio::async_write(*tls_, asio::buffer(data), use_tuple);
    } else {
        tcp_.expires_at(deadline);
        std::tie(ec, std::ignore) = co_await asio::async_write(tcp_, asio::buffer(data), use_tuple);
    }
    if (ec)
        co_return io_failure(ec, stage, deadline);
    co_return Done{};
}

asio::awaitable<NetStatus> Connection::write_line(std::string_view stage, std::string_view line,
                                                  std::string_view shown,
                                                  Clock::time_point deadline) {
    std::string data(line);
    data += "\r\n";
    co_return co_await write(stage, data, shown, deadline);
}

asio::awaitable<NetStatus> Connection::write_line(std::string_view stage, std::string_view line,
                                                  Clock::time_point deadline) {
    co_return co_await write_line(stage, line, line, deadline);
}

std::string Connection::local_address() const {
    boost::system::error_code ec;
    auto endpoint = tls_ ? beast::get_lowest_layer(*tls_).socket().local_endpoint(ec)
                         : tcp_.socket().local_endpoint(ec);
    if (ec)
        return "127.0.0.1";
    auto address = endpoint.address();
    return address.is_v6() ? "IPv6:" + address.to_string() : address.to_string();
}

void Connection::close() {
    boost::system::error_code ec;
    if (tls_)
        beast::get_lowest_layer(*tls_).socket().close(ec);
    else
        tcp_.socket().close(ec);
}

} // namespace maillab::net
