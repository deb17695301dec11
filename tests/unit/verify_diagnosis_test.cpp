#include "maillab/verify/diagnosis.hpp"
#include "verify/session.hpp"

#include <gtest/gtest.h>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace maillab;

constexpr std::string_view kIncomingPassword = "Inc0ming-S3cret!zebra";
constexpr std::string_view kOutgoingPassword = "0utgoing-S3cret!walrus";

Account make_account(bool same_passwords) {
    Account a;
    a.name = "Alice";
    a.email = "alice@example.com";
    a.incoming.protocol = IncomingProtocol::imap;
    a.incoming.server = {"imap.example.com",  993,
                         Security::tls,       AuthMethod::password,
                         "alice@example.com", std::string(kIncomingPassword)};
    a.primary_smtp.server = {
        "smtp.example.com",  587,
        Security::starttls,  AuthMethod::password,
        "alice@example.com", std::string(same_passwords ? kIncomingPassword : kOutgoingPassword)};
    return a;
}

CheckResult incoming(Outcome outcome) {
    CheckResult c;
    c.role = ServerRole::incoming_imap;
    c.host = "imap.example.com";
    c.port = 993;
    c.security = Security::tls;
    c.outcome = outcome;
    c.mechanism = "AUTHENTICATE PLAIN";
    c.credentials_sent = outcome == Outcome::ok || outcome == Outcome::auth_failed;
    return c;
}

CheckResult outgoing(Outcome outcome) {
    CheckResult c;
    c.role = ServerRole::smtp;
    c.host = "smtp.example.com";
    c.port = 587;
    c.security = Security::starttls;
    c.outcome = outcome;
    c.mechanism = "AUTH PLAIN";
    c.credentials_sent = outcome == Outcome::ok || outcome == Outcome::auth_failed;
    return c;
}

CheckResult smtp_rejects_password() {
    auto c = outgoing(Outcome::auth_failed);
    c.reply_code = 535;
    c.enhanced_status = "5.7.8";
    c.server_reply = "535 5.7.8 Error: authentication failed: authentication failure";
    c.message = "The user name or password for \u201csmtp.example.com\u201d is incorrect.";
    return c;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines)
        out += l + "\n";
    return out;
}

bool any_contains(const std::vector<std::string>& lines, std::string_view needle) {
    for (const auto& l : lines)
        if (l.find(needle) != std::string::npos)
            return true;
    return false;
}

void expect_no_password(const std::vector<std::string>& lines) {
    for (const auto& l : lines) {
        EXPECT_EQ(l.find(kIncomingPassword), std::string::npos) << l;
        EXPECT_EQ(l.find(kOutgoingPassword), std::string::npos) << l;
    }
}

TEST(Diagnosis, IncomingOkAndOutgoingRejectedSaysTheSmtpPasswordWasNotUpdated) {
    auto account = make_account(false);
    ASSERT_TRUE(account.stored_passwords_differ());
    auto lines = diagnose(account, incoming(Outcome::ok), smtp_rejects_password());
    ASSERT_FALSE(lines.empty());
    const auto& first = lines.front();
    EXPECT_NE(first.find("outgoing (SMTP) password was probably not updated"), std::string::npos)
        << first;
    EXPECT_NE(first.find("\u201csmtp.example.com\u201d"), std::string::npos) << first;
    EXPECT_NE(first.find("(535)"), std::string::npos) << first;
    EXPECT_NE(first.find("SMTP > Primary Server > Password"), std::string::npos) << first;
    EXPECT_NE(first.find("The two stored passwords differ."), std::string::npos) << first;
    EXPECT_FALSE(any_contains(lines, "Both servers"));
    expect_no_password(lines);
}

