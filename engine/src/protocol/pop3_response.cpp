#include "maillab/protocol/pop3_response.hpp"

#include "protocol/text_util.hpp"

#include <algorithm>

namespace maillab::pop3 {

std::optional<Status> parse_status(std::string_view line) {
    Status status;
    std::string_view rest;
    if (line.substr(0, 3) == "+OK") {
        status.ok = true;
        rest = line.substr(3);
    } else if (line.substr(0, 4) == "-ERR") {
        rest = line.substr(4);
    } else {
        return std::nullopt;
    }
    if (!rest.empty() && rest.front() != ' ')
        return std::nullopt;
    rest = text::trim(rest);
    if (!rest.empty() && rest.front() == '[') {
        auto close = rest.find(']');
        if (close != std::string_view::npos) {
            status.code = text::upper(rest.substr(1, close - 1));
            rest = text::trim(rest.substr(close + 1));
        }
    }
    status.text = std::string(rest);
    return status;
}

std::optional<std::string> apop_timestamp(std::string_view greeting) {
    auto open = greeting.find('<');
    if (open == std::string_view::npos)
        return std::nullopt;
    auto close = greeting.find('>', open);
    if (close == std::string_view::npos)
        return std::nullopt;
    auto stamp = greeting.substr(open, close - open + 1);
    // RFC 1939: msg-id form, must contain '@'; no spaces.
    if (stamp.find('@') == std::string_view::npos || stamp.find(' ') != std::string_view::npos ||
        stamp.size() > 512)
        return std::nullopt;
    return std::string(stamp);
}

bool Capabilities::has(std::string_view keyword) const {
    return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) {
        std::string_view view = l;
        return text::iequals(text::next_word(view), keyword);
    });
}

bool Capabilities::has_sasl(std::string_view mechanism) const {
    for (const auto& l : lines) {
        std::string_view view = l;
        if (!text::iequals(text::next_word(view), "SASL"))
            continue;
        while (true) {
            auto mech = text::next_word(view);
            if (mech.empty())
                break;
            if (text::iequals(mech, mechanism))
                return true;
        }
    }
    return false;
}

Capabilities parse_capabilities(const std::vector<std::string>& lines) {
    Capabilities caps;
    for (const auto& l : lines) {
        auto t = text::trim(l);
        if (!t.empty())
            caps.lines.emplace_back(t);
    }
    return caps;
}

} // namespace maillab::pop3
