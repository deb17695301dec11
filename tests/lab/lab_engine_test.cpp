// The engine's own verification against the lab, and every admin action a trainer uses.
#include "lab_fixture.hpp"

#include "maillab/verify/verify.hpp"

using namespace lab_test;
using maillab::lab::CertificateKind;
using maillab::lab::EventKind;

namespace {

maillab::ServerSettings server(std::uint16_t port, maillab::Security security, const std::string& user,
                               const std::string& password) {
    maillab::ServerSettings s;
    s.host = "127.0.0.1";
    s.port = port;
    s.security = security;
    s.username = user;
    s.password = password;
    return s;
}

} // namespace

class LabEngineTest : public LabTest {
  protected:
    maillab::Account account(const std::string& user, const std::string& password,
                             maillab::IncomingProtocol protocol = maillab::IncomingProtocol::imap,
                             maillab::Security incoming = maillab::Security::tls,
                             maillab::Security outgoing = maillab::Security::starttls) {
        maillab::Account a;
        a.email = user;
        a.name = "Lab user";
        a.incoming.protocol = protocol;
        Service in = protocol == maillab::IncomingProtocol::imap
                         ? (incoming == maillab::Security::tls ? Service::imap_tls : Service::imap_starttls)
                         : (incoming == maillab::Security::tls ? Service::pop3_tls : Service::pop3_starttls);
        a.incoming.server = server(addresses.ports.get(in), incoming, user, password);
        Service out = outgoing == maillab::Security::tls ? Service::smtp_tls : Service::smtp_starttls;
        a.primary_smtp.server = server(addresses.ports.get(out), outgoing, user, password);
        return a;
    }
    maillab::VerifyOptions options() const {
        maillab::VerifyOptions o;
        o.net.ca_file = addresses.ca_file.string();
        o.net.timeout = std::chrono::seconds(20);
        o.net.step_timeout = std::chrono::seconds(10);
        o.net.auth_timeout = std::chrono::seconds(10);
        return o;
    }
};

TEST_F(LabEngineTest, VerifyAccountPassesForImapTlsAndSmtpStarttls) {
    auto report = maillab::verify_account(account(alex, alex_password), options());
    EXPECT_TRUE(report.incoming.ok()) << report.incoming.message;
    EXPECT_TRUE(report.outgoing.ok()) << report.outgoing.message;
    EXPECT_EQ(report.incoming.mechanism, "AUTHENTICATE PLAIN");
    EXPECT_TRUE(has_event(EventKind::login_ok, alex));
    EXPECT_TRUE(has_event(EventKind::smtp_auth_ok, alex));
}

TEST_F(LabEngineTest, VerifyAccountPassesForEveryOtherCombination) {
    using maillab::IncomingProtocol;
    using maillab::Security;
    struct Combination {
        IncomingProtocol protocol;
        Security incoming;
        Security outgoing;
    };
    for (auto c : {Combination{IncomingProtocol::imap, Security::starttls, Security::tls},
                   Combination{IncomingProtocol::pop3, Security::tls, Security::starttls},
                   Combination{IncomingProtocol::pop3, Security::starttls, Security::tls}}) {
        auto report = maillab::verify_account(account(sam, sam_password, c.protocol, c.incoming, c.outgoing),
                                              options());
        EXPECT_TRUE(report.incoming.ok()) << report.incoming.message;
        EXPECT_TRUE(report.outgoing.ok()) << report.outgoing.message;
    }
}

TEST_F(LabEngineTest, TheLoginCommandAndAuthLoginWorkToo) {
    auto o = options();
    o.net.preferred_password_mechanism = "LOGIN";
    auto report = maillab::verify_account(account(alex, alex_password), o);
    EXPECT_TRUE(report.ok()) << report.incoming.message << " / " << report.outgoing.message;
    EXPECT_EQ(report.incoming.mechanism, "LOGIN");
}

