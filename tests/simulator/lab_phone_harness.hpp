// The simulated phone on its embedded lab provider with the real engine: headless ImGui frames
// and scripted input, real discovery, real IMAP/POP3/SMTP against the lab on 127.0.0.1.
#pragma once

#include "app/app.hpp"
#include "app/headless.hpp"
#include "app/script.hpp"
#include "flows/embedded_lab.hpp"

#include <filesystem>
#include <gtest/gtest.h>
#include <random>
#include <string>
#include <thread>

namespace maillab::sim::test {

class LabPhoneTest : public ::testing::Test {
  protected:
    void SetUp() override {
        std::random_device rd;
        dir_ = std::filesystem::temp_directory_path() /
               ("maillab-lab-phone-" + std::to_string(rd()) + "-" + std::to_string(rd()));
        std::filesystem::create_directories(dir_);
        flows::EmbeddedLabOptions options;
        options.state_dir = dir_ / "lab";
        options.world_file = MAILLAB_LAB_WORLD;
        auto started = flows::EmbeddedLab::start(options);
        ASSERT_TRUE(started) << started.error().message;
        lab_ = std::move(*started);
        session_ = std::make_unique<HeadlessSession>(desk_size({false, with_console_}));
        AppOptions app_options;
        app_options.console = with_console_;
        app_options.scenarios_dir = MAILLAB_SCENARIOS_DIR;
        app_options.state_file = dir_ / "device.json";
        app_options.engine.zone = lab_->zone();
        app_options.engine.zone_source = [lab = lab_.get()] { return lab->zone(); };
        app_options.engine.ca_file = lab_->addresses().ca_file.string();
        app_options.lab = &lab_->lab();
        app_options.lab_world = lab_->world_file();
        app_ = std::make_unique<App>(app_options);
        app_->set_fonts(&session_->fonts());
        session_->frame(*app_);
    }
    void TearDown() override {
        app_.reset();
        session_.reset();
        if (lab_)
            lab_->lab().stop();
        lab_.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    // Plays script lines in real time (the engine works on its threads meanwhile); returns the
    // player's error, empty when every line passed.
    std::string play(const std::string& script) {
        auto commands = parse_script(script);
        if (!commands)
            return commands.error().message;
        ScriptPlayer player(std::move(*commands), std::chrono::seconds(20));
        for (int i = 0; i < 200000 && !player.done(); ++i) {
            session_->frame(*app_, &player);
            std::this_thread::sleep_for(std::chrono::milliseconds(app_->engine_busy() ? 2 : 0));
        }
        for (int i = 0; i < 2; ++i)
            session_->frame(*app_);
        return player.done() ? player.error() : "script did not finish";
    }

    bool lab_event(lab::EventKind kind, const std::string& user) const {
        for (const auto& e : lab_->lab().events())
            if (e.kind == kind && e.user == user)
                return true;
        return false;
    }

    bool with_console_ = false; // set in a fixture's constructor: the trainer console too
    std::filesystem::path dir_;
    std::unique_ptr<flows::EmbeddedLab> lab_;
    std::unique_ptr<HeadlessSession> session_;
    std::unique_ptr<App> app_;
};

inline const std::string lab_alex = "alex@lab.maillab.test";
inline const std::string lab_alex_password = "Lab-Alex-2026";

inline std::string add_lab_account_script(const std::string& email, const std::string& password) {
    return "tap \"Settings\"\nwait-screen settings\ntap \"Mail\"\nwait-screen mail\n"
           "tap \"Accounts\"\nwait-screen accounts\ntap \"Add Account\"\nwait-screen add-account\n"
           "tap \"Other\"\nwait-screen other\ntap \"Add Mail Account\"\nwait-screen new-account\n"
           "type \"Lab Trainee\"\nkey Tab\ntype \"" +
           email + "\"\nkey Tab\ntype \"" + password + "\"\ntap \"Next\"\n";
}

} // namespace maillab::sim::test
