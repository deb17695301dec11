// A DNS query message as a stub resolver sends it (RD set, one question, class IN), for the lab
// DNS server's tests.
#pragma once

#include <cstdint>
#include <string>

namespace lab_test {

inline std::string dns_query(std::uint16_t id, const std::string& name, std::uint16_t type) {
    std::string q;
    for (int byte : {id >> 8, id & 0xff, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0})
        q += static_cast<char>(byte);
    std::size_t start = 0;
    while (start < name.size()) {
        auto dot = name.find('.', start);
        if (dot == std::string::npos)
            dot = name.size();
        q += static_cast<char>(dot - start);
        q += name.substr(start, dot - start);
        start = dot + 1;
    }
    q += '\0';
    for (int byte : {type >> 8, type & 0xff, 0, 1})
        q += static_cast<char>(byte);
    return q;
}

} // namespace lab_test
