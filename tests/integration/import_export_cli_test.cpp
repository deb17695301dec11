// maillab import and maillab export as a script sees them: DESIGN.md's JSON, exit codes 0/2,
// messages naming the problem, and no password in any output. No mail servers needed.
#include "cli_runner.hpp"

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <string>
#include <unistd.h>

namespace maillab::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

const fs::path data_dir = fs::path(__FILE__).parent_path() / "../data/profiles";

class ImportExportCli : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("maillab-import-export-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    // stdout and stderr apart: --json promises a clean stdout.
    CliRun run(const std::string& arguments) { return run_cli(arguments, Stderr::separate); }

    std::string write(const std::string& name, const std::string& text) {
        const fs::path path = dir_ / name;
        std::ofstream(path, std::ios::binary) << text;
        return path.string();
    }

    std::string account_file() {
        return write("account.json", R"({ "email": "erin@example.com", "name": "Erin",
  "description": "Work",
  "incoming": { "protocol": "imap", "host": "imap.example.com", "port": 993, "security": "tls",
                "auth": "password", "username": "erin", "password": "Incoming-Pw-9731" },
  "outgoing": { "host": "smtp.example.com", "port": 587, "security": "starttls",
                "auth": "password", "username": "erin@example.com",
                "password": "Outgoing-Pw-2468" } })");
    }

    fs::path dir_;
};

json::object parse_object(const std::string& text) {
    boost::system::error_code error;
    json::value value = json::parse(text, error);
    EXPECT_FALSE(error) << "not JSON: " << text;
    return value.is_object() ? value.as_object() : json::object{};
}

TEST_F(ImportExportCli, ImportJsonHasExactlyTheContractShape) {
    const auto result =
        run("import " + (data_dir / "example_clientconfig.xml").string() + " --json");
    ASSERT_EQ(result.exit_code, 0) << result.error_output;
    const json::object root = parse_object(result.output);
    ASSERT_EQ(root.size(), 4u) << result.output;
    EXPECT_EQ(root.at("format").as_string(), "clientconfig");
    const json::object& provider = root.at("provider").as_object();
    EXPECT_EQ(provider.size(), 3u);
    EXPECT_EQ(provider.at("id").as_string(), "example.com");
    EXPECT_EQ(provider.at("display_name").as_string(), "Example Mail");
    EXPECT_EQ(provider.at("domains").as_array().size(), 2u);

    const json::array& incoming = root.at("incoming").as_array();
    ASSERT_EQ(incoming.size(), 2u);
    const json::object& imap = incoming[0].as_object();
    EXPECT_EQ(imap.size(), 6u);
    EXPECT_EQ(imap.at("protocol").as_string(), "imap");
    EXPECT_EQ(imap.at("host").as_string(), "imap.%EMAILDOMAIN%") << "placeholders kept";
    EXPECT_EQ(imap.at("port").as_int64(), 993);
    EXPECT_EQ(imap.at("security").as_string(), "tls");
    EXPECT_EQ(imap.at("auth").as_array().size(), 2u);
    EXPECT_EQ(imap.at("auth").as_array()[0].as_string(), "password-cleartext");
    EXPECT_EQ(imap.at("username").as_string(), "%EMAILADDRESS%");
    EXPECT_EQ(incoming[1].as_object().at("security").as_string(), "starttls");

    const json::array& outgoing = root.at("outgoing").as_array();
    ASSERT_EQ(outgoing.size(), 2u);
    EXPECT_EQ(outgoing[0].as_object().at("protocol").as_string(), "smtp");
}

TEST_F(ImportExportCli, ImportWithAnEmailExpandsThePlaceholders) {
    const auto result = run("import " + (data_dir / "example_clientconfig.xml").string() +
                            " --email erin@example.com --json");
    ASSERT_EQ(result.exit_code, 0) << result.error_output;
    const json::object root = parse_object(result.output);
    const json::object& imap = root.at("incoming").as_array()[0].as_object();
    EXPECT_EQ(imap.at("host").as_string(), "imap.example.com");
    EXPECT_EQ(imap.at("username").as_string(), "erin@example.com");
}

TEST_F(ImportExportCli, ImportWithoutJsonPrintsAReadableListing) {
    const auto result = run("import " + (data_dir / "example_profile.mobileconfig").string());
    ASSERT_EQ(result.exit_code, 0) << result.error_output;
    for (const char* text : {"Format: configuration profile", "Incoming:", "Outgoing:",
                             "POP3 pop.example.com:995", "Warnings:", "not imported"}) {
        EXPECT_NE(result.output.find(text), std::string::npos) << text << "\n" << result.output;
    }
    EXPECT_EQ(result.output.find("profile-secret"), std::string::npos) << result.output;
}

