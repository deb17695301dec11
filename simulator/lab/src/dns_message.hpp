// The DNS wire format (RFC 1035, 2308, 2782, 3596) as the lab's authoritative server needs it:
// a query is parsed and validated (one question, no compression in it, sizes checked) and the
// answer is built from a zone snapshot. Pure functions: no sockets here.
#pragma once

#include "maillab/lab/lab.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace maillab::lab_detail::dns {

inline constexpr std::size_t max_udp_message = 512; // without EDNS (RFC 1035 §4.2.1)
inline constexpr std::size_t max_tcp_message = 65535;
inline constexpr std::uint32_t answer_ttl = 30; // seconds: a fixed MX shows soon

enum : std::uint16_t {
    type_a = 1,
    type_ns = 2,
    type_cname = 5,
    type_soa = 6,
    type_mx = 15,
    type_txt = 16,
    type_aaaa = 28,
    type_srv = 33,
    type_any = 255,
};
enum : std::uint8_t {
    rcode_noerror = 0,
    rcode_formerr = 1,
    rcode_nxdomain = 3,
    rcode_notimp = 4,
    rcode_refused = 5,
};

// "MX", "AAAA", ... or "TYPE65" for the others.
std::string type_name(std::uint16_t type);

struct Exchange {
    std::string response; // empty: send nothing (too short to answer, or not a query)
    // For the lab event: "MX lab.maillab.test", with ": " and the problem when the query was
    // refused or malformed; empty when nothing is worth recording (not a query at all).
    std::string detail;
};

// Answers one query message; the response fits in max_size bytes (otherwise it is truncated to
// the header and question with the TC bit, and the client retries over TCP).
Exchange answer(std::string_view query, const lab::LabZone& zone, std::size_t max_size);

} // namespace maillab::lab_detail::dns
