#include "discovery/http_fetcher.hpp"

#include "discovery/url.hpp"
#include "maillab/protocol/sasl.hpp"
#include "net/resolver.hpp"
#include "net/tls.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <openssl/ssl.h>

namespace maillab::discovery {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

struct Exchange {
    int status = 0;
    std::string body;
    std::string location;
};

class OneRequest {
  public:
    OneRequest(asio::io_context& io, std::shared_ptr<asio::ssl::context> tls, const Url& url,
               const std::vector<std::string>& addresses, std::uint16_t connect_port,
               autoconfig::Deadline deadline)
        : io_(io), tls_(std::move(tls)), url_(url), addresses_(addresses),
          connect_port_(connect_port), deadline_(deadline) {}

    asio::awaitable<Result<Exchange>> run(const http::request<http::string_body>& request);

  private:
    template <class Stream>
    asio::awaitable<Result<Exchange>> exchange(Stream& stream,
                                               const http::request<http::string_body>& request);

    asio::io_context& io_;
    std::shared_ptr<asio::ssl::context> tls_;
    const Url& url_;
    const std::vector<std::string>& addresses_;
    std::uint16_t connect_port_;
    autoconfig::Deadline deadline_;
};

template <class Stream>
asio::awaitable<Result<Exchange>>
OneRequest::exchange(Stream& stream, const http::request<http::string_body>& request) {
    beast::get_lowest_layer(stream).expires_at(deadline_);
    auto [write_error, written] = co_await http::async_write(stream, request, use_tuple);
    if (write_error)
        co_return Error{"sending the request failed: " + write_error.message()};
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.header_limit(16 * 1024);
    parser.body_limit(BeastHttpFetcher::max_body_bytes);
    auto [read_error, read] = co_await http::async_read(stream, buffer, parser, use_tuple);
    if (read_error == http::error::body_limit)
        co_return Error{"the response body is larger than 1 MiB: cut off"};
    if (read_error == beast::error::timeout)
        co_return Error{"no complete answer in time"};
    if (read_error)
        co_return Error{"reading the response failed: " + read_error.message()};
    auto& response = parser.get();
    Exchange out;
    out.status = static_cast<int>(response.result_int());
    out.body = std::move(response.body());
    if (auto it = response.find(http::field::location); it != response.end())
        out.location = std::string(it->value());
    co_return out;
}

asio::awaitable<Result<Exchange>> OneRequest::run(const http::request<http::string_body>& request) {
    beast::tcp_stream tcp(io_);
    std::string last_error = "no address";
    bool connected = false;
    for (const auto& text : addresses_) {
        boost::system::error_code parse_error;
        auto address = asio::ip::make_address(text, parse_error);
        if (parse_error)
            continue;
        tcp.expires_at(deadline_);
        const asio::ip::tcp::endpoint endpoint(address, connect_port_);
        auto [ec] = co_await tcp.async_connect(endpoint, use_tuple);
        if (!ec) {
            connected = true;
            break;
        }
        last_error = ec == beast::error::timeout ? "connecting timed out" : ec.message();
        tcp.close();
        if (ec == beast::error::timeout)
            break;
    }
    if (!connected)
        co_return Error{"cannot connect to " + url_.host + ":" + std::to_string(url_.port) + ": " +
                        last_error};
    if (url_.scheme == "http")
        co_return co_await exchange(tcp, request);

    beast::ssl_stream<beast::tcp_stream> stream(std::move(tcp), *tls_);
    SSL* ssl = stream.native_handle();
    net::expect_peer(ssl, url_.host);
    beast::get_lowest_layer(stream).expires_at(deadline_);
    auto [handshake_error] =
        co_await stream.async_handshake(asio::ssl::stream_base::client, use_tuple);
    if (handshake_error) {
        long verify = SSL_get_verify_result(ssl);
        if (verify != X509_V_OK)
            co_return Error{"the certificate of " + url_.host +
                            " was refused: " + X509_verify_cert_error_string(verify)};
        co_return Error{"TLS with " + url_.host + " failed: " + handshake_error.message()};
    }
    co_return co_await exchange(stream, request);
}

} // namespace

BeastHttpFetcher::BeastHttpFetcher(NetOptions options) : options_(std::move(options)) {}

Result<autoconfig::HttpResponse> BeastHttpFetcher::fetch(const autoconfig::HttpRequest& request,
                                                         autoconfig::Deadline deadline) {
    auto url = parse_url(request.url);
    if (!url)
        return url.error();
    auto tls = net::shared_client_context(options_);
    if (!tls)
        return Error{tls.error().message};
    autoconfig::HttpResponse out;
    const std::string first_host = url->host;
    std::string method = request.method;
    for (int hop = 0; hop <= max_redirects; ++hop) {
        if (url->scheme == "http")
            out.all_hops_https = false;
        auto addresses = net::resolve_host(url->bare_host(), net::dns_settings(options_), deadline);
        if (!addresses)
            return Error{addresses.error().message};
        const auto port = net::connect_port(options_, url->bare_host(), url->port);
        if (!port)
            return Error{"cannot connect to " + url->host + ":" + std::to_string(url->port) +
                         ": connection refused"};

        http::request<http::string_body> message{
            method == "POST" ? http::verb::post : http::verb::get, url->target, 11};
        message.set(http::field::host, url->host_header());
        message.set(http::field::user_agent, "MailLab/0.1");
        message.set(http::field::accept, "application/xml, text/xml, */*");
        message.set(http::field::connection, "close");
        if (method == "POST") {
            message.set(http::field::content_type, request.content_type);
            message.body() = request.body;
        }
        // Basic credentials only over https, and only to the host the caller named.
        if (request.basic_auth && url->scheme == "https" && url->host == first_host && hop == 0)
            message.set(http::field::authorization,
                        "Basic " + sasl::base64_encode(request.basic_auth->first + ":" +
                                                       request.basic_auth->second));
        message.prepare_payload();

        asio::io_context io;
        OneRequest one(io, *tls, *url, *addresses, *port, deadline);
        Result<Exchange> exchange = Error{"the request did not run"};
        asio::co_spawn(
            io, [&]() -> asio::awaitable<void> { exchange = co_await one.run(message); },
            [&](std::exception_ptr e) {
                if (e)
                    exchange = Error{"internal error"};
            });
        io.run();
        if (!exchange)
            return Error{url->text() + ": " + exchange.error().message};

        out.status = exchange->status;
        out.final_url = url->text();
        const bool redirect = out.status == 301 || out.status == 302 || out.status == 303 ||
                              out.status == 307 || out.status == 308;
        if (!redirect || exchange->location.empty()) {
            out.body = std::move(exchange->body);
            return out;
        }
        if (!request.follow_redirects) {
            auto target = resolve_location(*url, exchange->location);
            out.location = target ? target->text() : exchange->location;
            return out;
        }
        auto next = resolve_location(*url, exchange->location);
        if (!next)
            return Error{url->text() + " redirected to a bad location: " + next.error().message};
        if (next->scheme == "http")
            out.all_hops_https = false;
        out.redirects.push_back(next->text());
        if (out.status == 303)
            method = "GET";
        url = *next;
    }
    return Error{"more than " + std::to_string(max_redirects) + " redirects"};
}

} // namespace maillab::discovery
