// Hostile web servers for discovery, on 127.0.0.1 behind a private zone: an Autodiscover redirect
// to a foreign domain, an https→http redirect chain, a 50 MB and an endless body, a body that
// trickles, and a clientConfig naming an IDN look-alike host.
#include "discovery/http_fetcher.hpp"
#include "hostile_fixture.hpp"
#include "maillab/autoconfig/sources.hpp"

#include <sys/resource.h>

namespace maillab::hostile {
namespace {

using autoconfig::DiscoveryContext;
using autoconfig::HttpRequest;
using autoconfig::StopFlag;
using discovery::BeastHttpFetcher;

// The https server every name answers on port 443; a second https port and a plain http port.
constexpr std::uint16_t https_port = 443, other_https_port = 8443, http_port = 8080;

struct Web {
    const HostileServer* https = nullptr;
    const HostileServer* other_https = nullptr;
    const HostileServer* http = nullptr;
};

// Every name under "test" (hostile.test and evil.test) is 127.0.0.1; ports go to the servers.
NetOptions web_net(const Web& web) {
    NetOptions options = short_deadlines();
    auto zone = std::make_shared<StaticZone>();
    zone->domain = "test";
    for (std::string domain : {test_domain, foreign_domain})
        for (std::string prefix : {"", "autoconfig.", "autodiscover.", "imap.", "smtp."})
            zone->hosts[prefix + domain] = {"127.0.0.1"};
    if (web.https)
        zone->ports[https_port] = web.https->port();
    if (web.other_https)
        zone->ports[other_https_port] = web.other_https->port();
    if (web.http)
        zone->ports[http_port] = web.http->port();
    options.zone = zone;
    return options;
}

std::shared_ptr<DiscoveryContext> context_for(const NetOptions& net) {
    auto context = std::make_shared<DiscoveryContext>();
    context->address = std::string("victim@") + test_domain;
    context->local_part = "victim";
    context->domain = test_domain;
    context->http = std::make_shared<BeastHttpFetcher>(net);
    context->password = test_password;
    return context;
}

std::string http_reply(std::string_view status, std::string_view headers, std::string_view body) {
    return "HTTP/1.1 " + std::string(status) + "\r\n" + std::string(headers) +
           "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" +
           std::string(body);
}

std::string redirect_to(std::string_view location) {
    return http_reply("302 Found", "Location: " + std::string(location) + "\r\n", "");
}

std::string autodiscover_settings() {
    return R"(<?xml version="1.0" encoding="utf-8"?>
<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
  <Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">
    <Account><AccountType>email</AccountType><Action>settings</Action>
      <Protocol><Type>IMAP</Type><Server>imap.evil.test</Server><Port>993</Port><SSL>on</SSL></Protocol>
      <Protocol><Type>SMTP</Type><Server>smtp.evil.test</Server><Port>465</Port><SSL>on</SSL></Protocol>
    </Account>
  </Response>
</Autodiscover>
)";
}

std::string client_config(std::string_view imap_host) {
    return R"(<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1"><emailProvider id="hostile.test"><domain>hostile.test</domain>
  <incomingServer type="imap"><hostname>)" +
           std::string(imap_host) + R"(</hostname><port>993</port><socketType>SSL</socketType>
    <authentication>password-cleartext</authentication><username>%EMAILADDRESS%</username></incomingServer>
  <outgoingServer type="smtp"><hostname>smtp.hostile.test</hostname><port>465</port>
    <socketType>SSL</socketType><authentication>password-cleartext</authentication>
    <username>%EMAILADDRESS%</username></outgoingServer>
</emailProvider></clientConfig>
)";
}

// Whether any request header carrying credentials reached the server.
bool server_saw_credentials(const HostileServer& server) {
    return server.received_command_starting_with("Authorization:");
}

bool mentions(const std::vector<std::string>& notes, std::string_view text) {
    for (const auto& n : notes)
        if (n.find(text) != std::string::npos)
            return true;
    return false;
}

// ---- Autodiscover redirected to a foreign domain -----------------------------------------------

Script redirect_to_foreign_domain() {
    return Script().starttls().http_request().send(
        redirect_to("https://autodiscover.evil.test:8443/autodiscover/autodiscover.xml"));
}

Script foreign_autodiscover() {
    return Script().starttls().http_request().send(
        http_reply("200 OK", "Content-Type: text/xml\r\n", autodiscover_settings()));
}

TEST(HostileDiscovery, AutodiscoverRedirectToAForeignDomainSendsNoCredentialsWithoutConsent) {
    HostileServer own(redirect_to_foreign_domain(), test_pki().web);
    HostileServer foreign(foreign_autodiscover(), test_pki().web);
    auto context = context_for(web_net({&own, &foreign, nullptr}));
    auto source = autoconfig::autodiscover_source(context);
    auto outcome = source.run(std::chrono::steady_clock::now() + 5s, StopFlag{});

    ASSERT_TRUE(outcome.candidate) << outcome.reason;
    EXPECT_TRUE(server_saw_credentials(own)) << "the address's own domain may get them";
    EXPECT_GE(foreign.connections(), 1);
    EXPECT_FALSE(server_saw_credentials(foreign));
    EXPECT_FALSE(outcome.candidate->trusted);
    EXPECT_TRUE(
        mentions(outcome.candidate->notes, "credentials were not sent to autodiscover.evil"));
}

