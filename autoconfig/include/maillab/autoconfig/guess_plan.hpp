// Guessing: which host × port × security combinations to probe (capabilities only, no login),
// in Thunderbird's preference order: TLS before plain, IMAP before POP3, implicit TLS before
// STARTTLS (reference/anchors.md §1.3).
#pragma once

#include "maillab/autoconfig/provider_config.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace maillab::autoconfig {

struct Probe {
    std::string protocol; // imap, pop3, smtp
    std::string host;
    std::uint16_t port = 0;
    SocketType socket_type = SocketType::ssl;
    bool operator==(const Probe&) const = default;
};

struct GuessPlan {
    std::vector<Probe> incoming; // best first
    std::vector<Probe> outgoing; // best first
};

struct GuessOptions {
    bool allow_plain = false; // probe unencrypted ports too (never by default)
};

// domain: the ASCII (punycode) mail domain.
GuessPlan plan_guesses(std::string_view domain, const GuessOptions& options = {});

} // namespace maillab::autoconfig
