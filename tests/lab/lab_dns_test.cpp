// The lab's DNS server: real queries over UDP and TCP (dig, raw sockets, the engine's c-ares
// resolver through its domain health check, and the maillab CLI), NXDOMAIN / NODATA / REFUSED,
// garbage that must never stop it, and the MX the trainer changes: mail for lab users waits in
// the queue while the MX is wrong and is delivered when it is fixed.
#include "dns_query.hpp"
#include "lab_fixture.hpp"
#include "maillab/health/domain_health.hpp"
#include "maillab/mail/mail.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <random>
#include <sys/socket.h>

using namespace lab_test;
using maillab::lab::EventKind;

namespace {

constexpr std::uint16_t type_a = 1, type_aaaa = 28, type_mx = 15, type_txt = 16, type_srv = 33;

struct Reply {
    std::uint16_t id = 0;
    std::uint16_t flags = 0;
    int rcode = -1;
    int answers = 0;
    int authority = 0;
    std::size_t size = 0;
};

Reply parse_reply(const std::string& r) {
    Reply out;
    if (r.size() < 12)
        return out;
    auto u16 = [&](std::size_t at) {
        return static_cast<std::uint16_t>((static_cast<unsigned char>(r[at]) << 8) |
                                          static_cast<unsigned char>(r[at + 1]));
    };
    out.id = u16(0);
    out.flags = u16(2);
    out.rcode = out.flags & 0xf;
    out.answers = u16(6);
    out.authority = u16(8);
    out.size = r.size();
    return out;
}

class LabDnsTest : public LabTest {
  protected:
    std::uint16_t dns_port() const { return addresses.ports.get(Service::dns); }

    // One UDP datagram to the lab DNS server; the reply, or nothing within `wait`.
    std::optional<std::string> udp(const std::string& message,
                                   std::chrono::milliseconds wait = std::chrono::seconds(5)) {
        int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
        EXPECT_GE(fd, 0);
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(dns_port());
        ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
        ::sendto(fd, message.data(), message.size(), 0, reinterpret_cast<sockaddr*>(&to),
                 sizeof to);
        pollfd p{fd, POLLIN, 0};
        std::optional<std::string> out;
        if (::poll(&p, 1, static_cast<int>(wait.count())) == 1) {
            char buffer[65536];
            auto n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n >= 0)
                out = std::string(buffer, static_cast<std::size_t>(n));
        }
        ::close(fd);
        return out;
    }

    Reply ask(const std::string& name, std::uint16_t type) {
        auto reply = udp(dns_query(0x1234, name, type));
        EXPECT_TRUE(reply) << "no reply for " << name;
        return reply ? parse_reply(*reply) : Reply{};
    }

    CommandResult dig(const std::string& args) {
        return run("dig @127.0.0.1 -p " + std::to_string(dns_port()) +
                   " +norecurse +time=5 +tries=1 " + args);
    }

    std::vector<std::string> dns_events() const {
        std::vector<std::string> out;
        for (const auto& e : lab.events())
            if (e.kind == EventKind::dns_query)
                out.push_back(e.detail);
        return out;
    }

    maillab::DomainHealthReport health() const {
        maillab::DomainHealthOptions options;
        options.resolver = addresses.dns_server;
        options.timeout = std::chrono::seconds(10);
        return maillab::check_domain_health("lab.maillab.test", options);
    }

    maillab::CheckResult send_to_sam(const std::string& subject) {
        maillab::ServerSettings smtp;
        smtp.host = "127.0.0.1";
        smtp.port = addresses.ports.get(Service::smtp_starttls);
        smtp.security = maillab::Security::starttls;
        smtp.username = alex;
        smtp.password = alex_password;
        maillab::NetOptions net;
        net.ca_file = addresses.ca_file.string();
        net.timeout = std::chrono::seconds(20);
        maillab::OutgoingMessage message;
        message.from_address = alex;
        message.to = {sam};
        message.subject = subject;
        message.body = "hello\n";
        return maillab::send_message(smtp, net, message);
    }
};

const maillab::autoconfig::HealthCheck* check_named(const maillab::DomainHealthReport& report,
                                                    const std::string& name) {
    for (const auto& c : report.checks)
        if (c.name == name)
            return &c;
    return nullptr;
}

} // namespace

