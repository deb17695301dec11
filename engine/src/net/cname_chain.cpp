#include "net/cname_chain.hpp"

#include <algorithm>
#include <ares.h>
#include <arpa/nameser.h>
#include <cctype>
#include <map>

namespace maillab::net {
namespace {

constexpr std::size_t header_size = 12, fixed_rr_size = 10; // type, class, TTL, length

std::uint16_t read16(const unsigned char* at) {
    return static_cast<std::uint16_t>((at[0] << 8) | at[1]);
}

std::string lowered(std::string name) {
    if (!name.empty() && name.back() == '.')
        name.pop_back();
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return name;
}

// The name at `at` (compression allowed) and the bytes it takes there; nullopt when unreadable.
std::optional<std::string> expand_name(const unsigned char* at, const unsigned char* message,
                                       std::size_t length, long& used) {
    char* name = nullptr;
    if (ares_expand_name(at, message, static_cast<int>(length), &name, &used) != ARES_SUCCESS)
        return std::nullopt;
    std::string out(name);
    ares_free_string(name);
    return out;
}

// Each alias in the answer section → its target, lower case.
std::map<std::string, std::string> aliases_in(const unsigned char* message, std::size_t length) {
    std::map<std::string, std::string> aliases;
    if (length < header_size)
        return aliases;
    const unsigned questions = read16(message + 4), answers = read16(message + 6);
    const unsigned char* at = message + header_size;
    const unsigned char* end = message + length;
    long used = 0;
    for (unsigned i = 0; i < questions; ++i) {
        if (!expand_name(at, message, length, used) || end - (at + used) < 4)
            return aliases;
        at += used + 4;
    }
    for (unsigned i = 0; i < answers; ++i) {
        auto owner = expand_name(at, message, length, used);
        if (!owner || end - (at + used) < static_cast<long>(fixed_rr_size))
            return aliases;
        at += used;
        const std::uint16_t type = read16(at), data_length = read16(at + 8);
        at += fixed_rr_size;
        if (end - at < data_length)
            return aliases;
        if (type == ns_t_cname) {
            if (auto target = expand_name(at, message, length, used))
                aliases.emplace(lowered(*owner), lowered(*target));
        }
        at += data_length;
    }
    return aliases;
}

} // namespace

CnameChain follow_cnames(const unsigned char* message, std::size_t length,
                         const std::string& name) {
    const auto aliases = aliases_in(message, length);
    CnameChain chain{{lowered(name)}, false};
    // Each step uses a different record, so the walk ends within aliases.size() steps.
    for (std::size_t step = 0; step < aliases.size(); ++step) {
        auto next = aliases.find(chain.names.back());
        if (next == aliases.end())
            break;
        const bool seen =
            std::find(chain.names.begin(), chain.names.end(), next->second) != chain.names.end();
        chain.names.push_back(next->second);
        if (seen) {
            chain.loops = true;
            break;
        }
    }
    return chain;
}

std::optional<std::string> describe_cname_loop(const unsigned char* message, std::size_t length,
                                               const std::string& name) {
    const auto chain = follow_cnames(message, length, name);
    if (!chain.loops)
        return std::nullopt;
    std::string text = "CNAME loop";
    for (std::size_t i = 0; i < chain.names.size(); ++i)
        text += (i == 0 ? " " : " \u2192 ") + chain.names[i];
    return text;
}

} // namespace maillab::net
