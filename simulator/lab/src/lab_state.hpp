// What every lab session shares: the store, the event log, the knobs the trainer turns, the
// TLS contexts and the bound ports.
#pragma once

#include "certificates.hpp"
#include "dns_zone.hpp"
#include "mail_queue.hpp"
#include "mail_store.hpp"
#include "protocol_log.hpp"
#include "maillab/lab/lab.hpp"
#include "transport.hpp"

#include <atomic>
#include <boost/asio/ip/udp.hpp>
#include <memory>
#include <string>

namespace maillab::lab_detail {

struct LabState {
    lab::LabOptions options;
    lab::World world; // as loaded: what restore_defaults() goes back to
    std::string domain;
    std::string imap_host, pop3_host, smtp_host; // what the servers call themselves
    std::string advertised_imap, advertised_pop3, advertised_smtp; // what clientConfig names
    MailStore store;
    MailQueue queue; // guarded by store.lock()
    ZoneState zone;  // what the DNS server answers; decides whether mail reaches the lab
    EventLog events;
    ProtocolLog protocol_log;
    SessionLimits limits;
    std::atomic<int> delay_ms{0};
    std::atomic<int> certificate_kind{0};
    std::atomic<bool> discoverable{true}; // false: the autoconfig server answers 404
    std::unique_ptr<CertificateSet> certificates;
    lab::ServicePorts ports; // bound, fixed after start

    std::shared_ptr<asio::ssl::context> tls_context() const {
        return certificates->contexts[static_cast<std::size_t>(certificate_kind.load())];
    }
    void event(lab::Service service, lab::EventKind kind, std::string user,
               std::string detail = {}) {
        events.add(service, kind, std::move(user), std::move(detail));
    }
};

bool implicit_tls(lab::Service service);

// Each runs one accepted connection to its end.
asio::awaitable<void> run_imap(std::shared_ptr<LabState> lab, tcp::socket socket,
                               lab::Service service);
asio::awaitable<void> run_pop3(std::shared_ptr<LabState> lab, tcp::socket socket,
                               lab::Service service);
asio::awaitable<void> run_smtp(std::shared_ptr<LabState> lab, tcp::socket socket,
                               lab::Service service);
asio::awaitable<void> run_https(std::shared_ptr<LabState> lab, tcp::socket socket,
                                lab::Service service);
asio::awaitable<void> run_dns_tcp(std::shared_ptr<LabState> lab, tcp::socket socket,
                                  lab::Service service);
// Answers DNS queries on the UDP socket until it is closed.
asio::awaitable<void> serve_dns_udp(std::shared_ptr<LabState> lab,
                                    std::shared_ptr<asio::ip::udp::socket> socket);

// SASL helpers (RFC 4648 base64, RFC 4616 PLAIN).
std::optional<std::string> base64_decode(std::string_view text);
std::string base64_encode(std::string_view data);
struct PlainCredentials {
    std::string user;
    std::string password;
};
std::optional<PlainCredentials> parse_sasl_plain(std::string_view decoded);

// Implicit-TLS listeners shake hands first; a failed handshake is logged as an event.
asio::awaitable<bool> open_session(LabState& lab, Transport& transport, lab::Service service);

// Runs one accepted connection with a protocol session: opens it (TLS first on implicit-TLS
// listeners), hands it to Session(lab, transport, service).run() and closes it.
template <class Session>
asio::awaitable<void> run_session(std::shared_ptr<LabState> lab, tcp::socket socket,
                                  lab::Service service) {
    Transport transport(std::move(socket), lab->limits, lab->delay_ms);
    ConnectionLog log(lab->protocol_log, std::string(protocol_of(service)));
    transport.set_log(&log);
    if (!co_await open_session(*lab, transport, service))
        co_return;
    Session session(lab, transport, service);
    co_await session.run();
    transport.close();
}

} // namespace maillab::lab_detail
