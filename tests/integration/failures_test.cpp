// Each way a check can fail against real servers gets its own outcome, in time, with no
// password sent where none may go.
#include "maillab/verify/diagnosis.hpp"
#include "maillab/verify/verify.hpp"
#include "test_servers.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace maillab::testing {
namespace {

const std::string user = "bob@maillab.test";

CheckResult imap_check(TestServers* servers, const std::string& host, std::uint16_t port,
                       Security security, NetOptions net) {
    return check_incoming(
        IncomingServer{IncomingProtocol::imap,
                       server(host, port, security, user, servers->password_of(user))},
        net);
}

CheckResult smtp_check(TestServers* servers, const std::string& host, std::uint16_t port,
                       Security security, AuthMethod auth = AuthMethod::password) {
    VerifyOptions options;
    options.net = servers->net_options();
    auto settings = server(host, port, security, user, servers->password_of(user));
    settings.auth = auth;
    return check_smtp(settings, options, user);
}

bool mentions(const std::vector<std::string>& lines, const std::string& words) {
    for (const auto& line : lines)
        if (line.find(words) != std::string::npos)
            return true;
    return false;
}

TEST(Failures, UnknownHostIsDnsFailed) {
    MAILLAB_REQUIRE_SERVERS(servers);
    auto check = imap_check(servers, "nosuchhost.maillab.test", 993, Security::tls,
                            servers->net_options());
    EXPECT_EQ(check.outcome, Outcome::dns_failed) << transcript_text(check);
    EXPECT_FALSE(check.credentials_sent);
    EXPECT_TRUE(mentions(diagnose_check(check), "cannot be found in DNS"));
}

TEST(Failures, ClosedPortIsConnectFailed) {
    MAILLAB_REQUIRE_SERVERS(servers);
    auto check = imap_check(servers, "closed.maillab.test", 993, Security::tls,
                            servers->net_options());
    EXPECT_EQ(check.outcome, Outcome::connect_failed) << transcript_text(check);
    EXPECT_NE(check.message.find("refused"), std::string::npos) << check.message;
}

TEST(Failures, AServerThatAcceptsAndNeverAnswersTimesOutWithinTheDeadline) {
    MAILLAB_REQUIRE_SERVERS(servers);
    // A listening socket nobody accepts on: the TCP handshake completes, no greeting comes.
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(listener, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ASSERT_EQ(listen(listener, 4), 0);
    socklen_t size = sizeof address;
    getsockname(listener, reinterpret_cast<sockaddr*>(&address), &size);

    NetOptions net = servers->net_options();
    net.timeout = std::chrono::seconds(2);
    net.step_timeout = std::chrono::seconds(2);
    auto started = std::chrono::steady_clock::now();
    auto check = imap_check(servers, "127.0.0.1", ntohs(address.sin_port), Security::starttls, net);
    auto took = std::chrono::steady_clock::now() - started;
    close(listener);
    EXPECT_EQ(check.outcome, Outcome::timeout) << transcript_text(check);
    EXPECT_LT(took, std::chrono::seconds(5));
    EXPECT_FALSE(check.credentials_sent);
}

TEST(Failures, SmtpWithoutStarttlsIsStarttlsUnavailableAndNoAuthIsSent) {
    MAILLAB_REQUIRE_SERVERS(servers);
    auto check = smtp_check(servers, "notls.maillab.test", 587, Security::starttls);
    EXPECT_EQ(check.outcome, Outcome::starttls_unavailable) << transcript_text(check);
    EXPECT_FALSE(check.credentials_sent);
    EXPECT_EQ(transcript_text(check).find("AUTH "), std::string::npos) << transcript_text(check);
}

TEST(Failures, ImapWithoutStarttlsIsStarttlsUnavailableWhereTheServerHasNone) {
    MAILLAB_REQUIRE_SERVERS(servers);
    auto check = imap_check(servers, "notls.maillab.test", 143, Security::starttls,
                            servers->net_options());
    if (check.outcome == Outcome::connect_failed)
        GTEST_SKIP() << "no IMAP listener without TLS in this lab";
    EXPECT_EQ(check.outcome, Outcome::starttls_unavailable) << transcript_text(check);
    EXPECT_FALSE(check.credentials_sent);
}

TEST(Failures, PlaintextIsRefusedByEveryProtocolWithoutSendingThePassword) {
    MAILLAB_REQUIRE_SERVERS(servers);
    auto imap = imap_check(servers, "imap.maillab.test", 143, Security::none,
                           servers->net_options());
    EXPECT_EQ(imap.outcome, Outcome::plaintext_refused) << transcript_text(imap);
    EXPECT_FALSE(imap.credentials_sent);

    auto pop = check_incoming(
        IncomingServer{IncomingProtocol::pop3, server("pop.maillab.test", 110, Security::none, user,
                                                      servers->password_of(user))},
        servers->net_options());
    EXPECT_EQ(pop.outcome, Outcome::plaintext_refused) << transcript_text(pop);
    EXPECT_FALSE(pop.credentials_sent);

    auto smtp = smtp_check(servers, "smtp.maillab.test", 587, Security::none);
    EXPECT_EQ(smtp.outcome, Outcome::plaintext_refused) << transcript_text(smtp);
    EXPECT_FALSE(smtp.credentials_sent);
    EXPECT_TRUE(mentions(diagnose_check(smtp), "turn Use SSL on"));
}

TEST(Failures, WrongPasswordIsAuthFailedInThePhonesWords) {
    MAILLAB_REQUIRE_SERVERS(servers);
    auto check = check_incoming(
        IncomingServer{IncomingProtocol::imap,
                       server("imap.maillab.test", 993, Security::tls, user, "not-the-password")},
        servers->net_options());
    EXPECT_EQ(check.outcome, Outcome::auth_failed);
    EXPECT_EQ(check.enhanced_status, "AUTHENTICATIONFAILED");
    EXPECT_EQ(check.message.rfind("The user name or password for \u201cimap.maillab.test\u201d is "
                                  "incorrect.",
                                  0),
              0u)
        << check.message;
}

TEST(Failures, ImplicitTlsOnTheStarttlsPortIsTlsFailedAndDiagnosed) {
    MAILLAB_REQUIRE_SERVERS(servers);
    auto check = smtp_check(servers, "smtp.maillab.test", 587, Security::tls);
    EXPECT_EQ(check.outcome, Outcome::tls_failed) << transcript_text(check);
    EXPECT_FALSE(check.credentials_sent);
    EXPECT_TRUE(mentions(diagnose_check(check), "which speaks plain text first"));
}

TEST(Failures, StarttlsOnTheImplicitTlsPortTimesOutAndIsDiagnosed) {
    MAILLAB_REQUIRE_SERVERS(servers);
    NetOptions net = servers->net_options();
    net.step_timeout = std::chrono::seconds(2);
    auto check = imap_check(servers, "imap.maillab.test", 993, Security::starttls, net);
    EXPECT_EQ(check.outcome, Outcome::timeout) << transcript_text(check);
    EXPECT_FALSE(check.credentials_sent);
    EXPECT_TRUE(mentions(diagnose_check(check), "expects TLS from the first byte"));
}

TEST(Failures, OutgoingWithoutCredentialsIsRefusedRelayAndDiagnosed) {
    MAILLAB_REQUIRE_SERVERS(servers);
    auto check = smtp_check(servers, "smtp.maillab.test", 587, Security::starttls, AuthMethod::none);
    EXPECT_EQ(check.outcome, Outcome::auth_failed) << transcript_text(check);
    EXPECT_FALSE(check.credentials_sent);
    EXPECT_TRUE(mentions(diagnose_check(check), "refuses to relay"))
        << check.server_reply;
}

} // namespace
} // namespace maillab::testing