TEST_F(LabEngineTest, ChangedPasswordReceivingWorksSendingWithTheOldOneFailsWith535) {
    ASSERT_TRUE(lab.change_password(alex, "Changed-2026"));
    auto a = account(alex, "Changed-2026");
    a.primary_smtp.server.password = alex_password; // the phone kept the old SMTP password
    auto report = maillab::verify_account(a, options());
    EXPECT_TRUE(report.incoming.ok()) << report.incoming.message;
    EXPECT_EQ(report.outgoing.outcome, maillab::Outcome::auth_failed) << report.outgoing.message;
    EXPECT_EQ(report.outgoing.reply_code, 535);
    EXPECT_EQ(report.outgoing.enhanced_status, "5.7.8");
    EXPECT_TRUE(has_event(EventKind::smtp_auth_failed, alex));
}

TEST_F(LabEngineTest, SmtpAuthDisabledIsReportedWith5_7_139) {
    ASSERT_TRUE(lab.set_smtp_auth_disabled(alex, true));
    auto report = maillab::verify_account(account(alex, alex_password), options());
    EXPECT_TRUE(report.incoming.ok());
    EXPECT_EQ(report.outgoing.outcome, maillab::Outcome::auth_failed);
    EXPECT_EQ(report.outgoing.reply_code, 535);
    EXPECT_EQ(report.outgoing.enhanced_status, "5.7.139");
    EXPECT_NE(report.outgoing.server_reply.find("SmtpClientAuthentication is disabled for the Mailbox"),
              std::string::npos)
        << report.outgoing.server_reply;
    ASSERT_TRUE(lab.set_smtp_auth_disabled(alex, false));
    EXPECT_TRUE(maillab::verify_account(account(alex, alex_password), options()).ok());
}

TEST_F(LabEngineTest, AWrongNameCertificateIsANameMismatch) {
    lab.set_certificate(CertificateKind::wrong_name);
    auto report = maillab::verify_account(account(alex, alex_password), options());
    EXPECT_EQ(report.incoming.outcome, maillab::Outcome::certificate_name_mismatch) << report.incoming.message;
    EXPECT_EQ(report.outgoing.outcome, maillab::Outcome::certificate_name_mismatch) << report.outgoing.message;
    EXPECT_FALSE(report.incoming.credentials_sent);
    ASSERT_TRUE(report.incoming.certificate);
    EXPECT_TRUE(report.incoming.certificate->name_mismatch);
    lab.set_certificate(CertificateKind::good);
    EXPECT_TRUE(maillab::verify_account(account(alex, alex_password), options()).ok());
}

TEST_F(LabEngineTest, AnExpiredCertificateIsUntrusted) {
    lab.set_certificate(CertificateKind::expired);
    auto report = maillab::verify_account(account(alex, alex_password), options());
    EXPECT_EQ(report.incoming.outcome, maillab::Outcome::certificate_untrusted);
    ASSERT_TRUE(report.incoming.certificate);
    EXPECT_TRUE(report.incoming.certificate->expired);
}

TEST_F(LabEngineTest, WithoutTheLabCaTheCertificateIsUntrusted) {
    auto o = options();
    o.net.ca_file.reset();
    auto report = maillab::verify_account(account(alex, alex_password), o);
    EXPECT_EQ(report.incoming.outcome, maillab::Outcome::certificate_untrusted);
}

TEST_F(LabEngineTest, AClosedPortRefusesConnectionsUntilOpenedAgain) {
    ASSERT_TRUE(lab.close_port(Service::imap_tls));
    EXPECT_FALSE(lab.port_open(Service::imap_tls));
    auto report = maillab::verify_account(account(alex, alex_password), options());
    EXPECT_EQ(report.incoming.outcome, maillab::Outcome::connect_failed) << report.incoming.message;
    EXPECT_TRUE(report.outgoing.ok());
    ASSERT_TRUE(lab.open_port(Service::imap_tls));
    EXPECT_TRUE(maillab::verify_account(account(alex, alex_password), options()).incoming.ok());
}

TEST_F(LabEngineTest, ADelaySlowsEveryReplyAndCanCauseATimeout) {
    lab.set_delay(std::chrono::milliseconds(300));
    auto start = std::chrono::steady_clock::now();
    auto report = maillab::check_incoming(account(alex, alex_password).incoming, options().net);
    EXPECT_TRUE(report.ok()) << report.message;
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(900));
    auto o = options();
    o.net.step_timeout = std::chrono::milliseconds(100);
    auto slow = maillab::check_incoming(account(alex, alex_password).incoming, o.net);
    EXPECT_EQ(slow.outcome, maillab::Outcome::timeout) << slow.message;
}

