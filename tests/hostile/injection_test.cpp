// Response injection: plaintext bytes sent together with the STARTTLS "go ahead", before the
// handshake, must be thrown away; only what the server says inside TLS counts.
#include "hostile_fixture.hpp"

namespace maillab::hostile {
namespace {

TEST(Injection, SmtpBytesAfterTheGoAheadAreDiscardedAndTheEhloInsideTlsDecides) {
    HostileServer server(Script()
                             .send("220 hostile ESMTP\r\n")
                             .expect("EHLO")
                             .send("250-hostile\r\n250 STARTTLS\r\n")
                             .expect("STARTTLS")
                             .send("220 2.0.0 go ahead\r\n250-injected\r\n250 AUTH PLAIN\r\n")
                             .starttls()
                             .expect("EHLO")
                             .send("250-hostile\r\n250 AUTH LOGIN\r\n")
                             .expect("AUTH LOGIN")
                             .send("334 VXNlcm5hbWU6\r\n")
                             .expect("")
                             .send("334 UGFzc3dvcmQ6\r\n")
                             .expect("")
                             .send("235 2.7.0 accepted\r\n")
                             .expect("QUIT")
                             .send("221 bye\r\n"),
                         test_pki().good);
    auto r = smtp_check(server, Security::starttls);
    EXPECT_EQ(r.outcome, Outcome::ok) << r.message;
    EXPECT_EQ(r.mechanism, "AUTH LOGIN");
    EXPECT_FALSE(server.received_command_starting_with("AUTH PLAIN"));
    EXPECT_TRUE(server.tls_established());
    EXPECT_TRUE(transcript_mentions(r, "received before the TLS handshake"));
    EXPECT_TRUE(server.mismatches().empty());
}

TEST(Injection, ImapCapabilitiesInjectedBeforeTheHandshakeAreNeverUsed) {
    HostileServer server(
        Script()
            .send("* OK hostile IMAP ready\r\n")
            .expect("a1 CAPABILITY")
            .send("* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED\r\n$TAG OK\r\n")
            .expect("a2 STARTTLS")
            .send("$TAG OK begin TLS\r\n* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR]\r\n")
            .starttls()
            .expect("a3 CAPABILITY")
            .send("* CAPABILITY IMAP4rev1\r\n$TAG OK\r\n")
            .expect("a4 LOGIN")
            .send("$TAG OK logged in\r\n")
            .expect("a5 LOGOUT")
            .send("* BYE\r\n$TAG OK\r\n"),
        test_pki().good);
    auto r = check_incoming(incoming(IncomingProtocol::imap, server, Security::starttls),
                            short_deadlines());
    EXPECT_EQ(r.outcome, Outcome::ok) << r.message;
    EXPECT_EQ(r.mechanism, "LOGIN");
    EXPECT_TRUE(server.received_command_starting_with("a3 CAPABILITY"));
    EXPECT_FALSE(server.received_command_starting_with("a4 AUTHENTICATE"));
    EXPECT_TRUE(transcript_mentions(r, "received before the TLS handshake"));
    EXPECT_TRUE(server.mismatches().empty());
}

TEST(Injection, Pop3CapabilitiesInjectedBeforeTheHandshakeAreNeverUsed) {
    HostileServer server(Script()
                             .send("+OK hostile POP3\r\n")
                             .expect("CAPA")
                             .send("+OK\r\nSTLS\r\n.\r\n")
                             .expect("STLS")
                             .send("+OK begin TLS\r\n+OK\r\nSASL PLAIN\r\n.\r\n")
                             .starttls()
                             .expect("CAPA")
                             .send("+OK\r\nUSER\r\n.\r\n")
                             .expect("USER")
                             .send("+OK\r\n")
                             .expect("PASS")
                             .send("+OK logged in\r\n")
                             .expect("QUIT")
                             .send("+OK bye\r\n"),
                         test_pki().good);
    auto r = check_incoming(incoming(IncomingProtocol::pop3, server, Security::starttls),
                            short_deadlines());
    EXPECT_EQ(r.outcome, Outcome::ok) << r.message;
    EXPECT_FALSE(server.received_command_starting_with("AUTH"));
    EXPECT_TRUE(transcript_mentions(r, "received before the TLS handshake"));
    EXPECT_TRUE(server.mismatches().empty());
}

} // namespace
} // namespace maillab::hostile
