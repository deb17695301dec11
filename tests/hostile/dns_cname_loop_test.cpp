// CNAME loops (a → b → a, and a name that is its own alias) for address, MX and SRV lookups: the
// lookup ends at once with an error naming the loop (as a resolver's SERVFAIL would: the domain's
// DNS is broken), the MX and SRV discovery sources find nothing and say why, `maillab discover`
// finds no settings, and nothing is chased forever.
#include "dns_fixture.hpp"

namespace maillab::hostile {
namespace {

using dns::cname_record;

std::vector<dns::Record> loop_between(const std::string& a, const std::string& b) {
    return {cname_record(a, b), cname_record(b, a)};
}

// Every type a lookup of `name` may ask, answered with the same records.
void answer_all_types(ScriptedDnsServer& server, const std::string& name,
                      const std::vector<dns::Record>& records) {
    for (std::uint16_t type : {dns::type_a, dns::type_aaaa, dns::type_mx, dns::type_srv})
        server.on(name, type, DnsReply::records(records));
}

// Each mail service's SRV name is its own alias.
void every_service_name_loops(ScriptedDnsServer& server) {
    for (const auto& service : autoconfig::mail_services()) {
        const std::string name = service_name(service);
        server.on(name, dns::type_srv, DnsReply::records({cname_record(name, name)}));
    }
}

TEST(HostileDns, AnAddressLookupThroughACnameLoopEndsAtOnceNamingTheLoop) {
    ScriptedDnsServer server;
    const std::string a = in_domain("a"), b = in_domain("b");
    answer_all_types(server, a, loop_between(a, b));
    Stopwatch stopwatch;
    auto lookup = net::lookup_host(a, dns_at(server), lookup_ends());
    EXPECT_LT(stopwatch.elapsed(), 1s);
    EXPECT_EQ(lookup.status, net::HostLookup::Status::failed);
    EXPECT_TRUE(lookup.addresses.empty());
    EXPECT_NE(lookup.error.find("CNAME loop"), std::string::npos) << lookup.error;
    EXPECT_NE(lookup.error.find(b), std::string::npos) << lookup.error;
}

TEST(HostileDns, AnAddressLookupOfANameThatIsItsOwnAliasEndsAtOnceNamingTheLoop) {
    ScriptedDnsServer server;
    const std::string a = in_domain("self");
    answer_all_types(server, a, {cname_record(a, a)});
    Stopwatch stopwatch;
    auto lookup = net::lookup_host(a, dns_at(server), lookup_ends());
    EXPECT_LT(stopwatch.elapsed(), 1s);
    EXPECT_EQ(lookup.status, net::HostLookup::Status::failed);
    EXPECT_NE(lookup.error.find("CNAME loop"), std::string::npos) << lookup.error;
}

TEST(HostileDns, AliasesThatPointAtEachOtherAcrossQueriesAreNotChasedForever) {
    // Each name's answer holds only its own CNAME: a resolver that chased aliases itself would
    // ask a, b, a, b, ... for ever.
    ScriptedDnsServer server;
    const std::string a = in_domain("ping"), b = in_domain("pong");
    answer_all_types(server, a, {cname_record(a, b)});
    answer_all_types(server, b, {cname_record(b, a)});
    Stopwatch stopwatch;
    auto lookup = net::lookup_host(a, dns_at(server), lookup_ends());
    auto mx = net::lookup_mx(a, dns_at(server), lookup_ends());
    EXPECT_LT(stopwatch.elapsed(), 1s);
    EXPECT_NE(lookup.status, net::HostLookup::Status::found);
    ASSERT_TRUE(mx.ok()) << mx.error().message;
    EXPECT_TRUE(mx->empty());
    // A and AAAA for the address, A again to see whether the aliases loop, MX once.
    EXPECT_LE(server.times_asked(a), 4u);
    EXPECT_LE(server.times_asked(b), 4u);
}

TEST(HostileDns, AnMxLookupThroughACnameLoopFailsNamingTheLoop) {
    ScriptedDnsServer server;
    const std::string mail = in_domain("mail");
    server.on(dns_domain, dns::type_mx, DnsReply::records(loop_between(dns_domain, mail)));
    Stopwatch stopwatch;
    auto mx = net::lookup_mx(dns_domain, dns_at(server), lookup_ends());
    EXPECT_LT(stopwatch.elapsed(), 1s);
    ASSERT_FALSE(mx.ok());
    EXPECT_EQ(mx.error().outcome, Outcome::dns_failed);
    EXPECT_NE(mx.error().message.find("CNAME loop"), std::string::npos) << mx.error().message;
    EXPECT_NE(mx.error().message.find(mail), std::string::npos) << mx.error().message;
}

TEST(HostileDns, TheMxSourceFindsNothingThroughACnameLoopAndSaysSo) {
    ScriptedDnsServer server;
    server.on(dns_domain, dns::type_mx, DnsReply::records({cname_record(dns_domain, dns_domain)}));
    auto source = autoconfig::mx_source(dns_context(server));
    Stopwatch stopwatch;
    auto outcome = source.run(lookup_ends(), autoconfig::StopFlag{});
    EXPECT_LT(stopwatch.elapsed(), 1s);
    EXPECT_FALSE(outcome.candidate.has_value());
    EXPECT_TRUE(outcome.failed); // broken DNS, not "the domain has no MX"
    EXPECT_NE(outcome.reason.find("CNAME loop"), std::string::npos) << outcome.reason;
}

TEST(HostileDns, AnSrvLookupThroughACnameLoopFailsNamingTheLoop) {
    ScriptedDnsServer server;
    const std::string service = in_domain("_imaps._tcp");
    server.on(service, dns::type_srv, DnsReply::records(loop_between(service, in_domain("x"))));
    Stopwatch stopwatch;
    auto srv = net::lookup_srv(service, dns_at(server), lookup_ends());
    EXPECT_LT(stopwatch.elapsed(), 1s);
    ASSERT_FALSE(srv.ok());
    EXPECT_NE(srv.error().message.find("CNAME loop"), std::string::npos) << srv.error().message;
}

TEST(HostileDns, TheSrvSourceFindsNothingWhenEveryServiceNameLoopsAndSaysSo) {
    ScriptedDnsServer server;
    every_service_name_loops(server);
    auto source = autoconfig::srv_source(dns_context(server));
    Stopwatch stopwatch;
    auto outcome = source.run(lookup_ends(), autoconfig::StopFlag{});
    EXPECT_LT(stopwatch.elapsed(), 1s);
    EXPECT_FALSE(outcome.candidate.has_value());
    EXPECT_NE(outcome.reason.find("CNAME loop"), std::string::npos) << outcome.reason;
}

TEST(HostileDns, DiscoverFromTheCommandLineNamesTheCnameLoopsAndFindsNothing) {
    ScriptedDnsServer server;
    const std::string mail = in_domain("mail");
    server.on(dns_domain, dns::type_mx, DnsReply::records(loop_between(dns_domain, mail)));
    every_service_name_loops(server);
    auto run = discover_finding_nothing(server);
    EXPECT_NE(run.output.find("No settings found"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("CNAME loop " + std::string(dns_domain) + " \u2192 " + mail),
              std::string::npos)
        << run.output;
    const std::string imaps = in_domain("_imaps._tcp");
    EXPECT_NE(run.output.find("CNAME loop " + imaps + " \u2192 " + imaps), std::string::npos)
        << run.output;
}

} // namespace
} // namespace maillab::hostile
