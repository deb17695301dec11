// A downloaded message (RFC 5322 + MIME) as the Mail app shows it: decoded header fields and
// the first text part. Pure; every string in the result is valid UTF-8.
#pragma once

#include "maillab/mail/mail.hpp"

#include <string_view>

namespace maillab::mail_detail {

// Limits on untrusted input.
inline constexpr std::size_t max_mime_depth = 8;
inline constexpr std::size_t max_mime_parts = 200;

// Fills from, from_name, to, cc, subject, date_header, date, body and body_truncated (uid,
// flags and size are the caller's). The body is the first text/plain part that is not an
// attachment (nested multiparts included), else the first text/html part with its tags removed;
// decoded (quoted-printable, base64) and converted to UTF-8, line ends LF, at most
// max_body_bytes. `raw_truncated`: the download stopped early, so the body is incomplete.
MailMessage parse_message(std::string_view raw, std::size_t max_body_bytes,
                          bool raw_truncated = false);

// Crude text of an HTML document: tags and comments removed, <br> and block ends as line
// breaks, script and style dropped, common entities decoded.
std::string html_to_text(std::string_view html);

} // namespace maillab::mail_detail
