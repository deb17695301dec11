#include "imap_message.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace maillab::lab_detail {
namespace {

std::size_t header_end(const std::string& raw) {
    if (raw.rfind("\r\n", 0) == 0)
        return 2;
    auto pos = raw.find("\r\n\r\n");
    if (pos != std::string::npos)
        return pos + 4;
    auto lf = raw.find("\n\n");
    return lf == std::string::npos ? raw.size() : lf + 2;
}

// Header fields as (name, full text including continuation lines and CRLF).
std::vector<std::pair<std::string, std::string>> header_fields(const std::string& raw) {
    std::vector<std::pair<std::string, std::string>> fields;
    std::string header = message_header(raw);
    std::size_t pos = 0;
    while (pos < header.size()) {
        auto eol = header.find('\n', pos);
        std::size_t next = eol == std::string::npos ? header.size() : eol + 1;
        std::string line = header.substr(pos, next - pos);
        pos = next;
        if (line == "\r\n" || line == "\n")
            break;
        if ((line[0] == ' ' || line[0] == '\t') && !fields.empty()) {
            fields.back().second += line;
            continue;
        }
        auto colon = line.find(':');
        if (colon == std::string::npos)
            continue;
        std::string name = line.substr(0, colon);
        while (!name.empty() && (name.back() == ' ' || name.back() == '\t'))
            name.pop_back();
        fields.emplace_back(name, line);
    }
    return fields;
}

std::vector<std::string> split_addresses(const std::string& value) {
    std::vector<std::string> out;
    std::string current;
    bool quoted = false;
    int angle = 0;
    for (std::size_t i = 0; i < value.size(); ++i) {
        char c = value[i];
        if (c == '\\' && quoted && i + 1 < value.size()) {
            current += c;
            current += value[++i];
            continue;
        }
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && c == '<')
            ++angle;
        else if (!quoted && c == '>' && angle > 0)
            --angle;
        if (c == ',' && !quoted && angle == 0) {
            out.push_back(current);
            current.clear();
            continue;
        }
        current += c;
    }
    out.push_back(current);
    return out;
}

std::string trim(std::string text) {
    auto not_space = [](unsigned char c) { return !std::isspace(c); };
    text.erase(text.begin(), std::find_if(text.begin(), text.end(), not_space));
    text.erase(std::find_if(text.rbegin(), text.rend(), not_space).base(), text.end());
    return text;
}

std::string address_list(const std::string& value) {
    if (trim(value).empty())
        return "NIL";
    std::string out;
    for (auto part : split_addresses(value)) {
        part = trim(part);
        if (part.empty())
            continue;
        std::optional<std::string> name;
        std::string address = part;
        auto open = part.rfind('<');
        auto close = part.rfind('>');
        if (open != std::string::npos && close != std::string::npos && close > open) {
            address = part.substr(open + 1, close - open - 1);
            std::string display = trim(part.substr(0, open));
            if (display.size() >= 2 && display.front() == '"' && display.back() == '"') {
                std::string unquoted;
                for (std::size_t i = 1; i + 1 < display.size(); ++i) {
                    if (display[i] == '\\' && i + 2 < display.size())
                        ++i;
                    unquoted += display[i];
                }
                display = unquoted;
            }
            if (!display.empty())
                name = display;
        }
        auto at = address.rfind('@');
        std::optional<std::string> mailbox, host;
        if (at == std::string::npos) {
            mailbox = address;
        } else {
            mailbox = address.substr(0, at);
            host = address.substr(at + 1);
        }
        out += "(" + imap_nstring(name) + " NIL " + imap_nstring(mailbox) + " " +
               imap_nstring(host) + ")";
    }
    return out.empty() ? "NIL" : "(" + out + ")";
}

std::optional<std::string> field_or_nil(const std::string& raw, std::string_view name) {
    for (const auto& [field, _] : header_fields(raw))
        if (iequals(field, name))
            return header_value(raw, name);
    return std::nullopt;
}

std::string envelope(const std::string& raw) {
    auto from = header_value(raw, "From");
    auto sender = field_or_nil(raw, "Sender").value_or(from);
    auto reply_to = field_or_nil(raw, "Reply-To").value_or(from);
    return "(" + imap_nstring(field_or_nil(raw, "Date")) + " " +
           imap_nstring(field_or_nil(raw, "Subject")) + " " + address_list(from) + " " +
           address_list(sender) + " " + address_list(reply_to) + " " +
           address_list(header_value(raw, "To")) + " " + address_list(header_value(raw, "Cc")) +
           " " + address_list(header_value(raw, "Bcc")) + " " +
           imap_nstring(field_or_nil(raw, "In-Reply-To")) + " " +
           imap_nstring(field_or_nil(raw, "Message-ID")) + ")";
}

