// POP3 status lines (RFC 1939), response codes (RFC 2449 / 3206) and the APOP timestamp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace maillab::pop3 {

struct Status {
    bool ok = false;
    std::string code; // RESP-CODES code in [...]: "AUTH", "SYS/TEMP", "IN-USE", ...
    std::string text;
};

// "+OK ..." / "-ERR [AUTH] ..." → Status; nullopt for anything else.
std::optional<Status> parse_status(std::string_view line);

// "<1896.697170952@dbc.mtview.ca.us>" from the greeting, when present (APOP).
std::optional<std::string> apop_timestamp(std::string_view greeting);

// Capability lines from CAPA ("SASL PLAIN LOGIN" → keyword "SASL", args).
struct Capabilities {
    std::vector<std::string> lines;
    bool has(std::string_view keyword) const;
    bool has_sasl(std::string_view mechanism) const;
};
Capabilities parse_capabilities(const std::vector<std::string>& lines);

} // namespace maillab::pop3
