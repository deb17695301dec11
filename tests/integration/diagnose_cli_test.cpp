// maillab diagnose: the verification's causes plus the domain's DNS, in one command.
#include "cli_runner.hpp"
#include "test_servers.hpp"

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace maillab::testing {
namespace {

namespace fs = std::filesystem;

TEST(DiagnoseCli, TheClassicChangedPasswordIsNamedTogetherWithTheDomainsDns) {
    MAILLAB_REQUIRE_SERVERS(servers);
    const std::string user = "carol@maillab.test";
    const std::string old_password = servers->password_of(user);
    const std::string new_password = "carol-new-password-7";
    servers->set_password(user, new_password);
    const fs::path dir = fs::temp_directory_path() / ("maillab-diagnose-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const auto account = dir / "account.json";
    std::ofstream(account) << R"({ "email": ")" << user << R"(",
  "incoming": { "protocol": "imap", "host": "imap.maillab.test", "port": 993, "security": "tls",
                "username": ")" << user << R"(", "password": ")" << new_password << R"(" },
  "outgoing": { "host": "smtp.maillab.test", "port": 587, "security": "starttls",
                "username": ")" << user << R"(", "password": ")" << old_password << R"(" } })";
    auto run = run_cli("diagnose " + account.string() + " --json --resolver " +
                       servers->value("MAILLAB_TEST_DNS") + " --ca-file " +
                       servers->value("MAILLAB_TEST_CA"));
    fs::remove_all(dir);
    servers->restore_passwords();
    ASSERT_EQ(run.exit_code, 1) << run.output;
    EXPECT_EQ(run.output.find(new_password), std::string::npos);
    EXPECT_EQ(run.output.find(old_password), std::string::npos);
    auto json = boost::json::parse(run.output).as_object();
    EXPECT_EQ(json.at("incoming").as_object().at("outcome").as_string(), "ok");
    EXPECT_EQ(json.at("outgoing").as_object().at("outcome").as_string(), "auth_failed");
    const auto first = std::string(json.at("diagnosis").as_array().at(0).as_string());
    EXPECT_NE(first.find("outgoing (SMTP) password was probably not updated"), std::string::npos)
        << first;
    bool mx_ok = false;
    for (const auto& check : json.at("domain_health").as_array())
        mx_ok = mx_ok || (check.as_object().at("name").as_string() == "mx" &&
                          check.as_object().at("verdict").as_string() == "ok");
    EXPECT_TRUE(mx_ok);
}

} // namespace
} // namespace maillab::testing
