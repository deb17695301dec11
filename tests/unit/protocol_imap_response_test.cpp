#include "maillab/protocol/imap_response.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace {

using namespace maillab::imap;
using namespace std::string_literals;

TEST(ImapResponse, UntaggedOkGreetingWithCapabilityCodeIsParsed) {
    auto r = parse_response("* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE "
                            "STARTTLS AUTH=PLAIN] Dovecot ready.");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->tag, "*");
    EXPECT_EQ(r->status, "OK");
    EXPECT_EQ(r->code, "CAPABILITY");
    EXPECT_EQ(r->code_args, "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE STARTTLS AUTH=PLAIN");
    EXPECT_EQ(r->text, "Dovecot ready.");
    EXPECT_TRUE(r->data_kind.empty());
    EXPECT_TRUE(r->data.empty());
}

TEST(ImapResponse, CapabilityCodeArgumentsFeedParseCapabilities) {
    auto r = parse_response("* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready");
    ASSERT_TRUE(r.has_value());
    auto caps = parse_capabilities(r->code_args);
    EXPECT_EQ(caps, (std::vector<std::string>{"IMAP4REV1", "STARTTLS", "LOGINDISABLED"}));
}

TEST(ImapResponse, UntaggedGreetingWithoutCodeHasTextOnly) {
    auto r = parse_response("* OK IMAP4rev1 Service Ready");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, "OK");
    EXPECT_TRUE(r->code.empty());
    EXPECT_TRUE(r->code_args.empty());
    EXPECT_EQ(r->text, "IMAP4rev1 Service Ready");
}

TEST(ImapResponse, PreauthGreetingIsParsed) {
    auto r = parse_response("* PREAUTH IMAP4rev1 server logged in as Smith");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->tag, "*");
    EXPECT_EQ(r->status, "PREAUTH");
    EXPECT_EQ(r->text, "IMAP4rev1 server logged in as Smith");
}

TEST(ImapResponse, ByeIsParsed) {
    auto r = parse_response("* BYE Autologout; idle for too long");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->tag, "*");
    EXPECT_EQ(r->status, "BYE");
    EXPECT_EQ(r->text, "Autologout; idle for too long");
}

TEST(ImapResponse, StatusWordIsUpperCased) {
    auto r = parse_response("a1 ok done");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->tag, "a1");
    EXPECT_EQ(r->status, "OK");
    EXPECT_EQ(r->text, "done");
}

TEST(ImapResponse, TaggedOkWithCapabilityCodeAfterLoginIsParsed) {
    auto r = parse_response("A0001 OK [CAPABILITY IMAP4rev1 IDLE] Logged in");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->tag, "A0001");
    EXPECT_EQ(r->status, "OK");
    EXPECT_EQ(r->code, "CAPABILITY");
    EXPECT_EQ(r->code_args, "IMAP4rev1 IDLE");
    EXPECT_EQ(r->text, "Logged in");
}

TEST(ImapResponse, TaggedNoWithAuthenticationFailedCodeIsParsed) {
    auto r = parse_response("a2 NO [AUTHENTICATIONFAILED] Authentication failed.");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->tag, "a2");
    EXPECT_EQ(r->status, "NO");
    EXPECT_EQ(r->code, "AUTHENTICATIONFAILED");
    EXPECT_TRUE(r->code_args.empty());
    EXPECT_EQ(r->text, "Authentication failed.");
}

TEST(ImapResponse, ResponseCodeAtomIsUpperCased) {
    auto r = parse_response("a2 NO [authenticationfailed] nope");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->code, "AUTHENTICATIONFAILED");
}

TEST(ImapResponse, TaggedNoWithPrivacyRequiredCodeIsParsed) {
    auto r = parse_response("a3 NO [PRIVACYREQUIRED] Connection is not secure");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, "NO");
    EXPECT_EQ(r->code, "PRIVACYREQUIRED");
    EXPECT_EQ(r->text, "Connection is not secure");
}

TEST(ImapResponse, TaggedNoWithUnavailableCodeIsParsed) {
    auto r = parse_response("a4 NO [UNAVAILABLE] User's backend down for maintenance");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, "NO");
    EXPECT_EQ(r->code, "UNAVAILABLE");
    EXPECT_EQ(r->text, "User's backend down for maintenance");
}

