// Discovery sources over scripted ports: each fake answers only what a test scripted and
// records every call, so a test can assert what was (not) asked and (not) sent.
#include "maillab/autoconfig/sources.hpp"

#include <algorithm>
#include <condition_variable>
#include <gtest/gtest.h>
#include <mutex>
#include <stdexcept>

namespace {

using namespace maillab;
using namespace maillab::autoconfig;
using namespace std::chrono_literals;

class FakeHttp : public HttpFetcher {
  public:
    void answer(const std::string& url, HttpResponse response) {
        std::lock_guard lock(mutex_);
        if (response.final_url.empty())
            response.final_url = url;
        responses_[url] = std::move(response);
    }
    // A request for `url` is held until `other` has been requested too (at most `limit`), and
    // saw_other(url) tells whether it was: both were out at the same time.
    void hold_until_requested(const std::string& url, const std::string& other,
                              std::chrono::milliseconds limit = 2s) {
        std::lock_guard lock(mutex_);
        holds_[url] = {other, limit};
    }
    bool saw_other(const std::string& url) {
        std::lock_guard lock(mutex_);
        return saw_[url];
    }
    Result<HttpResponse> fetch(const HttpRequest& request, Deadline) override {
        std::unique_lock lock(mutex_);
        requests_.push_back(request);
        requested_.notify_all();
        if (auto hold = holds_.find(request.url); hold != holds_.end()) {
            const std::string other = hold->second.first; // no structured binding: clang 14
            const std::chrono::milliseconds limit = hold->second.second; // lambdas cannot use one
            saw_[request.url] = requested_.wait_for(lock, limit, [&] {
                return std::any_of(requests_.begin(), requests_.end(),
                                   [&](const HttpRequest& r) { return r.url == other; });
            });
        }
        auto it = responses_.find(request.url);
        if (it == responses_.end())
            return Error{"connection refused (unscripted)"};
        return it->second;
    }
    std::vector<HttpRequest> requests() {
        std::lock_guard lock(mutex_);
        return requests_;
    }

  private:
    std::mutex mutex_;
    std::condition_variable requested_;
    std::map<std::string, HttpResponse> responses_;
    std::vector<HttpRequest> requests_;
    std::map<std::string, std::pair<std::string, std::chrono::milliseconds>> holds_;
    std::map<std::string, bool> saw_;
};

class FakeDns : public MxResolver, public SrvResolver {
  public:
    std::map<std::string, std::vector<MxRecord>> mx;
    std::map<std::string, std::vector<SrvRecord>> srv;
    Result<std::vector<MxRecord>> lookup_mx(const std::string& domain, Deadline) override {
        auto it = mx.find(domain);
        return it == mx.end() ? std::vector<MxRecord>{} : it->second;
    }
    Result<std::vector<SrvRecord>> lookup_srv(const std::string& name, Deadline) override {
        auto it = srv.find(name);
        if (it == srv.end())
            return Error{"NXDOMAIN"};
        return it->second;
    }
};

class FakeProber : public Prober {
  public:
    std::set<std::string> open; // "host:port"
    Result<ProbeResult> probe(const Probe& p, Deadline) override {
        if (open.count(p.host + ":" + std::to_string(p.port)))
            return ProbeResult{{"PLAIN", "LOGIN"}, false};
        return Error{"connection refused"};
    }
};

class LastTwoLabels : public RegistrableDomains {
  public:
    std::optional<std::string> registrable_domain(const std::string& host) override {
        auto last = host.rfind('.');
        if (last == std::string::npos)
            return std::nullopt;
        auto before = host.rfind('.', last - 1);
        return before == std::string::npos ? host : host.substr(before + 1);
    }
};

const char* config_xml = R"(<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="example.com">
  <domain>example.com</domain><displayName>Example</displayName>
  <incomingServer type="imap"><hostname>imap.%EMAILDOMAIN%</hostname><port>993</port>
    <socketType>SSL</socketType><authentication>password-cleartext</authentication>
    <username>%EMAILLOCALPART%</username></incomingServer>
  <outgoingServer type="smtp"><hostname>smtp.example.com</hostname><port>587</port>
    <socketType>STARTTLS</socketType><authentication>password-cleartext</authentication>
    <username>%EMAILADDRESS%</username></outgoingServer>
</emailProvider></clientConfig>)";

HttpResponse ok(std::string body, bool https = true) {
    HttpResponse r;
    r.status = 200;
    r.body = std::move(body);
    r.all_hops_https = https;
    return r;
}

