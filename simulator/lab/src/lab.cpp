#include "maillab/lab/lab.hpp"

#include "lab_state.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <ctime>
#include <future>
#include <thread>

namespace maillab::lab {

using namespace maillab::lab_detail;

std::string_view to_string(Service service) {
    switch (service) {
    case Service::imap_tls:
        return "imap_tls";
    case Service::imap_starttls:
        return "imap_starttls";
    case Service::pop3_tls:
        return "pop3_tls";
    case Service::pop3_starttls:
        return "pop3_starttls";
    case Service::smtp_tls:
        return "smtp_tls";
    case Service::smtp_starttls:
        return "smtp_starttls";
    case Service::https:
        return "https";
    case Service::dns:
        return "dns";
    }
    return "?";
}

std::uint16_t standard_port(Service service) {
    switch (service) {
    case Service::imap_tls:
        return 993;
    case Service::imap_starttls:
        return 143;
    case Service::pop3_tls:
        return 995;
    case Service::pop3_starttls:
        return 110;
    case Service::smtp_tls:
        return 465;
    case Service::smtp_starttls:
        return 587;
    case Service::https:
        return 443;
    case Service::dns:
        return 53;
    }
    return 0;
}

std::optional<Service> parse_service(std::string_view text) {
    for (auto s : all_services)
        if (to_string(s) == text)
            return s;
    return std::nullopt;
}

std::string_view to_string(CertificateKind kind) {
    switch (kind) {
    case CertificateKind::good:
        return "good";
    case CertificateKind::wrong_name:
        return "wrong_name";
    case CertificateKind::expired:
        return "expired";
    }
    return "?";
}

std::optional<CertificateKind> parse_certificate_kind(std::string_view text) {
    for (auto k : {CertificateKind::good, CertificateKind::wrong_name, CertificateKind::expired})
        if (to_string(k) == text)
            return k;
    return std::nullopt;
}

std::string_view to_string(EventKind kind) {
    switch (kind) {
    case EventKind::connected:
        return "connected";
    case EventKind::starttls:
        return "starttls";
    case EventKind::tls_failed:
        return "tls_failed";
    case EventKind::login_ok:
        return "login_ok";
    case EventKind::login_failed:
        return "login_failed";
    case EventKind::smtp_auth_ok:
        return "smtp_auth_ok";
    case EventKind::smtp_auth_failed:
        return "smtp_auth_failed";
    case EventKind::relay_refused:
        return "relay_refused";
    case EventKind::message_delivered:
        return "message_delivered";
    case EventKind::message_discarded:
        return "message_discarded";
    case EventKind::autoconfig_served:
        return "autoconfig_served";
    case EventKind::session_error:
        return "session_error";
    case EventKind::dns_query:
        return "dns_query";
    case EventKind::delivery_deferred:
        return "delivery_deferred";
    case EventKind::messages_removed:
        return "messages_removed";
    }
    return "?";
}

std::optional<EventKind> parse_event_kind(std::string_view text) {
    for (auto kind : all_event_kinds)
        if (to_string(kind) == text)
            return kind;
    return std::nullopt;
}

namespace {

using SessionFn = asio::awaitable<void> (*)(std::shared_ptr<LabState>, tcp::socket, Service);

SessionFn session_for(Service service) {
    switch (service) {
    case Service::imap_tls:
    case Service::imap_starttls:
        return &run_imap;
    case Service::pop3_tls:
    case Service::pop3_starttls:
        return &run_pop3;
    case Service::smtp_tls:
    case Service::smtp_starttls:
        return &run_smtp;
    case Service::https:
        return &run_https;
    case Service::dns:
        return &run_dns_tcp;
    }
    return &run_https;
}

asio::awaitable<void> accept_loop(std::shared_ptr<LabState> lab,
                                  std::shared_ptr<tcp::acceptor> acceptor, Service service) {
    auto executor = acceptor->get_executor();
    const SessionFn run = session_for(service);
    for (;;) {
        auto [ec, socket] = co_await acceptor->async_accept(asio::as_tuple(asio::use_awaitable));
        if (ec) {
            if (ec == asio::error::operation_aborted || !acceptor->is_open())
                co_return;
            continue; // e.g. too many open files: keep serving the others
        }
        // A session's exception must not leave io_context::run(): it would end every session.
        asio::co_spawn(executor, run(lab, std::move(socket), service),
                       [lab, service](std::exception_ptr error) {
                           if (!error)
                               return;
                           std::string what = "unknown error";
                           try {
                               std::rethrow_exception(error);
                           } catch (const std::exception& e) {
                               what = e.what();
                           } catch (...) {
                           }
                           lab->event(service, EventKind::session_error, {}, what);
                       });
    }
}

} // namespace

struct Lab::Impl {
    mutable std::mutex mutex; // start/stop and the acceptors' bookkeeping
    std::shared_ptr<LabState> state;
    LabAddresses addresses;
    bool started = false;
    bool stopped = false;
    std::array<std::shared_ptr<tcp::acceptor>, all_services.size()> acceptors;
    std::shared_ptr<asio::ip::udp::socket> dns_udp; // the DNS server's UDP side (same port)
    std::unique_ptr<asio::io_context> io;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
    std::thread thread;

