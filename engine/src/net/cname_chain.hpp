// The alias (CNAME) records of a DNS answer, followed from the name that was asked: a chain that
// comes back to a name it passed is a loop, which no lookup can finish.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace maillab::net {

struct CnameChain {
    std::vector<std::string> names; // the asked name, then each alias target in turn
    bool loops = false;             // the last name is one the chain passed before
};

// Reads the answer section of a DNS message; a message that cannot be read gives the asked name
// alone (c-ares's own parsers report what is wrong with it).
CnameChain follow_cnames(const unsigned char* message, std::size_t length, const std::string& name);

// "CNAME loop a → b → a" when the answer's aliases loop, else nullopt.
std::optional<std::string> describe_cname_loop(const unsigned char* message, std::size_t length,
                                               const std::string& name);

} // namespace maillab::net
