// Training scenarios: the file format (errors name the file and the line), and every scenario in
// assets/scenarios played on the lab: its solution ends in success, each wrong path in failure
// with the failure debrief.
#include "lab_phone_harness.hpp"
#include "training/scenario.hpp"
#include "training/session_report.hpp"

#include <fstream>
#include <iterator>

namespace maillab::sim::test {
namespace {

using training::Condition;
using training::parse_scenario;

const char* minimal =
    "id: demo\ntitle: A demo\ngoal: Learn it.\n  Really.\nstart: empty\n"
    "step: Open Add Mail Account\nhint: Settings > Mail\ndone: screen new-account\n"
    "success: account-saved alex@lab.maillab.test\n"
    "debrief-success: Well done.\ndebrief-failure: Not yet.\nsolution: demo.play\n";

TEST(ScenarioFile, AMinimalScenarioParsesWithFoldedLines) {
    auto s = parse_scenario(minimal, "demo.scenario");
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->goal, "Learn it. Really.");
    ASSERT_EQ(s->steps.size(), 1u);
    EXPECT_EQ(s->steps[0].done_when[0].kind, Condition::Kind::screen);
    EXPECT_EQ(s->success[0].kind, Condition::Kind::account_saved);
    EXPECT_EQ(s->success[0].address, "alex@lab.maillab.test");
}

TEST(ScenarioFile, ASecondDeviceAndNegatedConditionsParse) {
    auto s = parse_scenario(std::string(minimal) +
                                "second-device: laptop pop3-delete alex@lab.maillab.test every 45\n"
                                "before: lab deliver \"alex@lab.maillab.test\" \"Photos\"\n"
                                "success: not phone-inbox-has \"Photos\"\n"
                                "success: second-device-protocol imap\n"
                                "success: new-mail-on-both alex@lab.maillab.test\n",
                            "demo.scenario");
    ASSERT_TRUE(s) << s.error().message;
    ASSERT_TRUE(s->second_device);
    EXPECT_EQ(s->second_device->mode, training::SecondDeviceStart::Mode::pop3_delete);
    EXPECT_EQ(s->second_device->address, "alex@lab.maillab.test");
    EXPECT_EQ(s->second_device->check_every_seconds, 45);
    ASSERT_EQ(s->success.size(), 4u);
    EXPECT_EQ(s->success[1].kind, Condition::Kind::phone_inbox_has);
    EXPECT_TRUE(s->success[1].negated);
    EXPECT_EQ(s->success[1].arg, "Photos");
    EXPECT_EQ(s->success[2].kind, Condition::Kind::second_device_protocol);
    EXPECT_FALSE(s->success[2].negated);
    EXPECT_EQ(s->success[3].kind, Condition::Kind::new_mail_on_both);
    EXPECT_FALSE(parse_scenario(minimal, "demo.scenario")->second_device);
}

TEST(ScenarioFile, ARepeatedNotIsRefusedWithoutRecursion) {
    std::string nots;
    for (int i = 0; i < 60000; ++i)
        nots += "not ";
    auto s = parse_scenario(std::string(minimal) + "success: " + nots + "screen inbox\n",
                            "demo.scenario");
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().message.find("not not"), std::string::npos) << s.error().message;
}

