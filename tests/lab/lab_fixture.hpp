// A lab provider per test (ephemeral ports on 127.0.0.1, a fresh state directory) and helpers to
// run real third-party clients against it without ever putting a password on a command line.
#pragma once

#include "maillab/lab/lab.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace lab_test {

using maillab::lab::Service;

inline const std::string alex = "alex@lab.maillab.test";
inline const std::string alex_password = "Lab-Alex-2026";
inline const std::string sam = "sam@lab.maillab.test";
inline const std::string sam_password = "Lab-Sam-2026";
inline const std::string jordan = "jordan@lab.maillab.test";

struct CommandResult {
    int status = -1; // exit status, -1 when it did not exit normally
    std::string output;
};

inline CommandResult run(const std::string& command) {
    CommandResult result;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (!pipe)
        return result;
    char buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
        result.output.append(buffer, n);
    int status = ::pclose(pipe);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

inline bool have(const std::string& program) {
    return run("command -v " + program + " >/dev/null").status == 0;
}

class LabTest : public ::testing::Test {
  protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        state_dir = std::filesystem::temp_directory_path() /
                    ("maillab-lab-test-" + std::to_string(::getpid()) + "-" + info->name());
        std::filesystem::remove_all(state_dir);
        maillab::lab::LabOptions options;
        options.state_dir = state_dir;
        options.world_file = MAILLAB_LAB_WORLD;
        options.idle_timeout = std::chrono::seconds(20);
        customise(options);
        auto started = lab.start(options);
        ASSERT_TRUE(started.ok) << started.error;
        addresses = started.addresses;
    }
    void TearDown() override {
        lab.stop();
        std::filesystem::remove_all(state_dir);
    }
    virtual void customise(maillab::lab::LabOptions&) {}

    std::string port(Service service) const { return std::to_string(addresses.ports.get(service)); }
    std::string ca() const { return addresses.ca_file.string(); }

    // A 0600 file under the state dir (passwords for stdin, curl config files).
    std::string secret_file(const std::string& name, const std::string& content) {
        auto path = state_dir / name;
        std::ofstream out(path, std::ios::trunc);
        out << content;
        out.close();
        ::chmod(path.c_str(), 0600);
        return path.string();
    }

    // lab_client.py COMMAND 127.0.0.1 PORT CA USER ARGS... < password file
    CommandResult python_client(const std::string& command, Service service, const std::string& user,
                                const std::string& password, const std::string& args = {}) {
        auto password_file = secret_file("password", password + "\n");
        return run("python3 " MAILLAB_LAB_CLIENT " " + command + " 127.0.0.1 " + port(service) + " " +
                   ca() + " " + user + (args.empty() ? "" : " " + args) + " < " + password_file);
    }

    // curl with the user and password in a config file (-K), never on the command line.
    CommandResult curl(const std::string& user, const std::string& password, const std::string& args) {
        auto config = secret_file("curl.conf", "user = \"" + user + ":" + password + "\"\n");
        return run("curl --silent --show-error --max-time 30 --cacert " + ca() + " -K " + config +
                   " " + args);
    }

    bool has_event(maillab::lab::EventKind kind, const std::string& user) const {
        for (const auto& e : lab.events())
            if (e.kind == kind && e.user == user)
                return true;
        return false;
    }

    std::filesystem::path state_dir;
    maillab::lab::Lab lab;
    maillab::lab::LabAddresses addresses;
};

} // namespace lab_test
