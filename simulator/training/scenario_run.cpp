#include "scenario_run.hpp"

#include "../app/app.hpp"
#include "../app/lab_script.hpp"
#include "maillab/lab/world.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>

namespace maillab::sim::training {
namespace {

const Account* account_of(const App& app, const std::string& address) {
    for (const auto& a : app.device().device().accounts)
        if (a.email == address)
            return &a;
    return nullptr;
}

// The account a lab user gets from Add Mail Account (the lab's autoconfig: IMAP SSL 993,
// SMTP SSL 465, the address as user name).
Account lab_account(const lab::World& world, const lab::WorldUser& user) {
    Account a;
    a.name = user.name;
    a.email = user.address;
    a.description = "Lab";
    a.incoming.protocol = IncomingProtocol::imap;
    a.incoming.server = {"imap." + world.domain, 993,          Security::tls,
                         AuthMethod::password,   user.address, user.password};
    a.primary_smtp.server = {"smtp." + world.domain, 465,          Security::tls,
                             AuthMethod::password,   user.address, user.password};
    return a;
}

void apply_setting(Account& a, const StartSetting& s) {
    const auto port = [&] { return static_cast<std::uint16_t>(std::stoi(s.value)); };
    if (s.field == "incoming.protocol")
        a.incoming.protocol = *parse_incoming_protocol(s.value);
    else if (s.field == "incoming.port")
        a.incoming.server.port = port();
    else if (s.field == "incoming.security")
        a.incoming.server.security = *parse_security(s.value);
    else if (s.field == "incoming.password")
        a.incoming.server.password = s.value;
    else if (s.field == "outgoing.port")
        a.primary_smtp.server.port = port();
    else if (s.field == "outgoing.security")
        a.primary_smtp.server.security = *parse_security(s.value);
    else if (s.field == "outgoing.auth")
        a.primary_smtp.server.auth = *parse_auth_method(s.value);
    else if (s.field == "outgoing.username")
        a.primary_smtp.server.username = s.value;
    else if (s.field == "outgoing.password")
        a.primary_smtp.server.password = s.value;
}

// A server's refusal: SMTP 4xx/5xx, IMAP NO/BAD, POP3 -ERR.
bool is_refusal(const lab::LabLogLine& line) {
    if (line.from_client || line.text.size() < 3)
        return false;
    const std::string& t = line.text;
    if ((t[0] == '4' || t[0] == '5') && std::isdigit(static_cast<unsigned char>(t[1])) &&
        std::isdigit(static_cast<unsigned char>(t[2])))
        return true;
    if (t.starts_with("-ERR"))
        return true;
    const auto space = t.find(' ');
    return space != std::string::npos && space > 0 && t[0] != '*' &&
           (t.compare(space + 1, 3, "NO ") == 0 || t.compare(space + 1, 4, "BAD ") == 0);
}

// The servers' refusals since the start, each after the client line it answered (credentials
// were hidden by the lab before the log kept them).
std::string transcript_excerpts(const std::vector<lab::LabLogLine>& log) {
    constexpr int max_excerpts = 6;
    std::string out;
    int shown = 0;
    for (std::size_t i = 0; i < log.size() && shown < max_excerpts; ++i) {
        if (!is_refusal(log[i]))
            continue;
        ++shown;
        for (std::size_t j = i; j-- > 0;)
            if (log[j].connection == log[i].connection && log[j].from_client) {
                out += "\n  " + log[j].protocol + " C: " + log[j].text;
                break;
            }
        out += "\n  " + log[i].protocol + " S: " + log[i].text;
    }
    return out.empty() ? out : "\nTranscript (the servers' refusals):" + out;
}

// The laptop beside the phone: the lab user's account as its mail client has it, POP3 from
// pop.DOMAIN (SSL 995) or IMAP from imap.DOMAIN (SSL 993).
flows::SecondDeviceSetup laptop_setup(const lab::World& world, const lab::WorldUser& user,
                                      const SecondDeviceStart& start) {
    flows::SecondDeviceSetup setup;
    setup.owner = user.name;
    setup.account = lab_account(world, user);
    setup.account.description = "Laptop";
    const bool imap = start.mode == SecondDeviceStart::Mode::imap;
    flows::IncomingSettings in{IncomingProtocol::imap, setup.account.incoming.server.host, 993,
                               Security::tls, true};
    if (!imap)
        in = flows::with_protocol(in, IncomingProtocol::pop3);
    setup.account.incoming.protocol = in.protocol;
    setup.account.incoming.server.host = in.host;
    setup.account.incoming.server.port = in.port;
    setup.leave_on_server = start.mode != SecondDeviceStart::Mode::pop3_delete;
    setup.check_every = std::chrono::seconds(start.check_every_seconds);
    return setup;
}

// The second device a scenario starts with, or an error.
std::string start_second_device(App& app, const std::optional<SecondDeviceStart>& start) {
    app.remove_second_device();
    if (!start)
        return {};
    auto world = lab::load_world(app.lab_world());
    if (!world.world)
        return "the lab world: " + world.error;
    for (const auto& user : world.world->users)
        if (user.address == start->address) {
            app.add_second_device(laptop_setup(*world.world, user, *start));
            return {};
        }
    return "second-device: no lab user " + start->address;
}

} // namespace

std::string ScenarioRun::begin(App& app) {
    if (!app.lab())
        return "the scenario needs the lab provider (started without --no-lab)";
    // The phone starts as the scenario says: no other accounts, no certificate exceptions.
    Device start;
    if (scenario_.start.kind == StartState::Kind::lab_account) {
        auto world = lab::load_world(app.lab_world());
        if (!world.world)
            return "the lab world: " + world.error;
        const auto& users = world.world->users;
        auto user = std::find_if(users.begin(), users.end(), [&](const lab::WorldUser& u) {
            return u.address == scenario_.start.address;
        });
        if (user == users.end())
            return "start: no lab user " + scenario_.start.address;
        Account account = lab_account(*world.world, *user);
        for (const auto& setting : scenario_.start.settings)
            apply_setting(account, setting);
        start.accounts.push_back(std::move(account));
    }
    app.device().device() = std::move(start);
    app.save_device();
    app.lab()->restore_defaults(); // nothing left over from an earlier scenario or the trainer
    if (auto error = start_second_device(app, scenario_.second_device); !error.empty())
        return error;
    for (const auto& line : scenario_.before) {
        auto action = parse_lab_action(std::string_view(line).substr(4));
        if (!action)
            return "before: " + action.error().message;
        if (auto error = apply_lab_action(*app.lab(), *action); !error.empty())
            return "before: " + error;
    }
    alerts_at_begin_ = app.alerts_shown().size();
    lab_events_at_begin_ = last_lab_event(*app.lab());
    lab_log_at_begin_ = app.lab()->protocol_log_sequence();
    lab_read_up_to_ = lab_events_at_begin_;
    lab_seen_.clear();
    dns_queries_seen_.clear();
    delivered_.clear();
    done_.assign(scenario_.steps.size(), false);
    done_after_.assign(scenario_.steps.size(), -1.0);
    began_at_ = std::chrono::steady_clock::now();
    begun_ = true;
    return {};
}

void ScenarioRun::read_new_lab_events(const App& app) const {
    if (!app.lab())
        return;
    for (auto& e : app.lab()->events(lab_read_up_to_)) {
        lab_read_up_to_ = e.sequence;
        if (e.kind == lab::EventKind::dns_query)
            dns_queries_seen_.push_back(std::move(e.detail));
        if (e.kind == lab::EventKind::message_delivered)
            delivered_.emplace_back(e.user, e.detail);
        lab_seen_.emplace_back(e.kind, std::move(e.user));
    }
}

bool ScenarioRun::holds(const Condition& c, const App& app) const {
    switch (c.kind) {
    case Condition::Kind::alert: {
        const auto& shown = app.alerts_shown();
        return std::any_of(
            shown.begin() + static_cast<std::ptrdiff_t>(std::min(alerts_at_begin_, shown.size())),
            shown.end(), [&](const AlertRecord& a) { return a.title == c.arg; });
    }
    case Condition::Kind::lab_event:
        read_new_lab_events(app);
        return std::any_of(lab_seen_.begin(), lab_seen_.end(), [&](const auto& seen) {
            return seen.first == c.event && (c.address.empty() || seen.second == c.address);
        });
    case Condition::Kind::account_saved:
        return account_of(app, c.address) != nullptr;
    case Condition::Kind::incoming_password_current: {
        const Account* a = account_of(app, c.address);
        return a && app.lab() && app.lab()->password_is(c.address, a->incoming.server.password);
    }
    case Condition::Kind::outgoing_password_current: {
        const Account* a = account_of(app, c.address);
        return a && app.lab() && app.lab()->password_is(c.address, a->primary_smtp.server.password);
    }
    case Condition::Kind::screen:
        return app.nav().top_id() == c.arg;
    case Condition::Kind::no_trusted_certificates:
        return app.device().device().trusted_certificates.empty();
    case Condition::Kind::dns_query:
        read_new_lab_events(app);
        return std::any_of(dns_queries_seen_.begin(), dns_queries_seen_.end(),
                           [&](const std::string& detail) {
                               return detail == c.arg || detail.rfind(c.arg + ":", 0) == 0;
                           });
    case Condition::Kind::smtp_auth_enabled: {
        if (!app.lab())
            return false;
        const auto users = app.lab()->users();
        return std::any_of(users.begin(), users.end(), [&](const lab::LabUserInfo& u) {
            return u.address == c.address && !u.smtp_auth_disabled;
        });
    }
    case Condition::Kind::second_device_protocol:
        return app.second_device() &&
               to_string(app.second_device()->account().incoming.protocol) == c.arg;
    case Condition::Kind::phone_inbox_has:
        return std::ranges::any_of(app.mail().mailboxes(), [&](const flows::Mailbox* box) {
            return std::ranges::any_of(box->inbox,
                                       [&](const MailMessage& m) { return m.subject == c.arg; });
        });
    case Condition::Kind::new_mail_on_both:
        return new_mail_on_both(c.address, app);
    }
    return false;
}

bool ScenarioRun::new_mail_on_both(const std::string& address, const App& app) const {
    read_new_lab_events(app);
    const flows::Mailbox* phone = app.mail().mailbox(address);
    const flows::SecondDevice* laptop = app.second_device();
    if (!phone || !laptop)
        return false;
    return std::ranges::any_of(delivered_, [&](const auto& delivered) {
        const std::string& to = delivered.first;
        const std::string& subject = delivered.second; // not a structured binding: clang 14
        return to == address && laptop->shows_on_server(subject) &&
               std::ranges::any_of(phone->inbox,
                                   [&](const MailMessage& m) { return m.subject == subject; });
    });
}

void ScenarioRun::update(const App& app) {
    if (!begun_)
        return;
    for (std::size_t i = 0; i < scenario_.steps.size(); ++i) {
        if (done_[i])
            continue;
        const auto& when = scenario_.steps[i].done_when;
        done_[i] = std::all_of(when.begin(), when.end(),
                               [&](const Condition& c) { return holds_as_written(c, app); });
        if (done_[i])
            done_after_[i] =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - began_at_).count();
    }
}

