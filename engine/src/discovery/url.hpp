// The small part of URLs that discovery needs: http(s)://host[:port]/path?query.
#pragma once

#include "maillab/result.hpp"

#include <cstdint>
#include <string>

namespace maillab::discovery {

struct Url {
    std::string scheme; // "http" or "https"
    std::string host;   // lower case
    std::uint16_t port = 0;
    std::string target; // path and query, at least "/"
    std::string text() const;
    // The host as a resolver and a certificate check take it: an IPv6 literal without brackets.
    std::string bare_host() const;
    // The Host header's value: the host, with the port when it is not the scheme's default.
    std::string host_header() const;
};

Result<Url> parse_url(const std::string& text);
// A Location header relative to the URL it came from.
Result<Url> resolve_location(const Url& base, const std::string& location);

} // namespace maillab::discovery