struct Fixture {
    std::shared_ptr<FakeHttp> http = std::make_shared<FakeHttp>();
    std::shared_ptr<FakeDns> dns = std::make_shared<FakeDns>();
    std::shared_ptr<FakeProber> prober = std::make_shared<FakeProber>();

    std::shared_ptr<DiscoveryContext> context(const std::string& domain = "example.com") {
        auto c = std::make_shared<DiscoveryContext>();
        c->address = "alice@" + domain;
        c->local_part = "alice";
        c->domain = domain;
        c->http = http;
        c->mx = dns;
        c->srv = dns;
        c->prober = prober;
        c->domains = std::make_shared<LastTwoLabels>();
        c->ispdb_base_url = "https://ispdb.test/v1.1/";
        c->guess_stagger = 1ms;
        return c;
    }
    SourceOutcome run(const DiscoverySource& source) {
        return source.run(std::chrono::steady_clock::now() + 2s, StopFlag{});
    }
};

TEST(IspSource, HttpsAutoconfigIsTrustedAndPlaceholdersAreExpanded) {
    Fixture f;
    f.http->answer("https://autoconfig.example.com/mail/config-v1.1.xml", ok(config_xml));
    auto outcome = f.run(isp_source(f.context(), true));
    ASSERT_TRUE(outcome.candidate) << outcome.reason;
    const auto& c = *outcome.candidate;
    EXPECT_TRUE(c.trusted);
    EXPECT_EQ(c.config.incoming[0].hostname, "imap.example.com");
    EXPECT_EQ(c.username, "alice");
    EXPECT_EQ(c.config.outgoing[0].username, "alice@example.com");
    EXPECT_EQ(c.password_recipients,
              (std::vector<std::string>{"imap.example.com", "smtp.example.com"}));
    for (const auto& request : f.http->requests())
        EXPECT_EQ(request.url.find("alice"), std::string::npos)
            << "the address is never in the URL";
}

// A port that throws (out of memory, no descriptors left) from inside a source's concurrent steps.
class ThrowingHttp : public HttpFetcher {
  public:
    Result<HttpResponse> fetch(const HttpRequest&, Deadline) override {
        throw std::runtime_error("too many open files");
    }
};

TEST(Discovery, AStepThatThrowsFailsItsSourceInsteadOfEndingTheProcess) {
    Fixture f;
    auto context = f.context();
    context->http = std::make_shared<ThrowingHttp>();
    f.dns->srv["_imaps._tcp.example.com"] = {{0, 1, 993, "imap.example.com"}};
    f.dns->srv["_submissions._tcp.example.com"] = {{0, 1, 465, "smtp.example.com"}};
    auto result = run_priority_parallel(all_sources(context));
    ASSERT_TRUE(result.best);
    EXPECT_EQ(result.candidates[*result.best].source, SourceKind::srv);
    const auto isp = std::find_if(result.events.begin(), result.events.end(), [](const auto& e) {
        return e.source == SourceKind::isp_https && e.kind == ProgressKind::failed;
    });
    ASSERT_NE(isp, result.events.end());
    EXPECT_NE(isp->detail.find("too many open files"), std::string::npos) << isp->detail;
}

TEST(IspSource, TheWellKnownPathIsTriedWhenTheAutoconfigHostHasNothing) {
    Fixture f;
    f.http->answer("https://example.com/.well-known/autoconfig/mail/config-v1.1.xml",
                   ok(config_xml));
    auto outcome = f.run(isp_source(f.context(), true));
    ASSERT_TRUE(outcome.candidate) << outcome.reason;
    EXPECT_EQ(outcome.candidate->origin,
              "https://example.com/.well-known/autoconfig/mail/config-v1.1.xml");
}

TEST(IspSource, BothUrlsAreAskedAtOnceAndTheAutoconfigHostStillComesFirst) {
    Fixture f;
    const std::string autoconfig = "https://autoconfig.example.com/mail/config-v1.1.xml";
    const std::string well_known =
        "https://example.com/.well-known/autoconfig/mail/config-v1.1.xml";
    std::string other_config = config_xml;
    other_config.replace(other_config.find("imap.%EMAILDOMAIN%"), 18, "imap.other.example");
    f.http->answer(autoconfig, ok(config_xml));
    f.http->answer(well_known, ok(other_config)); // answers first: the autoconfig host is held
    f.http->hold_until_requested(autoconfig, well_known);
    auto outcome = f.run(isp_source(f.context(), true));
    EXPECT_TRUE(f.http->saw_other(autoconfig)) << "the well-known URL waited for the first";
    ASSERT_TRUE(outcome.candidate) << outcome.reason;
    EXPECT_EQ(outcome.candidate->origin, autoconfig);
    EXPECT_EQ(outcome.candidate->config.incoming[0].hostname, "imap.example.com");
}

