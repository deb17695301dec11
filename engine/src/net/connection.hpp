// One client connection: TCP, then TLS (implicit or after STARTTLS), with a deadline and a
// stage name on every step, bounded line reads, and a transcript of what crossed the wire.
#pragma once

#include "maillab/verify/check_result.hpp"
#include "maillab/verify/verify.hpp"
#include "net/net_result.hpp"
#include "net/transcript.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace maillab::net {

namespace asio = boost::asio;

class Connection {
  public:
    static constexpr std::size_t max_line_bytes = 64 * 1024;
    static constexpr std::size_t max_total_bytes = 4 * 1024 * 1024; // default per connection
    static constexpr std::size_t max_receive_limit = 64 * 1024 * 1024; // raise_receive_limit cap

    Connection(asio::any_io_executor executor, std::shared_ptr<asio::ssl::context> tls_context,
               Transcript& transcript, const NetOptions& options, std::string host);

    asio::awaitable<NetStatus> connect(const std::vector<std::string>& addresses,
                                       std::uint16_t port, Clock::time_point deadline);
    // TLS handshake on the open connection; bytes that arrived before it are discarded first.
    asio::awaitable<NetStatus> start_tls(const std::string& host, std::string_view stage,
                                         Clock::time_point deadline);
    // One line without its CR LF.
    asio::awaitable<NetResult<std::string>> read_line(std::string_view stage,
                                                      Clock::time_point deadline);
    // With shown false, the transcript does not show the line (message text, not protocol).
    asio::awaitable<NetResult<std::string>> read_line(std::string_view stage,
                                                      Clock::time_point deadline, bool shown);
    // Exactly n bytes (an IMAP literal); the transcript notes only their number.
    asio::awaitable<NetResult<std::string>> read_exact(std::string_view stage, std::size_t n,
                                                       Clock::time_point deadline);
    // Allows up to `bytes` received on this connection in all (mailbox downloads); never below
    // the default and never above max_receive_limit.
    void raise_receive_limit(std::size_t bytes);
    std::size_t receive_limit() const { return receive_limit_; }

    // Sends data; the transcript shows `shown` (already redacted) instead of the bytes.
    asio::awaitable<NetStatus> write(std::string_view stage, std::string_view data,
                                     std::string_view shown, Clock::time_point deadline);
    // Like write, for a line: adds CR LF.
    asio::awaitable<NetStatus> write_line(std::string_view stage, std::string_view line,
                                          std::string_view shown, Clock::time_point deadline);
    asio::awaitable<NetStatus> write_line(std::string_view stage, std::string_view line,
                                          Clock::time_point deadline);

    void close();
    bool is_tls() const { return tls_ != nullptr; }
    bool has_buffered_bytes() const { return !buffer_.empty(); }
    const std::optional<CertificateDetails>& certificate() const { return certificate_; }
    const std::string& connected_address() const { return connected_address_; }
    std::string local_address() const;

  private:
    asio::awaitable<NetResult<std::size_t>> read_some(std::string_view stage,
                                                      Clock::time_point deadline);
    NetFailure too_much(std::string_view stage) const;
    NetFailure io_failure(const boost::system::error_code& ec, std::string_view stage,
                          Clock::time_point deadline) const;
    bool pinned(X509* leaf) const;

    asio::any_io_executor executor_;
    std::shared_ptr<asio::ssl::context> tls_context_;
    Transcript& transcript_;
    const NetOptions& options_;
    boost::beast::tcp_stream tcp_;
    std::unique_ptr<boost::beast::ssl_stream<boost::beast::tcp_stream>> tls_;
    std::string host_;
    std::string buffer_;
    std::size_t total_received_ = 0;
    std::size_t receive_limit_ = max_total_bytes;
    std::optional<CertificateDetails> certificate_;
    int verify_error_ = 0;
    std::string connected_address_;
};

} // namespace maillab::net
