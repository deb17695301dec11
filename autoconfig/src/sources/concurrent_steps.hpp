// Steps of one source that can run at once (several URLs, a DNS lookup beside a fetch) while
// their results are still read in the source's order of preference. A step left unread when the
// source returns finishes on its own background thread (counted, so a program can wait for it
// before exiting) and its result is dropped; the source does not wait for it. A step that throws
// hands its exception to take(), which rethrows it on the source's thread (where the runner turns
// it into a failed source) instead of ending the process.
#pragma once

#include "background_work.hpp"

#include <condition_variable>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace maillab::autoconfig::detail {

template <class T> class ConcurrentSteps {
  public:
    // Starts `step` now; its index (0, 1, ...) is what take() is given. A step must end by the
    // deadline it was built with.
    std::size_t start(std::function<T()> step) {
        std::size_t index;
        {
            std::lock_guard lock(state_->mutex);
            index = state_->results.size();
            state_->results.emplace_back();
        }
        run_in_background([state = state_, index, step = std::move(step)] {
            Slot slot;
            try {
                slot.value = step();
            } catch (...) {
                slot.error = std::current_exception();
            }
            std::lock_guard lock(state->mutex);
            state->results[index] = std::move(slot);
            state->done.notify_all();
        });
        return index;
    }

    // Waits for step `index` and hands over its result (once), or rethrows what the step threw.
    T take(std::size_t index) {
        std::unique_lock lock(state_->mutex);
        state_->done.wait(lock, [&] { return state_->results[index].finished(); });
        Slot slot = std::move(state_->results[index]);
        state_->results[index] = Slot{};
        lock.unlock();
        if (slot.error)
            std::rethrow_exception(slot.error);
        return std::move(*slot.value);
    }

  private:
    struct Slot {
        std::optional<T> value;
        std::exception_ptr error;
        bool finished() const { return value.has_value() || error != nullptr; }
    };
    struct State {
        std::mutex mutex;
        std::condition_variable done;
        std::vector<Slot> results; // emplace_back only
    };
    std::shared_ptr<State> state_ = std::make_shared<State>();
};

} // namespace maillab::autoconfig::detail
