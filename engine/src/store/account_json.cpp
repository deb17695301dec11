#include "maillab/store/account_json.hpp"

#include "json_duplicate_keys.hpp"
#include "maillab/model/validation.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <optional>
#include <utility>
#include <vector>

namespace maillab {

namespace {

namespace json = boost::json;

constexpr std::size_t max_json_bytes = std::size_t{1} << 20; // 1 MiB
constexpr std::size_t max_json_depth = 32;
constexpr std::size_t max_shown_bytes = 64;
constexpr std::string_view masked_password = "••••••";

// What the reader accepts, chosen so that everything accepted is also written back under
// max_json_bytes (even a password of control characters, each written as \u00XX, stays far
// below it: 18 servers × 6 × 1024 bytes is about 110 KiB).
constexpr std::size_t max_other_smtp = 16;
constexpr std::size_t max_text_bytes = 256;    // name, description, imap_path_prefix
constexpr std::size_t max_address_bytes = 320; // email, host, username
constexpr std::size_t max_password_bytes = 1024;

// 1-based line and column (in characters, not bytes) of a byte offset.
std::string position_of(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < offset; ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte == '\n') {
            ++line;
            column = 1;
        } else if ((byte & 0xC0) != 0x80) {
            ++column; // count UTF-8 lead bytes only
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

Result<json::value> parse_untrusted_json(std::string_view text) {
    if (text.size() > max_json_bytes) {
        return Error{"the account JSON is too large (" + std::to_string(text.size()) +
                     " bytes; at most " + std::to_string(max_json_bytes) + ")"};
    }
    json::parse_options options;
    options.max_depth = max_json_depth;
    json::stream_parser parser({}, options);
    boost::system::error_code ec;
    std::size_t consumed = parser.write(text.data(), text.size(), ec);
    if (!ec) {
        parser.finish(ec);
        consumed = text.size();
    }
    if (ec) {
        const std::string what =
            ec == json::error::too_deep
                ? "nested more than " + std::to_string(max_json_depth) + " levels deep"
                : ec.message();
        return Error{"the account JSON is not valid at " + position_of(text, consumed) + ": " +
                     what};
    }
    return parser.release();
}

std::string kind_name(const json::value& value) {
    switch (value.kind()) {
    case json::kind::null:
        return "null";
    case json::kind::bool_:
        return "a boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
        return "a number";
    case json::kind::string:
        return "a string";
    case json::kind::array:
        return "an array";
    case json::kind::object:
        return "an object";
    }
    return "something else";
}

// Length in bytes of the UTF-8 sequence at text[i] and its code point; 0 when it is not valid
// UTF-8 there (overlong forms, surrogates and values above U+10FFFF included).
std::size_t utf8_at(std::string_view text, std::size_t i, char32_t& code_point) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    std::size_t length = 0;
    char32_t minimum = 0;
    if (lead < 0x80) {
        code_point = lead;
        return 1;
    }
    if ((lead & 0xE0) == 0xC0) {
        length = 2;
        code_point = lead & 0x1F;
        minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3;
        code_point = lead & 0x0F;
        minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4;
        code_point = lead & 0x07;
        minimum = 0x10000;
    } else {
        return 0;
    }
    if (i + length > text.size()) {
        return 0;
    }
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) {
            return 0;
        }
        code_point = (code_point << 6) | (byte(i + k) & 0x3F);
    }
    if (code_point < minimum || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
        return 0;
    }
    return length;
}

// Characters a message line must not carry raw (as validation.cpp's shown() escapes them): C0
// and C1 controls, DEL, the Unicode line and paragraph separators and invisible characters.
bool must_escape(char32_t c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029 || c == 0x200B ||
           c == 0x2060 || c == 0xFEFF;
}