TEST_F(LabDnsTest, TheAddressesNameTheDnsServerOnItsOwnPort) {
    EXPECT_NE(dns_port(), 0);
    EXPECT_EQ(addresses.dns_server, "127.0.0.1:" + std::to_string(dns_port()));
    EXPECT_EQ(addresses.mail_host, "mail.lab.maillab.test");
    const auto zone = lab.zone();
    ASSERT_EQ(zone.mx.size(), 1u);
    EXPECT_EQ(zone.mx[0].host, "mail.lab.maillab.test");
}

TEST_F(LabDnsTest, DigGetsTheMxTxtAndAddressesAuthoritativelyOverUdpAndTcp) {
    if (!have("dig"))
        GTEST_SKIP() << "dig is not installed";
    auto mx = dig("MX lab.maillab.test");
    EXPECT_EQ(mx.status, 0) << mx.output;
    EXPECT_NE(mx.output.find("status: NOERROR"), std::string::npos) << mx.output;
    EXPECT_NE(mx.output.find("flags: qr aa"), std::string::npos) << mx.output;
    EXPECT_NE(mx.output.find("MX\t10 mail.lab.maillab.test."), std::string::npos) << mx.output;
    auto a = dig("+tcp A mail.lab.maillab.test");
    EXPECT_NE(a.output.find("A\t127.0.0.1"), std::string::npos) << a.output;
    auto txt = dig("TXT _dmarc.lab.maillab.test");
    EXPECT_NE(txt.output.find("\"v=DMARC1; p=quarantine\""), std::string::npos) << txt.output;
}

TEST_F(LabDnsTest, UnknownNamesAreNxdomainMissingTypesNodataAndOtherDomainsRefused) {
    auto nx = ask("old-mail.lab.maillab.test", type_a);
    EXPECT_EQ(nx.rcode, 3);
    EXPECT_EQ(nx.answers, 0);
    EXPECT_EQ(nx.authority, 1) << "the SOA, for negative caching";
    auto nodata = ask("mail.lab.maillab.test", type_aaaa);
    EXPECT_EQ(nodata.rcode, 0);
    EXPECT_EQ(nodata.answers, 0);
    EXPECT_EQ(nodata.authority, 1);
    auto no_srv = ask("lab.maillab.test", type_srv);
    EXPECT_EQ(no_srv.rcode, 0);
    EXPECT_EQ(no_srv.answers, 0);
    auto above_dmarc = ask("maillab.test", type_a);
    EXPECT_EQ(above_dmarc.rcode, 5) << "the zone starts at lab.maillab.test";
    EXPECT_EQ(ask("_dmarc.lab.maillab.test", type_a).rcode, 0) << "it has a TXT record";
    auto outside = ask("example.com", type_a);
    EXPECT_EQ(outside.rcode, 5);
    EXPECT_EQ(outside.flags & 0x0400, 0) << "not authoritative for other names";
    auto upper = ask("LAB.MailLab.TEST", type_mx);
    EXPECT_EQ(upper.rcode, 0);
    EXPECT_EQ(upper.answers, 1);
    EXPECT_EQ(upper.id, 0x1234);
    auto text = ask("lab.maillab.test", type_txt);
    EXPECT_EQ(text.answers, 1);
    EXPECT_EQ(ask("imap.lab.maillab.test", type_a).answers, 1);
}

TEST_F(LabDnsTest, EveryQueryIsALabEventNamingTypeNameAndOutcome) {
    ask("lab.maillab.test", type_mx);
    ask("old-mail.lab.maillab.test", type_a);
    ask("example.com", type_a);
    const auto events = dns_events();
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0], "MX lab.maillab.test");
    EXPECT_EQ(events[1], "A old-mail.lab.maillab.test: no such name");
    EXPECT_EQ(events[2], "A example.com: refused (not in the lab zone lab.maillab.test)");
    EXPECT_EQ(lab.events().back().protocol, "dns");
}

