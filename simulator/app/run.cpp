#include "run.hpp"

#include "../training/scenario.hpp"
#include "../training/session_report.hpp"
#include "app.hpp"
#include "frame_timing.hpp"
#include "headless.hpp"

#include <chrono>
#include <csignal>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <thread>

namespace maillab::sim {
namespace {

bool write_text(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    return static_cast<bool>(out.flush());
}

flows::EmbeddedLabOptions lab_options(const Options& o) {
    flows::EmbeddedLabOptions options;
    if (o.lab_state)
        options.state_dir = *o.lab_state;
    if (o.lab_world)
        options.world_file = *o.lab_world;
    return options;
}

} // namespace

std::unique_ptr<flows::EmbeddedLab> start_lab(const Options& o) {
    if (o.no_lab)
        return nullptr;
    auto lab = flows::EmbeddedLab::start(lab_options(o));
    if (!lab) {
        std::cerr << "maillab-sim: " << lab.error().message
                  << " (going on without it: real DNS and servers only)\n";
        return nullptr;
    }
    if (!o.headless && !o.screenshot) // for a person at a terminal next to the window
        std::cout << "maillab-sim: the lab's DNS server is " << (*lab)->addresses().dns_server
                  << " (maillab dns " << (*lab)->addresses().domain << " --resolver "
                  << (*lab)->addresses().dns_server << ")" << std::endl;
    return std::move(*lab);
}

AppOptions app_options(const Options& o, flows::EmbeddedLab* lab) {
    AppOptions a;
    if (o.state)
        a.state_file = *o.state;
    else if (o.scenario) // a scenario replaces the phone's accounts: never the trainee's own file
        a.state_file = flows::default_lab_state_dir().parent_path() / "scenario-device.json";
    a.engine.resolver = o.resolver;
    a.engine.ca_file = o.ca_file;
    if (o.ios)
        a.ios = *flows::parse_ios_version(*o.ios);
    a.console = !o.no_console && !o.headless && lab != nullptr;
    if (o.scenarios_dir)
        a.scenarios_dir = *o.scenarios_dir;
    if (lab) {
        a.lab = &lab->lab();
        a.lab_world = lab->world_file();
        a.engine.zone = lab->zone();
        a.engine.zone_source = [lab] { return lab->zone(); };
        const auto lab_ca = lab->addresses().ca_file;
        a.engine.ca_file = lab_ca.string();
        if (o.ca_file) {
            auto both = flows::combine_ca_files(*o.ca_file, lab_ca, lab_ca.parent_path());
            if (both)
                a.engine.ca_file = both->string();
            else
                std::cerr << "maillab-sim: --ca-file: " << both.error().message << "\n";
        }
    }
    return a;
}

int run_lab_only(const Options& o) {
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr); // before the lab's thread starts
    auto lab = flows::EmbeddedLab::start(lab_options(o));
    if (!lab) {
        std::cerr << "maillab-sim: " << lab.error().message << "\n";
        return 1;
    }
    std::cout << (*lab)->describe() << "Serving; stop with Ctrl-C." << std::endl;
    int received = 0;
    sigwait(&stop_signals, &received);
    (*lab)->lab().stop();
    std::cout << "Stopped." << std::endl;
    return 0;
}

Result<training::Scenario> chosen_scenario(const Options& o) {
    const std::filesystem::path dir = o.scenarios_dir ? std::filesystem::path(*o.scenarios_dir)
                                                      : training::default_scenarios_dir();
    if (dir.empty())
        return Error{"no scenarios found (assets/scenarios): give --scenarios DIR"};
    if (!o.scenario)
        return Error{"no --scenario given"};
    return training::load_scenario(dir / (*o.scenario + ".scenario"));
}

int list_scenarios(const Options& o) {
    const std::filesystem::path dir = o.scenarios_dir ? std::filesystem::path(*o.scenarios_dir)
                                                      : training::default_scenarios_dir();
    if (dir.empty()) {
        std::cerr << "maillab-sim: no scenarios found (assets/scenarios): give --scenarios DIR\n";
        return 2;
    }
    auto all = training::load_scenarios(dir);
    if (!all) {
        std::cerr << "maillab-sim: " << all.error().message << "\n";
        return 2;
    }
    for (const auto& s : *all)
        std::cout << s.id << "\t" << s.title << "\n";
    return 0;
}

