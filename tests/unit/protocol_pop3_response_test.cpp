#include "maillab/protocol/pop3_response.hpp"

#include <gtest/gtest.h>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace maillab::pop3;

TEST(Pop3Status, OkWithTextIsParsed) {
    auto s = parse_status("+OK POP3 server ready");
    ASSERT_TRUE(s.has_value());
    EXPECT_TRUE(s->ok);
    EXPECT_TRUE(s->code.empty());
    EXPECT_EQ(s->text, "POP3 server ready");
}

TEST(Pop3Status, BareOkIsParsed) {
    auto s = parse_status("+OK");
    ASSERT_TRUE(s.has_value());
    EXPECT_TRUE(s->ok);
    EXPECT_TRUE(s->text.empty());
}

TEST(Pop3Status, ErrWithTextIsParsed) {
    auto s = parse_status("-ERR invalid password");
    ASSERT_TRUE(s.has_value());
    EXPECT_FALSE(s->ok);
    EXPECT_TRUE(s->code.empty());
    EXPECT_EQ(s->text, "invalid password");
}

TEST(Pop3Status, BareErrIsParsed) {
    auto s = parse_status("-ERR");
    ASSERT_TRUE(s.has_value());
    EXPECT_FALSE(s->ok);
    EXPECT_TRUE(s->text.empty());
}

TEST(Pop3Status, ErrWithAuthResponseCodeIsParsed) {
    auto s = parse_status("-ERR [AUTH] Authentication failed.");
    ASSERT_TRUE(s.has_value());
    EXPECT_FALSE(s->ok);
    EXPECT_EQ(s->code, "AUTH");
    EXPECT_EQ(s->text, "Authentication failed.");
}

TEST(Pop3Status, HierarchicalResponseCodeIsUpperCased) {
    auto s = parse_status("-ERR [sys/temp] Temporary system problem");
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->code, "SYS/TEMP");
    EXPECT_EQ(s->text, "Temporary system problem");
}

TEST(Pop3Status, InUseResponseCodeIsParsed) {
    auto s = parse_status("-ERR [IN-USE] Do you have another POP session running?");
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->code, "IN-USE");
}

TEST(Pop3Status, OkWithResponseCodeIsParsed) {
    auto s = parse_status("+OK [XYZZY] Logged in.");
    ASSERT_TRUE(s.has_value());
    EXPECT_TRUE(s->ok);
    EXPECT_EQ(s->code, "XYZZY");
    EXPECT_EQ(s->text, "Logged in.");
}

TEST(Pop3Status, UnclosedBracketStaysInTheText) {
    auto s = parse_status("-ERR [AUTH no closing bracket");
    ASSERT_TRUE(s.has_value());
    EXPECT_TRUE(s->code.empty());
    EXPECT_EQ(s->text, "[AUTH no closing bracket");
}

TEST(Pop3Status, OkayIsRejected) {
    EXPECT_FALSE(parse_status("+OKAY ready").has_value());
}

TEST(Pop3Status, ErrorWordGluedToErrIsRejected) {
    EXPECT_FALSE(parse_status("-ERRORS happened").has_value());
}

TEST(Pop3Status, OtherLinesAreRejected) {
    for (std::string_view line : {"", "+", "-", "+ok ready", "-err nope", "OK", "* OK IMAP ready",
                                  "220 smtp ready", " +OK"}) {
        EXPECT_FALSE(parse_status(line).has_value()) << '"' << line << '"';
    }
}

TEST(Pop3Apop, TimestampIsFoundInARealGreeting) {
    EXPECT_EQ(apop_timestamp("+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>"),
              "<1896.697170952@dbc.mtview.ca.us>");
}

TEST(Pop3Apop, TimestampInTheMiddleOfTheGreetingIsFound) {
    EXPECT_EQ(apop_timestamp("+OK Dovecot ready. <4a2.3e8f.5c1d@mail.example.com> hello"),
              "<4a2.3e8f.5c1d@mail.example.com>");
}

TEST(Pop3Apop, GreetingWithoutTimestampHasNone) {
    EXPECT_FALSE(apop_timestamp("+OK POP3 server ready").has_value());
}

TEST(Pop3Apop, BracketsWithoutAtSignAreNotATimestamp) {
    EXPECT_FALSE(apop_timestamp("+OK POP3 server ready <1896.697170952>").has_value());
}

TEST(Pop3Apop, UnterminatedTimestampIsNotATimestamp) {
    EXPECT_FALSE(
        apop_timestamp("+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us").has_value());
}

TEST(Pop3Apop, TimestampWithSpacesIsNotATimestamp) {
    EXPECT_FALSE(apop_timestamp("+OK ready <1896 697170952@dbc.mtview.ca.us>").has_value());
}

TEST(Pop3Apop, OverlongTimestampIsRejected) {
    std::string greeting = "+OK ready <" + std::string(600, 'a') + "@example.com>";
    EXPECT_FALSE(apop_timestamp(greeting).has_value());
}

TEST(Pop3Capabilities, EmptyLinesAreDroppedAndOthersTrimmed) {
    auto caps = parse_capabilities({"TOP", "", "  USER  ", "SASL PLAIN LOGIN", "   "});
    EXPECT_EQ(caps.lines, (std::vector<std::string>{"TOP", "USER", "SASL PLAIN LOGIN"}));
}

TEST(Pop3Capabilities, HasMatchesTheKeywordIgnoringCase) {
    auto caps =
        parse_capabilities({"CAPA", "TOP", "UIDL", "RESP-CODES", "PIPELINING", "STLS", "USER",
                            "SASL PLAIN", "IMPLEMENTATION Dovecot", "AUTH-RESP-CODE"});
    EXPECT_TRUE(caps.has("STLS"));
    EXPECT_TRUE(caps.has("stls"));
    EXPECT_TRUE(caps.has("User"));
    EXPECT_TRUE(caps.has("IMPLEMENTATION"));
    EXPECT_TRUE(caps.has("SASL"));
    EXPECT_FALSE(caps.has("APOP"));
    EXPECT_FALSE(caps.has("PLAIN")); // an argument, not a keyword
    EXPECT_FALSE(caps.has("Dovecot"));
    EXPECT_FALSE(caps.has("RESP"));
}

TEST(Pop3Capabilities, HasSaslLooksAtTheSaslLineOnly) {
    auto caps = parse_capabilities({"USER", "SASL PLAIN login CRAM-MD5", "IMPLEMENTATION NTLM"});
    EXPECT_TRUE(caps.has_sasl("PLAIN"));
    EXPECT_TRUE(caps.has_sasl("LOGIN"));
    EXPECT_TRUE(caps.has_sasl("cram-md5"));
    EXPECT_FALSE(caps.has_sasl("NTLM"));
    EXPECT_FALSE(caps.has_sasl("SASL"));
    EXPECT_FALSE(caps.has_sasl("USER"));
}

TEST(Pop3Capabilities, NoSaslLineMeansNoMechanisms) {
    auto caps = parse_capabilities({"USER", "TOP"});
    EXPECT_FALSE(caps.has_sasl("PLAIN"));
    auto bare = parse_capabilities({"SASL"});
    EXPECT_TRUE(bare.has("SASL"));
    EXPECT_FALSE(bare.has_sasl("PLAIN"));
}

} // namespace
