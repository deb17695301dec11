// The lab DNS server's message code on zones the default lab does not have: SRV records, empty
// non-terminals, TXT records longer than 255 bytes, ANY, and truncation to 512 bytes over UDP.
#include "dns_message.hpp"
#include "dns_query.hpp"

#include <gtest/gtest.h>

namespace {

namespace dns = maillab::lab_detail::dns;

std::string query_for(const std::string& name, std::uint16_t type) {
    return lab_test::dns_query(0x2a, name, type);
}

int u16(const std::string& m, std::size_t at) {
    return (static_cast<unsigned char>(m[at]) << 8) | static_cast<unsigned char>(m[at + 1]);
}

struct Answer {
    int type = 0;
    std::string data;
};

// The answer section of a response to query `q` (answers start right after the question).
std::vector<Answer> answers_of(const std::string& response, const std::string& q) {
    std::vector<Answer> out;
    std::size_t at = q.size();
    for (int i = 0; i < u16(response, 6); ++i) {
        EXPECT_EQ(u16(response, at), 0xc00c) << "the owner points at the question";
        Answer a;
        a.type = u16(response, at + 2);
        const auto length = static_cast<std::size_t>(u16(response, at + 10));
        a.data = response.substr(at + 12, length);
        out.push_back(a);
        at += 12 + length;
    }
    return out;
}

maillab::lab::LabZone example_zone() {
    maillab::lab::LabZone zone;
    zone.domain = "example.test";
    zone.addresses["example.test"] = {"192.0.2.1", "2001:db8::1"};
    zone.addresses["imap.example.test"] = {"192.0.2.2"};
    zone.mx = {{5, "mx.example.test"}};
    zone.txt["example.test"] = {"v=spf1 -all"};
    zone.txt["long.example.test"] = {std::string(600, 'x')};
    for (int i = 0; i < 10; ++i)
        zone.txt["many.example.test"].push_back(std::string(200, static_cast<char>('a' + i)));
    zone.srv["_imaps._tcp.example.test"] = {{0, 1, 993, "imap.example.test"}};
    return zone;
}

TEST(LabDnsMessage, SrvRecordsCarryPriorityWeightPortAndTarget) {
    const auto q = query_for("_imaps._tcp.example.test", dns::type_srv);
    const auto reply = dns::answer(q, example_zone(), dns::max_udp_message);
    EXPECT_EQ(reply.detail, "SRV _imaps._tcp.example.test");
    const auto answers = answers_of(reply.response, q);
    ASSERT_EQ(answers.size(), 1u);
    EXPECT_EQ(answers[0].type, dns::type_srv);
    EXPECT_EQ(answers[0].data, std::string("\x00\x00\x00\x01\x03\xe1\x04imap\x07"
                                           "example\x04test\x00",
                                           25));
}

TEST(LabDnsMessage, ANameAboveRecordsExistsWithoutData) {
    const auto reply =
        dns::answer(query_for("_tcp.example.test", dns::type_srv), example_zone(), 512);
    EXPECT_EQ(u16(reply.response, 2) & 0xf, dns::rcode_noerror);
    EXPECT_EQ(u16(reply.response, 6), 0);
    EXPECT_EQ(u16(reply.response, 8), 1) << "the SOA";
    EXPECT_EQ(reply.detail, "SRV _tcp.example.test: no such record");
    const auto nx =
        dns::answer(query_for("x._tcp.example.test", dns::type_srv), example_zone(), 512);
    EXPECT_EQ(u16(nx.response, 2) & 0xf, dns::rcode_nxdomain);
}

TEST(LabDnsMessage, ATxtRecordLongerThan255BytesIsSplitIntoStrings) {
    const auto q = query_for("long.example.test", dns::type_txt);
    const auto answers = answers_of(dns::answer(q, example_zone(), 4096).response, q);
    ASSERT_EQ(answers.size(), 1u);
    ASSERT_EQ(answers[0].data.size(), 603u);
    EXPECT_EQ(static_cast<unsigned char>(answers[0].data[0]), 255);
    EXPECT_EQ(static_cast<unsigned char>(answers[0].data[256]), 255);
    EXPECT_EQ(static_cast<unsigned char>(answers[0].data[512]), 90);
}

TEST(LabDnsMessage, AnAnswerTooLargeForUdpIsTruncatedAndWholeOverTcp) {
    const auto q = query_for("many.example.test", dns::type_txt);
    const auto udp = dns::answer(q, example_zone(), dns::max_udp_message).response;
    EXPECT_LE(udp.size(), dns::max_udp_message);
    EXPECT_NE(u16(udp, 2) & 0x0200, 0) << "TC";
    EXPECT_EQ(u16(udp, 6), 0);
    const auto tcp = dns::answer(q, example_zone(), dns::max_tcp_message).response;
    EXPECT_EQ(u16(tcp, 2) & 0x0200, 0);
    EXPECT_EQ(answers_of(tcp, q).size(), 10u);
}

TEST(LabDnsMessage, AnyAtTheApexGivesAddressesSoaMxAndTxt) {
    const auto q = query_for("example.test", dns::type_any);
    const auto answers = answers_of(dns::answer(q, example_zone(), 4096).response, q);
    std::vector<int> types;
    for (const auto& a : answers)
        types.push_back(a.type);
    EXPECT_EQ(types, (std::vector<int>{dns::type_a, dns::type_aaaa, dns::type_soa, dns::type_mx,
                                       dns::type_txt}));
}

TEST(LabDnsMessage, ZoneTransfersAndOtherClassesAreRefused) {
    auto axfr = dns::answer(query_for("example.test", 252), example_zone(), 512);
    EXPECT_EQ(u16(axfr.response, 2) & 0xf, dns::rcode_refused);
    EXPECT_EQ(axfr.detail, "AXFR example.test: refused (no zone transfers)");
    auto chaos = query_for("example.test", dns::type_txt);
    chaos[chaos.size() - 1] = 3; // class CH
    EXPECT_EQ(u16(dns::answer(chaos, example_zone(), 512).response, 2) & 0xf, dns::rcode_refused);
}

} // namespace
