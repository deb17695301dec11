// Every row of tests/data/hostile-files/manifest.txt (scenario rows aside: the simulator's tests
// read those) fed to the real parser: the verdict and the words of the error or warning.
#include "../common/hostile_manifest.hpp"
#include "maillab/autoconfig/autodiscover.hpp"
#include "maillab/autoconfig/client_config.hpp"
#include "maillab/autoconfig/mobileconfig.hpp"
#include "maillab/profiles/import.hpp"
#include "maillab/store/account_json.hpp"

#include <gtest/gtest.h>

namespace {

using maillab::test::HostileFile;

struct Verdict {
    bool accepted = false;
    std::string error;
    std::vector<std::string> warnings;
};

template <class R> Verdict from_format_result(const R& result) {
    if (!result)
        return {false,
                result.error().message + " (line " + std::to_string(result.error().line) + ")",
                {}};
    return {true, {}, {}};
}

Verdict verdict_of(const HostileFile& row, const std::string& bytes) {
    using namespace maillab;
    if (row.parser == "clientconfig") {
        auto r = autoconfig::parse_client_config(bytes);
        Verdict v = from_format_result(r);
        if (r)
            v.warnings = r->warnings;
        return v;
    }
    if (row.parser == "autodiscover") {
        auto r = autoconfig::parse_autodiscover_response(bytes);
        Verdict v = from_format_result(r);
        if (r)
            if (auto* s = std::get_if<autoconfig::AutodiscoverSettings>(&*r))
                v.warnings = s->config.warnings;
        return v;
    }
    if (row.parser == "mobileconfig") {
        auto r = autoconfig::parse_mobileconfig(bytes);
        Verdict v = from_format_result(r);
        if (r)
            v.warnings = r->warnings;
        return v;
    }
    if (row.parser == "import") {
        auto r = profiles::import_settings(bytes);
        if (!r)
            return {false, r.error().message, {}};
        return {true, {}, r->warnings};
    }
    if (row.parser == "account-json") {
        auto r = parse_account_json(bytes);
        if (!r)
            return {false, r.error().message, {}};
        return {true, {}, {}};
    }
    ADD_FAILURE() << row.file << ": unknown parser " << row.parser;
    return {};
}

bool any_contains(const std::vector<std::string>& texts, const std::string& part) {
    for (const auto& t : texts)
        if (t.find(part) != std::string::npos)
            return true;
    return false;
}

std::string joined(const std::vector<std::string>& texts) {
    std::string out;
    for (const auto& t : texts)
        out += (out.empty() ? "" : " | ") + t;
    return out.empty() ? "(none)" : out;
}

TEST(HostileFiles, EveryParserGivesTheManifestsVerdictForEveryHostileFile) {
    const auto rows = maillab::test::hostile_manifest();
    ASSERT_GE(rows.size(), 40u) << "the manifest is missing or short";
    for (const auto& row : rows) {
        if (row.parser == "scenario")
            continue;
        SCOPED_TRACE(row.file + " (" + row.parser + ")");
        const Verdict v = verdict_of(row, maillab::test::hostile_input(row));
        if (row.expect == "reject") {
            EXPECT_FALSE(v.accepted) << "accepted; warnings: " << joined(v.warnings);
            EXPECT_NE(v.error.find(row.text), std::string::npos)
                << "the error does not say \"" << row.text << "\": " << v.error;
        } else if (row.expect == "accept-with-warning") {
            EXPECT_TRUE(v.accepted) << "refused: " << v.error;
            EXPECT_TRUE(any_contains(v.warnings, row.text))
                << "no warning says \"" << row.text << "\": " << joined(v.warnings);
        } else {
            EXPECT_EQ(row.expect, "accept");
            EXPECT_TRUE(v.accepted) << "refused: " << v.error;
        }
    }
}

TEST(HostileFiles, EveryFileInTheFolderHasAVerdictInTheManifest) {
    const auto rows = maillab::test::hostile_manifest();
    for (const auto& entry :
         std::filesystem::directory_iterator(maillab::test::hostile_files_dir())) {
        const auto name = entry.path().filename().string();
        if (name == "manifest.txt")
            continue;
        const bool listed = std::any_of(rows.begin(), rows.end(),
                                        [&](const HostileFile& r) { return r.file == name; });
        EXPECT_TRUE(listed) << name << " has no row in manifest.txt";
    }
}

} // namespace
