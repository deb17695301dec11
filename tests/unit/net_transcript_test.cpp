#include "net/transcript.hpp"

#include <chrono>
#include <gtest/gtest.h>
#include <string>
#include <thread>

namespace {

using maillab::Direction;
using maillab::net::Transcript;
using namespace std::string_literals;

const std::string kEllipsis = "\u2026";

TEST(Transcript, StepsRecordStageHostPortDirectionAndText) {
    Transcript t("imap.example.com", 993);
    t.received("greeting", "* OK ready");
    t.sent("capability", "a1 CAPABILITY");
    t.note("tls-handshake", "TLSv1.3");
    const auto& steps = t.steps();
    ASSERT_EQ(steps.size(), 3u);
    EXPECT_EQ(steps[0].stage, "greeting");
    EXPECT_EQ(steps[0].host, "imap.example.com");
    EXPECT_EQ(steps[0].port, 993);
    EXPECT_EQ(steps[0].direction, Direction::received);
    EXPECT_EQ(steps[0].text, "* OK ready");
    EXPECT_EQ(steps[1].direction, Direction::sent);
    EXPECT_EQ(steps[1].text, "a1 CAPABILITY");
    EXPECT_EQ(steps[2].direction, Direction::note);
    EXPECT_EQ(steps[2].stage, "tls-handshake");
}

TEST(Transcript, ControlCharactersBecomeHexEscapes) {
    Transcript t("h", 1);
    t.received("greeting", "a\r\nb\tc\x01\x1f\x7f"
                           "d\0e"s);
    ASSERT_EQ(t.steps().size(), 1u);
    EXPECT_EQ(t.steps()[0].text, R"(a\x0D\x0Ab\x09c\x01\x1F\x7Fd\x00e)");
}

TEST(Transcript, PrintableAndUtf8TextIsKeptAsIs) {
    Transcript t("h", 1);
    const std::string text = "250-SIZE 1000 ~!@#$%^&*() caf\u00e9 \u201cquoted\u201d";
    t.received("ehlo", text);
    EXPECT_EQ(t.steps()[0].text, text);
}

TEST(Transcript, LongTextIsCutToMaxTextWithAnEllipsis) {
    Transcript t("h", 1);
    t.received("data", std::string(Transcript::max_text * 3, 'x'));
    EXPECT_EQ(t.steps()[0].text, std::string(Transcript::max_text, 'x') + kEllipsis);
}

TEST(Transcript, TextOneByteOverTheLimitIsCut) {
    Transcript t("h", 1);
    t.received("data", std::string(Transcript::max_text + 1, 'y'));
    EXPECT_EQ(t.steps()[0].text, std::string(Transcript::max_text, 'y') + kEllipsis);
}

TEST(Transcript, TextExactlyAtTheLimitIsNotMarkedAsCut) {
    Transcript t("h", 1);
    const std::string text(Transcript::max_text, 'z');
    t.received("data", text);
    EXPECT_EQ(t.steps()[0].text, text);
}

TEST(Transcript, TextJustUnderTheLimitIsKept) {
    Transcript t("h", 1);
    const std::string text(Transcript::max_text - 1, 'z');
    t.received("data", text);
    EXPECT_EQ(t.steps()[0].text, text);
}

TEST(Transcript, EscapedControlCharactersCountTowardsTheLimit) {
    Transcript t("h", 1);
    t.received("data", std::string(Transcript::max_text, '\x01'));
    const auto& text = t.steps()[0].text;
    ASSERT_GE(text.size(), kEllipsis.size());
    EXPECT_EQ(text.substr(text.size() - kEllipsis.size()), kEllipsis);
    EXPECT_LE(text.size(), Transcript::max_text + kEllipsis.size() + 3);
    EXPECT_EQ(text.substr(0, 8), R"(\x01\x01)");
}

TEST(Transcript, EmptyTextIsKept) {
    Transcript t("h", 1);
    t.note("connect", "");
    ASSERT_EQ(t.steps().size(), 1u);
    EXPECT_TRUE(t.steps()[0].text.empty());
}

TEST(Transcript, StepsAreCappedAtMaxSteps) {
    Transcript t("h", 1);
    for (std::size_t i = 0; i < Transcript::max_steps + 25; ++i)
        t.received("data", "line " + std::to_string(i));
    ASSERT_EQ(t.steps().size(), Transcript::max_steps);
    // The first steps are kept; later ones are dropped.
    EXPECT_EQ(t.steps().front().text, "line 0");
    EXPECT_EQ(t.steps().back().text, "line " + std::to_string(Transcript::max_steps - 1));
}

TEST(Transcript, ElapsedTimeNeverGoesBackwards) {
    Transcript t("h", 1);
    for (int i = 0; i < 5; ++i) {
        t.sent("step", "x");
        std::this_thread::sleep_for(std::chrono::milliseconds(3));
    }
    const auto& steps = t.steps();
    ASSERT_EQ(steps.size(), 5u);
    EXPECT_GE(steps.front().elapsed_ms, 0);
    for (std::size_t i = 1; i < steps.size(); ++i)
        EXPECT_GE(steps[i].elapsed_ms, steps[i - 1].elapsed_ms) << i;
    EXPECT_GE(steps.back().elapsed_ms, 12);
    EXPECT_GE(t.elapsed_ms(), steps.back().elapsed_ms);
}

TEST(Transcript, TakeMovesTheStepsOut) {
    Transcript t("h", 1);
    t.note("a", "1");
    t.note("b", "2");
    auto steps = t.take();
    ASSERT_EQ(steps.size(), 2u);
    EXPECT_EQ(steps[1].stage, "b");
}

} // namespace
