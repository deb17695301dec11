// A private DNS zone with a port map, answered in the process instead of by DNS: the simulator
// hands its embedded lab provider to the engine this way. Names inside the zone resolve only
// from it (an unknown name is "not found"), and connections to a zone host on a mapped port go
// to the port the lab really listens on, so the phone's settings keep the real-world ports
// (993, 587, ...) while the lab runs unprivileged. Names outside the zone use real DNS.
#pragma once

#include "maillab/autoconfig/ports.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace maillab {

struct StaticZone {
    std::string domain; // "lab.maillab.test": the zone is this name and every name below it
    std::map<std::string, std::vector<std::string>> hosts;         // name → addresses
    std::vector<autoconfig::MxRecord> mx;                          // the domain's MX
    std::map<std::string, std::vector<autoconfig::SrvRecord>> srv; // "_imaps._tcp.DOMAIN" → records
    std::map<std::string, std::vector<std::string>> txt;           // name → TXT strings
    // Port asked for → port connected to. When not empty, the zone's hosts listen on these
    // ports only: any other port is closed (connection refused), like a firewalled port 25.
    std::map<std::uint16_t, std::uint16_t> ports;

    // Case-insensitive; a trailing dot is ignored.
    bool covers(std::string_view name) const;
    // The zone's records for a name (empty when it has none). Case-insensitive.
    std::vector<std::string> addresses(std::string_view name) const;
    std::vector<autoconfig::MxRecord> mx_of(std::string_view name) const;
    std::vector<autoconfig::SrvRecord> srv_of(std::string_view name) const;
    std::vector<std::string> txt_of(std::string_view name) const;
    // The port to connect to for `host:port`: mapped when the host is in the zone; nullopt
    // when that port is closed in the zone.
    std::optional<std::uint16_t> port_for(std::string_view host, std::uint16_t port) const;
};

} // namespace maillab