TEST(Diagnosis, IncomingOkAndOutgoingRejectedWithTheSamePasswordsPointsAtTheUserName) {
    auto account = make_account(true);
    ASSERT_FALSE(account.stored_passwords_differ());
    auto lines = diagnose(account, incoming(Outcome::ok), smtp_rejects_password());
    ASSERT_FALSE(lines.empty());
    EXPECT_NE(lines.front().find("outgoing (SMTP) password was probably not updated"),
              std::string::npos);
    EXPECT_NE(lines.front().find("The two stored passwords are the same"), std::string::npos)
        << lines.front();
    EXPECT_NE(lines.front().find("User Name"), std::string::npos) << lines.front();
    EXPECT_FALSE(any_contains(lines, "The two stored passwords differ."));
    expect_no_password(lines);
}

TEST(Diagnosis, RejectionWithoutAReplyCodeOmitsTheCode) {
    auto out = smtp_rejects_password();
    out.reply_code = 0;
    auto lines = diagnose(make_account(false), incoming(Outcome::ok), out);
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines.front().find("(0)"), std::string::npos) << lines.front();
    EXPECT_NE(lines.front().find("rejects it:"), std::string::npos) << lines.front();
}

TEST(Diagnosis, BothServersRejectingThePasswordSaysItIsWrongForBoth) {
    auto lines =
        diagnose(make_account(false), incoming(Outcome::auth_failed), smtp_rejects_password());
    EXPECT_TRUE(any_contains(lines, "Both servers reject the password")) << joined(lines);
    EXPECT_FALSE(any_contains(lines, "probably not updated")) << joined(lines);
    expect_no_password(lines);
}

TEST(Diagnosis, IncomingRejectedWhileOutgoingAcceptsSaysUpdateTheIncomingPassword) {
    auto lines =
        diagnose(make_account(false), incoming(Outcome::auth_failed), outgoing(Outcome::ok));
    ASSERT_FALSE(lines.empty());
    EXPECT_NE(lines.front().find("the incoming server \u201cimap.example.com\u201d rejects"),
              std::string::npos)
        << lines.front();
    EXPECT_NE(lines.front().find("update the incoming password"), std::string::npos);
    expect_no_password(lines);
}

TEST(Diagnosis, SmtpAuthDisabledByTheProviderIsNamedAndNotBlamedOnThePhone) {
    auto out = outgoing(Outcome::auth_failed);
    out.reply_code = 535;
    out.enhanced_status = "5.7.139";
    out.server_reply = "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is "
                       "disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for "
                       "more information.";
    auto lines = diagnose(make_account(false), incoming(Outcome::ok), out);
    EXPECT_TRUE(any_contains(lines, "disabled authenticated SMTP (SMTP AUTH)")) << joined(lines);
    EXPECT_TRUE(any_contains(lines, "provider")) << joined(lines);
    EXPECT_FALSE(any_contains(lines, "probably not updated")) << joined(lines);
    EXPECT_FALSE(any_contains(lines, "The two stored passwords")) << joined(lines);
    expect_no_password(lines);
}

TEST(Diagnosis, SmtpAuthDisabledIsRecognisedByTheEnhancedCodeAlone) {
    auto out = outgoing(Outcome::auth_failed);
    out.reply_code = 535;
    out.server_reply = "535 5.7.139 Authentication unsuccessful";
    auto lines = diagnose(make_account(false), incoming(Outcome::ok), out);
    EXPECT_TRUE(any_contains(lines, "SMTP AUTH")) << joined(lines);
    EXPECT_FALSE(any_contains(lines, "probably not updated")) << joined(lines);
}

TEST(Diagnosis, OutgoingRefusedWithoutCredentialsSaysTheServerRefusesToRelay) {
    auto out = outgoing(Outcome::auth_failed);
    out.credentials_sent = false;
    out.reply_code = 554;
    out.enhanced_status = "5.7.1";
    out.server_reply = "554 5.7.1 <bob@example.net>: Relay access denied";
    auto lines = diagnose(make_account(false), incoming(Outcome::ok), out);
    EXPECT_TRUE(any_contains(lines, "refuses to relay")) << joined(lines);
    EXPECT_TRUE(any_contains(lines, "OUTGOING MAIL SERVER")) << joined(lines);
    EXPECT_FALSE(any_contains(lines, "probably not updated")) << joined(lines);
    expect_no_password(lines);
}