TEST(ImapResponse, TaggedBadIsParsed) {
    auto r = parse_response("a5 BAD Error in IMAP command: Unknown command");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->tag, "a5");
    EXPECT_EQ(r->status, "BAD");
    EXPECT_TRUE(r->code.empty());
    EXPECT_EQ(r->text, "Error in IMAP command: Unknown command");
}

TEST(ImapResponse, AlertCodeKeepsItsTextForTheUser) {
    auto r = parse_response("* OK [ALERT] System shutdown in 10 minutes");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, "OK");
    EXPECT_EQ(r->code, "ALERT");
    EXPECT_TRUE(r->code_args.empty());
    EXPECT_EQ(r->text, "System shutdown in 10 minutes");
}

TEST(ImapResponse, CodeArgumentsAreSeparatedFromTheCodeAtom) {
    auto r = parse_response("a6 OK [READ-WRITE UIDVALIDITY 3857529045] SELECT completed");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->code, "READ-WRITE");
    EXPECT_EQ(r->code_args, "UIDVALIDITY 3857529045");
    EXPECT_EQ(r->text, "SELECT completed");
}

TEST(ImapResponse, UnclosedBracketStaysInTheText) {
    auto r = parse_response("a7 NO [ALERT no closing bracket");
    ASSERT_TRUE(r.has_value());
    EXPECT_TRUE(r->code.empty());
    EXPECT_EQ(r->text, "[ALERT no closing bracket");
}

TEST(ImapResponse, ContinuationWithTextIsParsed) {
    auto r = parse_response("+ Ready for additional command text");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->tag, "+");
    EXPECT_TRUE(r->status.empty());
    EXPECT_EQ(r->text, "Ready for additional command text");
}

TEST(ImapResponse, ContinuationWithEmptyTextIsParsed) {
    auto r = parse_response("+ ");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->tag, "+");
    EXPECT_TRUE(r->text.empty());
}

TEST(ImapResponse, BarePlusIsAContinuation) {
    auto r = parse_response("+");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->tag, "+");
    EXPECT_TRUE(r->status.empty());
    EXPECT_TRUE(r->text.empty());
}

TEST(ImapResponse, ContinuationCarriesTheSaslChallenge) {
    auto r = parse_response("+ PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->tag, "+");
    EXPECT_EQ(r->text, "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+");
}

TEST(ImapResponse, UntaggedCapabilityDataIsParsed) {
    auto r = parse_response("* CAPABILITY IMAP4rev1 STARTTLS AUTH=GSSAPI LOGINDISABLED");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->tag, "*");
    EXPECT_TRUE(r->status.empty());
    EXPECT_TRUE(r->code.empty());
    EXPECT_EQ(r->data_kind, "CAPABILITY");
    EXPECT_EQ(r->data, "IMAP4rev1 STARTTLS AUTH=GSSAPI LOGINDISABLED");
}

TEST(ImapResponse, UntaggedDataKindIsUpperCased) {
    auto r = parse_response("* capability imap4rev1");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->data_kind, "CAPABILITY");
    EXPECT_EQ(r->data, "imap4rev1");
}

TEST(ImapResponse, UntaggedNumericDataIsParsedAsData) {
    auto r = parse_response("* 3 EXISTS");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->tag, "*");
    EXPECT_TRUE(r->status.empty());
    EXPECT_TRUE(r->code.empty());
    // The number comes first on the wire; both words are kept.
    EXPECT_EQ(r->data_kind + " " + r->data, "3 EXISTS");
}

TEST(ImapResponse, EmptyLineIsNotAResponse) {
    EXPECT_FALSE(parse_response("").has_value());
}

TEST(ImapResponse, SingleWordIsNotAResponse) {
    EXPECT_FALSE(parse_response("foo").has_value());
}

TEST(ImapResponse, TaggedLineWithoutStatusIsNotAResponse) {
    EXPECT_FALSE(parse_response("a1 CAPABILITY IMAP4rev1").has_value());
    EXPECT_FALSE(parse_response("foo bar").has_value());
}