// Quotes a (non-secret) JSON string for a message, as a JSON string literal: quotes and
// backslashes escaped, \n \r \t as such, the characters of must_escape() as \uXXXX (so that a
// message is always one line that shows what the file holds), bytes that are not UTF-8 as \xNN;
// shortened on a character boundary.
std::string shown(std::string_view text) {
    constexpr std::string_view hex = "0123456789abcdef";
    std::string out = "\"";
    std::size_t i = 0;
    while (i < text.size()) {
        char32_t c = 0;
        const std::size_t length = utf8_at(text, i, c);
        if (i + std::max<std::size_t>(length, 1) > max_shown_bytes) {
            out += "…";
            break;
        }
        if (length == 0) {
            const auto byte = static_cast<unsigned char>(text[i]);
            out += "\\x";
            out += hex[byte >> 4];
            out += hex[byte & 0xF];
            ++i;
            continue;
        }
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (must_escape(c)) {
            out += "\\u";
            for (int shift = 12; shift >= 0; shift -= 4) {
                out += hex[(c >> shift) & 0xF];
            }
        } else {
            out += text.substr(i, length);
        }
        i += length;
    }
    out += '"';
    return out;
}

// Reads the members of one JSON object; each problem is recorded with the field's full name.
// Values of fields are quoted only for enumerations, never for passwords or user names.
class ObjectReader {
  public:
    ObjectReader(const json::object& object, std::string prefix, std::vector<std::string>& errors)
        : object_(object), prefix_(std::move(prefix)), errors_(errors) {}

    std::string field(std::string_view key) const {
        return prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key);
    }

    // The member, or nullptr when it is absent or null. The key becomes a known one.
    const json::value* find(std::string_view key) {
        known_.push_back(key);
        const json::value* value = object_.if_contains(key);
        return value == nullptr || value->is_null() ? nullptr : value;
    }

    // A string member of at most max_bytes bytes (the value is never quoted when too long, so
    // passwords go through here too).
    std::optional<std::string> string(std::string_view key, bool required = false,
                                      std::size_t max_bytes = max_text_bytes) {
        const json::value* value = find(key);
        if (value == nullptr) {
            if (required) {
                fail(key, "is required");
            }
            return std::nullopt;
        }
        if (!value->is_string()) {
            fail(key, "must be a string, not " + kind_name(*value));
            return std::nullopt;
        }
        const json::string& text = value->get_string();
        if (text.size() > max_bytes) {
            fail(key, "is too long (" + std::to_string(text.size()) + " bytes; at most " +
                          std::to_string(max_bytes) + ")");
            return std::nullopt;
        }
        return std::string(text);
    }

    std::optional<bool> boolean(std::string_view key) {
        const json::value* value = find(key);
        if (value == nullptr) {
            return std::nullopt;
        }
        if (!value->is_bool()) {
            fail(key, "must be true or false, not " + kind_name(*value));
            return std::nullopt;
        }
        return value->get_bool();
    }

    std::optional<std::uint16_t> port(std::string_view key) {
        const json::value* value = find(key);
        if (value == nullptr) {
            return std::nullopt;
        }
        std::optional<std::string> number;
        if (value->is_int64()) {
            const std::int64_t n = value->get_int64();
            if (n >= 1 && n <= 65535) {
                return static_cast<std::uint16_t>(n);
            }
            number = std::to_string(n);
        } else if (value->is_uint64()) {
            number = std::to_string(value->get_uint64());
        } else if (value->is_double()) {
            fail(key, "must be a whole number from 1 to 65535, not a number with a fraction or "
                      "exponent");
            return std::nullopt;
        } else {
            fail(key, "must be a number from 1 to 65535, not " + kind_name(*value));
            return std::nullopt;
        }
        fail(key, *number + " is not a port number (1..65535)");
        return std::nullopt;
    }

    template <class Enum, class Parse>
    std::optional<Enum> choice(std::string_view key, Parse parse, std::string_view allowed,
                               bool required = false) {
        const auto text = string(key, required);
        if (!text) {
            return std::nullopt;
        }
        const std::optional<Enum> value = parse(*text);
        if (!value) {
            fail(key, shown(*text) + " is not one of " + std::string(allowed));
        }
        return value;
    }

    const json::object* object(std::string_view key, bool required) {
        const json::value* value = find(key);
        if (value == nullptr) {
            if (required) {
                fail(key, "is required");
            }
            return nullptr;
        }
        if (!value->is_object()) {
            fail(key, "must be an object, not " + kind_name(*value));
            return nullptr;
        }
        return &value->get_object();
    }

    const json::array* array(std::string_view key) {
        const json::value* value = find(key);
        if (value == nullptr) {
            return nullptr;
        }
        if (!value->is_array()) {
            fail(key, "must be an array, not " + kind_name(*value));
            return nullptr;
        }
        return &value->get_array();
    }

    void fail(std::string_view key, std::string_view message) {
        errors_.push_back(field(key) + ": " + std::string(message));
    }

    // Every member not asked for is an error: a misspelt "pasword" must not vanish silently.
    void reject_unknown_keys() {
        for (const auto& member : object_) {
            const std::string_view key = member.key();
            if (std::find(known_.begin(), known_.end(), key) == known_.end())
                errors_.push_back((prefix_.empty() ? std::string("the account") : prefix_) + ": " +
                                  shown(key) + " is not a known field (a misspelling?)");
        }
    }

  private:
    std::vector<std::string_view> known_;
    const json::object& object_;
    std::string prefix_;
    std::vector<std::string>& errors_;
};