TEST(Diagnosis, UseSslOnAStarttlsPortAdvisesStarttls) {
    auto out = outgoing(Outcome::tls_failed);
    out.security = Security::tls;
    out.port = 587;
    out.message = "Cannot Connect Using SSL.";
    auto lines = diagnose_check(out);
    ASSERT_EQ(lines.size(), 1u) << joined(lines);
    EXPECT_NE(lines[0].find("Use SSL is on for port 587"), std::string::npos) << lines[0];
    EXPECT_NE(lines[0].find("STARTTLS"), std::string::npos) << lines[0];
    EXPECT_NE(lines[0].find("port 465"), std::string::npos) << lines[0];
}

TEST(Diagnosis, UseSslOnImapPort143SuggestsPort993) {
    auto in = incoming(Outcome::tls_failed);
    in.port = 143;
    auto lines = diagnose_check(in);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("port 993"), std::string::npos) << lines[0];
}

TEST(Diagnosis, TlsFailureOnAnImplicitTlsPortIsAGenericTlsProblem) {
    auto in = incoming(Outcome::tls_failed);
    in.message = "handshake failure";
    auto lines = diagnose_check(in);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("The TLS connection to \u201cimap.example.com\u201d failed"),
              std::string::npos)
        << lines[0];
    EXPECT_NE(lines[0].find("handshake failure"), std::string::npos);
}

TEST(Diagnosis, TimeoutWithStarttlsOnPort993SaysTheServerExpectsTlsFirst) {
    auto in = incoming(Outcome::timeout);
    in.security = Security::starttls;
    in.port = 993;
    auto lines = diagnose_check(in);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("Port 993 expects TLS from the first byte"), std::string::npos)
        << lines[0];
    EXPECT_NE(lines[0].find("Turn Use SSL on"), std::string::npos);
}

TEST(Diagnosis, PlainTimeoutSaysTheServerDidNotAnswer) {
    auto out = outgoing(Outcome::timeout);
    auto lines = diagnose_check(out);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("The outgoing server \u201csmtp.example.com\u201d did not answer in "
                            "time (port 587)"),
              std::string::npos)
        << lines[0];
}

TEST(Diagnosis, CertificateNameMismatchListsTheCertificateNames) {
    auto in = incoming(Outcome::certificate_name_mismatch);
    in.certificate = CertificateDetails{};
    in.certificate->subject_alt_names = {"*.hosting.example.net", "hosting.example.net"};
    in.certificate->name_mismatch = true;
    auto lines = diagnose_check(in);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("(*.hosting.example.net, hosting.example.net)"), std::string::npos)
        << lines[0];
    EXPECT_NE(lines[0].find("\u201cimap.example.com\u201d"), std::string::npos);
}

TEST(Diagnosis, CertificateNameMismatchWithoutNamesSaysNoneListed) {
    auto lines = diagnose_check(incoming(Outcome::certificate_name_mismatch));
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("none listed"), std::string::npos) << lines[0];
}

TEST(Diagnosis, ExpiredCertificateGivesTheExpiryDate) {
    auto in = incoming(Outcome::certificate_untrusted);
    in.certificate = CertificateDetails{};
    in.certificate->expired = true;
    in.certificate->not_after = "2023-01-31T23:59:59Z";
    auto lines = diagnose_check(in);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("expired on 2023-01-31T23:59:59Z"), std::string::npos) << lines[0];
}

TEST(Diagnosis, NotYetValidCertificatePointsAtTheClock) {
    auto in = incoming(Outcome::certificate_untrusted);
    in.certificate = CertificateDetails{};
    in.certificate->not_yet_valid = true;
    in.certificate->not_before = "2031-05-01T00:00:00Z";
    auto lines = diagnose_check(in);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("not valid before 2031-05-01T00:00:00Z"), std::string::npos);
    EXPECT_NE(lines[0].find("clock"), std::string::npos);
}