    std::shared_ptr<LabState> current() const {
        std::lock_guard guard(mutex);
        return state;
    }

    // Runs f on the lab's thread and waits for it.
    template <class F> auto on_io_thread(F f) -> decltype(f()) {
        if (io->get_executor().running_in_this_thread())
            return f();
        std::packaged_task<decltype(f())()> task(std::move(f));
        auto result = task.get_future();
        asio::post(*io, [&task] { task(); });
        return result.get();
    }

    std::string listen(Service service, std::uint16_t port) {
        boost::system::error_code ec;
        auto address = asio::ip::make_address(state->options.listen_address, ec);
        if (ec)
            return "listen_address: not an IP address: " + state->options.listen_address;
        auto acceptor = std::make_shared<tcp::acceptor>(*io);
        tcp::endpoint endpoint(address, port);
        acceptor->open(endpoint.protocol(), ec);
        if (!ec)
            acceptor->set_option(asio::socket_base::reuse_address(true), ec);
        if (!ec)
            acceptor->bind(endpoint, ec);
        if (!ec)
            acceptor->listen(asio::socket_base::max_listen_connections, ec);
        if (ec)
            return "cannot listen for " + std::string(to_string(service)) + " on " +
                   state->options.listen_address + ":" + std::to_string(port) + ": " + ec.message();
        if (service == Service::dns) {
            auto error = listen_dns_udp(
                asio::ip::udp::endpoint(address, acceptor->local_endpoint(ec).port()));
            if (!error.empty()) {
                acceptor->close(ec);
                return error;
            }
        }
        acceptors[static_cast<std::size_t>(service)] = acceptor;
        asio::co_spawn(*io, accept_loop(state, acceptor, service), asio::detached);
        return {};
    }

    // The DNS server's UDP socket on the port its TCP listener got.
    std::string listen_dns_udp(const asio::ip::udp::endpoint& endpoint) {
        boost::system::error_code ec;
        auto socket = std::make_shared<asio::ip::udp::socket>(*io);
        socket->open(endpoint.protocol(), ec);
        if (!ec)
            socket->bind(endpoint, ec);
        if (ec)
            return "cannot listen for dns (UDP) on " + state->options.listen_address + ":" +
                   std::to_string(endpoint.port()) + ": " + ec.message();
        dns_udp = socket;
        asio::co_spawn(*io, serve_dns_udp(state, socket), asio::detached);
        return {};
    }

    // The listener of a service; for dns also its UDP socket, on the same port (an ephemeral
    // port free for TCP may be taken for UDP: a few tries).
    std::string listen_any(Service service, std::uint16_t port) {
        std::string error = listen(service, port);
        for (int attempt = 0;
             !error.empty() && service == Service::dns && port == 0 && attempt < 20; ++attempt)
            error = listen(service, port);
        return error;
    }

    void close_listener(Service service) {
        boost::system::error_code ec;
        auto& acceptor = acceptors[static_cast<std::size_t>(service)];
        if (acceptor) {
            acceptor->close(ec);
            acceptor.reset();
        }
        if (service == Service::dns && dns_udp) {
            dns_udp->close(ec);
            dns_udp.reset();
        }
    }

