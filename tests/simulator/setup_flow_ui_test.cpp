// The Add Mail Account sheet on the engine's SetupFlow, with a scripted engine: nothing found →
// the server sheet → the phone's alert → corrected → Save; and the SMTP Primary Server's Done,
// which verifies before it keeps a new password.
#include "sim_harness.hpp"

namespace maillab::sim::test {
namespace {

using Stack = std::vector<std::string>;

const char* fill_new_account = "type \"Alice Lab\"\nkey Tab\ntype \"alice@maillab.test\"\nkey Tab\n"
                               "type \"pw-typed-1\"\ntap \"Next\"\n";

TEST_F(SimTest, NothingDiscoveredShowsTheServerSheetPrefilled) {
    start();
    ASSERT_EQ(play(to_new_account), "");
    ASSERT_EQ(play(std::string(fill_new_account) + "wait-screen manual-servers\n"), "");
    EXPECT_EQ(engine_->discoveries.load(), 1);
    for (const char* id : {"protocol/IMAP", "protocol/POP", "INCOMING MAIL SERVER/Host Name",
                           "INCOMING MAIL SERVER/User Name", "INCOMING MAIL SERVER/Password",
                           "OUTGOING MAIL SERVER/Host Name", "OUTGOING MAIL SERVER/User Name",
                           "OUTGOING MAIL SERVER/Password"})
        EXPECT_NE(target(id), nullptr) << id;
    EXPECT_EQ(app_->ui().focused(), "INCOMING MAIL SERVER/Host Name");
    EXPECT_EQ(app_->add_account().machine().manual_form().incoming_username, "alice@maillab.test");
}

TEST_F(SimTest, WrongOutgoingPasswordAlertThenSave) {
    start();
    std::atomic<int> calls{0};
    engine_->on_verify = [&](const Account& a) {
        VerifyReport r;
        r.incoming.outcome = Outcome::ok;
        r.incoming.host = a.incoming.server.host;
        r.outgoing.role = ServerRole::smtp;
        r.outgoing.host = a.primary_smtp.server.host;
        if (calls++ == 0) {
            r.outgoing.outcome = Outcome::auth_failed;
            r.outgoing.credentials_sent = true;
            r.outgoing.reply_code = 535;
        } else {
            r.outgoing.outcome = Outcome::ok;
        }
        return r;
    };
    ASSERT_EQ(play(to_new_account), "");
    ASSERT_EQ(play(std::string(fill_new_account) + "wait-screen manual-servers\n"
                   "type \"imap.maillab.test\"\n"
                   "tap \"OUTGOING MAIL SERVER/Host Name\"\ntype \"smtp.maillab.test\"\n"
                   "tap \"OUTGOING MAIL SERVER/User Name\"\ntype \"alice\"\n"
                   "tap \"OUTGOING MAIL SERVER/Password\"\ntype \"old-pw-2\"\n"
                   "tap \"Next\"\nwait-alert \"Cannot Send Mail\"\n"),
              "");
    ASSERT_TRUE(app_->current_alert());
    EXPECT_EQ(app_->current_alert()->message,
              "The user name or password for \u201csmtp.maillab.test\u201d is incorrect.");
    ASSERT_EQ(play("tap \"OK\"\nwait-screen manual-servers\n"
                   "tap \"OUTGOING MAIL SERVER/Password\"\n"
                   "key Backspace\nkey Backspace\nkey Backspace\nkey Backspace\nkey Backspace\nkey Backspace\n"
                   "key Backspace\nkey Backspace\ntype \"new-pw-3\"\n"
                   "tap \"Next\"\nwait-screen save-account\ntap \"Save\"\nwait-screen accounts\n"),
              "");
    EXPECT_EQ(stack(), (Stack{"home", "settings", "mail", "accounts"}));
    ASSERT_EQ(app_->device().device().accounts.size(), 1u);
    const Account& saved = app_->device().device().accounts[0];
    EXPECT_EQ(saved.email, "alice@maillab.test");
    EXPECT_EQ(saved.incoming.server.host, "imap.maillab.test");
    EXPECT_EQ(saved.incoming.server.password, "pw-typed-1");
    EXPECT_EQ(saved.primary_smtp.server.host, "smtp.maillab.test");
    EXPECT_EQ(saved.primary_smtp.server.username, "alice");
    EXPECT_EQ(saved.primary_smtp.server.password, "new-pw-3");
    EXPECT_EQ(engine_->verifications.load(), 2);
    // Saved to the state file; the dump masks every password and records the alert.
    EXPECT_NE(read_state_file().find("smtp.maillab.test"), std::string::npos);
    const std::string dump = app_->dump_state_json();
    EXPECT_EQ(dump.find("new-pw-3"), std::string::npos);
    EXPECT_EQ(dump.find("pw-typed-1"), std::string::npos);
    EXPECT_NE(dump.find("\"title\": \"Cannot Send Mail\""), std::string::npos);
    EXPECT_NE(dump.find("\"pressed\": \"OK\""), std::string::npos);
    // The account is listed under its description (the address when none was given).
    EXPECT_NE(target("account/alice@maillab.test"), nullptr);
}

TEST_F(SimTest, InvalidAddressNamesTheField) {
    start();
    ASSERT_EQ(play(to_new_account), "");
    ASSERT_EQ(play("tap \"Email\"\ntype \"not an address\"\ntap \"Password\"\ntype \"x\"\ntap \"Next\"\n"), "");
    EXPECT_EQ(app_->nav().top_id(), "new-account");
    EXPECT_EQ(app_->add_account().machine().form_error().rfind("Email:", 0), 0u)
        << app_->add_account().machine().form_error();
    EXPECT_EQ(engine_->discoveries.load(), 0);
}

TEST_F(SimTest, PrimaryServerDoneVerifiesTheNewPasswordBeforeSaving) {
    start(fixture_device());
    ASSERT_EQ(app_->device().device().accounts.size(), 1u);
    ASSERT_EQ(play("tap \"Settings\"\nwait-screen settings\ntap \"Mail\"\nwait-screen mail\n"
                   "tap \"Accounts\"\nwait-screen accounts\ntap \"Lab Mail\"\nwait-screen account\n"
                   "tap \"SMTP\"\nwait-screen smtp\ntap \"primary-server\"\nwait-screen primary-server\n"),
              "");
    ASSERT_NE(target("Use SSL"), nullptr);
    ASSERT_NE(target("Authentication"), nullptr);
    ASSERT_NE(target("Server Port"), nullptr);
    ASSERT_NE(target("Server"), nullptr);
    // First a wrong password: the phone says so and keeps the old one.
    engine_->on_check_smtp = [](const ServerSettings& s) {
        CheckResult c;
        c.role = ServerRole::smtp;
        c.host = s.host;
        c.outcome = s.password == "right-pw-5" ? Outcome::ok : Outcome::auth_failed;
        c.credentials_sent = true;
        return c;
    };
    std::string erase;
    for (int i = 0; i < 19; ++i)
        erase += "key Backspace\n";
    ASSERT_EQ(play("tap \"OUTGOING MAIL SERVER/Password\"\n" + erase + "type \"wrong-pw-4\"\n"
                   "tap \"Done\"\nwait-alert \"Cannot Send Mail\"\ntap \"OK\"\n"),
              "");
    EXPECT_EQ(app_->nav().top_id(), "primary-server");
    EXPECT_EQ(app_->device().device().accounts[0].primary_smtp.server.password, "fixture-outgoing-pw");
    // Then the right one: verified, saved, back on the SMTP screen.
    std::string erase_wrong;
    for (int i = 0; i < 10; ++i)
        erase_wrong += "key Backspace\n";
    ASSERT_EQ(play("tap \"OUTGOING MAIL SERVER/Password\"\n" + erase_wrong + "type \"right-pw-5\"\n"
                   "tap \"Done\"\nwait-screen smtp\n"),
              "");
    EXPECT_EQ(app_->device().device().accounts[0].primary_smtp.server.password, "right-pw-5");
    EXPECT_EQ(app_->device().device().accounts[0].incoming.server.password, "fixture-incoming-pw")
        << "the incoming password is a separate field";
    EXPECT_EQ(engine_->smtp_checks.load(), 2);
    EXPECT_NE(read_state_file().find("right-pw-5"), std::string::npos);
}

TEST_F(SimTest, DeleteAccountAsksFirst) {
    start(fixture_device());
    ASSERT_EQ(play("tap \"Settings\"\nwait-screen settings\ntap \"Mail\"\nwait-screen mail\n"
                   "tap \"Accounts\"\nwait-screen accounts\ntap \"Lab Mail\"\nwait-screen account\n"
                   "tap \"Delete Account\"\nwait-alert \"Delete Account\"\ntap \"Cancel\"\n"),
              "");
    EXPECT_EQ(app_->device().device().accounts.size(), 1u);
    ASSERT_EQ(play("tap \"Delete Account\"\nwait-alert \"Delete Account\"\ntap \"Delete\"\nwait-screen accounts\n"), "");
    EXPECT_TRUE(app_->device().device().accounts.empty());
}

} // namespace
} // namespace maillab::sim::test