constexpr std::string_view security_choices = "tls, starttls, none";
constexpr std::string_view auth_choices = "password, cram-md5, ntlm, http-md5-digest, none";

// host, port, security, auth, username, password: shared by incoming and outgoing servers.
ServerSettings read_server(ObjectReader& reader, std::optional<IncomingProtocol> protocol,
                           const std::string& email) {
    ServerSettings server;
    server.host = reader.string("host", /*required=*/true, max_address_bytes).value_or("");
    server.security = reader.choice<Security>("security", parse_security, security_choices)
                          .value_or(Security::tls);
    const auto port = reader.port("port");
    server.port = port.value_or(protocol ? default_port(*protocol, server.security)
                                         : default_smtp_port(server.security));
    server.auth = reader.choice<AuthMethod>("auth", parse_auth_method, auth_choices)
                      .value_or(AuthMethod::password);
    server.username = reader.string("username", false, max_address_bytes).value_or(email);
    server.password = reader.string("password", false, max_password_bytes).value_or("");
    return server;
}

SmtpServer read_smtp(const json::object& object, std::string prefix, const std::string& email,
                     std::vector<std::string>& errors) {
    ObjectReader reader(object, std::move(prefix), errors);
    SmtpServer smtp;
    smtp.server = read_server(reader, std::nullopt, email);
    smtp.enabled = reader.boolean("enabled").value_or(true);
    reader.reject_unknown_keys();
    return smtp;
}

std::string join(const std::vector<std::string>& messages) {
    std::string out;
    for (const auto& message : messages) {
        if (!out.empty()) {
            out += "; ";
        }
        out += message;
    }
    return out;
}

// ---- writing ----------------------------------------------------------------------------------

void write_pretty(const json::value& value, std::string& out, std::size_t indent) {
    if (value.is_object() && !value.get_object().empty()) {
        out += "{\n";
        bool first = true;
        for (const auto& member : value.get_object()) {
            if (!first) {
                out += ",\n";
            }
            first = false;
            out.append(indent + 2, ' ');
            out += json::serialize(member.key());
            out += ": ";
            write_pretty(member.value(), out, indent + 2);
        }
        out += '\n';
        out.append(indent, ' ');
        out += '}';
    } else if (value.is_array() && !value.get_array().empty()) {
        out += "[\n";
        bool first = true;
        for (const auto& element : value.get_array()) {
            if (!first) {
                out += ",\n";
            }
            first = false;
            out.append(indent + 2, ' ');
            write_pretty(element, out, indent + 2);
        }
        out += '\n';
        out.append(indent, ' ');
        out += ']';
    } else {
        out += json::serialize(value); // scalars, {} and []
    }
}

void put_password(json::object& object, const std::string& password, PasswordOutput passwords) {
    switch (passwords) {
    case PasswordOutput::include:
        object["password"] = password;
        break;
    case PasswordOutput::mask:
        object["password"] = password.empty() ? std::string_view{} : masked_password;
        break;
    case PasswordOutput::omit:
        break;
    }
}

json::object server_object(const ServerSettings& server, PasswordOutput passwords) {
    json::object object;
    object["host"] = server.host;
    object["port"] = server.port;
    object["security"] = to_string(server.security);
    object["auth"] = to_string(server.auth);
    object["username"] = server.username;
    put_password(object, server.password, passwords);
    return object;
}

