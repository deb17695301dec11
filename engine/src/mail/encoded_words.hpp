// RFC 2047 encoded words in header fields ("=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=").
#pragma once

#include <string>
#include <string_view>

namespace maillab::mail_detail {

// A header value (already unfolded) as UTF-8: encoded words in B or Q encoding and a charset
// that charset.hpp knows are decoded (white space between two encoded words is dropped); other
// encoded words stay as they are. Raw 8-bit text is taken as UTF-8; invalid bytes become U+FFFD.
std::string decode_header_text(std::string_view value);

// UTF-8 text as one or more "=?utf-8?B?...?=" words of at most 75 characters each, joined by
// CR LF SP (folding); never splits a UTF-8 character.
std::string encode_header_text(std::string_view utf8);

} // namespace maillab::mail_detail
