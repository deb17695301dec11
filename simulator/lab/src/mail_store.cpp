#include "mail_store.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>
#include <openssl/crypto.h>

namespace maillab::lab_detail {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string upper(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
               return std::tolower(x) == std::tolower(y);
           });
}

bool StoredMessage::has_flag(std::string_view flag) const {
    return std::any_of(flags.begin(), flags.end(), [&](const auto& f) { return iequals(f, flag); });
}

void StoredMessage::set_flag(std::string_view flag, bool on) {
    auto it =
        std::find_if(flags.begin(), flags.end(), [&](const auto& f) { return iequals(f, flag); });
    if (on && it == flags.end())
        flags.emplace_back(flag);
    else if (!on && it != flags.end())
        flags.erase(it);
}

std::uint32_t Mailbox::add(std::string raw, std::int64_t internal_date,
                           std::vector<std::string> flags) {
    StoredMessage m;
    m.uid = uidnext++;
    m.raw = std::move(raw);
    m.internal_date = internal_date;
    m.flags = std::move(flags);
    messages.push_back(std::move(m));
    return messages.back().uid;
}

bool Mailbox::has_room_for(std::size_t size) const {
    std::size_t total = size;
    for (const auto& m : messages)
        total += m.raw.size();
    return messages.size() < max_messages && total <= max_bytes;
}

StoredMessage* Mailbox::find_uid(std::uint32_t uid) {
    auto it = std::lower_bound(messages.begin(), messages.end(), uid,
                               [](const StoredMessage& m, std::uint32_t u) { return m.uid < u; });
    return it != messages.end() && it->uid == uid ? &*it : nullptr;
}

Mailbox* MailUser::mailbox(std::string_view name) {
    for (auto& box : mailboxes)
        if (box.name == name || (iequals(name, "INBOX") && box.name == "INBOX"))
            return &box;
    return nullptr;
}

const std::vector<std::string>& MailStore::default_mailboxes() {
    static const std::vector<std::string> names{"INBOX", "Drafts", "Sent", "Trash"};
    return names;
}

void MailStore::load(const lab::World& world) {
    auto guard = lock();
    domain_ = world.domain;
    users_.clear();
    const auto uidvalidity = static_cast<std::uint32_t>(std::time(nullptr));
    for (const auto& w : world.users) {
        MailUser user;
        user.address = w.address;
        user.name = w.name;
        user.password = w.password;
        user.smtp_auth_disabled = w.smtp_auth_disabled;
        for (const auto& name : default_mailboxes()) {
            Mailbox box;
            box.name = name;
            box.uidvalidity = uidvalidity;
            user.mailboxes.push_back(std::move(box));
        }
        auto& inbox = user.mailboxes.front();
        std::vector<const lab::SeedMessage*> seeds;
        for (const auto& m : w.inbox)
            seeds.push_back(&m);
        std::stable_sort(seeds.begin(), seeds.end(),
                         [](auto* a, auto* b) { return a->date < b->date; });
        for (std::size_t i = 0; i < seeds.size(); ++i) {
            std::vector<std::string> flags;
            if (seeds[i]->seen)
                flags.emplace_back("\\Seen");
            if (seeds[i]->flagged)
                flags.emplace_back("\\Flagged");
            inbox.add(seed_message(*seeds[i], w, world.domain, i), seeds[i]->date,
                      std::move(flags));
        }
        users_.emplace(user.address, std::move(user));
    }
}

MailUser* MailStore::user(std::string_view login) {
    std::string key = lower(login);
    if (key.find('@') == std::string::npos)
        key += "@" + domain_;
    auto it = users_.find(key);
    return it == users_.end() ? nullptr : &it->second;
}

std::vector<MailUser*> MailStore::all_users() {
    std::vector<MailUser*> out;
    for (auto& [_, user] : users_)
        out.push_back(&user);
    return out;
}

AuthResult MailStore::authenticate(std::string_view login, std::string_view password, bool for_smtp,
                                   std::string& address) {
    auto* u = user(login);
    if (!u) {
        address = std::string(login.substr(0, 254));
        return AuthResult::unknown_user;
    }
    address = u->address;
    bool match = u->password.size() == password.size() &&
                 CRYPTO_memcmp(u->password.data(), password.data(), password.size()) == 0;
    if (!match)
        return AuthResult::wrong_password;
    if (for_smtp && u->smtp_auth_disabled)
        return AuthResult::smtp_auth_disabled;
    return AuthResult::ok;
}

void EventLog::add(lab::Service service, lab::EventKind kind, std::string user,
                   std::string detail) {
    lab::LabEvent event;
    event.time = std::chrono::system_clock::now();
    event.service = service;
    event.protocol = std::string(protocol_of(service));
    event.kind = kind;
    event.user = std::move(user);
    event.detail = std::move(detail);
    std::lock_guard guard(mutex_);
    event.sequence = next_++;
    if (events_.size() >= max_events)
        events_.erase(events_.begin(), events_.begin() + max_events / 10);
    events_.push_back(std::move(event));
}