TEST(ScenarioFile, ErrorsNameTheFileTheLineAndTheProblem) {
    struct Case {
        std::string text;
        std::string expected;
    };
    const std::string base = minimal;
    const std::vector<Case> cases = {
        {base + "colour: blue\n", "demo.scenario:13: unknown key \"colour\""},
        {base + "success: weather sunny\n", "demo.scenario:13: success: unknown condition"},
        {base + "step: Another\n", "demo.scenario:13: step \"Another\" has no \"done:\""},
        {base + "before: rm -rf /\n", "demo.scenario:13: before: a lab line"},
        {base + "before: lab certificate rotten\n", "demo.scenario:13: before:"},
        {base + "solution: ../../etc/passwd.play\n", "demo.scenario:13: solution:"},
        {base + "title: Again\n", "demo.scenario:13: title: given twice"},
        {"  folded\n" + base, "demo.scenario:1: a continuation line before any entry"},
        {base + "just words\n", "demo.scenario:13: expected \"key: value\""},
        {"hint: orphan\n" + base, "demo.scenario:1: hint: belongs to a step"},
        {"id: Bad Id\n", "demo.scenario:1: id: lower-case"},
        {"id: other\ntitle: t\ngoal: g\nstep: s\ndone: screen x\nsuccess: screen x\n"
         "debrief-success: a\ndebrief-failure: b\nsolution: x.play\n",
         "must match the file name"},
        {"id: demo\n", "\"title:\" is missing"},
        {base + "setting: outgoing.port 25\n",
         "demo.scenario:13: setting: changes the starting account"},
        {"id: demo\nstart: lab-account a@b\nsetting: outgoing.port 99999\n",
         "demo.scenario:3: setting: FIELD VALUE"},
        {base + "second-device: tablet pop3-delete a@b\n",
         "demo.scenario:13: second-device: laptop pop3-delete|pop3-keep|imap ADDRESS"},
        {base + "second-device: laptop pop2 a@b\n", "demo.scenario:13: second-device: laptop"},
        {base + "second-device: laptop imap nobody\n",
         "demo.scenario:13: second-device: \"nobody\" is not a mail address"},
        {base + "second-device: laptop imap a@b every 2\n", "(5 to 3600)"},
        {base + "second-device: laptop imap a@b\nsecond-device: laptop imap a@b\n",
         "demo.scenario:14: second-device: given twice"},
        {base + "success: second-device-protocol smtp\n", "demo.scenario:13: success: unknown"},
        {base + "success: not\n", "demo.scenario:13: success: unknown condition"},
        {base + "before: lab deliver \"a@b\"\n", "demo.scenario:13: before: lab: one of"},
        {"id: demo\nstart: lab-account a@b\nsetting: colour blue\n", "demo.scenario:3: setting:"},
    };
    for (const auto& c : cases) {
        auto s = parse_scenario(c.text, "demo.scenario");
        ASSERT_FALSE(s) << c.text;
        EXPECT_NE(s.error().message.find(c.expected), std::string::npos)
            << "expected \"" << c.expected << "\" in: " << s.error().message;
    }
}

TEST(ScenarioFile, EveryShippedScenarioLoads) {
    auto all = training::load_scenarios(MAILLAB_SCENARIOS_DIR);
    ASSERT_TRUE(all) << all.error().message;
    EXPECT_GE(all->size(), 2u);
}

std::string read_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

class ScenarioOnTheLab : public LabPhoneTest {
  protected:
    training::Scenario load(const std::string& id) {
        auto s = training::load_scenario(std::filesystem::path(MAILLAB_SCENARIOS_DIR) /
                                         (id + ".scenario"));
        EXPECT_TRUE(s) << s.error().message;
        return s ? *s : training::Scenario{};
    }
};

TEST_F(ScenarioOnTheLab, EverySolutionAutoplaysToSuccess) {
    auto all = training::load_scenarios(MAILLAB_SCENARIOS_DIR);
    ASSERT_TRUE(all) << all.error().message;
    for (const auto& scenario : *all) {
        SCOPED_TRACE(scenario.id);
        TearDown();
        SetUp();
        ASSERT_EQ(app_->begin_scenario(scenario), "");
        EXPECT_FALSE(app_->scenario()->succeeded(*app_));
        const std::string solution = read_file(scenario.file.parent_path() / scenario.solution);
        ASSERT_EQ(play(solution), "") << app_->dump_state_json();
        EXPECT_TRUE(app_->scenario()->succeeded(*app_)) << app_->scenario()->debrief(*app_);
        EXPECT_EQ(app_->scenario()->steps_done(), scenario.steps.size());
        const auto debrief = app_->scenario()->debrief(*app_);
        EXPECT_EQ(debrief.rfind(scenario.debrief_success, 0), 0u);
        EXPECT_EQ(debrief.find("Lab-Alex-202"), std::string::npos) << "a password in the debrief";
    }
}

