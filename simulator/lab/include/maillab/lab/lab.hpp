// The lab provider: real IMAP, POP3, SMTP submission, HTTPS autoconfig and DNS servers inside
// the process on loopback, with a generated CA, so that every lesson works offline; and the
// trainer's admin side (change a password, disable SMTP AUTH, break the certificate, close a port,
// slow the servers down, point the domain's MX elsewhere). All member functions are thread-safe;
// none may be called from a lab session.
#pragma once

#include "maillab/lab/world.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace maillab::lab {

// One listener each. "like" ports: imap_tls 993, imap_starttls 143, pop3_tls 995,
// pop3_starttls 110, smtp_tls 465, smtp_starttls 587, https 443, dns 53 (UDP and TCP on the
// same port number).
enum class Service {
    imap_tls,
    imap_starttls,
    pop3_tls,
    pop3_starttls,
    smtp_tls,
    smtp_starttls,
    https,
    dns
};
inline constexpr std::array<Service, 8> all_services{
    Service::imap_tls, Service::imap_starttls, Service::pop3_tls, Service::pop3_starttls,
    Service::smtp_tls, Service::smtp_starttls, Service::https,    Service::dns};
std::string_view to_string(Service service);
// The port a real provider would use for the service (993, 143, 995, 110, 465, 587, 443).
std::uint16_t standard_port(Service service);
std::optional<Service> parse_service(std::string_view text);

// Which certificate every TLS listener presents from now on (new handshakes).
enum class CertificateKind {
    good,       // issued by the lab CA for the lab host names and the listen address
    wrong_name, // issued by the lab CA for another name (mail.wrong-name.invalid)
    expired,    // the good names, but it expired yesterday
};
std::string_view to_string(CertificateKind kind);
std::optional<CertificateKind> parse_certificate_kind(std::string_view text);

struct ServicePorts {
    std::array<std::uint16_t, all_services.size()> values{}; // 0 = any free port
    std::uint16_t get(Service s) const { return values[static_cast<std::size_t>(s)]; }
    void set(Service s, std::uint16_t port) { values[static_cast<std::size_t>(s)] = port; }
};

struct LabOptions {
    std::filesystem::path state_dir;  // certificates go here (created, 0700); the CA is reused
    std::filesystem::path world_file; // assets/lab/world.json
    std::string listen_address = "127.0.0.1"; // an IPv4 or IPv6 literal
    ServicePorts ports;
    // clientConfig from the autoconfig server names the lab host names (imap.DOMAIN, ...) and
    // the standard ports when true, which needs the lab DNS zone and its port map (the
    // simulator's phone); the listen address and the bound ports otherwise.
    bool advertise_host_names = false;
    std::size_t max_message_bytes = 10 * 1024 * 1024; // SMTP SIZE and IMAP APPEND literal
    std::size_t max_line_bytes = 16 * 1024;
    std::size_t max_session_bytes = 64 * 1024 * 1024; // received per connection
    std::chrono::seconds idle_timeout{300};
};

// A name in the lab DNS zone and its address.
struct LabHost {
    std::string name;
    std::string address;
};

struct LabAddresses {
    std::string domain;
    std::string listen_address;
    ServicePorts ports;            // the bound ones
    std::filesystem::path ca_file; // PEM: trust this (NetOptions::ca_file)
    std::vector<LabHost> hosts;    // the lab DNS zone (all on the listen address)
    std::string autoconfig_url;    // https://LISTEN:PORT/mail/config-v1.1.xml
    // The host name the lab's servers call themselves and put in clientConfig.
    std::string imap_host, pop3_host, smtp_host;
    // Where the domain's MX points when all is well (mail.DOMAIN): the lab's mail server.
    std::string mail_host;
    // "LISTEN:PORT" of the lab DNS server (UDP and TCP), for --resolver.
    std::string dns_server;
    // Names no client guesses (in.DOMAIN, out.DOMAIN): where the servers are found when the lab
    // is not discoverable (set_discoverable(false)), as on a provider's help page.
    std::string unlisted_incoming_host, unlisted_outgoing_host;
};

