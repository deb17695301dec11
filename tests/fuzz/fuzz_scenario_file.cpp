// libFuzzer target: the simulator's training files, which trainers write by hand and share:
// scenario files (parse_scenario) and --play scripts with their lab lines (parse_script). The
// first byte picks the reader.
#include "app/script.hpp"
#include "fuzz_util.hpp"
#include "training/scenario.hpp"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    const auto text = maillab::fuzz::as_text(data + 1, size - 1);
    if (data[0] % 2 == 0) {
        const auto scenario = maillab::sim::training::parse_scenario(text, "fuzz.scenario");
        if (!scenario) {
            // Errors name the file (and the line): "fuzz.scenario:12: ...".
            FUZZ_CHECK(scenario.error().message.rfind("fuzz.scenario", 0) == 0);
            return 0;
        }
        FUZZ_CHECK(!scenario->id.empty());
        return 0;
    }
    const auto script = maillab::sim::parse_script(text);
    if (!script) {
        FUZZ_CHECK(!script.error().message.empty());
        return 0;
    }
    for (const auto& command : *script) {
        FUZZ_CHECK(command.line >= 1);
        if (command.kind == maillab::sim::ScriptCommand::Kind::lab)
            FUZZ_CHECK(command.lab_action.has_value());
        if (command.kind == maillab::sim::ScriptCommand::Kind::wait_lab)
            FUZZ_CHECK(command.lab_wait.has_value());
    }
    return 0;
}
