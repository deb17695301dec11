// Steps of one source that can run at once (several URLs, a DNS lookup beside a fetch) while
// their results are still read in the source's order of preference. A step left unread when the
// source returns finishes on its own background thread (counted, so a program can wait for it
// before exiting) and its result is dropped; the source does not wait for it.
#pragma once

#include "background_work.hpp"

#include <condition_variable>
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
            T result = step();
            std::lock_guard lock(state->mutex);
            state->results[index] = std::move(result);
            state->done.notify_all();
        });
        return index;
    }

    // Waits for step `index` and hands over its result (once).
    T take(std::size_t index) {
        std::unique_lock lock(state_->mutex);
        state_->done.wait(lock, [&] { return state_->results[index].has_value(); });
        T result = std::move(*state_->results[index]);
        state_->results[index].reset();
        return result;
    }

  private:
    struct State {
        std::mutex mutex;
        std::condition_variable done;
        std::vector<std::optional<T>> results; // a vector of optionals: emplace_back only
    };
    std::shared_ptr<State> state_ = std::make_shared<State>();
};

} // namespace maillab::autoconfig::detail