// The lab's DNS zone: what its DNS server answers and what the simulator's in-process zone
// holds. Names are lower case without a trailing dot.
struct LabMx {
    std::uint16_t preference = 10;
    std::string host;
};
struct LabSrv {
    std::uint16_t priority = 0;
    std::uint16_t weight = 1;
    std::uint16_t port = 0;
    std::string target;
};
struct LabZone {
    std::string domain;                                        // the zone's apex
    std::map<std::string, std::vector<std::string>> addresses; // name → IPv4/IPv6 literals
    std::vector<LabMx> mx;                                     // the apex's MX records
    std::map<std::string, std::vector<std::string>> txt;       // name → TXT records
    std::map<std::string, std::vector<LabSrv>> srv;            // "_imaps._tcp.DOMAIN" → records
    std::uint64_t version = 1;                                 // grows with every change
};

struct LabStart {
    bool ok = false;
    LabAddresses addresses;
    std::string error; // names the problem: a world field, a port, the state dir
};

enum class EventKind {
    connected,
    starttls,   // STARTTLS / STLS completed
    tls_failed, // a handshake failed (the client refused the certificate, ...)
    login_ok,   // IMAP / POP3
    login_failed,
    smtp_auth_ok,
    smtp_auth_failed, // detail: the reply sent (535 5.7.8 ..., 535 5.7.139 ...)
    relay_refused,
    message_delivered, // user = recipient; detail: subject
    message_discarded, // an authenticated submission to outside the lab (not sent anywhere)
    autoconfig_served,
    session_error, // a session ended on an internal error (detail says which)
    dns_query,     // detail: "MX lab.maillab.test" (type and name asked), ": " and what was wrong
                   // when the query was refused or malformed
    // Submission accepted a message for a lab recipient, but the domain's MX does not lead to
    // the lab's mail server: kept in the queue (user = recipient; detail: the MX and why)
    // and delivered (message_delivered) once the MX is fixed.
    delivery_deferred,
    messages_removed, // POP3: DELE took effect at QUIT; detail: how many and their subjects
};
inline constexpr std::array<EventKind, 15> all_event_kinds{
    EventKind::connected,         EventKind::starttls,          EventKind::tls_failed,
    EventKind::login_ok,          EventKind::login_failed,      EventKind::smtp_auth_ok,
    EventKind::smtp_auth_failed,  EventKind::relay_refused,     EventKind::message_delivered,
    EventKind::message_discarded, EventKind::autoconfig_served, EventKind::session_error,
    EventKind::dns_query,         EventKind::delivery_deferred, EventKind::messages_removed};
std::string_view to_string(EventKind kind);
std::optional<EventKind> parse_event_kind(std::string_view text);

// A thing the servers did. Never holds a password or any part of one.
struct LabEvent {
    std::uint64_t sequence = 0; // 1, 2, ...
    std::chrono::system_clock::time_point time;
    std::string protocol; // imap, pop3, smtp, https
    Service service = Service::imap_tls;
    EventKind kind = EventKind::connected;
    std::string user; // lab address, or as the client typed it (for failures)
    std::string detail;
};

// A line of the servers' protocol log, credentials already hidden (see Lab::protocol_log).
struct LabLogLine {
    std::uint64_t sequence = 0; // 1, 2, ...
    std::chrono::system_clock::time_point time;
    std::uint64_t connection = 0; // which connection (1, 2, ...)
    std::string protocol;         // imap, pop3, smtp, https
    bool from_client = false;     // "C:" or "S:"
    std::string text;
};

struct MailboxCount {
    std::size_t messages = 0;
    std::size_t unseen = 0;
};

struct LabUserInfo {
    std::string address;
    std::string name;
    bool smtp_auth_disabled = false;
};