TEST(ImapResponse, TagContainingAStarIsRejected) {
    EXPECT_FALSE(parse_response("a*1 OK done").has_value());
    EXPECT_FALSE(parse_response("** OK done").has_value());
}

TEST(ImapResponse, TagWithForbiddenCharactersIsRejected) {
    EXPECT_FALSE(parse_response("a(1 OK done").has_value());
    EXPECT_FALSE(parse_response("a\"1 OK done").has_value());
    EXPECT_FALSE(parse_response("a{1 OK done").has_value());
}

TEST(ImapResponse, StarAloneIsNotAResponse) {
    EXPECT_FALSE(parse_response("*").has_value());
}

TEST(ImapCapabilities, ParseCapabilitiesUpperCasesAndSplits) {
    EXPECT_EQ(parse_capabilities("IMAP4rev1 starttls Auth=Plain  ID"),
              (std::vector<std::string>{"IMAP4REV1", "STARTTLS", "AUTH=PLAIN", "ID"}));
}

TEST(ImapCapabilities, EmptyTextHasNoCapabilities) {
    EXPECT_TRUE(parse_capabilities("").empty());
    EXPECT_TRUE(parse_capabilities("   ").empty());
}

TEST(ImapCapabilities, HasCapabilityIgnoresCase) {
    auto caps = parse_capabilities("IMAP4rev1 STARTTLS AUTH=PLAIN LOGINDISABLED");
    EXPECT_TRUE(has_capability(caps, "starttls"));
    EXPECT_TRUE(has_capability(caps, "auth=plain"));
    EXPECT_TRUE(has_capability(caps, "LoginDisabled"));
    EXPECT_TRUE(has_capability(caps, "IMAP4REV1"));
    EXPECT_FALSE(has_capability(caps, "AUTH=LOGIN"));
    EXPECT_FALSE(has_capability(caps, "AUTH"));
    EXPECT_FALSE(has_capability({}, "STARTTLS"));
}

TEST(ImapAstring, PlainValueBecomesAQuotedString) {
    auto a = make_astring("alice@example.com");
    EXPECT_FALSE(a.literal);
    EXPECT_EQ(a.text, "\"alice@example.com\"");
}

TEST(ImapAstring, ValueWithSpacesIsQuoted) {
    auto a = make_astring("correct horse");
    EXPECT_FALSE(a.literal);
    EXPECT_EQ(a.text, "\"correct horse\"");
}

TEST(ImapAstring, QuoteAndBackslashAreEscaped) {
    auto a = make_astring(R"(pa"ss\word)");
    EXPECT_FALSE(a.literal);
    EXPECT_EQ(a.text, R"("pa\"ss\\word")");
}

TEST(ImapAstring, EmptyValueIsAnEmptyQuotedString) {
    auto a = make_astring("");
    EXPECT_FALSE(a.literal);
    EXPECT_EQ(a.text, "\"\"");
}

TEST(ImapAstring, Utf8ValueBecomesALiteralWithTheRawBytes) {
    auto a = make_astring("p\u00e4ssw\u00f6rd");
    EXPECT_TRUE(a.literal);
    EXPECT_EQ(a.text, "p\xc3\xa4ssw\xc3\xb6rd");
}

TEST(ImapAstring, CarriageReturnForcesALiteral) {
    auto a = make_astring("a\rb");
    EXPECT_TRUE(a.literal);
    EXPECT_EQ(a.text, "a\rb");
}

TEST(ImapAstring, LineFeedForcesALiteral) {
    auto a = make_astring("a\nb");
    EXPECT_TRUE(a.literal);
    EXPECT_EQ(a.text, "a\nb");
}

TEST(ImapAstring, NulForcesALiteralAndIsKept) {
    auto value = "a\0b"s;
    auto a = make_astring(value);
    EXPECT_TRUE(a.literal);
    EXPECT_EQ(a.text, value);
    EXPECT_EQ(a.text.size(), 3u);
}

TEST(ImapAstring, LiteralIsNotEscaped) {
    auto a = make_astring("\"\\\xc3\xa9");
    EXPECT_TRUE(a.literal);
    EXPECT_EQ(a.text, "\"\\\xc3\xa9");
}

} // namespace
