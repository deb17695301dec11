// The scenario rows of tests/data/hostile-files/manifest.txt fed to the real scenario parser.
#include "../common/hostile_manifest.hpp"
#include "training/scenario.hpp"

#include <gtest/gtest.h>

namespace {

TEST(HostileScenarioFiles, TheScenarioParserGivesTheManifestsVerdictForEveryHostileFile) {
    int checked = 0;
    for (const auto& row : maillab::test::hostile_manifest()) {
        if (row.parser != "scenario")
            continue;
        SCOPED_TRACE(row.file);
        ++checked;
        const std::filesystem::path file =
            row.file.starts_with("@") ? std::string("big.scenario") : row.file;
        auto parsed =
            maillab::sim::training::parse_scenario(maillab::test::hostile_input(row), file);
        if (row.expect == "reject") {
            ASSERT_FALSE(parsed) << "accepted";
            EXPECT_NE(parsed.error().message.find(row.text), std::string::npos)
                << "the error does not say \"" << row.text << "\": " << parsed.error().message;
        } else {
            EXPECT_TRUE(parsed) << parsed.error().message;
        }
    }
    EXPECT_GE(checked, 5);
}

} // namespace
