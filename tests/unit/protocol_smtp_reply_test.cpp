#include "maillab/protocol/smtp_reply.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace maillab::smtp;
using Feed = ReplyReader::Feed;

// Feeds lines until the reader stops asking for more; returns the last feed result.
Feed feed_all(ReplyReader& reader, std::initializer_list<std::string_view> lines) {
    Feed last = Feed::need_more;
    for (auto line : lines) {
        last = reader.feed(line);
        if (last != Feed::need_more)
            break;
    }
    return last;
}

Reply reply_of(std::initializer_list<std::string_view> lines) {
    ReplyReader reader;
    EXPECT_EQ(feed_all(reader, lines), Feed::complete) << reader.error();
    return reader.reply();
}

TEST(SmtpReply, SingleLineGreetingIsComplete) {
    ReplyReader reader;
    EXPECT_EQ(reader.feed("220 mail.example.com ESMTP Postfix"), Feed::complete);
    const auto& r = reader.reply();
    EXPECT_EQ(r.code, 220);
    EXPECT_EQ(r.lines, (std::vector<std::string>{"mail.example.com ESMTP Postfix"}));
    EXPECT_EQ(r.first_line, "220 mail.example.com ESMTP Postfix");
    EXPECT_EQ(r.joined(), "mail.example.com ESMTP Postfix");
    EXPECT_TRUE(r.enhanced_status.empty());
    EXPECT_TRUE(reader.error().empty());
}

TEST(SmtpReply, BareCodeIsACompleteReplyWithEmptyText) {
    ReplyReader reader;
    EXPECT_EQ(reader.feed("250"), Feed::complete);
    EXPECT_EQ(reader.reply().code, 250);
    EXPECT_EQ(reader.reply().lines, (std::vector<std::string>{""}));
}

TEST(SmtpReply, MultiLineEhloReplyCollectsEveryLine) {
    ReplyReader reader;
    EXPECT_EQ(reader.feed("250-mail.example.com"), Feed::need_more);
    EXPECT_EQ(reader.feed("250-PIPELINING"), Feed::need_more);
    EXPECT_EQ(reader.feed("250-SIZE 10240000"), Feed::need_more);
    EXPECT_EQ(reader.feed("250-AUTH PLAIN LOGIN"), Feed::need_more);
    EXPECT_EQ(reader.feed("250 8BITMIME"), Feed::complete);
    const auto& r = reader.reply();
    EXPECT_EQ(r.code, 250);
    EXPECT_EQ(r.first_line, "250-mail.example.com");
    EXPECT_EQ(r.lines, (std::vector<std::string>{"mail.example.com", "PIPELINING", "SIZE 10240000",
                                                 "AUTH PLAIN LOGIN", "8BITMIME"}));
    EXPECT_EQ(r.joined(), "mail.example.com PIPELINING SIZE 10240000 AUTH PLAIN LOGIN 8BITMIME");
}

TEST(SmtpReply, EnhancedStatusCodeIsTakenFromTheFirstLine) {
    auto r = reply_of({"535 5.7.8 Error: authentication failed: authentication failure"});
    EXPECT_EQ(r.code, 535);
    EXPECT_EQ(r.enhanced_status, "5.7.8");
    EXPECT_EQ(r.lines.front(), "5.7.8 Error: authentication failed: authentication failure");
}

TEST(SmtpReply, SuccessEnhancedStatusCodeIsParsed) {
    auto r = reply_of({"250 2.0.0 Ok"});
    EXPECT_EQ(r.code, 250);
    EXPECT_EQ(r.enhanced_status, "2.0.0");
}

TEST(SmtpReply, ThreeDigitEnhancedStatusPartsAreParsed) {
    EXPECT_EQ(reply_of({"535 5.7.139 Authentication unsuccessful"}).enhanced_status, "5.7.139");
    EXPECT_EQ(reply_of({"451 4.123.456 Try later"}).enhanced_status, "4.123.456");
}

