// Drives the simulated phone headless: an ImGui context without GL, an App with a scripted
// engine, and the --play script language for input. No network, no window.
#pragma once

#include "app/app.hpp"
#include "app/headless.hpp"
#include "app/script.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <random>
#include <thread>

namespace maillab::sim::test {

// Answers the engine's questions from the test, at once (on the worker thread).
class FakeEngine final : public flows::EngineServices {
  public:
    std::function<Result<autoconfig::DiscoveryResult>(const std::string&)> on_discover =
        [](const std::string&) { return Result<autoconfig::DiscoveryResult>(autoconfig::DiscoveryResult{}); };
    std::function<VerifyReport(const Account&)> on_verify = [](const Account& a) {
        VerifyReport r;
        r.incoming.outcome = Outcome::ok;
        r.incoming.host = a.incoming.server.host;
        r.outgoing.outcome = Outcome::ok;
        r.outgoing.role = ServerRole::smtp;
        r.outgoing.host = a.primary_smtp.server.host;
        return r;
    };
    std::function<CheckResult(const ServerSettings&)> on_check_smtp = [](const ServerSettings& s) {
        CheckResult c;
        c.role = ServerRole::smtp;
        c.host = s.host;
        c.outcome = Outcome::ok;
        return c;
    };

    std::atomic<int> discoveries{0}, verifications{0}, smtp_checks{0};
    std::mutex mutex;
    std::vector<Account> verified;        // what verification was asked to check
    std::vector<ServerSettings> checked;  // what check_smtp was asked to check

    Result<autoconfig::DiscoveryResult> discover(const std::string& email, const std::string&) override {
        ++discoveries;
        return on_discover(email);
    }
    VerifyReport verify(const Account& account, const std::vector<TrustException>&) override {
        {
            std::lock_guard lock(mutex);
            verified.push_back(account);
        }
        ++verifications;
        return on_verify(account);
    }
    CheckResult check_incoming(const IncomingServer& server, const std::vector<TrustException>&) override {
        CheckResult c;
        c.host = server.server.host;
        c.outcome = Outcome::ok;
        return c;
    }
    CheckResult check_smtp(const ServerSettings& server, const std::string&,
                           const std::vector<TrustException>&) override {
        {
            std::lock_guard lock(mutex);
            checked.push_back(server);
        }
        ++smtp_checks;
        return on_check_smtp(server);
    }
    // The Mail app: a fake mailbox per incoming user name, and what was sent.
    std::function<FetchResult(const IncomingServer&, const FetchRequest&)> on_fetch =
        [](const IncomingServer& s, const FetchRequest&) {
            FetchResult r;
            r.check.host = s.server.host;
            r.check.outcome = Outcome::ok;
            return r;
        };
    std::function<CheckResult(const ServerSettings&, const OutgoingMessage&)> on_send =
        [](const ServerSettings& s, const OutgoingMessage&) {
            CheckResult c;
            c.role = ServerRole::smtp;
            c.host = s.host;
            c.outcome = Outcome::ok;
            return c;
        };
    std::atomic<int> fetches{0}, sends{0};
    std::vector<OutgoingMessage> sent; // guarded by mutex

    FetchResult fetch(const IncomingServer& server, const FetchRequest& request,
                      const std::vector<TrustException>&) override {
        ++fetches;
        return on_fetch(server, request);
    }
    CheckResult send(const ServerSettings& smtp, const OutgoingMessage& message,
                     const std::vector<TrustException>&) override {
        {
            std::lock_guard lock(mutex);
            sent.push_back(message);
        }
        ++sends;
        return on_send(smtp, message);
    }
};

class SimTest : public ::testing::Test {
  protected:
    void SetUp() override {
        std::random_device rd;
        dir_ = std::filesystem::temp_directory_path() /
               ("maillab-sim-test-" + std::to_string(rd()) + "-" + std::to_string(rd()));
        std::filesystem::create_directories(dir_);
        state_file_ = dir_ / "device.json";
    }
    void TearDown() override {
        app_.reset();
        session_.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    // Starts the phone; `device_json` (the store's format) is written to the state file first.
    void start(const std::string& device_json = {}) {
        if (!device_json.empty()) {
            std::ofstream(state_file_) << device_json;
            std::filesystem::permissions(state_file_, std::filesystem::perms::owner_read |
                                                          std::filesystem::perms::owner_write);
        }
        session_ = std::make_unique<HeadlessSession>();
        auto engine = std::make_unique<FakeEngine>();
        engine_ = engine.get();
        AppOptions options;
        options.state_file = state_file_;
        app_ = std::make_unique<App>(options, std::move(engine));
        app_->set_fonts(&session_->fonts());
        frames(2);
    }

    void frames(int n) {
        for (int i = 0; i < n; ++i)
            session_->frame(*app_);
    }

    // Plays script lines; returns the player's error (empty when every line passed).
    std::string play(const std::string& script) {
        auto commands = parse_script(script);
        if (!commands)
            return commands.error().message;
        ScriptPlayer player(std::move(*commands), std::chrono::seconds(10));
        for (int i = 0; i < 100000 && !player.done(); ++i) {
            session_->frame(*app_, &player);
            if (app_->engine_busy())
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        frames(2);
        return player.done() ? player.error() : "script did not finish";
    }

    std::vector<std::string> stack() const { return app_->nav().stack_ids(); }

    const ui::Target* target(const std::string& id) const {
        for (const auto& t : app_->ui().targets())
            if (t.id == id || t.label == id)
                return &t;
        return nullptr;
    }

    std::string read_state_file() const {
        std::ifstream in(state_file_);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }

    std::filesystem::path dir_, state_file_;
    std::unique_ptr<HeadlessSession> session_;
    std::unique_ptr<App> app_;
    FakeEngine* engine_ = nullptr;
};

inline std::string fixture_device() {
    std::ifstream in(std::string(MAILLAB_SIM_TEST_DATA) + "/device.json");
    return std::string(std::istreambuf_iterator<char>(in), {});
}

inline const char* to_new_account =
    "tap \"Settings\"\nwait-screen settings\ntap \"Mail\"\nwait-screen mail\n"
    "tap \"Accounts\"\nwait-screen accounts\ntap \"Add Account\"\nwait-screen add-account\n"
    "tap \"Other\"\nwait-screen other\ntap \"Add Mail Account\"\nwait-screen new-account\n";

} // namespace maillab::sim::test
