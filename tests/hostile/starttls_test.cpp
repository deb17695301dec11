// STARTTLS advertised then refused, or not advertised at all: the check stops before any login.
#include "hostile_fixture.hpp"

namespace maillab::hostile {
namespace {

void expect_stopped_before_login(const CheckResult& r, const HostileServer& server) {
    EXPECT_EQ(r.outcome, Outcome::starttls_unavailable) << r.message;
    EXPECT_FALSE(r.credentials_sent);
    EXPECT_FALSE(server_saw_a_login(server));
    EXPECT_TRUE(server.mismatches().empty());
}

TEST(StartTls, SmtpStarttlsRefusedWith454IsUnavailableAndSendsNoCredentials) {
    HostileServer server(Script()
                             .send("220 hostile ESMTP\r\n")
                             .expect("EHLO")
                             .send("250-hostile\r\n250-AUTH PLAIN LOGIN\r\n250 STARTTLS\r\n")
                             .expect("STARTTLS")
                             .send("454 4.7.0 TLS not available due to temporary reason\r\n")
                             .stall());
    auto r = smtp_check(server, Security::starttls);
    expect_stopped_before_login(r, server);
    EXPECT_EQ(r.reply_code, 454);
}

TEST(StartTls, SmtpWithoutStarttlsAdvertisedIsUnavailableAndSendsNoCredentials) {
    HostileServer server(Script()
                             .send("220 hostile ESMTP\r\n")
                             .expect("EHLO")
                             .send("250-hostile\r\n250 AUTH PLAIN LOGIN\r\n")
                             .stall());
    expect_stopped_before_login(smtp_check(server, Security::starttls), server);
}

TEST(StartTls, ImapStarttlsRefusedWithNoIsUnavailableAndSendsNoCredentials) {
    HostileServer server(Script()
                             .send("* OK hostile IMAP ready\r\n")
                             .expect("a1 CAPABILITY")
                             .send("* CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN\r\n$TAG OK\r\n")
                             .expect("a2 STARTTLS")
                             .send("$TAG NO STARTTLS is broken today\r\n")
                             .stall());
    auto r = check_incoming(incoming(IncomingProtocol::imap, server, Security::starttls),
                            short_deadlines());
    expect_stopped_before_login(r, server);
}

TEST(StartTls, ImapWithoutStarttlsAdvertisedIsUnavailableAndSendsNoCredentials) {
    HostileServer server(Script()
                             .send("* OK hostile IMAP ready\r\n")
                             .expect("a1 CAPABILITY")
                             .send("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n$TAG OK\r\n")
                             .stall());
    expect_stopped_before_login(
        check_incoming(incoming(IncomingProtocol::imap, server, Security::starttls),
                       short_deadlines()),
        server);
}

TEST(StartTls, Pop3StlsRefusedWithErrIsUnavailableAndSendsNoCredentials) {
    HostileServer server(Script()
                             .send("+OK hostile POP3\r\n")
                             .expect("CAPA")
                             .send("+OK\r\nUSER\r\nSTLS\r\nSASL PLAIN\r\n.\r\n")
                             .expect("STLS")
                             .send("-ERR not now\r\n")
                             .stall());
    expect_stopped_before_login(
        check_incoming(incoming(IncomingProtocol::pop3, server, Security::starttls),
                       short_deadlines()),
        server);
}

TEST(StartTls, Pop3WithoutStlsAdvertisedIsUnavailableAndSendsNoCredentials) {
    HostileServer server(Script()
                             .send("+OK hostile POP3\r\n")
                             .expect("CAPA")
                             .send("+OK\r\nUSER\r\nSASL PLAIN\r\n.\r\n")
                             .stall());
    expect_stopped_before_login(
        check_incoming(incoming(IncomingProtocol::pop3, server, Security::starttls),
                       short_deadlines()),
        server);
}

TEST(StartTls, ImapPreauthOnAConnectionThatMustUpgradeIsRefused) {
    HostileServer server(Script().send("* PREAUTH welcome, no TLS needed\r\n").stall());
    auto r = check_incoming(incoming(IncomingProtocol::imap, server, Security::starttls),
                            short_deadlines());
    expect_stopped_before_login(r, server);
    EXPECT_FALSE(server.received_command_starting_with("a1 "));
}

} // namespace
} // namespace maillab::hostile
