// The Mail app's controller: per account (keyed by its address) the inbox as last fetched, the
// read and delete marks waiting for the next refresh, the Outbox and the Sent list. Fetching and
// sending run on worker threads through EngineServices; poll() collects the results on the UI
// thread once per frame. A failed send keeps the message in the Outbox until the user retries,
// refreshes, or changes the account's SMTP settings.
#pragma once

#include "engine_services.hpp"
#include "job.hpp"
#include "mail_words.hpp"
#include "maillab/mail/mail.hpp"
#include "maillab/model/account.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace maillab::sim::flows {

struct OutboxMessage {
    std::uint64_t id = 0;
    OutgoingMessage message;
    std::int64_t queued_at = 0; // seconds since the epoch
    std::string last_error;     // the phone's words for the last failed try; empty before
};

struct SentMessage {
    OutgoingMessage message;
    std::int64_t sent_at = 0; // seconds since the epoch
};

// What the Mail app shows for one account.
struct Mailbox {
    std::string email;
    std::vector<MailMessage> inbox;        // newest first, with the phone's read marks
    std::optional<CheckResult> last_fetch; // the last finished refresh
    double updated_at = -1;                // app time of the last successful refresh
    bool fetching = false;
    std::vector<OutboxMessage> outbox; // oldest first (sent in this order)
    std::vector<SentMessage> sent;     // newest first
    bool outbox_stalled = false;       // the last try failed; waits for a retry

    std::size_t unread() const;
};

class MailFlow {
  public:
    // `device` is the phone's account list; it must outlive the flow.
    MailFlow(EngineServices& engine, const Device& device, std::function<void()> wake);
    ~MailFlow();
    MailFlow(const MailFlow&) = delete;
    MailFlow& operator=(const MailFlow&) = delete;

    // Starts a refresh of one account (no-op while one runs) and retries its Outbox.
    void refresh(const std::string& email);
    void refresh_all();
    // The user opened a message: read on the phone now, on the server with the next refresh.
    void mark_seen(const std::string& email, const std::string& uid);
    // The user deleted a message: gone from the list now, from the server with the next refresh.
    void remove(const std::string& email, const std::string& uid);
    // Puts a message into the Outbox of the account sending it (by from_address) and sends it.
    // False when no account on the phone has that address.
    bool queue(OutgoingMessage message);
    void retry_outbox(const std::string& email);
    // After the accounts were saved: follows added and removed accounts, and retries the Outbox
    // of every account whose SMTP servers changed since its last failed try.
    void accounts_changed();

    // Once per frame on the UI thread: collects finished work and starts the next send.
    void poll(double now);
    bool busy() const;
    // Whether a message is being sent, and which one of how many.
    bool sending(const std::string& email, std::size_t* index = nullptr,
                 std::size_t* count = nullptr) const;
    std::optional<MailAlert> take_alert();

    const Mailbox* mailbox(const std::string& email) const;
    std::vector<const Mailbox*> mailboxes() const; // in the device's account order
    std::size_t unread_total() const;
    // Forgets running work (their results are dropped); called on exit.
    void cancel();

  private:
    struct Slot;
    struct SendDone {
        std::string email;
        std::uint64_t id = 0;
        CheckResult result;
    };
    Slot* slot(const std::string& email);
    const Slot* slot(const std::string& email) const;
    const Account* account(const std::string& email) const;
    void sync_slots();
    void start_fetch(Slot& s);
    void finish_fetch(Slot& s, FetchResult result, double now);
    void start_next_send();
    void finish_send(SendDone done);

    EngineServices& engine_;
    const Device& device_;
    std::function<void()> wake_;
    std::vector<std::unique_ptr<Slot>> slots_;
    std::vector<std::unique_ptr<Slot>> retired_; // removed accounts whose work still runs
    Job<SendDone> send_;
    std::optional<std::pair<std::string, std::uint64_t>> in_flight_; // the message being sent
    std::string last_send_email_;
    std::size_t send_index_ = 0; // messages sent in this run of the Outbox
    std::uint64_t next_id_ = 1;
    std::deque<MailAlert> alerts_;
};

} // namespace maillab::sim::flows
