#include "maillab/net/static_zone.hpp"
#include "maillab/verify/verify.hpp"
#include "net/dns_records.hpp"
#include "net/resolver.hpp"

#include <chrono>
#include <gtest/gtest.h>
#include <memory>

namespace {

using maillab::StaticZone;
using maillab::net::Clock;
using maillab::net::DnsSettings;

std::shared_ptr<const StaticZone> lab_zone() {
    auto zone = std::make_shared<StaticZone>();
    zone->domain = "lab.maillab.test";
    zone->hosts["imap.lab.maillab.test"] = {"127.0.0.1"};
    zone->hosts["Smtp.Lab.Maillab.Test"] = {"127.0.0.1", "::1"};
    zone->mx = {{10, "mx.lab.maillab.test"}};
    zone->srv["_imaps._tcp.lab.maillab.test"] = {{0, 1, 993, "imap.lab.maillab.test"}};
    zone->txt["lab.maillab.test"] = {"v=spf1 -all"};
    zone->ports = {{993, 40993}, {587, 40587}};
    return zone;
}

Clock::time_point soon() {
    return Clock::now() + std::chrono::seconds(2);
}

TEST(StaticZone, CoversTheDomainAndNamesBelowItOnly) {
    auto zone = lab_zone();
    EXPECT_TRUE(zone->covers("lab.maillab.test"));
    EXPECT_TRUE(zone->covers("IMAP.lab.maillab.test."));
    EXPECT_FALSE(zone->covers("evil-lab.maillab.test"));
    EXPECT_FALSE(zone->covers("maillab.test"));
    EXPECT_FALSE(zone->covers("example.com"));
    EXPECT_FALSE(StaticZone{}.covers("anything"));
}

TEST(StaticZone, MapsPortsOfItsHostsAndClosesTheOthers) {
    auto zone = lab_zone();
    EXPECT_EQ(zone->port_for("imap.lab.maillab.test", 993), 40993);
    EXPECT_EQ(zone->port_for("smtp.lab.maillab.test", 587), 40587);
    EXPECT_EQ(zone->port_for("smtp.lab.maillab.test", 25), std::nullopt);
    EXPECT_EQ(zone->port_for("smtp.example.com", 25), 25);
}

TEST(StaticZone, AnswersHostLookupsWithoutDnsAndNamesMissingHosts) {
    const DnsSettings dns{std::string("127.0.0.1:1"), lab_zone(), nullptr}; // a server nobody answers on
    auto found = maillab::net::resolve_host("smtp.lab.maillab.test", dns, soon());
    ASSERT_TRUE(found);
    EXPECT_EQ(*found, (std::vector<std::string>{"127.0.0.1", "::1"}));
    auto missing = maillab::net::lookup_host("pop.lab.maillab.test", dns, soon());
    EXPECT_EQ(missing.status, maillab::net::HostLookup::Status::not_found);
    EXPECT_NE(missing.error.find("lab.maillab.test"), std::string::npos);
}

TEST(StaticZone, AnswersMxSrvAndTxtForItsNames) {
    const DnsSettings dns{std::string("127.0.0.1:1"), lab_zone(), nullptr};
    auto mx = maillab::net::lookup_mx("lab.maillab.test", dns, soon());
    ASSERT_TRUE(mx);
    ASSERT_EQ(mx->size(), 1u);
    EXPECT_EQ((*mx)[0].host, "mx.lab.maillab.test");
    auto no_mx = maillab::net::lookup_mx("imap.lab.maillab.test", dns, soon());
    ASSERT_TRUE(no_mx);
    EXPECT_TRUE(no_mx->empty());
    auto srv = maillab::net::lookup_srv("_imaps._tcp.lab.maillab.test", dns, soon());
    ASSERT_TRUE(srv);
    ASSERT_EQ(srv->size(), 1u);
    EXPECT_EQ((*srv)[0].port, 993);
    auto txt = maillab::net::lookup_txt("LAB.maillab.test", dns, soon());
    ASSERT_TRUE(txt);
    EXPECT_EQ(*txt, (std::vector<std::string>{"v=spf1 -all"}));
}

TEST(StaticZone, AClosedPortFailsTheCheckBeforeAnyConnection) {
    maillab::NetOptions options;
    options.zone = lab_zone();
    options.timeout = std::chrono::seconds(3);
    maillab::ServerSettings smtp;
    smtp.host = "smtp.lab.maillab.test";
    smtp.port = 25;
    smtp.security = maillab::Security::starttls;
    smtp.username = "alex@lab.maillab.test";
    auto result = maillab::probe_capabilities(maillab::ServerRole::smtp, smtp, options);
    EXPECT_EQ(result.outcome, maillab::Outcome::connect_failed);
    EXPECT_FALSE(result.credentials_sent);
    EXPECT_NE(result.message.find("25"), std::string::npos) << result.message;
}

} // namespace

namespace {

TEST(Resolver, AnIpAddressResolvesToItselfWithoutAQueryWithOrWithoutBrackets) {
    const DnsSettings nowhere{"192.0.2.1:53", nullptr, nullptr}; // never asked
    for (const auto& [host, address] :
         std::vector<std::pair<std::string, std::string>>{{"127.0.0.1", "127.0.0.1"},
                                                          {"::1", "::1"},
                                                          {"[::1]", "::1"},
                                                          {"[2001:db8::7]", "2001:db8::7"}}) {
        auto resolved = maillab::net::resolve_host(host, nowhere, soon());
        ASSERT_TRUE(resolved) << host;
        EXPECT_EQ(*resolved, std::vector<std::string>{address}) << host;
    }
}

} // namespace
