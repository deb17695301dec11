// maillab discover and maillab setup as scripts see them.
#include "cli_runner.hpp"
#include "maillab/store/account_store.hpp"
#include "test_servers.hpp"

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

namespace maillab::testing {
namespace {

namespace fs = std::filesystem;

// Standard input is empty: setup finds no terminal to ask.
CliRun run(const std::string& arguments, bool merge_stderr) {
    return run_cli(arguments + " </dev/null", merge_stderr ? Stderr::merged : Stderr::discarded);
}

std::string lab_arguments(TestServers* servers) {
    return "--resolver " + servers->value("MAILLAB_TEST_DNS") + " --ca-file " +
           servers->value("MAILLAB_TEST_CA") + " --ispdb-url https://ispdb.maillab.test/v1.1/";
}

TEST(DiscoverCli, JsonListsTheCandidatesTheBestAndEverySourcesSteps) {
    MAILLAB_REQUIRE_SERVERS(servers);
    auto r = run("discover alice@srvonly.test --json " + lab_arguments(servers), false);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    auto json = boost::json::parse(r.output).as_object();
    const auto& candidates = json.at("candidates").as_array();
    ASSERT_FALSE(candidates.empty());
    const auto best = json.at("best").as_int64();
    const auto& candidate = candidates.at(static_cast<std::size_t>(best)).as_object();
    EXPECT_EQ(candidate.at("source").as_string(), "srv");
    EXPECT_EQ(candidate.at("trusted").as_bool(), false);
    const auto& incoming = candidate.at("incoming").as_object();
    EXPECT_EQ(incoming.at("host").as_string(), "imap.maillab.test");
    EXPECT_EQ(incoming.at("port").as_int64(), 993);
    EXPECT_EQ(incoming.at("security").as_string(), "tls");
    EXPECT_EQ(candidate.at("outgoing").as_object().at("security").as_string(), "starttls");
    EXPECT_GE(json.at("steps").as_array().size(), 8u);
}

TEST(DiscoverCli, NothingFoundExitsOneAndABadAddressExitsTwo) {
    MAILLAB_REQUIRE_SERVERS(servers);
    auto r = run("discover alice@nothing.test " + lab_arguments(servers), true);
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("No settings found"), std::string::npos) << r.output;
    r = run("discover not-an-address " + lab_arguments(servers), true);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("email"), std::string::npos) << r.output;
}

class SetupCli : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("maillab-setup-test-" + std::to_string(::getpid()));
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    fs::path dir_;
};

TEST_F(SetupCli, ATrustedSourceIsVerifiedAndSavedIntoTheStoreWithPasswordsMaskedInOutput) {
    MAILLAB_REQUIRE_SERVERS(servers);
    const std::string user = "bob@maillab.test";
    const auto password_file = dir_ / "password";
    std::ofstream(password_file) << servers->password_of(user) << "\n";
    const auto store_file = dir_ / "device.json";
    const fs::path providers =
        fs::path(MAILLAB_TEST_PASSWORDS).parent_path().parent_path() / "data" / "lab-providers";
    auto r = run("setup " + user + " --json --name Bob --password-file " + password_file.string() +
                     " --save " + store_file.string() + " --providers " + providers.string() + " " +
                     lab_arguments(servers),
                 false);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(r.output.find(servers->password_of(user)), std::string::npos);
    auto json = boost::json::parse(r.output).as_object();
    EXPECT_TRUE(json.at("saved").as_bool());
    EXPECT_EQ(json.at("account").as_object().at("incoming").as_object().at("host").as_string(),
              "imap.maillab.test");
    AccountStore store(store_file);
    auto device = store.load();
    ASSERT_TRUE(device.ok()) << device.error().message;
    ASSERT_EQ(device->accounts.size(), 1u);
    EXPECT_EQ(device->accounts[0].incoming.server.password, servers->password_of(user));
    EXPECT_EQ(fs::status(store_file).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write);
}

TEST_F(SetupCli, UntrustedSettingsAreNotAcceptedWithoutSomeoneToAsk) {
    MAILLAB_REQUIRE_SERVERS(servers);
    const auto password_file = dir_ / "password";
    std::ofstream(password_file) << "whatever-password\n";
    auto r = run("setup alice@srvonly.test --yes --password-file " + password_file.string() + " " +
                     lab_arguments(servers),
                 true);
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("Use These Settings?"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("not a terminal: Cancel"), std::string::npos) << r.output;
}

TEST_F(SetupCli, WhenNothingIsFoundTheDomainsDnsIsCheckedAndNamed) {
    MAILLAB_REQUIRE_SERVERS(servers);
    const auto password_file = dir_ / "password";
    std::ofstream(password_file) << "whatever-password\n";
    auto r = run("setup alice@nothing.test --password-file " + password_file.string() + " " +
                     lab_arguments(servers),
                 true);
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("What the domain publishes"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("problem  mx:"), std::string::npos) << r.output;
}

} // namespace
} // namespace maillab::testing
