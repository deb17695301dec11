// The lab servers' protocol log for the trainer console: what each client sent ("C:") and each
// server answered ("S:"), line by line, with every credential hidden before it is stored.
// Redaction is by protocol shape, so it holds for any client:
//   - a login command keeps its verb and user name only (IMAP LOGIN, POP3 USER/PASS/APOP,
//     SASL initial responses of AUTHENTICATE / AUTH), with or without an IMAP tag; when it goes
//     on after an IMAP literal, the rest of it is hidden whole; HTTP Authorization keeps its
//     scheme;
//   - a client line answering a server challenge ("+ ...", "334 ...") is hidden whole;
//   - IMAP literals are shown as their size only (a password may be a literal);
//   - a message's text after DATA / 354 is shown as its line count.
// Server lines are kept as sent (the first few of each reply), so a FETCH or RETR shows the
// start of a message: the lab's messages are lesson material, not secrets.
#pragma once

#include "maillab/lab/lab.hpp"

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace maillab::lab_detail {

class ProtocolLog {
  public:
    static constexpr std::size_t max_lines = 5000;
    static constexpr std::size_t max_line_chars = 240;

    std::uint64_t new_connection() {
        std::lock_guard guard(mutex_);
        return next_connection_++;
    }
    void add(std::uint64_t connection, std::string_view protocol, bool from_client,
             std::string_view text);
    std::vector<lab::LabLogLine> after(std::uint64_t sequence) const;
    // The sequence of the last line logged (0 before the first).
    std::uint64_t last_sequence() const {
        std::lock_guard guard(mutex_);
        return next_ - 1;
    }

  private:
    mutable std::mutex mutex_;
    std::vector<lab::LabLogLine> lines_;
    std::uint64_t next_ = 1;
    std::uint64_t next_connection_ = 1;
};

// One connection's view: remembers what the server last asked so the client's answer can be
// hidden, and whether a message's text is being sent.
class ConnectionLog {
  public:
    ConnectionLog(ProtocolLog& log, std::string protocol)
        : log_(&log), protocol_(std::move(protocol)), connection_(log.new_connection()) {}

    void client_line(std::string_view line);
    void client_bytes(std::size_t n); // an IMAP literal
    void server_data(std::string_view data);
    // Something that is neither side's words: "[TLS handshake done]".
    void note(std::string_view text) { add(false, text); }

  private:
    void add(bool from_client, std::string_view text) {
        log_->add(connection_, protocol_, from_client, text);
    }

    ProtocolLog* log_;
    std::string protocol_;
    std::uint64_t connection_;
    bool challenge_pending_ = false; // the server's last line asked for a SASL response
    bool in_message_ = false;        // between 354 and the lone "."
    bool login_continues_ = false;   // a login command goes on after an IMAP literal
    std::size_t message_lines_ = 0;
};

// The client line with its credentials hidden (exposed for tests).
std::string redact_client_command(std::string_view line);

} // namespace maillab::lab_detail
