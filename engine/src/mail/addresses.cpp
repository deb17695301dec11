#include "mail/addresses.hpp"

#include "mail/encoded_words.hpp"

#include <cctype>

namespace maillab::mail_detail {
namespace {

std::string trimmed(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return std::string(s);
}

// Collapses runs of white space to one space.
std::string squeeze(std::string_view s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = !out.empty();
            continue;
        }
        if (space)
            out += ' ';
        space = false;
        out += c;
    }
    return out;
}

// One mailbox from its raw text (no top-level comma).
Mailbox parse_mailbox(std::string_view raw) {
    std::string phrase;  // text outside <>, quotes removed
    std::string comment; // the first comment
    std::string angle;   // inside <>
    bool has_angle = false;
    int depth = 0;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c == '"' && depth == 0) {
            for (++i; i < raw.size() && raw[i] != '"'; ++i) {
                if (raw[i] == '\\' && i + 1 < raw.size())
                    ++i;
                phrase += raw[i];
            }
            continue;
        }
        if (c == '(') {
            if (depth++ > 0)
                comment += c;
            continue;
        }
        if (c == ')' && depth > 0) {
            if (--depth > 0)
                comment += c;
            continue;
        }
        if (depth > 0) {
            if (comment.size() < 1000)
                comment += c;
            continue;
        }
        if (c == '<' && !has_angle) {
            auto close = raw.find('>', i + 1);
            if (close == std::string_view::npos)
                close = raw.size();
            angle = std::string(raw.substr(i + 1, close - i - 1));
            has_angle = true;
            i = close;
            continue;
        }
        phrase += c;
    }
    Mailbox m;
    if (has_angle) {
        m.address = trimmed(angle);
        m.name = squeeze(decode_header_text(trimmed(phrase)));
    } else {
        m.address = trimmed(phrase);
        m.name = squeeze(decode_header_text(trimmed(comment)));
    }
    if (m.address.find(':') != std::string::npos && m.address.find('@') != std::string::npos)
        m.address = m.address.substr(m.address.rfind(':') + 1); // obsolete route "@a:b@c"
    m.address = squeeze(decode_header_text(m.address));
    return m;
}

} // namespace

std::string Mailbox::display() const {
    if (name.empty())
        return address;
    if (address.empty())
        return name;
    return name + " <" + address + ">";
}

std::vector<Mailbox> parse_address_list(std::string_view value) {
    std::vector<Mailbox> out;
    std::size_t start = 0;
    bool quoted = false;
    int comment = 0;
    bool angle = false;
    auto flush = [&](std::size_t end) {
        auto piece = value.substr(start, end - start);
        // A group: "name:" before the members, ";" after them.
        if (!piece.empty()) {
            auto mailbox = parse_mailbox(piece);
            if ((!mailbox.address.empty() || !mailbox.name.empty()) && out.size() < 1000)
                out.push_back(std::move(mailbox));
        }
        start = end + 1;
    };
    for (std::size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        if (quoted) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                quoted = false;
            continue;
        }
        if (comment > 0) {
            if (c == '(')
                ++comment;
            else if (c == ')')
                --comment;
            else if (c == '\\')
                ++i;
            continue;
        }
        if (c == '"')
            quoted = true;
        else if (c == '(')
            ++comment;
        else if (c == '<')
            angle = true;
        else if (c == '>')
            angle = false;
        else if (!angle && c == ':' &&
                 value.substr(start, i - start).find('@') == std::string_view::npos)
            start = i + 1; // group name: drop it
        else if (!angle && (c == ',' || c == ';'))
            flush(i);
    }
    if (start < value.size())
        flush(value.size());
    return out;
}

std::string display_list(const std::vector<Mailbox>& mailboxes) {
    std::string out;
    for (const auto& m : mailboxes)
        out += (out.empty() ? "" : ", ") + m.display();
    return out;
}

bool is_safe_address(std::string_view address) {
    if (address.empty() || address.size() > 254)
        return false;
    for (char c : address) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7f || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' ||
            c == '(' || c == ')' || c == '\\')
            return false;
    }
    const auto at = address.rfind('@');
    return at != std::string_view::npos && at > 0 && at + 1 < address.size();
}

} // namespace maillab::mail_detail