TEST_F(LabEngineTest, APasswordWithoutTlsIsRefusedBeforeItIsSent) {
    auto a = account(alex, alex_password, maillab::IncomingProtocol::imap, maillab::Security::none,
                     maillab::Security::none);
    a.incoming.server.port = addresses.ports.get(Service::imap_starttls);
    a.primary_smtp.server.port = addresses.ports.get(Service::smtp_starttls);
    auto report = maillab::verify_account(a, options());
    EXPECT_EQ(report.incoming.outcome, maillab::Outcome::plaintext_refused) << report.incoming.message;
    EXPECT_FALSE(report.incoming.credentials_sent);
    EXPECT_FALSE(report.outgoing.ok());
}

TEST_F(LabEngineTest, EventsNeverHoldAPassword) {
    maillab::verify_account(account(alex, alex_password), options());
    maillab::verify_account(account(alex, "Wrong-Password-123"), options());
    auto events = lab.events();
    ASSERT_FALSE(events.empty());
    for (const auto& e : events) {
        EXPECT_EQ(e.detail.find(alex_password), std::string::npos) << e.detail;
        EXPECT_EQ(e.detail.find("Wrong-Password-123"), std::string::npos) << e.detail;
        EXPECT_EQ(e.user.find("Wrong-Password-123"), std::string::npos);
    }
    EXPECT_TRUE(has_event(EventKind::login_failed, alex));
    EXPECT_GT(lab.events(events.back().sequence - 1).size(), 0u);
    EXPECT_TRUE(lab.events(events.back().sequence).empty());
}

TEST_F(LabEngineTest, TheCaIsReusedAcrossRestartsAndServerCertificatesAreWritten) {
    auto ca_before = run("cat " + ca()).output;
    lab.stop();
    maillab::lab::Lab second;
    maillab::lab::LabOptions o;
    o.state_dir = state_dir;
    o.world_file = MAILLAB_LAB_WORLD;
    auto started = second.start(o);
    ASSERT_TRUE(started.ok) << started.error;
    EXPECT_EQ(run("cat " + started.addresses.ca_file.string()).output, ca_before);
    EXPECT_TRUE(std::filesystem::exists(state_dir / "server-good.pem"));
    auto perms = std::filesystem::status(state_dir / "ca-key.pem").permissions();
    EXPECT_EQ(perms & std::filesystem::perms::group_all, std::filesystem::perms::none);
    EXPECT_EQ(perms & std::filesystem::perms::others_all, std::filesystem::perms::none);
    auto check = run("openssl verify -CAfile " + ca() + " " + (state_dir / "server-good.pem").string());
    EXPECT_EQ(check.status, 0) << check.output;
    auto sans = run("openssl x509 -noout -ext subjectAltName -in " + (state_dir / "server-good.pem").string());
    EXPECT_NE(sans.output.find("IP Address:127.0.0.1"), std::string::npos) << sans.output;
    EXPECT_NE(sans.output.find("DNS:imap.lab.maillab.test"), std::string::npos) << sans.output;
    second.stop();
}

TEST(LabStartTest, ABrokenWorldOrABusyPortIsNamed) {
    auto dir = std::filesystem::temp_directory_path() / ("maillab-lab-start-" + std::to_string(::getpid()));
    maillab::lab::Lab lab;
    maillab::lab::LabOptions o;
    o.state_dir = dir;
    o.world_file = dir / "missing.json";
    auto r = lab.start(o);
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("missing.json"), std::string::npos) << r.error;

    maillab::lab::Lab first;
    o.world_file = MAILLAB_LAB_WORLD;
    auto one = first.start(o);
    ASSERT_TRUE(one.ok) << one.error;
    maillab::lab::Lab second;
    auto o2 = o;
    o2.ports.set(Service::smtp_starttls, one.addresses.ports.get(Service::smtp_starttls));
    auto two = second.start(o2);
    EXPECT_FALSE(two.ok);
    EXPECT_NE(two.error.find("smtp_starttls"), std::string::npos) << two.error;
    first.stop();
    std::filesystem::remove_all(dir);
}
