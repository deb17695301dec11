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
    for (const char* bad : {"tap Settings", "wiggle", "key F13", "wait-ms soon", "wait-screen", "type \"open"}) {
        auto s = parse_script(std::string("tap \"ok\"\n") + bad + "\n");
        ASSERT_FALSE(s) << bad;
        EXPECT_NE(s.error().message.find("line 2"), std::string::npos) << s.error().message;
    }
}

TEST(SimOptions, ParsesTheContract) {
    auto o = parse_options({"--headless", "--frames", "5", "--play", "x.play", "--dump-state", "s.json",
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
