// The --play script language and the command line.
#include "app/options.hpp"
#include "app/script.hpp"

#include <gtest/gtest.h>

namespace maillab::sim {
namespace {

TEST(SimScript, ParsesEveryCommand) {
    auto s = parse_script("# comment\n\ntap \"Add Account\"\ntype \"a \\\"b\\\" c\"\nkey Enter\n"
                          "wait-screen accounts\nwait-alert \"Cannot Send Mail\"\nwait-ms 250\n"
                          "screenshot out.png\n");
    ASSERT_TRUE(s) << s.error().message;
    ASSERT_EQ(s->size(), 7u);
    EXPECT_EQ((*s)[0].kind, ScriptCommand::Kind::tap);
    EXPECT_EQ((*s)[0].arg, "Add Account");
    EXPECT_EQ((*s)[0].line, 3);
    EXPECT_EQ((*s)[1].arg, "a \"b\" c");
    EXPECT_EQ((*s)[2].arg, "Enter");
    EXPECT_EQ((*s)[3].kind, ScriptCommand::Kind::wait_screen);
    EXPECT_EQ((*s)[4].arg, "Cannot Send Mail");
    EXPECT_EQ((*s)[5].arg, "250");
    EXPECT_EQ((*s)[6].kind, ScriptCommand::Kind::screenshot);
}

TEST(SimScript, RejectsBadLinesNamingTheLine) {
    for (const char* bad :
         {"tap Settings", "wiggle", "key F13", "wait-ms soon", "wait-screen", "type \"open"}) {
        auto s = parse_script(std::string("tap \"ok\"\n") + bad + "\n");
        ASSERT_FALSE(s) << bad;
        EXPECT_NE(s.error().message.find("line 2"), std::string::npos) << s.error().message;
    }
}

TEST(SimOptions, ParsesTheContract) {
    auto o =
        parse_options({"--headless", "--frames", "5", "--play", "x.play", "--dump-state", "s.json",
                       "--state", "d.json", "--resolver", "127.0.0.1:5353", "--ca-file", "ca.pem"});
    ASSERT_TRUE(o) << o.error().message;
    EXPECT_TRUE(o->headless);
    EXPECT_EQ(o->frames, 5);
    EXPECT_EQ(*o->play, "x.play");
    EXPECT_EQ(*o->dump_state, "s.json");
    EXPECT_EQ(*o->state, "d.json");
    EXPECT_EQ(*o->resolver, "127.0.0.1:5353");
    EXPECT_EQ(*o->ca_file, "ca.pem");
}

TEST(SimOptions, RejectsBadUsage) {
    EXPECT_FALSE(parse_options({"--frames"}));
    EXPECT_FALSE(parse_options({"--frames", "0"}));
    EXPECT_FALSE(parse_options({"--bogus"}));
    EXPECT_FALSE(parse_options({"--headless", "--screenshot", "x.png"}));
    EXPECT_FALSE(parse_options({"--scale", "big"}));
}

} // namespace
} // namespace maillab::sim

namespace maillab::sim {
namespace {

TEST(SimScript, ParsesLabLines) {
    auto script =
        parse_script("lab password \"alex@lab.maillab.test\" \"new pass 1\"\n"
                     "lab smtp-auth \"jordan@lab.maillab.test\" off\n"
                     "lab certificate wrong_name\nlab close-port smtp_tls\nlab delay 250\n"
                     "wait-lab message_delivered \"sam@lab.maillab.test\"\nwait-lab login_ok\n"
                     "lab discovery off\ntype-password \"alex@lab.maillab.test\"\n");
    ASSERT_TRUE(script) << script.error().message;
    ASSERT_EQ(script->size(), 9u);
    EXPECT_EQ((*script)[0].lab_action->kind, LabAction::Kind::password);
    EXPECT_EQ((*script)[0].lab_action->value, "new pass 1");
    EXPECT_EQ((*script)[1].lab_action->value, "off");
    EXPECT_EQ((*script)[2].lab_action->certificate, lab::CertificateKind::wrong_name);
    EXPECT_EQ((*script)[3].lab_action->service, lab::Service::smtp_tls);
    EXPECT_EQ((*script)[4].lab_action->delay, std::chrono::milliseconds(250));
    EXPECT_EQ((*script)[5].lab_wait->kind, lab::EventKind::message_delivered);
    EXPECT_EQ((*script)[5].lab_wait->address, "sam@lab.maillab.test");
    EXPECT_TRUE((*script)[6].lab_wait->address.empty());
    EXPECT_EQ((*script)[7].lab_action->kind, LabAction::Kind::discovery);
    EXPECT_EQ((*script)[7].lab_action->value, "off");
    EXPECT_EQ((*script)[8].kind, ScriptCommand::Kind::type_password);
    EXPECT_EQ((*script)[8].arg, "alex@lab.maillab.test");
}

TEST(SimScript, ParsesLabDeliverLinesWithAndWithoutASender) {
    auto script = parse_script(
        "lab deliver \"alex@lab.maillab.test\" \"Photos\" \"Sam Chen <sam@lab.maillab.test>\"\n"
        "lab deliver \"alex@lab.maillab.test\" \"Hello\"\nwait-lab messages_removed\n");
    ASSERT_TRUE(script) << script.error().message;
    ASSERT_EQ(script->size(), 3u);
    EXPECT_EQ((*script)[0].lab_action->kind, LabAction::Kind::deliver);
    EXPECT_EQ((*script)[0].lab_action->address, "alex@lab.maillab.test");
    EXPECT_EQ((*script)[0].lab_action->value, "Photos");
    EXPECT_EQ((*script)[0].lab_action->from, "Sam Chen <sam@lab.maillab.test>");
    EXPECT_EQ((*script)[1].lab_action->from, "MailLab Trainer <trainer@lab.maillab.test>");
    EXPECT_EQ((*script)[2].lab_wait->kind, lab::EventKind::messages_removed);
    for (const char* bad : {"lab deliver \"a@b\"", "lab deliver \"a@b\" \"\"",
                            "lab deliver \"a@b\" \"s\" \"f\" \"extra\""}) {
        auto wrong = parse_script(bad);
        ASSERT_FALSE(wrong) << bad;
        EXPECT_NE(wrong.error().message.find("deliver"), std::string::npos)
            << wrong.error().message;
    }
}

TEST(SimScript, RejectsBadLabLinesNamingTheProblem) {
    for (const char* bad :
         {"lab certificate rotten", "lab close-port nntp", "lab delay -1",
          "lab password \"only-one\"", "wait-lab lunch", "lab smtp-auth \"a\" maybe",
          "lab password \"a@b\" \"unclosed", "lab discovery maybe", "type-password alex"}) {
        auto script = parse_script(bad);
        ASSERT_FALSE(script) << bad;
        EXPECT_NE(script.error().message.find("line 1"), std::string::npos)
            << script.error().message;
    }
}

} // namespace
} // namespace maillab::sim

namespace {

TEST(SimScript, AQuotedWordReadsBackAsItWasWrittenQuotesBackslashesAndNewlinesIncluded) {
    for (const std::string word :
         {"plain", "two words", "a \"quote\"", "back\\slash", "line\nbreak", "ends with \\", ""}) {
        const auto words = maillab::sim::script_words(maillab::sim::script_quoted(word));
        ASSERT_TRUE(words) << word;
        ASSERT_EQ(words->size(), 1u) << word;
        EXPECT_EQ(words->front(), word);
    }
}

} // namespace
