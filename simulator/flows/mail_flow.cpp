#include "mail_flow.hpp"

#include <algorithm>
#include <ctime>

namespace maillab::sim::flows {
namespace {

std::int64_t wall_clock() {
    return static_cast<std::int64_t>(std::time(nullptr));
}

// The servers a message may leave through, in the order the phone tries them: the primary
// server when it is on, then the other servers that are on.
std::vector<ServerSettings> smtp_route(const Account& account) {
    std::vector<ServerSettings> route;
    if (account.primary_smtp.enabled)
        route.push_back(account.primary_smtp.server);
    for (const auto& other : account.other_smtp)
        if (other.enabled)
            route.push_back(other.server);
    return route;
}

std::vector<SmtpServer> smtp_snapshot(const Account& account) {
    std::vector<SmtpServer> all{account.primary_smtp};
    all.insert(all.end(), account.other_smtp.begin(), account.other_smtp.end());
    return all;
}

} // namespace

std::size_t Mailbox::unread() const {
    return static_cast<std::size_t>(
        std::count_if(inbox.begin(), inbox.end(), [](const MailMessage& m) { return !m.seen; }));
}

struct MailFlow::Slot {
    Mailbox box;
    Job<FetchResult> fetch;
    std::vector<std::string> pending_seen, pending_delete;     // for the next refresh
    std::vector<std::string> seen_in_flight, delete_in_flight; // sent with the running one
    std::set<std::string> seen_local, deleted_local;           // the phone's own marks
    std::vector<SmtpServer> smtp_at_failure;                   // when the Outbox stalled
};

MailFlow::MailFlow(EngineServices& engine, const Device& device, std::function<void()> wake)
    : engine_(engine), device_(device), wake_(std::move(wake)) {}

MailFlow::~MailFlow() = default;

MailFlow::Slot* MailFlow::slot(const std::string& email) {
    for (auto& s : slots_)
        if (s->box.email == email)
            return s.get();
    return nullptr;
}

const MailFlow::Slot* MailFlow::slot(const std::string& email) const {
    for (const auto& s : slots_)
        if (s->box.email == email)
            return s.get();
    return nullptr;
}

const Account* MailFlow::account(const std::string& email) const {
    for (const auto& a : device_.accounts)
        if (a.email == email)
            return &a;
    return nullptr;
}

void MailFlow::sync_slots() {
    for (const auto& a : device_.accounts)
        if (!slot(a.email)) {
            auto s = std::make_unique<Slot>();
            s->box.email = a.email;
            slots_.push_back(std::move(s));
        }
    for (auto it = slots_.begin(); it != slots_.end();) {
        if (account((*it)->box.email)) {
            ++it;
            continue;
        }
        if ((*it)->fetch.running())
            retired_.push_back(std::move(*it));
        it = slots_.erase(it);
    }
}

const Mailbox* MailFlow::mailbox(const std::string& email) const {
    const Slot* s = slot(email);
    return s ? &s->box : nullptr;
}

std::vector<const Mailbox*> MailFlow::mailboxes() const {
    std::vector<const Mailbox*> out;
    for (const auto& a : device_.accounts)
        if (const Mailbox* m = mailbox(a.email))
            out.push_back(m);
    return out;
}

std::size_t MailFlow::unread_total() const {
    std::size_t n = 0;
    for (const auto& s : slots_)
        n += s->box.unread();
    return n;
}

void MailFlow::refresh(const std::string& email) {
    sync_slots();
    Slot* s = slot(email);
    if (!s)
        return;
    s->box.outbox_stalled = false;
    if (!s->fetch.running())
        start_fetch(*s);
    start_next_send();
}

void MailFlow::refresh_all() {
    sync_slots();
    for (const auto& a : device_.accounts)
        refresh(a.email);
}

void MailFlow::mark_seen(const std::string& email, const std::string& uid) {
    Slot* s = slot(email);
    if (!s || uid.empty() || !s->seen_local.insert(uid).second)
        return;
    for (auto& m : s->box.inbox)
        if (m.uid == uid) {
            if (!m.seen)
                s->pending_seen.push_back(uid);
            m.seen = true;
        }
}

void MailFlow::remove(const std::string& email, const std::string& uid) {
    Slot* s = slot(email);
    if (!s || uid.empty() || !s->deleted_local.insert(uid).second)
        return;
    std::erase_if(s->box.inbox, [&](const MailMessage& m) { return m.uid == uid; });
    s->pending_delete.push_back(uid);
}

bool MailFlow::queue(OutgoingMessage message) {
    sync_slots();
    Slot* s = slot(message.from_address);
    if (!s)
        return false;
    s->box.outbox.push_back({next_id_++, std::move(message), wall_clock(), {}});
    s->box.outbox_stalled = false;
    start_next_send();
    return true;
}

void MailFlow::retry_outbox(const std::string& email) {
    if (Slot* s = slot(email))
        s->box.outbox_stalled = false;
    start_next_send();
}

void MailFlow::accounts_changed() {
    sync_slots();
    for (auto& s : slots_) {
        const Account* a = account(s->box.email);
        if (a && s->box.outbox_stalled && smtp_snapshot(*a) != s->smtp_at_failure)
            s->box.outbox_stalled = false;
    }
    start_next_send();
}

void MailFlow::start_fetch(Slot& s) {
    const Account* a = account(s.box.email);
    if (!a)
        return;
    FetchRequest request;
    s.seen_in_flight = std::exchange(s.pending_seen, {});
    s.delete_in_flight = std::exchange(s.pending_delete, {});
    request.mark_seen_uids = s.seen_in_flight;
    request.delete_uids = s.delete_in_flight;
    s.box.fetching = true;
    EngineServices* engine = &engine_;
    s.fetch.start(
        [engine, incoming = a->incoming, request] { return engine->fetch(incoming, request, {}); },
        wake_);
}

void MailFlow::finish_fetch(Slot& s, FetchResult result, double now) {
    s.box.fetching = false;
    if (result.check.ok()) {
        std::erase_if(result.messages,
                      [&](const MailMessage& m) { return s.deleted_local.contains(m.uid); });
        for (auto& m : result.messages)
            m.seen = m.seen || s.seen_local.contains(m.uid);
        s.box.inbox = std::move(result.messages);
        s.box.updated_at = now;
        s.seen_in_flight.clear();
        s.delete_in_flight.clear();
    } else {
        // Not uploaded: they go along with the next refresh.
        s.pending_seen.insert(s.pending_seen.begin(), s.seen_in_flight.begin(),
                              s.seen_in_flight.end());
        s.pending_delete.insert(s.pending_delete.begin(), s.delete_in_flight.begin(),
                                s.delete_in_flight.end());
        s.seen_in_flight.clear();
        s.delete_in_flight.clear();
        alerts_.push_back(cannot_get_mail(result.check));
    }
    result.check.steps.clear();
    s.box.last_fetch = std::move(result.check);
}

void MailFlow::start_next_send() {
    if (send_.running() || in_flight_)
        return;
    for (const auto& a : device_.accounts) {
        Slot* s = slot(a.email);
        if (!s || s->box.outbox.empty() || s->box.outbox_stalled)
            continue;
        const OutboxMessage& next = s->box.outbox.front();
        if (!last_send_email_.empty() && last_send_email_ != a.email)
            send_index_ = 0;
        last_send_email_ = a.email;
        const std::vector<ServerSettings> route = smtp_route(a);
        if (route.empty()) {
            SendDone none{a.email, next.id, {}};
            none.result.role = ServerRole::smtp;
            none.result.host = a.primary_smtp.server.host;
            none.result.message = "No outgoing mail server is turned on for this account.";
            finish_send(std::move(none));
            continue;
        }
        in_flight_ = {a.email, next.id};
        EngineServices* engine = &engine_;
        send_.start(
            [engine, route, message = next.message, email = a.email, id = next.id] {
                SendDone done{email, id, {}};
                std::optional<CheckResult> first_failure;
                for (const auto& server : route) {
                    CheckResult r = engine->send(server, message, {});
                    if (r.ok()) {
                        done.result = std::move(r);
                        return done;
                    }
                    if (!first_failure)
                        first_failure = std::move(r);
                }
                done.result = std::move(*first_failure);
                return done;
            },
            wake_);
        return;
    }
}

void MailFlow::finish_send(SendDone done) {
    in_flight_.reset();
    Slot* s = slot(done.email);
    if (!s)
        return;
    auto it = std::find_if(s->box.outbox.begin(), s->box.outbox.end(),
                           [&](const OutboxMessage& m) { return m.id == done.id; });
    if (it == s->box.outbox.end())
        return;
    if (done.result.ok()) {
        s->box.sent.insert(s->box.sent.begin(), {std::move(it->message), wall_clock()});
        s->box.outbox.erase(it);
        ++send_index_;
        if (s->box.outbox.empty())
            send_index_ = 0;
        return;
    }
    const MailAlert alert = cannot_send_mail(done.result);
    it->last_error = phone_words(done.result);
    s->box.outbox_stalled = true;
    if (const Account* a = account(done.email))
        s->smtp_at_failure = smtp_snapshot(*a);
    send_index_ = 0;
    alerts_.push_back(alert);
}

void MailFlow::poll(double now) {
    sync_slots();
    for (auto& s : slots_) {
        std::string error;
        if (auto result = s->fetch.take(&error)) {
            finish_fetch(*s, std::move(*result), now);
        } else if (s->box.fetching && !s->fetch.running()) {
            FetchResult failed;
            failed.check.host = s->box.email;
            failed.check.message = "Internal error: " + error;
            finish_fetch(*s, std::move(failed), now);
        }
    }
    std::erase_if(retired_, [](std::unique_ptr<Slot>& s) {
        (void)s->fetch.take();
        return !s->fetch.running();
    });
    std::string error;
    if (auto done = send_.take(&error)) {
        finish_send(std::move(*done));
    } else if (in_flight_ && !send_.running()) {
        SendDone failed{in_flight_->first, in_flight_->second, {}};
        failed.result.role = ServerRole::smtp;
        failed.result.message = "Internal error: " + error;
        finish_send(std::move(failed));
    }
    start_next_send();
}

bool MailFlow::busy() const {
    if (send_.running() || !retired_.empty())
        return true;
    return std::any_of(slots_.begin(), slots_.end(),
                       [](const auto& s) { return s->fetch.running(); });
}

bool MailFlow::sending(const std::string& email, std::size_t* index, std::size_t* count) const {
    if (!in_flight_ || in_flight_->first != email)
        return false;
    const Slot* s = slot(email);
    if (index)
        *index = send_index_ + 1;
    if (count)
        *count = send_index_ + (s ? s->box.outbox.size() : 1);
    return true;
}

std::optional<MailAlert> MailFlow::take_alert() {
    if (alerts_.empty())
        return std::nullopt;
    MailAlert a = std::move(alerts_.front());
    alerts_.pop_front();
    return a;
}

void MailFlow::cancel() {
    send_.abandon();
    in_flight_.reset();
    for (auto& s : slots_) {
        s->fetch.abandon();
        s->box.fetching = false;
    }
}

} // namespace maillab::sim::flows
