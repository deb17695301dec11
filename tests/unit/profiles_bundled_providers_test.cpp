// The provider files maillab ships (assets/providers) and their loader.
#include "maillab/autoconfig/client_config.hpp"
#include "maillab/profiles/bundled_providers.hpp"
#include "test_data.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <string>
#include <unistd.h>

namespace {

using namespace maillab;
namespace fs = std::filesystem;

const fs::path source_dir = maillab::test::source_dir();
const fs::path providers_dir = source_dir / "assets/providers";

std::vector<fs::path> provider_files() {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(providers_dir)) {
        if (entry.path().extension() == ".xml") {
            files.push_back(entry.path());
        }
    }
    std::ranges::sort(files);
    return files;
}

TEST(BundledProviderFiles, EveryFileParsesWithoutWarningsAndOffersOnlyEncryptedServers) {
    const auto files = provider_files();
    ASSERT_GE(files.size(), 15u) << "assets/providers is missing files";
    std::map<std::string, std::string> owner;
    for (const fs::path& file : files) {
        SCOPED_TRACE(file.filename().string());
        auto config = autoconfig::parse_client_config(maillab::test::read_file(file));
        ASSERT_TRUE(config) << "line " << config.error().line << ": " << config.error().message;
        EXPECT_TRUE(config->warnings.empty()) << config->warnings.front();
        EXPECT_EQ(file.filename().string(), config->id + ".xml") << "file name is the provider id";
        EXPECT_FALSE(config->display_name.empty());
        EXPECT_FALSE(config->domains.empty());
        EXPECT_GE(config->incoming.size(), 1u);
        EXPECT_GE(config->outgoing.size(), 1u);
        EXPECT_FALSE(config->documentation.empty()) << "every provider links its own help page";
        bool offers_oauth2 = false;
        for (const auto* servers : {&config->incoming, &config->outgoing}) {
            for (const autoconfig::ServerEntry& server : *servers) {
                EXPECT_NE(server.socket_type, autoconfig::SocketType::plain)
                    << server.type << " " << server.hostname << ":" << server.port << " has no TLS";
                EXPECT_FALSE(server.authentication.empty()) << server.hostname;
                EXPECT_FALSE(server.username.empty()) << server.hostname;
                EXPECT_FALSE(server.password.has_value()) << server.hostname;
                offers_oauth2 =
                    offers_oauth2 || std::ranges::find(server.authentication, "OAuth2") !=
                                         server.authentication.end();
            }
        }
        if (offers_oauth2) {
            ASSERT_TRUE(config->oauth2.has_value()) << "OAuth2 servers need an <oAuth2> section";
            EXPECT_FALSE(config->oauth2->issuer.empty());
            EXPECT_FALSE(config->oauth2->scope.empty());
            EXPECT_TRUE(config->oauth2->auth_url.starts_with("https://"));
            EXPECT_TRUE(config->oauth2->token_url.starts_with("https://"));
        }
        for (const std::string& domain : config->domains) {
            const auto [it, added] = owner.emplace(domain, file.filename().string());
            EXPECT_TRUE(added) << domain << " is also claimed by " << it->second;
        }
    }
}

TEST(BundledProviderFiles, CoverTheWidelyUsedProviders) {
    auto providers = profiles::load_bundled_providers(providers_dir);
    ASSERT_TRUE(providers) << providers.error().message;
    for (const char* domain :
         {"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com",
          "msn.com",   "yahoo.com",      "icloud.com",  "me.com",      "mac.com",
          "aol.com",   "gmx.net",        "gmx.de",      "gmx.com",     "web.de",
          "mail.com",  "fastmail.com",   "posteo.de",   "mailbox.org", "zoho.com",
          "yandex.ru", "yandex.com",     "t-online.de", "comcast.net"}) {
        EXPECT_TRUE(providers->by_domain.contains(domain)) << domain;
    }
    const auto& gmail = providers->by_domain.at("googlemail.com");
    EXPECT_EQ(gmail.id, "gmail.com");
    EXPECT_EQ(gmail.incoming.front().hostname, "imap.gmail.com");
    EXPECT_EQ(gmail.incoming.front().port, 993);
    EXPECT_FALSE(gmail.enable.empty()) << "Gmail explains IMAP access and app passwords";
    const auto& outlook = providers->by_domain.at("msn.com");
    EXPECT_EQ(outlook.outgoing.front().hostname, "smtp-mail.outlook.com");
    EXPECT_EQ(outlook.outgoing.front().authentication, std::vector<std::string>{"OAuth2"})
        << "Outlook.com takes OAuth2 only";
}

