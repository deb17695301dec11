// The phone on the embedded lab provider, end to end: real discovery through the lab's private
// zone and autoconfig server, real logins, the phone's alerts for real failures.
#include "lab_phone_harness.hpp"

#include <fstream>
#include <iterator>

namespace maillab::sim::test {
namespace {

using Stack = std::vector<std::string>;

TEST_F(LabPhoneTest, AddMailAccountFindsTheLabSettingsByItselfAndSavesThem) {
    ASSERT_EQ(play(add_lab_account_script(lab_alex, lab_alex_password) +
                   "wait-screen save-account\ntap \"Save\"\nwait-screen accounts\n"),
              "");
    ASSERT_EQ(app_->device().device().accounts.size(), 1u);
    const Account& saved = app_->device().device().accounts[0];
    // The lab looks like a real provider: its host names and the standard ports.
    EXPECT_EQ(saved.incoming.server.host, "imap.lab.maillab.test");
    EXPECT_EQ(saved.incoming.server.port, 993);
    EXPECT_EQ(saved.primary_smtp.server.host, "smtp.lab.maillab.test");
    EXPECT_TRUE(saved.primary_smtp.server.port == 465 || saved.primary_smtp.server.port == 587);
    EXPECT_TRUE(lab_event(lab::EventKind::autoconfig_served, ""));
    EXPECT_TRUE(lab_event(lab::EventKind::login_ok, lab_alex));
    EXPECT_TRUE(lab_event(lab::EventKind::smtp_auth_ok, lab_alex));
    const std::string dump = app_->dump_state_json();
    EXPECT_EQ(dump.find(lab_alex_password), std::string::npos);
    EXPECT_NE(dump.find("\"kind\":\"smtp_auth_ok\""), std::string::npos);
}

TEST_F(LabPhoneTest, AWrongPasswordGetsThePhonesAlertFromTheRealServer) {
    ASSERT_EQ(play(add_lab_account_script(lab_alex, "not-the-lab-password") +
                   "wait-alert \"Cannot Get Mail\"\n"),
              "");
    ASSERT_TRUE(app_->current_alert());
    EXPECT_NE(app_->current_alert()->message.find("imap.lab.maillab.test"), std::string::npos)
        << app_->current_alert()->message;
    EXPECT_TRUE(lab_event(lab::EventKind::login_failed, lab_alex));
    EXPECT_TRUE(app_->device().device().accounts.empty());
}

TEST_F(LabPhoneTest, AWrongNameCertificateStopsTheSetupBeforeAnyPasswordIsSent) {
    lab_->lab().set_certificate(lab::CertificateKind::wrong_name);
    // Discovery cannot trust the autoconfig server either: the phone asks for the servers.
    ASSERT_EQ(play(add_lab_account_script(lab_alex, lab_alex_password) +
                   "wait-screen manual-servers\ntype \"imap.lab.maillab.test\"\n"
                   "tap \"OUTGOING MAIL SERVER/Host Name\"\ntype \"smtp.lab.maillab.test\"\n"
                   "tap \"Next\"\nwait-alert \"Cannot Verify Server Identity\"\n"),
              "")
        << app_->dump_state_json();
    EXPECT_NE(app_->current_alert()->message.find("imap.lab.maillab.test"), std::string::npos)
        << app_->current_alert()->message;
    EXPECT_FALSE(lab_event(lab::EventKind::login_ok, lab_alex));
    EXPECT_FALSE(lab_event(lab::EventKind::login_failed, lab_alex));
    EXPECT_TRUE(app_->device().device().accounts.empty());
}

TEST_F(LabPhoneTest, CertificateDetailsShowTheProblemAndTrustPinsThatCertificate) {
    lab_->lab().set_certificate(lab::CertificateKind::expired);
    ASSERT_EQ(play(add_lab_account_script(lab_alex, lab_alex_password) +
                   "wait-screen manual-servers\ntype \"imap.lab.maillab.test\"\n"
                   "tap \"OUTGOING MAIL SERVER/Host Name\"\ntype \"smtp.lab.maillab.test\"\n"
                   "tap \"OUTGOING MAIL SERVER/User Name\"\ntype \"" +
                   lab_alex +
                   "\"\n"
                   "tap \"OUTGOING MAIL SERVER/Password\"\ntype \"" +
                   lab_alex_password +
                   "\"\n"
                   "tap \"Next\"\nwait-alert \"Cannot Verify Server Identity\"\n"
                   "tap \"Details\"\nwait-screen certificate\n"),
              "");
    bool expired_shown = false;
    for (const auto& t : app_->ui().targets())
        expired_shown |= t.label == "More Details";
    EXPECT_TRUE(expired_shown);
    ASSERT_EQ(play("tap \"More Details\"\nwait-screen certificate-details\ntap \"back\"\n"
                   "wait-screen certificate\ntap \"Cancel\"\n"
                   "wait-alert \"Cannot Verify Server Identity\"\n"),
              "");
    EXPECT_FALSE(lab_event(lab::EventKind::login_ok, lab_alex));
    // Trusting the incoming server's certificate lets its login go on; the outgoing server is
    // another host and is asked about on its own.
    ASSERT_EQ(play("tap \"Details\"\nwait-screen certificate\ntap \"Trust\"\n"
                   "wait-alert \"Cannot Verify Server Identity\"\n"),
              "")
        << app_->dump_state_json();
    EXPECT_NE(app_->current_alert()->message.find("smtp.lab.maillab.test"), std::string::npos);
    EXPECT_TRUE(lab_event(lab::EventKind::login_ok, lab_alex));
    ASSERT_EQ(
        play("tap \"Continue\"\nwait-screen save-account\ntap \"Save\"\nwait-screen accounts\n"),
        "")
        << app_->dump_state_json();
    EXPECT_TRUE(lab_event(lab::EventKind::smtp_auth_ok, lab_alex));
    // The phone keeps both decisions, pinned to the certificate, and uses them from then on:
    // Done on SMTP > Primary Server verifies against the same certificate without asking.
    const auto& trusted = app_->device().device().trusted_certificates;
    ASSERT_EQ(trusted.size(), 2u);
    EXPECT_EQ(trusted[0].host, "imap.lab.maillab.test");
    EXPECT_EQ(trusted[1].host, "smtp.lab.maillab.test");
    // Checks from then on (Done on a server screen) pass the phone's trust to the engine.
    const Account saved = app_->device().device().accounts.at(0);
    auto check = [&](std::vector<TrustException> trust) {
        app_->server_check().check_smtp(saved.primary_smtp.server, saved.email, std::move(trust));
        for (int i = 0; i < 2000; ++i) {
            if (auto result = app_->server_check().take_result())
                return *result;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return CheckResult{};
    };
    EXPECT_EQ(check(app_->device().trust()).outcome, Outcome::ok);
    EXPECT_EQ(check({}).outcome, Outcome::certificate_untrusted);
}

std::string read_demo(const std::string& name) {
    std::ifstream in(std::string(MAILLAB_DEMO_DIR) + "/" + name, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST_F(LabPhoneTest, TheChangedPasswordStoryPlaysEndToEndOnTheLab) {
    const std::string story = read_demo("changed-password.play");
    const auto fix = story.find("# 5.");
    ASSERT_NE(fix, std::string::npos);
    // Steps 1-4: the account works, the password changes, only the incoming one is updated.
    ASSERT_EQ(play(story.substr(0, fix)), "") << app_->dump_state_json();
    ASSERT_EQ(app_->device().device().accounts.size(), 1u);
    const Account& account = app_->device().device().accounts[0];
    EXPECT_EQ(account.incoming.server.password, "Lab-Alex-2027");
    EXPECT_EQ(account.primary_smtp.server.password, "Lab-Alex-2026");
    // The wrong path is not a success: the message waits in the Outbox, nothing arrived.
    const auto counts = app_->dump_state_json();
    EXPECT_NE(counts.find("\"outbox\": 1"), std::string::npos) << counts;
    EXPECT_FALSE(lab_event(lab::EventKind::message_delivered, "sam@lab.maillab.test"));
    ASSERT_GE(app_->alerts_shown().size(), 2u);
    EXPECT_EQ(app_->alerts_shown()[0].title, "Cannot Get Mail");
    EXPECT_EQ(app_->alerts_shown()[1].title, "Cannot Send Mail");
    EXPECT_NE(app_->alerts_shown()[1].message.find("smtp.lab.maillab.test"), std::string::npos)
        << app_->alerts_shown()[1].message;
    // Step 5: SMTP > Primary Server > Password; the Outbox sends and the message arrives.
    ASSERT_EQ(play(story.substr(fix)), "") << app_->dump_state_json();
    EXPECT_EQ(app_->device().device().accounts[0].primary_smtp.server.password, "Lab-Alex-2027");
    EXPECT_EQ(lab_->lab().mailbox_count("sam@lab.maillab.test").messages, 2u);
    const auto dump = app_->dump_state_json();
    EXPECT_NE(dump.find("\"outbox\": 0, \"sent\": 1"), std::string::npos) << dump;
    EXPECT_EQ(dump.find("Lab-Alex-202"), std::string::npos);
}

} // namespace
} // namespace maillab::sim::test
