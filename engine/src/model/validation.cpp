#include "maillab/model/validation.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <charconv>
#include <cstdio>
#include <idn2.h>
#include <memory>
#include <optional>

namespace maillab {

namespace {

constexpr std::size_t max_local_part_bytes = 64; // RFC 5321 4.5.3.1.1
constexpr std::size_t max_address_bytes = 254;   // RFC 5321 path limit minus the angle brackets
constexpr std::size_t max_host_name_chars = 253; // RFC 1035 without the trailing dot
constexpr std::size_t max_label_chars = 63;      // RFC 1035
constexpr std::size_t max_input_bytes = 1024;    // anything longer is refused before parsing
constexpr std::size_t max_shown_bytes = 64;      // how much of a bad value a message quotes
constexpr std::size_t max_user_name_bytes = 1024;

// ---- UTF-8 ------------------------------------------------------------------------------------

struct CodePoint {
    char32_t value = 0;
    std::size_t length = 0; // bytes; 0 means "not valid UTF-8 here"
};

// Decodes the code point at text[i]; rejects overlong forms, surrogates and values > U+10FFFF.
CodePoint decode_utf8(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80) {
        return {lead, 1};
    }
    std::size_t length = 0;
    char32_t value = 0;
    char32_t minimum = 0;
    if ((lead & 0xE0) == 0xC0) {
        length = 2;
        value = lead & 0x1F;
        minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3;
        value = lead & 0x0F;
        minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4;
        value = lead & 0x07;
        minimum = 0x10000;
    } else {
        return {};
    }
    if (i + length > text.size()) {
        return {};
    }
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) {
            return {};
        }
        value = (value << 6) | (byte(i + k) & 0x3F);
    }
    if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
        return {};
    }
    return {value, length};
}

std::string code_point_name(char32_t value) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(value));
    return buffer;
}

bool is_line_break(char32_t c) {
    return c == '\r' || c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029;
}
bool is_control(char32_t c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}
bool is_unicode_space(char32_t c) { // Unicode category Zs other than U+0020
    return c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F ||
           c == 0x3000;
}
bool is_invisible(char32_t c) {
    return c == 0x200B || c == 0x2060 || c == 0xFEFF;
}

// Quotes a value for a message: escapes quotes, backslashes, control characters and bytes that
// are not UTF-8, and shortens long values, so that a message is always one safe line.
std::string shown(std::string_view text) {
    std::string out = "\"";
    std::size_t i = 0;
    while (i < text.size()) {
        if (i >= max_shown_bytes) {
            out += "…";
            break;
        }
        const CodePoint cp = decode_utf8(text, i);
        if (cp.length == 0) {
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "\\x%02X", static_cast<unsigned char>(text[i]));
            out += buffer;
            ++i;
            continue;
        }
        const char32_t c = cp.value;
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == 0) {
            out += "\\0";
        } else if (is_control(c) || is_line_break(c) || is_invisible(c)) {
            out += "\\u{" + code_point_name(c).substr(2) + "}";
        } else {
            out += text.substr(i, cp.length);
        }
        i += cp.length;
    }
    out += '"';
    return out;
}

// Describes the first character that has no place in a one-line identifier (or in a name, when
// spaces are allowed). Nothing is quoted, so the result is safe for secrets too.
std::optional<std::string> character_problem(std::string_view text, bool spaces_allowed) {
    std::size_t i = 0;
    while (i < text.size()) {
        const CodePoint cp = decode_utf8(text, i);
        if (cp.length == 0) {
            return "is not valid UTF-8";
        }
        const char32_t c = cp.value;
        if (c == '\r' || c == '\n') {
            return "contains a line break (CR/LF)";
        }
        if (is_line_break(c)) {
            return "contains a line break (" + code_point_name(c) + ")";
        }
        if (c == 0) {
            return "contains a NUL byte";
        }
        if (c == '\t') {
            return "contains a tab";
        }
        if (is_control(c)) {
            return "contains a control character (" + code_point_name(c) + ")";
        }
        if (!spaces_allowed) {
            if (c == ' ') {
                return "contains a space";
            }
            if (is_unicode_space(c)) {
                return "contains a space character (" + code_point_name(c) + ")";
            }
            if (is_invisible(c)) {
                return "contains an invisible character (" + code_point_name(c) + ")";
            }
        }
        i += cp.length;
    }
    return std::nullopt;
}

