// Access to the loopback mail servers of tests/servers/ (a ctest fixture): addresses, CA,
// resolver, users and their current passwords, and server logs.
#pragma once

#include "maillab/model/account.hpp"
#include "maillab/verify/verify.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace maillab::testing {

class TestServers {
  public:
    // nullptr when the servers are not running (the test is then skipped).
    static TestServers* get();

    std::string value(const std::string& key) const;
    const std::string& password_of(const std::string& user) const;
    // Changes the password on the servers (IMAP, POP3 and SMTP AUTH share it). The password goes
    // to the script on standard input, never on its command line.
    void set_password(const std::string& user, const std::string& password);
    // Restores every password changed by set_password.
    void restore_passwords();

    NetOptions net_options() const; // the test resolver and CA, short deadlines
    std::string read_log(const std::string& key) const; // MAILLAB_TEST_DOVECOT_LOG, ...
    std::size_t log_size(const std::string& key) const;

  private:
    std::map<std::string, std::string> env_;
    std::map<std::string, std::string> passwords_;
    std::map<std::string, std::string> initial_passwords_;
};

std::vector<std::string> special_passwords();

ServerSettings server(const std::string& host, std::uint16_t port, Security security,
                      const std::string& user, const std::string& password);
Account account(const std::string& user, IncomingProtocol protocol, ServerSettings incoming,
                ServerSettings outgoing);

// Joins a check's transcript into one text, for asserting what was and was not sent.
std::string transcript_text(const CheckResult& check);

} // namespace maillab::testing

#define MAILLAB_REQUIRE_SERVERS(name)                                                        \
    auto* name = ::maillab::testing::TestServers::get();                                     \
    if (!name)                                                                               \
    GTEST_SKIP() << "the test mail servers are not running (ctest starts them as a fixture)"

namespace maillab {
// Lets GoogleTest print outcomes by name.
inline void PrintTo(Outcome outcome, std::ostream* os) { *os << to_string(outcome); }
} // namespace maillab
