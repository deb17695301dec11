#include "idn_host.hpp"
#include "maillab/autoconfig/placeholders.hpp"
#include "maillab/autoconfig/sources.hpp"

#include <algorithm>

namespace maillab::autoconfig {

void BundledProviders::add(const ProviderConfig& config) {
    for (const auto& domain : config.domains)
        by_domain[domain] = config;
}

Candidate make_candidate(SourceKind source, std::string origin, bool trusted, ProviderConfig config,
                         const DiscoveryContext& context) {
    const AddressParts parts{context.address, context.local_part, context.domain};
    Candidate candidate;
    candidate.source = source;
    candidate.origin = std::move(origin);
    candidate.trusted = trusted;
    auto expand = [&](std::vector<ServerEntry>& servers) {
        for (auto& server : servers) {
            auto host = detail::check_idn_host(expand_placeholders(server.hostname, parts));
            server.hostname = std::move(host.ascii);
            if (host.warning && std::find(candidate.notes.begin(), candidate.notes.end(),
                                          "warning: " + *host.warning) == candidate.notes.end())
                candidate.notes.push_back("warning: " + *host.warning);
            server.username = expand_placeholders(server.username, parts);
            const bool sends_password =
                server.authentication.empty() ||
                std::any_of(server.authentication.begin(), server.authentication.end(),
                            [](const std::string& a) {
                                return a != "none" && a != "client-IP-address" &&
                                       a != "smtp-after-pop" && a != "TLS-client-cert" &&
                                       a != "OAuth2";
                            });
            if (sends_password &&
                std::find(candidate.password_recipients.begin(),
                          candidate.password_recipients.end(),
                          server.hostname) == candidate.password_recipients.end())
                candidate.password_recipients.push_back(server.hostname);
        }
    };
    expand(config.incoming);
    expand(config.outgoing);
    if (!config.incoming.empty())
        candidate.username = config.incoming.front().username;
    candidate.config = std::move(config);
    return candidate;
}

} // namespace maillab::autoconfig
