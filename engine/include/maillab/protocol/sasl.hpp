// SASL client mechanisms used by IMAP, POP3 and SMTP: PLAIN, LOGIN, CRAM-MD5.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace maillab::sasl {

std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text); // nullopt on bad input

// RFC 4616: base64("" NUL user NUL password).
std::string plain_response(std::string_view user, std::string_view password);

// RFC 2195: base64(user " " hex(HMAC-MD5(password, challenge))). nullopt: bad challenge.
std::optional<std::string> cram_md5_response(std::string_view user, std::string_view password,
                                             std::string_view challenge_base64);

// RFC 1939 APOP digest: hex(MD5(timestamp password)).
std::string apop_digest(std::string_view timestamp, std::string_view password);

} // namespace maillab::sasl