// A single-part structure from the top-level Content-Type (the lab stores what clients send;
// multipart bodies are described as one part of their declared type).
std::string body_structure(const std::string& raw, bool extensible) {
    std::string content_type = header_value(raw, "Content-Type");
    std::string type = "TEXT", subtype = "PLAIN", params = "(\"CHARSET\" \"us-ascii\")";
    if (!content_type.empty()) {
        auto semi = content_type.find(';');
        std::string media = trim(content_type.substr(0, semi));
        auto slash = media.find('/');
        if (slash != std::string::npos) {
            type = upper(trim(media.substr(0, slash)));
            subtype = upper(trim(media.substr(slash + 1)));
        }
        params = "NIL";
        std::string list;
        while (semi != std::string::npos) {
            auto next = content_type.find(';', semi + 1);
            std::string param = trim(content_type.substr(
                semi + 1, next == std::string::npos ? std::string::npos : next - semi - 1));
            auto eq = param.find('=');
            if (eq != std::string::npos) {
                std::string value = trim(param.substr(eq + 1));
                if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
                    value = value.substr(1, value.size() - 2);
                list += (list.empty() ? "" : " ") + imap_string(upper(trim(param.substr(0, eq)))) +
                        " " + imap_string(value);
            }
            semi = next;
        }
        if (!list.empty())
            params = "(" + list + ")";
    }
    std::string encoding = trim(header_value(raw, "Content-Transfer-Encoding"));
    if (encoding.empty())
        encoding = "7BIT";
    std::string text = message_text(raw);
    std::string out = "(" + imap_string(type) + " " + imap_string(subtype) + " " + params +
                      " NIL NIL " + imap_string(upper(encoding)) + " " +
                      std::to_string(text.size());
    if (type == "TEXT")
        out += " " + std::to_string(std::count(text.begin(), text.end(), '\n'));
    if (extensible)
        out += " NIL NIL NIL";
    return out + ")";
}

std::string section_data(const std::string& raw, const FetchItem& item) {
    std::string spec = upper(item.section);
    if (spec.empty())
        return raw;
    if (spec == "HEADER" || spec == "0")
        return message_header(raw);
    if (spec == "TEXT" || spec == "1")
        return message_text(raw);
    if (spec.rfind("HEADER.FIELDS", 0) == 0) {
        bool negate = spec.rfind("HEADER.FIELDS.NOT", 0) == 0;
        auto open = spec.find('('), close = spec.rfind(')');
        std::vector<std::string> names;
        if (open != std::string::npos && close != std::string::npos && close > open) {
            std::string inner = spec.substr(open + 1, close - open - 1);
            std::size_t pos = 0;
            while (pos < inner.size()) {
                auto space = inner.find(' ', pos);
                std::string name =
                    inner.substr(pos, space == std::string::npos ? std::string::npos : space - pos);
                if (name.size() >= 2 && name.front() == '"' && name.back() == '"')
                    name = name.substr(1, name.size() - 2);
                if (!name.empty())
                    names.push_back(name);
                if (space == std::string::npos)
                    break;
                pos = space + 1;
            }
        }
        std::string out;
        for (const auto& header : header_fields(raw)) {
            const std::string& field = header.first;
            bool listed = std::any_of(names.begin(), names.end(),
                                      [&](const std::string& n) { return iequals(n, field); });
            if (listed != negate)
                out += header.second;
        }
        return out + "\r\n";
    }
    return {};
}

std::string literal(std::string_view data) {
    return "{" + std::to_string(data.size()) + "}\r\n" + std::string(data);
}

} // namespace

std::string message_header(const std::string& raw) {
    return raw.substr(0, header_end(raw));
}
std::string message_text(const std::string& raw) {
    return raw.substr(header_end(raw));
}

std::string header_value(const std::string& raw, std::string_view name) {
    for (const auto& [field, text] : header_fields(raw)) {
        if (!iequals(field, name))
            continue;
        std::string value = text.substr(text.find(':') + 1);
        std::string unfolded;
        for (char c : value)
            if (c != '\r' && c != '\n')
                unfolded += c;
        return trim(unfolded);
    }
    return {};
}

std::string imap_string(std::string_view text) {
    bool needs_literal = std::any_of(text.begin(), text.end(), [](unsigned char c) {
        return c == '\r' || c == '\n' || c == 0 || c >= 0x80;
    });
    if (needs_literal || text.size() > 1000)
        return literal(text);
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + "\"";
}

std::string imap_nstring(const std::optional<std::string>& text) {
    return text ? imap_string(*text) : "NIL";
}

std::string imap_astring(std::string_view text) {
    bool atom = !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) {
        return c > 0x20 && c < 0x7f &&
               std::string_view("(){%*\"\\]").find(static_cast<char>(c)) == std::string_view::npos;
    });
    return atom ? std::string(text) : imap_string(text);
}

