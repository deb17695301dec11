// The lab provider is a real mail provider: Python's imaplib, poplib and smtplib and curl use it
// with nothing but the lab CA (ports and CA through argv, passwords through stdin or a 0600 file).
#include "lab_fixture.hpp"

#include <boost/json.hpp>

using namespace lab_test;
using maillab::lab::EventKind;

namespace {

boost::json::object json_of(const CommandResult& r) {
    boost::system::error_code ec;
    auto last_line = r.output.substr(r.output.rfind('{') == std::string::npos ? 0 : r.output.find('{'));
    auto value = boost::json::parse(last_line, ec);
    if (ec || !value.is_object())
        return {};
    return value.as_object();
}

bool contains(const boost::json::value& array, std::string_view text) {
    if (!array.is_array())
        return false;
    for (const auto& v : array.as_array())
        if (v.is_string() && std::string_view(v.as_string()).find(text) != std::string_view::npos)
            return true;
    return false;
}

} // namespace

TEST_F(LabTest, ImaplibOverImplicitTlsReadsStoresAppendsAndExpunges) {
    auto r = python_client("imap", Service::imap_tls, alex, alex_password);
    ASSERT_EQ(r.status, 0) << r.output;
    auto j = json_of(r);
    EXPECT_EQ(j["login"], "OK");
    EXPECT_TRUE(contains(j["capabilities_before_login"], "AUTH=PLAIN"));
    EXPECT_TRUE(contains(j["mailboxes"], "INBOX"));
    EXPECT_TRUE(contains(j["mailboxes"], "\\Sent"));
    EXPECT_EQ(j["exists"], 3);
    EXPECT_EQ(j["first_subject"], "Your mailbox password expires in 7 days");
    EXPECT_EQ(j["first_from"], "IT Help Desk <helpdesk@lab.maillab.test>");
    EXPECT_NE(std::string(j["first_fetch_meta"].as_string()).find("ENVELOPE"), std::string::npos);
    EXPECT_EQ(j["uid_fetch"].as_array().size(), 3u);
    EXPECT_EQ(j["unseen"].as_array().size(), 2u); // the first message is seeded as read
    EXPECT_EQ(j["append"].as_array()[0], "OK");
    EXPECT_EQ(j["appended_found"], 1);
    EXPECT_EQ(j["appended_text"], "Hello from APPEND.\r\n");
    EXPECT_EQ(j["expunged"].as_array().size(), 1u);
    EXPECT_EQ(j["exists_after"], 3);
    EXPECT_TRUE(has_event(EventKind::login_ok, alex));
}

TEST_F(LabTest, ImaplibWithStarttlsSeesLoginDisabledBeforeTls) {
    auto r = python_client("imap", Service::imap_starttls, sam, sam_password, "starttls");
    ASSERT_EQ(r.status, 0) << r.output;
    auto j = json_of(r);
    EXPECT_TRUE(contains(j["capabilities_before_tls"], "LOGINDISABLED"));
    EXPECT_TRUE(contains(j["capabilities_before_tls"], "STARTTLS"));
    EXPECT_FALSE(contains(j["capabilities_before_tls"], "AUTH=PLAIN"));
    EXPECT_FALSE(contains(j["capabilities_before_login"], "LOGINDISABLED"));
    EXPECT_EQ(j["exists"], 1);
    EXPECT_EQ(j["first_subject"], "Slides for Monday");
    bool starttls = false;
    for (const auto& e : lab.events())
        starttls = starttls || (e.kind == EventKind::starttls && e.protocol == "imap");
    EXPECT_TRUE(starttls);
}

TEST_F(LabTest, ImaplibWithAWrongPasswordIsRefusedAndLogged) {
    auto r = python_client("imap-login", Service::imap_tls, alex, "not-the-password");
    EXPECT_EQ(r.status, 1) << r.output;
    EXPECT_NE(r.output.find("AUTHENTICATIONFAILED"), std::string::npos) << r.output;
    EXPECT_TRUE(has_event(EventKind::login_failed, alex));
}

TEST_F(LabTest, PoplibOverImplicitTlsAndStls) {
    auto r = python_client("pop3", Service::pop3_tls, alex, alex_password);
    ASSERT_EQ(r.status, 0) << r.output;
    auto j = json_of(r);
    EXPECT_EQ(j["stat"].as_array()[0], 3);
    EXPECT_EQ(j["list"].as_array().size(), 3u);
    EXPECT_EQ(j["uidl"].as_array().size(), 3u);
    EXPECT_EQ(j["first_subject"], "Your mailbox password expires in 7 days");
    EXPECT_TRUE(contains(j["capa"], "USER"));
    EXPECT_EQ(lab.mailbox_count(alex).messages, 3u); // DELE then RSET: nothing removed

    auto s = python_client("pop3", Service::pop3_starttls, sam, sam_password, "stls delete-first");
    ASSERT_EQ(s.status, 0) << s.output;
    auto k = json_of(s);
    EXPECT_TRUE(contains(k["capa_before_tls"], "STLS"));
    EXPECT_FALSE(contains(k["capa_before_tls"], "USER"));
    EXPECT_EQ(k["deleted"], 1);
    EXPECT_EQ(lab.mailbox_count(sam).messages, 0u); // DELE + QUIT removes it
}

