// Servers that never answer, answer one byte a second, send a line without end or a reply
// without end, or reset the connection during the login: each check ends with the right outcome
// within its deadline and without reading more than the engine's caps.
#include "hostile_fixture.hpp"

namespace maillab::hostile {
namespace {

// The check's own deadline (NetOptions::timeout) plus the margin.
constexpr auto whole_check = 3s + deadline_margin;

TEST(Limits, SmtpServerWithoutGreetingTimesOutWithinTheStepDeadline) {
    HostileServer server(Script().stall());
    Stopwatch watch;
    auto r = smtp_check(server, Security::starttls);
    EXPECT_EQ(r.outcome, Outcome::timeout) << r.message;
    EXPECT_EQ(r.failed_stage, "greeting");
    EXPECT_LT(watch.elapsed(), 2s + deadline_margin);
    EXPECT_FALSE(r.credentials_sent);
}

TEST(Limits, ImapServerWithoutGreetingTimesOutWithinTheStepDeadline) {
    HostileServer server(Script().stall());
    Stopwatch watch;
    auto r = check_incoming(incoming(IncomingProtocol::imap, server, Security::starttls),
                            short_deadlines());
    EXPECT_EQ(r.outcome, Outcome::timeout) << r.message;
    EXPECT_LT(watch.elapsed(), 2s + deadline_margin);
}

TEST(Limits, ImplicitTlsServerThatNeverHandshakesTimesOutWithinTheStepDeadline) {
    HostileServer server(Script().stall());
    Stopwatch watch;
    auto r =
        check_incoming(incoming(IncomingProtocol::pop3, server, Security::tls), short_deadlines());
    EXPECT_EQ(r.outcome, Outcome::timeout) << r.message;
    EXPECT_EQ(r.failed_stage, "tls-handshake");
    EXPECT_LT(watch.elapsed(), 2s + deadline_margin);
}

TEST(Limits, SlowlorisGreetingOneBytePerSecondTimesOutAtTheDeadlineNotPerByte) {
    HostileServer server(Script().trickle("220 hostile ESMTP, very slowly indeed\r\n", 1s));
    Stopwatch watch;
    auto r = smtp_check(server, Security::starttls);
    EXPECT_EQ(r.outcome, Outcome::timeout) << r.message;
    EXPECT_LT(watch.elapsed(), 2s + deadline_margin);
}

TEST(Limits, SlowlorisCapabilityReplyTimesOutWithinTheDeadline) {
    HostileServer server(Script()
                             .send("* OK hostile IMAP ready\r\n")
                             .expect("a1 CAPABILITY")
                             .trickle("* CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN\r\n", 1s));
    Stopwatch watch;
    auto r = check_incoming(incoming(IncomingProtocol::imap, server, Security::starttls),
                            short_deadlines());
    EXPECT_EQ(r.outcome, Outcome::timeout) << r.message;
    EXPECT_LT(watch.elapsed(), whole_check);
}

TEST(Limits, TenMegabyteGreetingLineIsRefusedAtTheLineCapQuickly) {
    HostileServer server(Script().send("* OK ").flood_line(10 << 20));
    Stopwatch watch;
    auto r = check_incoming(incoming(IncomingProtocol::imap, server, Security::starttls),
                            short_deadlines());
    EXPECT_EQ(r.outcome, Outcome::protocol_error) << r.message;
    EXPECT_NE(r.message.find("64 KiB"), std::string::npos) << r.message;
    EXPECT_LT(watch.elapsed(), 2s); // stopped at the cap, not at a deadline
}

TEST(Limits, TenMegabyteSmtpReplyLineIsRefusedAtTheLineCapQuickly) {
    HostileServer server(
        Script().send("220 hostile ESMTP\r\n").expect("EHLO").send("250-").flood_line(10 << 20));
    Stopwatch watch;
    auto r = smtp_check(server, Security::starttls);
    EXPECT_EQ(r.outcome, Outcome::protocol_error) << r.message;
    EXPECT_NE(r.message.find("64 KiB"), std::string::npos) << r.message;
    EXPECT_LT(watch.elapsed(), 2s);
}

TEST(Limits, EndlessSmtpMultilineReplyEndsWithProtocolError) {
    HostileServer server(Script()
                             .send("220 hostile ESMTP\r\n")
                             .expect("EHLO")
                             .endless("250-PIPELINING and more and more\r\n"));
    Stopwatch watch;
    auto r = smtp_check(server, Security::starttls);
    EXPECT_EQ(r.outcome, Outcome::protocol_error) << r.message;
    EXPECT_LT(watch.elapsed(), whole_check);
    EXPECT_FALSE(r.credentials_sent);
}

TEST(Limits, EndlessImapUntaggedRepliesEndWithProtocolError) {
    HostileServer server(Script()
                             .send("* OK hostile IMAP ready\r\n")
                             .expect("a1 CAPABILITY")
                             .endless("* OK still thinking about it\r\n"));
    Stopwatch watch;
    auto r = check_incoming(incoming(IncomingProtocol::imap, server, Security::starttls),
                            short_deadlines());
    EXPECT_EQ(r.outcome, Outcome::protocol_error) << r.message;
    EXPECT_LT(watch.elapsed(), whole_check);
}

TEST(Limits, EndlessPop3CapabilityListEndsWithProtocolErrorBeforeAnyLogin) {
    HostileServer server(Script()
                             .send("+OK hostile POP3\r\n")
                             .expect("CAPA")
                             .send("+OK\r\n")
                             .endless("X-HOSTILE-CAPABILITY\r\n"));
    Stopwatch watch;
    auto r = check_incoming(incoming(IncomingProtocol::pop3, server, Security::starttls),
                            short_deadlines());
    EXPECT_EQ(r.outcome, Outcome::protocol_error) << r.message;
    EXPECT_LT(watch.elapsed(), whole_check);
    EXPECT_FALSE(r.credentials_sent);
    EXPECT_FALSE(server_saw_a_login(server));
}

TEST(Limits, SmtpConnectionResetDuringAuthEndsWithProtocolErrorAtOnce) {
    HostileServer server(Script()
                             .starttls()
                             .send("220 hostile ESMTP\r\n")
                             .expect("EHLO")
                             .send("250-hostile\r\n250 AUTH PLAIN\r\n")
                             .expect("AUTH PLAIN")
                             .reset(),
                         test_pki().good);
    Stopwatch watch;
    auto r = smtp_check(server, Security::tls);
    EXPECT_EQ(r.outcome, Outcome::protocol_error) << r.message;
    EXPECT_EQ(r.failed_stage, "auth");
    EXPECT_LT(watch.elapsed(), 2s);
}

TEST(Limits, ImapConnectionResetDuringLoginEndsWithProtocolErrorAtOnce) {
    HostileServer server(Script()
                             .send("* OK hostile IMAP ready\r\n")
                             .expect("a1 CAPABILITY")
                             .send("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n$TAG OK\r\n")
                             .expect("a2 AUTHENTICATE")
                             .reset());
    Stopwatch watch;
    auto r =
        check_incoming(incoming(IncomingProtocol::imap, server, Security::none), short_deadlines());
    EXPECT_EQ(r.outcome, Outcome::protocol_error) << r.message;
    EXPECT_EQ(r.failed_stage, "auth");
    EXPECT_LT(watch.elapsed(), 2s);
}

} // namespace
} // namespace maillab::hostile
