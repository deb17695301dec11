#include "net/resolver.hpp"

#include "net/ares_channel.hpp"
#include "net/dns_records.hpp"
#include "net/host_cache.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <netdb.h>

namespace maillab::net {
namespace {

struct Lookup {
    bool done = false;
    int status = ARES_SUCCESS;
    std::vector<std::string> v4, v6;
    std::vector<std::pair<std::string, std::string>> aliases;
};

void add_unique(std::vector<std::string>& list, const char* text) {
    if (list.size() < max_host_addresses && std::find(list.begin(), list.end(), text) == list.end())
        list.emplace_back(text);
}

void on_addrinfo(void* arg, int status, int /*timeouts*/, ares_addrinfo* result) {
    auto* lookup = static_cast<Lookup*>(arg);
    lookup->done = true;
    lookup->status = status;
    if (status != ARES_SUCCESS || !result)
        return;
    for (auto* cname = result->cnames; cname; cname = cname->next)
        if (cname->alias && cname->name)
            lookup->aliases.emplace_back(cname->alias, cname->name);
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

} // namespace

std::string unbracketed(const std::string& host) {
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        return host.substr(1, host.size() - 2);
    return host;
}

bool is_ip_literal(const std::string& host) {
    std::array<unsigned char, sizeof(in6_addr)> buf{};
    return inet_pton(AF_INET, host.c_str(), buf.data()) == 1 ||
           inet_pton(AF_INET6, host.c_str(), buf.data()) == 1;
}

HostLookup lookup_host(const std::string& host, const DnsSettings& dns,
                       Clock::time_point deadline) {
    HostLookup out;
    if (const std::string address = unbracketed(host); is_ip_literal(address)) {
        out.status = HostLookup::Status::found;
        out.addresses.push_back(address);
        return out;
    }
    if (const StaticZone* zone = dns.zone_for(host)) {
        out.addresses = zone->addresses(host);
        out.status =
            out.addresses.empty() ? HostLookup::Status::not_found : HostLookup::Status::found;
        if (out.addresses.empty())
            out.error = "the name does not exist (lab zone " + zone->domain + ")";
        return out;
    }
    if (dns.cache) {
        DnsSettings direct = dns;
        direct.cache.reset();
        return dns.cache->lookup(host, deadline,
                                 [&] { return lookup_host(host, direct, deadline); });
    }
    auto channel = AresChannel::open(dns.server);
    if (!channel) {
        out.error = channel.error().message;
        return out;
    }
    Lookup lookup;
    ares_addrinfo_hints hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    ares_getaddrinfo(channel->get(), host.c_str(), nullptr, &hints, on_addrinfo, &lookup);
    if (!channel->run_until([&] { return lookup.done; }, deadline)) {
        out.error = "looking up " + host + " took too long";
        out.timed_out = true;
        return out;
    }
    if (lookup.status == ARES_ENODATA) {
        if (auto loop = address_cname_loop(host, dns, deadline)) {
            out.error = *loop; // status failed: no lookup can finish
            return out;
        }
    }
    if (lookup.status == ARES_ENOTFOUND || lookup.status == ARES_ENODATA) {
        out.status = HostLookup::Status::not_found;
        out.error = describe_ares_status(lookup.status);
        return out;
    }
    if (lookup.status != ARES_SUCCESS) {
        out.error = describe_ares_status(lookup.status);
        return out;
    }
    out.addresses = lookup.v4;
    out.addresses.insert(out.addresses.end(), lookup.v6.begin(), lookup.v6.end());
    if (out.addresses.size() > max_host_addresses)
        out.addresses.resize(max_host_addresses);
    out.aliases = std::move(lookup.aliases);
    if (out.addresses.empty()) {
        out.status = HostLookup::Status::not_found;
        out.error = "the name has no address records";
    } else {
        out.status = HostLookup::Status::found;
    }
    return out;
}

NetResult<std::vector<std::string>> resolve_host(const std::string& host, const DnsSettings& dns,
                                                 Clock::time_point deadline) {
    auto lookup = lookup_host(host, dns, deadline);
    if (lookup.status == HostLookup::Status::found)
        return std::move(lookup.addresses);
    return NetFailure{lookup.timed_out ? Outcome::timeout : Outcome::dns_failed,
                      lookup.timed_out ? lookup.error : host + ": " + lookup.error};
}

} // namespace maillab::net
