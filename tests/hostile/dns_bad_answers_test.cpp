// Answers that are not answers: another transaction ID, bytes that are no DNS message, silence
// (each ignored, so the lookup times out at its deadline); a record count that lies and a
// server failure (clear errors, never "no records"); and a huge answer read only up to a bound.
#include "dns_fixture.hpp"

namespace maillab::hostile {
namespace {

// Short: the ignored answers wait the whole deadline.
constexpr auto short_deadline = 1500ms;

std::vector<dns::Record> one_mx() {
    return {dns::mx_record(dns_domain, 10, in_domain("mx"))};
}

net::NetResult<std::vector<autoconfig::MxRecord>> short_mx_lookup(const ScriptedDnsServer& server) {
    return net::lookup_mx(dns_domain, dns_at(server),
                          std::chrono::steady_clock::now() + short_deadline);
}

TEST(HostileDns, AnAnswerWithAnotherTransactionIdIsIgnoredUntilTheDeadline) {
    ScriptedDnsServer server;
    server.on(dns_domain, dns::type_mx, DnsReply::from_wrong_id(one_mx()));
    Stopwatch stopwatch;
    auto mx = short_mx_lookup(server);
    EXPECT_GE(stopwatch.elapsed(), short_deadline - 100ms);
    EXPECT_LT(stopwatch.elapsed(), short_deadline + deadline_margin);
    ASSERT_FALSE(mx.ok()) << "an answer to another query was taken";
    EXPECT_EQ(mx.error().outcome, Outcome::timeout);
}

TEST(HostileDns, GarbageThatCarriesTheQueryIdIsIgnoredUntilTheDeadline) {
    ScriptedDnsServer server;
    server.on(dns_domain, dns::type_mx, DnsReply::garbage_bytes());
    Stopwatch stopwatch;
    auto mx = short_mx_lookup(server);
    EXPECT_GE(stopwatch.elapsed(), short_deadline - 100ms);
    EXPECT_LT(stopwatch.elapsed(), short_deadline + deadline_margin);
    ASSERT_FALSE(mx.ok());
    EXPECT_EQ(mx.error().outcome, Outcome::timeout);
}

TEST(HostileDns, AnAnswerWhoseRecordCountLiesIsRejectedAsMalformed) {
    // The header claims 1000 records; one follows.
    ScriptedDnsServer server;
    server.on(dns_domain, dns::type_mx, DnsReply::with_claimed_count(one_mx(), 1000));
    Stopwatch stopwatch;
    auto mx = net::lookup_mx(dns_domain, dns_at(server), lookup_ends());
    EXPECT_LT(stopwatch.elapsed(), 1s);
    ASSERT_FALSE(mx.ok()) << "a malformed answer passed";
    EXPECT_EQ(mx.error().outcome, Outcome::dns_failed);
    // c-ares's parser runs past the one record: "dnsvictim.test MX: Misformatted domain name".
    EXPECT_NE(mx.error().message.find(std::string(dns_domain) + " MX: "), std::string::npos)
        << mx.error().message;
}

TEST(HostileDns, AServerFailureIsAnErrorNotAnEmptyAnswer) {
    ScriptedDnsServer server;
    server.on(dns_domain, dns::type_mx, DnsReply::with_rcode(dns::rcode_servfail));
    auto mx = net::lookup_mx(dns_domain, dns_at(server), lookup_ends());
    ASSERT_FALSE(mx.ok()) << "SERVFAIL passed for \"no MX records\"";
    EXPECT_EQ(mx.error().outcome, Outcome::dns_failed);
    // c-ares asks again (3 tries in all), then reports every try failing.
    EXPECT_NE(mx.error().message.find("SERVFAIL"), std::string::npos) << mx.error().message;
    EXPECT_LE(server.times_asked(dns_domain), 3u);
}

TEST(HostileDns, AServerThatSaysNothingTimesOutAtTheDeadlineWithAClearError) {
    ScriptedDnsServer server;
    server.on(dns_domain, dns::type_mx, DnsReply::stalled());
    Stopwatch stopwatch;
    auto mx = short_mx_lookup(server);
    EXPECT_LT(stopwatch.elapsed(), short_deadline + deadline_margin);
    ASSERT_FALSE(mx.ok());
    EXPECT_EQ(mx.error().outcome, Outcome::timeout);
    EXPECT_NE(mx.error().message.find(dns_domain), std::string::npos) << mx.error().message;
}

TEST(HostileDns, AHugeMxAnswerIsReadOnlyUpToABound) {
    // About 60 KB over TCP (UDP gets TC=1): far more records than any domain needs.
    ScriptedDnsServer server;
    std::vector<dns::Record> records;
    for (int i = 0; i < 1500; ++i)
        records.push_back(dns::mx_record(dns_domain, static_cast<std::uint16_t>(i),
                                         "m" + std::to_string(i) + ".x.test"));
    server.on(dns_domain, dns::type_mx, DnsReply::records(std::move(records)));
    Stopwatch stopwatch;
    auto mx = net::lookup_mx(dns_domain, dns_at(server), lookup_ends());
    EXPECT_LT(stopwatch.elapsed(), 1s);
    ASSERT_TRUE(mx.ok()) << mx.error().message;
    EXPECT_EQ(mx->size(), 64u);
    EXPECT_EQ(server.times_asked(dns_domain, dns::type_mx, DnsTransport::tcp), 1u);
}

TEST(HostileDns, AHugeAddressAnswerIsReadOnlyUpToABound) {
    ScriptedDnsServer server;
    const std::string host = in_domain("many");
    std::vector<dns::Record> records;
    for (int i = 0; i < 1500; ++i)
        records.push_back(dns::a_record(host, "127.1." + std::to_string(i / 250) + "." +
                                                  std::to_string(i % 250)));
    server.on(host, dns::type_a, DnsReply::records(std::move(records)));
    Stopwatch stopwatch;
    auto lookup = net::lookup_host(host, dns_at(server), lookup_ends());
    EXPECT_LT(stopwatch.elapsed(), 1s);
    ASSERT_EQ(lookup.status, net::HostLookup::Status::found) << lookup.error;
    EXPECT_EQ(lookup.addresses.size(), net::max_host_addresses);
    EXPECT_EQ(lookup.addresses.front(), "127.1.0.0");
}

} // namespace
} // namespace maillab::hostile
