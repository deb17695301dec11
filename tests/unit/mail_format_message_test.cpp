#include "mail/message_parser.hpp"
#include "maillab/mail/mail.hpp"

#include <gtest/gtest.h>

namespace {

using maillab::OutgoingMessage;

std::string header_of(const std::string& text) {
    return text.substr(0, text.find("\r\n\r\n") + 2);
}

// Header field names, one per line that is not a continuation.
std::vector<std::string> field_names(const std::string& header) {
    std::vector<std::string> names;
    std::size_t pos = 0;
    while (pos < header.size()) {
        auto end = header.find("\r\n", pos);
        auto line = header.substr(pos, end - pos);
        if (!line.empty() && line[0] != ' ' && line[0] != '\t')
            names.push_back(line.substr(0, line.find(':')));
        pos = end + 2;
    }
    return names;
}

OutgoingMessage simple() {
    OutgoingMessage m;
    m.from_name = "Alex Rivera";
    m.from_address = "alex@lab.maillab.test";
    m.to = {"sam@lab.maillab.test"};
    m.cc = {"jordan@lab.maillab.test"};
    m.bcc = {"secret@lab.maillab.test"};
    m.subject = "Lunch";
    m.body = "Hi Sam,\nsee you.\n";
    return m;
}

TEST(FormatMessage, AnAsciiMessageHasTheHeadersAnd7BitCrLfBody) {
    const auto text = maillab::format_message(simple(), 1772535900, "lab.maillab.test");
    const auto header = header_of(text);
    EXPECT_EQ(
        field_names(header),
        (std::vector<std::string>{"Date", "From", "To", "Cc", "Subject", "Message-ID",
                                  "MIME-Version", "Content-Type", "Content-Transfer-Encoding"}));
    EXPECT_NE(header.find("Date: Tue, 3 Mar 2026 11:05:00 +0000\r\n"), std::string::npos);
    EXPECT_NE(header.find("From: Alex Rivera <alex@lab.maillab.test>\r\n"), std::string::npos);
    EXPECT_NE(header.find("To: sam@lab.maillab.test\r\n"), std::string::npos);
    EXPECT_NE(header.find("Cc: jordan@lab.maillab.test\r\n"), std::string::npos);
    EXPECT_NE(header.find("@lab.maillab.test>\r\n"), std::string::npos);
    EXPECT_NE(header.find("Content-Type: text/plain; charset=utf-8\r\n"), std::string::npos);
    EXPECT_NE(header.find("Content-Transfer-Encoding: 7bit\r\n"), std::string::npos);
    EXPECT_EQ(text.substr(text.find("\r\n\r\n") + 4), "Hi Sam,\r\nsee you.\r\n");
}

TEST(FormatMessage, BccNeverAppears) {
    const auto text = maillab::format_message(simple(), 0, "x.test");
    EXPECT_EQ(text.find("secret@"), std::string::npos);
    EXPECT_EQ(text.find("Bcc"), std::string::npos);
}

TEST(FormatMessage, MessageIdsAreRandom) {
    auto id = [](const std::string& text) {
        auto pos = text.find("Message-ID: ");
        return text.substr(pos, text.find("\r\n", pos) - pos);
    };
    EXPECT_NE(id(maillab::format_message(simple(), 0, "x.test")),
              id(maillab::format_message(simple(), 0, "x.test")));
}

TEST(FormatMessage, NonAsciiNameSubjectAndBodyAreEncodedAndParseBack) {
    auto m = simple();
    m.from_name = "André Müller";
    m.subject = "Grüße — ✓";
    m.body = "Café\n.line with a dot\n" + std::string(1200, 'x') + "\n";
    const auto text = maillab::format_message(m, 0, "x.test");
    const auto header = header_of(text);
    EXPECT_EQ(header.find("André"), std::string::npos);
    EXPECT_NE(header.find("From: =?utf-8?B?"), std::string::npos);
    EXPECT_NE(header.find("Content-Transfer-Encoding: quoted-printable"), std::string::npos);
    for (unsigned char c : text)
        EXPECT_LT(c, 0x80);
    auto parsed = maillab::mail_detail::parse_message(text, 1 << 20);
    EXPECT_EQ(parsed.from, "André Müller <alex@lab.maillab.test>");
    EXPECT_EQ(parsed.subject, "Grüße — ✓");
    EXPECT_EQ(parsed.body, m.body);
}

TEST(FormatMessage, ALongAsciiLineNeedsQuotedPrintable) {
    auto m = simple();
    m.body = std::string(999, 'a');
    const auto text = maillab::format_message(m, 0, "x.test");
    EXPECT_NE(text.find("quoted-printable"), std::string::npos);
    m.body = std::string(998, 'a');
    EXPECT_NE(maillab::format_message(m, 0, "x.test").find("7bit"), std::string::npos);
}

TEST(FormatMessage, ANameWithSpecialsIsQuoted) {
    auto m = simple();
    m.from_name = "Rivera, Alex \"AR\"";
    const auto text = maillab::format_message(m, 0, "x.test");
    EXPECT_NE(text.find("From: \"Rivera, Alex \\\"AR\\\"\" <alex@lab.maillab.test>\r\n"),
              std::string::npos);
}

TEST(FormatMessage, LineBreaksInNameSubjectOrAddressesCannotAddHeaders) {
    auto m = simple();
    m.from_name = "Alex\r\nBcc: victim@example.com";
    m.subject = "Hi\r\nX-Injected: yes\nContent-Type: text/html";
    m.to = {"sam@lab.maillab.test\r\nX-Evil: 1", "ok@lab.maillab.test"};
    const auto text = maillab::format_message(m, 0, "x.test");
    const auto names = field_names(header_of(text));
    for (const auto& name : names) {
        EXPECT_NE(name, "Bcc");
        EXPECT_NE(name, "X-Injected");
        EXPECT_NE(name, "X-Evil");
    }
    EXPECT_EQ(std::count(names.begin(), names.end(), "Content-Type"), 1);
    EXPECT_NE(text.find("To: ok@lab.maillab.test\r\n"), std::string::npos);
}

} // namespace
