// The trainer console beside the phone: pick and restart a scenario, watch its steps tick as the
// trainee works, turn the lab provider's knobs (passwords, SMTP AUTH, certificate, ports, delay,
// any `lab ...` line), read the lab servers' protocol log (credentials hidden by the lab) and
// ask the engine for a diagnosis of the phone's account. Drawn with plain ImGui widgets: it is
// the trainer's desktop tool, not part of the phone.
#pragma once

#include "../flows/job.hpp"
#include "../training/scenario.hpp"
#include "../ui/fonts.hpp"
#include "../ui/ui.hpp"
#include "maillab/lab/lab.hpp"
#include "maillab/verify/verify.hpp"

#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace maillab::sim {

class App;

// "14:02:11", local time: how the console shows when something happened.
std::string clock_time(std::chrono::system_clock::time_point when);

// The engine's verdict on one of the phone's accounts, in the trainer's words.
struct ConsoleDiagnosis {
    std::string account;
    VerifyReport report;
    std::chrono::system_clock::time_point when;
};

class TrainerConsole {
  public:
    // Scenarios come from `scenarios_dir` (loaded now; a bad file is shown, not fatal).
    explicit TrainerConsole(const std::filesystem::path& scenarios_dir);
    ~TrainerConsole();
    TrainerConsole(const TrainerConsole&) = delete;
    TrainerConsole& operator=(const TrainerConsole&) = delete;

    // Draws into `area` (pixels) in the current ImGui frame, after App::frame().
    void draw(App& app, ui::Rect area, const ui::FontSet& fonts);

    // What the buttons do (the drawing calls these; tests call them directly). Each returns
    // an empty string when done, else the problem (also shown in the console).
    const std::vector<training::Scenario>& scenarios() const { return scenarios_; }
    const std::string& scenarios_error() const { return scenarios_error_; }
    std::string start_scenario(App& app, const std::string& id);
    // The current scenario from its starting state again; without one, the lab's defaults.
    std::string reset(App& app);
    // A `lab ...` admin line (without "lab "), as in --play scripts and scenario files.
    std::string lab_line(App& app, const std::string& line);
    // Verifies the phone's account (logs in to both servers like the phone would, on a worker).
    std::string diagnose(App& app, const std::string& address);
    bool diagnosing() const { return diagnosis_job_.running(); }
    const std::optional<ConsoleDiagnosis>& diagnosis() const { return diagnosis_; }
    // The tab shown next ("Lab", "Diagnosis", "DNS", "Protocol log", "Events"); false when none
    // such.
    bool show_tab(const std::string& name);
    // A `console ...` script line's words: tab NAME | start ID | reset | diagnose ADDRESS |
    // dns-check DOMAIN.
    static std::string check_script_words(const std::vector<std::string>& words);
    std::string script_line(App& app, const std::vector<std::string>& words);
    // Takes in new protocol log lines and a finished diagnosis; called by draw() every frame.
    void poll(App& app);
    const std::deque<lab::LabLogLine>& log() const { return log_; }
    const std::deque<lab::LabEvent>& events() const { return events_; }
    // What the trainer did, newest last ("14:02:11 password of alex@… changed").
    const std::vector<std::string>& trainer_actions() const { return trainer_actions_; }

  private:
    void note(std::string what);
    // The lab's defaults, and the console's knobs following them.
    void restore_lab_defaults(lab::Lab& lab);
    void draw_scenario(App& app);
    void draw_checklist(App& app);
    void draw_lab(App& app);
    void draw_diagnosis(App& app);
    void draw_dns(App& app);
    void draw_log();
    void draw_events(App& app);

    std::vector<training::Scenario> scenarios_;
    std::string scenarios_error_;
    int chosen_ = 0;         // in the picker
    std::string picked_for_; // the running scenario the picker last followed
    std::string tab_request_;
    std::string debrief_; // cached while the Debrief section is open
    const void* debrief_for_ = nullptr;
    std::chrono::steady_clock::time_point debrief_at_{};
    std::string message_; // the last problem, shown at the top
    std::vector<std::string> trainer_actions_;

    std::deque<lab::LabLogLine> log_;
    std::uint64_t log_read_up_to_ = 0;
    std::deque<lab::LabEvent> events_;
    std::uint64_t events_read_up_to_ = 0;
    bool log_follow_ = true;
    char log_filter_[64] = {};

    flows::Job<ConsoleDiagnosis> diagnosis_job_;
    std::optional<ConsoleDiagnosis> diagnosis_;

    char new_password_[128] = {};
    int password_user_ = 0;
    int delay_ms_ = 0;
    char lab_line_[256] = {};
    char mx_host_[128] = {};
    char deliver_subject_[128] = "A message from outside";
    char dns_domain_[128] = {};
    std::chrono::steady_clock::time_point ports_read_at_{};
    std::vector<bool> ports_open_;
};

} // namespace maillab::sim
