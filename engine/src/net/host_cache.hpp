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
    // in flight, or asked now with `ask`. A lookup that timed out is not kept (a later one may
    // have more time); a caller whose deadline passes while waiting gets a timeout of its own.
    HostLookup lookup(const std::string& host, Clock::time_point deadline,
                      const std::function<HostLookup()>& ask);

  private:
    struct Entry {
        bool answered = false;
        HostLookup answer;
    };
    std::mutex mutex_;
    std::condition_variable answered_;
    std::map<std::string, std::shared_ptr<Entry>> entries_;
};

} // namespace maillab::net
