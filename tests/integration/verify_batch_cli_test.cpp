// maillab verify --batch as a script sees it: one outcome pair per account in the file's order,
// a summary, exit codes 0/1/2, and no password in the output.
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

class VerifyBatch : public CliFilesTest {
  protected:
    // One account object on one line; no "password" member when `password` is empty.
    static std::string account(const std::string& user, const std::string& password,
                               const std::string& incoming_host = "imap.maillab.test") {
        const std::string secret =
            password.empty()
                ? ""
                : R"(, "password": )" + boost::json::serialize(boost::json::value(password));
        return R"({"email": ")" + user + R"(", "name": "Test", "incoming": {"protocol": "imap", )" +
               R"("host": ")" + incoming_host + R"(", "port": 993, "security": "tls", )" +
               R"("username": ")" + user + "\"" + secret + R"(}, "outgoing": {"host": )" +
               R"("smtp.maillab.test", "port": 587, "security": "starttls", "username": ")" + user +
               "\"" + secret + "}}";
    }

    static std::string net_arguments(TestServers* servers) {
        return " --resolver " + servers->value("MAILLAB_TEST_DNS") + " --ca-file " +
               servers->value("MAILLAB_TEST_CA") + " --timeout 10";
    }
};

TEST_F(VerifyBatch, MixedGoodAndBadAccountsEachGetTheirOwnOutcomesInFileOrderAndExitOne) {
    MAILLAB_REQUIRE_SERVERS(servers);
    const std::string alice = "alice@maillab.test", bob = "bob@maillab.test",
                      carol = "carol@maillab.test";
    auto batch = write(
        "batch.json", "[" + account(alice, servers->password_of(alice)) + ",\n" +
                          account(bob, "definitely-wrong") + ",\n" +
                          account(carol, servers->password_of(carol), "closed.maillab.test") + "]");
    auto run = run_cli("verify --batch " + batch + net_arguments(servers) + " --json --jobs 2",
                       Stderr::separate);
    ASSERT_EQ(run.exit_code, 1) << run.output << run.error_output;
    for (const auto& user : {alice, carol}) {
        EXPECT_EQ(run.output.find(servers->password_of(user)), std::string::npos);
        EXPECT_EQ(run.error_output.find(servers->password_of(user)), std::string::npos);
    }
    auto json = boost::json::parse(run.output).as_array();
    ASSERT_EQ(json.size(), 3u);
    auto outcome = [&](std::size_t i, const char* side) {
        return std::string(json[i].at(side).at("outcome").as_string());
    };
    EXPECT_EQ(json[0].at("email").as_string(), alice);
    EXPECT_EQ(json[0].at("ok").as_bool(), true);
    EXPECT_EQ(outcome(0, "incoming"), "ok");
    EXPECT_EQ(outcome(0, "outgoing"), "ok");
    EXPECT_EQ(json[1].at("email").as_string(), bob);
    EXPECT_EQ(json[1].at("ok").as_bool(), false);
    EXPECT_EQ(outcome(1, "incoming"), "auth_failed");
    EXPECT_EQ(outcome(1, "outgoing"), "auth_failed");
    EXPECT_EQ(json[2].at("email").as_string(), carol);
    EXPECT_EQ(outcome(2, "incoming"), "connect_failed");
    EXPECT_EQ(outcome(2, "outgoing"), "ok");
    EXPECT_NE(run.error_output.find("3 accounts, 1 ok, 2 failed"), std::string::npos)
        << run.error_output;
}

TEST_F(VerifyBatch, JsonLinesOfGoodAccountsPrintOneLineEachAndASummaryAndExitZero) {
    MAILLAB_REQUIRE_SERVERS(servers);
    const std::vector<std::string> users{"alice@maillab.test", "dave@maillab.test",
                                         "frank@maillab.test"};
    std::string lines;
    for (int round = 0; round < 4; ++round)
        for (const auto& user : users)
            lines += account(user, servers->password_of(user)) + "\n\n";
    auto batch = write("batch.jsonl", lines);
    auto run = run_cli("verify --batch " + batch + net_arguments(servers) + " --jobs 5");
    ASSERT_EQ(run.exit_code, 0) << run.output;
    std::size_t ok_lines = 0;
    for (std::size_t at = run.output.find("ok      "); at != std::string::npos;
         at = run.output.find("\nok      ", at + 1))
        ++ok_lines;
    EXPECT_EQ(ok_lines, 12u) << run.output;
    EXPECT_NE(run.output.find("12 accounts, 12 ok, 0 failed"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("accounts/s"), std::string::npos) << run.output;
    for (const auto& user : users)
        EXPECT_EQ(run.output.find(servers->password_of(user)), std::string::npos);
}

TEST_F(VerifyBatch, AccountsWithoutAPasswordTakeThePasswordFileAndNeverPrompt) {
    MAILLAB_REQUIRE_SERVERS(servers);
    const std::string erin = "erin@maillab.test";
    auto batch = write("batch.jsonl", account(erin, "") + "\n" + account(erin, "") + "\n");
    auto run = run_cli("verify --batch " + batch + net_arguments(servers) + " </dev/null");
    EXPECT_EQ(run.exit_code, 2) << run.output;
    EXPECT_NE(run.output.find("--password-file"), std::string::npos) << run.output;

    auto password_file = write("password", servers->password_of(erin) + "\n");
    run = run_cli("verify --batch " + batch + net_arguments(servers) + " --password-file " +
                  password_file);
    EXPECT_EQ(run.exit_code, 0) << run.output;
    EXPECT_EQ(run.output.find(servers->password_of(erin)), std::string::npos);
}

TEST_F(VerifyBatch, BadBatchInputExitsTwoWithAMessageNamingTheLineOrOption) {
    const std::string good = account("a@b.example", "x");
    auto broken = write("broken.jsonl", good + "\n{\"email\": \"c@d.example\", \"incoming\": [\n");
    auto run = run_cli("verify --batch " + broken);
    EXPECT_EQ(run.exit_code, 2) << run.output;
    EXPECT_NE(run.output.find("line 2"), std::string::npos) << run.output;

    auto empty = write("empty.json", "[]");
    run = run_cli("verify --batch " + empty);
    EXPECT_EQ(run.exit_code, 2) << run.output;
    EXPECT_NE(run.output.find("no accounts"), std::string::npos) << run.output;

    auto fine = write("fine.jsonl", good + "\n");
    run = run_cli("verify --batch " + fine + " --jobs 0");
    EXPECT_EQ(run.exit_code, 2) << run.output;
    EXPECT_NE(run.output.find("--jobs"), std::string::npos) << run.output;
    run = run_cli("verify --batch " + fine + " account.json");
    EXPECT_EQ(run.exit_code, 2) << run.output;
    run = run_cli("verify --batch /nonexistent/batch.json");
    EXPECT_EQ(run.exit_code, 2) << run.output;
    EXPECT_NE(run.output.find("/nonexistent/batch.json"), std::string::npos) << run.output;
}

} // namespace
} // namespace maillab::testing
