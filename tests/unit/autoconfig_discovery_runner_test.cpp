#include "maillab/autoconfig/discovery.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace {

using namespace maillab::autoconfig;
using namespace std::chrono_literals;

// A scripted source: waits `delay` (or until stopped), then finds settings or not.
DiscoverySource scripted(SourceKind kind, std::chrono::milliseconds delay, bool finds,
                         std::chrono::milliseconds timeout = 2000ms,
                         std::shared_ptr<std::atomic<bool>> saw_stop = nullptr) {
    return {kind, timeout, [=](Deadline, const StopFlag& stop) {
                auto until = std::chrono::steady_clock::now() + delay;
                while (std::chrono::steady_clock::now() < until) {
                    if (stop.stop_requested()) {
                        if (saw_stop)
                            *saw_stop = true;
                        return SourceOutcome{std::nullopt, "stopped", false};
                    }
                    std::this_thread::sleep_for(1ms);
                }
                if (!finds)
                    return SourceOutcome{std::nullopt, "nothing here", false};
                Candidate c;
                c.source = kind;
                c.origin = std::string(to_string(kind));
                return SourceOutcome{c, {}, false};
            }};
}

TEST(PriorityParallelRunner, ABetterRankedSuccessWinsEvenWhenItArrivesLater) {
    auto result = run_priority_parallel({scripted(SourceKind::guess, 1ms, true),
                                         scripted(SourceKind::isp_https, 60ms, true)});
    ASSERT_TRUE(result.best);
    EXPECT_EQ(result.candidates[*result.best].source, SourceKind::isp_https);
    EXPECT_EQ(result.candidates.size(), 2u) << "the guess finished first and is kept as an alternative";
}

TEST(PriorityParallelRunner, ALowerRankedSuccessWinsOnceEveryBetterSourceFoundNothing) {
    auto result = run_priority_parallel({scripted(SourceKind::isp_https, 20ms, false),
                                         scripted(SourceKind::ispdb, 30ms, false),
                                         scripted(SourceKind::srv, 5ms, true)});
    ASSERT_TRUE(result.best);
    EXPECT_EQ(result.candidates[*result.best].source, SourceKind::srv);
}

TEST(PriorityParallelRunner, TheWinnerCancelsWorseRankedSourcesWithoutWaitingForThem) {
    auto stopped = std::make_shared<std::atomic<bool>>(false);
    auto started = std::chrono::steady_clock::now();
    auto result = run_priority_parallel(
        {scripted(SourceKind::bundled, 5ms, true),
         scripted(SourceKind::guess, 5000ms, true, 10000ms, stopped)});
    auto took = std::chrono::steady_clock::now() - started;
    ASSERT_TRUE(result.best);
    EXPECT_EQ(result.candidates[*result.best].source, SourceKind::bundled);
    EXPECT_LT(took, 2000ms);
    bool cancelled = false;
    for (const auto& e : result.events)
        cancelled = cancelled || (e.source == SourceKind::guess && e.kind == ProgressKind::cancelled);
    EXPECT_TRUE(cancelled);
    for (int i = 0; i < 200 && !*stopped; ++i)
        std::this_thread::sleep_for(5ms);
    EXPECT_TRUE(*stopped) << "the cancelled source was asked to stop";
}

TEST(PriorityParallelRunner, ADeadSourceDoesNotHoldUpTheAnswerPastItsDeadline) {
    auto started = std::chrono::steady_clock::now();
    auto result = run_priority_parallel({scripted(SourceKind::isp_https, 10000ms, true, 100ms),
                                         scripted(SourceKind::srv, 5ms, true)});
    auto took = std::chrono::steady_clock::now() - started;
    ASSERT_TRUE(result.best);
    EXPECT_EQ(result.candidates[*result.best].source, SourceKind::srv);
    EXPECT_LT(took, 1500ms);
    bool timed_out = false;
    for (const auto& e : result.events)
        timed_out = timed_out || (e.source == SourceKind::isp_https && e.kind == ProgressKind::failed);
    EXPECT_TRUE(timed_out);
}

TEST(PriorityParallelRunner, WhenEverySourceFailsThereIsNoBestAndEveryFailureIsReported) {
    auto result = run_priority_parallel({scripted(SourceKind::isp_https, 5ms, false),
                                         scripted(SourceKind::srv, 5ms, false),
                                         scripted(SourceKind::guess, 5ms, false)});
    EXPECT_FALSE(result.best);
    EXPECT_TRUE(result.candidates.empty());
    int not_found = 0;
    for (const auto& e : result.events)
        not_found += e.kind == ProgressKind::not_found;
    EXPECT_EQ(not_found, 3);
}

TEST(PriorityParallelRunner, ASourceThatThrowsIsAFailureNotACrash) {
    DiscoverySource throwing{SourceKind::isp_https, 1000ms, [](Deadline, const StopFlag&) -> SourceOutcome {
                                 throw std::runtime_error("boom");
                             }};
    auto result = run_priority_parallel({throwing, scripted(SourceKind::srv, 5ms, true)});
    ASSERT_TRUE(result.best);
    EXPECT_EQ(result.candidates[*result.best].source, SourceKind::srv);
}

TEST(PriorityParallelRunner, ProgressIsReportedOnTheCallersThreadInOrder) {
    std::vector<std::string> seen;
    const auto caller = std::this_thread::get_id();
    bool same_thread = true;
    run_priority_parallel({scripted(SourceKind::ispdb, 5ms, true)}, [&](const ProgressEvent& e) {
        same_thread = same_thread && std::this_thread::get_id() == caller;
        seen.emplace_back(to_string(e.kind));
    });
    EXPECT_TRUE(same_thread);
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0], "started");
    EXPECT_EQ(seen[1], "found");
}

} // namespace
