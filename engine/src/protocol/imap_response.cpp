#include "maillab/protocol/imap_response.hpp"

#include "protocol/text_util.hpp"

#include <algorithm>

namespace maillab::imap {
namespace {

bool is_status(std::string_view word) {
    for (auto s : {"OK", "NO", "BAD", "BYE", "PREAUTH"})
        if (text::iequals(word, s))
            return true;
    return false;
}

bool is_tag_char(char c) {
    auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7f && c != '(' && c != ')' && c != '{' && c != '%' && c != '"' &&
           c != '\\' && c != '+' && c != ']';
}

// Reads "[CODE args] text" into the response.
void parse_resp_text(std::string_view rest, Response& out) {
    rest = text::trim(rest);
    if (!rest.empty() && rest.front() == '[') {
        auto close = rest.find(']');
        if (close != std::string_view::npos) {
            auto inside = rest.substr(1, close - 1);
            auto code = text::next_word(inside);
            out.code = text::upper(code);
            out.code_args = std::string(text::trim(inside));
            rest = text::trim(rest.substr(close + 1));
        }
    }
    out.text = std::string(rest);
}

} // namespace

std::optional<Response> parse_response(std::string_view line) {
    if (line.empty())
        return std::nullopt;
    Response out;
    std::string_view rest = line;
    if (rest.front() == '+') {
        out.tag = "+";
        out.text = std::string(text::trim(rest.substr(1)));
        return out;
    }
    auto tag = text::next_word(rest);
    if (tag.empty() || !std::all_of(tag.begin(), tag.end(), [](char c) {
            return is_tag_char(c) || c == '*';
        }))
        return std::nullopt;
    if (tag != "*" && tag.find('*') != std::string_view::npos)
        return std::nullopt;
    out.tag = std::string(tag);
    std::string_view after_tag = rest;
    auto word = text::next_word(rest);
    if (word.empty())
        return std::nullopt;
    if (is_status(word)) {
        out.status = text::upper(word);
        parse_resp_text(rest, out);
        return out;
    }
    if (out.tag != "*")
        return std::nullopt; // a tagged line must carry a status
    // Untagged data: "* CAPABILITY ...", "* 3 EXISTS", ...
    out.data_kind = text::upper(word);
    out.data = std::string(text::trim(rest));
    (void)after_tag;
    return out;
}

std::vector<std::string> parse_capabilities(std::string_view list) {
    std::vector<std::string> caps;
    while (true) {
        auto word = text::next_word(list);
        if (word.empty())
            break;
        caps.push_back(text::upper(word));
    }
    return caps;
}

bool has_capability(const std::vector<std::string>& capabilities, std::string_view name) {
    return std::any_of(capabilities.begin(), capabilities.end(),
                       [&](const std::string& c) { return text::iequals(c, name); });
}

Astring make_astring(std::string_view value) {
    // RFC 3501 quoted strings hold 7-bit text without CR, LF or NUL; anything else is a literal.
    bool quotable = std::all_of(value.begin(), value.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u >= 0x01 && u <= 0x7f && c != '\r' && c != '\n';
    });
    if (!quotable)
        return {true, std::string(value)};
    std::string quoted = "\"";
    for (char c : value) {
        if (c == '"' || c == '\\')
            quoted += '\\';
        quoted += c;
    }
    quoted += '"';
    return {false, quoted};
}

} // namespace maillab::imap
