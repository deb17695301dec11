#include "cli_runner.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace maillab::testing {

namespace {

// A new empty file in the temporary directory for the tool's standard error; removed again by
// the destructor.
class StderrFile {
  public:
    StderrFile() {
        std::string name =
            (std::filesystem::temp_directory_path() / "maillab-cli-stderr-XXXXXX").string();
        const int fd = ::mkstemp(name.data());
        if (fd >= 0) {
            ::close(fd);
        }
        path_ = name;
    }
    ~StderrFile() {
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
    }
    StderrFile(const StderrFile&) = delete;
    StderrFile& operator=(const StderrFile&) = delete;

    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

} // namespace

CliRun run_cli(const std::string& arguments, Stderr stderr_to) {
    std::optional<StderrFile> stderr_file;
    std::string command = std::string(MAILLAB_CLI) + " " + arguments;
    switch (stderr_to) {
    case Stderr::merged:
        command += " 2>&1";
        break;
    case Stderr::discarded:
        command += " 2>/dev/null";
        break;
    case Stderr::separate:
        command += " 2>" + stderr_file.emplace().path().string();
        break;
    }

    CliRun run;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) {
        return run;
    }
    char buffer[4096];
    std::size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) {
        run.output.append(buffer, n);
    }
    const int status = pclose(pipe);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (stderr_file) {
        run.error_output = read_file(stderr_file->path());
    }
    return run;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

} // namespace maillab::testing