TEST_F(LabDnsTest, GarbageGetsFormerrOrNothingAndTheServerKeepsAnswering) {
    const std::string good = dns_query(7, "lab.maillab.test", type_mx);
    struct Case {
        std::string name;
        std::string message;
        int rcode; // -1: no reply expected
    };
    std::string two_questions = good;
    two_questions[5] = 2;
    std::string pointer_loop = good.substr(0, 12) + std::string("\xc0\x0c\x00\x0f\x00\x01", 6);
    std::string long_label = good.substr(0, 12) + std::string(1, 64) + std::string(64, 'a') +
                             std::string("\x00\x00\x01\x00\x01", 5);
    std::string long_name = good.substr(0, 12);
    for (int i = 0; i < 5; ++i)
        long_name += std::string(1, 63) + std::string(63, 'b');
    long_name += std::string("\x00\x00\x01\x00\x01", 5);
    std::string response = good;
    response[2] = static_cast<char>(response[2] | 0x80);
    std::string notify = good;
    notify[2] = static_cast<char>((4 << 3) | 1);
    const std::vector<Case> cases{
        {"empty", "", -1},
        {"short", "\x12\x34\x01", -1},
        {"a response", response, -1},
        {"two questions", two_questions, 1},
        {"a compression pointer", pointer_loop, 1},
        {"a 64-byte label", long_label, 1},
        {"a name over 255 bytes", long_name, 1},
        {"cut in the name", good.substr(0, 20), 1},
        {"no type and class", good.substr(0, good.size() - 3), 1},
        {"bytes after it", good + "xyz", 1},
        {"opcode NOTIFY", notify, 4},
        {"larger than 512 bytes", good + std::string(600, '\0'), 1},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto reply = udp(c.message, std::chrono::milliseconds(c.rcode < 0 ? 300 : 5000));
        if (c.rcode < 0) {
            EXPECT_FALSE(reply);
            continue;
        }
        ASSERT_TRUE(reply);
        EXPECT_EQ(parse_reply(*reply).rcode, c.rcode);
        EXPECT_EQ(parse_reply(*reply).id, 7);
    }
    std::mt19937 random(2026);
    for (int i = 0; i < 300; ++i) {
        std::string noise(random() % 600, '\0');
        for (auto& ch : noise)
            ch = static_cast<char>(random());
        udp(noise, std::chrono::milliseconds(1));
    }
    auto after = ask("lab.maillab.test", type_mx);
    EXPECT_EQ(after.rcode, 0);
    EXPECT_EQ(after.answers, 1);
    for (const auto& detail : dns_events())
        EXPECT_LT(detail.size(), 1200u);
}

TEST_F(LabDnsTest, TheEnginesHealthCheckReadsTheMxThroughTheServerAndSeesItChange) {
    auto before = health();
    const auto* mx = check_named(before, "mx");
    ASSERT_TRUE(mx);
    EXPECT_EQ(mx->verdict, maillab::autoconfig::Verdict::ok) << mx->summary;
    EXPECT_TRUE(before.ok());

    ASSERT_TRUE(lab.set_mx("old-mail.lab.maillab.test"));
    auto after = health();
    mx = check_named(after, "mx");
    ASSERT_TRUE(mx);
    EXPECT_EQ(mx->verdict, maillab::autoconfig::Verdict::problem) << mx->summary;
    std::string text = mx->summary;
    for (const auto& d : mx->details)
        text += "\n" + d;
    EXPECT_NE(text.find("old-mail.lab.maillab.test"), std::string::npos) << text;
    EXPECT_FALSE(after.ok());
    const auto events = dns_events();
    EXPECT_NE(std::find(events.begin(), events.end(), "MX lab.maillab.test"), events.end());
}

TEST_F(LabDnsTest, MaillabDnsAgainstTheLabServerReportsTheWrongMx) {
    ASSERT_TRUE(lab.set_mx("old-mail.lab.maillab.test"));
    auto out = run(std::string(MAILLAB_CLI) + " dns lab.maillab.test --resolver " +
                   addresses.dns_server + " --timeout 10");
    EXPECT_EQ(out.status, 1) << out.output;
    EXPECT_NE(out.output.find("✗ MX:"), std::string::npos) << out.output;
    EXPECT_NE(out.output.find("old-mail.lab.maillab.test"), std::string::npos) << out.output;

    ASSERT_TRUE(lab.set_mx("mail.lab.maillab.test"));
    auto fixed = run(std::string(MAILLAB_CLI) + " dns lab.maillab.test --resolver " +
                     addresses.dns_server + " --timeout 10");
    EXPECT_EQ(fixed.status, 0) << fixed.output;
    EXPECT_NE(fixed.output.find("✓ MX:"), std::string::npos) << fixed.output;
}

