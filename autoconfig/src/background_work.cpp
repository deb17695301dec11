#include "background_work.hpp"

#include "maillab/autoconfig/discovery.hpp"

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace maillab::autoconfig {
namespace {

struct Worker {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> finished;
};

struct Registry {
    std::mutex mutex;
    std::condition_variable idle;
    std::size_t running = 0;
    std::vector<Worker> workers; // joined by wait_for_background_work, or when seen finished
};

// Never destroyed: threads may still use it while static objects are torn down.
Registry& registry() {
    static auto* instance = new Registry;
    return *instance;
}

} // namespace

namespace detail {

void run_in_background(std::function<void()> work) {
    auto& r = registry();
    auto finished = std::make_shared<std::atomic<bool>>(false);
    std::vector<Worker> done;
    {
        std::lock_guard lock(r.mutex);
        ++r.running;
        // Join the threads that have already finished, so the list does not grow without end.
        for (auto it = r.workers.begin(); it != r.workers.end();) {
            if (it->finished->load()) {
                done.push_back(std::move(*it));
                it = r.workers.erase(it);
            } else {
                ++it;
            }
        }
        r.workers.push_back({std::thread([work = std::move(work), finished]() mutable {
                                 // Work that throws has nobody left to tell (its callers catch
                                 // what they can report); it must not end the process.
                                 try {
                                     work();
                                 } catch (...) {
                                 }
                                 work = nullptr; // release what the work held before counting down
                                 auto& reg = registry();
                                 std::lock_guard lock(reg.mutex);
                                 finished->store(true);
                                 if (--reg.running == 0)
                                     reg.idle.notify_all();
                             }),
                             finished});
    }
    for (auto& w : done)
        w.thread.join();
}

} // namespace detail

std::size_t background_work_count() {
    std::lock_guard lock(registry().mutex);
    return registry().running;
}

bool wait_for_background_work(std::chrono::milliseconds max_wait) {
    auto& r = registry();
    std::vector<Worker> workers;
    {
        std::unique_lock lock(r.mutex);
        if (!r.idle.wait_for(lock, max_wait, [&] { return r.running == 0; }))
            return false;
        workers = std::move(r.workers);
        r.workers.clear();
    }
    // Every thread has finished its work; joining waits for its exit handlers (OpenSSL frees its
    // per-thread state there).
    for (auto& w : workers)
        w.thread.join();
    return true;
}

} // namespace maillab::autoconfig