TEST(HostileDiscovery, AutodiscoverRedirectToAForeignDomainAsksAndHonoursARefusal) {
    HostileServer own(redirect_to_foreign_domain(), test_pki().web);
    HostileServer foreign(foreign_autodiscover(), test_pki().web);
    auto context = context_for(web_net({&own, &foreign, nullptr}));
    std::vector<std::string> asked;
    context->consent = [&](const std::string& host, const std::string&) {
        asked.push_back(host);
        return false;
    };
    auto outcome = autoconfig::autodiscover_source(context).run(
        std::chrono::steady_clock::now() + 5s, StopFlag{});

    ASSERT_TRUE(outcome.candidate) << outcome.reason;
    EXPECT_EQ(asked, std::vector<std::string>{"autodiscover.evil.test"});
    EXPECT_FALSE(server_saw_credentials(foreign));
    EXPECT_TRUE(mentions(outcome.candidate->notes, "the user refused"));
}

TEST(HostileDiscovery, AutodiscoverRedirectToAForeignDomainSendsCredentialsOnlyAfterConsent) {
    HostileServer own(redirect_to_foreign_domain(), test_pki().web);
    HostileServer foreign(foreign_autodiscover(), test_pki().web);
    auto context = context_for(web_net({&own, &foreign, nullptr}));
    context->consent = [](const std::string&, const std::string&) { return true; };
    auto outcome = autoconfig::autodiscover_source(context).run(
        std::chrono::steady_clock::now() + 5s, StopFlag{});

    ASSERT_TRUE(outcome.candidate) << outcome.reason;
    EXPECT_TRUE(server_saw_credentials(foreign));
    EXPECT_FALSE(outcome.candidate->trusted) << "settings from outside the domain stay untrusted";
}

// ---- https → http redirect chain ---------------------------------------------------------------

TEST(HostileDiscovery, HttpsToHttpRedirectChainMarksTheSettingsUntrusted) {
    HostileServer first(Script().starttls().http_request().send(
                            redirect_to("https://autoconfig.hostile.test:8443/mail/step-2.xml")),
                        test_pki().web);
    HostileServer second(Script().starttls().http_request().send(
                             redirect_to("http://autoconfig.hostile.test:8080/mail/step-3.xml")),
                         test_pki().web);
    HostileServer plain(Script().http_request().send(
        http_reply("200 OK", "Content-Type: text/xml\r\n", client_config("imap.hostile.test"))));
    auto context = context_for(web_net({&first, &second, &plain}));
    auto outcome = autoconfig::isp_source(context, true)
                       .run(std::chrono::steady_clock::now() + 5s, StopFlag{});

    ASSERT_TRUE(outcome.candidate) << outcome.reason;
    // Both of the ISP's URLs are asked at once and both names lead to the scripted servers, so
    // the chain may be walked twice, but never more.
    EXPECT_GE(plain.connections(), 1);
    EXPECT_LE(plain.connections(), 2);
    EXPECT_FALSE(outcome.candidate->trusted);
    EXPECT_TRUE(mentions(outcome.candidate->notes, "plain http"));
}

TEST(HostileDiscovery, FetcherReportsAPlainHttpHopInTheChain) {
    HostileServer first(Script().starttls().http_request().send(
                            redirect_to("http://autoconfig.hostile.test:8080/mail/next.xml")),
                        test_pki().web);
    HostileServer plain(Script().http_request().send(http_reply("200 OK", "", "<x/>")));
    BeastHttpFetcher fetcher(web_net({&first, nullptr, &plain}));
    HttpRequest request;
    request.url = "https://autoconfig.hostile.test/mail/config-v1.1.xml";
    auto response = fetcher.fetch(request, std::chrono::steady_clock::now() + 3s);

    ASSERT_TRUE(response) << response.error().message;
    EXPECT_FALSE(response->all_hops_https);
    EXPECT_EQ(response->redirects.size(), 1u);
}

TEST(HostileDiscovery, CredentialsAreNeverCarriedAcrossARedirect) {
    HostileServer first(Script().starttls().http_request().send(
                            redirect_to("https://autodiscover.evil.test:8443/next")),
                        test_pki().web);
    HostileServer second(Script().starttls().http_request().send(http_reply("200 OK", "", "ok")),
                         test_pki().web);
    BeastHttpFetcher fetcher(web_net({&first, &second, nullptr}));
    HttpRequest request;
    request.method = "POST";
    request.url = "https://autodiscover.hostile.test/autodiscover/autodiscover.xml";
    request.basic_auth = std::make_pair(std::string("victim@hostile.test"), test_password);
    auto response = fetcher.fetch(request, std::chrono::steady_clock::now() + 3s);

    ASSERT_TRUE(response) << response.error().message;
    EXPECT_TRUE(server_saw_credentials(first));
    EXPECT_FALSE(server_saw_credentials(second));
}

