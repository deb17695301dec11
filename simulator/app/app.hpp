// The simulated phone without a window: device state, flows, the screen stack and alerts, drawn
// once per frame into ImGui's background draw list. The windowed program (main.cpp), headless
// runs and tests all drive this class between ImGui::NewFrame() and ImGui::Render().
#pragma once

#include "../flows/add_account_flow.hpp"
#include "../flows/device_state.hpp"
#include "../flows/dns_check_flow.hpp"
#include "../flows/engine_services.hpp"
#include "../flows/ios_version.hpp"
#include "../flows/mail_flow.hpp"
#include "../flows/second_device.hpp"
#include "../flows/server_check_flow.hpp"
#include "../screens/laptop_view.hpp"
#include "../screens/navigator.hpp"
#include "../training/scenario_run.hpp"
#include "../ui/ui.hpp"
#include "desk_layout.hpp"
#include "maillab/lab/lab.hpp"

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace maillab::sim {

struct AppOptions {
    std::filesystem::path state_file; // empty: DeviceState::default_file()
    flows::EngineConfig engine;
    lab::Lab* lab = nullptr;         // the embedded lab provider, when running (not owned)
    std::filesystem::path lab_world; // its world file (users, passwords, messages)
    flows::IosVersion ios = flows::IosVersion::ios17;
    bool console = false;                // the trainer console takes the right of the window
    std::filesystem::path scenarios_dir; // the console's scenarios (empty: the default)
};

// An alert in the middle of the screen, or an action sheet from the bottom (its last button is
// the Cancel button, which tapping outside also presses).
enum class AlertKind { alert, action_sheet };
std::string_view to_string(AlertKind kind);

struct AlertRequest {
    std::string title;
    std::string message;
    std::vector<std::string> buttons;
    std::vector<ui::AlertButtonStyle> styles;
    std::function<void(App&, const std::string&)> on_press;
    AlertKind kind = AlertKind::alert;
};

// What the person did, for the session report: taps by label, typing by field and length only
// (never the characters: they may be a password).
struct UserAction {
    std::chrono::steady_clock::time_point time;
    std::string what; // "tap “Next”", "typed 13 characters into Password"
};

struct AlertRecord {
    std::string title;
    std::string message;
    std::string pressed; // empty while shown
    AlertKind kind = AlertKind::alert;
};

class TrainerConsole;

class App {
  public:
    explicit App(AppOptions options, std::unique_ptr<flows::EngineServices> engine = nullptr);
    ~App();
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    void set_fonts(const ui::FontSet* fonts) { fonts_ = fonts; }
    // Called from worker threads when engine work finishes (wakes a waiting event loop).
    void set_wake(std::function<void()> wake) { wake_ = std::move(wake); }

    // One frame, between ImGui::NewFrame() and ImGui::Render(). `now` in seconds.
    void frame(double now, float dt);
    // What the window shows beside the phone, and where each part went in the last frame.
    DeskParts desk_parts() const;
    const DeskLayout& layout() const { return layout_; }
    // The trainer console (null when not shown): drawn by frame() in layout().console.
    TrainerConsole* console() { return console_.get(); }
    // Whether the last frame kept the layout of the one before (the targets' places are current).
    bool layout_steady() const { return layout_steady_; }
    // Whether the next frame should come at once (animation, pressed state, engine work).
    bool wants_frames() const;
    // Seconds until something changes on its own (caret blink, spinner), or < 0 for never.
    double wake_in() const { return ui_.wake_in(); }
    bool engine_busy() const {
        return add_account_.busy() || server_check_.busy() || mail_.busy() || dns_check_.busy() ||
               (second_device_ && second_device_->checking());
    }

    Navigator& nav() { return nav_; }
    const Navigator& nav() const { return nav_; }
    flows::DeviceState& device() { return device_; }
    const flows::DeviceState& device() const { return device_; }
    flows::AddAccountFlow& add_account() { return add_account_; }
    const flows::AddAccountFlow& add_account() const { return add_account_; }
    flows::ServerCheckFlow& server_check() { return server_check_; }
    // The DNS checks of `maillab dns` for the trainer console and the dns-check script line
    // (polled every frame).
    flows::DnsCheckFlow& dns_check() { return dns_check_; }
    const flows::DnsCheckFlow& dns_check() const { return dns_check_; }
    lab::Lab* lab() const { return options_.lab; }
    const std::filesystem::path& lab_world() const { return options_.lab_world; }
    flows::IosVersion ios() const { return options_.ios; }
    // Another iOS: the phone goes back to its home screen (the Settings paths differ).
    void set_ios(flows::IosVersion version);
    // A training scenario played on this phone (null when none); begin() puts the phone and
    // the lab in its starting state.
    std::string begin_scenario(training::Scenario scenario);
    const training::ScenarioRun* scenario() const { return scenario_.get(); }
    // The engine the phone's flows use (the trainer console's diagnosis uses it too).
    flows::EngineServices& engine() { return *engine_; }
    // Asks the event loop for a frame (any thread).
    void wake() const {
        if (wake_)
            wake_();
    }
    flows::MailFlow& mail() { return mail_; }
    const flows::MailFlow& mail() const { return mail_; }
    // The owner's second device beside the phone (a scenario's laptop), or null. Adding one
    // replaces the one before; the window makes room for it.
    flows::SecondDevice* second_device() { return second_device_.get(); }
    const flows::SecondDevice* second_device() const { return second_device_.get(); }
    flows::SecondDevice& add_second_device(flows::SecondDeviceSetup setup);
    void remove_second_device();
    ui::Ui& ui() { return ui_; }
    const ui::Ui& ui() const { return ui_; }

    void alert(AlertRequest request);
    void action_sheet(AlertRequest request);
    const std::optional<AlertRequest>& current_alert() const { return alert_; }
    const std::vector<AlertRecord>& alerts_shown() const { return alerts_shown_; }
    const std::vector<UserAction>& actions() const { return actions_; }
    // Saves the device (on failure tells the user) and lets the Mail app follow the change.
    void save_device();
    void go_home();
    void escape();
    const std::vector<std::string>& warnings() const { return warnings_; }
    void warn(std::string message);

    std::string dump_state_json() const;

  private:
    void remember(UserAction action);
    void record_typing(const ImGuiIO& io);
    void retire_second_device();

    AppOptions options_;
    std::string startup_warning_;
    std::unique_ptr<flows::EngineServices> engine_;
    std::function<void()> wake_;
    const ui::FontSet* fonts_ = nullptr;
    flows::DeviceState device_;
    flows::AddAccountFlow add_account_;
    flows::ServerCheckFlow server_check_;
    flows::MailFlow mail_;
    flows::DnsCheckFlow dns_check_;
    Navigator nav_;
    ui::Ui ui_;
    std::optional<AlertRequest> alert_;
    double alert_shown_at_ = 0;
    bool escape_pressed_ = false; // Escape cancels an action sheet on the next frame
    std::vector<AlertRecord> alerts_shown_;
    std::unique_ptr<training::ScenarioRun> scenario_;
    std::unique_ptr<flows::SecondDevice> second_device_;
    // Replaced ones whose engine work has not ended yet (destroyed once it has).
    std::vector<std::unique_ptr<flows::SecondDevice>> retired_devices_;
    LaptopView laptop_view_;
    std::vector<UserAction> actions_;
    std::vector<std::string> warnings_;
    double now_ = 0;
    bool pressed_ = false;
    DeskLayout layout_;
    std::unique_ptr<TrainerConsole> console_;
    bool layout_steady_ = false;
};

} // namespace maillab::sim
