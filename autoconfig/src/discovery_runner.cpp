#include "maillab/autoconfig/discovery.hpp"

#include "background_work.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace maillab::autoconfig {
namespace {

using Clock = std::chrono::steady_clock;

// Shared between the runner and the source threads, which may outlive the runner's call.
struct RunState {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::optional<SourceOutcome>> outcomes;
};

std::int64_t ms_since(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

} // namespace

std::string_view to_string(SourceKind kind) {
    switch (kind) {
    case SourceKind::bundled:
        return "bundled";
    case SourceKind::isp_https:
        return "isp-https";
    case SourceKind::ispdb:
        return "ispdb";
    case SourceKind::mx:
        return "mx";
    case SourceKind::autodiscover:
        return "autodiscover";
    case SourceKind::srv:
        return "srv";
    case SourceKind::guess:
        return "guess";
    case SourceKind::isp_http:
        return "isp-http";
    }
    return "unknown";
}

std::string_view to_string(ProgressKind kind) {
    switch (kind) {
    case ProgressKind::started:
        return "started";
    case ProgressKind::found:
        return "found";
    case ProgressKind::not_found:
        return "not-found";
    case ProgressKind::failed:
        return "failed";
    case ProgressKind::cancelled:
        return "cancelled";
    }
    return "unknown";
}

DiscoveryResult run_priority_parallel(std::vector<DiscoverySource> sources,
                                      const ProgressSink& progress) {
    std::stable_sort(sources.begin(), sources.end(),
                     [](const DiscoverySource& a, const DiscoverySource& b) { return a.kind < b.kind; });
    const auto start = Clock::now();
    DiscoveryResult result;
    auto emit = [&](SourceKind kind, ProgressKind what, std::string detail) {
        ProgressEvent event{kind, what, std::move(detail), ms_since(start)};
        if (progress)
            progress(event);
        result.events.push_back(std::move(event));
    };

    auto state = std::make_shared<RunState>();
    state->outcomes.resize(sources.size());
    std::vector<StopFlag> stops(sources.size());
    std::vector<Clock::time_point> deadlines;
    for (std::size_t i = 0; i < sources.size(); ++i) {
        deadlines.push_back(start + sources[i].timeout);
        emit(sources[i].kind, ProgressKind::started, {});
        detail::run_in_background([state, i, run = sources[i].run, deadline = deadlines[i],
                                   stop = stops[i]] {
            SourceOutcome outcome;
            try {
                outcome = run(deadline, stop);
            } catch (const std::exception& e) {
                outcome = SourceOutcome{std::nullopt, std::string("internal error: ") + e.what(), true};
            }
            std::lock_guard lock(state->mutex);
            state->outcomes[i] = std::move(outcome);
            state->changed.notify_all();
        });
    }

    std::vector<bool> reported(sources.size(), false);
    std::vector<std::optional<SourceOutcome>> seen(sources.size());
    std::optional<std::size_t> winner;
    std::unique_lock lock(state->mutex);
    while (true) {
        // Report what finished since the last look, in rank order.
        const auto now = Clock::now();
        for (std::size_t i = 0; i < sources.size(); ++i) {
            if (reported[i])
                continue;
            if (state->outcomes[i]) {
                seen[i] = state->outcomes[i];
                reported[i] = true;
                const auto& o = *seen[i];
                if (o.candidate)
                    emit(sources[i].kind, ProgressKind::found, o.candidate->origin);
                else
                    emit(sources[i].kind, o.failed ? ProgressKind::failed : ProgressKind::not_found,
                         o.reason);
            } else if (now >= deadlines[i]) {
                stops[i].request_stop();
                seen[i] = SourceOutcome{std::nullopt,
                                        "no answer within " +
                                            std::to_string(sources[i].timeout.count()) + " ms",
                                        true};
                reported[i] = true;
                emit(sources[i].kind, ProgressKind::failed, seen[i]->reason);
            }
        }
        // Decide: the first source in rank order that is still open blocks the decision.
        bool open = false;
        for (std::size_t i = 0; i < sources.size() && !winner && !open; ++i) {
            if (!reported[i])
                open = true;
            else if (seen[i]->candidate)
                winner = i;
        }
        if (winner || !open)
            break;
        auto next_deadline = Clock::time_point::max();
        for (std::size_t i = 0; i < sources.size(); ++i)
            if (!reported[i])
                next_deadline = std::min(next_deadline, deadlines[i]);
        state->changed.wait_until(lock, next_deadline);
    }
    lock.unlock();

    for (std::size_t i = 0; i < sources.size(); ++i) {
        if (!reported[i]) {
            stops[i].request_stop();
            emit(sources[i].kind, ProgressKind::cancelled, "a better-ranked source answered");
        }
    }
    for (std::size_t i = 0; i < sources.size(); ++i) {
        if (seen[i] && seen[i]->candidate) {
            if (winner == i)
                result.best = result.candidates.size();
            result.candidates.push_back(*seen[i]->candidate);
        }
    }
    result.elapsed_ms = ms_since(start);
    return result;
}

} // namespace maillab::autoconfig