TEST(Diagnosis, SelfSignedCertificateShowsItsFingerprint) {
    auto in = incoming(Outcome::certificate_untrusted);
    in.certificate = CertificateDetails{};
    in.certificate->self_signed = true;
    in.certificate->sha256_fingerprint = "AB:CD:EF:01:23";
    auto lines = diagnose_check(in);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("self-signed"), std::string::npos) << lines[0];
    EXPECT_NE(lines[0].find("AB:CD:EF:01:23"), std::string::npos) << lines[0];
}

TEST(Diagnosis, UnknownIssuerIsNamed) {
    auto in = incoming(Outcome::certificate_untrusted);
    in.certificate = CertificateDetails{};
    in.certificate->issuer = "CN=Corp Internal CA";
    auto lines = diagnose_check(in);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("unknown issuer (CN=Corp Internal CA)"), std::string::npos) << lines[0];
}

TEST(Diagnosis, PlaintextRefusedSaysTurnUseSslOn) {
    auto in = incoming(Outcome::plaintext_refused);
    in.security = Security::none;
    in.port = 143;
    auto lines = diagnose_check(in);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("refuses passwords without encryption"), std::string::npos) << lines[0];
    EXPECT_NE(lines[0].find("turn Use SSL on"), std::string::npos);
}

TEST(Diagnosis, DnsFailureNamesTheHost) {
    auto in = incoming(Outcome::dns_failed);
    in.host = "imap.exmaple.com";
    auto lines = diagnose_check(in);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("\u201cimap.exmaple.com\u201d cannot be found in DNS"),
              std::string::npos)
        << lines[0];
}

TEST(Diagnosis, ConnectFailureNamesHostAndPort) {
    auto out = outgoing(Outcome::connect_failed);
    out.port = 25;
    auto lines = diagnose_check(out);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("Nothing accepts connections on \u201csmtp.example.com\u201d port 25"),
              std::string::npos)
        << lines[0];
}

TEST(Diagnosis, StarttlsUnavailableSuggestsImplicitTls) {
    auto out = outgoing(Outcome::starttls_unavailable);
    auto lines = diagnose_check(out);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("does not offer STARTTLS on port 587"), std::string::npos) << lines[0];
    EXPECT_NE(lines[0].find("port 465"), std::string::npos);
}

TEST(Diagnosis, ImapAlertsAreShownWithTheServerName) {
    auto in = incoming(Outcome::ok);
    in.alerts = {"Your mailbox is over quota", "Maintenance tonight"};
    auto lines = diagnose(make_account(false), in, outgoing(Outcome::ok));
    EXPECT_TRUE(any_contains(
        lines, "The incoming server \u201cimap.example.com\u201d says: Your mailbox is over quota"))
        << joined(lines);
    EXPECT_TRUE(any_contains(lines, "says: Maintenance tonight")) << joined(lines);
}

TEST(Diagnosis, WarningsArePrefixed) {
    auto out = outgoing(Outcome::ok);
    out.security = Security::none;
    out.warnings = {"the password was sent to smtp.example.com without encryption"};
    auto lines = diagnose(make_account(false), incoming(Outcome::ok), out);
    EXPECT_TRUE(any_contains(
        lines, "Warning: the password was sent to smtp.example.com without encryption."))
        << joined(lines);
    expect_no_password(lines);
}

TEST(Diagnosis, EverythingOkSaysBothServersAccept) {
    auto lines = diagnose(make_account(false), incoming(Outcome::ok), outgoing(Outcome::ok));
    EXPECT_EQ(lines, (std::vector<std::string>{"Both servers accept the account's settings."}));
}

TEST(Diagnosis, OneCheckAloneThatIsOkSaysNothing) {
    EXPECT_TRUE(diagnose_check(incoming(Outcome::ok)).empty());
    EXPECT_TRUE(diagnose_check(outgoing(Outcome::ok)).empty());
}

