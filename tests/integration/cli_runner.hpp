// Running the maillab command line tool (MAILLAB_CLI) as a script would, and reading the files it
// writes.
#pragma once

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <string>
#include <unistd.h>

namespace maillab::testing {

// Where the tool's standard error goes: into CliRun::output with standard output, nowhere, or
// into CliRun::error_output, apart.
enum class Stderr { merged, discarded, separate };

struct CliRun {
    int exit_code = -1;       // -1 when the tool did not start or did not exit normally
    std::string output;       // standard output, with standard error when merged
    std::string error_output; // standard error, when separate
};

// Runs `maillab ARGUMENTS` through the shell and waits for it. ARGUMENTS is shell text: quote what
// needs quoting; it may end in a redirection (e.g. " </dev/null").
CliRun run_cli(const std::string& arguments, Stderr stderr_to = Stderr::merged);

// A file's bytes, as they are; "" when it cannot be read.
std::string read_file(const std::filesystem::path& path);

// A test with its own directory for the files it hands to the tool (0600, removed afterwards).
class CliFilesTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("maillab-cli-test-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::string write(const std::string& name, const std::string& text) {
        auto path = dir_ / name;
        std::ofstream(path, std::ios::binary) << text;
        std::filesystem::permissions(path, std::filesystem::perms::owner_read |
                                               std::filesystem::perms::owner_write);
        return path.string();
    }

    std::filesystem::path dir_;
};

} // namespace maillab::testing
