// Discovery against real DNS (dnsmasq) and HTTPS (the lab's discovery server): one domain per
// kind of source, each answered by the source that applies.
#include "maillab/discovery/discover.hpp"
#include "test_servers.hpp"

#include <gtest/gtest.h>

namespace maillab::testing {
namespace {

using autoconfig::SourceKind;

DiscoverOptions lab_options(TestServers* servers) {
    DiscoverOptions options;
    options.net = servers->net_options();
    options.ispdb_base_url = "https://ispdb.maillab.test/v1.1/";
    return options;
}

const autoconfig::Candidate& best(const autoconfig::DiscoveryResult& result) {
    return result.candidates.at(result.best.value());
}

std::string events(const autoconfig::DiscoveryResult& result) {
    std::string text;
    for (const auto& e : result.events)
        text += std::string(to_string(e.source)) + " " + std::string(to_string(e.kind)) + " " +
                e.detail + "\n";
    return text;
}

struct Expectation {
    const char* domain;
    SourceKind source;
    bool trusted;
    const char* first_incoming_host;
};

class DiscoverEachKind : public ::testing::TestWithParam<Expectation> {};

TEST_P(DiscoverEachKind, TheSourceThatAppliesAnswers) {
    MAILLAB_REQUIRE_SERVERS(servers);
    const auto expected = GetParam();
    auto result = discover(std::string("alice@") + expected.domain, lab_options(servers));
    ASSERT_TRUE(result.ok()) << result.error().message;
    ASSERT_TRUE(result->best) << events(*result);
    const auto& candidate = best(*result);
    EXPECT_EQ(candidate.source, expected.source) << events(*result);
    EXPECT_EQ(candidate.trusted, expected.trusted) << candidate.origin;
    ASSERT_FALSE(candidate.config.incoming.empty());
    EXPECT_EQ(candidate.config.incoming[0].hostname, expected.first_incoming_host);
    EXPECT_FALSE(candidate.config.outgoing.empty());
    EXPECT_FALSE(candidate.password_recipients.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Lab, DiscoverEachKind,
    ::testing::Values(Expectation{"autoconf.test", SourceKind::isp_https, true, "imap.maillab.test"},
                      Expectation{"wellknown.test", SourceKind::isp_https, true, "imap.maillab.test"},
                      Expectation{"ispdbonly.test", SourceKind::ispdb, true, "imap.maillab.test"},
                      Expectation{"mxonly.test", SourceKind::mx, false, "imap.maillab.test"},
                      Expectation{"adtest.test", SourceKind::autodiscover, true, "imap.maillab.test"},
                      Expectation{"srvonly.test", SourceKind::srv, false, "imap.maillab.test"},
                      Expectation{"guessonly.test", SourceKind::guess, false, "imap.guessonly.test"},
                      Expectation{"httponly.test", SourceKind::isp_http, false, "imap.maillab.test"},
                      Expectation{"downgrade.test", SourceKind::isp_https, false,
                                  "imap.maillab.test"}),
    [](const auto& info) {
        std::string name = info.param.domain;
        for (auto& c : name)
            if (c == '.' || c == '-')
                c = '_';
        return name;
    });

TEST(Discover, EveryServerOfTheFileIsKeptInDocumentOrderWithPlaceholdersExpanded) {
    MAILLAB_REQUIRE_SERVERS(servers);
    auto result = discover("alice@autoconf.test", lab_options(servers));
    ASSERT_TRUE(result.ok() && result->best);
    const auto& config = best(*result).config;
    ASSERT_EQ(config.incoming.size(), 2u);
    EXPECT_EQ(config.incoming[0].type, "imap");
    EXPECT_EQ(config.incoming[1].type, "pop3");
    EXPECT_EQ(config.incoming[0].username, "alice@autoconf.test");
}

TEST(Discover, AutodiscoverRedirectedToAForeignDomainGetsNoCredentialsWithoutConsent) {
    MAILLAB_REQUIRE_SERVERS(servers);
    const auto log_before = servers->log_size("MAILLAB_TEST_DISCOVERY_LOG");
    auto options = lab_options(servers);
    options.password = "not-a-real-password-1";
    std::vector<std::string> asked;
    options.consent = [&](const std::string& host, const std::string&) {
        asked.push_back(host);
        return false;
    };
    auto result = discover("alice@foreignredirect.test", options);
    ASSERT_TRUE(result.ok() && result->best) << events(*result);
    const auto& candidate = best(*result);
    EXPECT_EQ(candidate.source, SourceKind::autodiscover);
    EXPECT_FALSE(candidate.trusted) << "settings from another domain need confirmation";
    EXPECT_EQ(asked, (std::vector<std::string>{"autodiscover.evil-other.test"}));
    const auto log = servers->read_log("MAILLAB_TEST_DISCOVERY_LOG").substr(log_before);
    EXPECT_NE(log.find("POST autodiscover.foreignredirect.test /autodiscover/autodiscover.xml auth=yes"),
              std::string::npos)
        << log;
    EXPECT_NE(log.find("POST autodiscover.evil-other.test /autodiscover/autodiscover.xml auth=no"),
              std::string::npos)
        << log;
    EXPECT_EQ(log.find("evil-other.test /autodiscover/autodiscover.xml auth=yes"), std::string::npos)
        << log;
}

TEST(Discover, WithConsentTheRedirectTargetGetsTheCredentials) {
    MAILLAB_REQUIRE_SERVERS(servers);
    const auto log_before = servers->log_size("MAILLAB_TEST_DISCOVERY_LOG");
    auto options = lab_options(servers);
    options.password = "not-a-real-password-1";
    options.consent = [](const std::string&, const std::string&) { return true; };
    auto result = discover("alice@foreignredirect.test", options);
    ASSERT_TRUE(result.ok() && result->best);
    const auto log = servers->read_log("MAILLAB_TEST_DISCOVERY_LOG").substr(log_before);
    EXPECT_NE(log.find("POST autodiscover.evil-other.test /autodiscover/autodiscover.xml auth=yes"),
              std::string::npos)
        << log;
}

TEST(Discover, ABodyLargerThanTheCapIsCutAndNamed) {
    MAILLAB_REQUIRE_SERVERS(servers);
    auto result = discover("alice@big.test", lab_options(servers));
    ASSERT_TRUE(result.ok());
    EXPECT_NE(events(*result).find("larger than 1 MiB"), std::string::npos) << events(*result);
}

TEST(Discover, OfflineNeverAsksTheIspdb) {
    MAILLAB_REQUIRE_SERVERS(servers);
    const auto log_before = servers->log_size("MAILLAB_TEST_DISCOVERY_LOG");
    auto options = lab_options(servers);
    options.offline = true;
    auto result = discover("alice@ispdbonly.test", options);
    ASSERT_TRUE(result.ok());
    EXPECT_FALSE(result->best) << events(*result);
    const auto log = servers->read_log("MAILLAB_TEST_DISCOVERY_LOG").substr(log_before);
    EXPECT_EQ(log.find("ispdb.maillab.test"), std::string::npos) << log;
}

TEST(Discover, ADomainWithNothingHasNoAnswerAndEverySourceSaysWhy) {
    MAILLAB_REQUIRE_SERVERS(servers);
    auto result = discover("alice@nothing.test", lab_options(servers));
    ASSERT_TRUE(result.ok());
    EXPECT_FALSE(result->best);
    int finished = 0;
    for (const auto& e : result->events)
        finished += e.kind != autoconfig::ProgressKind::started;
    EXPECT_GE(finished, 7) << events(*result);
}

TEST(Discover, ADeadSourceDoesNotHoldUpALowerRankedAnswer) {
    MAILLAB_REQUIRE_SERVERS(servers);
    // slow.test answers every https request after 30 s: the run must end at the sources' own
    // deadlines, not when the server finally answers.
    auto options = lab_options(servers);
    options.timeouts.isp = std::chrono::milliseconds(1500);
    options.timeouts.autodiscover = std::chrono::milliseconds(1500);
    auto started = std::chrono::steady_clock::now();
    auto result = discover("alice@slow.test", options);
    auto took = std::chrono::steady_clock::now() - started;
    ASSERT_TRUE(result.ok());
    EXPECT_LT(took, std::chrono::seconds(6)) << events(*result);
}

} // namespace
} // namespace maillab::testing
