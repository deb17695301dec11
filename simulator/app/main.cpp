// maillab-sim: the phone in a window (or headless), on the real engine.
#include "frame_timing.hpp"
#include "options.hpp"
#include "run.hpp"
#include "script.hpp"

#include <cstdlib>
#include <iostream>

namespace maillab::sim {
namespace {

int fail_usage(const std::string& message) {
    std::cerr << "maillab-sim: " << message << "\n" << usage();
    return 2;
}

} // namespace
} // namespace maillab::sim

int main(int argc, char** argv) {
    using namespace maillab::sim;
    (void)FrameTiming::process_start();
    auto options = parse_options(std::vector<std::string>(argv + 1, argv + argc));
    if (!options)
        return fail_usage(options.error().message);
    if (options->help) {
        std::cout << usage();
        return 0;
    }
    if (options->lab_only)
        return run_lab_only(*options);
    if (options->list_scenarios)
        return list_scenarios(*options);
    auto player = load_play_script(*options);
    if (!player)
        return fail_usage(player.error().message);
    const int status = options->headless ? run_headless(*options, std::move(*player))
                                         : run_window(*options, std::move(*player));
    // Discovery steps that lost the race may still be finishing (a DNS answer, a TLS handshake)
    // on their own threads. Everything is saved and said by now: if they are not done within the
    // wait, leave without running static destructors (TLS contexts, c-ares) under their feet.
    if (!maillab::sim::flows::wait_for_engine_background_work()) {
        std::cout.flush();
        std::cerr.flush();
        std::_Exit(status);
    }
    return status;
}
