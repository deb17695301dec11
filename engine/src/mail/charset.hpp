// Text in a message's charset to UTF-8, and UTF-8 that is safe to show.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace maillab::mail_detail {

// Valid UTF-8: every byte that does not start a valid sequence becomes U+FFFD.
std::string sanitize_utf8(std::string_view bytes);
bool is_ascii(std::string_view bytes);

// Converts from a MIME charset name (case-insensitive): UTF-8, US-ASCII, ISO-8859-1 (Latin-1)
// and Windows-1252. nullopt for any other charset. The result is always valid UTF-8.
std::optional<std::string> to_utf8(std::string_view bytes, std::string_view charset);

// The longest prefix of valid UTF-8 `text` that is at most max_bytes long and ends on a
// character boundary.
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

} // namespace maillab::mail_detail
