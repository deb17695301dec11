// The header of a message or MIME part (RFC 5322 2.2, 3.2.2): split from the body, fields
// unfolded; Content-Type and its parameters (RFC 2045 5.1).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace maillab::mail_detail {

struct HeaderField {
    std::string name;  // as sent
    std::string value; // unfolded (CR LF before white space removed), trimmed
};

struct Entity {
    std::vector<HeaderField> fields;
    std::string_view body; // a view into the text given to split_entity
};

// Limits on untrusted input.
inline constexpr std::size_t max_header_fields = 500;
inline constexpr std::size_t max_header_bytes = 256 * 1024;

// Splits at the first empty line (CR LF or LF). Lines without a colon are skipped; fields after
// max_header_fields and header text beyond max_header_bytes are ignored.
Entity split_entity(std::string_view text);

// The first field with this name (case-insensitive), or "".
std::string field_value(const std::vector<HeaderField>& fields, std::string_view name);

struct ContentType {
    std::string type = "text"; // lower case
    std::string subtype = "plain";
    std::map<std::string, std::string> parameters; // names lower case, values unquoted
    bool is(std::string_view t, std::string_view s) const { return type == t && subtype == s; }
};

// "text/plain; charset=utf-8"; an empty or broken value gives text/plain.
ContentType parse_content_type(std::string_view value);

} // namespace maillab::mail_detail
