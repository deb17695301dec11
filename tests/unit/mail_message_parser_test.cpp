#include "mail/message_parser.hpp"

#include <gtest/gtest.h>

namespace {

using maillab::mail_detail::html_to_text;
using maillab::mail_detail::parse_message;

TEST(MessageParser, HeaderFieldsAreUnfoldedAndDecoded) {
    const std::string raw = "From: =?UTF-8?Q?Andr=C3=A9?= Martin <andre@example.com>\r\n"
                            "To: \"Chen, Sam\" <sam@example.com>,\r\n alex@example.com\r\n"
                            "Cc: jo@example.com (Jo Doe)\r\n"
                            "Subject: =?UTF-8?B?R3LDvMOfZQ==?=\r\n and more\r\n"
                            "Date: Tue, 3 Mar 2026 11:05:00 +0000\r\n"
                            "\r\n"
                            "Hello\r\n";
    auto m = parse_message(raw, 1000);
    EXPECT_EQ(m.from, "André Martin <andre@example.com>");
    EXPECT_EQ(m.from_name, "André Martin");
    EXPECT_EQ(m.to, "Chen, Sam <sam@example.com>, alex@example.com");
    EXPECT_EQ(m.cc, "Jo Doe <jo@example.com>");
    EXPECT_EQ(m.subject, "Grüße and more");
    EXPECT_EQ(m.date_header, "Tue, 3 Mar 2026 11:05:00 +0000");
    EXPECT_EQ(m.date, 1772535900);
    EXPECT_EQ(m.body, "Hello\n");
    EXPECT_FALSE(m.body_truncated);
}

TEST(MessageParser, AFromWithoutANameUsesTheAddressAsName) {
    auto m = parse_message("From: <news@example.com>\r\n\r\nx", 100);
    EXPECT_EQ(m.from, "news@example.com");
    EXPECT_EQ(m.from_name, "news@example.com");
}

TEST(MessageParser, GroupsAreListedByTheirMembers) {
    auto m = parse_message(
        "To: team: a@x.test, \"B\" <b@x.test>;, undisclosed-recipients:;\r\n\r\n", 100);
    EXPECT_EQ(m.to, "a@x.test, B <b@x.test>");
}

TEST(MessageParser, AQuotedPrintableLatin1BodyBecomesUtf8) {
    auto m = parse_message("Content-Type: text/plain; charset=\"ISO-8859-1\"\r\n"
                           "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                           "Caf=E9 au lait, tr=\r\nes bien\r\n",
                           100);
    EXPECT_EQ(m.body, "Café au lait, tres bien\n");
}

TEST(MessageParser, ABase64BodyIsDecoded) {
    auto m = parse_message("Content-Type: text/plain; charset=utf-8\r\n"
                           "Content-Transfer-Encoding: BASE64\r\n\r\n"
                           "R3LDvMOfZSBhdXMg\r\nWsO8cmljaA==\r\n",
                           100);
    EXPECT_EQ(m.body, "Grüße aus Zürich");
}

TEST(MessageParser, TheFirstPlainPartOfANestedMultipartIsTheBody) {
    const std::string raw = "Content-Type: multipart/mixed; boundary=outer\r\n\r\n"
                            "preamble\r\n"
                            "--outer\r\n"
                            "Content-Type: multipart/alternative; boundary=\"in ner\"\r\n\r\n"
                            "--in ner\r\n"
                            "Content-Type: text/html\r\n\r\n"
                            "<p>html</p>\r\n"
                            "--in ner\r\n"
                            "Content-Type: text/plain; charset=utf-8\r\n"
                            "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                            "plain =E2=9C=93\r\n"
                            "--in ner--\r\n"
                            "--outer\r\n"
                            "Content-Type: text/plain\r\n"
                            "Content-Disposition: attachment; filename=a.txt\r\n\r\n"
                            "attached\r\n"
                            "--outer--\r\n";
    auto m = parse_message(raw, 100);
    EXPECT_EQ(m.body, "plain ✓");
}

TEST(MessageParser, AnAttachedTextIsNotTheBody) {
    const std::string raw =
        "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
        "--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment\r\n\r\n"
        "file\r\n--b--\r\n";
    EXPECT_EQ(parse_message(raw, 100).body, "");
}

TEST(MessageParser, HtmlOnlyMailIsShownAsText) {
    const std::string raw = "Content-Type: text/html; charset=utf-8\r\n\r\n"
                            "<html><head><style>p {color: red}</style></head><body>"
                            "<p>Hello &amp; welcome</p><!-- hidden --><div>Line<br>two</div>"
                            "<script>alert(1)</script></body></html>";
    EXPECT_EQ(parse_message(raw, 1000).body, "Hello & welcome\nLine\ntwo\n");
}

TEST(MessageParser, ALongBodyIsCutAtACharacterBoundary) {
    auto m = parse_message("Content-Type: text/plain; charset=utf-8\r\n\r\nab\xC3\xA9"
                           "cd",
                           3);
    EXPECT_EQ(m.body, "ab");
    EXPECT_TRUE(m.body_truncated);
}

TEST(MessageParser, ADownloadCutInTheMiddleIsMarkedTruncated) {
    const std::string raw =
        "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
        "--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        "SGVsbG8gd2";
    auto m = parse_message(raw, 100, true);
    EXPECT_EQ(m.body, "Hello w");
    EXPECT_TRUE(m.body_truncated);
}

TEST(MessageParser, InvalidUtf8NeverLeavesTheParser) {
    auto m = parse_message("Subject: bad \xC3\r\nFrom: \xff <a@b>\r\n\r\nbody \xfe\xff\r\n", 100);
    EXPECT_EQ(m.subject, "bad \xEF\xBF\xBD");
    EXPECT_EQ(m.body, "body \xEF\xBF\xBD\xEF\xBF\xBD\n");
    EXPECT_EQ(m.from, "\xEF\xBF\xBD <a@b>");
}

TEST(MessageParser, MessagesWithoutHeaderOrBodyAreEmptyNotErrors) {
    auto empty = parse_message("", 100);
    EXPECT_TRUE(empty.body.empty());
    EXPECT_EQ(empty.date, 0);
    auto header_only = parse_message("Subject: x\r\nDate: nonsense", 100);
    EXPECT_EQ(header_only.subject, "x");
    EXPECT_EQ(header_only.date, 0);
    auto no_boundary = parse_message("Content-Type: multipart/mixed\r\n\r\ntext", 100);
    EXPECT_TRUE(no_boundary.body.empty());
}

TEST(MessageParser, DeeplyNestedMultipartsStopAtTheLimit) {
    std::string raw;
    for (int i = 0; i < 50; ++i)
        raw += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\r\n\r\n--b" +
               std::to_string(i) + "\r\n";
    raw += "Content-Type: text/plain\r\n\r\ndeep\r\n";
    auto m = parse_message(raw, 100);
    EXPECT_TRUE(m.body.empty());
}

TEST(HtmlText, EntitiesAndTagsAreHandledCrudely) {
    EXPECT_EQ(html_to_text("a&lt;b&gt; &quot;c&quot;&nbsp;<b>d</b>"), "a<b> \"c\" d");
    EXPECT_EQ(html_to_text("unclosed <tag"), "unclosed ");
}

} // namespace
