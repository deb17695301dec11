#include "second_device.hpp"

#include "maillab/verify/outcome.hpp"

#include <algorithm>
#include <boost/json.hpp>

namespace maillab::sim::flows {
namespace {

std::string_view host_prefix(IncomingProtocol protocol) {
    return protocol == IncomingProtocol::imap ? "imap." : "pop.";
}

void sort_newest_first(std::vector<LaptopMessage>& messages) {
    std::stable_sort(messages.begin(), messages.end(),
                     [](const LaptopMessage& a, const LaptopMessage& b) {
                         return a.message.date > b.message.date;
                     });
}

} // namespace

IncomingSettings with_protocol(IncomingSettings settings, IncomingProtocol protocol) {
    if (settings.protocol == protocol)
        return settings;
    const std::string_view old_prefix = host_prefix(settings.protocol);
    if (settings.host.starts_with(old_prefix))
        settings.host =
            std::string(host_prefix(protocol)) + settings.host.substr(old_prefix.size());
    settings.protocol = protocol;
    settings.port = default_port(protocol, settings.security);
    return settings;
}

std::string settings_problem(const IncomingSettings& settings) {
    if (settings.host.empty())
        return "Enter the incoming server's name.";
    if (settings.host.find_first_of(" \t/@") != std::string::npos)
        return "The server name \u201c" + settings.host + "\u201d is not a host name.";
    if (settings.port == 0)
        return "Enter a port number from 1 to 65535.";
    return {};
}

SecondDevice::SecondDevice(EngineServices& engine, SecondDeviceSetup setup,
                           std::function<void()> wake, Clock::time_point now)
    : engine_(engine), wake_(std::move(wake)), owner_(std::move(setup.owner)),
      account_(std::move(setup.account)), leave_on_server_(setup.leave_on_server),
      check_every_(setup.check_every), next_auto_check_(now + setup.check_every) {}

SecondDevice::~SecondDevice() {
    cancel();
}

IncomingSettings SecondDevice::settings() const {
    const auto& in = account_.incoming;
    return {in.protocol, in.server.host, in.server.port, in.server.security, leave_on_server_};
}

std::string SecondDevice::save_settings(const IncomingSettings& settings, Clock::time_point now) {
    if (auto problem = settings_problem(settings); !problem.empty())
        return problem;
    auto& in = account_.incoming;
    in.protocol = settings.protocol;
    in.server.host = settings.host;
    in.server.port = settings.port;
    in.server.security = settings.security;
    leave_on_server_ = settings.leave_on_server;
    if (settings.protocol == IncomingProtocol::pop3)
        server_inbox_.clear(); // the IMAP view of the server; POP3 shows its own downloads
    // A check with the new settings. One still running with the old ones finishes first: its
    // POP3 downloads may already be deleted on the server, so they must not be dropped.
    if (fetch_.running())
        check_again_ = true;
    else
        start_check(now);
    return {};
}

void SecondDevice::get_mail(Clock::time_point now) {
    if (!fetch_.running())
        start_check(now);
}

void SecondDevice::start_check(Clock::time_point now) {
    next_auto_check_ = now + check_every_;
    FetchRequest request;
    const bool pop3 = account_.incoming.protocol == IncomingProtocol::pop3;
    request.delete_after_retrieving = pop3 && !leave_on_server_;
    EngineServices* engine = &engine_;
    fetch_.start(
        [engine, incoming = account_.incoming, request] {
            return Done{incoming, request.delete_after_retrieving,
                        engine->fetch(incoming, request, {})};
        },
        wake_);
}

void SecondDevice::poll(Clock::time_point now) {
    std::string error;
    if (auto done = fetch_.take(&error)) {
        last_check_at_ = now;
        finish(std::move(*done));
    } else if (!error.empty()) {
        CheckResult failed;
        failed.outcome = Outcome::protocol_error;
        failed.message = "The check stopped: " + error;
        last_check_ = std::move(failed);
        last_check_at_ = now;
    }
    if (check_again_ && !fetch_.running()) {
        check_again_ = false;
        start_check(now);
    }
    if (check_every_.count() > 0 && now >= next_auto_check_ && !fetch_.running())
        start_check(now);
}

void SecondDevice::finish(Done done) {
    ++checks_done_;
    const bool ok = done.result.check.ok();
    last_check_ = std::move(done.result.check);
    if (!ok)
        return;
    auto& messages = done.result.messages;
    if (done.used.protocol == IncomingProtocol::imap) {
        if (account_.incoming.protocol != IncomingProtocol::imap)
            return;
        server_inbox_.clear();
        for (auto& m : messages)
            server_inbox_.push_back({std::move(m), false});
        return;
    }
    // POP3: the downloads join the laptop's own copies (the same UIDL is the same message).
    for (auto& m : messages) {
        auto known =
            std::find_if(downloaded_.begin(), downloaded_.end(), [&](const LaptopMessage& d) {
                return d.message.uid == m.uid && !d.removed_from_server;
            });
        // A message cut to its start stays on the server even when the rest is deleted.
        const bool removed = done.deleted_after_retrieving && !m.body_truncated;
        removed_from_server_ += removed ? 1 : 0;
        if (known != downloaded_.end()) {
            known->removed_from_server = removed;
            continue;
        }
        downloaded_.push_back({std::move(m), removed});
    }
    sort_newest_first(downloaded_);
}

double SecondDevice::seconds_to_next_check(Clock::time_point now) const {
    if (check_every_.count() == 0)
        return -1;
    return std::max(0.0, std::chrono::duration<double>(next_auto_check_ - now).count());
}

const std::vector<LaptopMessage>& SecondDevice::inbox() const {
    return account_.incoming.protocol == IncomingProtocol::imap ? server_inbox_ : downloaded_;
}

const std::vector<LaptopMessage>& SecondDevice::kept_on_laptop() const {
    static const std::vector<LaptopMessage> none;
    return account_.incoming.protocol == IncomingProtocol::imap ? downloaded_ : none;
}

bool SecondDevice::shows_on_server(std::string_view subject) const {
    const auto& shown = inbox();
    return std::any_of(shown.begin(), shown.end(), [&](const LaptopMessage& m) {
        return !m.removed_from_server && m.message.subject == subject;
    });
}

std::string SecondDevice::state_json() const {
    namespace json = boost::json;
    const auto s = settings();
    json::array inbox_subjects;
    for (const auto& m : inbox())
        inbox_subjects.push_back(json::string(m.message.subject));
    json::object o{{"owner", owner_},
                   {"account", account_.email},
                   {"protocol", to_string(s.protocol)},
                   {"host", s.host},
                   {"port", s.port},
                   {"security", to_string(s.security)},
                   {"leave_on_server", s.leave_on_server},
                   {"check_every_seconds", check_every_.count()},
                   {"checking", checking()},
                   {"checks_done", checks_done_},
                   {"removed_from_server", removed_from_server_},
                   {"inbox", std::move(inbox_subjects)},
                   {"kept_on_laptop", kept_on_laptop().size()}};
    if (last_check_)
        o["last_check"] = json::object{{"ok", last_check_->ok()},
                                       {"outcome", to_string(last_check_->outcome)},
                                       {"message", last_check_->message}};
    return json::serialize(o);
}

} // namespace maillab::sim::flows
