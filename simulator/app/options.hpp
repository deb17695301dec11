// maillab-sim's command line (DESIGN.md, the CLI contract).
#pragma once

#include "maillab/result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace maillab::sim {

struct Options {
    bool headless = false;
    int frames = -1;                          // --frames N
    std::optional<std::string> screenshot;    // --screenshot PNG
    std::optional<std::string> play;          // --play SCRIPT
    std::optional<std::string> record;        // --record FILE (a --play script)
    std::optional<std::string> dump_state;    // --dump-state JSON
    std::optional<std::string> state;         // --state FILE
    std::optional<std::string> resolver;      // --resolver HOST:PORT
    std::optional<std::string> ca_file;       // --ca-file PEM
    float scale = 1.0f;                       // --scale S (window size)
    bool lab_only = false;                    // --lab-only: the lab provider without a window
    bool no_lab = false;                      // --no-lab: real network only
    std::optional<std::string> lab_world;     // --lab-world JSON
    std::optional<std::string> lab_state;     // --lab-state DIR
    bool list_scenarios = false;              // --list-scenarios
    std::optional<std::string> scenario;      // --scenario ID
    std::optional<std::string> scenarios_dir; // --scenarios DIR (default assets/scenarios)
    bool autoplay = false;                    // --autoplay: play the scenario's solution
    std::optional<std::string> ios;           // --ios 6|12|17|18
    std::optional<std::string> report;        // --report FILE (Markdown)
    bool no_console = false;                  // --no-console: the phone alone in the window
    bool timing = false;                      // --timing: first frame, frames and CPU on stderr
    bool help = false;
};

Result<Options> parse_options(const std::vector<std::string>& args);
std::string usage();

} // namespace maillab::sim
