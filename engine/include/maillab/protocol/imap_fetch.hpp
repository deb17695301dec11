// IMAP response values (RFC 9051 section 4): atoms, numbers, quoted strings, literals, NIL and
// parenthesised lists, and the FETCH data the Mail app needs. Pure functions over one whole
// response as received: its lines joined by CR LF, each literal's bytes inline after "{n}\r\n".
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace maillab::imap {

struct Value {
    enum class Kind { atom, number, string, nil, list };
    Kind kind = Kind::nil;
    std::string text;         // the atom or number as sent; a string's or literal's contents
    std::vector<Value> items; // a list's values
};

// Limits on untrusted input: nesting and the number of values in one response.
inline constexpr std::size_t max_value_depth = 16;
inline constexpr std::size_t max_values = 20'000;

// Tokenizes a whole response ("* 3 FETCH (UID 7 ...)") into its values. Atoms keep a section
// in brackets as one piece ("BODY[HEADER.FIELDS (FROM)]<0>"). nullopt when malformed: an
// unterminated string or list, a literal longer than what follows, too deep or too many.
std::optional<std::vector<Value>> parse_values(std::string_view response);

// What one "* n FETCH (...)" response says about a message.
struct FetchData {
    std::uint32_t sequence = 0;
    std::optional<std::uint32_t> uid;
    std::vector<std::string> flags;  // as sent: "\Seen", "\Flagged", keywords
    std::optional<std::size_t> size; // RFC822.SIZE
    std::optional<std::string> body; // BODY[], BODY[]<0> or RFC822 (NIL gives "")
};

// nullopt when the response is not a well-formed FETCH response.
std::optional<FetchData> parse_fetch(std::string_view response);

// The size n of a literal "{n}" or "{n+}" that ends a line; nullopt when the line does not end
// with one.
std::optional<std::size_t> literal_size_at_end(std::string_view line);

} // namespace maillab::imap
