// Truncated UDP answers (TC=1): the lookup asks again over TCP and reads the whole answer there;
// when the TCP side refuses, hangs up or says nothing, the lookup fails by its deadline with a
// clear error instead of using the cut answer.
#include "dns_fixture.hpp"

namespace maillab::hostile {
namespace {

std::vector<dns::Record> three_mx() {
    return {dns::mx_record(dns_domain, 10, in_domain("mx1")),
            dns::mx_record(dns_domain, 20, in_domain("mx2")),
            dns::mx_record(dns_domain, 30, in_domain("mx3"))};
}

// UDP says "truncated" with no records; TCP gets `tcp`.
void truncate_mx_over_udp(ScriptedDnsServer& server, DnsReply tcp) {
    server.on(dns_domain, dns::type_mx, DnsTransport::udp, DnsReply::truncated_answer());
    server.on(dns_domain, dns::type_mx, DnsTransport::tcp, std::move(tcp));
}

TEST(HostileDns, ATruncatedMxAnswerIsAskedAgainOverTcpAndReadInFull) {
    ScriptedDnsServer server;
    truncate_mx_over_udp(server, DnsReply::records(three_mx()));
    Stopwatch stopwatch;
    auto mx = net::lookup_mx(dns_domain, dns_at(server), lookup_ends());
    EXPECT_LT(stopwatch.elapsed(), 1s);
    ASSERT_TRUE(mx.ok()) << mx.error().message;
    ASSERT_EQ(mx->size(), 3u);
    EXPECT_EQ((*mx)[0].host, in_domain("mx1"));
    EXPECT_EQ(server.times_asked(dns_domain, dns::type_mx, DnsTransport::udp), 1u);
    EXPECT_EQ(server.times_asked(dns_domain, dns::type_mx, DnsTransport::tcp), 1u);
}

TEST(HostileDns, ATruncatedAddressAnswerIsAskedAgainOverTcpAndReadInFull) {
    ScriptedDnsServer server;
    const std::string host = in_domain("imap");
    server.on(host, dns::type_a, DnsTransport::udp, DnsReply::truncated_answer());
    server.on(host, dns::type_a, DnsTransport::tcp,
              DnsReply::records({dns::a_record(host, "127.0.0.9")}));
    auto lookup = net::lookup_host(host, dns_at(server), lookup_ends());
    EXPECT_EQ(lookup.status, net::HostLookup::Status::found) << lookup.error;
    EXPECT_EQ(lookup.addresses, std::vector<std::string>{"127.0.0.9"});
    EXPECT_GE(server.tcp_connections(), 1);
}

TEST(HostileDns, ATruncatedAnswerWhoseTcpRetryIsRefusedFailsAtOnceWithAClearError) {
    ScriptedDnsServer server(DnsTcp::refuse);
    // The cut answer holds one of three records: taking it would hide the other two.
    server.on(dns_domain, dns::type_mx, DnsReply::truncated_answer({three_mx().front()}));
    Stopwatch stopwatch;
    auto mx = net::lookup_mx(dns_domain, dns_at(server), lookup_ends());
    EXPECT_LT(stopwatch.elapsed(), 1s);
    ASSERT_FALSE(mx.ok()) << "the truncated answer must not pass for \"no MX records\"";
    EXPECT_EQ(mx.error().outcome, Outcome::dns_failed);
    EXPECT_NE(mx.error().message.find("refused"), std::string::npos) << mx.error().message;
}

TEST(HostileDns, ATruncatedAnswerWhoseTcpServerHangsUpFailsAtOnceWithAClearError) {
    ScriptedDnsServer server;
    truncate_mx_over_udp(server, DnsReply::hung_up());
    Stopwatch stopwatch;
    auto mx = net::lookup_mx(dns_domain, dns_at(server), lookup_ends());
    EXPECT_LT(stopwatch.elapsed(), 1s);
    ASSERT_FALSE(mx.ok()) << "the truncated answer must not pass for \"no MX records\"";
    EXPECT_EQ(mx.error().outcome, Outcome::dns_failed);
    EXPECT_NE(mx.error().message.find("dropped"), std::string::npos) << mx.error().message;
}

TEST(HostileDns, ATruncatedAnswerWhoseTcpServerSaysNothingFailsByTheDeadline) {
    ScriptedDnsServer server;
    truncate_mx_over_udp(server, DnsReply::stalled());
    Stopwatch stopwatch;
    auto mx = net::lookup_mx(dns_domain, dns_at(server), lookup_ends());
    EXPECT_LT(stopwatch.elapsed(), lookup_deadline + deadline_margin);
    ASSERT_FALSE(mx.ok()) << "the truncated answer must not pass for \"no MX records\"";
    // c-ares gives up on the silent TCP server after its own 2 s try, before the deadline.
    EXPECT_NE(mx.error().message.find("did not answer"), std::string::npos) << mx.error().message;
    EXPECT_EQ(server.times_asked(dns_domain, dns::type_mx, DnsTransport::tcp), 1u);
}

TEST(HostileDns, ATcpAnswerWithAnotherTransactionIdIsNotTaken) {
    ScriptedDnsServer server;
    truncate_mx_over_udp(server, DnsReply::from_wrong_id(three_mx()));
    Stopwatch stopwatch;
    auto mx = net::lookup_mx(dns_domain, dns_at(server), lookup_ends());
    EXPECT_LT(stopwatch.elapsed(), lookup_deadline + deadline_margin);
    ASSERT_FALSE(mx.ok()) << "an answer to another query was taken";
}

} // namespace
} // namespace maillab::hostile
