// DNS messages (RFC 1035) as a hostile DNS server writes them: records a test names in text,
// replies built from them, and the one question read back from a query. No compression: the
// messages a test builds are small, or big on purpose.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace maillab::hostile::dns {

enum : std::uint16_t { type_a = 1, type_cname = 5, type_mx = 15, type_aaaa = 28, type_srv = 33 };
enum : std::uint8_t { rcode_noerror = 0, rcode_servfail = 2, rcode_nxdomain = 3 };

inline constexpr std::size_t max_udp_message = 512;   // the client sends no EDNS
inline constexpr std::size_t max_tcp_message = 65535; // the 16-bit length before each message
inline constexpr std::size_t header_size = 12;

struct Record {
    std::string name; // "a.hostile.test"; "." or "" is the root
    std::uint16_t type = 0;
    std::string data; // RDATA in wire form
};

Record a_record(std::string name, std::string_view ipv4);
Record cname_record(std::string name, std::string_view target);
Record mx_record(std::string name, std::uint16_t preference, std::string_view host);
Record srv_record(std::string name, std::uint16_t priority, std::uint16_t weight,
                  std::uint16_t port, std::string_view target);

// A name in wire form; "." and "" are the root (a single zero byte).
std::string encode_name(std::string_view name);

// The question of a query, as the client sent it.
struct Question {
    std::uint16_t id = 0;
    std::string name; // lower case, no trailing dot; "" for the root
    std::uint16_t type = 0;
    std::string wire; // the question section's bytes (name, type, class), to echo back
};

// nullopt when the message is not a query with exactly one readable question.
std::optional<Question> read_question(std::string_view message);

// A response to `question`: the given flags and records, the question echoed.
std::string response(const Question& question, std::uint8_t rcode, bool truncated,
                     const std::vector<Record>& answers);

// The message's transaction ID replaced (a reply to some other query).
std::string with_id(std::string message, std::uint16_t id);
// The header's answer count replaced (a count that lies about the records that follow).
std::string with_answer_count(std::string message, std::uint16_t count);

} // namespace maillab::hostile::dns
