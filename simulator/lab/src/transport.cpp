#include "transport.hpp"

#include "protocol_log.hpp"

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <openssl/err.h>

namespace maillab::lab_detail {
namespace {
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::chrono::seconds write_timeout{60};
} // namespace

Transport::Transport(tcp::socket socket, const SessionLimits& limits,
                     const std::atomic<int>& delay_ms)
    : executor_(socket.get_executor()), tcp_(std::move(socket)), idle_timer_(executor_),
      limits_(limits), delay_ms_(delay_ms) {
    boost::system::error_code ec;
    auto endpoint = tcp_.socket().remote_endpoint(ec);
    if (!ec)
        peer_ = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

void Transport::close() {
    boost::system::error_code ec;
    if (tls_)
        beast::get_lowest_layer(*tls_).socket().close(ec);
    else
        tcp_.socket().close(ec);
}

asio::awaitable<bool> Transport::fill() {
    if (received_ >= limits_.max_session_bytes) {
        stop_ = ReadStop::session_limit;
        co_return false;
    }
    std::array<char, 16 * 1024> chunk;
    lowest().expires_never();
    const auto generation = ++read_generation_;
    timed_out_ = false;
    idle_timer_.expires_after(limits_.idle);
    idle_timer_.async_wait([this, generation](boost::system::error_code ec) {
        if (ec || generation != read_generation_)
            return; // cancelled: `this` may be gone
        timed_out_ = true;
        boost::system::error_code ignored;
        lowest().socket().cancel(ignored);
    });
    boost::system::error_code ec;
    std::size_t n = 0;
    if (tls_) {
        std::tie(ec, n) = co_await tls_->async_read_some(asio::buffer(chunk), use_tuple);
    } else {
        std::tie(ec, n) = co_await tcp_.async_read_some(asio::buffer(chunk), use_tuple);
    }
    ++read_generation_;
    idle_timer_.cancel();
    if (ec || n == 0) {
        stop_ = timed_out_ ? ReadStop::timeout : ReadStop::closed;
        co_return false;
    }
    received_ += n;
    buffer_.append(chunk.data(), n);
    co_return true;
}

asio::awaitable<std::optional<std::string>> Transport::read_line() {
    std::size_t searched = 0;
    for (;;) {
        auto end = buffer_.find('\n', searched);
        if (end != std::string::npos) {
            if (end > limits_.max_line) {
                stop_ = ReadStop::line_too_long;
                co_return std::nullopt;
            }
            std::string line = buffer_.substr(0, end);
            buffer_.erase(0, end + 1);
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            if (log_)
                log_->client_line(line);
            co_return line;
        }
        if (buffer_.size() > limits_.max_line) {
            stop_ = ReadStop::line_too_long;
            co_return std::nullopt;
        }
        searched = buffer_.size();
        if (!co_await fill())
            co_return std::nullopt;
    }
}

asio::awaitable<std::optional<std::string>> Transport::read_exact(std::size_t n) {
    while (buffer_.size() < n) {
        if (!co_await fill())
            co_return std::nullopt;
    }
    std::string data = buffer_.substr(0, n);
    buffer_.erase(0, n);
    if (log_)
        log_->client_bytes(n);
    co_return data;
}

asio::awaitable<bool> Transport::write(std::string_view data) {
    const int delay = delay_ms_.load();
    if (delay > 0) {
        asio::steady_timer timer(executor_);
        timer.expires_after(std::chrono::milliseconds(delay));
        co_await timer.async_wait(use_tuple);
    }
    lowest().expires_after(write_timeout);
    boost::system::error_code ec;
    if (tls_) {
        std::tie(ec, std::ignore) =
            co_await asio::async_write(*tls_, asio::buffer(data), use_tuple);
    } else {
        std::tie(ec, std::ignore) = co_await asio::async_write(tcp_, asio::buffer(data), use_tuple);
    }
    if (ec) {
        stop_ = ReadStop::closed;
        co_return false;
    }
    if (log_)
        log_->server_data(data);
    co_return true;
}

asio::awaitable<bool> Transport::start_tls(std::shared_ptr<asio::ssl::context> context) {
    buffer_.clear(); // nothing sent in clear may count as sent under TLS
    tls_context_ = std::move(context);
    tls_ = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(std::move(tcp_), *tls_context_);
    beast::get_lowest_layer(*tls_).expires_after(std::chrono::seconds(30));
    auto [ec] = co_await tls_->async_handshake(asio::ssl::stream_base::server, use_tuple);
    if (ec) {
        tls_error_ = ec.message();
        if (ec.category() == asio::error::get_ssl_category()) {
            std::array<char, 256> text{};
            ERR_error_string_n(static_cast<unsigned long>(ec.value()), text.data(), text.size());
            tls_error_ = text.data();
        }
        if (log_)
            log_->note("[TLS handshake failed: " + tls_error_ + "]");
        stop_ = ReadStop::closed;
        co_return false;
    }
    if (log_)
        log_->note("[TLS handshake done]");
    co_return true;
}

} // namespace maillab::lab_detail