TEST(SmtpReply, EnhancedStatusOfAMultiLineReplyComesFromTheFirstLine) {
    auto r = reply_of({"550-5.7.1 Relaying denied", "550 5.7.2 second line"});
    EXPECT_EQ(r.enhanced_status, "5.7.1");
}

TEST(SmtpReply, ReplyWithoutEnhancedStatusHasNone) {
    EXPECT_TRUE(reply_of({"535 Authentication failed"}).enhanced_status.empty());
    EXPECT_TRUE(reply_of({"220 mail.example.com ESMTP"}).enhanced_status.empty());
}

TEST(SmtpReply, MalformedEnhancedStatusIsIgnored) {
    for (std::string_view line :
         {"535 5.7 Error", "535 5.7.8a Error", "535 5.7. Error", "535 5..8 Error",
          "535 3.7.8 Error", "535 5-7-8 Error", "535 5.1234.8 Error", "535 5.7.1234 Error",
          "535 x.7.8 Error", "535 5.7.8.9 Error"}) {
        ReplyReader reader;
        ASSERT_EQ(reader.feed(line), Feed::complete) << line;
        EXPECT_EQ(reader.reply().code, 535) << line;
        EXPECT_TRUE(reader.reply().enhanced_status.empty())
            << line << " gave " << reader.reply().enhanced_status;
    }
}

TEST(SmtpReply, CodeChangeInsideAMultiLineReplyIsMalformed) {
    ReplyReader reader;
    EXPECT_EQ(reader.feed("250-mail.example.com"), Feed::need_more);
    EXPECT_EQ(reader.feed("251 oops"), Feed::malformed);
    EXPECT_FALSE(reader.error().empty());
}

TEST(SmtpReply, BadSeparatorIsMalformed) {
    for (std::string_view line : {"250_ok", "250+ok", "250ok", "250\tok"}) {
        ReplyReader reader;
        EXPECT_EQ(reader.feed(line), Feed::malformed) << line;
        EXPECT_FALSE(reader.error().empty()) << line;
    }
}

TEST(SmtpReply, NonDigitCodeIsMalformed) {
    for (std::string_view line : {"", "25", "2x0 ok", "abc ok", "+OK ready", "* OK IMAP"}) {
        ReplyReader reader;
        EXPECT_EQ(reader.feed(line), Feed::malformed) << line;
        EXPECT_FALSE(reader.error().empty()) << line;
    }
}

TEST(SmtpReply, CodesOutsideTwoToFiveHundredsAreMalformed) {
    for (std::string_view line : {"000 zero", "100 continue", "199 info", "600 nope", "999 nope"}) {
        ReplyReader reader;
        EXPECT_EQ(reader.feed(line), Feed::malformed) << line;
    }
    for (std::string_view line : {"200 ok", "599 err"}) {
        ReplyReader reader;
        EXPECT_EQ(reader.feed(line), Feed::complete) << line;
    }
}

TEST(SmtpReply, TooManyLinesIsMalformed) {
    ReplyReader reader;
    for (std::size_t i = 0; i < ReplyReader::max_lines; ++i)
        ASSERT_EQ(reader.feed("250-X"), Feed::need_more) << i;
    EXPECT_EQ(reader.feed("250 last"), Feed::malformed);
    EXPECT_FALSE(reader.error().empty());
    EXPECT_EQ(reader.reply().lines.size(), ReplyReader::max_lines);
}

TEST(SmtpReply, ReplyAtTheLineLimitIsAccepted) {
    ReplyReader reader;
    for (std::size_t i = 0; i + 1 < ReplyReader::max_lines; ++i)
        ASSERT_EQ(reader.feed("250-X"), Feed::need_more) << i;
    EXPECT_EQ(reader.feed("250 last"), Feed::complete);
    EXPECT_EQ(reader.reply().lines.size(), ReplyReader::max_lines);
}

TEST(SmtpEhlo, GreetingLineIsNotAKeyword) {
    auto ext = parse_ehlo(reply_of({"250-smtp.example.com Hello client [192.0.2.1]", "250 SIZE"}));
    EXPECT_EQ(ext.keywords, (std::vector<std::string>{"SIZE"}));
    EXPECT_FALSE(ext.has("smtp.example.com"));
    EXPECT_EQ(ext.as_list(), (std::vector<std::string>{"SIZE"}));
}

