// Host name → addresses through c-ares (system configuration, or a given server).
#pragma once

#include "net/net_result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace maillab::net {

// server: "HOST:PORT" or "HOST" (port 53); nullopt = /etc/resolv.conf. IP literals resolve to
// themselves without a query. Returns addresses as text, IPv4 first.
NetResult<std::vector<std::string>> resolve_host(const std::string& host,
                                                  const std::optional<std::string>& server,
                                                  Clock::time_point deadline);

} // namespace maillab::net
