// What IMAP FETCH returns for a stored message: sections, ENVELOPE, BODYSTRUCTURE, flags.
#pragma once

#include "mail_store.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace maillab::lab_detail {

struct FetchItem {
    enum class Kind { uid, flags, envelope, size, internal_date, body, body_structure, rfc822,
                      rfc822_header, rfc822_text };
    Kind kind = Kind::uid;
    bool peek = false;            // BODY.PEEK[...]
    bool has_section = false;     // BODY[...] (vs BODY = structure)
    std::string section;          // as the client wrote it, e.g. "HEADER.FIELDS (From To)"
    std::optional<std::size_t> partial_start, partial_length;
};

std::optional<FetchItem> parse_fetch_item(std::string_view item);
// The attributes inside "* n FETCH (...)". Sets \Seen for BODY[]/RFC822 when may_set_seen.
std::string fetch_response(StoredMessage& message, const std::vector<FetchItem>& items,
                           bool may_set_seen);
std::string flag_list(const StoredMessage& message);

// IMAP string forms: quoted when possible, a literal otherwise; NIL for nullopt.
std::string imap_string(std::string_view text);
std::string imap_nstring(const std::optional<std::string>& text);
std::string imap_astring(std::string_view text);

std::string message_header(const std::string& raw); // up to and including the empty line
std::string message_text(const std::string& raw);
// The unfolded value of the first header field called name ("" when absent).
std::string header_value(const std::string& raw, std::string_view name);

} // namespace maillab::lab_detail