class Lab {
  public:
    Lab();
    ~Lab(); // stops
    Lab(const Lab&) = delete;
    Lab& operator=(const Lab&) = delete;

    // Loads the world, makes the certificates, binds every port, starts one background thread.
    // A Lab starts once.
    LabStart start(const LabOptions& options);
    void stop();
    bool running() const;
    LabAddresses addresses() const;

    std::vector<LabUserInfo> users() const;
    // false when no such lab user. Takes effect for the next login; open sessions stay.
    bool change_password(const std::string& address, const std::string& new_password);
    bool set_smtp_auth_disabled(const std::string& address, bool disabled);
    // Whether `password` is the user's current password (for a trainer's success check; the
    // password itself never leaves the lab).
    bool password_is(const std::string& address, const std::string& password) const;
    // The user's current (lab-only) password, for replaying a recorded session (the script says
    // `type-password "ADDRESS"`, never the password): the caller types it into the phone and
    // never writes or logs it. nullopt when no such lab user.
    std::optional<std::string> current_password(const std::string& address) const;
    void set_certificate(CertificateKind kind);
    CertificateKind certificate() const;
    // Undoes every admin change: passwords and SMTP AUTH as in the world file, the good
    // certificate, every port open, no delay, discoverable, the MX at mail_host (which
    // delivers what waited in the queue). Mailboxes keep their messages.
    void restore_defaults();
    // Stops accepting on the service's port (clients get "connection refused"); open_port
    // listens again on the same port. false when the port cannot be bound again.
    bool close_port(Service service);
    bool open_port(Service service);
    bool port_open(Service service) const;
    // Every reply (and greeting) of every server waits this long first.
    void set_delay(std::chrono::milliseconds delay);
    // false: the provider publishes nothing. The autoconfig server answers 404 (config-v1.1.xml,
    // .well-known, autodiscover), and the lab's DNS zone (zone()) drops the names a client looks
    // up or guesses (the domain itself, autoconfig., imap., pop., smtp., mail.); the servers stay
    // at unlisted_*_host, and an MX at a dropped name points at unlisted_incoming_host.
    void set_discoverable(bool discoverable);
    bool discoverable() const;

    // The DNS zone as the lab's DNS server answers it now.
    LabZone zone() const;
    // The domain's MX becomes "10 HOST" (a host name; a trailing dot and upper case are
    // accepted). Messages for lab recipients are delivered only while an MX host is a name of
    // the lab zone with an address (mail.DOMAIN by default); otherwise they wait in the queue,
    // and every set_mx retries them. false when HOST is not a valid host name.
    bool set_mx(const std::string& host);
    // Messages (one per recipient) waiting for the MX to lead to the lab.
    std::size_t queued_messages() const;
    // A message from outside the lab arrives in the user's INBOX now, as mail through the lab's
    // MX would (a message_delivered event; detail: the subject), or waits in the queue while
    // the MX does not lead to the lab (delivery_deferred). `message.date` 0: now. false when
    // there is no such lab user or the INBOX (or the queue) is full.
    bool deliver(const std::string& address, SeedMessage message);

    std::vector<LabEvent> events(std::uint64_t after_sequence = 0) const;
    // What clients and servers said, line by line (the last few thousand lines), with every
    // password and SASL response hidden and message texts shown as a line count.
    std::vector<LabLogLine> protocol_log(std::uint64_t after_sequence = 0) const;
    // The sequence of the last protocol-log line so far (0 when none): where "since now" starts.
    std::uint64_t protocol_log_sequence() const;
    // Per lab user, per mailbox name ("INBOX", "Sent", ...).
    std::map<std::string, std::map<std::string, MailboxCount>> mailbox_counts() const;
    MailboxCount mailbox_count(const std::string& address,
                               const std::string& mailbox = "INBOX") const;

    struct Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

} // namespace maillab::lab
