// maillab verify as a script sees it: DESIGN.md's JSON, exit codes 0/1/2, no password in argv
// or output.
#include "cli_runner.hpp"
#include "test_servers.hpp"

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

namespace maillab::testing {
namespace {

namespace fs = std::filesystem;

class Cli : public CliFilesTest {
  protected:
    std::string account_file(const std::string& user) {
        return write("account.json", R"({ "email": ")" + user + R"(", "name": "Test",
  "incoming": { "protocol": "imap", "host": "imap.maillab.test", "port": 993, "security": "tls",
                "username": ")" + user + R"(" },
  "outgoing": { "host": "smtp.maillab.test", "port": 587, "security": "starttls",
                "username": ")" + user + R"(" } })");
    }

    std::string net_arguments(TestServers* servers) {
        return "--resolver " + servers->value("MAILLAB_TEST_DNS") + " --ca-file " +
               servers->value("MAILLAB_TEST_CA");
    }
};

TEST_F(Cli, VerifyJsonFollowsTheContractAndExitsZeroWhenBothServersAcceptTheAccount) {
    MAILLAB_REQUIRE_SERVERS(servers);
    const std::string user = "erin@maillab.test";
    auto password_file = write("password", servers->password_of(user) + "\n");
    auto run = run_cli("verify " + account_file(user) + " " + net_arguments(servers) +
                       " --password-file " + password_file + " --json");
    ASSERT_EQ(run.exit_code, 0) << run.output;
    EXPECT_EQ(run.output.find(servers->password_of(user)), std::string::npos);
    auto json = boost::json::parse(run.output).as_object();
    for (const char* side : {"incoming", "outgoing"}) {
        const auto& check = json.at(side).as_object();
        EXPECT_EQ(check.at("ok").as_bool(), true) << side;
        EXPECT_EQ(check.at("outcome").as_string(), "ok") << side;
        EXPECT_TRUE(check.at("message").is_string());
        EXPECT_TRUE(check.at("server_reply").is_string());
        const auto& steps = check.at("steps").as_array();
        ASSERT_FALSE(steps.empty());
        for (const char* key : {"stage", "host", "port", "direction", "text", "elapsed_ms"})
            EXPECT_TRUE(steps[0].as_object().contains(key)) << key;
    }
    EXPECT_TRUE(json.at("diagnosis").is_array());
}

TEST_F(Cli, VerifyPrintsAStepListAndExitsOneWhenACheckFails) {
    MAILLAB_REQUIRE_SERVERS(servers);
    const std::string user = "erin@maillab.test";
    auto password_file = write("password", "definitely-wrong\n");
    auto run = run_cli("verify " + account_file(user) + " " + net_arguments(servers) +
                       " --password-file " + password_file);
    EXPECT_EQ(run.exit_code, 1) << run.output;
    EXPECT_NE(run.output.find("\u2713 tls-handshake"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("\u2717 auth"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("auth_failed"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("Diagnosis:"), std::string::npos) << run.output;
}

TEST_F(Cli, PasswordFromTheEnvironmentIsUsedAndNeverPrinted) {
    MAILLAB_REQUIRE_SERVERS(servers);
    const std::string user = "erin@maillab.test";
    const std::string password = servers->password_of(user);
    auto run = run_cli("verify " + account_file(user) + " " + net_arguments(servers) +
                       " --verbose </dev/null");
    EXPECT_EQ(run.exit_code, 2) << "without a password source the command must stop: "
                                << run.output;
    EXPECT_NE(run.output.find("MAILLAB_PASSWORD"), std::string::npos) << run.output;
    setenv("MAILLAB_PASSWORD", password.c_str(), 1);
    run = run_cli("verify " + account_file(user) + " " + net_arguments(servers) + " --verbose");
    unsetenv("MAILLAB_PASSWORD");
    EXPECT_EQ(run.exit_code, 0) << run.output;
    EXPECT_EQ(run.output.find(password), std::string::npos);
    EXPECT_NE(run.output.find("****"), std::string::npos) << "the redacted AUTH line is shown";
}

TEST_F(Cli, BadInputExitsTwoWithAMessageNamingTheProblem) {
    auto broken = write("broken.json", "{\n  \"email\": \"a@b.example\",\n  \"incoming\": [\n");
    auto run = run_cli("verify " + broken);
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_NE(run.output.find("line"), std::string::npos) << run.output;

    run = run_cli("verify " + broken + " --password secret");
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_NE(run.output.find("never go on the command line"), std::string::npos) << run.output;

    run = run_cli("verify");
    EXPECT_EQ(run.exit_code, 2);
    run = run_cli("verify " + broken + " --timeout soon");
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_NE(run.output.find("--timeout"), std::string::npos) << run.output;
    run = run_cli("verify /nonexistent/account.json");
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_NE(run.output.find("/nonexistent/account.json"), std::string::npos) << run.output;
}

} // namespace
} // namespace maillab::testing
