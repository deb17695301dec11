#include "net/host_cache.hpp"

#include <algorithm>

namespace maillab::net {

HostLookup HostCache::lookup(const std::string& host, Clock::time_point deadline,
                             const std::function<HostLookup()>& ask) {
    std::string key(host);
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::unique_lock lock(mutex_);
    if (auto it = entries_.find(key); it != entries_.end()) {
        const std::shared_ptr<Entry> entry = it->second;
        if (!answered_.wait_until(lock, deadline, [&] { return entry->answered; })) {
            HostLookup late;
            late.error = "looking up " + host + " took too long";
            late.timed_out = true;
            return late;
        }
        return entry->answer;
    }
    auto entry = std::make_shared<Entry>();
    entries_.emplace(key, entry);
    lock.unlock();
    HostLookup answer = ask();
    lock.lock();
    entry->answer = answer;
    entry->answered = true;
    if (answer.timed_out)
        entries_.erase(key);
    answered_.notify_all();
    return answer;
}

} // namespace maillab::net
