// The trainer console's actions and bookkeeping (its drawing is in trainer_console_draw.cpp).
#include "trainer_console.hpp"

#include "../app/app.hpp"
#include "../app/lab_script.hpp"

#include <algorithm>
#include <ctime>

namespace maillab::sim {
namespace {

constexpr std::size_t max_log_lines = 3000;

} // namespace

std::string clock_time(std::chrono::system_clock::time_point when) {
    const std::time_t t = std::chrono::system_clock::to_time_t(when);
    std::tm local{};
    localtime_r(&t, &local);
    char text[16];
    std::strftime(text, sizeof text, "%H:%M:%S", &local);
    return text;
}

TrainerConsole::TrainerConsole(const std::filesystem::path& scenarios_dir) {
    if (scenarios_dir.empty()) {
        scenarios_error_ = "no scenarios found (assets/scenarios)";
        return;
    }
    auto all = training::load_scenarios(scenarios_dir);
    if (all)
        scenarios_ = std::move(*all);
    else
        scenarios_error_ = all.error().message;
}

TrainerConsole::~TrainerConsole() {
    diagnosis_job_.wait_all();
}

void TrainerConsole::note(std::string what) {
    constexpr std::size_t max_actions = 200;
    if (trainer_actions_.size() >= max_actions)
        trainer_actions_.erase(trainer_actions_.begin());
    trainer_actions_.push_back(clock_time(std::chrono::system_clock::now()) + "  " +
                               std::move(what));
}

std::string TrainerConsole::start_scenario(App& app, const std::string& id) {
    auto it = std::find_if(scenarios_.begin(), scenarios_.end(),
                           [&](const training::Scenario& s) { return s.id == id; });
    if (it == scenarios_.end())
        return message_ = "no scenario " + id;
    chosen_ = static_cast<int>(it - scenarios_.begin());
    app.go_home();
    if (auto error = app.begin_scenario(*it); !error.empty())
        return message_ = "scenario " + id + ": " + error;
    diagnosis_.reset();
    delay_ms_ = 0; // the scenario began from the lab's defaults (and its own before: lines)
    note("started " + id);
    return message_ = {};
}

std::string TrainerConsole::reset(App& app) {
    if (app.scenario()) {
        const std::string id = app.scenario()->scenario().id; // the run is replaced
        return start_scenario(app, id);
    }
    if (!app.lab())
        return message_ = "no lab provider";
    restore_lab_defaults(*app.lab());
    app.go_home();
    return message_ = {};
}

void TrainerConsole::restore_lab_defaults(lab::Lab& lab) {
    lab.restore_defaults();
    delay_ms_ = 0;
    ports_read_at_ = {}; // read the ports again
    note("lab back to its defaults");
}

std::string TrainerConsole::lab_line(App& app, const std::string& line) {
    if (!app.lab())
        return message_ = "no lab provider";
    auto action = parse_lab_action(trimmed(line));
    if (!action)
        return message_ = "lab " + trimmed(line) + ": " + action.error().message;
    if (auto error = apply_lab_action(*app.lab(), *action); !error.empty())
        return message_ = "lab: " + error;
    // A password is never kept in the console's history.
    note(action->kind == LabAction::Kind::password ? "password of " + action->address + " changed"
                                                   : "lab " + trimmed(line));
    ports_read_at_ = {}; // read the ports again
    return message_ = {};
}

std::string TrainerConsole::diagnose(App& app, const std::string& address) {
    const auto& accounts = app.device().device().accounts;
    auto it = std::find_if(accounts.begin(), accounts.end(),
                           [&](const Account& a) { return a.email == address; });
    if (it == accounts.end())
        return message_ = "the phone has no account " + address;
    if (diagnosis_job_.running())
        return message_ = "a diagnosis is running";
    diagnosis_job_.start(
        [&engine = app.engine(), account = *it, trust = app.device().trust()] {
            return ConsoleDiagnosis{account.email, engine.verify(account, trust),
                                    std::chrono::system_clock::now()};
        },
        [&app] { app.wake(); });
    note("diagnosis of " + address);
    return message_ = {};
}

namespace {
const std::vector<std::string> tab_names{"Lab", "Diagnosis", "DNS", "Protocol log", "Events"};
}

bool TrainerConsole::show_tab(const std::string& name) {
    if (std::find(tab_names.begin(), tab_names.end(), name) == tab_names.end())
        return false;
    tab_request_ = name;
    return true;
}

std::string TrainerConsole::check_script_words(const std::vector<std::string>& words) {
    if (words.size() == 1 && words[0] == "reset")
        return {};
    if (words.size() == 2 && words[0] == "tab") {
        if (std::find(tab_names.begin(), tab_names.end(), words[1]) == tab_names.end())
            return "tab: one of \"Lab\", \"Diagnosis\", \"DNS\", \"Protocol log\", \"Events\"";
        return {};
    }
    if (words.size() == 2 &&
        (words[0] == "start" || words[0] == "diagnose" || words[0] == "dns-check"))
        return {};
    return "one of: tab \"NAME\", start ID, reset, diagnose \"ADDRESS\", dns-check DOMAIN";
}

std::string TrainerConsole::script_line(App& app, const std::vector<std::string>& words) {
    if (auto problem = check_script_words(words); !problem.empty())
        return problem;
    if (words[0] == "reset")
        return reset(app);
    if (words[0] == "tab")
        return show_tab(words[1]) ? std::string() : "no tab " + words[1];
    if (words[0] == "start")
        return start_scenario(app, words[1]);
    if (words[0] == "dns-check") {
        show_tab("DNS");
        app.dns_check().start(words[1]);
        note("DNS check of " + words[1]);
        return app.dns_check().error();
    }
    show_tab("Diagnosis");
    return diagnose(app, words[1]);
}

void TrainerConsole::poll(App& app) {
    std::string error;
    if (auto done = diagnosis_job_.take(&error))
        diagnosis_ = std::move(*done);
    else if (!error.empty())
        message_ = "diagnosis: " + error;
    if (!app.lab())
        return;
    for (auto& line : app.lab()->protocol_log(log_read_up_to_)) {
        log_read_up_to_ = line.sequence;
        log_.push_back(std::move(line));
    }
    while (log_.size() > max_log_lines)
        log_.pop_front();
    for (auto& event : app.lab()->events(events_read_up_to_)) {
        events_read_up_to_ = event.sequence;
        events_.push_back(std::move(event));
    }
    while (events_.size() > max_log_lines)
        events_.pop_front();
}

} // namespace maillab::sim
