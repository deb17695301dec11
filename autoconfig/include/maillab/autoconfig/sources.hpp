// The discovery sources, each a plan over the ports (no I/O of its own), and the table that
// puts them together for one address.
#pragma once

#include "maillab/autoconfig/discovery.hpp"
#include "maillab/autoconfig/ports.hpp"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace maillab::autoconfig {

// Provider files shipped with the program (assets/providers), by domain (lower case).
struct BundledProviders {
    std::map<std::string, ProviderConfig> by_domain;
    void add(const ProviderConfig& config); // indexes every <domain> of the config
};

// Asked before credentials go to a host outside the address's registrable domain.
using ConsentCallback = std::function<bool(const std::string& host, const std::string& reason)>;

struct SourceTimeouts {
    std::chrono::milliseconds bundled{1000};
    std::chrono::milliseconds isp{10'000};
    std::chrono::milliseconds ispdb{10'000};
    std::chrono::milliseconds mx{12'000};
    std::chrono::milliseconds autodiscover{15'000};
    std::chrono::milliseconds srv{8'000};
    std::chrono::milliseconds guess{15'000};
};

struct DiscoveryContext {
    std::string address;      // local@ascii-domain
    std::string local_part;
    std::string domain;       // ASCII (punycode), lower case
    std::shared_ptr<HttpFetcher> http;
    std::shared_ptr<MxResolver> mx;
    std::shared_ptr<SrvResolver> srv;
    std::shared_ptr<Prober> prober;
    std::shared_ptr<RegistrableDomains> domains;
    std::shared_ptr<const BundledProviders> bundled;
    std::string ispdb_base_url = "https://autoconfig.thunderbird.net/v1.1/";
    bool offline = false;                    // no ISPDB (the provider database on the internet)
    std::optional<std::string> password;     // for Autodiscover's authenticated POST
    ConsentCallback consent;                 // nullptr: never send credentials to other domains
    SourceTimeouts timeouts;
    std::chrono::milliseconds guess_stagger{100};
};

// Expands placeholders for the address, and fills password_recipients and username.
Candidate make_candidate(SourceKind source, std::string origin, bool trusted, ProviderConfig config,
                         const DiscoveryContext& context);

DiscoverySource bundled_source(std::shared_ptr<const DiscoveryContext> context);
DiscoverySource isp_source(std::shared_ptr<const DiscoveryContext> context, bool https);
DiscoverySource ispdb_source(std::shared_ptr<const DiscoveryContext> context);
DiscoverySource mx_source(std::shared_ptr<const DiscoveryContext> context);
DiscoverySource autodiscover_source(std::shared_ptr<const DiscoveryContext> context);
DiscoverySource srv_source(std::shared_ptr<const DiscoveryContext> context);
DiscoverySource guess_source(std::shared_ptr<const DiscoveryContext> context);

// Every source that applies (ISPDB not when offline; guessing needs a prober).
std::vector<DiscoverySource> all_sources(std::shared_ptr<const DiscoveryContext> context);

} // namespace maillab::autoconfig
