#include "mail/message_parser.hpp"
#include "protocol/text_util.hpp"

#include <cctype>

namespace maillab::mail_detail {
namespace {

// The tag name at html[pos] (just after "<" or "</"), lower case.
std::string tag_name(std::string_view html, std::size_t pos) {
    std::string name;
    while (pos < html.size() && name.size() < 16 &&
           std::isalnum(static_cast<unsigned char>(html[pos])))
        name += static_cast<char>(std::tolower(static_cast<unsigned char>(html[pos++])));
    return name;
}

bool breaks_line(std::string_view name) {
    for (std::string_view n : {"br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6",
                               "table", "blockquote", "pre", "hr"})
        if (name == n)
            return true;
    return false;
}

} // namespace

std::string html_to_text(std::string_view html) {
    std::string out;
    std::size_t i = 0;
    while (i < html.size()) {
        const char c = html[i];
        if (c == '<') {
            if (html.compare(i, 4, "<!--") == 0) {
                auto end = html.find("-->", i + 4);
                i = end == std::string_view::npos ? html.size() : end + 3;
                continue;
            }
            const bool closing = i + 1 < html.size() && html[i + 1] == '/';
            const std::string name = tag_name(html, i + (closing ? 2 : 1));
            auto end = html.find('>', i);
            i = end == std::string_view::npos ? html.size() : end + 1;
            if (!closing && (name == "script" || name == "style")) {
                const std::string close = "</" + name;
                std::size_t k = i;
                while (k < html.size() && !text::istarts_with(html.substr(k), close))
                    ++k;
                auto close_end = html.find('>', k);
                i = close_end == std::string_view::npos ? html.size() : close_end + 1;
                continue;
            }
            if (breaks_line(name) && (name == "br" || closing || name == "p" || name == "div"))
                if (!out.empty() && out.back() != '\n')
                    out += '\n';
            continue;
        }
        if (c == '&') {
            struct Entity {
                std::string_view name, text;
            };
            bool matched = false;
            for (auto [name, text] :
                 {Entity{"&amp;", "&"}, Entity{"&lt;", "<"}, Entity{"&gt;", ">"},
                  Entity{"&quot;", "\""}, Entity{"&#39;", "'"}, Entity{"&apos;", "'"},
                  Entity{"&nbsp;", " "}})
                if (html.compare(i, name.size(), name) == 0) {
                    out += text;
                    i += name.size();
                    matched = true;
                    break;
                }
            if (matched)
                continue;
        }
        if (c == '\r') {
            ++i;
            continue;
        }
        out += c;
        ++i;
    }
    return out;
}

} // namespace maillab::mail_detail