std::string flag_list(const StoredMessage& message) {
    std::string out = "(";
    for (std::size_t i = 0; i < message.flags.size(); ++i)
        out += (i ? " " : "") + message.flags[i];
    return out + ")";
}

std::optional<FetchItem> parse_fetch_item(std::string_view text) {
    FetchItem item;
    std::string name = upper(text);
    using K = FetchItem::Kind;
    if (name == "UID")
        item.kind = K::uid;
    else if (name == "FLAGS")
        item.kind = K::flags;
    else if (name == "ENVELOPE")
        item.kind = K::envelope;
    else if (name == "RFC822.SIZE")
        item.kind = K::size;
    else if (name == "INTERNALDATE")
        item.kind = K::internal_date;
    else if (name == "BODYSTRUCTURE")
        item.kind = K::body_structure;
    else if (name == "BODY")
        item.kind = K::body;
    else if (name == "RFC822")
        item.kind = K::rfc822;
    else if (name == "RFC822.HEADER")
        item.kind = K::rfc822_header;
    else if (name == "RFC822.TEXT")
        item.kind = K::rfc822_text;
    else if (name.rfind("BODY[", 0) == 0 || name.rfind("BODY.PEEK[", 0) == 0) {
        item.kind = K::body;
        item.has_section = true;
        item.peek = name.rfind("BODY.PEEK[", 0) == 0;
        auto open = text.find('[');
        auto close = text.find(']', open);
        if (close == std::string_view::npos)
            return std::nullopt;
        item.section = std::string(text.substr(open + 1, close - open - 1));
        std::string_view rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != '<' || rest.back() != '>')
                return std::nullopt;
            rest = rest.substr(1, rest.size() - 2);
            auto dot = rest.find('.');
            if (dot == std::string_view::npos)
                return std::nullopt;
            std::size_t start = 0, length = 0;
            auto a = std::from_chars(rest.data(), rest.data() + dot, start);
            auto b = std::from_chars(rest.data() + dot + 1, rest.data() + rest.size(), length);
            if (a.ec != std::errc{} || b.ec != std::errc{} || a.ptr != rest.data() + dot ||
                b.ptr != rest.data() + rest.size() || length == 0)
                return std::nullopt;
            item.partial_start = start;
            item.partial_length = length;
        }
        std::string spec = upper(item.section);
        bool known = spec.empty() || spec == "HEADER" || spec == "TEXT" || spec == "1" ||
                     spec.rfind("HEADER.FIELDS", 0) == 0;
        if (!known)
            return std::nullopt;
    } else {
        return std::nullopt;
    }
    return item;
}

std::string fetch_response(StoredMessage& message, const std::vector<FetchItem>& items,
                           bool may_set_seen) {
    using K = FetchItem::Kind;
    std::string out;
    bool flags_requested = false, seen_set = false;
    auto add = [&](const std::string& part) { out += (out.empty() ? "" : " ") + part; };
    for (const auto& item : items) {
        bool sets_seen = (item.kind == K::body && item.has_section && !item.peek) ||
                         item.kind == K::rfc822 || item.kind == K::rfc822_text;
        if (sets_seen && may_set_seen && !message.has_flag("\\Seen")) {
            message.set_flag("\\Seen", true);
            seen_set = true;
        }
        switch (item.kind) {
        case K::uid:
            add("UID " + std::to_string(message.uid));
            break;
        case K::flags:
            flags_requested = true;
            add("FLAGS " + flag_list(message));
            break;
        case K::envelope:
            add("ENVELOPE " + envelope(message.raw));
            break;
        case K::size:
            add("RFC822.SIZE " + std::to_string(message.raw.size()));
            break;
        case K::internal_date:
            add("INTERNALDATE \"" + imap_internal_date(message.internal_date) + "\"");
            break;
        case K::body_structure:
            add("BODYSTRUCTURE " + body_structure(message.raw, true));
            break;
        case K::body:
            if (!item.has_section) {
                add("BODY " + body_structure(message.raw, false));
                break;
            } else {
                std::string data = section_data(message.raw, item);
                std::string name = "BODY[" + item.section + "]";
                if (item.partial_start) {
                    name += "<" + std::to_string(*item.partial_start) + ">";
                    data = *item.partial_start < data.size()
                               ? data.substr(*item.partial_start, *item.partial_length)
                               : std::string{};
                }
                add(name + " " + literal(data));
            }
            break;
        case K::rfc822:
            add("RFC822 " + literal(message.raw));
            break;
        case K::rfc822_header:
            add("RFC822.HEADER " + literal(message_header(message.raw)));
            break;
        case K::rfc822_text:
            add("RFC822.TEXT " + literal(message_text(message.raw)));
            break;
        }
    }
    if (seen_set && !flags_requested)
        add("FLAGS " + flag_list(message));
    return out;
}

} // namespace maillab::lab_detail
