// Encoded words, transfer encodings, charsets and dates of the Mail app's message parser.
#include "mail/charset.hpp"
#include "mail/encoded_words.hpp"
#include "mail/mail_date.hpp"
#include "mail/transfer_encoding.hpp"

#include <gtest/gtest.h>

namespace {

using namespace maillab::mail_detail;

TEST(EncodedWords, BAndQWordsInUtf8AndLatin1AreDecoded) {
    EXPECT_EQ(decode_header_text("=?UTF-8?B?R3LDvMOfZQ==?="), "Grüße");
    EXPECT_EQ(decode_header_text("=?utf-8?Q?Gr=C3=BC=C3=9Fe_aus_Z=C3=BCrich?="),
              "Grüße aus Zürich");
    EXPECT_EQ(decode_header_text("=?ISO-8859-1?Q?Caf=E9?="), "Café");
    EXPECT_EQ(decode_header_text("=?iso-8859-1?b?Q2Fm6Q==?="), "Café");
}

TEST(EncodedWords, SpaceBetweenAdjacentEncodedWordsIsDropped) {
    EXPECT_EQ(decode_header_text("=?UTF-8?Q?a?= =?UTF-8?Q?b?="), "ab");
    EXPECT_EQ(decode_header_text("=?UTF-8?Q?a?= plain =?UTF-8?Q?b?="), "a plain b");
}

TEST(EncodedWords, UnknownCharsetsAndBrokenWordsStayAsTheyAre) {
    EXPECT_EQ(decode_header_text("=?KOI8-R?Q?abc?="), "=?KOI8-R?Q?abc?=");
    EXPECT_EQ(decode_header_text("=?UTF-8?X?abc?="), "=?UTF-8?X?abc?=");
    EXPECT_EQ(decode_header_text("=?UTF-8?Q?never ends"), "=?UTF-8?Q?never ends");
}

TEST(EncodedWords, InvalidUtf8BecomesTheReplacementCharacter) {
    EXPECT_EQ(decode_header_text("a\xff"
                                 "b"),
              "a\xEF\xBF\xBD"
              "b");
    EXPECT_EQ(decode_header_text("=?UTF-8?B?/w==?="), "\xEF\xBF\xBD");
}

TEST(EncodedWords, EncodingGivesShortWordsThatDecodeBack) {
    const std::string text = "Über den Wolken: ein sehr langer Betreff mit Ümlauten, damit er "
                             "gefaltet werden muss — ✓ 日本語";
    const std::string encoded = encode_header_text(text);
    std::size_t start = 0;
    while (start < encoded.size()) {
        auto end = encoded.find("\r\n ", start);
        auto word =
            encoded.substr(start, end == std::string::npos ? std::string::npos : end - start);
        EXPECT_LE(word.size(), 75u) << word;
        start = end == std::string::npos ? encoded.size() : end + 3;
    }
    std::string unfolded;
    for (char c : encoded)
        if (c != '\r' && c != '\n')
            unfolded += c;
    EXPECT_EQ(decode_header_text(unfolded), text);
}

TEST(QuotedPrintable, SoftBreaksAndHexEscapesAreDecoded) {
    EXPECT_EQ(decode_quoted_printable("a=3Db=\r\nc=C3=A9\r\n"), "a=bcé\r\n");
    EXPECT_EQ(decode_quoted_printable("line=  \r\nnext"), "linenext");
}

TEST(QuotedPrintable, BadSequencesAreKept) {
    EXPECT_EQ(decode_quoted_printable("100=%"), "100=%");
    EXPECT_EQ(decode_quoted_printable("end="), "end");
}

TEST(QuotedPrintable, EncodingKeepsLinesShortAndRoundTrips) {
    const std::string text = std::string(200, 'x') + " caf\xC3\xA9 = ok \r\n.dot line \r\n";
    const std::string encoded = encode_quoted_printable(text);
    std::size_t start = 0;
    while (start < encoded.size()) {
        auto end = encoded.find("\r\n", start);
        EXPECT_LE(end - start, 76u);
        start = end + 2;
    }
    EXPECT_EQ(decode_quoted_printable(encoded), text);
    EXPECT_NE(encoded.find("=3D"), std::string::npos);
    EXPECT_NE(encoded.find("=20\r\n"), std::string::npos); // trailing space
}

TEST(Base64, LineBreaksAreSkippedAndATruncatedEndGivesWholeBytes) {
    EXPECT_EQ(decode_base64("SGVs\r\nbG8=\r\n"), "Hello");
    EXPECT_EQ(decode_base64("SGVsbG8gd29y"), "Hello wor");
    EXPECT_EQ(decode_base64("SGVsbG8gd2"), "Hello w");
    EXPECT_EQ(decode_base64("!!"), "");
}

TEST(Charset, Latin1AndWindows1252BecomeUtf8) {
    EXPECT_EQ(to_utf8("Caf\xE9", "ISO-8859-1"), "Café");
    EXPECT_EQ(to_utf8("\x80 5", "windows-1252"), "€ 5");
    EXPECT_EQ(to_utf8("ok", "us-ascii"), "ok");
    EXPECT_FALSE(to_utf8("x", "x-unknown"));
}

TEST(Charset, Utf8PrefixNeverSplitsACharacter) {
    const std::string text = "aé";
    EXPECT_EQ(utf8_prefix(text, 2), "a");
    EXPECT_EQ(utf8_prefix(text, 3), "aé");
}

TEST(MailDate, Rfc5322DatesWithZonesAreParsed) {
    EXPECT_EQ(parse_mail_date("Tue, 3 Mar 2026 11:05:00 +0000"), 1772535900);
    EXPECT_EQ(parse_mail_date("Tue, 3 Mar 2026 12:05:00 +0100"), 1772535900);
    EXPECT_EQ(parse_mail_date("3 Mar 2026 06:05:00 EST"), 1772535900);
    EXPECT_EQ(parse_mail_date("Tue, 03 Mar 2026 11:05 GMT (comment)"), 1772535900);
    EXPECT_EQ(parse_mail_date("Tuesday, 3 Mar 26 11:05:00 Z"), 1772535900);
}

TEST(MailDate, ObsoleteYearsAndMissingZonesAreTolerated) {
    EXPECT_EQ(parse_mail_date("1 Jan 70 00:00:00"), 0);
    EXPECT_EQ(parse_mail_date("Thu, 1 Jan 1970 00:00:00 A"), 0);
    EXPECT_EQ(parse_mail_date("1 Jan 099 00:00:00 +0000"), 915148800);
}

TEST(MailDate, GarbageIsUnparsable) {
    EXPECT_FALSE(parse_mail_date(""));
    EXPECT_FALSE(parse_mail_date("yesterday"));
    EXPECT_FALSE(parse_mail_date("32 Jan 2026 10:00:00"));
    EXPECT_FALSE(parse_mail_date("1 Jan 2026 25:00:00"));
}

TEST(MailDate, FormattingGivesAnRfc5322DateThatParsesBack) {
    EXPECT_EQ(format_mail_date(1772535900), "Tue, 3 Mar 2026 11:05:00 +0000");
    EXPECT_EQ(format_mail_date(0), "Thu, 1 Jan 1970 00:00:00 +0000");
    EXPECT_EQ(parse_mail_date(format_mail_date(1798112557)), 1798112557);
}

} // namespace