std::string ScenarioRun::hint(std::size_t i, const App& app) const {
    if (i >= scenario_.steps.size())
        return {};
    std::string text = scenario_.steps[i].hint;
    const std::string placeholder = "{accounts}";
    const std::string path(flows::accounts_path(app.ios()));
    for (auto at = text.find(placeholder); at != std::string::npos;
         at = text.find(placeholder, at + path.size()))
        text.replace(at, placeholder.size(), path);
    return text;
}

std::size_t ScenarioRun::steps_done() const {
    return static_cast<std::size_t>(std::count(done_.begin(), done_.end(), true));
}

bool ScenarioRun::succeeded(const App& app) const {
    return begun_ && std::all_of(scenario_.success.begin(), scenario_.success.end(),
                                 [&](const Condition& c) { return holds_as_written(c, app); });
}

std::string ScenarioRun::debrief(const App& app) const {
    std::string out = succeeded(app) ? scenario_.debrief_success : scenario_.debrief_failure;
    out += "\nEvidence:";
    for (const auto& c : scenario_.success)
        out += std::string("\n  ") + (holds_as_written(c, app) ? "[x] " : "[ ] ") +
               (c.negated ? "not " : "") + std::string(to_string(c.kind)) +
               (c.arg.empty() ? "" : " " + c.arg) + (c.address.empty() ? "" : " " + c.address);
    // What the lab's servers did since the scenario began (never a password: lab events hold none).
    if (app.lab()) {
        std::string log;
        int shown = 0;
        // A DNS check asks a score of questions: each run of them is one line.
        std::size_t dns_run = 0;
        std::string dns_asked;
        const auto end_dns_run = [&] {
            if (dns_run > 0 && ++shown <= 20)
                log += "\n  dns " + std::to_string(dns_run) +
                       (dns_run == 1 ? " query" : " queries") + ": " + dns_asked +
                       (dns_run > 3 ? ", ..." : "");
            dns_run = 0;
            dns_asked.clear();
        };
        for (const auto& e : app.lab()->events(lab_events_at_begin_)) {
            if (e.kind == lab::EventKind::connected || e.kind == lab::EventKind::starttls)
                continue;
            if (e.kind == lab::EventKind::dns_query) {
                if (++dns_run <= 3)
                    dns_asked += (dns_asked.empty() ? "" : ", ") + e.detail;
                continue;
            }
            end_dns_run();
            if (++shown > 20) {
                log += "\n  ...";
                break;
            }
            log += "\n  " + e.protocol + " " + std::string(lab::to_string(e.kind)) +
                   (e.user.empty() ? "" : " " + e.user) + (e.detail.empty() ? "" : ": " + e.detail);
        }
        end_dns_run();
        if (!log.empty())
            out += "\nLab log:" + log;
        out += transcript_excerpts(app.lab()->protocol_log(lab_log_at_begin_));
    }
    return out;
}

std::string ScenarioRun::state_json(const App& app) const {
    namespace json = boost::json;
    json::array steps;
    for (std::size_t i = 0; i < scenario_.steps.size(); ++i)
        steps.push_back(json::object{
            {"title", scenario_.steps[i].title}, {"hint", hint(i, app)}, {"done", step_done(i)}});
    json::object o{{"id", scenario_.id},
                   {"title", scenario_.title},
                   {"steps", std::move(steps)},
                   {"success", succeeded(app)},
                   {"debrief", debrief(app)}};
    return json::serialize(o);
}

} // namespace maillab::sim::training
