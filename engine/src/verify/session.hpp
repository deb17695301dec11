// What a protocol check works with: the connection, the transcript, the server settings, the
// deadlines and the result being filled in.
#pragma once

#include "maillab/protocol/imap_response.hpp"
#include "maillab/protocol/pop3_response.hpp"
#include "maillab/verify/check_result.hpp"
#include "maillab/verify/verify.hpp"
#include "net/connection.hpp"

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace maillab::verify_detail {

namespace asio = boost::asio;
using net::Clock;

struct Session {
    Session(net::Connection& c, net::Transcript& t, const ServerSettings& s, const NetOptions& o,
            CheckResult& r, Clock::time_point deadline)
        : connection(c), transcript(t), server(s), options(o), result(r),
          overall_deadline(deadline) {}

    net::Connection& connection;
    net::Transcript& transcript;
    const ServerSettings& server;
    const NetOptions& options;
    CheckResult& result;
    Clock::time_point overall_deadline;

    Clock::time_point step_deadline() const;
    Clock::time_point auth_deadline() const;

    // Records the outcome (the first failure wins) and notes it in the transcript.
    void fail(Outcome outcome, std::string message);
    // A network failure names its step when the network layer knows it (a greeting that never
    // came fails in "greeting", not in the last step the transcript shows).
    void fail(const net::NetFailure& failure);
    void succeed(std::string note);
    bool failed() const { return finished_ && result.outcome != Outcome::ok; }
    bool finished() const { return finished_; }

    bool probe_only = false; // stop after reading the capabilities; never log in

    bool password_in_clear_allowed() const { return server.security == Security::none; }
    // Called right before a secret goes out; warns when the connection is not encrypted.
    void credentials_going_out(std::string_view stage);

  private:
    bool finished_ = false;
};

using ProtocolRun = std::function<asio::awaitable<void>(Session&)>;

// Resolves, connects, does implicit TLS when asked, runs the protocol, closes; always returns a
// complete result with the phone's message filled in.
CheckResult run_check(ServerRole role, const ServerSettings& server, const NetOptions& options,
                      const ProtocolRun& protocol, bool probe_only = false);

// --- Work after the login (the Mail app's mailbox) ------------------------------------------
// A check given such work runs it once the login succeeded and before it logs out; the check
// succeeds only when the work did not fail (the work calls session.fail with its stage).

struct ImapReply {
    imap::Response response;           // the tagged status line
    std::string line;                  // as received
    std::vector<std::string> untagged; // whole untagged responses, literals inline ("{n}\r\n...")
};

// The logged-in IMAP conversation.
class ImapLink {
  public:
    virtual ~ImapLink() = default;
    // Sends "TAG command" and reads up to the tagged reply; each read has the step deadline.
    // nullopt after session.fail (network, protocol or BYE).
    virtual asio::awaitable<std::optional<ImapReply>> command(std::string_view stage,
                                                              const std::string& command) = 0;
    virtual bool has_capability(std::string_view name) const = 0;
};
using ImapWork = std::function<asio::awaitable<void>(Session&, ImapLink&)>;

struct Pop3Lines {
    std::string text;       // the lines, dot-unstuffed, each ending with CR LF
    std::size_t lines = 0;
    bool truncated = false; // more than max_bytes came; they were read and dropped
};

// The logged-in POP3 conversation.
class Pop3Link {
  public:
    virtual ~Pop3Link() = default;
    // Sends one command and reads its status line; nullopt after session.fail.
    virtual asio::awaitable<std::optional<pop3::Status>> command(std::string_view stage,
                                                                 const std::string& line) = 0;
    // Reads a multi-line response up to the lone "."; `shown`: lines go into the transcript
    // (listings), else only their count does (message text).
    virtual asio::awaitable<std::optional<Pop3Lines>>
    read_multiline(std::string_view stage, std::size_t max_bytes, bool shown) = 0;
    virtual bool has_capability(std::string_view name) const = 0;
};
using Pop3Work = std::function<asio::awaitable<void>(Session&, Pop3Link&)>;

asio::awaitable<void> run_imap(Session& session, const ImapWork* after_login = nullptr);
asio::awaitable<void> run_pop3(Session& session, const Pop3Work* after_login = nullptr);

// --- SMTP ----------------------------------------------------------------------------------

// One message to submit: MAIL FROM, one RCPT TO per recipient, DATA (dot-stuffed on the way).
struct SmtpEnvelope {
    std::string from;
    std::vector<std::string> recipients;
    std::string data;  // the RFC 5322 message, CR LF line ends, not dot-stuffed
    std::string shown; // what the transcript shows instead of the message text
};

struct SmtpPlan {
    std::string from;                    // MAIL FROM for the relay check (auth none)
    std::optional<SmtpEnvelope> message; // sent after the login when set
};
asio::awaitable<void> run_smtp(Session& session, SmtpPlan plan);

// The phone's alert text for a finished check (empty when ok).
std::string phone_message(const CheckResult& result);

} // namespace maillab::verify_detail
