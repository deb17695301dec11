// Host name → addresses through c-ares (system configuration, or a given server).
#pragma once

#include "net/dns_settings.hpp"
#include "net/net_result.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace maillab::net {

// At most this many addresses are kept from one answer (IPv4 first): a hostile server may send
// thousands, and each would be a connection attempt and a line in the transcript.
inline constexpr std::size_t max_host_addresses = 32;

// A host's addresses with the alias (CNAME) chain that led to them.
struct HostLookup {
    enum class Status { found, not_found, failed };
    Status status = Status::failed;
    std::vector<std::string> addresses;                       // IPv4 first
    std::vector<std::pair<std::string, std::string>> aliases; // alias → target, in answer order
    std::string error;                                        // when not found or failed
    bool timed_out = false; // failed because the deadline came first
};

// Names inside dns.zone are answered from it; others by c-ares.
HostLookup lookup_host(const std::string& host, const DnsSettings& dns, Clock::time_point deadline);

// An IPv4 or IPv6 address written as text (no brackets), rather than a host name.
bool is_ip_literal(const std::string& host);
// The host without the brackets of an IPv6 literal ("[::1]" → "::1"); other hosts as they are.
std::string unbracketed(const std::string& host);

// IP literals resolve to themselves without a query. Returns addresses as text, IPv4 first.
NetResult<std::vector<std::string>> resolve_host(const std::string& host, const DnsSettings& dns,
                                                 Clock::time_point deadline);

} // namespace maillab::net
