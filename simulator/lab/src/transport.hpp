// One server-side connection: TCP, then TLS (implicit or after STARTTLS), bounded line and byte
// reads with an idle timeout, and the lab's artificial delay before each reply.
#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace maillab::lab_detail {

class ConnectionLog;

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

struct SessionLimits {
    std::size_t max_line = 16 * 1024;
    std::size_t max_literal = 10 * 1024 * 1024;
    std::size_t max_session_bytes = 64 * 1024 * 1024;
    std::chrono::seconds idle{300};
};

enum class ReadStop { none, closed, timeout, line_too_long, session_limit };

class Transport {
  public:
    Transport(tcp::socket socket, const SessionLimits& limits, const std::atomic<int>& delay_ms);

    // One line without its CR LF (a bare LF ends a line too). nullopt: see stop().
    asio::awaitable<std::optional<std::string>> read_line();
    // Exactly n bytes (an IMAP literal).
    asio::awaitable<std::optional<std::string>> read_exact(std::size_t n);
    // Waits the lab delay, then sends everything.
    asio::awaitable<bool> write(std::string_view data);
    // Server side of the TLS handshake; bytes the client sent before it are discarded first.
    asio::awaitable<bool> start_tls(std::shared_ptr<asio::ssl::context> context);

    // Every line read and written goes to this log from now on (not owned; may be null).
    void set_log(ConnectionLog* log) { log_ = log; }
    bool is_tls() const { return tls_ != nullptr; }
    ReadStop stop() const { return stop_; }
    const std::string& tls_error() const { return tls_error_; }
    const SessionLimits& limits() const { return limits_; }
    std::string peer() const { return peer_; }
    void close();

  private:
    asio::awaitable<bool> fill();
    beast::tcp_stream& lowest() { return tls_ ? beast::get_lowest_layer(*tls_) : tcp_; }

    asio::any_io_executor executor_;
    beast::tcp_stream tcp_;
    std::shared_ptr<asio::ssl::context> tls_context_; // kept alive for the stream
    std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> tls_;
    // The idle timeout cancels the pending read (rather than closing the socket, as a beast
    // stream timeout would) so that the session can still say goodbye.
    asio::steady_timer idle_timer_;
    std::uint64_t read_generation_ = 0;
    bool timed_out_ = false;
    std::string buffer_;
    std::size_t received_ = 0;
    SessionLimits limits_;
    const std::atomic<int>& delay_ms_;
    ReadStop stop_ = ReadStop::none;
    std::string tls_error_;
    std::string peer_;
    ConnectionLog* log_ = nullptr;
};

} // namespace maillab::lab_detail