TEST_F(LabDnsTest, MailWaitsInTheQueueWhileTheMxIsWrongAndArrivesWhenItIsFixed) {
    const auto inbox_before = lab.mailbox_count(sam).messages;
    ASSERT_TRUE(lab.set_mx("old-mail.lab.maillab.test"));
    auto sent = send_to_sam("Minutes");
    ASSERT_TRUE(sent.ok()) << sent.message; // sending "works"
    EXPECT_EQ(lab.mailbox_count(sam).messages, inbox_before);
    EXPECT_EQ(lab.queued_messages(), 1u);
    EXPECT_FALSE(has_event(EventKind::message_delivered, sam));
    std::string deferred;
    for (const auto& e : lab.events())
        if (e.kind == EventKind::delivery_deferred && e.user == sam)
            deferred = e.detail;
    EXPECT_EQ(deferred, "MX lab.maillab.test → old-mail.lab.maillab.test: no mail server "
                        "there; kept in the queue");

    ASSERT_TRUE(lab.set_mx("other-old.lab.maillab.test")); // still wrong: still queued
    EXPECT_EQ(lab.queued_messages(), 1u);
    ASSERT_TRUE(lab.set_mx("MAIL.lab.maillab.test."));
    EXPECT_EQ(lab.queued_messages(), 0u);
    EXPECT_EQ(lab.mailbox_count(sam).messages, inbox_before + 1);
    EXPECT_TRUE(has_event(EventKind::message_delivered, sam));

    auto again = send_to_sam("Straight through");
    ASSERT_TRUE(again.ok()) << again.message;
    EXPECT_EQ(lab.mailbox_count(sam).messages, inbox_before + 2);
}

TEST_F(LabDnsTest, MailFromOutsideAlsoWaitsForTheMxAndRestoringTheDefaultsDeliversIt) {
    const auto inbox_before = lab.mailbox_count(sam).messages;
    ASSERT_TRUE(lab.set_mx("old-mail.lab.maillab.test"));
    maillab::lab::SeedMessage message;
    message.from = "Outside <someone@example.net>";
    message.subject = "From outside";
    message.body = "Hello.\n";
    ASSERT_TRUE(lab.deliver(sam, message));
    EXPECT_EQ(lab.mailbox_count(sam).messages, inbox_before);
    EXPECT_EQ(lab.queued_messages(), 1u);
    EXPECT_FALSE(has_event(EventKind::message_delivered, sam));
    lab.restore_defaults(); // the MX back at mail.lab.maillab.test
    EXPECT_EQ(lab.queued_messages(), 0u);
    EXPECT_EQ(lab.mailbox_count(sam).messages, inbox_before + 1);
    EXPECT_TRUE(has_event(EventKind::message_delivered, sam));
}

TEST_F(LabDnsTest, SetMxTakesOnlyHostNames) {
    for (const std::string& bad :
         std::vector<std::string>{"", "not a host", "-bad.lab.maillab.test", "single", "a..b",
                                  std::string(64, 'x') + ".test", "ma\\il.test"})
        EXPECT_FALSE(lab.set_mx(bad)) << bad;
    EXPECT_EQ(lab.zone().mx[0].host, "mail.lab.maillab.test");
    const auto version = lab.zone().version;
    EXPECT_TRUE(lab.set_mx("Old-Mail.Lab.Maillab.Test."));
    EXPECT_EQ(lab.zone().mx[0].host, "old-mail.lab.maillab.test");
    EXPECT_GT(lab.zone().version, version);
}

TEST_F(LabDnsTest, ClosingTheDnsPortStopsUdpAndTcpUntilItIsOpenedAgain) {
    ASSERT_TRUE(lab.close_port(Service::dns));
    EXPECT_FALSE(udp(dns_query(1, "lab.maillab.test", type_mx), std::chrono::milliseconds(300)));
    ASSERT_TRUE(lab.open_port(Service::dns));
    EXPECT_EQ(ask("lab.maillab.test", type_mx).answers, 1);
}

TEST_F(LabDnsTest, TcpQueriesAreFramedAndGarbageClosesOnlyThatConnection) {
    if (!have("dig"))
        GTEST_SKIP() << "dig is not installed";
    auto mx = dig("+tcp MX lab.maillab.test");
    EXPECT_NE(mx.output.find("10 mail.lab.maillab.test."), std::string::npos) << mx.output;
    auto nx = dig("+tcp A nothing.lab.maillab.test");
    EXPECT_NE(nx.output.find("status: NXDOMAIN"), std::string::npos) << nx.output;
    // A connection that sends a length and then garbage, then hangs up.
    auto garbage =
        run("python3 -c \"import socket; s=socket.create_connection(('127.0.0.1'," +
            std::to_string(dns_port()) +
            ")); s.sendall(b'\\x00\\x05hello'); s.settimeout(5); print(len(s.recv(100)))\"");
    EXPECT_EQ(garbage.status, 0) << garbage.output;
    EXPECT_EQ(garbage.output, "0\n") << "a 5-byte message is no query: the server hangs up";
    EXPECT_EQ(ask("lab.maillab.test", type_mx).answers, 1);
}