TEST(Diagnosis, NoDiagnosisEverContainsAPassword) {
    const Outcome all[] = {Outcome::ok,
                           Outcome::dns_failed,
                           Outcome::connect_failed,
                           Outcome::timeout,
                           Outcome::tls_failed,
                           Outcome::certificate_untrusted,
                           Outcome::certificate_name_mismatch,
                           Outcome::starttls_unavailable,
                           Outcome::auth_failed,
                           Outcome::auth_mechanism_unsupported,
                           Outcome::plaintext_refused,
                           Outcome::protocol_error};
    for (bool same : {false, true}) {
        auto account = make_account(same);
        for (auto in_outcome : all) {
            for (auto out_outcome : all) {
                auto in = incoming(in_outcome);
                auto out = outgoing(out_outcome);
                out.reply_code = out_outcome == Outcome::auth_failed ? 535 : 0;
                in.message = verify_detail::phone_message(in);
                out.message = verify_detail::phone_message(out);
                in.alerts = {"Please log in via your web browser"};
                auto lines = diagnose(account, in, out);
                EXPECT_FALSE(lines.empty());
                expect_no_password(lines);
            }
        }
    }
}

// The phone's alert texts, as an iPhone words them.

TEST(PhoneMessage, AuthFailureIsTheIphoneIncorrectPasswordAlert) {
    auto in = incoming(Outcome::auth_failed);
    EXPECT_EQ(verify_detail::phone_message(in),
              "The user name or password for \u201cimap.example.com\u201d is incorrect.");
    auto out = outgoing(Outcome::auth_failed);
    EXPECT_EQ(verify_detail::phone_message(out),
              "The user name or password for \u201csmtp.example.com\u201d is incorrect.");
}

TEST(PhoneMessage, AuthFailureUsesCurlyQuotesAroundTheHost) {
    auto text = verify_detail::phone_message(incoming(Outcome::auth_failed));
    EXPECT_NE(text.find("\xE2\x80\x9Cimap.example.com\xE2\x80\x9D"), std::string::npos) << text;
    EXPECT_EQ(text.find('"'), std::string::npos) << text;
}

TEST(PhoneMessage, SmtpConnectFailureSaysTheOutgoingConnectionFailed) {
    EXPECT_EQ(verify_detail::phone_message(outgoing(Outcome::connect_failed)),
              "The connection to the outgoing server \u201csmtp.example.com\u201d failed.");
    EXPECT_EQ(verify_detail::phone_message(outgoing(Outcome::timeout)),
              "The connection to the outgoing server \u201csmtp.example.com\u201d failed.");
}

TEST(PhoneMessage, IncomingConnectFailureSaysTheServerIsNotResponding) {
    auto text = verify_detail::phone_message(incoming(Outcome::connect_failed));
    EXPECT_NE(text.find("The mail server \u201cimap.example.com\u201d is not responding."),
              std::string::npos)
        << text;
}

TEST(PhoneMessage, CertificateProblemsSayCannotVerifyServerIdentity) {
    for (auto outcome : {Outcome::certificate_untrusted, Outcome::certificate_name_mismatch}) {
        auto text = verify_detail::phone_message(incoming(outcome));
        EXPECT_EQ(text.rfind("Cannot Verify Server Identity", 0), 0u) << text;
        EXPECT_NE(text.find("\u201cimap.example.com\u201d"), std::string::npos) << text;
    }
}

TEST(PhoneMessage, TlsFailureSaysCannotConnectUsingSsl) {
    auto text = verify_detail::phone_message(incoming(Outcome::tls_failed));
    EXPECT_EQ(text.rfind("Cannot Connect Using SSL", 0), 0u) << text;
}

TEST(PhoneMessage, OkHasNoAlert) {
    EXPECT_TRUE(verify_detail::phone_message(incoming(Outcome::ok)).empty());
    EXPECT_TRUE(verify_detail::phone_message(outgoing(Outcome::ok)).empty());
}

} // namespace