TEST(IspSource, AnHttpsToHttpRedirectMakesTheResultUntrusted) {
    Fixture f;
    f.http->answer("https://autoconfig.example.com/mail/config-v1.1.xml", ok(config_xml, false));
    auto outcome = f.run(isp_source(f.context(), true));
    ASSERT_TRUE(outcome.candidate);
    EXPECT_FALSE(outcome.candidate->trusted);
    EXPECT_FALSE(outcome.candidate->notes.empty());
}

TEST(IspSource, PlainHttpAutoconfigIsFoundButNeverTrusted) {
    Fixture f;
    f.http->answer("http://autoconfig.example.com/mail/config-v1.1.xml", ok(config_xml, false));
    auto outcome = f.run(isp_source(f.context(), false));
    ASSERT_TRUE(outcome.candidate);
    EXPECT_EQ(outcome.candidate->source, SourceKind::isp_http);
    EXPECT_FALSE(outcome.candidate->trusted);
}

TEST(IspdbSource, AskesTheConfiguredBaseUrlForTheDomain) {
    Fixture f;
    f.http->answer("https://ispdb.test/v1.1/example.com", ok(config_xml));
    auto outcome = f.run(ispdb_source(f.context()));
    ASSERT_TRUE(outcome.candidate) << outcome.reason;
    EXPECT_TRUE(outcome.candidate->trusted);
}

TEST(AllSources, OfflineLeavesTheIspdbOut) {
    Fixture f;
    auto context = f.context();
    context->offline = true;
    for (const auto& s : all_sources(context))
        EXPECT_NE(s.kind, SourceKind::ispdb);
}

TEST(MxSource, TheLowestPreferenceMxHostsProviderIsAskedAndTheResultNeedsConsent) {
    Fixture f;
    f.dns->mx["example.com"] = {{20, "backup.other.net"}, {10, "mx1.provider.example"}};
    f.http->answer("https://autoconfig.provider.example/mail/config-v1.1.xml", ok(config_xml));
    auto outcome = f.run(mx_source(f.context()));
    ASSERT_TRUE(outcome.candidate) << outcome.reason;
    EXPECT_FALSE(outcome.candidate->trusted);
    EXPECT_EQ(outcome.candidate->origin,
              "https://autoconfig.provider.example/mail/config-v1.1.xml");
}

TEST(MxSource, AnMxInTheAddresssOwnDomainIsNotALead) {
    Fixture f;
    f.dns->mx["example.com"] = {{10, "mail.example.com."}};
    auto outcome = f.run(mx_source(f.context()));
    EXPECT_FALSE(outcome.candidate);
    EXPECT_NE(outcome.reason.find("own domain"), std::string::npos) << outcome.reason;
    EXPECT_TRUE(f.http->requests().empty());
}

TEST(SrvSource, RecordsBecomeServersWithTheFullAddressAsUserName) {
    Fixture f;
    f.dns->srv["_imaps._tcp.example.com"] = {{0, 1, 993, "imap.example.com."}};
    f.dns->srv["_submission._tcp.example.com"] = {{0, 1, 587, "smtp.example.com."}};
    f.dns->srv["_pop3s._tcp.example.com"] = {{0, 0, 0, "."}};
    auto outcome = f.run(srv_source(f.context()));
    ASSERT_TRUE(outcome.candidate) << outcome.reason;
    const auto& config = outcome.candidate->config;
    ASSERT_EQ(config.incoming.size(), 1u);
    EXPECT_EQ(config.incoming[0].socket_type, SocketType::ssl);
    EXPECT_EQ(config.outgoing[0].socket_type, SocketType::starttls);
    EXPECT_EQ(config.outgoing[0].port, 587);
    EXPECT_EQ(outcome.candidate->username, "alice@example.com");
    EXPECT_FALSE(outcome.candidate->trusted);
}

TEST(SrvSource, OnlyIncomingRecordsAreNotEnough) {
    Fixture f;
    f.dns->srv["_imaps._tcp.example.com"] = {{0, 1, 993, "imap.example.com"}};
    auto outcome = f.run(srv_source(f.context()));
    EXPECT_FALSE(outcome.candidate);
    EXPECT_NE(outcome.reason.find("outgoing"), std::string::npos) << outcome.reason;
}

