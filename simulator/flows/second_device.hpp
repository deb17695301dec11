// A second device of the phone's owner, beside the phone: a laptop's desktop mail client with
// one account for the same address. It checks mail through the engine (on Get Mail, and on its
// own every few seconds when asked to) and keeps its own copies of what it downloaded, as
// desktop clients do. Set to POP3 with "Delete from server after retrieving" it really deletes
// each message on the server right after downloading it (RETR, then DELE), so the phone's IMAP
// inbox loses those messages; set to IMAP (or POP3 leaving messages on the server) it does not.
#pragma once

#include "engine_services.hpp"
#include "job.hpp"
#include "maillab/mail/mail.hpp"
#include "maillab/model/account.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace maillab::sim::flows {

// What the laptop's Account Settings panel edits.
struct IncomingSettings {
    IncomingProtocol protocol = IncomingProtocol::pop3;
    std::string host;
    std::uint16_t port = 995;
    Security security = Security::tls;
    // POP3: "Leave messages on server"; false: "Delete from server after retrieving".
    bool leave_on_server = false;

    bool operator==(const IncomingSettings&) const = default;
};

// The settings after choosing another server type, as desktop clients fill them in: the port
// becomes that protocol's default for the security, and a host named after the old protocol
// ("pop.example.com") is renamed after the new one ("imap.example.com").
IncomingSettings with_protocol(IncomingSettings settings, IncomingProtocol protocol);
// Empty when the settings can be saved, else what is wrong ("Enter the server name.").
std::string settings_problem(const IncomingSettings& settings);

// One message the laptop holds.
struct LaptopMessage {
    MailMessage message;
    bool removed_from_server = false; // POP3: deleted on the server after downloading it
};

struct SecondDeviceSetup {
    std::string owner; // "Alex Rivera": the window says whose laptop it is
    Account account;   // its one account (the incoming server is what it uses)
    bool leave_on_server = false;
    std::chrono::seconds check_every{0}; // 0: only when Get Mail is pressed
};

class SecondDevice {
  public:
    using Clock = std::chrono::steady_clock;

    // `wake` runs on a worker thread when a check finishes.
    SecondDevice(EngineServices& engine, SecondDeviceSetup setup, std::function<void()> wake,
                 Clock::time_point now = Clock::now());
    ~SecondDevice();
    SecondDevice(const SecondDevice&) = delete;
    SecondDevice& operator=(const SecondDevice&) = delete;

    const std::string& owner() const { return owner_; }
    const Account& account() const { return account_; }
    IncomingSettings settings() const;
    bool leave_on_server() const { return leave_on_server_; }
    // Account Settings › Save: these settings from now on, and a check with them. Returns
    // settings_problem() (and changes nothing) when they cannot be saved.
    std::string save_settings(const IncomingSettings& settings,
                              Clock::time_point now = Clock::now());

    // Get Mail: a check now (no-op while one runs).
    void get_mail(Clock::time_point now = Clock::now());
    // Once per frame on the UI thread: collects a finished check, starts the automatic one.
    void poll(Clock::time_point now = Clock::now());
    bool checking() const { return fetch_.running(); }
    // No engine work left, not even abandoned: destroying it now does not wait.
    bool idle() { return fetch_.finished(); }
    std::chrono::seconds check_every() const { return check_every_; }
    // Seconds until the next automatic check (0 when due), or < 0 when there is none.
    double seconds_to_next_check(Clock::time_point now = Clock::now()) const;

    // What the Inbox shows: POP3, the messages downloaded (newest first); IMAP, the server's
    // inbox as last checked.
    const std::vector<LaptopMessage>& inbox() const;
    // Messages downloaded over POP3 that stay on the laptop after the account moved to IMAP
    // ("On My Mac"); empty while the account is POP3.
    const std::vector<LaptopMessage>& kept_on_laptop() const;
    // Whether the laptop shows a message with this subject that is still on the server as far
    // as it knows (not deleted by it after downloading).
    bool shows_on_server(std::string_view subject) const;

    // The last finished check (its outcome, transcript and the phone-style message).
    const std::optional<CheckResult>& last_check() const { return last_check_; }
    std::optional<Clock::time_point> last_check_at() const { return last_check_at_; }
    std::size_t checks_done() const { return checks_done_; }
    // Messages this laptop deleted on the server (POP3, after retrieving them).
    std::size_t removed_from_server() const { return removed_from_server_; }

    // Forgets a running check (its result is dropped); called on exit.
    void cancel() { fetch_.abandon(); }

    // For --dump-state: settings, counts and the last check (never the password).
    std::string state_json() const;

  private:
    struct Done {
        IncomingServer used;
        bool deleted_after_retrieving = false;
        FetchResult result;
    };
    void start_check(Clock::time_point now);
    void finish(Done done);

    EngineServices& engine_;
    std::function<void()> wake_;
    std::string owner_;
    Account account_;
    bool leave_on_server_ = false;
    std::chrono::seconds check_every_{0};
    Clock::time_point next_auto_check_;
    Job<Done> fetch_;
    bool check_again_ = false; // settings changed during a check: check again when it ends
    std::vector<LaptopMessage> downloaded_;   // POP3 copies, newest first
    std::vector<LaptopMessage> server_inbox_; // IMAP, as last checked
    std::optional<CheckResult> last_check_;
    std::optional<Clock::time_point> last_check_at_;
    std::size_t checks_done_ = 0;
    std::size_t removed_from_server_ = 0;
};

} // namespace maillab::sim::flows
