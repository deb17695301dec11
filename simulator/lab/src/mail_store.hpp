// The lab's mailboxes, users and passwords, shared by every session and the admin side.
// One mutex guards everything; callers never hold it across a co_await.
#pragma once

#include "maillab/lab/lab.hpp"

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace maillab::lab_detail {

struct StoredMessage {
    std::uint32_t uid = 0;
    std::vector<std::string> flags; // "\Seen", "\Deleted", keywords
    std::string raw;                // RFC 5322, CRLF line ends
    std::int64_t internal_date = 0; // seconds since the epoch

    bool has_flag(std::string_view flag) const;
    void set_flag(std::string_view flag, bool on);
};

struct Mailbox {
    std::string name;
    std::uint32_t uidvalidity = 1;
    std::uint32_t uidnext = 1;
    std::vector<StoredMessage> messages; // ascending uid

    static constexpr std::size_t max_messages = 10'000;
    static constexpr std::size_t max_bytes = 256 * 1024 * 1024;
    std::uint32_t add(std::string raw, std::int64_t internal_date, std::vector<std::string> flags);
    // Whether one more message of this size fits under the limits above.
    bool has_room_for(std::size_t size) const;
    StoredMessage* find_uid(std::uint32_t uid);
};

struct MailUser {
    std::string address;
    std::string name;
    std::string password;
    bool smtp_auth_disabled = false;
    std::vector<Mailbox> mailboxes; // INBOX first

    Mailbox* mailbox(std::string_view name); // INBOX is case-insensitive
};

enum class AuthResult { ok, unknown_user, wrong_password, smtp_auth_disabled };

class MailStore {
  public:
    static const std::vector<std::string>& default_mailboxes(); // INBOX, Drafts, Sent, Trash

    void load(const lab::World& world);
    std::unique_lock<std::mutex> lock() const { return std::unique_lock(mutex_); }

    // The following need the lock.
    MailUser* user(std::string_view login); // "alex@lab.maillab.test" or "alex"
    std::vector<MailUser*> all_users();
    // Checks a password (in constant time); `address` gets the canonical address when known.
    AuthResult authenticate(std::string_view login, std::string_view password, bool for_smtp,
                            std::string& address);

    const std::string& domain() const { return domain_; }

  private:
    mutable std::mutex mutex_;
    std::string domain_;
    std::map<std::string, MailUser, std::less<>> users_;
};

class EventLog {
  public:
    static constexpr std::size_t max_events = 10'000;
    void add(lab::Service service, lab::EventKind kind, std::string user, std::string detail);
    std::vector<lab::LabEvent> after(std::uint64_t sequence) const;

  private:
    mutable std::mutex mutex_;
    std::vector<lab::LabEvent> events_;
    std::uint64_t next_ = 1;
};

std::string_view protocol_of(lab::Service service);

// RFC 5322 / IMAP helpers.
std::string rfc5322_date(std::int64_t epoch_seconds);
std::string imap_internal_date(std::int64_t epoch_seconds);
std::string seed_message(const lab::SeedMessage& seed, const lab::WorldUser& owner,
                         const std::string& domain, std::size_t index);
std::string to_crlf(std::string_view text);
std::string lower(std::string_view text);
std::string upper(std::string_view text);
bool iequals(std::string_view a, std::string_view b);

} // namespace maillab::lab_detail
