// --record on the simulated phone and its lab: what a person does becomes a --play script that
// never holds a password, names ambiguous elements by their ids, and replays; and the touches a
// scripted tap shows.
#include "app/recorder.hpp"
#include "app/touch_indicator.hpp"
#include "lab_phone_harness.hpp"
#include "training/scenario.hpp"

namespace maillab::sim::test {
namespace {

class RecorderOnTheLab : public LabPhoneTest {
  protected:
    std::string record(const std::string& script) {
        session_->set_recorder(&recorder_);
        const auto error = play(script);
        session_->set_recorder(nullptr);
        EXPECT_EQ(error, "") << app_->dump_state_json();
        return recorder_.script(*app_);
    }
    Recorder recorder_;
};

const std::string to_the_server_fields = "lab discovery off\n" +
                                         add_lab_account_script(lab_alex, lab_alex_password) +
                                         "wait-screen manual-servers\n";

TEST_F(RecorderOnTheLab, ALabUsersPasswordIsRecordedAsTypePasswordAndNeverInClear) {
    const auto script = record(to_the_server_fields);
    EXPECT_EQ(script.find(lab_alex_password), std::string::npos) << script;
    EXPECT_NE(script.find("type-password \"" + lab_alex +
                          "\"\ntap \"Next\"\n"
                          "wait-screen manual-servers\n"),
              std::string::npos)
        << script;
    EXPECT_NE(script.find("type \"Lab Trainee\"\nkey Tab\n"), std::string::npos) << script;
    EXPECT_TRUE(recorder_.warnings().empty());
}

TEST_F(RecorderOnTheLab, AnotherPasswordIsLeftOutWithAWarningThatNamesTheFieldNotThePassword) {
    const auto script = record(to_the_server_fields +
                               "tap \"OUTGOING MAIL SERVER/Password\"\ntype \"Not-A-Lab-Pass\"\n");
    EXPECT_EQ(script.find("Not-A-Lab-Pass"), std::string::npos) << script;
    EXPECT_NE(script.find("# 14 characters typed into OUTGOING MAIL SERVER/Password"),
              std::string::npos)
        << script;
    ASSERT_EQ(recorder_.warnings().size(), 1u);
    EXPECT_EQ(recorder_.warnings()[0].find("Not-A-Lab"), std::string::npos);
}

TEST_F(RecorderOnTheLab, ALabPasswordTypedIntoAPlainFieldIsStillNotWrittenInClear) {
    const auto script = record(to_the_server_fields +
                               "tap \"OUTGOING MAIL SERVER/Host Name\"\ntype \"" +
                               lab_alex_password + "\"\n");
    EXPECT_EQ(script.find(lab_alex_password), std::string::npos) << script;
    EXPECT_NE(script.find("tap \"OUTGOING MAIL SERVER/Host Name\"\ntype-password \"" + lab_alex +
                          "\""),
              std::string::npos)
        << script;
}

TEST_F(RecorderOnTheLab, ALabelShownTwiceIsRecordedByItsIdAndBackspaceEditsTheTyping) {
    const auto script = record(to_the_server_fields +
                               "tap \"OUTGOING MAIL SERVER/Host Name\"\ntype \"out.lab.xy\"\n"
                               "key Backspace\nkey Backspace\ntype \"maillab.test\"\n");
    EXPECT_NE(script.find("tap \"OUTGOING MAIL SERVER/Host Name\"\n"
                          "type \"out.lab.maillab.test\"\n"),
              std::string::npos)
        << script;
}

TEST_F(RecorderOnTheLab, TheRecordingReplaysOnAFreshPhoneToTheSameAccount) {
    const auto script =
        record(to_the_server_fields +
               "tap \"INCOMING MAIL SERVER/Host Name\"\ntype \"in.lab.maillab.test\"\n"
               "tap \"OUTGOING MAIL SERVER/Host Name\"\ntype \"out.lab.maillab.test\"\n"
               "tap \"OUTGOING MAIL SERVER/User Name\"\ntype \"" +
               lab_alex +
               "\"\n"
               "tap \"OUTGOING MAIL SERVER/Password\"\ntype \"" +
               lab_alex_password +
               "\"\n"
               "tap \"Next\"\nwait-screen save-account\ntap \"Save\"\nwait-screen accounts\n");
    ASSERT_EQ(app_->device().device().accounts.size(), 1u);
    const auto first = app_->device().device().accounts[0];
    TearDown();
    SetUp();
    ASSERT_EQ(play("lab discovery off\n" + script), "") << script;
    ASSERT_EQ(app_->device().device().accounts.size(), 1u);
    const auto& replayed = app_->device().device().accounts[0];
    EXPECT_EQ(replayed.incoming.server.host, "in.lab.maillab.test");
    EXPECT_EQ(replayed.primary_smtp.server.host, first.primary_smtp.server.host);
    EXPECT_EQ(replayed.primary_smtp.server.password, lab_alex_password);
    EXPECT_EQ(app_->nav().top_id(), "accounts");
}

TEST_F(RecorderOnTheLab, ATapOutsideAnActionSheetIsRecordedAsItsCancelButton) {
    auto scenario = training::load_scenario(std::filesystem::path(MAILLAB_SCENARIOS_DIR) /
                                            "optional-smtp-credentials.scenario");
    ASSERT_TRUE(scenario) << scenario.error().message;
    ASSERT_EQ(app_->begin_scenario(*scenario), "");
    session_->set_recorder(&recorder_);
    ASSERT_EQ(play("tap \"Mail\"\nwait-screen inbox\ntap \"Compose\"\nwait-screen compose\n"
                   "type \"friend@example.com\"\ntap \"Cancel\"\nwait-alert \"Delete Draft\"\n"
                   "wait-ms 500\n"),
              "");
    ImGuiIO& io = ImGui::GetIO();
    const ImVec2 above_the_sheet = app_->ui().px(200, 150);
    for (bool down : {true, false, false}) {
        io.MousePos = above_the_sheet;
        io.MouseDown[0] = down;
        session_->frame(*app_);
    }
    session_->set_recorder(nullptr);
    EXPECT_FALSE(app_->current_alert());
    const auto script = recorder_.script(*app_);
    EXPECT_NE(script.find("wait-alert \"Delete Draft\"\ntap \"alert/Cancel\"\n"), std::string::npos)
        << script;
}

TEST_F(LabPhoneTest, AScriptedTapShowsWhereItLandedForAMomentThenFades) {
    auto commands = parse_script("tap \"Settings\"\nwait-screen settings\n");
    ASSERT_TRUE(commands) << commands.error().message;
    ScriptPlayer player(std::move(*commands), std::chrono::seconds(20));
    EXPECT_FALSE(player.last_touch());
    for (int i = 0; i < 2000 && !player.done(); ++i)
        session_->frame(*app_, &player);
    ASSERT_EQ(player.error(), "");
    ASSERT_TRUE(player.last_touch());
    const auto tapped = player.last_touch()->time;
    EXPECT_TRUE(touch_visible(player, tapped + touch_shown_for));
    EXPECT_FALSE(touch_visible(player, tapped + touch_shown_for + touch_fade));
    ImDrawList list(ImGui::GetDrawListSharedData());
    list._ResetForNewFrame();
    list.PushClipRectFullScreen();
    draw_touch_indicator(&list, player, tapped + std::chrono::milliseconds(100), 1.0f);
    EXPECT_GT(list.VtxBuffer.Size, 0);
    const int drawn = list.VtxBuffer.Size;
    draw_touch_indicator(&list, player, tapped + std::chrono::seconds(1), 1.0f);
    EXPECT_EQ(list.VtxBuffer.Size, drawn) << "a faded touch draws nothing";
}

} // namespace
} // namespace maillab::sim::test
