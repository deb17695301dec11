#include "mail/header_fields.hpp"

#include "protocol/text_util.hpp"

#include <algorithm>
#include <cctype>

namespace maillab::mail_detail {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string_view trim_all(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

} // namespace

Entity split_entity(std::string_view text) {
    Entity out;
    std::size_t pos = 0;
    std::vector<std::string_view> lines;
    while (pos < text.size()) {
        auto newline = text.find('\n', pos);
        auto line = text.substr(pos, newline == std::string_view::npos ? text.npos : newline - pos);
        const std::size_t next = newline == std::string_view::npos ? text.size() : newline + 1;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.empty()) {
            pos = next;
            out.body = text.substr(pos);
            break;
        }
        if (pos < max_header_bytes)
            lines.push_back(line);
        pos = next;
    }
    if (pos >= text.size() && out.body.empty())
        out.body = {};
    for (auto line : lines) {
        if ((line.front() == ' ' || line.front() == '\t')) {
            if (!out.fields.empty() && out.fields.back().value.size() < max_header_bytes)
                out.fields.back().value += line; // unfolding keeps the white space
            continue;
        }
        auto colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0)
            continue;
        if (out.fields.size() >= max_header_fields)
            break;
        out.fields.push_back(
            {std::string(trim_all(line.substr(0, colon))), std::string(line.substr(colon + 1))});
    }
    for (auto& field : out.fields)
        field.value = std::string(trim_all(field.value));
    return out;
}

std::string field_value(const std::vector<HeaderField>& fields, std::string_view name) {
    for (const auto& field : fields)
        if (text::iequals(field.name, name))
            return field.value;
    return {};
}

ContentType parse_content_type(std::string_view value) {
    ContentType out;
    auto semi = value.find(';');
    auto media = trim_all(value.substr(0, semi));
    auto slash = media.find('/');
    if (slash != std::string_view::npos && slash > 0 && slash + 1 < media.size()) {
        out.type = lower(trim_all(media.substr(0, slash)));
        out.subtype = lower(trim_all(media.substr(slash + 1)));
    }
    std::string_view rest =
        semi == std::string_view::npos ? std::string_view{} : value.substr(semi + 1);
    while (!rest.empty() && out.parameters.size() < 32) {
        auto eq = rest.find('=');
        if (eq == std::string_view::npos)
            break;
        std::string name = lower(trim_all(rest.substr(0, eq)));
        rest = trim_all(rest.substr(eq + 1));
        std::string v;
        if (!rest.empty() && rest.front() == '"') {
            std::size_t i = 1;
            for (; i < rest.size() && rest[i] != '"'; ++i) {
                if (rest[i] == '\\' && i + 1 < rest.size())
                    ++i;
                v += rest[i];
            }
            rest = i < rest.size() ? rest.substr(i + 1) : std::string_view{};
            auto next = rest.find(';');
            rest = next == std::string_view::npos ? std::string_view{} : rest.substr(next + 1);
        } else {
            auto next = rest.find(';');
            v = std::string(trim_all(rest.substr(0, next)));
            rest = next == std::string_view::npos ? std::string_view{} : rest.substr(next + 1);
        }
        if (!name.empty() && !out.parameters.count(name))
            out.parameters.emplace(std::move(name), std::move(v));
    }
    return out;
}

} // namespace maillab::mail_detail
