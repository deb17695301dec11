// The Add Mail Account state machine, driven with scripted discovery and verification results.
#include "maillab/setup/setup_flow.hpp"

#include <gtest/gtest.h>

namespace {

using namespace maillab;
using namespace maillab::setup;

const NewAccountForm alice{"Alice", "alice@example.com", "s3cret-pass", "Work"};

autoconfig::DiscoveryResult found(bool trusted) {
    autoconfig::Candidate c;
    c.source = trusted ? autoconfig::SourceKind::isp_https : autoconfig::SourceKind::guess;
    c.origin = "https://autoconfig.example.com/mail/config-v1.1.xml";
    c.trusted = trusted;
    autoconfig::ServerEntry in{"imap", "imap.example.com", 993, autoconfig::SocketType::ssl,
                               {"password-cleartext"}, "alice@example.com", {}, {}, {}, {}};
    autoconfig::ServerEntry out{"smtp", "smtp.example.com", 587, autoconfig::SocketType::starttls,
                                {"password-cleartext"}, "alice@example.com", {}, {}, {}, {}};
    c.config.incoming.push_back(in);
    c.config.outgoing.push_back(out);
    c.password_recipients = {"imap.example.com", "smtp.example.com"};
    autoconfig::DiscoveryResult r;
    r.candidates.push_back(c);
    r.best = 0;
    return r;
}

CheckResult check(ServerRole role, Outcome outcome, const std::string& host,
                  bool credentials_sent = true) {
    CheckResult c;
    c.role = role;
    c.host = host;
    c.outcome = outcome;
    c.credentials_sent = credentials_sent;
    c.message = std::string(to_string(outcome));
    return c;
}

VerifyReport report(Outcome incoming, Outcome outgoing, bool outgoing_credentials = true) {
    return {check(ServerRole::incoming_imap, incoming, "imap.example.com"),
            check(ServerRole::smtp, outgoing, "smtp.example.com", outgoing_credentials),
            {}};
}

const NeedVerification& verification(const SetupFlow& flow) {
    return std::get<NeedVerification>(flow.pending_task());
}

TEST(SetupFlow, AnInvalidAddressStaysOnTheFirstSheetWithAnErrorNamingTheField) {
    SetupFlow flow;
    flow.submit_new_account({"A", "alice@", "pw", ""});
    EXPECT_EQ(flow.screen(), Screen::new_account);
    EXPECT_EQ(flow.form_error().rfind("Email: ", 0), 0u) << flow.form_error();
    EXPECT_TRUE(std::holds_alternative<std::monostate>(flow.pending_task()));
}

TEST(SetupFlow, TrustedSettingsAreVerifiedThenSaved) {
    SetupFlow flow;
    flow.submit_new_account(alice);
    ASSERT_TRUE(std::holds_alternative<NeedDiscovery>(flow.pending_task()));
    flow.discovery_finished(found(true));
    ASSERT_EQ(flow.screen(), Screen::verifying);
    const auto& account = verification(flow).account;
    EXPECT_EQ(account.incoming.server.host, "imap.example.com");
    EXPECT_EQ(account.incoming.server.password, "s3cret-pass");
    EXPECT_EQ(account.primary_smtp.server.password, "s3cret-pass");
    EXPECT_EQ(account.description, "Work");
    flow.verification_finished(report(Outcome::ok, Outcome::ok));
    EXPECT_EQ(flow.screen(), Screen::saved);
    ASSERT_TRUE(flow.saved());
    for (const auto& line : flow.history())
        EXPECT_EQ(line.find("s3cret-pass"), std::string::npos) << line;
}

TEST(SetupFlow, UntrustedSettingsNeedTheUsersConsentNamingWhoGetsThePassword) {
    SetupFlow flow;
    flow.submit_new_account(alice);
    flow.discovery_finished(found(false));
    ASSERT_EQ(flow.screen(), Screen::alert);
    EXPECT_EQ(flow.alert()->kind, AlertKind::untrusted_settings);
    EXPECT_NE(flow.alert()->message.find("imap.example.com, smtp.example.com"), std::string::npos);
    flow.press("Use");
    EXPECT_EQ(flow.screen(), Screen::verifying);

    SetupFlow declined;
    declined.submit_new_account(alice);
    declined.discovery_finished(found(false));
    declined.press("Cancel");
    EXPECT_EQ(declined.screen(), Screen::manual_servers);
}

TEST(SetupFlow, NothingFoundOpensTheServerSheetAndOptionalOutgoingFieldsMeanNoAuthentication) {
    SetupFlow flow;
    flow.submit_new_account(alice);
    flow.discovery_finished({});
    ASSERT_EQ(flow.screen(), Screen::manual_servers);
    EXPECT_EQ(flow.manual_form().incoming_username, "alice@example.com");

    ManualForm form = flow.manual_form();
    flow.submit_manual(form);
    EXPECT_EQ(flow.form_error(), "Incoming Host Name: required");

    form.incoming_host = "mail.example.com";
    form.outgoing_host = "mail.example.com";
    flow.submit_manual(form);
    ASSERT_EQ(flow.screen(), Screen::verifying) << flow.form_error();
    const auto& account = verification(flow).account;
    EXPECT_EQ(account.incoming.server.security, Security::tls);
    EXPECT_EQ(account.incoming.server.port, 993);
    EXPECT_EQ(account.primary_smtp.server.auth, AuthMethod::none);

    flow.verification_finished(report(Outcome::ok, Outcome::auth_failed, false));
    ASSERT_EQ(flow.screen(), Screen::alert);
    EXPECT_EQ(flow.alert()->kind, AlertKind::cannot_send);
    EXPECT_NE(flow.alert()->message.find("relaying"), std::string::npos);
    flow.press("OK");
    EXPECT_EQ(flow.screen(), Screen::manual_servers);
}

TEST(SetupFlow, AnUntrustedCertificateIsTrustedOnlyThroughDetailsAndPinnedToItsFingerprint) {
    SetupFlow flow;
    flow.submit_new_account(alice);
    flow.discovery_finished(found(true));
    auto r = report(Outcome::certificate_untrusted, Outcome::ok);
    r.incoming.credentials_sent = false;
    r.incoming.certificate = CertificateDetails{};
    r.incoming.certificate->sha256_fingerprint = "AA:BB";
    r.incoming.certificate->subject = "CN=imap.example.com";
    flow.verification_finished(r);
    ASSERT_EQ(flow.alert()->kind, AlertKind::cannot_verify_server_identity);
    EXPECT_EQ(flow.alert()->buttons, (std::vector<std::string>{"Cancel", "Details", "Continue"}));
    flow.press("Details");
    ASSERT_EQ(flow.alert()->kind, AlertKind::certificate_details);
    EXPECT_NE(flow.alert()->message.find("AA:BB"), std::string::npos);
    flow.press("Trust");
    ASSERT_EQ(flow.screen(), Screen::verifying);
    ASSERT_EQ(verification(flow).trust_exceptions.size(), 1u);
    EXPECT_EQ(verification(flow).trust_exceptions[0].host, "imap.example.com");
    EXPECT_EQ(verification(flow).trust_exceptions[0].sha256_fingerprint, "AA:BB");
}

TEST(SetupFlow, CannotConnectUsingSslOffersToTryWithoutSslOnTheMatchingPort) {
    SetupFlow flow;
    flow.submit_new_account(alice);
    flow.discovery_finished(found(true));
    flow.verification_finished(report(Outcome::tls_failed, Outcome::ok));
    ASSERT_EQ(flow.alert()->kind, AlertKind::cannot_connect_using_ssl);
    EXPECT_EQ(flow.alert()->message, "Do you want to try setting up the account without SSL?");
    flow.press("Yes");
    const auto& server = verification(flow).account.incoming.server;
    EXPECT_EQ(server.security, Security::none);
    EXPECT_EQ(server.port, 143);
}

TEST(SetupFlow, TheLocalPartIsTriedOnceAndNoServerSeesMoreThanTwoFailedLogins) {
    SetupFlow flow;
    flow.submit_new_account(alice);
    flow.discovery_finished(found(true));
    flow.verification_finished(report(Outcome::auth_failed, Outcome::ok));
    ASSERT_EQ(flow.screen(), Screen::verifying);
    EXPECT_EQ(verification(flow).account.incoming.server.username, "alice");
    flow.verification_finished(report(Outcome::auth_failed, Outcome::ok));
    ASSERT_EQ(flow.screen(), Screen::alert);
    EXPECT_EQ(flow.alert()->kind, AlertKind::wrong_password);
    EXPECT_EQ(flow.alert()->title, "Cannot Get Mail");
    EXPECT_EQ(flow.alert()->message,
              "The user name or password for \u201cimap.example.com\u201d is incorrect.");
    EXPECT_TRUE(std::holds_alternative<std::monostate>(flow.pending_task()))
        << "a third login would risk locking the account";
}

TEST(SetupFlow, CancelEndsTheFlow) {
    SetupFlow flow;
    flow.submit_new_account(alice);
    flow.cancel();
    EXPECT_EQ(flow.screen(), Screen::cancelled);
    EXPECT_TRUE(std::holds_alternative<std::monostate>(flow.pending_task()));
}

} // namespace