TEST_F(ImportExportCli, RefusedFilesExitTwoNamingTheProblem) {
    struct Case {
        std::string file;
        std::string expected;
    };
    const std::string big = write("big.xml", std::string(1024 * 1024 + 1, ' '));
    const std::string text = write("notes.txt", "just some notes\n");
    for (const Case& refused : {
             Case{(data_dir / "broken.xml").string(), "clientConfig refused: line"},
             Case{(data_dir / "entity_expansion.xml").string(), "clientConfig refused"},
             Case{(data_dir / "unknown_root.xml").string(), "unknown format (<html>)"},
             Case{text, "unknown format (not XML)"},
             Case{big, "larger than 1 MiB"},
             Case{(dir_ / "missing.xml").string(), "no such file"},
             Case{(data_dir / "example_redirect.xml").string(), "redirectAddr"},
         }) {
        const auto result = run("import " + refused.file + " --json");
        EXPECT_EQ(result.exit_code, 2) << refused.file;
        EXPECT_TRUE(result.output.empty()) << result.output;
        EXPECT_NE(result.error_output.find(refused.expected), std::string::npos)
            << refused.file << ": " << result.error_output;
    }
    const auto usage = run("import");
    EXPECT_EQ(usage.exit_code, 2);
    EXPECT_NE(usage.error_output.find("give exactly one FILE"), std::string::npos)
        << usage.error_output;
    const auto email = run("import " + (data_dir / "example_clientconfig.xml").string() +
                           " --email not-an-address");
    EXPECT_EQ(email.exit_code, 2);
    EXPECT_NE(email.error_output.find("--email"), std::string::npos) << email.error_output;
}

TEST_F(ImportExportCli, EveryExportReadsBackAndCarriesNoPassword) {
    const std::string account = account_file();
    for (const char* format : {"clientconfig", "mobileconfig", "autodiscover"}) {
        SCOPED_TRACE(format);
        const std::string output = (dir_ / (std::string("out.") + format)).string();
        const auto exported =
            run("export " + account + " --format " + format + " --output " + output);
        ASSERT_EQ(exported.exit_code, 0) << exported.error_output;
        EXPECT_TRUE(exported.output.empty()) << "--output writes the file, not stdout";
        const std::string text = read_file(output);
        EXPECT_EQ(text.find("Incoming-Pw"), std::string::npos) << text;
        EXPECT_EQ(text.find("Outgoing-Pw"), std::string::npos) << text;

        const auto imported = run("import " + output + " --json");
        ASSERT_EQ(imported.exit_code, 0) << imported.error_output;
        const json::object root = parse_object(imported.output);
        const json::object& in = root.at("incoming").as_array().at(0).as_object();
        EXPECT_EQ(in.at("protocol").as_string(), "imap");
        EXPECT_EQ(in.at("host").as_string(), "imap.example.com");
        EXPECT_EQ(in.at("port").as_int64(), 993);
        EXPECT_EQ(in.at("security").as_string(), "tls");
        EXPECT_EQ(in.at("username").as_string(), "erin");
        const json::object& out = root.at("outgoing").as_array().at(0).as_object();
        EXPECT_EQ(out.at("protocol").as_string(), "smtp");
        EXPECT_EQ(out.at("host").as_string(), "smtp.example.com");
        EXPECT_EQ(out.at("port").as_int64(), 587);
        EXPECT_EQ(out.at("security").as_string(), "starttls");
        EXPECT_EQ(out.at("username").as_string(), "erin@example.com");
    }
}

TEST_F(ImportExportCli, SrvGoesToStdoutAsZoneFileLines) {
    const auto result = run("export " + account_file() + " --format srv");
    ASSERT_EQ(result.exit_code, 0) << result.error_output;
    EXPECT_NE(
        result.output.find("_imaps._tcp.example.com. 3600 IN SRV 0 1 993 imap.example.com.\n"),
        std::string::npos)
        << result.output;
    EXPECT_NE(
        result.output.find("_submission._tcp.example.com. 3600 IN SRV 0 1 587 smtp.example.com.\n"),
        std::string::npos)
        << result.output;
    EXPECT_EQ(result.output.find("Pw-"), std::string::npos);
}

TEST_F(ImportExportCli, ExportUsageErrorsExitTwo) {
    const std::string account = account_file();
    const auto missing = run("export " + account);
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.error_output.find("--format is required"), std::string::npos)
        << missing.error_output;
    const auto unknown = run("export " + account + " --format plist");
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_NE(unknown.error_output.find("--format plist is not one of"), std::string::npos)
        << unknown.error_output;
    const auto bad = run("export " + write("bad.json", "{\"email\": 3}") + " --format srv");
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.error_output.find("bad.json"), std::string::npos) << bad.error_output;
    EXPECT_EQ(run("export " + account + " --format srv --password x").exit_code, 2);
}

} // namespace
} // namespace maillab::testing