TEST(GuessSource, TheBestAnsweringHostAndPortWinsOnEachSide) {
    Fixture f;
    f.prober->open = {"mail.example.com:993", "imap.example.com:143", "smtp.example.com:587"};
    auto outcome = f.run(guess_source(f.context()));
    ASSERT_TRUE(outcome.candidate) << outcome.reason;
    const auto& config = outcome.candidate->config;
    EXPECT_EQ(config.incoming[0].hostname, "mail.example.com") << "993 beats 143";
    EXPECT_EQ(config.incoming[0].port, 993);
    EXPECT_EQ(config.outgoing[0].hostname, "smtp.example.com");
    EXPECT_FALSE(outcome.candidate->trusted);
}

TEST(GuessSource, NothingAnsweringIsNotFound) {
    Fixture f;
    auto outcome = f.run(guess_source(f.context()));
    EXPECT_FALSE(outcome.candidate);
}

TEST(Discovery, ADomainFoundOnlyBySrvIsAnsweredBySrv) {
    Fixture f;
    f.dns->srv["_imaps._tcp.example.com"] = {{0, 1, 993, "imap.example.com"}};
    f.dns->srv["_submissions._tcp.example.com"] = {{0, 1, 465, "smtp.example.com"}};
    auto result = run_priority_parallel(all_sources(f.context()));
    ASSERT_TRUE(result.best);
    EXPECT_EQ(result.candidates[*result.best].source, SourceKind::srv);
}

const char* autodiscover_xml = R"(<?xml version="1.0" encoding="utf-8"?>
<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
  <Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">
    <Account><AccountType>email</AccountType><Action>settings</Action>
      <Protocol><Type>IMAP</Type><Server>imap.example.com</Server><Port>993</Port><SSL>on</SSL></Protocol>
      <Protocol><Type>SMTP</Type><Server>smtp.example.com</Server><Port>587</Port><SSL>on</SSL></Protocol>
    </Account>
  </Response>
</Autodiscover>)";

const std::string autodiscover_host =
    "https://autodiscover.example.com/autodiscover/autodiscover.xml";
const std::string autodiscover_domain = "https://example.com/autodiscover/autodiscover.xml";

TEST(AutodiscoverSource, WithoutAPasswordBothEndpointsAreAskedAtOnceInMicrosoftsOrder) {
    Fixture f;
    f.http->answer(autodiscover_domain, ok(autodiscover_xml));
    f.http->hold_until_requested(autodiscover_host, autodiscover_domain);
    auto outcome = f.run(autodiscover_source(f.context()));
    EXPECT_TRUE(f.http->saw_other(autodiscover_host));
    ASSERT_TRUE(outcome.candidate) << outcome.reason;
    EXPECT_EQ(outcome.candidate->origin, autodiscover_domain);
    EXPECT_EQ(outcome.candidate->config.incoming[0].hostname, "imap.example.com");
}

TEST(AutodiscoverSource, TheFirstEndpointsAnswerWinsEvenWhenTheSecondAnswersFirst) {
    Fixture f;
    std::string other = autodiscover_xml;
    other.replace(other.find("imap.example.com"), 16, "imap.second.example");
    f.http->answer(autodiscover_host, ok(autodiscover_xml));
    f.http->answer(autodiscover_domain, ok(other));
    f.http->hold_until_requested(autodiscover_host, autodiscover_domain);
    auto outcome = f.run(autodiscover_source(f.context()));
    ASSERT_TRUE(outcome.candidate) << outcome.reason;
    EXPECT_EQ(outcome.candidate->origin, autodiscover_host);
    EXPECT_EQ(outcome.candidate->config.incoming[0].hostname, "imap.example.com");
}

TEST(AutodiscoverSource, APasswordGoesToOneEndpointAtATime) {
    Fixture f;
    auto context = f.context();
    context->password = "s3cret-autodiscover";
    f.http->answer(autodiscover_host, ok(autodiscover_xml));
    // Held for 300 ms: the second endpoint must not be asked while the first is open.
    f.http->hold_until_requested(autodiscover_host, autodiscover_domain, 300ms);
    auto outcome = f.run(autodiscover_source(context));
    EXPECT_FALSE(f.http->saw_other(autodiscover_host));
    ASSERT_TRUE(outcome.candidate) << outcome.reason;
    for (const auto& request : f.http->requests())
        EXPECT_NE(request.url, autodiscover_domain) << "asked although the first one answered";
}

} // namespace
