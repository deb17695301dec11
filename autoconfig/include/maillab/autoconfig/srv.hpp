// RFC 6186 / RFC 8314 service records for mail: which services exist and in which order to try
// their targets (RFC 2782: lowest priority first, weighted random order within a priority).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace maillab::autoconfig {

struct SrvRecord {
    std::uint16_t priority = 0;
    std::uint16_t weight = 0;
    std::uint16_t port = 0;
    std::string target; // "." means: this service is not offered at all
    bool operator==(const SrvRecord&) const = default;
};

// The mail services of RFC 6186 and RFC 8314, in the order a client prefers them.
struct MailService {
    std::string_view label;    // "_imaps._tcp"
    std::string_view protocol; // "imap", "pop3", "smtp"
    bool implicit_tls;         // true for _imaps/_pop3s/_submissions
};
const std::vector<MailService>& mail_services();

struct SrvSelection {
    bool not_offered = false;           // a single record with target "."
    std::vector<SrvRecord> ordered;     // targets to try, in order; trailing dots removed
};

// Orders the records of one service name. random(n) must return a value in [0, n]; tests pass a
// fixed sequence, the engine a real generator.
SrvSelection select_srv(std::vector<SrvRecord> records,
                        const std::function<std::uint32_t(std::uint32_t)>& random);

} // namespace maillab::autoconfig
