#include "scripted_dns_server.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <cctype>
#include <chrono>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace maillab::hostile {
namespace {

constexpr auto poll_slice = std::chrono::milliseconds(20);
constexpr std::size_t max_tcp_clients = 16;

std::string normalized(std::string_view name) {
    if (!name.empty() && name.back() == '.')
        name.remove_suffix(1);
    std::string out;
    for (char c : name)
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

sockaddr_in loopback(std::uint16_t port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

bool bind_to(int fd, std::uint16_t port) {
    const sockaddr_in address = loopback(port);
    return ::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
}

std::uint16_t bound_port(int fd) {
    sockaddr_in address{};
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    return ntohs(address.sin_port);
}

bool send_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

} // namespace

DnsReply DnsReply::records(std::vector<dns::Record> answers) {
    DnsReply reply;
    reply.answers = std::move(answers);
    return reply;
}

DnsReply DnsReply::truncated_answer(std::vector<dns::Record> partial) {
    DnsReply reply = records(std::move(partial));
    reply.truncated = true;
    return reply;
}

DnsReply DnsReply::with_rcode(std::uint8_t rcode) {
    DnsReply reply;
    reply.rcode = rcode;
    return reply;
}

DnsReply DnsReply::stalled() {
    DnsReply reply;
    reply.kind = Kind::stall;
    return reply;
}

DnsReply DnsReply::raw_after_id(std::string bytes) {
    DnsReply reply;
    reply.kind = Kind::raw;
    reply.bytes = std::move(bytes);
    return reply;
}

DnsReply DnsReply::garbage_bytes() {
    std::string bytes(62, '\0');
    for (std::size_t i = 0; i < bytes.size(); ++i)
        bytes[i] = static_cast<char>(((i + 2) * 37) & 0xff);
    return raw_after_id(std::move(bytes));
}

DnsReply DnsReply::with_claimed_count(std::vector<dns::Record> answers, std::uint16_t claimed) {
    DnsReply reply = records(std::move(answers));
    reply.claimed_answers = claimed;
    return reply;
}

DnsReply DnsReply::from_wrong_id(std::vector<dns::Record> answers) {
    DnsReply reply = records(std::move(answers));
    reply.kind = Kind::wrong_id;
    return reply;
}

DnsReply DnsReply::hung_up() {
    DnsReply reply;
    reply.kind = Kind::hang_up;
    return reply;
}

ScriptedDnsServer::ScriptedDnsServer(DnsTcp tcp) {
    // UDP and TCP on the same port: take a free UDP port, then the same TCP port (a few tries).
    for (int attempt = 0; attempt < 20 && port_ == 0; ++attempt) {
        udp_fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        tcp_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        int one = 1;
        ::setsockopt(tcp_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (udp_fd_ >= 0 && tcp_fd_ >= 0 && bind_to(udp_fd_, 0) &&
            bind_to(tcp_fd_, bound_port(udp_fd_))) {
            port_ = bound_port(udp_fd_);
            break;
        }
        ::close(udp_fd_);
        ::close(tcp_fd_);
    }
    if (port_ == 0)
        throw std::runtime_error("no free port for the scripted DNS server");
    // Refusing: the TCP socket stays bound (so nobody else takes the port) but never listens.
    tcp_listening_ = tcp == DnsTcp::answer && ::listen(tcp_fd_, 8) == 0;
    thread_ = std::thread([this] { serve(); });
}

ScriptedDnsServer::~ScriptedDnsServer() {
    stopping_ = true;
    thread_.join();
    for (const auto& client : clients_)
        ::close(client.fd);
    ::close(udp_fd_);
    ::close(tcp_fd_);
}

ScriptedDnsServer& ScriptedDnsServer::on(std::string name, std::uint16_t type, DnsReply reply) {
    std::lock_guard lock(mutex_);
    rules_.push_back({normalized(name), type, std::nullopt, std::move(reply)});
    return *this;
}

ScriptedDnsServer& ScriptedDnsServer::on(std::string name, std::uint16_t type,
                                         DnsTransport transport, DnsReply reply) {
    std::lock_guard lock(mutex_);
    rules_.insert(rules_.begin(), Rule{normalized(name), type, transport, std::move(reply)});
    return *this;
}

std::string ScriptedDnsServer::address() const {
    return "127.0.0.1:" + std::to_string(port_);
}

std::vector<AskedQuestion> ScriptedDnsServer::questions() const {
    std::lock_guard lock(mutex_);
    return questions_;
}

std::size_t ScriptedDnsServer::times_asked(std::string_view name) const {
    const std::string wanted = normalized(name);
    std::lock_guard lock(mutex_);
    return static_cast<std::size_t>(
        std::count_if(questions_.begin(), questions_.end(),
                      [&](const AskedQuestion& q) { return q.name == wanted; }));
}

std::size_t ScriptedDnsServer::times_asked(std::string_view name, std::uint16_t type,
                                           DnsTransport transport) const {
    const std::string wanted = normalized(name);
    std::lock_guard lock(mutex_);
    return static_cast<std::size_t>(
        std::count_if(questions_.begin(), questions_.end(), [&](const AskedQuestion& q) {
            return q.name == wanted && q.type == type && q.transport == transport;
        }));
}

void ScriptedDnsServer::serve() {
    while (!stopping_) {
        std::vector<pollfd> fds{{udp_fd_, POLLIN, 0}};
        if (tcp_listening_)
            fds.push_back({tcp_fd_, POLLIN, 0});
        for (const auto& client : clients_)
            fds.push_back({client.fd, POLLIN, 0});
        if (::poll(fds.data(), fds.size(), static_cast<int>(poll_slice.count())) <= 0)
            continue;
        if (fds[0].revents & POLLIN)
            answer_udp();
        const std::size_t first_client = tcp_listening_ ? 2 : 1;
        // Clients first (accepting below changes clients_), from the back so removal is safe.
        for (std::size_t i = clients_.size(); i-- > 0;) {
            if (!(fds[first_client + i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            if (!answer_tcp(clients_[i])) {
                ::close(clients_[i].fd);
                clients_.erase(clients_.begin() + static_cast<std::ptrdiff_t>(i));
            }
        }
        if (tcp_listening_ && (fds[1].revents & POLLIN)) {
            const int fd = ::accept4(tcp_fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd >= 0 && clients_.size() < max_tcp_clients) {
                ++tcp_connections_;
                clients_.push_back({fd, {}});
            } else if (fd >= 0) {
                ::close(fd);
            }
        }
    }
}

void ScriptedDnsServer::answer_udp() {
    std::array<char, 4096> buffer{};
    sockaddr_in from{};
    socklen_t from_length = sizeof from;
    const ssize_t n = ::recvfrom(udp_fd_, buffer.data(), buffer.size(), 0,
                                 reinterpret_cast<sockaddr*>(&from), &from_length);
    if (n <= 0)
        return;
    bool hang_up = false;
    auto reply = reply_to(std::string_view(buffer.data(), static_cast<std::size_t>(n)),
                          DnsTransport::udp, hang_up);
    if (reply)
        ::sendto(udp_fd_, reply->data(), reply->size(), 0, reinterpret_cast<sockaddr*>(&from),
                 from_length);
}

bool ScriptedDnsServer::answer_tcp(TcpClient& client) {
    std::array<char, 4096> buffer{};
    const ssize_t n = ::recv(client.fd, buffer.data(), buffer.size(), 0);
    if (n <= 0)
        return false;
    client.received.append(buffer.data(), static_cast<std::size_t>(n));
    // Each message is preceded by its length (RFC 1035 §4.2.2).
    while (client.received.size() >= 2) {
        const std::size_t length = (static_cast<unsigned char>(client.received[0]) << 8) |
                                   static_cast<unsigned char>(client.received[1]);
        if (client.received.size() < 2 + length)
            break;
        const std::string query = client.received.substr(2, length);
        client.received.erase(0, 2 + length);
        bool hang_up = false;
        auto reply = reply_to(query, DnsTransport::tcp, hang_up);
        if (hang_up)
            return false;
        if (!reply)
            continue;
        std::string framed;
        framed += static_cast<char>(reply->size() >> 8);
        framed += static_cast<char>(reply->size() & 0xff);
        framed += *reply;
        if (!send_all(client.fd, framed))
            return false;
    }
    return true;
}

std::optional<std::string> ScriptedDnsServer::reply_to(std::string_view query,
                                                       DnsTransport transport, bool& hang_up) {
    auto question = dns::read_question(query);
    if (!question)
        return std::nullopt;
    DnsReply reply = DnsReply::with_rcode(dns::rcode_nxdomain);
    {
        std::lock_guard lock(mutex_);
        questions_.push_back({question->name, question->type, transport});
        for (const auto& rule : rules_)
            if (rule.name == question->name && rule.type == question->type &&
                (!rule.transport || *rule.transport == transport)) {
                reply = rule.reply;
                break;
            }
    }
    switch (reply.kind) {
    case DnsReply::Kind::stall:
        return std::nullopt;
    case DnsReply::Kind::hang_up:
        hang_up = true;
        return std::nullopt;
    case DnsReply::Kind::raw:
        return dns::with_id("..", question->id) + reply.bytes;
    case DnsReply::Kind::wrong_id:
        return dns::with_id(dns::response(*question, reply.rcode, reply.truncated, reply.answers),
                            static_cast<std::uint16_t>(question->id ^ 0x5a5a));
    case DnsReply::Kind::answer:
        break;
    }
    std::string message = dns::response(*question, reply.rcode, reply.truncated, reply.answers);
    const std::size_t limit =
        transport == DnsTransport::udp ? dns::max_udp_message : dns::max_tcp_message;
    if (message.size() > limit)
        message = dns::response(*question, reply.rcode, true, {}); // as a real server would
    else if (reply.claimed_answers)
        message = dns::with_answer_count(std::move(message), *reply.claimed_answers);
    return message;
}

} // namespace maillab::hostile
