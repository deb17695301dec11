// Base64 (RFC 4648 §4), one implementation for every part: SASL exchanges, MIME bodies, DKIM keys
// and the lab servers.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace maillab {

// The value of one base64 digit, or -1 when `c` is not one ('=' is not a digit).
int base64_digit(char c);

// Strict decoding: groups of four digits, '=' padding only at the very end, nothing else (no
// white space). nullopt on any other input.
std::optional<std::string> base64_decode_strict(std::string_view text);

} // namespace maillab