std::vector<lab::LabEvent> EventLog::after(std::uint64_t sequence) const {
    std::lock_guard guard(mutex_);
    std::vector<lab::LabEvent> out;
    for (const auto& e : events_)
        if (e.sequence > sequence)
            out.push_back(e);
    return out;
}

std::string_view protocol_of(lab::Service service) {
    switch (service) {
    case lab::Service::imap_tls:
    case lab::Service::imap_starttls:
        return "imap";
    case lab::Service::pop3_tls:
    case lab::Service::pop3_starttls:
        return "pop3";
    case lab::Service::smtp_tls:
    case lab::Service::smtp_starttls:
        return "smtp";
    case lab::Service::https:
        return "https";
    case lab::Service::dns:
        return "dns";
    }
    return "?";
}

namespace {
constexpr std::array<const char*, 7> day_names{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<const char*, 12> month_names{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
std::tm utc(std::int64_t epoch) {
    std::time_t t = static_cast<std::time_t>(epoch);
    std::tm tm{};
    gmtime_r(&t, &tm);
    return tm;
}
} // namespace

std::string rfc5322_date(std::int64_t epoch) {
    auto tm = utc(epoch);
    std::array<char, 64> buf{};
    std::snprintf(buf.data(), buf.size(), "%s, %d %s %04d %02d:%02d:%02d +0000",
                  day_names[static_cast<std::size_t>(tm.tm_wday)], tm.tm_mday,
                  month_names[static_cast<std::size_t>(tm.tm_mon)], tm.tm_year + 1900, tm.tm_hour,
                  tm.tm_min, tm.tm_sec);
    return buf.data();
}

std::string imap_internal_date(std::int64_t epoch) {
    auto tm = utc(epoch);
    std::array<char, 64> buf{};
    std::snprintf(buf.data(), buf.size(), "%02d-%s-%04d %02d:%02d:%02d +0000", tm.tm_mday,
                  month_names[static_cast<std::size_t>(tm.tm_mon)], tm.tm_year + 1900, tm.tm_hour,
                  tm.tm_min, tm.tm_sec);
    return buf.data();
}

std::string to_crlf(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 16);
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\r') {
            out += "\r\n";
            if (i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
        } else if (c == '\n') {
            out += "\r\n";
        } else {
            out += c;
        }
    }
    return out;
}

namespace {
bool is_ascii(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](unsigned char c) { return c < 0x80; });
}

// RFC 2047 encoded-word for a header value with non-ASCII characters (UTF-8, base64).
std::string encode_header(std::string_view text) {
    if (is_ascii(text))
        return std::string(text);
    static constexpr char table[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string b64;
    for (std::size_t i = 0; i < text.size(); i += 3) {
        unsigned v = static_cast<unsigned char>(text[i]) << 16;
        if (i + 1 < text.size())
            v |= static_cast<unsigned char>(text[i + 1]) << 8;
        if (i + 2 < text.size())
            v |= static_cast<unsigned char>(text[i + 2]);
        b64 += table[(v >> 18) & 63];
        b64 += table[(v >> 12) & 63];
        b64 += i + 1 < text.size() ? table[(v >> 6) & 63] : '=';
        b64 += i + 2 < text.size() ? table[v & 63] : '=';
    }
    return "=?UTF-8?B?" + b64 + "?=";
}
} // namespace

std::string seed_message(const lab::SeedMessage& seed, const lab::WorldUser& owner,
                         const std::string& domain, std::size_t index) {
    std::string to = seed.to;
    if (to.empty())
        to = owner.name.empty() ? owner.address : owner.name + " <" + owner.address + ">";
    std::string local = owner.address.substr(0, owner.address.find('@'));
    std::string out;
    out += "Return-Path: <" + [&] {
        auto open = seed.from.rfind('<');
        return open == std::string::npos ? seed.from
                                         : seed.from.substr(open + 1, seed.from.size() - open - 2);
    }() + ">\r\n";
    out += "From: " + encode_header(seed.from) + "\r\n";
    out += "To: " + encode_header(to) + "\r\n";
    out += "Subject: " + encode_header(seed.subject) + "\r\n";
    out += "Date: " + rfc5322_date(seed.date) + "\r\n";
    out += "Message-ID: <seed-" + local + "-" + std::to_string(index + 1) + "@" + domain + ">\r\n";
    out += "MIME-Version: 1.0\r\n";
    out += "Content-Type: text/plain; charset=utf-8\r\n";
    out += std::string("Content-Transfer-Encoding: ") + (is_ascii(seed.body) ? "7bit" : "8bit") +
           "\r\n";
    out += "\r\n";
    std::string body = to_crlf(seed.body);
    if (body.size() < 2 || body.compare(body.size() - 2, 2, "\r\n") != 0)
        body += "\r\n";
    out += body;
    return out;
}

} // namespace maillab::lab_detail
