// The lab's authoritative DNS server for its zone, on UDP and TCP (RFC 1035 §4.2, RFC 7766):
// every query is answered from the zone snapshot of the moment and recorded as a dns_query
// event. Names outside the zone are refused (it is no recursive resolver); garbage is answered
// with FORMERR when its header can be read, else dropped.
#include "dns_message.hpp"
#include "lab_state.hpp"

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace maillab::lab_detail {
namespace {

using udp = asio::ip::udp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr int max_delayed_replies = 256; // beyond that, replies under a lab delay are dropped
constexpr int max_queries_per_connection = 100;

dns::Exchange answer_and_record(LabState& lab, std::string_view query, std::size_t max_size) {
    const auto zone = lab.zone.snapshot();
    auto exchange = dns::answer(query, *zone, max_size);
    if (!exchange.detail.empty())
        lab.event(lab::Service::dns, lab::EventKind::dns_query, {}, exchange.detail);
    return exchange;
}

asio::awaitable<void> send_later(std::shared_ptr<udp::socket> socket, std::string response,
                                 udp::endpoint peer, std::chrono::milliseconds delay,
                                 std::shared_ptr<int> pending) {
    asio::steady_timer timer(socket->get_executor());
    timer.expires_after(delay);
    co_await timer.async_wait(use_tuple);
    if (socket->is_open())
        co_await socket->async_send_to(asio::buffer(response), peer, use_tuple);
    --*pending;
}

} // namespace

asio::awaitable<void> serve_dns_udp(std::shared_ptr<LabState> lab,
                                    std::shared_ptr<udp::socket> socket) {
    std::array<char, 4096> buffer;
    auto pending = std::make_shared<int>(0); // delayed replies on their way (one thread)
    for (;;) {
        udp::endpoint peer;
        auto [ec, n] = co_await socket->async_receive_from(asio::buffer(buffer), peer, use_tuple);
        if (ec) {
            if (ec == asio::error::operation_aborted || !socket->is_open())
                co_return;
            continue; // e.g. ICMP port unreachable reported for an earlier reply
        }
        auto exchange =
            answer_and_record(*lab, std::string_view(buffer.data(), n), dns::max_udp_message);
        if (exchange.response.empty())
            continue;
        const auto delay = std::chrono::milliseconds(lab->delay_ms.load());
        if (delay.count() > 0) {
            if (*pending >= max_delayed_replies)
                continue;
            ++*pending;
            asio::co_spawn(socket->get_executor(),
                           send_later(socket, std::move(exchange.response), peer, delay, pending),
                           asio::detached);
            continue;
        }
        co_await socket->async_send_to(asio::buffer(exchange.response), peer, use_tuple);
    }
}

asio::awaitable<void> run_dns_tcp(std::shared_ptr<LabState> lab, tcp::socket socket,
                                  lab::Service service) {
    SessionLimits limits = lab->limits;
    limits.max_session_bytes = 4 * 1024 * 1024;
    limits.idle = std::min(limits.idle, std::chrono::seconds(10));
    Transport transport(std::move(socket), limits, lab->delay_ms);
    lab->event(service, lab::EventKind::connected, {}, transport.peer());
    for (int i = 0; i < max_queries_per_connection; ++i) {
        auto prefix = co_await transport.read_exact(2);
        if (!prefix)
            break;
        const std::size_t length = (static_cast<unsigned char>((*prefix)[0]) << 8) |
                                   static_cast<unsigned char>((*prefix)[1]);
        auto query = co_await transport.read_exact(length);
        if (!query)
            break;
        auto exchange = answer_and_record(*lab, *query, dns::max_tcp_message);
        if (exchange.response.empty())
            break; // not a query: nothing sensible follows on this connection
        std::string framed;
        framed += static_cast<char>(exchange.response.size() >> 8);
        framed += static_cast<char>(exchange.response.size() & 0xff);
        framed += exchange.response;
        if (!co_await transport.write(framed))
            break;
    }
    transport.close();
}

} // namespace maillab::lab_detail
