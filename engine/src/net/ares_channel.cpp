#include "net/ares_channel.hpp"

#include <poll.h>

#include <mutex>
#include <vector>

namespace maillab::net {
namespace {

std::string server_csv(const std::string& server) {
    if (server.find(':') == std::string::npos)
        return server + ":53";
    return server;
}

} // namespace

std::string describe_ares_status(int status) {
    switch (status) {
    case ARES_ENOTFOUND:
        return "no such name (NXDOMAIN)";
    case ARES_ENODATA:
        return "no records of that type";
    case ARES_ETIMEOUT:
        return "the DNS server did not answer";
    case ARES_ECONNREFUSED: // c-ares's word for every try failing without a timeout
        return "the DNS server refused or failed the query (connection refused or dropped, or "
               "SERVFAIL/REFUSED on every try)";
    case ARES_ESERVFAIL:
        return "the DNS server failed (SERVFAIL)";
    case ARES_EBADRESP:
        return "the DNS answer is malformed";
    default:
        return ares_strerror(status);
    }
}

NetResult<AresChannel> AresChannel::open(const std::optional<std::string>& server) {
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
    AresChannel wrapped(channel);
    if (server) {
        if (int rc = ares_set_servers_ports_csv(channel, server_csv(*server).c_str());
            rc != ARES_SUCCESS)
            return NetFailure{Outcome::dns_failed,
                              "bad DNS server \"" + *server + "\": " + ares_strerror(rc)};
    }
    return wrapped;
}

AresChannel::~AresChannel() {
    if (channel_)
        ares_destroy(channel_);
}

bool AresChannel::run_until(const std::function<bool()>& done, Clock::time_point deadline) {
    while (!done()) {
        auto now = Clock::now();
        if (now >= deadline) {
            ares_cancel(channel_);
            return false;
        }
        ares_socket_t sockets[ARES_GETSOCK_MAXNUM];
        int bits = ares_getsock(channel_, sockets, ARES_GETSOCK_MAXNUM);
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
        timeval* wait = ares_timeout(channel_, &max_wait, &tv);
        int timeout_ms = static_cast<int>(wait->tv_sec * 1000 + wait->tv_usec / 1000) + 1;
        int n = poll(fds.data(), fds.size(), timeout_ms);
        if (n <= 0) {
            ares_process_fd(channel_, ARES_SOCKET_BAD, ARES_SOCKET_BAD); // timeouts
            continue;
        }
        for (const auto& fd : fds) {
            ares_socket_t readable =
                (fd.revents & (POLLIN | POLLERR | POLLHUP)) ? fd.fd : ARES_SOCKET_BAD;
            ares_socket_t writable = (fd.revents & POLLOUT) ? fd.fd : ARES_SOCKET_BAD;
            if (readable != ARES_SOCKET_BAD || writable != ARES_SOCKET_BAD)
                ares_process_fd(channel_, readable, writable);
        }
    }
    return true;
}

} // namespace maillab::net
