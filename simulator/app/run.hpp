// The loops of maillab-sim: headless frames, or the phone in a GLFW + OpenGL 3 window. Test
// programs run them with a scripted engine in place of the real one.
#pragma once

#include "../flows/embedded_lab.hpp"
#include "../flows/engine_services.hpp"
#include "options.hpp"
#include "recorder.hpp"
#include "script.hpp"

#include <memory>

namespace maillab::sim {

class App;

// The --play script, parsed (null without --play); the error names the file and the line.
Result<std::unique_ptr<ScriptPlayer>> load_play_script(const Options& options);

// `engine` null: the real engine (with --resolver and --ca-file) on the embedded lab provider
// (unless --no-lab); a given engine runs without the lab.
int run_headless(const Options& options, std::unique_ptr<ScriptPlayer> player,
                 std::unique_ptr<flows::EngineServices> engine = nullptr);
int run_window(const Options& options, std::unique_ptr<ScriptPlayer> player,
               std::unique_ptr<flows::EngineServices> engine = nullptr);

// What both loops do at the end: report a failed script, write --record and --dump-state. The
// exit status.
int finish_run(const Options& options, App& app, const ScriptPlayer* player,
               Recorder* recorder = nullptr);
// --record: the recorder of the run (null without --record).
std::unique_ptr<Recorder> make_recorder(const Options& options);
// --list-scenarios. The exit status.
int list_scenarios(const Options& options);
// --scenario: begins it on the app (empty when none was asked for or it began, else why not).
std::string begin_chosen_scenario(const Options& options, App& app);

// --lab-only: the lab provider without a phone, until SIGINT or SIGTERM.
int run_lab_only(const Options& options);

// The embedded lab provider for a run (null with --no-lab or when it cannot start, with a
// warning on stderr) and the App's options on it.
std::unique_ptr<flows::EmbeddedLab> start_lab(const Options& options);
struct AppOptions;
AppOptions app_options(const Options& options, flows::EmbeddedLab* lab);

} // namespace maillab::sim
