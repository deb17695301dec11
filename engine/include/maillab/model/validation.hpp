// Validation at the boundary: every message names the field it is about.
#pragma once

#include "maillab/model/account.hpp"
#include "maillab/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace maillab {

struct FieldError {
    std::string field;   // e.g. "incoming.port", "email"
    std::string message; // e.g. "incoming.port: 70000 is not a port number (1..65535)"
};

struct EmailAddress {
    std::string local_part;
    std::string domain;       // as typed (may be Unicode)
    std::string ascii_domain; // punycode (IDNA 2008 via libidn2), lower case: what DNS sees
    std::string as_typed() const { return local_part + "@" + domain; }
    std::string ascii() const { return local_part + "@" + ascii_domain; }
};

// Parses a mail address (internationalized addresses allowed). The error names the problem.
Result<EmailAddress> parse_email_address(std::string_view text);

// Host names: no spaces, control characters or CR/LF; labels of 1..63 chars; at most 253 chars.
// IDN host names are accepted and converted to their ASCII (punycode) form.
Result<std::string> normalize_host_name(std::string_view text);

// Strict decimal port 1..65535 (no signs, spaces, hex or leading "0x").
Result<std::uint16_t> parse_port(std::string_view text);

std::vector<FieldError> validate_server(const ServerSettings& server, std::string_view field_prefix,
                                        ServerRole role);
std::vector<FieldError> validate_account(const Account& account);

} // namespace maillab
