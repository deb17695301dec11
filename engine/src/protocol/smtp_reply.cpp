#include "maillab/protocol/smtp_reply.hpp"

#include "protocol/text_util.hpp"

#include <algorithm>
#include <cctype>

namespace maillab::smtp {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "5.7.8 text" → "5.7.8" (class 2, 4 or 5; subject and detail up to 3 digits each).
std::string enhanced_status_of(std::string_view text) {
    auto word = text::next_word(text);
    if (word.size() < 5 || (word[0] != '2' && word[0] != '4' && word[0] != '5') || word[1] != '.')
        return {};
    std::size_t i = 2, digits = 0;
    while (i < word.size() && is_digit(word[i]) && digits < 3) {
        ++i;
        ++digits;
    }
    if (digits == 0 || i >= word.size() || word[i] != '.')
        return {};
    ++i;
    digits = 0;
    while (i < word.size() && is_digit(word[i]) && digits < 3) {
        ++i;
        ++digits;
    }
    if (digits == 0 || i != word.size())
        return {};
    return std::string(word);
}

} // namespace

std::string Reply::joined() const {
    std::string out;
    for (const auto& l : lines) {
        if (!out.empty())
            out += ' ';
        out += l;
    }
    return out;
}

ReplyReader::Feed ReplyReader::feed(std::string_view line) {
    if (line.size() < 3 || !is_digit(line[0]) || !is_digit(line[1]) || !is_digit(line[2]) ||
        line[0] < '2' || line[0] > '5') {
        error_ = "not an SMTP reply line";
        return Feed::malformed;
    }
    int code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
    char sep = line.size() > 3 ? line[3] : ' ';
    if (sep != ' ' && sep != '-') {
        error_ = "bad separator after the reply code";
        return Feed::malformed;
    }
    if (reply_.lines.empty()) {
        reply_.code = code;
        reply_.first_line = std::string(line);
    } else if (code != reply_.code) {
        error_ = "reply code changed inside a multi-line reply";
        return Feed::malformed;
    }
    if (reply_.lines.size() >= max_lines) {
        error_ = "multi-line reply has too many lines";
        return Feed::malformed;
    }
    std::string_view text = line.size() > 4 ? line.substr(4) : std::string_view{};
    if (reply_.lines.empty())
        reply_.enhanced_status = enhanced_status_of(text);
    reply_.lines.emplace_back(text);
    return sep == '-' ? Feed::need_more : Feed::complete;
}

bool Extensions::has(std::string_view keyword) const {
    return std::any_of(keywords.begin(), keywords.end(),
                       [&](const std::string& k) { return text::iequals(k, keyword); });
}

bool Extensions::has_auth(std::string_view mechanism) const {
    return std::any_of(auth_mechanisms.begin(), auth_mechanisms.end(),
                       [&](const std::string& m) { return text::iequals(m, mechanism); });
}

std::vector<std::string> Extensions::as_list() const { return lines; }

Extensions parse_ehlo(const Reply& reply) {
    Extensions ext;
    // The first line is the greeting ("mail.example.com Hello"); the rest are extensions.
    for (std::size_t i = 1; i < reply.lines.size(); ++i) {
        std::string_view line = reply.lines[i];
        ext.lines.emplace_back(line);
        auto keyword = text::upper(text::next_word(line));
        if (keyword.empty())
            continue;
        // Old servers write "AUTH=LOGIN PLAIN"; accept it as AUTH.
        std::string_view params = line;
        if (keyword.rfind("AUTH=", 0) == 0) {
            params = text::trim(reply.lines[i]).substr(5); // the line may start with spaces
            keyword = "AUTH";
        }
        if (keyword == "AUTH") {
            while (true) {
                auto mech = text::next_word(params);
                if (mech.empty())
                    break;
                if (!ext.has_auth(mech))
                    ext.auth_mechanisms.push_back(text::upper(mech));
            }
        }
        if (!ext.has(keyword))
            ext.keywords.push_back(keyword);
    }
    return ext;
}

} // namespace maillab::smtp
