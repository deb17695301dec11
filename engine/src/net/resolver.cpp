#include "net/resolver.hpp"

#include <ares.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>

#include <algorithm>
#include <array>
#include <mutex>

namespace maillab::net {
namespace {

struct Lookup {
    bool done = false;
    int status = ARES_SUCCESS;
    std::vector<std::string> v4, v6;
};

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
            if (std::find(lookup->v4.begin(), lookup->v4.end(), text.data()) == lookup->v4.end())
                lookup->v4.emplace_back(text.data());
        } else if (node->ai_family == AF_INET6) {
            auto* sin6 = reinterpret_cast<sockaddr_in6*>(node->ai_addr);
            inet_ntop(AF_INET6, &sin6->sin6_addr, text.data(), text.size());
            if (std::find(lookup->v6.begin(), lookup->v6.end(), text.data()) == lookup->v6.end())
                lookup->v6.emplace_back(text.data());
        }
    }
    ares_freeaddrinfo(result);
}

bool is_ip_literal(const std::string& host) {
    std::array<unsigned char, sizeof(in6_addr)> buf{};
    return inet_pton(AF_INET, host.c_str(), buf.data()) == 1 ||
           inet_pton(AF_INET6, host.c_str(), buf.data()) == 1;
}

// "127.0.0.1:5353" → c-ares server list syntax; a bare address gets port 53.
std::string server_csv(const std::string& server) {
    if (server.find(':') == std::string::npos)
        return server + ":53";
    return server;
}

std::string describe(int status) {
    switch (status) {
    case ARES_ENOTFOUND:
        return "no such host (NXDOMAIN)";
    case ARES_ENODATA:
        return "the name has no address records";
    case ARES_ETIMEOUT:
        return "the DNS server did not answer";
    case ARES_ECONNREFUSED:
        return "the DNS server refused the connection";
    case ARES_ESERVFAIL:
        return "the DNS server failed (SERVFAIL)";
    default:
        return ares_strerror(status);
    }
}

} // namespace

NetResult<std::vector<std::string>> resolve_host(const std::string& host,
                                                  const std::optional<std::string>& server,
                                                  Clock::time_point deadline) {
    if (is_ip_literal(host))
        return std::vector<std::string>{host};

    static std::once_flag init_once;
    std::call_once(init_once, [] { ares_library_init(ARES_LIB_INIT_ALL); });

    ares_options options{};
    options.timeout = 2000; // per try, milliseconds (with ARES_OPT_TIMEOUTMS)
    options.tries = 3;
    ares_channel channel = nullptr;
    if (int rc = ares_init_options(&channel, &options, ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES);
        rc != ARES_SUCCESS)
        return NetFailure{Outcome::dns_failed,
                          std::string("cannot start the DNS resolver: ") + ares_strerror(rc)};
    struct ChannelGuard {
        ares_channel c;
        ~ChannelGuard() { ares_destroy(c); }
    } guard{channel};

    if (server) {
        if (int rc = ares_set_servers_ports_csv(channel, server_csv(*server).c_str());
            rc != ARES_SUCCESS)
            return NetFailure{Outcome::dns_failed, "bad DNS server \"" + *server +
                                                       "\": " + ares_strerror(rc)};
    }

    Lookup lookup;
    ares_addrinfo_hints hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    ares_getaddrinfo(channel, host.c_str(), nullptr, &hints, on_addrinfo, &lookup);

    while (!lookup.done) {
        auto now = Clock::now();
        if (now >= deadline) {
            ares_cancel(channel);
            return NetFailure{Outcome::timeout, "looking up " + host + " took too long"};
        }
        ares_socket_t sockets[ARES_GETSOCK_MAXNUM];
        int bits = ares_getsock(channel, sockets, ARES_GETSOCK_MAXNUM);
        std::vector<pollfd> fds;
        for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i) {
            short events = 0;
            if (ARES_GETSOCK_READABLE(bits, i))
                events |= POLLIN;
            if (ARES_GETSOCK_WRITABLE(bits, i))
                events |= POLLOUT;
            if (events)
                fds.push_back(pollfd{sockets[i], events, 0});
        }
        timeval max_wait{}, tv{};
        auto left = std::chrono::duration_cast<std::chrono::microseconds>(deadline - now);
        max_wait.tv_sec = static_cast<long>(left.count() / 1'000'000);
        max_wait.tv_usec = static_cast<long>(left.count() % 1'000'000);
        timeval* wait = ares_timeout(channel, &max_wait, &tv);
        int timeout_ms = static_cast<int>(wait->tv_sec * 1000 + wait->tv_usec / 1000) + 1;
        int n = poll(fds.data(), fds.size(), timeout_ms);
        if (n <= 0) {
            ares_process_fd(channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD); // timeouts
            continue;
        }
        for (const auto& fd : fds) {
            ares_socket_t readable = (fd.revents & (POLLIN | POLLERR | POLLHUP)) ? fd.fd : ARES_SOCKET_BAD;
            ares_socket_t writable = (fd.revents & POLLOUT) ? fd.fd : ARES_SOCKET_BAD;
            if (readable != ARES_SOCKET_BAD || writable != ARES_SOCKET_BAD)
                ares_process_fd(channel, readable, writable);
        }
    }
    if (lookup.status != ARES_SUCCESS)
        return NetFailure{Outcome::dns_failed, host + ": " + describe(lookup.status)};
    std::vector<std::string> addresses = lookup.v4;
    addresses.insert(addresses.end(), lookup.v6.begin(), lookup.v6.end());
    if (addresses.empty())
        return NetFailure{Outcome::dns_failed, host + ": the name has no address records"};
    return addresses;
}

} // namespace maillab::net
