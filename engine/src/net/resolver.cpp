#include "net/resolver.hpp"

#include "net/ares_channel.hpp"

#include <arpa/inet.h>
#include <netdb.h>

#include <algorithm>
#include <array>

namespace maillab::net {
namespace {

struct Lookup {
    bool done = false;
    int status = ARES_SUCCESS;
    std::vector<std::string> v4, v6;
};

void add_unique(std::vector<std::string>& list, const char* text) {
    if (std::find(list.begin(), list.end(), text) == list.end())
        list.emplace_back(text);
}

void on_addrinfo(void* arg, int status, int /*timeouts*/, ares_addrinfo* result) {
    auto* lookup = static_cast<Lookup*>(arg);
    lookup->done = true;
    lookup->status = status;
    if (status != ARES_SUCCESS || !result)
        return;
    for (auto* node = result->nodes; node; node = node->ai_next) {
        std::array<char, INET6_ADDRSTRLEN> text{};
        if (node->ai_family == AF_INET) {
            auto* sin = reinterpret_cast<sockaddr_in*>(node->ai_addr);
            inet_ntop(AF_INET, &sin->sin_addr, text.data(), text.size());
            add_unique(lookup->v4, text.data());
        } else if (node->ai_family == AF_INET6) {
            auto* sin6 = reinterpret_cast<sockaddr_in6*>(node->ai_addr);
            inet_ntop(AF_INET6, &sin6->sin6_addr, text.data(), text.size());
            add_unique(lookup->v6, text.data());
        }
    }
    ares_freeaddrinfo(result);
}

bool is_ip_literal(const std::string& host) {
    std::array<unsigned char, sizeof(in6_addr)> buf{};
    return inet_pton(AF_INET, host.c_str(), buf.data()) == 1 ||
           inet_pton(AF_INET6, host.c_str(), buf.data()) == 1;
}

} // namespace

NetResult<std::vector<std::string>> resolve_host(const std::string& host,
                                                  const std::optional<std::string>& server,
                                                  Clock::time_point deadline) {
    if (is_ip_literal(host))
        return std::vector<std::string>{host};
    auto channel = AresChannel::open(server);
    if (!channel)
        return channel.error();
    Lookup lookup;
    ares_addrinfo_hints hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    ares_getaddrinfo(channel->get(), host.c_str(), nullptr, &hints, on_addrinfo, &lookup);
    if (!channel->run_until([&] { return lookup.done; }, deadline))
        return NetFailure{Outcome::timeout, "looking up " + host + " took too long"};
    if (lookup.status != ARES_SUCCESS)
        return NetFailure{Outcome::dns_failed, host + ": " + describe_ares_status(lookup.status)};
    std::vector<std::string> addresses = lookup.v4;
    addresses.insert(addresses.end(), lookup.v6.begin(), lookup.v6.end());
    if (addresses.empty())
        return NetFailure{Outcome::dns_failed, host + ": the name has no address records"};
    return addresses;
}

} // namespace maillab::net
