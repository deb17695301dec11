// libFuzzer target: one UDP or TCP message to the lab's DNS server (dns::answer over a zone
// like the lab's). The first input byte picks the transport's size limit; the rest is the
// message.
#include "dns_message.hpp"
#include "fuzz_util.hpp"

#include <string>

namespace {

namespace dns = maillab::lab_detail::dns;

const maillab::lab::LabZone& zone() {
    static const maillab::lab::LabZone z = [] {
        maillab::lab::LabZone zone;
        zone.domain = "lab.maillab.test";
        for (const char* host :
             {"lab.maillab.test", "imap.lab.maillab.test", "mail.lab.maillab.test"})
            zone.addresses[host] = {"127.0.0.1", "::1"};
        zone.mx = {{10, "mail.lab.maillab.test"}, {20, "old-mail.lab.maillab.test"}};
        zone.txt["lab.maillab.test"] = {"v=spf1 mx -all", std::string(700, 't')};
        zone.srv["_imaps._tcp.lab.maillab.test"] = {{0, 1, 993, "imap.lab.maillab.test"}};
        return zone;
    }();
    return z;
}

unsigned u16(const std::string& m, std::size_t at) {
    return (static_cast<unsigned char>(m[at]) << 8) | static_cast<unsigned char>(m[at + 1]);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    const std::size_t limit = data[0] & 1 ? dns::max_tcp_message : dns::max_udp_message;
    const auto query = maillab::fuzz::as_text(data + 1, size - 1);
    const auto exchange = dns::answer(query, zone(), limit);
    FUZZ_CHECK(!exchange.detail.empty());
    for (char c : exchange.detail)
        FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f);
    const auto& r = exchange.response;
    if (query.size() < 12) {
        FUZZ_CHECK(r.empty());
        return 0;
    }
    if (r.empty()) {
        FUZZ_CHECK((static_cast<unsigned char>(query[2]) & 0x80) !=
                   0); // only responses go unanswered
        return 0;
    }
    FUZZ_CHECK(r.size() >= 12 && r.size() <= limit);
    FUZZ_CHECK(r.compare(0, 2, query.substr(0, 2)) == 0);       // the query's id
    FUZZ_CHECK((static_cast<unsigned char>(r[2]) & 0x80) != 0); // a response
    FUZZ_CHECK(u16(r, 10) == 0);                                // no additional records
    if (u16(r, 4) == 1) {
        // The question is echoed as it came (without EDNS, it is the whole rest of the query).
        FUZZ_CHECK(r.size() >= 17);
        if (u16(std::string(query.substr(0, 12)), 10) == 0)
            FUZZ_CHECK(r.compare(12, query.size() - 12, query.substr(12)) == 0);
    } else {
        FUZZ_CHECK(u16(r, 4) == 0 && u16(r, 6) == 0 && u16(r, 8) == 0 && r.size() == 12);
        FUZZ_CHECK((r[3] & 0xf) != 0); // an error without the question
    }
    return 0;
}