// ---- small text helpers -----------------------------------------------------------------------

bool is_ascii_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_ascii_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_ldh(char c) {
    return is_ascii_letter(c) || is_ascii_digit(c) || c == '-';
}

std::string lower_ascii(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

std::vector<std::string_view> split_labels(std::string_view name) {
    std::vector<std::string_view> labels;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = name.find('.', start);
        if (dot == std::string_view::npos) {
            labels.push_back(name.substr(start));
            return labels;
        }
        labels.push_back(name.substr(start, dot - start));
        start = dot + 1;
    }
}

bool is_ipv4_literal(const std::string& text) {
    in_addr address{};
    return inet_pton(AF_INET, text.c_str(), &address) == 1;
}

bool is_ipv6_literal(const std::string& text) {
    in6_addr address{};
    return inet_pton(AF_INET6, text.c_str(), &address) == 1;
}

struct IdnFree {
    void operator()(char* p) const { idn2_free(p); }
};

// IDNA 2008 (non-transitional) first, then transitional as browsers and curl do.
Result<std::string> idn_to_ascii(const std::string& name) {
    char* raw = nullptr;
    int rc = idn2_to_ascii_8z(name.c_str(), &raw, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
    if (rc != IDN2_OK) {
        idn2_free(raw);
        raw = nullptr;
        const int retry = idn2_to_ascii_8z(name.c_str(), &raw, IDN2_NFC_INPUT | IDN2_TRANSITIONAL);
        if (retry != IDN2_OK) {
            idn2_free(raw);
            return Error{std::string("is not a valid internationalized host name (") +
                         idn2_strerror(rc) + ")"};
        }
    }
    const std::unique_ptr<char, IdnFree> owned{raw};
    return std::string(owned.get());
}

// ---- email local part ---------------------------------------------------------------------------

bool is_atext(char c) {
    if (is_ascii_letter(c) || is_ascii_digit(c) || static_cast<unsigned char>(c) >= 0x80) {
        return true; // RFC 6531: UTF-8 is allowed (already checked to be valid)
    }
    return std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

std::optional<std::string> dot_atom_problem(std::string_view local) {
    if (local.front() == '.') {
        return "begins with a dot";
    }
    if (local.back() == '.') {
        return "ends with a dot";
    }
    if (local.find("..") != std::string_view::npos) {
        return "contains two dots in a row";
    }
    for (const char c : local) {
        if (c != '.' && !is_atext(c)) {
            return "contains " + shown(std::string_view(&c, 1)) +
                   ", which is only allowed in quotes";
        }
    }
    return std::nullopt;
}

// `quoted` includes its quotes; control characters were rejected before.
std::optional<std::string> quoted_local_problem(std::string_view quoted) {
    if (quoted.size() == 2) {
        return "is an empty quoted string";
    }
    for (std::size_t i = 1; i + 1 < quoted.size(); ++i) {
        if (quoted[i] == '\\') {
            const auto next = static_cast<unsigned char>(quoted[i + 1]);
            if (next < 0x20 || next > 0x7E) {
                return std::string("has a backslash before a character that cannot be escaped");
            }
            ++i;
        }
    }
    return std::nullopt;
}

std::string prefixed(std::string_view prefix, std::string_view suffix) {
    std::string field(prefix);
    if (!suffix.empty()) {
        field += '.';
        field += suffix;
    }
    return field;
}

void add_error(std::vector<FieldError>& errors, std::string field, std::string_view message) {
    std::string text = field + ": ";
    text += message;
    errors.push_back({std::move(field), std::move(text)});
}

bool auth_allowed(ServerRole role, AuthMethod auth) {
    if (role == ServerRole::smtp) {
        return true; // the phone offers every method, and "none", for SMTP
    }
    return auth == AuthMethod::password || auth == AuthMethod::cram_md5 || auth == AuthMethod::ntlm;
}

std::string role_label(ServerRole role) {
    switch (role) {
    case ServerRole::incoming_imap:
        return "IMAP";
    case ServerRole::incoming_pop3:
        return "POP3";
    case ServerRole::smtp:
        return "SMTP";
    }
    return "this server";
}

void check_free_text(std::vector<FieldError>& errors, std::string field, std::string_view text) {
    if (const auto problem = character_problem(text, /*spaces_allowed=*/true)) {
        add_error(errors, std::move(field), *problem);
    }
}

} // namespace

Result<EmailAddress> parse_email_address(std::string_view text) {
    if (text.empty()) {
        return Error{"an email address is required"};
    }
    if (text.size() > max_input_bytes) {
        return Error{shown(text) + " is too long (" + std::to_string(text.size()) +
                     " bytes; at most " + std::to_string(max_address_bytes) + ")"};
    }
    if (const auto problem = character_problem(text, /*spaces_allowed=*/true)) {
        return Error{shown(text) + " " + *problem};
    }

    std::string_view local;
    std::string_view rest;
    if (text.front() == '"') {
        std::size_t i = 1;
        while (i < text.size() && text[i] != '"') {
            i += text[i] == '\\' ? 2 : 1;
        }
        if (i >= text.size()) {
            return Error{shown(text) + " has a quoted local part without its closing quote"};
        }
        local = text.substr(0, i + 1);
        rest = text.substr(i + 1);
        if (rest.empty()) {
            return Error{shown(text) + " has no \"@\""};
        }
        if (rest.front() != '@') {
            return Error{shown(text) + " has characters between the closing quote and \"@\""};
        }
        rest.remove_prefix(1);
        if (rest.find('@') != std::string_view::npos) {
            return Error{shown(text) + " contains more than one \"@\""};
        }
    } else {
        const auto at_count = std::count(text.begin(), text.end(), '@');
        if (at_count == 0) {
            return Error{shown(text) + " has no \"@\""};
        }
        if (at_count > 1) {
            return Error{shown(text) + " contains more than one \"@\""};
        }
        const std::size_t at = text.find('@');
        local = text.substr(0, at);
        rest = text.substr(at + 1);
    }
    if (local.empty()) {
        return Error{shown(text) + " has nothing before \"@\""};
    }
    // Spaces are allowed only inside a quoted local part.
    const bool quoted = local.front() == '"';
    if (const auto problem = character_problem(quoted ? rest : text, /*spaces_allowed=*/false)) {
        return Error{shown(text) + " " + *problem};
    }
    if (rest.empty()) {
        return Error{shown(text) + " has no domain after \"@\""};
    }
    if (local.size() > max_local_part_bytes) {
        return Error{shown(text) + " has a local part that is too long (" +
                     std::to_string(local.size()) + " bytes; at most " +
                     std::to_string(max_local_part_bytes) + ")"};
    }
    if (const auto problem = quoted ? quoted_local_problem(local) : dot_atom_problem(local)) {
        return Error{shown(text) + " has a local part that " + *problem};
    }
    if (text.size() > max_address_bytes) {
        return Error{shown(text) + " is too long (" + std::to_string(text.size()) +
                     " bytes; at most " + std::to_string(max_address_bytes) + ")"};
    }
    if (rest.front() == '[') {
        return Error{shown(text) +
                     " has an address literal as its domain; a domain name is needed"};
    }
    if (rest.back() == '.') {
        return Error{shown(text) + " has a domain that ends with a dot"};
    }
    auto domain = normalize_host_name(rest);
    if (!domain) {
        return Error{shown(text) + " has an invalid domain: " + domain.error().message};
    }
    if (is_ipv4_literal(*domain)) {
        return Error{shown(text) + " has an IP address as its domain; a domain name is needed"};
    }
    EmailAddress address{std::string(local), std::string(rest), std::move(*domain)};
    const std::size_t ascii_size = address.local_part.size() + 1 + address.ascii_domain.size();
    if (ascii_size > max_address_bytes) {
        return Error{shown(text) + " is too long in its ASCII form (" + std::to_string(ascii_size) +
                     " bytes; at most " + std::to_string(max_address_bytes) + ")"};
    }
    return address;
}

Result<std::string> normalize_host_name(std::string_view text) {
    if (text.empty()) {
        return Error{"the host name is empty"};
    }
    if (text.size() > max_input_bytes) {
        return Error{shown(text) + " is too long (" + std::to_string(text.size()) +
                     " bytes; at most " + std::to_string(max_host_name_chars) + ")"};
    }
    if (const auto problem = character_problem(text, /*spaces_allowed=*/false)) {
        return Error{shown(text) + " " + *problem};
    }
    if (text.front() == '[') {
        if (text.back() != ']' || text.size() < 3) {
            return Error{shown(text) + " has \"[\" without a closing \"]\""};
        }
        const std::string inner = lower_ascii(text.substr(1, text.size() - 2));
        if (!is_ipv6_literal(inner)) {
            return Error{shown(text) + " is not a valid IPv6 address"};
        }
        return "[" + inner + "]";
    }
    if (text.find(':') != std::string_view::npos) {
        if (is_ipv6_literal(std::string(text))) {
            return Error{shown(text) + " is an IPv6 address; write it in brackets: [" +
                         std::string(text) + "]"};
        }
        return Error{shown(text) +
                     " contains \":\"; a host name has no scheme or port (the port has its own "
                     "field)"};
    }

    std::string_view name = text;
    if (name.back() == '.') {
        name.remove_suffix(1); // the root label of a fully qualified name
    }
    if (name.empty()) {
        return Error{shown(text) + " has an empty label"};
    }
    if (std::all_of(name.begin(), name.end(),
                    [](char c) { return is_ascii_digit(c) || c == '.'; })) {
        std::string address(name);
        if (!is_ipv4_literal(address)) {
            return Error{shown(text) + " is not a valid IPv4 address"};
        }
        return address;
    }

    bool needs_idn = false;
    for (const std::string_view label : split_labels(name)) {
        if (label.empty()) {
            return Error{shown(text) + " has an empty label"};
        }
        if (lower_ascii(label.substr(0, 4)) == "xn--") {
            needs_idn = true; // an A-label: let libidn2 check its punycode
        }
        for (const char c : label) {
            if (static_cast<unsigned char>(c) >= 0x80) {
                needs_idn = true;
            } else if (!is_ldh(c)) {
                return Error{shown(text) + " contains " + shown(std::string_view(&c, 1)) +
                             ", which is not allowed in a host name"};
            }
        }
    }

    std::string ascii;
    if (needs_idn) {
        auto converted = idn_to_ascii(std::string(name));
        if (!converted) {
            return Error{shown(text) + " " + converted.error().message};
        }
        ascii = lower_ascii(*converted);
    } else {
        ascii = lower_ascii(name);
    }

    const auto labels = split_labels(ascii);
    for (const std::string_view label : labels) {
        if (label.empty()) {
            return Error{shown(text) + " has an empty label"};
        }
        if (label.size() > max_label_chars) {
            return Error{shown(text) + " has a label of " + std::to_string(label.size()) +
                         " characters (at most " + std::to_string(max_label_chars) + ")"};
        }
        if (!std::all_of(label.begin(), label.end(), is_ldh)) {
            return Error{shown(text) + " is not a valid host name after IDN conversion (" +
                         shown(ascii) + ")"};
        }
        if (label.front() == '-' || label.back() == '-') {
            return Error{shown(text) + " has a label that begins or ends with \"-\""};
        }
    }
    if (ascii.size() > max_host_name_chars) {
        return Error{shown(text) + " is too long (" + std::to_string(ascii.size()) +
                     " characters; at most " + std::to_string(max_host_name_chars) + ")"};
    }
    const std::string_view last = labels.back();
    if (std::all_of(last.begin(), last.end(), is_ascii_digit)) {
        return Error{shown(text) + " ends in a numeric label, so it is neither a host name nor an "
                                   "IPv4 address"};
    }
    return ascii;
}

Result<std::uint16_t> parse_port(std::string_view text) {
    const std::string range = " is not a port number (1..65535)";
    if (text.empty()) {
        return Error{"the port is empty; a port number (1..65535) is required"};
    }
    if (!std::all_of(text.begin(), text.end(), is_ascii_digit)) {
        return Error{shown(text) + range};
    }
    unsigned long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value < 1 || value > 65535) {
        return Error{(text.size() <= 20 ? std::string(text) : shown(text)) + range};
    }
    return static_cast<std::uint16_t>(value);
}

