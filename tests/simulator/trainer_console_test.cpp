// The trainer console on the real lab and engine: its buttons' actions, what it shows, and that
// it never shows or keeps a password.
#include "console/trainer_console.hpp"
#include "lab_phone_harness.hpp"

#include <algorithm>

namespace maillab::sim::test {
namespace {

const std::string alex = "alex@lab.maillab.test";
const std::string alex_password = "Lab-Alex-2026";

class TrainerConsoleTest : public LabPhoneTest {
  protected:
    TrainerConsoleTest() { with_console_ = true; }

    TrainerConsole& console() { return *app_->console(); }

    void frames(int n = 3) {
        for (int i = 0; i < n; ++i)
            session_->frame(*app_);
    }

    // Frames until `done` or 20 s.
    template <class Done> bool frames_until(Done done) {
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (!done()) {
            if (std::chrono::steady_clock::now() > give_up)
                return false;
            session_->frame(*app_);
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        return true;
    }

    std::string whole_log() const {
        std::string out;
        for (const auto& line : app_->console()->log())
            out += line.text + "\n";
        return out;
    }
};

TEST_F(TrainerConsoleTest, TheConsoleTakesTheRightOfTheWindowBesideThePhone) {
    ASSERT_NE(app_->console(), nullptr);
    ASSERT_TRUE(app_->layout().console.has_value());
    EXPECT_GE(app_->layout().console->x, app_->layout().phone.right());
    EXPECT_GT(app_->layout().console->w, 300.0f);
    EXPECT_TRUE(console().scenarios_error().empty()) << console().scenarios_error();
    EXPECT_GE(console().scenarios().size(), 6u);
}

TEST_F(TrainerConsoleTest, StartingAScenarioPutsThePhoneAndTheLabInItsStartingState) {
    ASSERT_EQ(console().start_scenario(*app_, "changed-password-cant-send"), "");
    frames();
    ASSERT_NE(app_->scenario(), nullptr);
    EXPECT_EQ(app_->scenario()->scenario().id, "changed-password-cant-send");
    ASSERT_EQ(app_->device().device().accounts.size(), 1u);
    // The scenario's "before" line changed alex's password on the servers.
    EXPECT_FALSE(lab_->lab().password_is(alex, alex_password));
    EXPECT_NE(console().start_scenario(*app_, "no-such-scenario"), "");
}

TEST_F(TrainerConsoleTest, ResetRestoresTheLabAfterTheTrainerChangedIt) {
    ASSERT_EQ(console().lab_line(*app_, "password \"" + alex + "\" \"Trainer-Set-1\""), "");
    ASSERT_EQ(console().lab_line(*app_, "certificate expired"), "");
    ASSERT_EQ(console().lab_line(*app_, "close-port smtp_tls"), "");
    EXPECT_TRUE(lab_->lab().password_is(alex, "Trainer-Set-1"));
    ASSERT_EQ(console().reset(*app_), ""); // no scenario: the lab's defaults
    EXPECT_TRUE(lab_->lab().password_is(alex, alex_password));
    EXPECT_EQ(lab_->lab().certificate(), lab::CertificateKind::good);
    EXPECT_TRUE(lab_->lab().port_open(lab::Service::smtp_tls));
    for (const auto& action : console().trainer_actions())
        EXPECT_EQ(action.find("Trainer-Set-1"), std::string::npos) << action;
}

TEST_F(TrainerConsoleTest, TheMxAndDiscoveryKnobsChangeTheLabZoneAndResetUndoesThem) {
    ASSERT_EQ(console().lab_line(*app_, "mx old-mail.lab.maillab.test"), "");
    ASSERT_EQ(console().lab_line(*app_, "discovery off"), "");
    EXPECT_EQ(lab_->lab().zone().mx.at(0).host, "old-mail.lab.maillab.test");
    EXPECT_FALSE(lab_->lab().discoverable());
    EXPECT_EQ(lab_->zone()->hosts.count("imap.lab.maillab.test"), 0u); // the phone's view too
    ASSERT_EQ(console().reset(*app_), "");
    EXPECT_EQ(lab_->lab().zone().mx.at(0).host, "mail.lab.maillab.test");
    EXPECT_TRUE(lab_->lab().discoverable());
    EXPECT_EQ(lab_->zone()->hosts.count("imap.lab.maillab.test"), 1u);
}

TEST_F(TrainerConsoleTest, ABadLabLineNamesTheProblem) {
    const std::string error = console().lab_line(*app_, "certificate rusty");
    EXPECT_NE(error.find("certificate"), std::string::npos) << error;
    EXPECT_NE(console().lab_line(*app_, "password \"nobody@lab.maillab.test\" \"x\""), "");
}

TEST_F(TrainerConsoleTest, TheDiagnosisTellsThatBothServersRefuseTheOldPassword) {
    ASSERT_EQ(console().start_scenario(*app_, "changed-password-cant-send"), "");
    ASSERT_EQ(console().diagnose(*app_, alex), "");
    ASSERT_TRUE(frames_until([&] { return console().diagnosis().has_value(); }));
    const auto& report = console().diagnosis()->report;
    EXPECT_EQ(report.incoming.outcome, Outcome::auth_failed) << report.incoming.message;
    EXPECT_EQ(report.outgoing.outcome, Outcome::auth_failed) << report.outgoing.message;
    EXPECT_EQ(report.outgoing.reply_code, 535);
    EXPECT_NE(console().diagnose(*app_, "nobody@example.com"), "");
}

TEST_F(TrainerConsoleTest, TheProtocolLogShowsTheExchangesWithoutThePassword) {
    ASSERT_EQ(console().diagnose(*app_, alex), "the phone has no account " + alex);
    ASSERT_EQ(console().start_scenario(*app_, "optional-smtp-credentials"), "");
    ASSERT_EQ(console().diagnose(*app_, alex), "");
    ASSERT_TRUE(frames_until([&] { return console().diagnosis().has_value(); }));
    frames();
    const std::string log = whole_log();
    EXPECT_NE(log.find("AUTHENTICATE PLAIN [hidden]"), std::string::npos) << log;
    EXPECT_NE(log.find("[TLS handshake done]"), std::string::npos) << log;
    EXPECT_EQ(log.find(alex_password), std::string::npos);
    bool events =
        std::any_of(console().events().begin(), console().events().end(),
                    [](const lab::LabEvent& e) { return e.kind == lab::EventKind::login_ok; });
    EXPECT_TRUE(events);
}

TEST_F(TrainerConsoleTest, ConsoleScriptLinesSwitchTabsAndDrawEveryTab) {
    ASSERT_EQ(play("console start smtp-auth-disabled\n"
                   "console tab \"Diagnosis\"\n"
                   "wait-ms 50\n"
                   "console tab \"Protocol log\"\n"
                   "wait-ms 50\n"
                   "console tab \"Events\"\n"
                   "wait-ms 50\n"
                   "console tab \"Lab\"\n"
                   "wait-ms 50\n"
                   "console dns-check \"lab.maillab.test\"\n"
                   "dns-check \"lab.maillab.test\"\n"
                   "console reset\n"),
              "");
    EXPECT_EQ(app_->scenario()->scenario().id, "smtp-auth-disabled");
    EXPECT_EQ(app_->dns_check().domain(), "lab.maillab.test");
    EXPECT_FALSE(app_->dns_check().results().empty());
    EXPECT_FALSE(console().show_tab("Nope"));
}

TEST(TrainerConsoleScript, BadConsoleLinesAreRejectedWhenTheScriptIsRead) {
    auto script = parse_script("console tab \"Nope\"\n");
    ASSERT_FALSE(script);
    EXPECT_NE(script.error().message.find("line 1"), std::string::npos);
    EXPECT_FALSE(parse_script("console fly\n"));
    EXPECT_TRUE(parse_script("console diagnose \"alex@lab.maillab.test\"\n"));
}

} // namespace
} // namespace maillab::sim::test
