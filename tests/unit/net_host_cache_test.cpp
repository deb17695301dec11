// Host name answers shared by the lookups of one task (discovery's guessing probes).
#include "net/host_cache.hpp"

#include <atomic>
#include <chrono>
#include <gtest/gtest.h>
#include <stdexcept>
#include <thread>

namespace {

using maillab::net::Clock;
using maillab::net::HostCache;
using maillab::net::HostLookup;
using namespace std::chrono_literals;

HostLookup not_found() {
    HostLookup answer;
    answer.status = HostLookup::Status::not_found;
    answer.error = "no such name (NXDOMAIN)";
    return answer;
}

// Holds an answer in flight: an `ask` that calls hold() marks itself started and waits for the
// release, so that a test can put a second lookup of the name behind it.
struct HeldAnswer {
    std::atomic<bool> started = false, released = false;
    void hold() {
        started = true;
        while (!released)
            std::this_thread::sleep_for(1ms);
    }
    void wait_until_started() const {
        while (!started)
            std::this_thread::sleep_for(1ms);
    }
    // Releases the answer once another lookup waits for it in `cache`.
    void release_once_waited_for(const HostCache& cache) {
        while (cache.waiting() == 0)
            std::this_thread::sleep_for(1ms);
        released = true;
    }
};

HostLookup found_at(std::string address) {
    HostLookup found;
    found.status = HostLookup::Status::found;
    found.addresses = {std::move(address)};
    return found;
}

TEST(HostCache, ANameIsAskedOnceAndItsAnswerServesEveryLaterLookupInAnyCase) {
    HostCache cache;
    int asked = 0;
    const auto ask = [&] {
        ++asked;
        return not_found();
    };
    const auto deadline = Clock::now() + 5s;
    EXPECT_EQ(cache.lookup("imap.example.com", deadline, ask).status,
              HostLookup::Status::not_found);
    EXPECT_EQ(cache.lookup("IMAP.Example.com", deadline, ask).error, "no such name (NXDOMAIN)");
    EXPECT_EQ(asked, 1);
    cache.lookup("mail.example.com", deadline, ask);
    EXPECT_EQ(asked, 2);
}

TEST(HostCache, ALookupOfANameInFlightWaitsForThatAnswer) {
    HostCache cache;
    std::atomic<int> asked = 0;
    HeldAnswer held;
    const auto slow = [&] {
        ++asked;
        held.hold();
        return found_at("192.0.2.1");
    };
    const auto deadline = Clock::now() + 5s;
    HostLookup first, second;
    std::thread a([&] { first = cache.lookup("mail.example.com", deadline, slow); });
    held.wait_until_started();
    std::thread b([&] { second = cache.lookup("MAIL.example.com", deadline, slow); });
    held.release_once_waited_for(cache);
    a.join();
    b.join();
    EXPECT_EQ(asked, 1);
    EXPECT_EQ(first.addresses, std::vector<std::string>{"192.0.2.1"});
    EXPECT_EQ(second.addresses, std::vector<std::string>{"192.0.2.1"});
}

TEST(HostCache, ATimedOutAnswerIsNotKept) {
    HostCache cache;
    int asked = 0;
    const auto times_out = [&] {
        ++asked;
        HostLookup answer;
        answer.error = "looking up example.com took too long";
        answer.timed_out = true;
        return answer;
    };
    cache.lookup("example.com", Clock::now() + 5s, times_out);
    cache.lookup("example.com", Clock::now() + 5s, times_out);
    EXPECT_EQ(asked, 2);
}

TEST(HostCache, AFailedAnswerIsNotKeptSoTheNextLookupAsksAgain) {
    HostCache cache;
    int asked = 0;
    const auto fails = [&] {
        ++asked;
        HostLookup answer;
        answer.status = HostLookup::Status::failed;
        answer.error = "the DNS server failed (SERVFAIL)";
        return answer;
    };
    EXPECT_EQ(cache.lookup("example.com", Clock::now() + 5s, fails).status,
              HostLookup::Status::failed);
    cache.lookup("example.com", Clock::now() + 5s, fails);
    EXPECT_EQ(asked, 2);
}

TEST(HostCache, AWaiterWithTimeLeftAsksAgainWhenTheAnswerInFlightTimedOut) {
    HostCache cache;
    HeldAnswer held;
    HostLookup owners;
    std::thread owner([&] {
        owners = cache.lookup("mail.example.com", Clock::now() + 5s, [&] {
            held.hold();
            HostLookup late;
            late.timed_out = true;
            late.error = "looking up mail.example.com took too long";
            return late;
        });
    });
    held.wait_until_started();
    HostLookup waiters;
    std::thread waiter([&] {
        waiters = cache.lookup("mail.example.com", Clock::now() + 5s,
                               [] { return found_at("192.0.2.7"); });
    });
    held.release_once_waited_for(cache);
    owner.join();
    waiter.join();
    EXPECT_TRUE(owners.timed_out);
    EXPECT_EQ(waiters.status, HostLookup::Status::found);
    EXPECT_EQ(waiters.addresses, std::vector<std::string>{"192.0.2.7"});
}

TEST(HostCache, ALookupThatThrowsLeavesNoEntryBehindForItsWaiters) {
    HostCache cache;
    HeldAnswer held;
    std::thread owner([&] {
        EXPECT_THROW(cache.lookup("mail.example.com", Clock::now() + 5s,
                                  [&]() -> HostLookup {
                                      held.hold();
                                      throw std::runtime_error("no descriptors left");
                                  }),
                     std::runtime_error);
    });
    held.wait_until_started();
    HostLookup waiters;
    std::thread waiter([&] {
        waiters = cache.lookup("mail.example.com", Clock::now() + 5s, [] { return not_found(); });
    });
    held.release_once_waited_for(cache);
    owner.join();
    waiter.join();
    EXPECT_EQ(waiters.status, HostLookup::Status::not_found);
    // A later lookup is served the waiter's answer instead of waiting behind the thrown one.
    EXPECT_EQ(
        cache.lookup("mail.example.com", Clock::now() + 10ms, [] { return HostLookup{}; }).status,
        HostLookup::Status::not_found);
}

TEST(HostCache, AWaiterWhoseDeadlinePassesGetsATimeoutOfItsOwn) {
    HostCache cache;
    HeldAnswer held;
    std::thread owner([&] {
        cache.lookup("slow.example.com", Clock::now() + 5s, [&] {
            held.hold();
            return not_found();
        });
    });
    held.wait_until_started();
    const HostLookup late =
        cache.lookup("slow.example.com", Clock::now() + 20ms, [] { return HostLookup{}; });
    held.released = true;
    owner.join();
    EXPECT_TRUE(late.timed_out);
    EXPECT_NE(late.error.find("took too long"), std::string::npos);
}

} // namespace
