// Headless frames with injected taps: the way from the home screen to "Add Mail Account", the
// back button, Cancel, the home indicator.
#include "sim_harness.hpp"

namespace maillab::sim::test {
namespace {

using Stack = std::vector<std::string>;

TEST_F(SimTest, StartsOnTheHomeScreenWithSettingsAndMail) {
    start();
    EXPECT_EQ(stack(), Stack{"home"});
    ASSERT_NE(target("Settings"), nullptr);
    ASSERT_NE(target("Mail"), nullptr);
    EXPECT_EQ(target("Settings")->kind, "icon");
}

TEST_F(SimTest, HomeToAddMailAccountSheet) {
    start();
    ASSERT_EQ(play(to_new_account), "");
    EXPECT_EQ(stack(), (Stack{"home", "settings", "mail", "accounts", "add-account", "other",
                              "new-account"}));
    for (const char* field : {"Name", "Email", "Password", "Description"}) {
        const ui::Target* t = target(field);
        ASSERT_NE(t, nullptr) << field;
        EXPECT_EQ(t->kind, "field");
    }
    ASSERT_NE(target("nav/Next"), nullptr);
    EXPECT_FALSE(target("nav/Next")->enabled) << "Next waits for an address and a password";
    ASSERT_NE(target("nav/Cancel"), nullptr);
    EXPECT_EQ(app_->ui().focused(), "Name") << "the sheet opens with the first field focused";
}

TEST_F(SimTest, BackButtonNamesThePreviousScreenAndPops) {
    start();
    ASSERT_EQ(play("tap \"Settings\"\nwait-screen settings\ntap \"Mail\"\nwait-screen mail\n"), "");
    const ui::Target* back = target("back");
    ASSERT_NE(back, nullptr);
    EXPECT_EQ(back->label, "Settings");
    ASSERT_EQ(play("tap \"back\"\nwait-screen settings\n"), "");
    EXPECT_EQ(stack(), (Stack{"home", "settings"}));
}

TEST_F(SimTest, TypingFillsTheFieldsAndEnablesNext) {
    start();
    ASSERT_EQ(play(to_new_account), "");
    ASSERT_EQ(
        play("type \"Alice\"\nkey Tab\ntype \"alice@example.com\"\nkey Tab\ntype \"pw-typed-1\"\n"),
        "");
    EXPECT_EQ(app_->ui().focused(), "Password");
    ASSERT_NE(target("nav/Next"), nullptr);
    EXPECT_TRUE(target("nav/Next")->enabled);
    // Backspace removes the last character; an empty password disables Next again.
    ASSERT_EQ(play("key Backspace\nkey Backspace\nkey Backspace\nkey Backspace\nkey Backspace\n"
                   "key Backspace\nkey Backspace\nkey Backspace\nkey Backspace\nkey Backspace\n"),
              "");
    EXPECT_FALSE(target("nav/Next")->enabled);
    // Tapping a field focuses it.
    ASSERT_EQ(play("tap \"Description\"\n"), "");
    EXPECT_EQ(app_->ui().focused(), "Description");
    EXPECT_EQ(engine_->discoveries.load(), 0);
}

TEST_F(SimTest, CancelDismissesTheSheetWithoutAnAccount) {
    start();
    ASSERT_EQ(play(to_new_account), "");
    ASSERT_EQ(play("type \"Alice\"\ntap \"Cancel\"\nwait-screen other\n"), "");
    EXPECT_EQ(stack(), (Stack{"home", "settings", "mail", "accounts", "add-account", "other"}));
    EXPECT_TRUE(app_->device().device().accounts.empty());
    EXPECT_EQ(app_->add_account().machine().screen(), setup::Screen::cancelled);
    EXPECT_FALSE(std::filesystem::exists(state_file_)) << "nothing to save";
}

TEST_F(SimTest, EscapeGoesBackAndCancelsSheets) {
    start();
    ASSERT_EQ(play(to_new_account), "");
    ASSERT_EQ(play("key Escape\nwait-screen other\nkey Escape\nwait-screen add-account\n"), "");
}

TEST_F(SimTest, HomeIndicatorReturnsToTheHomeScreen) {
    start();
    ASSERT_EQ(play("tap \"Settings\"\nwait-screen settings\ntap \"Mail\"\nwait-screen mail\n"
                   "tap \"Home\"\nwait-screen home\n"),
              "");
    EXPECT_EQ(stack(), Stack{"home"});
}

TEST_F(SimTest, UnknownLabelFailsWithTheLabelsShown) {
    start();
    auto commands = parse_script("tap \"Nope\"\n");
    ASSERT_TRUE(commands);
    ScriptPlayer player(std::move(*commands), std::chrono::milliseconds(50));
    for (int i = 0; i < 10000 && !player.done(); ++i)
        session_->frame(*app_, &player);
    ASSERT_TRUE(player.failed());
    EXPECT_NE(player.error().find("\"Settings\""), std::string::npos) << player.error();
}

} // namespace
} // namespace maillab::sim::test

namespace maillab::sim::test {
namespace {

TEST_F(SimTest, EachIosVersionKeepsTheAccountsWhereThatIosDid) {
    struct Path {
        flows::IosVersion version;
        std::string script;
        std::string title;
    };
    const std::vector<Path> paths = {
        {flows::IosVersion::ios6, "tap \"Mail, Contacts, Calendars\"\n",
         "Mail, Contacts, Calendars"},
        {flows::IosVersion::ios12, "tap \"Passwords & Accounts\"\n", "Passwords & Accounts"},
        {flows::IosVersion::ios17, "tap \"Mail\"\nwait-screen mail\ntap \"Accounts\"\n",
         "Accounts"},
        {flows::IosVersion::ios18,
         "tap \"Apps\"\nwait-screen apps\ntap \"Mail\"\nwait-screen mail\ntap \"Mail Accounts\"\n",
         "Mail Accounts"},
    };
    start();
    for (const auto& p : paths) {
        SCOPED_TRACE(std::string(flows::to_string(p.version)));
        app_->set_ios(p.version);
        ASSERT_EQ(play("tap \"Settings\"\nwait-screen settings\n" + p.script +
                       "wait-screen accounts\ntap \"Add Account\"\nwait-screen add-account\n"),
                  "");
        EXPECT_EQ(app_->nav().find("accounts")->nav(*app_).title, p.title);
        EXPECT_NE(app_->dump_state_json().find("\"ios\": \"" +
                                               std::string(flows::to_string(p.version)) + "\""),
                  std::string::npos);
        app_->go_home();
        frames(2);
    }
}

} // namespace
} // namespace maillab::sim::test
