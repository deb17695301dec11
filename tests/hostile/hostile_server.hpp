// A misbehaving mail server for tests: listens on 127.0.0.1 (ephemeral port) and plays a script
// on every connection it accepts: send lines, read the client's commands, upgrade to TLS, stall,
// trickle, flood, reset. It records what the client sent so tests can assert what never arrived.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace maillab::hostile {

// What a TLS upgrade presents: a certificate chain and key (PEM), and the protocol versions.
struct TlsIdentity {
    std::string certificate_pem;
    std::string key_pem;
    bool tls1_0_only = false; // offer TLS 1.0 and nothing newer
};

struct Action {
    enum class Kind {
        send,
        expect,
        starttls,
        stall,
        trickle,
        flood_line,
        endless,
        reset,
        http_request
    };
    Kind kind = Kind::send;
    std::string text; // send, trickle: the bytes ("$TAG" = the last command's tag); endless: a line
    std::string prefix;                       // expect: the command it should start with
    std::size_t bytes = 0;                    // flood_line: how many bytes before giving up
    std::chrono::milliseconds interval{1000}; // trickle: the pause between bytes
};

// The conversation, in order; the connection is closed when it ends.
class Script {
  public:
    Script& send(std::string text);
    // Reads one command line (recorded); a different command is recorded as a mismatch.
    Script& expect(std::string prefix);
    Script& starttls();
    Script& stall(); // until the client hangs up
    Script& trickle(std::string text, std::chrono::milliseconds interval);
    Script& flood_line(std::size_t bytes); // one line with no end
    Script& endless(std::string line);     // the same line, forever
    Script& reset();                       // RST instead of FIN
    // Reads one HTTP request: the request and header lines are recorded as commands (so a test
    // can look for "Authorization"), the body (Content-Length) is read and dropped.
    Script& http_request();

    const std::vector<Action>& actions() const { return actions_; }

  private:
    std::vector<Action> actions_;
};

class HostileServer {
  public:
    explicit HostileServer(Script script, TlsIdentity identity = {});
    ~HostileServer();
    HostileServer(const HostileServer&) = delete;
    HostileServer& operator=(const HostileServer&) = delete;

    std::uint16_t port() const { return port_; }
    // Every command line the clients sent, in order (TLS or not). Holds secrets: never print.
    std::vector<std::string> commands() const;
    bool received_command_starting_with(std::string_view prefix) const; // case-insensitive
    std::vector<std::string> mismatches() const; // "expected X, got a command starting Y"
    std::size_t bytes_sent() const { return bytes_sent_; }
    int connections() const { return connections_; }
    bool tls_established() const { return tls_established_; }

  private:
    void serve();
    void play(int fd);

    Script script_;
    TlsIdentity identity_;
    int listen_fd_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<std::size_t> bytes_sent_{0};
    std::atomic<int> connections_{0};
    std::atomic<bool> tls_established_{false};
    mutable std::mutex mutex_;
    std::vector<std::string> commands_;
    std::vector<std::string> mismatches_;
    std::thread thread_;
};

} // namespace maillab::hostile