TEST_F(ScenarioOnTheLab, EveryWrongPathEndsInFailureWithTheFailureDebrief) {
    auto all = training::load_scenarios(MAILLAB_SCENARIOS_DIR);
    ASSERT_TRUE(all) << all.error().message;
    int wrong_paths = 0;
    for (const auto& scenario : *all)
        for (const auto& wrong : scenario.wrong_paths) {
            SCOPED_TRACE(scenario.id + " / " + wrong);
            ++wrong_paths;
            TearDown();
            SetUp();
            ASSERT_EQ(app_->begin_scenario(scenario), "");
            ASSERT_EQ(play(read_file(scenario.file.parent_path() / wrong)), "")
                << app_->dump_state_json();
            EXPECT_FALSE(app_->scenario()->succeeded(*app_));
            EXPECT_EQ(app_->scenario()->debrief(*app_).rfind(scenario.debrief_failure, 0), 0u);
        }
    EXPECT_GE(wrong_paths, 2);
}

TEST_F(ScenarioOnTheLab, UpdatingOnlyTheIncomingPasswordIsNotSuccessAndTheDebriefSaysWhy) {
    const auto scenario = load("changed-password-cant-send");
    ASSERT_EQ(scenario.wrong_paths.size(), 1u);
    ASSERT_EQ(app_->begin_scenario(scenario), "");
    ASSERT_EQ(play(read_file(scenario.file.parent_path() / scenario.wrong_paths[0])), "")
        << app_->dump_state_json();
    ASSERT_FALSE(app_->scenario()->succeeded(*app_));
    EXPECT_EQ(app_->scenario()->steps_done(), 2u);
    const auto debrief = app_->scenario()->debrief(*app_);
    EXPECT_EQ(debrief.rfind(scenario.debrief_failure, 0), 0u);
    EXPECT_NE(debrief.find("[ ] outgoing-password-current"), std::string::npos) << debrief;
    EXPECT_NE(debrief.find("smtp smtp_auth_failed alex@lab.maillab.test: 535 5.7.8"),
              std::string::npos)
        << debrief;
    EXPECT_NE(app_->dump_state_json().find("\"success\":false"), std::string::npos);
}

TEST_F(ScenarioOnTheLab, LeavingMailOnTheServerKeepsNewMailOnBothButIsNotTheFix) {
    const auto scenario = load("pop-vs-imap-two-devices");
    ASSERT_EQ(scenario.wrong_paths.size(), 2u);
    ASSERT_EQ(app_->begin_scenario(scenario), "");
    ASSERT_NE(app_->second_device(), nullptr);
    EXPECT_EQ(app_->second_device()->settings().protocol, IncomingProtocol::pop3);
    EXPECT_FALSE(app_->second_device()->leave_on_server());
    EXPECT_EQ(lab_->lab().mailbox_count(lab_alex).messages, 4u) << "the message before it";
    ASSERT_EQ(play(read_file(scenario.file.parent_path() / scenario.wrong_paths[0])), "")
        << app_->dump_state_json();
    EXPECT_TRUE(app_->second_device()->leave_on_server());
    EXPECT_FALSE(app_->scenario()->succeeded(*app_));
    EXPECT_EQ(app_->scenario()->steps_done(), 3u);
    EXPECT_FALSE(app_->scenario()->step_done(2)) << "Move the laptop's account to IMAP";
    const auto debrief = app_->scenario()->debrief(*app_);
    EXPECT_NE(debrief.find("[ ] second-device-protocol imap"), std::string::npos) << debrief;
    EXPECT_NE(debrief.find("[x] new-mail-on-both alex@lab.maillab.test"), std::string::npos)
        << debrief;
    EXPECT_NE(debrief.find("pop3 messages_removed alex@lab.maillab.test: 4 messages"),
              std::string::npos)
        << debrief;
}

