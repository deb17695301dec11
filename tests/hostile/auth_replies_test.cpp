// How a refused login is reported: each SMTP reply code and IMAP response code gives the user
// a verdict they can tell apart, and an IMAP [ALERT] reaches the user word for word.
#include "hostile_fixture.hpp"

#include <set>

namespace maillab::hostile {
namespace {

CheckResult smtp_auth_refused_with(const std::string& reply) {
    HostileServer server(Script()
                             .starttls()
                             .send("220 hostile ESMTP\r\n")
                             .expect("EHLO")
                             .send("250-hostile\r\n250 AUTH PLAIN\r\n")
                             .expect("AUTH PLAIN")
                             .send(reply + "\r\n")
                             .expect("QUIT")
                             .send("221 bye\r\n"),
                         test_pki().good);
    auto r = smtp_check(server, Security::tls);
    EXPECT_TRUE(server.mismatches().empty());
    return r;
}

CheckResult imap_login_refused_with(const std::string& tagged_text) {
    HostileServer server(Script()
                             .starttls()
                             .send("* OK hostile IMAP ready\r\n")
                             .expect("a1 CAPABILITY")
                             .send("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n$TAG OK\r\n")
                             .expect("a2 AUTHENTICATE PLAIN")
                             .send("+ \r\n")
                             .expect("")
                             .send("a2 " + tagged_text + "\r\n")
                             .expect("a3 LOGOUT")
                             .send("* BYE\r\na3 OK\r\n"),
                         test_pki().good);
    auto r =
        check_incoming(incoming(IncomingProtocol::imap, server, Security::tls), short_deadlines());
    EXPECT_TRUE(server.mismatches().empty());
    return r;
}

// The phone's words, without the engine's detail in parentheses at the end.
std::string phone_words(const CheckResult& r) {
    const auto detail = r.message.rfind(" (");
    return detail == std::string::npos ? r.message : r.message.substr(0, detail);
}

// Two refusals the user must be able to tell apart: another outcome, or other phone words.
void expect_distinguishable(const std::vector<CheckResult>& results) {
    std::set<std::pair<Outcome, std::string>> seen;
    for (const auto& r : results)
        EXPECT_TRUE(seen.insert({r.outcome, phone_words(r)}).second)
            << to_string(r.outcome) << ": " << r.message;
}

TEST(AuthReplies, SmtpRefusalsByCodeGiveDistinctVerdicts) {
    const auto bad_password =
        smtp_auth_refused_with("535 5.7.8 Authentication credentials invalid");
    const auto too_weak = smtp_auth_refused_with("534 5.7.9 Authentication mechanism is too weak");
    const auto needs_encryption =
        smtp_auth_refused_with("538 5.7.11 Encryption required for requested authentication "
                               "mechanism");
    const auto temporary = smtp_auth_refused_with("454 4.7.0 Temporary authentication failure");
    const auto starttls_first = smtp_auth_refused_with("530 5.7.0 Must issue a STARTTLS command "
                                                       "first");
    EXPECT_EQ(bad_password.outcome, Outcome::auth_failed);
    EXPECT_EQ(too_weak.outcome, Outcome::auth_mechanism_unsupported);
    EXPECT_EQ(needs_encryption.outcome, Outcome::plaintext_refused);
    EXPECT_EQ(temporary.outcome, Outcome::protocol_error);
    EXPECT_EQ(starttls_first.outcome, Outcome::plaintext_refused);
    EXPECT_EQ(bad_password.reply_code, 535);
    EXPECT_EQ(temporary.reply_code, 454);
    EXPECT_NE(temporary.message.find("try again later"), std::string::npos) << temporary.message;
    expect_distinguishable({bad_password, too_weak, needs_encryption, temporary, starttls_first});
}

TEST(AuthReplies, ImapRefusalsByResponseCodeGiveDistinctVerdicts) {
    const auto bad_password =
        imap_login_refused_with("NO [AUTHENTICATIONFAILED] Invalid credentials");
    const auto unavailable = imap_login_refused_with("NO [UNAVAILABLE] Directory is down");
    const auto privacy = imap_login_refused_with("NO [PRIVACYREQUIRED] Use TLS");
    EXPECT_EQ(bad_password.outcome, Outcome::auth_failed);
    EXPECT_EQ(unavailable.outcome, Outcome::protocol_error);
    EXPECT_EQ(privacy.outcome, Outcome::plaintext_refused);
    EXPECT_EQ(unavailable.enhanced_status, "UNAVAILABLE");
    EXPECT_NE(unavailable.message.find("try again later"), std::string::npos)
        << unavailable.message;
    expect_distinguishable({bad_password, unavailable, privacy});
}

TEST(AuthReplies, ImapAlertTextReachesTheResultAndThePhoneMessage) {
    const std::string alert = "Your account is locked; call the help desk at 555-0100";
    const auto r = imap_login_refused_with("NO [ALERT] " + alert);
    EXPECT_EQ(r.outcome, Outcome::auth_failed);
    ASSERT_EQ(r.alerts.size(), 1u);
    EXPECT_EQ(r.alerts.front(), alert);
    EXPECT_NE(phone_words(r).find(alert), std::string::npos) << r.message;
    EXPECT_TRUE(r.credentials_sent); // the password went out; the server refused it
}

TEST(AuthReplies, SmtpRefusalNeverShowsThePasswordInTheTranscript) {
    const auto r = smtp_auth_refused_with("535 5.7.8 Authentication credentials invalid");
    for (const auto& step : r.steps)
        EXPECT_EQ(step.text.find(test_password), std::string::npos) << step.stage;
    EXPECT_EQ(r.message.find(test_password), std::string::npos);
}

} // namespace
} // namespace maillab::hostile
