// Where DNS answers come from: a private zone for the names it covers (the simulator's lab),
// else a given server or the system's resolv.conf.
#pragma once

#include "maillab/net/static_zone.hpp"
#include "maillab/verify/verify.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace maillab::net {

struct DnsSettings {
    std::optional<std::string> server; // "HOST:PORT" or "HOST"; nullopt = /etc/resolv.conf
    std::shared_ptr<const StaticZone> zone;
    std::shared_ptr<HostCache> cache; // answers shared by one task's lookups; none: always ask

    // The zone when it answers for `name`, else nullptr.
    const StaticZone* zone_for(std::string_view name) const {
        return zone && zone->covers(name) ? zone.get() : nullptr;
    }
};

inline DnsSettings dns_settings(const NetOptions& options) {
    return {options.resolver, options.zone, options.host_cache};
}

// The port a connection to host:port really goes to (the zone's port map), or nullopt when the
// zone keeps that port closed.
inline std::optional<std::uint16_t> connect_port(const NetOptions& options, std::string_view host,
                                                 std::uint16_t port) {
    return options.zone ? options.zone->port_for(host, port) : std::optional<std::uint16_t>(port);
}

} // namespace maillab::net