std::vector<FieldError> validate_server(const ServerSettings& server, std::string_view field_prefix,
                                        ServerRole role) {
    std::vector<FieldError> errors;
    if (server.host.empty()) {
        add_error(errors, prefixed(field_prefix, "host"), "a host name is required");
    } else if (auto host = normalize_host_name(server.host); !host) {
        add_error(errors, prefixed(field_prefix, "host"), host.error().message);
    }
    if (server.port == 0) {
        add_error(errors, prefixed(field_prefix, "port"), "0 is not a port number (1..65535)");
    }
    if (!auth_allowed(role, server.auth)) {
        add_error(errors, prefixed(field_prefix, "auth"),
                  "\"" + std::string(to_string(server.auth)) + "\" is not available for " +
                      role_label(role) + " (use password, cram-md5 or ntlm)");
    }
    const bool incoming = role != ServerRole::smtp;
    if (server.username.empty()) {
        if (incoming) {
            add_error(errors, prefixed(field_prefix, "username"), "a user name is required");
        }
    } else if (server.username.size() > max_user_name_bytes) {
        add_error(errors, prefixed(field_prefix, "username"),
                  "is too long (" + std::to_string(server.username.size()) + " bytes; at most " +
                      std::to_string(max_user_name_bytes) + ")");
    } else if (const auto problem = character_problem(server.username, /*spaces_allowed=*/true)) {
        add_error(errors, prefixed(field_prefix, "username"), *problem);
    }
    // The password is never quoted, only described. NUL, CR and LF cannot reach a server intact.
    if (server.password.find('\0') != std::string::npos) {
        add_error(errors, prefixed(field_prefix, "password"), "contains a NUL byte");
    } else if (server.password.find_first_of("\r\n") != std::string::npos) {
        add_error(errors, prefixed(field_prefix, "password"), "contains a line break (CR/LF)");
    }
    return errors;
}

std::vector<FieldError> validate_account(const Account& account) {
    std::vector<FieldError> errors;
    if (account.email.empty()) {
        add_error(errors, "email", "an email address is required");
    } else if (auto email = parse_email_address(account.email); !email) {
        add_error(errors, "email", email.error().message);
    }
    check_free_text(errors, "name", account.name);
    check_free_text(errors, "description", account.description);

    const auto append = [&errors](std::vector<FieldError> more) {
        errors.insert(errors.end(), std::make_move_iterator(more.begin()),
                      std::make_move_iterator(more.end()));
    };
    append(validate_server(account.incoming.server, "incoming", account.incoming.role()));
    check_free_text(errors, "incoming.imap_path_prefix", account.incoming.imap_path_prefix);
    append(validate_server(account.primary_smtp.server, "outgoing", ServerRole::smtp));
    for (std::size_t i = 0; i < account.other_smtp.size(); ++i) {
        append(validate_server(account.other_smtp[i].server,
                               "other_smtp[" + std::to_string(i) + "]", ServerRole::smtp));
    }
    return errors;
}

} // namespace maillab
