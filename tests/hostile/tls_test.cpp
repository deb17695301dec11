// Certificates that must be refused (wrong name, expired, self-signed) and a server that speaks
// only TLS 1.0: refused before any login, with the certificate's details kept for the user.
#include "hostile_fixture.hpp"

namespace maillab::hostile {
namespace {

CheckResult imap_over_tls(const TlsIdentity& identity, HostileServer*& out,
                          std::unique_ptr<HostileServer>& holder) {
    holder = std::make_unique<HostileServer>(
        Script().starttls().send("* OK hostile IMAP ready\r\n").stall(), identity);
    out = holder.get();
    return check_incoming(incoming(IncomingProtocol::imap, *out, Security::tls), short_deadlines());
}

void expect_refused_before_login(const CheckResult& r, const HostileServer& server) {
    EXPECT_FALSE(r.credentials_sent);
    EXPECT_TRUE(server.commands().empty());
    EXPECT_FALSE(server.tls_established());
}

TEST(Tls, GoodCertificateFromTheTestCaIsAccepted) {
    HostileServer server(Script()
                             .starttls()
                             .send("* OK hostile IMAP ready\r\n")
                             .expect("a1 CAPABILITY")
                             .send("* CAPABILITY IMAP4rev1\r\n$TAG OK\r\n")
                             .expect("a2 LOGIN")
                             .send("$TAG OK welcome\r\n")
                             .expect("a3 LOGOUT")
                             .send("* BYE\r\n$TAG OK\r\n"),
                         test_pki().good);
    auto r =
        check_incoming(incoming(IncomingProtocol::imap, server, Security::tls), short_deadlines());
    EXPECT_EQ(r.outcome, Outcome::ok) << r.message;
    ASSERT_TRUE(r.certificate.has_value());
    EXPECT_TRUE(r.certificate->verify_error.empty());
}

TEST(Tls, CertificateForAnotherNameIsRefusedAsNameMismatchWithDetailsKept) {
    HostileServer* server = nullptr;
    std::unique_ptr<HostileServer> holder;
    auto r = imap_over_tls(test_pki().wrong_name, server, holder);
    EXPECT_EQ(r.outcome, Outcome::certificate_name_mismatch) << r.message;
    ASSERT_TRUE(r.certificate.has_value());
    EXPECT_TRUE(r.certificate->name_mismatch);
    EXPECT_NE(r.certificate->subject.find("other.example"), std::string::npos);
    EXPECT_FALSE(r.certificate->sha256_fingerprint.empty());
    expect_refused_before_login(r, *server);
}

TEST(Tls, ExpiredCertificateIsRefusedAsUntrustedWithDetailsKept) {
    HostileServer* server = nullptr;
    std::unique_ptr<HostileServer> holder;
    auto r = imap_over_tls(test_pki().expired, server, holder);
    EXPECT_EQ(r.outcome, Outcome::certificate_untrusted) << r.message;
    ASSERT_TRUE(r.certificate.has_value());
    EXPECT_TRUE(r.certificate->expired);
    EXPECT_FALSE(r.certificate->not_after.empty());
    expect_refused_before_login(r, *server);
}

TEST(Tls, SelfSignedCertificateIsRefusedAsUntrustedWithDetailsKept) {
    HostileServer* server = nullptr;
    std::unique_ptr<HostileServer> holder;
    auto r = imap_over_tls(test_pki().self_signed, server, holder);
    EXPECT_EQ(r.outcome, Outcome::certificate_untrusted) << r.message;
    ASSERT_TRUE(r.certificate.has_value());
    EXPECT_TRUE(r.certificate->self_signed);
    EXPECT_NE(r.certificate->subject.find(test_host), std::string::npos);
    expect_refused_before_login(r, *server);
}

TEST(Tls, ServerThatSpeaksOnlyTls10IsRefusedAsTlsFailed) {
    HostileServer* server = nullptr;
    std::unique_ptr<HostileServer> holder;
    auto r = imap_over_tls(test_pki().tls1_0_only, server, holder);
    EXPECT_EQ(r.outcome, Outcome::tls_failed) << r.message;
    expect_refused_before_login(r, *server);
}

TEST(Tls, ExpiredCertificateAfterSmtpStarttlsIsRefusedWithDetailsKept) {
    HostileServer server(Script()
                             .send("220 hostile ESMTP\r\n")
                             .expect("EHLO")
                             .send("250-hostile\r\n250-AUTH PLAIN\r\n250 STARTTLS\r\n")
                             .expect("STARTTLS")
                             .send("220 go ahead\r\n")
                             .starttls()
                             .stall(),
                         test_pki().expired);
    auto r = smtp_check(server, Security::starttls);
    EXPECT_EQ(r.outcome, Outcome::certificate_untrusted) << r.message;
    ASSERT_TRUE(r.certificate.has_value());
    EXPECT_TRUE(r.certificate->expired);
    EXPECT_FALSE(r.credentials_sent);
    EXPECT_FALSE(server_saw_a_login(server));
}

} // namespace
} // namespace maillab::hostile
