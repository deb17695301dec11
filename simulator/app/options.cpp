#include "options.hpp"

#include "../flows/ios_version.hpp"

#include <charconv>

namespace maillab::sim {

std::string usage() {
    return "usage: maillab-sim [--headless] [--screenshot PNG --frames N] [--play SCRIPT]\n"
           "                   [--dump-state JSON] [--state FILE] [--resolver HOST:PORT]\n"
           "                   [--ca-file PEM] [--scale S] [--no-lab | --lab-only] [--timing]\n"
           "                   [--lab-world JSON] [--lab-state DIR] [--list-scenarios]\n"
           "                   [--scenario ID [--autoplay]] [--scenarios DIR] [--ios 6|12|17|18]\n"
           "                   [--report FILE] [--no-console] [--record FILE]\n"
           "  --headless         no window: run frames without drawing (with --play: until the\n"
           "                     script ends; else --frames N, default 3)\n"
           "  --screenshot PNG   render (after the script, then N frames, default 3), write PNG, "
           "exit\n"
           "  --play SCRIPT      replay UI actions (tap \"Label\", type \"text\", key Enter,\n"
           "                     wait-screen NAME, wait-alert \"Title\", wait-ms N, screenshot "
           "FILE)\n"
           "  --record FILE      at exit write what was done as a --play script (taps, typing,\n"
           "                     keys and the waits a replay needs; a password typed into a\n"
           "                     secure field as type-password \"ADDRESS\" when it is that lab\n"
           "                     user's, else left out: never the password itself)\n"
           "  --dump-state JSON  at exit write accounts (passwords masked), the screen stack, "
           "alerts\n"
           "  --state FILE       the phone's accounts (default "
           "$XDG_STATE_HOME/maillab/device.json)\n"
           "  --resolver, --ca-file  passed to the engine for discovery and verification\n"
           "  --scale S          window size factor (default 1)\n"
           "  --no-console       the phone alone: no trainer console beside it (the console\n"
           "                     shows when the lab provider runs: scenarios, lab actions, log)\n"
           "  --timing           print when the first frame was shown, then frames drawn and CPU\n"
           "                     time at exit (stderr; for benchmarks)\n"
           "  --lab-only         run only the embedded lab provider (IMAP, POP3, SMTP, HTTPS on\n"
           "                     127.0.0.1), print its addresses, ports and CA file, and serve\n"
           "                     until interrupted\n"
           "  --no-lab           do not start the lab provider: real DNS and trust store only\n"
           "  --lab-world JSON   the lab's users and messages (default assets/lab/world.json)\n"
           "  --lab-state DIR    where the lab keeps its CA (default $XDG_STATE_HOME/maillab/lab)\n"
           "  --ios 6|12|17|18   the Settings paths and labels of that iOS (default 17)\n"
           "  --report FILE      at exit write a session report (Markdown): steps and timings,\n"
           "                     taps and typing (never what was typed), alerts, the debrief\n"
           "  --list-scenarios   print each training scenario's id and title\n"
           "  --scenario ID      start the phone and the lab in the scenario's starting state;\n"
           "                     the exit status is 0 only when its success conditions hold\n"
           "  --autoplay         play the scenario's solution (at a human pace in a window)\n"
           "  --scenarios DIR    where the scenarios are (default assets/scenarios)\n";
}

Result<Options> parse_options(const std::vector<std::string>& args) {
    Options o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> Result<std::string> {
            if (i + 1 >= args.size() || args[i + 1].empty())
                return Error{a + " needs a value"};
            return args[++i];
        };
        if (a == "--headless") {
            o.headless = true;
        } else if (a == "--list-scenarios") {
            o.list_scenarios = true;
        } else if (a == "--autoplay") {
            o.autoplay = true;
        } else if (a == "--timing") {
            o.timing = true;
        } else if (a == "--lab-only") {
            o.lab_only = true;
        } else if (a == "--no-console") {
            o.no_console = true;
        } else if (a == "--no-lab") {
            o.no_lab = true;
        } else if (a == "--help" || a == "-h") {
            o.help = true;
        } else if (a == "--frames" || a == "--scale") {
            auto v = value();
            if (!v)
                return v.error();
            if (a == "--frames") {
                int n = 0;
                auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
                if (ec != std::errc{} || p != v->data() + v->size() || n < 1 || n > 100000)
                    return Error{"--frames: a number from 1 to 100000"};
                o.frames = n;
            } else {
                try {
                    std::size_t used = 0;
                    o.scale = std::stof(*v, &used);
                    if (used != v->size() || !(o.scale >= 0.25f && o.scale <= 4.0f))
                        return Error{"--scale: a number from 0.25 to 4"};
                } catch (const std::exception&) {
                    return Error{"--scale: a number from 0.25 to 4"};
                }
            }
        } else if (a == "--screenshot" || a == "--play" || a == "--dump-state" || a == "--state" ||
                   a == "--resolver" || a == "--ca-file" || a == "--lab-world" ||
                   a == "--lab-state" || a == "--scenario" || a == "--scenarios" || a == "--ios" ||
                   a == "--report" || a == "--record") {
            auto v = value();
            if (!v)
                return v.error();
            (a == "--screenshot"   ? o.screenshot
             : a == "--play"       ? o.play
             : a == "--dump-state" ? o.dump_state
             : a == "--state"      ? o.state
             : a == "--resolver"   ? o.resolver
             : a == "--lab-world"  ? o.lab_world
             : a == "--lab-state"  ? o.lab_state
             : a == "--scenario"   ? o.scenario
             : a == "--ios"        ? o.ios
             : a == "--report"     ? o.report
             : a == "--record"     ? o.record
             : a == "--scenarios"  ? o.scenarios_dir
                                   : o.ca_file) = *v;
        } else {
            return Error{"unknown option " + a};
        }
    }
    if (o.ios && !flows::parse_ios_version(*o.ios))
        return Error{"--ios: one of 6, 12, 17, 18"};
    if (o.autoplay && !o.scenario)
        return Error{"--autoplay plays a scenario's solution: give --scenario ID"};
    if (o.autoplay && o.play)
        return Error{"--autoplay and --play both give the script: choose one"};
    if (o.scenario && o.no_lab)
        return Error{"--scenario needs the lab provider: drop --no-lab"};
    if (o.lab_only && o.no_lab)
        return Error{"--lab-only and --no-lab contradict each other"};
    if (o.record && o.play && *o.record == *o.play)
        return Error{"--record would overwrite the --play script: give another file"};
    if (o.lab_only && (o.headless || o.screenshot || o.play || o.dump_state || o.record))
        return Error{
            "--lab-only runs no phone: drop --headless, --screenshot, --play, --dump-state and "
            "--record"};
    if (o.screenshot && o.headless)
        return Error{
            "--screenshot needs a window: drop --headless (use xvfb-run without a display)"};
    return o;
}

} // namespace maillab::sim
