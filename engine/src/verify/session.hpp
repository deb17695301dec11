// What a protocol check works with: the connection, the transcript, the server settings, the
// deadlines and the result being filled in.
#pragma once

#include "maillab/verify/check_result.hpp"
#include "maillab/verify/verify.hpp"
#include "net/connection.hpp"

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <string>

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
    void fail(const net::NetFailure& failure) { fail(failure.outcome, failure.message); }
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

asio::awaitable<void> run_imap(Session& session);
asio::awaitable<void> run_pop3(Session& session);

struct SmtpPlan {
    std::string from;     // MAIL FROM for a test message or the relay check
    std::string send_to;  // when set, a short test message is sent
};
asio::awaitable<void> run_smtp(Session& session, SmtpPlan plan);

// The phone's alert text for a finished check (empty when ok).
std::string phone_message(const CheckResult& result);

} // namespace maillab::verify_detail
