// Settings survive crashes: a child process saves the device in a loop and is killed with
// SIGKILL at a random moment, 200 times; the store always loads, and holds the last save the
// child finished or the one it was writing, never a partial file.
#include "maillab/store/account_store.hpp"

#include <csignal>
#include <cstdint>
#include <fcntl.h>
#include <filesystem>
#include <gtest/gtest.h>
#include <iostream>
#include <random>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace maillab {
namespace {

namespace fs = std::filesystem;

// Save number n: one account on odd saves, two on even ones, n in the description.
Device device_for(std::uint64_t n) {
    Device device;
    for (std::uint64_t i = 0; i < 1 + (n % 2 == 0 ? 1 : 0); ++i) {
        Account account;
        account.name = "Save " + std::to_string(n);
        account.email = "user" + std::to_string(i) + "@example.com";
        account.description = "save " + std::to_string(n) + " account " + std::to_string(i);
        account.incoming.server = {"imap.example.com", 993,
                                   Security::tls,      AuthMethod::password,
                                   account.email,      "crash-test-" + std::to_string(n)};
        account.primary_smtp.server = {"smtp.example.com", 465,
                                       Security::tls,      AuthMethod::password,
                                       account.email,      "crash-test-" + std::to_string(n)};
        device.accounts.push_back(account);
    }
    return device;
}

// The save number a loaded device holds (0 for the empty device before any save).
std::optional<std::uint64_t> save_number(const Device& device) {
    if (device.accounts.empty())
        return 0;
    const std::string& name = device.accounts.front().name;
    if (name.rfind("Save ", 0) != 0)
        return std::nullopt;
    const std::uint64_t n = std::stoull(name.substr(5));
    if (device != device_for(n))
        return std::nullopt;
    return n;
}

// Marks the child ready to save on the report pipe (save numbers start at 1,000,000).
constexpr std::uint64_t ready_marker = 0;

// Saves first, first+1, ... for ever, writing each number to `report` once its save returned
// (after the ready marker: a sanitizer build's fork costs more than the pauses below).
[[noreturn]] void save_forever(const fs::path& file, std::uint64_t first, int report) {
    AccountStore store(file);
    if (::write(report, &ready_marker, sizeof ready_marker) != sizeof ready_marker)
        ::_exit(4);
    for (std::uint64_t n = first;; ++n) {
        if (!store.save(device_for(n)))
            ::_exit(3);
        if (::write(report, &n, sizeof n) != sizeof n)
            ::_exit(4);
    }
}

// A child saving for ever (save_forever), ready to save: its pid and its report pipe's read end.
struct SavingChild {
    pid_t pid = -1;
    int reports = -1;
};

// Forks the child and waits for its ready marker; pid -1 when that failed.
SavingChild start_saving(const fs::path& file, std::uint64_t first) {
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0)
        return {};
    const pid_t child = ::fork();
    if (child == 0) {
        ::close(pipe_fds[0]);
        save_forever(file, first, pipe_fds[1]);
    }
    ::close(pipe_fds[1]);
    std::uint64_t ready = 1;
    if (child > 0 && ::read(pipe_fds[0], &ready, sizeof ready) == sizeof ready &&
        ready == ready_marker)
        return {child, pipe_fds[0]};
    if (child > 0) {
        ::kill(child, SIGKILL);
        ::waitpid(child, nullptr, 0);
    }
    ::close(pipe_fds[0]);
    return {};
}

// How long a saving child takes from ready to its first save.
std::chrono::microseconds time_one_save(const fs::path& file) {
    const SavingChild child = start_saving(file, 1'000'000);
    if (child.pid < 0)
        return std::chrono::microseconds(0);
    const auto ready_at = std::chrono::steady_clock::now();
    std::uint64_t n = 0;
    std::chrono::microseconds took{0};
    if (::read(child.reports, &n, sizeof n) == sizeof n)
        took = std::chrono::duration_cast<std::chrono::microseconds>(
            std::chrono::steady_clock::now() - ready_at);
    ::kill(child.pid, SIGKILL);
    ::waitpid(child.pid, nullptr, 0);
    ::close(child.reports);
    return took;
}

TEST(StoreCrash, SigkillAtRandomMomentsWhileSavingNeverLeavesAPartialOrUnreadableStore) {
    const fs::path dir =
        fs::temp_directory_path() / ("maillab-crash-test-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path file = dir / "accounts.json";
    std::mt19937 random(20240601); // fixed seed: the same moments every run
    // The moments spread over about ten saves, however long a save takes here (fsync on this
    // disk, a sanitizer build).
    const auto one_save = time_one_save(dir / "calibration.json");
    std::cout << "one save takes " << one_save.count() << " us here\n";
    std::uniform_int_distribution<long> pause_us(
        0, std::max<long>(20'000, 10 * static_cast<long>(one_save.count())));

    std::uint64_t on_disk = 0; // the save number the store held after the previous kill
    int kills_with_saves = 0;
    for (int round = 0; round < 200; ++round) {
        const std::uint64_t first = (static_cast<std::uint64_t>(round) + 1) * 1'000'000;
        const SavingChild child = start_saving(file, first);
        ASSERT_GE(child.pid, 0) << "round " << round << ": the saving child did not start";
        std::this_thread::sleep_for(std::chrono::microseconds(pause_us(random)));
        ::kill(child.pid, SIGKILL);
        int status = 0;
        ASSERT_EQ(::waitpid(child.pid, &status, 0), child.pid);
        ASSERT_TRUE(WIFSIGNALED(status)) << "the saving child failed on its own in round " << round
                                         << " (exit " << WEXITSTATUS(status) << ")";
        std::optional<std::uint64_t> last_reported;
        std::uint64_t n = 0;
        while (::read(child.reports, &n, sizeof n) == sizeof n)
            last_reported = n;
        ::close(child.reports);

        AccountStore store(file);
        auto loaded = store.load();
        ASSERT_TRUE(loaded) << "round " << round << ": " << loaded.error().message;
        auto held = save_number(*loaded);
        ASSERT_TRUE(held) << "round " << round << ": the store holds a device no save wrote";
        // The last save the child finished, or the next one when the kill came after its rename.
        const std::uint64_t complete = last_reported ? *last_reported : on_disk;
        const std::uint64_t in_progress = last_reported ? *last_reported + 1 : first;
        EXPECT_TRUE(*held == complete || *held == in_progress)
            << "round " << round << ": holds save " << *held << ", expected " << complete << " or "
            << in_progress;
        if (last_reported)
            ++kills_with_saves;
        on_disk = *held;
    }
    // The random moments must really fall in the middle of saving, not only before the first.
    EXPECT_GT(kills_with_saves, 50);
    std::error_code ignored;
    fs::remove_all(dir, ignored);
}

} // namespace
} // namespace maillab
