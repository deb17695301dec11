// One piece of engine work on a worker thread, collected by the UI thread once per frame.
#pragma once

#include <chrono>
#include <exception>
#include <functional>
#include <future>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace maillab::sim::flows {

template <class T> class Job {
  public:
    Job() = default;
    Job(const Job&) = delete;
    Job& operator=(const Job&) = delete;
    ~Job() { wait_all(); }

    // `wake` runs on the worker when the work is done (to wake an idle event loop).
    void start(std::function<T()> work, std::function<void()> wake) {
        if (future_.valid())
            abandoned_.push_back(std::move(future_)); // its result will be dropped
        future_ = std::async(std::launch::async, [work = std::move(work), wake = std::move(wake)] {
            struct Wake {
                std::function<void()> f;
                ~Wake() {
                    if (f)
                        f();
                }
            } on_exit{wake};
            return work();
        });
    }

    bool running() const { return future_.valid(); }

    // The result when the work has finished; an exception thrown by the work becomes `error`.
    std::optional<T> take(std::string* error = nullptr) {
        reap();
        if (!future_.valid() ||
            future_.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
            return std::nullopt;
        try {
            return future_.get();
        } catch (const std::exception& e) {
            if (error)
                *error = e.what();
        }
        return std::nullopt;
    }

    // Forget the running work: its result will be dropped when it arrives.
    void abandon() {
        if (future_.valid())
            abandoned_.push_back(std::move(future_));
    }

    // Nothing runs, not even abandoned work: destroying the job would not wait.
    bool finished() {
        reap();
        return abandoned_.empty() &&
               (!future_.valid() ||
                future_.wait_for(std::chrono::seconds(0)) == std::future_status::ready);
    }

    void wait_all() {
        if (future_.valid())
            future_.wait();
        for (auto& f : abandoned_)
            f.wait();
        abandoned_.clear();
    }

  private:
    void reap() {
        std::erase_if(abandoned_, [](std::future<T>& f) {
            return f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
        });
    }

    std::future<T> future_;
    std::vector<std::future<T>> abandoned_;
};

} // namespace maillab::sim::flows
