// Host name answers shared by the lookups of one task. Discovery's guessing probes ask for
// imap.D, mail.D and D on several ports each, one after another: each name is looked up once,
// and a lookup of a name already being looked up waits for that answer instead of asking again.
#pragma once

#include "net/resolver.hpp"

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace maillab::net {

class HostCache {
  public:
    // The answer for `host` (letter case ignored): kept from an earlier lookup, awaited from one
    // in flight, or asked now with `ask`. Only found and not-found answers are kept; after a
    // failure or a timeout, a waiter with time left asks again. A caller whose deadline passes
    // while waiting gets a timeout of its own. If `ask` throws, its waiters ask again.
    HostLookup lookup(const std::string& host, Clock::time_point deadline,
                      const std::function<HostLookup()>& ask);

    // How many lookups are waiting for an answer in flight (for tests).
    std::size_t waiting() const;

  private:
    struct Entry {
        bool answered = false;
        HostLookup answer;
    };
    mutable std::mutex mutex_;
    std::size_t waiting_ = 0;
    std::condition_variable answered_;
    std::map<std::string, std::shared_ptr<Entry>> entries_;
};

} // namespace maillab::net