json::object smtp_object(const SmtpServer& smtp, PasswordOutput passwords) {
    json::object object = server_object(smtp.server, passwords);
    object["enabled"] = smtp.enabled;
    return object;
}

} // namespace

Result<Account> parse_account_json(std::string_view json_text) {
    auto parsed = parse_untrusted_json(json_text);
    if (!parsed) {
        return parsed.error();
    }
    if (!parsed->is_object()) {
        return Error{"the account JSON must be an object, not " + kind_name(*parsed)};
    }
    // A key given twice is refused (parsers disagree on which value counts), and so is a key
    // that is not a field (reject_unknown_keys).
    if (auto duplicate = store_detail::find_duplicate_key(json_text))
        return Error{*duplicate + ": given more than once"};
    std::vector<std::string> errors;
    ObjectReader root(parsed->get_object(), "", errors);
    Account account;
    account.email = root.string("email", /*required=*/true, max_address_bytes).value_or("");
    account.name = root.string("name").value_or("");
    account.description = root.string("description").value_or("");

    if (const json::object* in = root.object("incoming", /*required=*/true)) {
        ObjectReader reader(*in, "incoming", errors);
        const auto protocol = reader.choice<IncomingProtocol>("protocol", parse_incoming_protocol,
                                                              "imap, pop3", /*required=*/true);
        account.incoming.protocol = protocol.value_or(IncomingProtocol::imap);
        account.incoming.server = read_server(reader, account.incoming.protocol, account.email);
        account.incoming.imap_path_prefix = reader.string("imap_path_prefix").value_or("");
        account.incoming.pop_delete =
            reader
                .choice<PopDeletePolicy>("pop_delete", parse_pop_delete_policy,
                                         "never, after-seven-days, when-removed-from-inbox")
                .value_or(PopDeletePolicy::never);
        reader.reject_unknown_keys();
    }
    if (const json::object* out = root.object("outgoing", /*required=*/true)) {
        account.primary_smtp = read_smtp(*out, "outgoing", account.email, errors);
    }
    if (const json::array* others = root.array("other_smtp");
        others != nullptr && others->size() > max_other_smtp) {
        root.fail("other_smtp", "more than " + std::to_string(max_other_smtp) + " servers");
    } else if (others != nullptr) {
        for (std::size_t i = 0; i < others->size(); ++i) {
            const std::string field = "other_smtp[" + std::to_string(i) + "]";
            const json::value& element = (*others)[i];
            if (!element.is_object()) {
                errors.push_back(field + ": must be an object, not " + kind_name(element));
                continue;
            }
            account.other_smtp.push_back(
                read_smtp(element.get_object(), field, account.email, errors));
        }
    }
    account.outgoing_password_same_as_incoming =
        root.boolean("outgoing_password_same_as_incoming").value_or(false);
    root.reject_unknown_keys();

    if (errors.empty()) {
        for (const FieldError& error : validate_account(account)) {
            errors.push_back(error.message);
        }
    }
    if (!errors.empty()) {
        return Error{join(errors)};
    }
    return account;
}

std::string account_to_json(const Account& account, PasswordOutput passwords) {
    json::object object;
    object["email"] = account.email;
    object["name"] = account.name;
    object["description"] = account.description;

    json::object incoming;
    incoming["protocol"] = to_string(account.incoming.protocol);
    for (auto& member : server_object(account.incoming.server, passwords)) {
        incoming[member.key()] = member.value();
    }
    incoming["imap_path_prefix"] = account.incoming.imap_path_prefix;
    incoming["pop_delete"] = to_string(account.incoming.pop_delete);
    object["incoming"] = std::move(incoming);

    object["outgoing"] = smtp_object(account.primary_smtp, passwords);
    json::array others;
    for (const SmtpServer& smtp : account.other_smtp) {
        others.push_back(smtp_object(smtp, passwords));
    }
    object["other_smtp"] = std::move(others);
    object["outgoing_password_same_as_incoming"] = account.outgoing_password_same_as_incoming;

    std::string out;
    write_pretty(object, out, 0);
    return out;
}

} // namespace maillab
