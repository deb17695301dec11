// SRV target "." (RFC 2782: "the service is decidedly not available at this domain"): discovery
// reports the service as not offered and never looks up or connects to a host ".", alone or
// mixed among real records.
#include "dns_fixture.hpp"

namespace maillab::hostile {
namespace {

void no_service_offered(ScriptedDnsServer& server) {
    for (const auto& service : autoconfig::mail_services())
        server.on(service_name(service), dns::type_srv,
                  DnsReply::records({dns::srv_record(service_name(service), 0, 0, 0, ".")}));
}

// Whether anything asked the DNS server about the root or a name starting with a dot.
bool root_was_asked(const ScriptedDnsServer& server) {
    for (const auto& question : server.questions())
        if (question.name.empty() || question.name.front() == '.')
            return true;
    return false;
}

TEST(HostileDns, AnSrvRecordWithTargetRootReadsAsServiceNotOffered) {
    ScriptedDnsServer server;
    const std::string name = in_domain("_imaps._tcp");
    server.on(name, dns::type_srv, DnsReply::records({dns::srv_record(name, 0, 0, 0, ".")}));
    auto records = net::lookup_srv(name, dns_at(server), lookup_ends());
    ASSERT_TRUE(records.ok()) << records.error().message;
    ASSERT_EQ(records->size(), 1u);
    EXPECT_EQ((*records)[0].target, ".");
    auto selection = autoconfig::select_srv(*records, [](std::uint32_t) { return 0u; });
    EXPECT_TRUE(selection.not_offered);
    EXPECT_TRUE(selection.ordered.empty());
}

TEST(HostileDns, TheSrvSourceReportsServicesWithTargetRootAsNotOffered) {
    ScriptedDnsServer server;
    no_service_offered(server);
    auto source = autoconfig::srv_source(dns_context(server));
    Stopwatch stopwatch;
    auto outcome = source.run(lookup_ends(), autoconfig::StopFlag{});
    EXPECT_LT(stopwatch.elapsed(), 1s);
    EXPECT_FALSE(outcome.candidate.has_value());
    EXPECT_FALSE(outcome.failed) << outcome.reason;
    EXPECT_NE(outcome.reason.find("not offered"), std::string::npos) << outcome.reason;
    EXPECT_NE(outcome.reason.find("_imaps._tcp"), std::string::npos) << outcome.reason;
    EXPECT_FALSE(root_was_asked(server));
}

TEST(HostileDns, AnSrvTargetRootAmongRealRecordsIsSkippedAndTheRealTargetsAreUsed) {
    ScriptedDnsServer server;
    const std::string imaps = in_domain("_imaps._tcp");
    const std::string submissions = in_domain("_submissions._tcp");
    // "." first and with the better priority: it must still not be picked.
    server.on(imaps, dns::type_srv,
              DnsReply::records({dns::srv_record(imaps, 0, 0, 0, "."),
                                 dns::srv_record(imaps, 10, 1, 993, in_domain("imap"))}));
    server.on(submissions, dns::type_srv,
              DnsReply::records({dns::srv_record(submissions, 10, 1, 465, in_domain("smtp")),
                                 dns::srv_record(submissions, 5, 0, 465, ".")}));
    auto source = autoconfig::srv_source(dns_context(server));
    auto outcome = source.run(lookup_ends(), autoconfig::StopFlag{});
    ASSERT_TRUE(outcome.candidate.has_value()) << outcome.reason;
    const auto& config = outcome.candidate->config;
    ASSERT_EQ(config.incoming.size(), 1u);
    ASSERT_EQ(config.outgoing.size(), 1u);
    EXPECT_EQ(config.incoming[0].hostname, in_domain("imap"));
    EXPECT_EQ(config.incoming[0].port, 993);
    EXPECT_EQ(config.outgoing[0].hostname, in_domain("smtp"));
    EXPECT_FALSE(root_was_asked(server));
}

TEST(HostileDns, DiscoverFromTheCommandLineNeverTriesAHostNamedRoot) {
    ScriptedDnsServer server;
    no_service_offered(server);
    server.on(
        in_domain("_autodiscover._tcp"), dns::type_srv,
        DnsReply::records({dns::srv_record(in_domain("_autodiscover._tcp"), 0, 0, 443, ".")}));
    auto run = discover_finding_nothing(server, "--json");
    EXPECT_NE(run.output.find("\"candidates\":[]"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("not offered"), std::string::npos) << run.output;
    EXPECT_FALSE(root_was_asked(server));
    EXPECT_GE(server.times_asked(in_domain("_imaps._tcp")), 1u);
}

} // namespace
} // namespace maillab::hostile