// ---- bodies that are too big, never end, or trickle --------------------------------------------

long max_rss_kib() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

void expect_cut_at_the_cap(const Script& script) {
    HostileServer server(script, test_pki().web);
    BeastHttpFetcher fetcher(web_net({&server, nullptr, nullptr}));
    HttpRequest request;
    request.url = "https://autoconfig.hostile.test/mail/config-v1.1.xml";
    const long rss_before = max_rss_kib();
    Stopwatch watch;
    auto response = fetcher.fetch(request, std::chrono::steady_clock::now() + 3s);

    ASSERT_FALSE(response);
    EXPECT_NE(response.error().message.find("larger than 1 MiB"), std::string::npos)
        << response.error().message;
    EXPECT_LT(watch.elapsed(), 3s); // stopped at the cap, not at the deadline
    EXPECT_LT(server.bytes_sent(), 16u << 20) << "the client kept reading past the cap";
    EXPECT_LT(max_rss_kib() - rss_before, 32L * 1024) << "memory grew by more than 32 MiB";
}

TEST(HostileDiscovery, FiftyMegabyteBodyIsCutAtTheOneMebibyteCap) {
    expect_cut_at_the_cap(Script()
                              .starttls()
                              .http_request()
                              .send("HTTP/1.1 200 OK\r\nContent-Length: 52428800\r\n\r\n")
                              .flood_line(50u << 20));
}

TEST(HostileDiscovery, EndlessChunkedBodyIsCutAtTheOneMebibyteCap) {
    expect_cut_at_the_cap(Script()
                              .starttls()
                              .http_request()
                              .send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
                              .endless("1000\r\n" + std::string(0x1000, 'x') + "\r\n"));
}

TEST(HostileDiscovery, EndlessBodyWithoutLengthIsCutAtTheOneMebibyteCap) {
    expect_cut_at_the_cap(Script()
                              .starttls()
                              .http_request()
                              .send("HTTP/1.1 200 OK\r\n\r\n")
                              .endless(std::string(0x1000, 'y')));
}

TEST(HostileDiscovery, TricklingBodyEndsAtTheDeadline) {
    HostileServer server(Script()
                             .starttls()
                             .http_request()
                             .send("HTTP/1.1 200 OK\r\nContent-Length: 4000\r\n\r\n<?xml")
                             .trickle(std::string(4000, ' '), 200ms),
                         test_pki().web);
    BeastHttpFetcher fetcher(web_net({&server, nullptr, nullptr}));
    HttpRequest request;
    request.url = "https://autoconfig.hostile.test/mail/config-v1.1.xml";
    Stopwatch watch;
    auto response = fetcher.fetch(request, std::chrono::steady_clock::now() + 2s);

    ASSERT_FALSE(response);
    EXPECT_NE(response.error().message.find("in time"), std::string::npos)
        << response.error().message;
    EXPECT_LT(watch.elapsed(), 2s + deadline_margin);
}

TEST(HostileDiscovery, TricklingHeadersEndAtTheDeadline) {
    HostileServer server(Script().starttls().http_request().trickle(
                             "HTTP/1.1 200 OK\r\nX-Slow: " + std::string(200, 'z'), 200ms),
                         test_pki().web);
    BeastHttpFetcher fetcher(web_net({&server, nullptr, nullptr}));
    HttpRequest request;
    request.url = "https://autoconfig.hostile.test/mail/config-v1.1.xml";
    Stopwatch watch;
    auto response = fetcher.fetch(request, std::chrono::steady_clock::now() + 2s);

    ASSERT_FALSE(response);
    EXPECT_LT(watch.elapsed(), 2s + deadline_margin);
}

// ---- an IDN look-alike host in a clientConfig --------------------------------------------------

TEST(HostileDiscovery, LookAlikeHostInAClientConfigIsShownInPunycodeWithAWarning) {
    // "imap.аpple.com" with a Cyrillic 'а' (U+0430), as the provider's file writes it.
    HostileServer server(Script().starttls().http_request().send(
                             http_reply("200 OK", "", client_config("imap.\xD0\xB0pple.com"))),
                         test_pki().web);
    auto context = context_for(web_net({&server, nullptr, nullptr}));
    auto outcome = autoconfig::isp_source(context, true)
                       .run(std::chrono::steady_clock::now() + 5s, StopFlag{});

    ASSERT_TRUE(outcome.candidate) << outcome.reason;
    ASSERT_FALSE(outcome.candidate->config.incoming.empty());
    EXPECT_EQ(outcome.candidate->config.incoming.front().hostname, "imap.xn--pple-43d.com");
    EXPECT_TRUE(mentions(outcome.candidate->notes, "imap.xn--pple-43d.com"));
    EXPECT_TRUE(mentions(outcome.candidate->notes, "look"));
}

} // namespace
} // namespace maillab::hostile
