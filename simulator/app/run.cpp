#include "run.hpp"

#include "app.hpp"
#include "frame_timing.hpp"
#include "headless.hpp"

#include <csignal>

#include <chrono>
#include <fstream>
#include <iostream>
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
    return std::move(*lab);
}

AppOptions app_options(const Options& o, flows::EmbeddedLab* lab) {
    AppOptions a;
    if (o.state)
        a.state_file = *o.state;
    a.engine.resolver = o.resolver;
    a.engine.ca_file = o.ca_file;
    if (lab) {
        a.lab = &lab->lab();
        a.engine.zone = lab->zone();
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

Result<std::unique_ptr<ScriptPlayer>> load_play_script(const Options& o) {
    if (!o.play)
        return std::unique_ptr<ScriptPlayer>();
    std::ifstream in(*o.play, std::ios::binary);
    if (!in)
        return Error{"--play: cannot read " + *o.play};
    std::stringstream text;
    text << in.rdbuf();
    auto script = parse_script(text.str());
    if (!script)
        return Error{"--play " + *o.play + ": " + script.error().message};
    return std::make_unique<ScriptPlayer>(std::move(*script));
}

int finish_run(const Options& o, App& app, const ScriptPlayer* player) {
    int status = 0;
    if (player && player->failed()) {
        std::cerr << "maillab-sim: " << player->error() << "\n";
        status = 1;
    }
    if (o.dump_state && !write_text(*o.dump_state, app.dump_state_json())) {
        std::cerr << "maillab-sim: cannot write " << *o.dump_state << "\n";
        status = status ? status : 1;
    }
    return status;
}

int run_headless(const Options& o, std::unique_ptr<ScriptPlayer> player,
                 std::unique_ptr<flows::EngineServices> engine) {
    HeadlessSession session;
    FrameTiming timing(o.timing);
    auto lab = engine ? nullptr : start_lab(o);
    App app(app_options(o, lab.get()), std::move(engine));
    app.set_fonts(&session.fonts());
    int after = o.frames > 0 ? o.frames : 3;
    while (true) {
        session.frame(app, player.get());
        timing.frame_shown();
        if (player && !player->done()) {
            // Real time must pass for the engine and for wait-ms; animations run on frames.
            if (app.engine_busy())
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            continue;
        }
        if (--after <= 0)
            break;
    }
    return finish_run(o, app, player.get());
}

} // namespace maillab::sim