Result<std::unique_ptr<ScriptPlayer>> load_play_script(const Options& o) {
    std::string file;
    if (o.play) {
        file = *o.play;
    } else if (o.autoplay) {
        auto scenario = chosen_scenario(o);
        if (!scenario)
            return scenario.error();
        file = (scenario->file.parent_path() / scenario->solution).string();
    } else {
        return std::unique_ptr<ScriptPlayer>();
    }
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return Error{"cannot read the script " + file};
    std::stringstream text;
    text << in.rdbuf();
    auto script = parse_script(text.str());
    if (!script)
        return Error{file + ": " + script.error().message};
    auto player = std::make_unique<ScriptPlayer>(std::move(*script));
    if (o.autoplay && !o.headless && !o.screenshot)
        player->set_pace(std::chrono::milliseconds(700)); // a person can follow it
    return player;
}

std::string begin_chosen_scenario(const Options& o, App& app) {
    if (!o.scenario)
        return {};
    auto scenario = chosen_scenario(o);
    if (!scenario)
        return scenario.error().message;
    return app.begin_scenario(std::move(*scenario));
}

std::unique_ptr<Recorder> make_recorder(const Options& o) {
    return o.record ? std::make_unique<Recorder>(o.scenario.value_or("")) : nullptr;
}

int finish_run(const Options& o, App& app, const ScriptPlayer* player, Recorder* recorder) {
    int status = 0;
    if (recorder && o.record) {
        if (auto saved = recorder->save(*o.record, app); !saved) {
            std::cerr << "maillab-sim: " << saved.error().message << "\n";
            status = 1;
        }
        for (const auto& left_out : recorder->warnings())
            std::cerr << "maillab-sim: --record: " << left_out << "\n";
    }
    if (player && player->failed()) {
        std::cerr << "maillab-sim: " << player->error() << "\n";
        status = 1;
    }
    if (const auto* scenario = app.scenario()) {
        const bool success = scenario->succeeded(app);
        (success ? std::cout : std::cerr)
            << "Scenario " << scenario->scenario().id << ": "
            << (success ? "success" : "not completed") << " (" << scenario->steps_done() << " of "
            << scenario->scenario().steps.size() << " steps)\n"
            << scenario->debrief(app) << "\n";
        if (!success && o.scenario) // --scenario: the exit status says whether it was met
            status = status ? status : 1;
    }
    if (o.report && !write_text(*o.report, training::session_report_markdown(app))) {
        std::cerr << "maillab-sim: cannot write " << *o.report << "\n";
        status = status ? status : 1;
    }
    if (o.dump_state && !write_text(*o.dump_state, app.dump_state_json())) {
        std::cerr << "maillab-sim: cannot write " << *o.dump_state << "\n";
        status = status ? status : 1;
    }
    return status;
}

// How long a headless run waits, after its script, for engine work the script started.
constexpr std::chrono::seconds engine_settle_limit{15};

int run_headless(const Options& o, std::unique_ptr<ScriptPlayer> player,
                 std::unique_ptr<flows::EngineServices> engine) {
    HeadlessSession session;
    FrameTiming timing(o.timing);
    auto lab = engine ? nullptr : start_lab(o);
    App app(app_options(o, lab.get()), std::move(engine));
    if (auto error = begin_chosen_scenario(o, app); !error.empty()) {
        std::cerr << "maillab-sim: scenario: " << error << "\n";
        return 2;
    }
    app.set_fonts(&session.fonts());
    auto recorder = make_recorder(o);
    session.set_recorder(recorder.get());
    int after = o.frames > 0 ? o.frames : 3;
    std::optional<std::chrono::steady_clock::time_point> script_ended;
    while (true) {
        session.frame(app, player.get());
        timing.frame_shown();
        if (player && !player->done()) {
            // Real time must pass for the engine and for wait-ms; animations run on frames.
            if (app.engine_busy())
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            continue;
        }
        // What the script set going (a message in the Outbox being sent, a check) finishes and
        // reaches the screen before the state is written, as on a phone left on; bounded.
        const auto now = std::chrono::steady_clock::now();
        script_ended = script_ended.value_or(now);
        if (app.engine_busy() && now - *script_ended < engine_settle_limit) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            continue;
        }
        if (--after <= 0)
            break;
    }
    return finish_run(o, app, player.get(), recorder.get());
}

} // namespace maillab::sim
