#include "net/host_cache.hpp"

#include <algorithm>

namespace maillab::net {
namespace {

// Only what the name's DNS said is kept: a failure (no server reachable, SERVFAIL, a timeout) may
// be over by the next lookup, which then asks again.
bool worth_keeping(const HostLookup& answer) {
    return answer.status == HostLookup::Status::found ||
           answer.status == HostLookup::Status::not_found;
}

HostLookup timed_out_looking_up(const std::string& host) {
    HostLookup late;
    late.error = "looking up " + host + " took too long";
    late.timed_out = true;
    return late;
}

} // namespace

HostLookup HostCache::lookup(const std::string& host, Clock::time_point deadline,
                             const std::function<HostLookup()>& ask) {
    std::string key(host);
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::unique_lock lock(mutex_);
    while (true) {
        const auto it = entries_.find(key);
        if (it == entries_.end())
            break;
        const std::shared_ptr<Entry> entry = it->second;
        ++waiting_;
        const bool answered = answered_.wait_until(lock, deadline, [&] { return entry->answered; });
        --waiting_;
        if (!answered)
            return timed_out_looking_up(host);
        // The answer in flight was not one to keep: ask again while there is time (another
        // waiter may already be asking; then wait for that one).
        if (worth_keeping(entry->answer) || Clock::now() >= deadline)
            return entry->answer;
    }
    auto entry = std::make_shared<Entry>();
    entries_.emplace(key, entry);
    lock.unlock();
    HostLookup answer;
    try {
        answer = ask();
    } catch (...) {
        lock.lock();
        entry->answer.error = "looking up " + host + " failed";
        entry->answered = true;
        entries_.erase(key);
        answered_.notify_all();
        throw;
    }
    lock.lock();
    entry->answer = answer;
    entry->answered = true;
    if (!worth_keeping(answer))
        entries_.erase(key);
    answered_.notify_all();
    return answer;
}

std::size_t HostCache::waiting() const {
    std::lock_guard lock(mutex_);
    return waiting_;
}

} // namespace maillab::net