class BundledProviderLoader : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("maillab-providers-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    void write(const std::string& name, const std::string& text) {
        std::ofstream(dir_ / name, std::ios::binary) << text;
    }

    static std::string provider(const std::string& id, const std::string& domain) {
        return "<clientConfig version=\"1.1\"><emailProvider id=\"" + id + "\"><domain>" + domain +
               "</domain><incomingServer type=\"imap\"><hostname>imap." + domain +
               "</hostname><port>993</port><socketType>SSL</socketType><username>%EMAILADDRESS%"
               "</username><authentication>password-cleartext</authentication></incomingServer>"
               "<outgoingServer type=\"smtp\"><hostname>smtp." +
               domain +
               "</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%"
               "</username><authentication>password-cleartext</authentication></outgoingServer>"
               "</emailProvider></clientConfig>";
    }

    fs::path dir_;
};

TEST_F(BundledProviderLoader, IndexesEveryDomainAndIgnoresOtherFiles) {
    write("a.xml", provider("a.example", "a.example"));
    write("b.xml", provider("b.example", "B.Example"));
    write("README.txt", "not a provider");
    auto providers = profiles::load_bundled_providers(dir_);
    ASSERT_TRUE(providers) << providers.error().message;
    EXPECT_EQ(providers->by_domain.size(), 2u);
    EXPECT_EQ(providers->by_domain.at("b.example").incoming.front().hostname, "imap.B.Example");
}

TEST_F(BundledProviderLoader, ABrokenFileIsAnErrorNamingTheFile) {
    write("good.xml", provider("good.example", "good.example"));
    write("bad.xml", "<clientConfig><emailProvider id=\"x\">");
    auto providers = profiles::load_bundled_providers(dir_);
    ASSERT_FALSE(providers);
    EXPECT_NE(providers.error().message.find("bad.xml"), std::string::npos)
        << providers.error().message;
}

TEST_F(BundledProviderLoader, TwoFilesClaimingOneDomainIsAnError) {
    write("first.xml", provider("first", "shared.example"));
    write("second.xml", provider("second", "SHARED.example"));
    auto providers = profiles::load_bundled_providers(dir_);
    ASSERT_FALSE(providers);
    EXPECT_NE(providers.error().message.find("shared.example"), std::string::npos);
    EXPECT_NE(providers.error().message.find("first.xml"), std::string::npos)
        << providers.error().message;
}

TEST_F(BundledProviderLoader, AFileWithoutAnOutgoingServerIsAnError) {
    write("half.xml", "<clientConfig version=\"1.1\"><emailProvider id=\"half\"><domain>half."
                      "example</domain><incomingServer type=\"imap\"><hostname>imap.half.example"
                      "</hostname><port>993</port><socketType>SSL</socketType></incomingServer>"
                      "</emailProvider></clientConfig>");
    auto providers = profiles::load_bundled_providers(dir_);
    ASSERT_FALSE(providers);
    EXPECT_NE(providers.error().message.find("half.xml"), std::string::npos);
}

TEST_F(BundledProviderLoader, AMissingDirectoryIsAnError) {
    auto providers = profiles::load_bundled_providers(dir_ / "nowhere");
    ASSERT_FALSE(providers);
    EXPECT_NE(providers.error().message.find("nowhere"), std::string::npos);
}

TEST(DefaultAssetsDir, TheEnvironmentWins) {
    ::setenv("MAILLAB_ASSETS", "/somewhere/assets", 1);
    EXPECT_EQ(profiles::default_assets_dir(), fs::path("/somewhere/assets"));
    EXPECT_EQ(profiles::default_providers_dir(), fs::path("/somewhere/assets/providers"));
    ::unsetenv("MAILLAB_ASSETS");
}

TEST(DefaultAssetsDir, ABuildInsideTheSourceTreeFindsTheSourceAssets) {
    ::unsetenv("MAILLAB_ASSETS");
    const fs::path exe = fs::read_symlink("/proc/self/exe");
    const fs::path source = fs::weakly_canonical(source_dir);
    const auto [end, _] = std::ranges::mismatch(source, exe);
    if (end != source.end()) {
        GTEST_SKIP() << "the test binary " << exe << " is not inside " << source;
    }
    const fs::path found = profiles::default_assets_dir();
    ASSERT_FALSE(found.empty());
    EXPECT_TRUE(fs::equivalent(found, source / "assets")) << found;
}

} // namespace
