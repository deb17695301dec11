// Content-Transfer-Encoding (RFC 2045): quoted-printable both ways, tolerant base64 decoding.
#pragma once

#include <string>
#include <string_view>

namespace maillab::mail_detail {

// Decodes quoted-printable; a bad "=" sequence is kept as it is (RFC 2045 6.7 note 1). With
// `header` (RFC 2047 "Q"), "_" is a space.
std::string decode_quoted_printable(std::string_view text, bool header = false);

// Decodes base64, skipping line breaks and other characters outside the alphabet; stops at
// "=" padding; a partial group at the end (a truncated download) gives its whole bytes.
std::string decode_base64(std::string_view text);

// Encodes text with CR LF line ends as quoted-printable: lines of at most 76 characters (soft
// breaks "=" CR LF), "=", bytes outside printable ASCII and trailing spaces or tabs encoded.
std::string encode_quoted_printable(std::string_view crlf_text);

} // namespace maillab::mail_detail
