// Bad certificates are refused before any credential is sent, proved from the servers' logs:
// frank@maillab.test is used only here, so his name must not reach Dovecot's log until the
// positive control at the end logs him in for real; Postfix's "disconnect" lines count the
// commands of each session, and none of the refused sessions may show an "auth=".
#include "maillab/verify/verify.hpp"
#include "test_servers.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace maillab::testing {
namespace {

const std::string user = "frank@maillab.test";

struct Case {
    const char* host;
    Outcome expected;
};

std::vector<CheckResult> check_everywhere(TestServers* servers, const std::string& host) {
    const std::string password = servers->password_of(user);
    const NetOptions net = servers->net_options();
    VerifyOptions options{net, {}};
    std::vector<CheckResult> results;
    results.push_back(check_incoming(
        {IncomingProtocol::imap, server(host, 993, Security::tls, user, password)}, net));
    results.push_back(check_incoming(
        {IncomingProtocol::imap, server(host, 143, Security::starttls, user, password)}, net));
    results.push_back(check_incoming(
        {IncomingProtocol::pop3, server(host, 995, Security::tls, user, password)}, net));
    results.push_back(check_incoming(
        {IncomingProtocol::pop3, server(host, 110, Security::starttls, user, password)}, net));
    results.push_back(check_smtp(server(host, 465, Security::tls, user, password), options, user));
    results.push_back(
        check_smtp(server(host, 587, Security::starttls, user, password), options, user));
    return results;
}

// The Postfix "disconnect from" lines logged after `offset`.
std::vector<std::string> postfix_disconnects(TestServers* servers, std::size_t offset) {
    std::vector<std::string> lines;
    std::string log = servers->read_log("MAILLAB_TEST_POSTFIX_LOG").substr(offset);
    std::size_t start = 0;
    while (start < log.size()) {
        auto end = log.find('\n', start);
        auto line = log.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (line.find("disconnect from") != std::string::npos)
            lines.push_back(line);
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    return lines;
}

TEST(Certificates, EveryBadCertificateIsRefusedBeforeAnyCredentialIsSent) {
    MAILLAB_REQUIRE_SERVERS(servers);
    const auto postfix_before = servers->log_size("MAILLAB_TEST_POSTFIX_LOG");
    const std::vector<Case> cases{
        {"wrongname.maillab.test", Outcome::certificate_name_mismatch},
        {"expired.maillab.test", Outcome::certificate_untrusted},
        {"selfsigned.maillab.test", Outcome::certificate_untrusted},
    };
    for (const auto& c : cases) {
        for (const auto& check : check_everywhere(servers, c.host)) {
            SCOPED_TRACE(std::string(c.host) + ":" + std::to_string(check.port));
            EXPECT_EQ(check.outcome, c.expected) << transcript_text(check);
            EXPECT_FALSE(check.credentials_sent);
            EXPECT_EQ(check.failed_stage, "tls-handshake");
            ASSERT_TRUE(check.certificate.has_value()) << "details are kept for the UI";
            EXPECT_FALSE(check.certificate->sha256_fingerprint.empty());
            EXPECT_FALSE(check.certificate->verify_error.empty());
            EXPECT_NE(check.message.find("Cannot Verify Server Identity"), std::string::npos);
            if (std::string(c.host) == "expired.maillab.test") {
                EXPECT_TRUE(check.certificate->expired);
            }
            if (std::string(c.host) == "selfsigned.maillab.test") {
                EXPECT_TRUE(check.certificate->self_signed);
            }
            if (std::string(c.host) == "wrongname.maillab.test") {
                EXPECT_TRUE(check.certificate->name_mismatch);
                ASSERT_FALSE(check.certificate->subject_alt_names.empty());
                EXPECT_EQ(check.certificate->subject_alt_names[0], "DNS:other.example.net");
            }
        }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300)); // let the daemons log
    EXPECT_EQ(servers->read_log("MAILLAB_TEST_DOVECOT_LOG").find(user), std::string::npos)
        << "Dovecot saw a login attempt for " << user;
    const auto refused_sessions = postfix_disconnects(servers, postfix_before);
    EXPECT_EQ(refused_sessions.size(), 6u) << "three certificates x two submission ports";
    for (const auto& line : refused_sessions)
        EXPECT_EQ(line.find(" auth="), std::string::npos) << line;
    const auto postfix_control = servers->log_size("MAILLAB_TEST_POSTFIX_LOG");

    // Positive control: a real login by the same user does show up in both logs.
    auto good = check_everywhere(servers, "mail.maillab.test");
    for (const auto& check : good)
        EXPECT_TRUE(check.ok()) << transcript_text(check);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_NE(servers->read_log("MAILLAB_TEST_DOVECOT_LOG").find(user), std::string::npos);
    const auto good_sessions = postfix_disconnects(servers, postfix_control);
    ASSERT_EQ(good_sessions.size(), 2u);
    for (const auto& line : good_sessions)
        EXPECT_NE(line.find(" auth=1"), std::string::npos) << line;
}

TEST(Certificates, ATrustExceptionPinnedToTheFingerprintAcceptsThatCertificateOnly) {
    MAILLAB_REQUIRE_SERVERS(servers);
    const std::string password = servers->password_of("alice@maillab.test");
    NetOptions net = servers->net_options();
    auto refused = check_incoming(
        {IncomingProtocol::imap,
         server("selfsigned.maillab.test", 993, Security::tls, "alice@maillab.test", password)},
        net);
    ASSERT_EQ(refused.outcome, Outcome::certificate_untrusted);
    ASSERT_TRUE(refused.certificate);

    net.trust_exceptions.push_back(
        {"selfsigned.maillab.test", refused.certificate->sha256_fingerprint});
    auto trusted = check_incoming(
        {IncomingProtocol::imap,
         server("selfsigned.maillab.test", 993, Security::tls, "alice@maillab.test", password)},
        net);
    EXPECT_TRUE(trusted.ok()) << transcript_text(trusted);

    // The same exception does not cover another host's certificate.
    auto other = check_incoming(
        {IncomingProtocol::imap,
         server("expired.maillab.test", 993, Security::tls, "alice@maillab.test", password)},
        net);
    EXPECT_EQ(other.outcome, Outcome::certificate_untrusted);
}

} // namespace
} // namespace maillab::testing
