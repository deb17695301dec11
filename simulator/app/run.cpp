#include "run.hpp"

#include "app.hpp"
#include "headless.hpp"

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

} // namespace

AppOptions app_options(const Options& o) {
    AppOptions a;
    if (o.state)
        a.state_file = *o.state;
    a.engine.resolver = o.resolver;
    a.engine.ca_file = o.ca_file;
    return a;
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
    App app(app_options(o), std::move(engine));
    app.set_fonts(&session.fonts());
    int after = o.frames > 0 ? o.frames : 3;
    while (true) {
        session.frame(app, player.get());
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
