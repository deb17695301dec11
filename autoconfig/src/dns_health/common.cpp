// Shared pieces of the DNS health checks: verdict names, DNS name helpers, RFC 6376 tag lists.
#include "common.hpp"

#include "maillab/autoconfig/dns_health.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <cctype>

namespace maillab::autoconfig {
namespace {

std::string_view trim_wsp(std::string_view s) {
    auto is_wsp = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && is_wsp(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_wsp(s.back()))
        s.remove_suffix(1);
    return s;
}

bool is_tag_name(std::string_view name) {
    // tag-name = ALPHA *ALNUMPUNC; ALNUMPUNC = ALPHA / DIGIT / "_"
    if (name.empty() || !std::isalpha(static_cast<unsigned char>(name.front())))
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
}

} // namespace

std::string_view to_string(Verdict verdict) {
    switch (verdict) {
    case Verdict::ok:
        return "ok";
    case Verdict::warning:
        return "warning";
    case Verdict::problem:
        return "problem";
    case Verdict::missing:
        return "missing";
    }
    return "problem";
}

std::string detail::lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string canonical_dns_name(std::string_view name) {
    std::string out = detail::lower(name);
    if (out.size() > 1 && out.back() == '.')
        out.pop_back();
    return out;
}

bool is_ip_address_literal(std::string_view text) {
    if (text.size() >= 2 && text.front() == '[' && text.back() == ']')
        text = text.substr(1, text.size() - 2);
    if (text.empty() || text.size() > 64)
        return false;
    std::string s(text);
    std::array<unsigned char, 16> buffer{};
    return inet_pton(AF_INET, s.c_str(), buffer.data()) == 1 ||
           inet_pton(AF_INET6, s.c_str(), buffer.data()) == 1;
}

const std::string* TagList::find(std::string_view name) const {
    for (const auto& [tag, value] : tags)
        if (tag == name)
            return &value;
    return nullptr;
}

TagList parse_tag_list(std::string_view text) {
    TagList list;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find(';', start);
        if (end == std::string_view::npos)
            end = text.size();
        auto part = trim_wsp(text.substr(start, end - start));
        start = end + 1;
        if (part.empty()) {
            // A trailing ";" is allowed; an empty tag in the middle is harmless too.
            continue;
        }
        auto eq = part.find('=');
        if (eq == std::string_view::npos) {
            list.errors.push_back("\"" + std::string(part) +
                                  "\" is not a tag (expected NAME=VALUE)");
            continue;
        }
        std::string name(trim_wsp(part.substr(0, eq)));
        std::string value(trim_wsp(part.substr(eq + 1)));
        if (!is_tag_name(name)) {
            list.errors.push_back("\"" + std::string(part) + "\": \"" + name +
                                  "\" is not a valid tag name");
            continue;
        }
        if (list.find(name)) {
            // RFC 6376 §3.2: a duplicate tag makes the whole tag list invalid.
            list.errors.push_back("the tag " + name + "= appears more than once");
            continue;
        }
        list.tags.emplace_back(std::move(name), std::move(value));
    }
    return list;
}

bool all_passed(const std::vector<HealthCheck>& checks) {
    return std::none_of(checks.begin(), checks.end(),
                        [](const HealthCheck& c) { return c.verdict == Verdict::problem; });
}

} // namespace maillab::autoconfig
