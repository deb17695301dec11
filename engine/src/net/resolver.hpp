// Host name → addresses through c-ares (system configuration, or a given server).
#pragma once

#include "net/net_result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace maillab::net {

// A host's addresses with the alias (CNAME) chain that led to them.
struct HostLookup {
    enum class Status { found, not_found, failed };
    Status status = Status::failed;
    std::vector<std::string> addresses; // IPv4 first
    std::vector<std::pair<std::string, std::string>> aliases; // alias → target, in answer order
    std::string error; // when not found or failed
};

HostLookup lookup_host(const std::string& host, const std::optional<std::string>& server,
                       Clock::time_point deadline);

// server: "HOST:PORT" or "HOST" (port 53); nullopt = /etc/resolv.conf. IP literals resolve to
// themselves without a query. Returns addresses as text, IPv4 first.
NetResult<std::vector<std::string>> resolve_host(const std::string& host,
                                                  const std::optional<std::string>& server,
                                                  Clock::time_point deadline);

} // namespace maillab::net
