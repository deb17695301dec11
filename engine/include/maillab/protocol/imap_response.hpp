// IMAP response lines (RFC 9051 / 3501): status responses, response codes, capabilities.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace maillab::imap {

struct Response {
    std::string tag;         // "*" untagged, "+" continuation, else the command tag
    std::string status;      // OK, NO, BAD, BYE, PREAUTH (upper case); empty for data responses
    std::string code;        // response code atom in [...], upper case ("AUTHENTICATIONFAILED")
    std::string code_args;   // what follows the code atom inside [...]
    std::string text;        // human-readable text after the code
    std::string data_kind;   // for untagged data: "CAPABILITY", "LIST", ...; empty otherwise
    std::string data;        // the rest of an untagged data response
};

// Parses one response line (without CRLF). nullopt when the line is not an IMAP response.
std::optional<Response> parse_response(std::string_view line);

// "IMAP4rev1 STARTTLS AUTH=PLAIN" → {"IMAP4REV1","STARTTLS","AUTH=PLAIN"} (upper-cased).
std::vector<std::string> parse_capabilities(std::string_view text);
bool has_capability(const std::vector<std::string>& capabilities, std::string_view name);

// An astring argument for LOGIN: a quoted string when every byte allows it, else a literal.
struct Astring {
    bool literal = false;
    std::string text; // quoted form ("\"pa\\\"ss\"") or the raw literal bytes
};
Astring make_astring(std::string_view value);

} // namespace maillab::imap