TEST_F(LabTest, SmtplibWithStarttlsDeliversIntoTheLabMailbox) {
    auto before = lab.mailbox_count(sam).messages;
    auto r = python_client("smtp", Service::smtp_starttls, alex, alex_password,
                           "starttls " + sam + " login Hello-from-smtplib");
    ASSERT_EQ(r.status, 0) << r.output;
    auto j = json_of(r);
    EXPECT_TRUE(contains(j["features_before_tls"], "starttls"));
    EXPECT_FALSE(contains(j["features_before_tls"], "auth"));
    EXPECT_NE(std::string(j["auth"].as_string()).find("PLAIN"), std::string::npos);
    EXPECT_EQ(lab.mailbox_count(sam).messages, before + 1);
    EXPECT_TRUE(has_event(EventKind::smtp_auth_ok, alex));
    EXPECT_TRUE(has_event(EventKind::message_delivered, sam));

    // ... and IMAP shows it to sam.
    auto fetched = curl(sam, sam_password,
                        "'imaps://127.0.0.1:" + port(Service::imap_tls) + "/INBOX;UID=2'");
    ASSERT_EQ(fetched.status, 0) << fetched.output;
    EXPECT_NE(fetched.output.find("Subject: Hello-from-smtplib"), std::string::npos) << fetched.output;
    EXPECT_NE(fetched.output.find("\r\n.leading dot line\r\n"), std::string::npos) << fetched.output;
    EXPECT_NE(fetched.output.find("with ESMTPSA"), std::string::npos);
}

TEST_F(LabTest, SmtplibOverImplicitTls) {
    auto r = python_client("smtp", Service::smtp_tls, sam, sam_password, "ssl " + alex);
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_EQ(lab.mailbox_count(alex).messages, 4u);
}

