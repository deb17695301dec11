// maillab dns against the lab's dnsmasq: the JSON a script sees, the readable report, and exit
// codes 0/1/2.
#include "cli_runner.hpp"
#include "test_servers.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace maillab::testing {
namespace {

namespace json = boost::json;

std::string resolver(TestServers* servers) {
    return "--resolver " + servers->value("MAILLAB_TEST_DNS") + " --timeout 15";
}

// The check with this name from `maillab dns --json` output (fails the test when absent).
json::object check_named(const json::object& report, const std::string& name) {
    for (const auto& check : report.at("checks").as_array())
        if (check.as_object().at("name").as_string() == name)
            return check.as_object();
    ADD_FAILURE() << "no check named " << name << " in " << json::serialize(report);
    return {};
}

std::string verdict(const json::object& check) {
    return check.empty() ? "" : std::string(check.at("verdict").as_string());
}

std::string summary(const json::object& check) {
    return check.empty() ? "" : std::string(check.at("summary").as_string());
}

bool any_detail_contains(const json::object& check, const std::string& part) {
    if (check.empty())
        return false;
    for (const auto& detail : check.at("details").as_array())
        if (std::string(detail.as_string()).find(part) != std::string::npos)
            return true;
    return false;
}

TEST(DnsCommand, JsonJudgesTheLabDomainAndExitsZero) {
    MAILLAB_REQUIRE_SERVERS(servers);
    auto run = run_cli("dns maillab.test " + resolver(servers) + " --json", Stderr::discarded);
    ASSERT_EQ(run.exit_code, 0) << run.output;
    auto report = json::parse(run.output).as_object();
    EXPECT_EQ(report.at("domain").as_string(), "maillab.test");

    std::vector<std::string> names;
    for (const auto& check : report.at("checks").as_array())
        names.emplace_back(check.as_object().at("name").as_string());
    EXPECT_EQ(names, (std::vector<std::string>{"mx", "spf", "dmarc", "autoconfig", "autodiscover",
                                               "srv"}));

    auto mx = check_named(report, "mx");
    EXPECT_EQ(verdict(mx), "ok") << summary(mx);
    EXPECT_EQ(summary(mx), "mail for maillab.test goes to mail.maillab.test (preference 10)");
    EXPECT_TRUE(any_detail_contains(mx, "MX 10 mail.maillab.test → 127.0.10.1"));

    auto spf = check_named(report, "spf");
    EXPECT_EQ(verdict(spf), "ok") << summary(spf);
    EXPECT_EQ(summary(spf).rfind("-all: strict", 0), 0u) << summary(spf);
    EXPECT_TRUE(any_detail_contains(spf, "DNS lookups: 1 of 10"));

    auto dmarc = check_named(report, "dmarc");
    EXPECT_EQ(verdict(dmarc), "ok") << summary(dmarc);
    EXPECT_EQ(summary(dmarc), "p=reject: receivers reject failing mail");

    auto srv = check_named(report, "srv");
    EXPECT_EQ(verdict(srv), "ok") << summary(srv);
    EXPECT_TRUE(any_detail_contains(srv, "_imaps._tcp.maillab.test → imap.maillab.test:993"));
    EXPECT_TRUE(any_detail_contains(srv, "_pop3s._tcp.maillab.test → pop.maillab.test:995"));
    EXPECT_TRUE(any_detail_contains(srv, "_submission._tcp.maillab.test → smtp.maillab.test:587"));
    EXPECT_TRUE(any_detail_contains(srv, "_submissions._tcp.maillab.test → smtp.maillab.test:465"));
    EXPECT_TRUE(any_detail_contains(srv, "_imap._tcp.maillab.test: no record"));

    // The lab serves no autoconfig.maillab.test or autodiscover.maillab.test.
    EXPECT_EQ(verdict(check_named(report, "autoconfig")), "missing");
    EXPECT_EQ(verdict(check_named(report, "autodiscover")), "missing");
}

TEST(DnsCommand, AnUnknownDkimSelectorIsMissingButNoProblem) {
    MAILLAB_REQUIRE_SERVERS(servers);
    auto run = run_cli("dns maillab.test " + resolver(servers) +
                           " --json --dkim-selector s1 --dkim-selector=mail2024",
                       Stderr::discarded);
    ASSERT_EQ(run.exit_code, 0) << run.output;
    auto report = json::parse(run.output).as_object();
    auto s1 = check_named(report, "dkim:s1");
    EXPECT_EQ(verdict(s1), "missing");
    EXPECT_EQ(summary(s1).rfind("no DKIM key for selector s1", 0), 0u) << summary(s1);
    EXPECT_EQ(verdict(check_named(report, "dkim:mail2024")), "missing");
}

TEST(DnsCommand, ADomainThatDoesNotExistCannotReceiveMailAndExitsOne) {
    MAILLAB_REQUIRE_SERVERS(servers);
    auto run = run_cli("dns nosuchdomain.test " + resolver(servers) + " --json", Stderr::discarded);
    ASSERT_EQ(run.exit_code, 1) << run.output;
    auto report = json::parse(run.output).as_object();
    auto mx = check_named(report, "mx");
    EXPECT_EQ(verdict(mx), "problem");
    EXPECT_EQ(summary(mx), "no MX and no address: mail for nosuchdomain.test cannot be delivered");
    EXPECT_EQ(verdict(check_named(report, "spf")), "missing");
    EXPECT_EQ(verdict(check_named(report, "dmarc")), "missing");
    EXPECT_EQ(verdict(check_named(report, "srv")), "missing");
}

TEST(DnsCommand, TheReadableReportHasOneSectionPerCheckWithMarks) {
    MAILLAB_REQUIRE_SERVERS(servers);
    auto run = run_cli("dns MAILLAB.TEST " + resolver(servers));
    ASSERT_EQ(run.exit_code, 0) << run.output;
    EXPECT_NE(run.output.find("DNS checks for maillab.test"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("✓ MX: mail for maillab.test goes to mail.maillab.test"),
              std::string::npos)
        << run.output;
    EXPECT_NE(run.output.find("✓ SPF: -all: strict"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("✓ DMARC: p=reject: receivers reject failing mail"),
              std::string::npos)
        << run.output;
    EXPECT_NE(run.output.find("– Autoconfig: "), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("✓ SRV: "), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("0 problems"), std::string::npos) << run.output;
}

TEST(DnsCommand, AMailAddressAndAnInternationalDomainAreAccepted) {
    MAILLAB_REQUIRE_SERVERS(servers);
    auto address =
        run_cli("dns alice@maillab.test " + resolver(servers) + " --json", Stderr::discarded);
    ASSERT_EQ(address.exit_code, 0) << address.output;
    EXPECT_EQ(json::parse(address.output).as_object().at("domain").as_string(), "maillab.test");

    auto idn = run_cli("dns bücher.test " + resolver(servers) + " --json", Stderr::discarded);
    EXPECT_EQ(idn.exit_code, 1) << idn.output; // the lab has no such domain
    EXPECT_EQ(json::parse(idn.output).as_object().at("domain").as_string(), "xn--bcher-kva.test");
}

TEST(DnsCommand, BadUsageAndBadInputExitTwoWithAMessage) {
    auto none = run_cli("dns");
    EXPECT_EQ(none.exit_code, 2) << none.output;
    EXPECT_NE(none.output.find("give exactly one DOMAIN"), std::string::npos) << none.output;

    auto ip = run_cli("dns 192.0.2.1");
    EXPECT_EQ(ip.exit_code, 2) << ip.output;
    EXPECT_NE(ip.output.find("is an IP address"), std::string::npos) << ip.output;

    auto bad_name = run_cli("dns 'exa mple.com'");
    EXPECT_EQ(bad_name.exit_code, 2) << bad_name.output;

    auto selector = run_cli("dns maillab.test --dkim-selector 'bad/selector'");
    EXPECT_EQ(selector.exit_code, 2) << selector.output;
    EXPECT_NE(selector.output.find("--dkim-selector"), std::string::npos) << selector.output;

    auto timeout = run_cli("dns maillab.test --timeout soon");
    EXPECT_EQ(timeout.exit_code, 2) << timeout.output;
    EXPECT_NE(timeout.output.find("--timeout"), std::string::npos) << timeout.output;

    auto unknown = run_cli("dns maillab.test --ca-file x.pem");
    EXPECT_EQ(unknown.exit_code, 2) << unknown.output;
}

} // namespace
} // namespace maillab::testing