TEST(SmtpEhlo, SingleLineEhloReplyHasNoExtensions) {
    auto ext = parse_ehlo(reply_of({"250 smtp.example.com"}));
    EXPECT_TRUE(ext.keywords.empty());
    EXPECT_TRUE(ext.auth_mechanisms.empty());
    EXPECT_TRUE(ext.as_list().empty());
}

TEST(SmtpEhlo, KeywordsAreUpperCasedAndKeptInOrder) {
    auto ext = parse_ehlo(reply_of({"250-mx.example.com", "250-pipelining", "250-Size 35882577",
                                    "250-starttls", "250-8bitmime", "250 SMTPUTF8"}));
    EXPECT_EQ(ext.keywords,
              (std::vector<std::string>{"PIPELINING", "SIZE", "STARTTLS", "8BITMIME", "SMTPUTF8"}));
    EXPECT_TRUE(ext.has("STARTTLS"));
    EXPECT_TRUE(ext.has("starttls"));
    EXPECT_TRUE(ext.has("size"));
    EXPECT_FALSE(ext.has("AUTH"));
    EXPECT_FALSE(ext.has("CHUNKING"));
}

TEST(SmtpEhlo, AsListKeepsEachLineAsAdvertised) {
    auto ext = parse_ehlo(reply_of({"250-mx.example.com", "250-Size 35882577", "250 auth plain"}));
    EXPECT_EQ(ext.as_list(), (std::vector<std::string>{"Size 35882577", "auth plain"}));
}

TEST(SmtpEhlo, AuthMechanismsAreCollectedUpperCased) {
    auto ext =
        parse_ehlo(reply_of({"250-mx.example.com", "250-AUTH plain LOGIN cram-md5", "250 OK"}));
    EXPECT_TRUE(ext.has("AUTH"));
    EXPECT_EQ(ext.auth_mechanisms, (std::vector<std::string>{"PLAIN", "LOGIN", "CRAM-MD5"}));
    EXPECT_TRUE(ext.has_auth("plain"));
    EXPECT_TRUE(ext.has_auth("CRAM-MD5"));
    EXPECT_FALSE(ext.has_auth("XOAUTH2"));
}

TEST(SmtpEhlo, OldAuthEqualsFormIsReadAsAuth) {
    auto ext = parse_ehlo(
        reply_of({"250-mx.example.com", "250-AUTH LOGIN PLAIN", "250-AUTH=LOGIN PLAIN", "250 OK"}));
    EXPECT_EQ(ext.auth_mechanisms, (std::vector<std::string>{"LOGIN", "PLAIN"}));
    EXPECT_TRUE(ext.has("AUTH"));
    EXPECT_FALSE(ext.has("AUTH=LOGIN"));
    // AUTH appears once in the keyword list even though the server advertised it twice.
    EXPECT_EQ(std::count(ext.keywords.begin(), ext.keywords.end(), "AUTH"), 1);
}

TEST(SmtpEhlo, OldAuthEqualsFormAloneGivesItsMechanisms) {
    auto ext = parse_ehlo(reply_of({"250-mx.example.com", "250 AUTH=LOGIN PLAIN"}));
    EXPECT_EQ(ext.keywords, (std::vector<std::string>{"AUTH"}));
    EXPECT_EQ(ext.auth_mechanisms, (std::vector<std::string>{"LOGIN", "PLAIN"}));
}

TEST(SmtpEhlo, NoAuthLineMeansNoMechanisms) {
    auto ext = parse_ehlo(reply_of({"250-mx.example.com", "250-STARTTLS", "250 SIZE 1000"}));
    EXPECT_TRUE(ext.has("STARTTLS"));
    EXPECT_TRUE(ext.auth_mechanisms.empty());
    EXPECT_FALSE(ext.has_auth("PLAIN"));
}

} // namespace
