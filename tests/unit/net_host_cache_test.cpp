// Host name answers shared by the lookups of one task (discovery's guessing probes).
#include "net/host_cache.hpp"

#include <atomic>
#include <chrono>
#include <gtest/gtest.h>
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
    std::atomic<bool> release = false;
    const auto slow = [&] {
        ++asked;
        while (!release)
            std::this_thread::sleep_for(1ms);
        HostLookup answer;
        answer.status = HostLookup::Status::found;
        answer.addresses = {"192.0.2.1"};
        return answer;
    };
    const auto deadline = Clock::now() + 5s;
    HostLookup first, second;
    std::thread a([&] { first = cache.lookup("mail.example.com", deadline, slow); });
    while (asked == 0)
        std::this_thread::sleep_for(1ms);
    std::thread b([&] { second = cache.lookup("mail.example.com", deadline, slow); });
    std::this_thread::sleep_for(20ms);
    release = true;
    a.join();
    b.join();
    EXPECT_EQ(asked, 1);
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

TEST(HostCache, AWaiterWhoseDeadlinePassesGetsATimeoutOfItsOwn) {
    HostCache cache;
    std::atomic<bool> started = false, release = false;
    std::thread owner([&] {
        cache.lookup("slow.example.com", Clock::now() + 5s, [&] {
            started = true;
            while (!release)
                std::this_thread::sleep_for(1ms);
            return not_found();
        });
    });
    while (!started)
        std::this_thread::sleep_for(1ms);
    const HostLookup late =
        cache.lookup("slow.example.com", Clock::now() + 20ms, [] { return HostLookup{}; });
    release = true;
    owner.join();
    EXPECT_TRUE(late.timed_out);
    EXPECT_NE(late.error.find("took too long"), std::string::npos);
}

} // namespace
