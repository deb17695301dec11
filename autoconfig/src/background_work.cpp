#include "background_work.hpp"

#include "maillab/autoconfig/discovery.hpp"

#include <condition_variable>
#include <mutex>

namespace maillab::autoconfig {
namespace {

struct Counter {
    std::mutex mutex;
    std::condition_variable idle;
    std::size_t running = 0;
};

// Never destroyed: threads may still decrement it while static objects are torn down.
Counter& counter() {
    static auto* instance = new Counter;
    return *instance;
}

} // namespace

namespace detail {

BackgroundWorkToken::BackgroundWorkToken() {
    std::lock_guard lock(counter().mutex);
    ++counter().running;
}

BackgroundWorkToken::~BackgroundWorkToken() {
    std::lock_guard lock(counter().mutex);
    if (--counter().running == 0)
        counter().idle.notify_all();
}

} // namespace detail

std::size_t background_work_count() {
    std::lock_guard lock(counter().mutex);
    return counter().running;
}

bool wait_for_background_work(std::chrono::milliseconds max_wait) {
    std::unique_lock lock(counter().mutex);
    return counter().idle.wait_for(lock, max_wait, [] { return counter().running == 0; });
}

} // namespace maillab::autoconfig