TEST_F(LabTest, SmtpRelayWithoutAuthIsRefusedWith554) {
    auto r = python_client("smtp", Service::smtp_starttls, alex, alex_password,
                           "starttls someone@example.com nologin");
    EXPECT_EQ(r.status, 1) << r.output;
    EXPECT_NE(r.output.find("554"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("5.7.1"), std::string::npos) << r.output;
    bool refused = false;
    for (const auto& e : lab.events())
        refused = refused || e.kind == EventKind::relay_refused;
    EXPECT_TRUE(refused);
}

TEST_F(LabTest, SmtpAfterAPasswordChangeRefusesTheOldPasswordWith535) {
    ASSERT_TRUE(lab.change_password(alex, "New-Alex-Password-1"));
    auto r = python_client("smtp", Service::smtp_starttls, alex, alex_password, "starttls " + sam);
    EXPECT_EQ(r.status, 1) << r.output;
    EXPECT_NE(r.output.find("535"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("5.7.8"), std::string::npos) << r.output;
    auto ok = python_client("smtp", Service::smtp_starttls, alex, "New-Alex-Password-1", "starttls " + sam);
    EXPECT_EQ(ok.status, 0) << ok.output;
}

TEST_F(LabTest, SmtpAuthDisabledForAMailboxAnswers535_5_7_139) {
    ASSERT_TRUE(lab.set_smtp_auth_disabled(sam, true));
    auto r = python_client("smtp", Service::smtp_starttls, sam, sam_password, "starttls " + alex);
    EXPECT_EQ(r.status, 1) << r.output;
    EXPECT_NE(r.output.find("5.7.139 Authentication unsuccessful, SmtpClientAuthentication is "
                            "disabled for the Mailbox"),
              std::string::npos)
        << r.output;
}

TEST_F(LabTest, CurlImapsListsAndFetches) {
    if (!have("curl"))
        GTEST_SKIP() << "curl is not installed";
    auto list = curl(alex, alex_password, "imaps://127.0.0.1:" + port(Service::imap_tls) + "/");
    ASSERT_EQ(list.status, 0) << list.output;
    EXPECT_NE(list.output.find("INBOX"), std::string::npos) << list.output;
    auto message = curl(alex, alex_password,
                        "'imaps://127.0.0.1:" + port(Service::imap_tls) + "/INBOX;MAILINDEX=2'");
    ASSERT_EQ(message.status, 0) << message.output;
    EXPECT_NE(message.output.find("Subject: Lunch on Thursday?"), std::string::npos) << message.output;
    auto examine = curl(alex, alex_password,
                        "-X 'EXAMINE INBOX' imaps://127.0.0.1:" + port(Service::imap_tls) + "/");
    EXPECT_NE(examine.output.find("3 EXISTS"), std::string::npos) << examine.output;
    // STARTTLS on the 143-like port.
    auto starttls = curl(alex, alex_password,
                         "--ssl-reqd imap://127.0.0.1:" + port(Service::imap_starttls) + "/");
    EXPECT_EQ(starttls.status, 0) << starttls.output;
    EXPECT_NE(starttls.output.find("Sent"), std::string::npos) << starttls.output;
}

TEST_F(LabTest, CurlPop3sRetrieves) {
    if (!have("curl"))
        GTEST_SKIP() << "curl is not installed";
    auto list = curl(sam, sam_password, "pop3s://127.0.0.1:" + port(Service::pop3_tls) + "/");
    ASSERT_EQ(list.status, 0) << list.output;
    EXPECT_NE(list.output.find("1 "), std::string::npos) << list.output;
    auto message = curl(sam, sam_password, "pop3s://127.0.0.1:" + port(Service::pop3_tls) + "/1");
    ASSERT_EQ(message.status, 0) << message.output;
    EXPECT_NE(message.output.find("Subject: Slides for Monday"), std::string::npos) << message.output;
    auto stls = curl(sam, sam_password, "--ssl-reqd pop3://127.0.0.1:" + port(Service::pop3_starttls) + "/1");
    EXPECT_EQ(stls.status, 0) << stls.output;
}

TEST_F(LabTest, CurlSubmitsWithSslReqdAndTheMessageArrives) {
    if (!have("curl"))
        GTEST_SKIP() << "curl is not installed";
    auto message = secret_file("message.eml",
                               "From: Alex <" + alex + ">\r\nTo: Sam <" + sam +
                                   ">\r\nSubject: Sent by curl\r\n\r\nHi Sam, curl here.\r\n");
    auto r = curl(alex, alex_password,
                  "--ssl-reqd smtp://127.0.0.1:" + port(Service::smtp_starttls) +
                      " --mail-from " + alex + " --mail-rcpt " + sam + " -T " + message);
    ASSERT_EQ(r.status, 0) << r.output;
    auto tls = curl(alex, alex_password,
                    "smtps://127.0.0.1:" + port(Service::smtp_tls) + " --mail-from " + alex +
                        " --mail-rcpt " + sam + " -T " + message);
    ASSERT_EQ(tls.status, 0) << tls.output;
    EXPECT_EQ(lab.mailbox_count(sam).messages, 3u);
    EXPECT_EQ(lab.mailbox_count(sam).unseen, 3u);
}

TEST_F(LabTest, CurlFetchesTheAutoconfigDocument) {
    if (!have("curl"))
        GTEST_SKIP() << "curl is not installed";
    auto r = run("curl --silent --show-error --cacert " + ca() + " " + addresses.autoconfig_url +
                 "?emailaddress=" + alex);
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("<clientConfig version=\"1.1\">"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("<port>" + port(Service::imap_tls) + "</port>"), std::string::npos);
    EXPECT_NE(r.output.find("<port>" + port(Service::smtp_starttls) + "</port>"), std::string::npos);
    auto missing = run("curl --silent --output /dev/null --write-out '%{http_code}' --cacert " + ca() +
                       " https://127.0.0.1:" + port(Service::https) + "/nothing");
    EXPECT_EQ(missing.output, "404");
}

TEST_F(LabTest, AnUndiscoverableLabAnswersTheAutoconfigRequestWith404UntilDiscoveryIsBack) {
    if (!have("curl"))
        GTEST_SKIP() << "curl is not installed";
    const std::string fetch =
        "curl --silent --output /dev/null --write-out '%{http_code}' --cacert " + ca() + " ";
    const std::string well_known = "https://127.0.0.1:" + port(Service::https) +
                                   "/.well-known/autoconfig/mail/config-v1.1.xml";
    lab.set_discoverable(false);
    EXPECT_FALSE(lab.discoverable());
    EXPECT_EQ(run(fetch + addresses.autoconfig_url).output, "404");
    EXPECT_EQ(run(fetch + well_known).output, "404");
    for (const auto& e : lab.events())
        EXPECT_NE(e.kind, EventKind::autoconfig_served);
    lab.set_discoverable(true);
    EXPECT_EQ(run(fetch + addresses.autoconfig_url).output, "200");
}

TEST_F(LabTest, SwaksSubmitsWithAuthPlainOverStarttls) {
    if (!have("swaks"))
        GTEST_SKIP() << "swaks is not installed";
    // Without --auth-password swaks asks for it, here on stdin; --auth-hide-password keeps the
    // AUTH exchange out of its transcript.
    auto password_file = secret_file("swaks-password", alex_password + "\n");
    auto r = run("swaks --server 127.0.0.1 --port " + port(Service::smtp_starttls) +
                 " --tls --tls-ca-path " + ca() + " --tls-verify --auth-hide-password --auth PLAIN --auth-user " + alex +
                 " --from " + alex + " --to " + sam + " --header 'Subject: Sent by swaks' < " +
                 password_file);
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("235 2.7.0"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find(alex_password), std::string::npos) << "swaks showed the password";
    EXPECT_EQ(lab.mailbox_count(sam).messages, 2u);
}