TEST_F(ScenarioOnTheLab, ALaptopThatKeepsDeletingTakesTheTestMessageFromThePhoneToo) {
    const auto scenario = load("pop-vs-imap-two-devices");
    ASSERT_EQ(app_->begin_scenario(scenario), "");
    ASSERT_EQ(play(read_file(scenario.file.parent_path() / scenario.wrong_paths[1])), "")
        << app_->dump_state_json();
    EXPECT_FALSE(app_->scenario()->succeeded(*app_));
    EXPECT_EQ(lab_->lab().mailbox_count(lab_alex).messages, 0u);
    ASSERT_NE(app_->mail().mailbox(lab_alex), nullptr);
    EXPECT_TRUE(app_->mail().mailbox(lab_alex)->inbox.empty());
    EXPECT_TRUE(app_->second_device()->kept_on_laptop().empty());
    EXPECT_EQ(app_->second_device()->inbox().size(), 5u) << "every message is on the laptop only";
    const auto debrief = app_->scenario()->debrief(*app_);
    EXPECT_NE(debrief.find("[ ] new-mail-on-both"), std::string::npos) << debrief;
}

TEST_F(ScenarioOnTheLab, AScenarioStartsFromItsStateAndTheLabChangesBeforeIt) {
    ASSERT_EQ(app_->begin_scenario(load("changed-password-cant-send")), "");
    ASSERT_EQ(app_->device().device().accounts.size(), 1u);
    EXPECT_EQ(app_->device().device().accounts[0].incoming.server.host, "imap.lab.maillab.test");
    EXPECT_TRUE(lab_->lab().password_is(lab_alex, "Lab-Alex-2027"));
    EXPECT_FALSE(lab_->lab().password_is(lab_alex, lab_alex_password));
}

} // namespace
} // namespace maillab::sim::test

namespace maillab::sim::test {
namespace {

TEST_F(LabPhoneTest, ScenarioHintsFollowTheChosenIos) {
    auto scenario = training::load_scenario(std::filesystem::path(MAILLAB_SCENARIOS_DIR) /
                                            "changed-password-cant-send.scenario");
    ASSERT_TRUE(scenario);
    ASSERT_EQ(app_->begin_scenario(*scenario), "");
    EXPECT_EQ(app_->scenario()->hint(1, *app_).rfind(
                  "Settings \u203A Mail \u203A Accounts \u203A Lab", 0),
              0u);
    app_->set_ios(flows::IosVersion::ios6);
    EXPECT_EQ(app_->scenario()->hint(1, *app_).rfind(
                  "Settings \u203A Mail, Contacts, Calendars \u203A Lab", 0),
              0u);
    app_->set_ios(flows::IosVersion::ios18);
    EXPECT_EQ(app_->scenario()->hint(1, *app_).rfind(
                  "Settings \u203A Apps \u203A Mail \u203A Mail Accounts", 0),
              0u);
    EXPECT_EQ(app_->scenario()->hint(1, *app_).find("{accounts}"), std::string::npos);
}

} // namespace
} // namespace maillab::sim::test

namespace maillab::sim::test {
namespace {

TEST_F(LabPhoneTest, TheSessionReportHasStepsTimingsActionsAndNoPassword) {
    auto scenario = training::load_scenario(std::filesystem::path(MAILLAB_SCENARIOS_DIR) /
                                            "changed-password-cant-send.scenario");
    ASSERT_TRUE(scenario);
    ASSERT_EQ(app_->begin_scenario(*scenario), "");
    std::ifstream in(scenario->file.parent_path() / scenario->solution, std::ios::binary);
    ASSERT_EQ(play(std::string(std::istreambuf_iterator<char>(in), {})), "");
    const std::string report = training::session_report_markdown(*app_);
    EXPECT_NE(report.find("**success** (4 of 4 steps)"), std::string::npos) << report;
    EXPECT_NE(report.find("| 2 | Update the account's password | "), std::string::npos);
    EXPECT_EQ(report.find("not done"), std::string::npos);
    EXPECT_NE(report.find("typed 13 characters into INCOMING MAIL SERVER/Password"),
              std::string::npos);
    EXPECT_NE(report.find("tap \u201cDone\u201d"), std::string::npos);
    EXPECT_NE(report.find("**Cannot Get Mail**"), std::string::npos);
    EXPECT_NE(report.find("smtp message_delivered sam@lab.maillab.test"), std::string::npos);
    EXPECT_EQ(report.find("Lab-Alex-202"), std::string::npos) << "a password in the report";
}

} // namespace
} // namespace maillab::sim::test
