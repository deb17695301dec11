#include "maillab/protocol/dot_stuffing.hpp"

#include <gtest/gtest.h>

namespace {

TEST(DotStuffing, LinesStartingWithADotGetAnotherDot) {
    EXPECT_EQ(maillab::smtp::dot_stuff("a\r\n.b\r\n..c\r\n"), "a\r\n..b\r\n...c\r\n.\r\n");
}

TEST(DotStuffing, ALoneDotLineCannotEndTheMessageEarly) {
    EXPECT_EQ(maillab::smtp::dot_stuff("one\r\n.\r\ntwo\r\n"), "one\r\n..\r\ntwo\r\n.\r\n");
}

TEST(DotStuffing, AMissingFinalLineEndIsAdded) {
    EXPECT_EQ(maillab::smtp::dot_stuff("text"), "text\r\n.\r\n");
    EXPECT_EQ(maillab::smtp::dot_stuff(""), ".\r\n");
}

TEST(DotStuffing, BareLineFeedsAndCarriageReturnsBecomeCrLf) {
    EXPECT_EQ(maillab::smtp::dot_stuff("a\n.b\rc"), "a\r\n..b\r\nc\r\n.\r\n");
}

TEST(DotStuffing, Pop3UnstuffingRemovesOneDot) {
    EXPECT_EQ(maillab::pop3::unstuff("..x"), ".x");
    EXPECT_EQ(maillab::pop3::unstuff("x."), "x.");
    EXPECT_TRUE(maillab::pop3::is_terminator("."));
    EXPECT_FALSE(maillab::pop3::is_terminator(".."));
}

} // namespace
