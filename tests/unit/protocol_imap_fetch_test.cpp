#include "maillab/protocol/imap_fetch.hpp"

#include <gtest/gtest.h>
#include <string>

namespace {

using namespace maillab::imap;
using namespace std::string_literals;

TEST(ImapFetch, ValuesOfEveryKindAreTokenized) {
    auto values =
        parse_values("* 3 FETCH (FLAGS (\\Seen $Junk) X \"a \\\"q\\\" b\" NIL {3}\r\nabc)");
    ASSERT_TRUE(values);
    ASSERT_EQ(values->size(), 4u);
    EXPECT_EQ((*values)[0].kind, Value::Kind::atom);
    EXPECT_EQ((*values)[1].kind, Value::Kind::number);
    const auto& list = (*values)[3];
    ASSERT_EQ(list.kind, Value::Kind::list);
    ASSERT_EQ(list.items.size(), 6u);
    EXPECT_EQ(list.items[1].items[0].text, "\\Seen");
    EXPECT_EQ(list.items[1].items[1].text, "$Junk");
    EXPECT_EQ(list.items[3].kind, Value::Kind::string);
    EXPECT_EQ(list.items[3].text, "a \"q\" b");
    EXPECT_EQ(list.items[4].kind, Value::Kind::nil);
    EXPECT_EQ(list.items[5].kind, Value::Kind::string);
    EXPECT_EQ(list.items[5].text, "abc");
}

TEST(ImapFetch, ASectionWithSpacesAndParenthesesStaysOneAtom) {
    auto values = parse_values("(BODY[HEADER.FIELDS (FROM TO)]<0> NIL)");
    ASSERT_TRUE(values);
    ASSERT_EQ((*values)[0].items.size(), 2u);
    EXPECT_EQ((*values)[0].items[0].text, "BODY[HEADER.FIELDS (FROM TO)]<0>");
    EXPECT_EQ((*values)[0].items[1].kind, Value::Kind::nil);
}

TEST(ImapFetch, AFetchResponseWithAPartialBodyLiteralIsRead) {
    const std::string message = "Subject: hi\r\n\r\nbody with ) and {5}\r\n";
    const std::string response = "* 12 FETCH (UID 7 FLAGS (\\Seen \\Flagged) RFC822.SIZE 900 "
                                 "BODY[]<0> {" +
                                 std::to_string(message.size()) + "}\r\n" + message + ")";
    auto data = parse_fetch(response);
    ASSERT_TRUE(data);
    EXPECT_EQ(data->sequence, 12u);
    EXPECT_EQ(data->uid, 7u);
    EXPECT_EQ(data->flags, (std::vector<std::string>{"\\Seen", "\\Flagged"}));
    EXPECT_EQ(data->size, 900u);
    ASSERT_TRUE(data->body);
    EXPECT_EQ(*data->body, message);
}

TEST(ImapFetch, AFlagUpdateHasNoBody) {
    auto data = parse_fetch("* 2 FETCH (FLAGS (\\Deleted) UID 4)");
    ASSERT_TRUE(data);
    EXPECT_FALSE(data->body);
    EXPECT_EQ(data->uid, 4u);
}

TEST(ImapFetch, ANilBodyIsEmpty) {
    auto data = parse_fetch("* 2 FETCH (UID 4 BODY[] NIL)");
    ASSERT_TRUE(data && data->body);
    EXPECT_TRUE(data->body->empty());
}

TEST(ImapFetch, OtherResponsesAreNotFetchResponses) {
    EXPECT_FALSE(parse_fetch("* 3 EXISTS"));
    EXPECT_FALSE(parse_fetch("* OK [UIDVALIDITY 1] ok"));
    EXPECT_FALSE(parse_fetch("a1 OK FETCH completed"));
}

TEST(ImapFetch, MalformedInputIsRefused) {
    EXPECT_FALSE(parse_values("(UID 1"));
    EXPECT_FALSE(parse_values("\"unterminated"));
    EXPECT_FALSE(parse_values("{10}\r\nshort"));
    EXPECT_FALSE(parse_values("{3}abc"));
    EXPECT_FALSE(parse_values(")"));
    EXPECT_FALSE(parse_fetch("* 0 FETCH (UID 1)"));
    EXPECT_FALSE(parse_fetch("* 1 FETCH (UID)"));
    EXPECT_FALSE(parse_fetch("* 1 FETCH (UID 0)"));
    EXPECT_FALSE(parse_fetch("* 1 FETCH (RFC822.SIZE x)"));
    EXPECT_FALSE(parse_fetch("* 1 FETCH (UID 99999999999)"));
}

TEST(ImapFetch, DeepNestingAndHugeLiteralSizesAreRefused) {
    EXPECT_FALSE(parse_values(std::string(100, '(') + std::string(100, ')')));
    EXPECT_FALSE(parse_values("{99999999999999999999}\r\n"));
    EXPECT_FALSE(parse_values("{18446744073709551615}\r\nx"));
}

TEST(ImapFetch, TooManyValuesAreRefused) {
    std::string many = "(";
    for (int i = 0; i < 30000; ++i)
        many += "A ";
    many += ")";
    EXPECT_FALSE(parse_values(many));
}

TEST(ImapFetch, ALiteralMarkerIsFoundAtTheEndOfALine) {
    EXPECT_EQ(literal_size_at_end("* 1 FETCH (BODY[] {42}"), 42u);
    EXPECT_EQ(literal_size_at_end("a LOGIN {5+}"), 5u);
    EXPECT_FALSE(literal_size_at_end("* 1 FETCH (UID 1)"));
    EXPECT_FALSE(literal_size_at_end("{}"));
    EXPECT_FALSE(literal_size_at_end("{x}"));
}

} // namespace