    void shutdown() {
        if (!started || stopped)
            return;
        stopped = true;
        on_io_thread([this] {
            for (auto service : all_services)
                close_listener(service);
        });
        work.reset();
        io->stop();
        thread.join();
        acceptors = {};
        dns_udp.reset();
        io.reset(); // destroys the sessions still open
    }
};

Lab::Lab() : impl_(std::make_unique<Impl>()) {}
Lab::~Lab() {
    stop();
}

LabStart Lab::start(const LabOptions& options) {
    std::lock_guard guard(impl_->mutex);
    LabStart result;
    if (impl_->started) {
        result.error = "the lab was already started";
        return result;
    }
    if (options.state_dir.empty()) {
        result.error = "state_dir: must be set";
        return result;
    }
    if (options.max_message_bytes < 1024 || options.max_line_bytes < 1024 ||
        options.idle_timeout.count() <= 0) {
        result.error = "limits: max_message_bytes and max_line_bytes must be at least 1024, "
                       "idle_timeout positive";
        return result;
    }
    auto world = load_world(options.world_file);
    if (!world.world) {
        result.error = world.error;
        return result;
    }
    auto state = std::make_shared<LabState>();
    state->options = options;
    state->world = *world.world;
    state->domain = world.world->domain;
    state->imap_host = "imap." + state->domain;
    state->pop3_host = "pop." + state->domain;
    state->smtp_host = "smtp." + state->domain;
    const std::string& listen = options.listen_address;
    state->advertised_imap = options.advertise_host_names ? state->imap_host : listen;
    state->advertised_pop3 = options.advertise_host_names ? state->pop3_host : listen;
    state->advertised_smtp = options.advertise_host_names ? state->smtp_host : listen;
    state->store.load(*world.world);
    const std::string mail_host = "mail." + state->domain;
    state->limits.max_line = options.max_line_bytes;
    state->limits.max_literal = options.max_message_bytes;
    state->limits.max_session_bytes =
        std::max(options.max_session_bytes, options.max_message_bytes * 2);
    state->limits.idle = options.idle_timeout;

    // The names clients look up or guess, then the unlisted ones (see set_discoverable).
    const std::vector<std::string> looked_up{state->domain,    state->imap_host,
                                             state->pop3_host, state->smtp_host,
                                             mail_host,        "autoconfig." + state->domain};
    std::vector<std::string> names = looked_up;
    names.insert(names.end(), {"in." + state->domain, "out." + state->domain, "localhost"});
    std::vector<std::string> ips{listen};
    if (listen != "127.0.0.1")
        ips.push_back("127.0.0.1");
    auto certificates = make_certificates(options.state_dir, state->domain, names, ips);
    if (!certificates.set) {
        result.error = certificates.error;
        return result;
    }
    state->certificates = std::move(certificates.set);

    impl_->state = state;
    impl_->io = std::make_unique<asio::io_context>(1);
    for (auto service : all_services) {
        auto error = impl_->listen_any(service, options.ports.get(service));
        if (!error.empty()) {
            impl_->acceptors = {};
            impl_->dns_udp.reset();
            impl_->io.reset();
            impl_->state.reset();
            result.error = error;
            return result;
        }
        boost::system::error_code ec;
        auto endpoint = impl_->acceptors[static_cast<std::size_t>(service)]->local_endpoint(ec);
        state->ports.set(service, endpoint.port());
    }

    LabAddresses& a = impl_->addresses;
    a.domain = state->domain;
    a.listen_address = listen;
    a.ports = state->ports;
    a.ca_file = state->certificates->ca_file;
    std::vector<std::string> zone_names;
    for (const auto& name : names)
        if (name != "localhost") {
            a.hosts.push_back({name, listen});
            zone_names.push_back(name);
        }
    state->zone.reset(default_zone(state->domain, zone_names, mail_host, listen), looked_up,
                      "in." + state->domain);
    const bool v6 = listen.find(':') != std::string::npos;
    a.mail_host = mail_host;
    a.dns_server =
        (v6 ? "[" + listen + "]" : listen) + ":" + std::to_string(state->ports.get(Service::dns));
    a.autoconfig_url = "https://" + (v6 ? "[" + listen + "]" : listen) + ":" +
                       std::to_string(state->ports.get(Service::https)) + "/mail/config-v1.1.xml";
    a.imap_host = state->imap_host;
    a.pop3_host = state->pop3_host;
    a.smtp_host = state->smtp_host;
    a.unlisted_incoming_host = "in." + state->domain;
    a.unlisted_outgoing_host = "out." + state->domain;

    impl_->work.emplace(impl_->io->get_executor());
    impl_->thread = std::thread([io = impl_->io.get()] { io->run(); });
    impl_->started = true;
    result.ok = true;
    result.addresses = a;
    return result;
}

void Lab::stop() {
    std::lock_guard guard(impl_->mutex);
    impl_->shutdown();
}

bool Lab::running() const {
    std::lock_guard guard(impl_->mutex);
    return impl_->started && !impl_->stopped;
}

LabAddresses Lab::addresses() const {
    std::lock_guard guard(impl_->mutex);
    return impl_->addresses;
}

std::vector<LabUserInfo> Lab::users() const {
    std::vector<LabUserInfo> out;
    auto state = impl_->current();
    if (!state)
        return out;
    auto lock = state->store.lock();
    for (auto* user : state->store.all_users())
        out.push_back({user->address, user->name, user->smtp_auth_disabled});
    return out;
}

bool Lab::change_password(const std::string& address, const std::string& new_password) {
    auto state = impl_->current();
    if (!state || new_password.empty())
        return false;
    auto lock = state->store.lock();
    auto* user = state->store.user(address);
    if (!user)
        return false;
    user->password = new_password;
    return true;
}

bool Lab::password_is(const std::string& address, const std::string& password) const {
    auto state = impl_->current();
    if (!state)
        return false;
    auto lock = state->store.lock();
    const auto* user = state->store.user(address);
    return user && !password.empty() && user->password == password;
}

std::optional<std::string> Lab::current_password(const std::string& address) const {
    auto state = impl_->current();
    if (!state)
        return std::nullopt;
    auto lock = state->store.lock();
    const auto* user = state->store.user(address);
    return user ? std::optional<std::string>(user->password) : std::nullopt;
}

bool Lab::set_smtp_auth_disabled(const std::string& address, bool disabled) {
    auto state = impl_->current();
    if (!state)
        return false;
    auto lock = state->store.lock();
    auto* user = state->store.user(address);
    if (!user)
        return false;
    user->smtp_auth_disabled = disabled;
    return true;
}

void Lab::restore_defaults() {
    auto state = impl_->current();
    if (!state)
        return;
    {
        auto lock = state->store.lock();
        for (const auto& w : state->world.users)
            if (auto* user = state->store.user(w.address)) {
                user->password = w.password;
                user->smtp_auth_disabled = w.smtp_auth_disabled;
            }
    }
    set_certificate(CertificateKind::good);
    for (auto service : all_services)
        open_port(service);
    set_delay(std::chrono::milliseconds(0));
    set_discoverable(true);
    set_mx(addresses().mail_host);
}

void Lab::set_certificate(CertificateKind kind) {
    if (auto state = impl_->current())
        state->certificate_kind.store(static_cast<int>(kind));
}

CertificateKind Lab::certificate() const {
    auto state = impl_->current();
    return state ? static_cast<CertificateKind>(state->certificate_kind.load())
                 : CertificateKind::good;
}

bool Lab::close_port(Service service) {
    std::lock_guard guard(impl_->mutex);
    if (!impl_->started || impl_->stopped)
        return false;
    impl_->on_io_thread([&] { impl_->close_listener(service); });
    return true;
}

bool Lab::open_port(Service service) {
    std::lock_guard guard(impl_->mutex);
    if (!impl_->started || impl_->stopped)
        return false;
    return impl_->on_io_thread([&] {
        if (impl_->acceptors[static_cast<std::size_t>(service)])
            return true;
        return impl_->listen(service, impl_->state->ports.get(service)).empty();
    });
}

bool Lab::port_open(Service service) const {
    std::lock_guard guard(impl_->mutex);
    if (!impl_->started || impl_->stopped)
        return false;
    return impl_->on_io_thread(
        [&] { return impl_->acceptors[static_cast<std::size_t>(service)] != nullptr; });
}

void Lab::set_delay(std::chrono::milliseconds delay) {
    if (auto state = impl_->current())
        state->delay_ms.store(
            static_cast<int>(std::clamp<std::int64_t>(delay.count(), 0, 120'000)));
}

LabZone Lab::zone() const {
    auto state = impl_->current();
    return state ? *state->zone.snapshot() : LabZone{};
}

bool Lab::set_mx(const std::string& host) {
    auto state = impl_->current();
    auto canonical = canonical_host_name(host);
    if (!state || !canonical)
        return false;
    state->zone.set_mx(*canonical);
    retry_queue(*state);
    return true;
}

std::size_t Lab::queued_messages() const {
    auto state = impl_->current();
    if (!state)
        return 0;
    auto lock = state->store.lock();
    return state->queue.size();
}

void Lab::set_discoverable(bool discoverable) {
    if (auto state = impl_->current()) {
        state->discoverable.store(discoverable); // the autoconfig server
        state->zone.set_discoverable(discoverable);
    }
}

bool Lab::discoverable() const {
    auto state = impl_->current();
    return !state || state->discoverable.load();
}

bool Lab::deliver(const std::string& address, SeedMessage message) {
    auto state = impl_->current();
    if (!state)
        return false;
    const std::string subject = message.subject.substr(0, 200);
    std::string delivered_to;
    {
        auto lock = state->store.lock();
        auto* user = state->store.user(address);
        if (!user)
            return false;
        const auto now = static_cast<std::int64_t>(std::time(nullptr));
        if (message.date == 0)
            message.date = now;
        auto* inbox = user->mailbox("INBOX");
        const WorldUser owner{user->address, user->name, {}, false, {}};
        // A Message-ID of its own: the INBOX's next UID keeps it apart from the seeded ones.
        std::string raw =
            seed_message(message, owner, state->store.domain(), 1'000'000 + inbox->uidnext);
        if (!state->zone.undeliverable_reason().empty()) {
            // Mail from outside comes through the domain's MX like any other: while the MX
            // does not lead to the lab, it waits in the queue (delivery_deferred).
            if (!state->queue.has_room_for(raw.size()))
                return false;
            deliver_or_queue(*state, *user,
                             {user->address, std::move(raw), now, subject, Service::smtp_starttls});
            return true;
        }
        if (!inbox->has_room_for(raw.size()))
            return false;
        std::vector<std::string> flags;
        if (message.seen)
            flags.emplace_back("\\Seen");
        if (message.flagged)
            flags.emplace_back("\\Flagged");
        inbox->add(std::move(raw), now, std::move(flags));
        delivered_to = user->address;
    }
    state->event(Service::smtp_starttls, EventKind::message_delivered, delivered_to, subject);
    return true;
}

std::vector<LabEvent> Lab::events(std::uint64_t after_sequence) const {
    auto state = impl_->current();
    return state ? state->events.after(after_sequence) : std::vector<LabEvent>{};
}

std::vector<LabLogLine> Lab::protocol_log(std::uint64_t after_sequence) const {
    auto state = impl_->current();
    return state ? state->protocol_log.after(after_sequence) : std::vector<LabLogLine>{};
}

std::uint64_t Lab::protocol_log_sequence() const {
    auto state = impl_->current();
    return state ? state->protocol_log.last_sequence() : 0;
}

std::map<std::string, std::map<std::string, MailboxCount>> Lab::mailbox_counts() const {
    std::map<std::string, std::map<std::string, MailboxCount>> out;
    auto state = impl_->current();
    if (!state)
        return out;
    auto lock = state->store.lock();
    for (auto* user : state->store.all_users()) {
        for (const auto& box : user->mailboxes) {
            MailboxCount count;
            count.messages = box.messages.size();
            for (const auto& m : box.messages)
                count.unseen += m.has_flag("\\Seen") ? 0 : 1;
            out[user->address][box.name] = count;
        }
    }
    return out;
}

MailboxCount Lab::mailbox_count(const std::string& address, const std::string& mailbox) const {
    auto counts = mailbox_counts();
    auto user = counts.find(lower(address));
    if (user == counts.end())
        return {};
    auto box = user->second.find(mailbox);
    return box == user->second.end() ? MailboxCount{} : box->second;
}

} // namespace maillab::lab
