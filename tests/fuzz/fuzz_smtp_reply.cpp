// libFuzzer target: SMTP reply lines through ReplyReader, then EHLO keyword parsing.
#include "fuzz_util.hpp"
#include "maillab/protocol/smtp_reply.hpp"

#include <string>
#include <vector>

namespace {

using maillab::fuzz::has_no_lowercase_ascii;
using maillab::smtp::ReplyReader;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// "X.Y.Z": class 2, 4 or 5; subject and detail of 1 to 3 digits.
bool is_enhanced_status(std::string_view s) {
    if (s.size() < 5 || (s[0] != '2' && s[0] != '4' && s[0] != '5') || s[1] != '.')
        return false;
    std::size_t i = 2;
    for (int part = 0; part < 2; ++part) {
        std::size_t digits = 0;
        while (i < s.size() && is_digit(s[i])) {
            ++i;
            ++digits;
        }
        if (digits < 1 || digits > 3)
            return false;
        if (part == 0) {
            if (i >= s.size() || s[i] != '.')
                return false;
            ++i;
        }
    }
    return i == s.size();
}

char upper(char c) {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}

// A mechanism is a whole word of an extension line: it follows a blank (or the "=" of
// "AUTH=LOGIN PLAIN") and ends at a blank or the end of the line. Catches pieces of a keyword.
bool advertised(const std::vector<std::string>& lines, std::string_view mechanism) {
    for (std::string_view line : lines) {
        for (std::size_t at = 1; at + mechanism.size() <= line.size(); ++at) {
            bool same = true;
            for (std::size_t k = 0; k < mechanism.size() && same; ++k)
                same = upper(line[at + k]) == mechanism[k];
            if (!same)
                continue;
            const char before = line[at - 1];
            const std::size_t end = at + mechanism.size();
            if ((is_blank(before) || before == '=') && (end == line.size() || is_blank(line[end])))
                return true;
        }
    }
    return false;
}

void check_complete(const maillab::smtp::Reply& reply, std::size_t fed) {
    FUZZ_CHECK(reply.code >= 200 && reply.code <= 599);
    FUZZ_CHECK(!reply.lines.empty() && reply.lines.size() == fed);
    FUZZ_CHECK(reply.lines.size() <= ReplyReader::max_lines);
    FUZZ_CHECK(reply.first_line.size() >= 3);
    FUZZ_CHECK(std::stoi(reply.first_line.substr(0, 3)) == reply.code);
    FUZZ_CHECK(reply.enhanced_status.empty() || is_enhanced_status(reply.enhanced_status));
    if (!reply.enhanced_status.empty())
        FUZZ_CHECK(reply.lines.front().find(reply.enhanced_status) != std::string::npos);
    (void)reply.joined();

    const auto ext = maillab::smtp::parse_ehlo(reply);
    FUZZ_CHECK(ext.lines.size() == reply.lines.size() - 1);
    FUZZ_CHECK(ext.as_list() == ext.lines);
    FUZZ_CHECK(ext.keywords.size() <= ext.lines.size());
    for (std::size_t i = 0; i < ext.keywords.size(); ++i) {
        const auto& keyword = ext.keywords[i];
        FUZZ_CHECK(!keyword.empty() && has_no_lowercase_ascii(keyword));
        FUZZ_CHECK(keyword.find(' ') == std::string::npos);
        FUZZ_CHECK(ext.has(keyword));
        for (std::size_t j = 0; j < i; ++j)
            FUZZ_CHECK(ext.keywords[j] != keyword);
    }
    if (!ext.auth_mechanisms.empty())
        FUZZ_CHECK(ext.has("AUTH"));
    for (std::size_t i = 0; i < ext.auth_mechanisms.size(); ++i) {
        const auto& mech = ext.auth_mechanisms[i];
        FUZZ_CHECK(!mech.empty() && has_no_lowercase_ascii(mech));
        FUZZ_CHECK(mech.find(' ') == std::string::npos);
        FUZZ_CHECK(ext.has_auth(mech));
        FUZZ_CHECK(advertised(ext.lines, mech));
        for (std::size_t j = 0; j < i; ++j)
            FUZZ_CHECK(ext.auth_mechanisms[j] != mech);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto lines = maillab::fuzz::split_lines(maillab::fuzz::as_text(data, size), 2048);
    ReplyReader reader;
    std::size_t fed = 0;
    for (auto line : lines) {
        const auto result = reader.feed(line);
        ++fed;
        switch (result) {
        case ReplyReader::Feed::need_more:
            FUZZ_CHECK(line.size() >= 4 && line[3] == '-');
            break;
        case ReplyReader::Feed::complete:
            check_complete(reader.reply(), fed);
            reader = ReplyReader{};
            fed = 0;
            break;
        case ReplyReader::Feed::malformed:
            FUZZ_CHECK(!reader.error().empty());
            reader = ReplyReader{};
            fed = 0;
            break;
        }
    }
    return 0;
}
