// Sources that read clientConfig documents: bundled files, the provider's own server (https,
// then plain http as a last, untrusted resort), the ISPDB, and the MX host's provider.
#include "sources/fetch_config.hpp"

#include <algorithm>

namespace maillab::autoconfig {

using detail::failure;
using detail::fetch_first_client_config;
using detail::not_found;

DiscoverySource bundled_source(std::shared_ptr<const DiscoveryContext> context) {
    return {SourceKind::bundled, context->timeouts.bundled,
            [context](Deadline, const StopFlag&) -> SourceOutcome {
                if (!context->bundled)
                    return not_found("no provider files are bundled");
                auto it = context->bundled->by_domain.find(context->domain);
                if (it == context->bundled->by_domain.end())
                    return not_found("no bundled provider file lists " + context->domain);
                return {make_candidate(SourceKind::bundled, "bundled:" + it->second.id, true,
                                       it->second, *context),
                        {}, false};
            }};
}

DiscoverySource isp_source(std::shared_ptr<const DiscoveryContext> context, bool https) {
    // The address is not sent in the URL (Thunderbird adds ?emailaddress=; that leaks it).
    const std::string scheme = https ? "https://" : "http://";
    std::vector<std::string> urls{
        scheme + "autoconfig." + context->domain + "/mail/config-v1.1.xml",
        scheme + context->domain + "/.well-known/autoconfig/mail/config-v1.1.xml"};
    return {https ? SourceKind::isp_https : SourceKind::isp_http, context->timeouts.isp,
            [context, urls, https](Deadline deadline, const StopFlag& stop) -> SourceOutcome {
                auto fetched = fetch_first_client_config(context->http, urls, deadline, stop);
                if (!fetched)
                    return not_found(fetched.error().message);
                const bool trusted = https && fetched->all_hops_https;
                auto kind = https ? SourceKind::isp_https : SourceKind::isp_http;
                auto candidate = make_candidate(kind, fetched->url, trusted,
                                                std::move(fetched->config), *context);
                if (!trusted)
                    candidate.notes.push_back(
                        https ? "a redirect went through plain http: the settings could have been "
                                "changed on the way"
                              : "fetched over plain http: the settings could have been changed on "
                                "the way");
                return {std::move(candidate), {}, false};
            }};
}

DiscoverySource ispdb_source(std::shared_ptr<const DiscoveryContext> context) {
    return {SourceKind::ispdb, context->timeouts.ispdb,
            [context](Deadline deadline, const StopFlag& stop) -> SourceOutcome {
                const std::string url = context->ispdb_base_url + context->domain;
                auto fetched = fetch_first_client_config(context->http, {url}, deadline, stop);
                if (!fetched)
                    return not_found(fetched.error().message);
                auto candidate = make_candidate(SourceKind::ispdb, fetched->url,
                                                fetched->all_hops_https,
                                                std::move(fetched->config), *context);
                return {std::move(candidate), {}, false};
            }};
}

DiscoverySource mx_source(std::shared_ptr<const DiscoveryContext> context) {
    return {SourceKind::mx, context->timeouts.mx,
            [context](Deadline deadline, const StopFlag& stop) -> SourceOutcome {
                auto records = context->mx->lookup_mx(context->domain, deadline);
                if (!records)
                    return failure("MX lookup for " + context->domain + ": " +
                                   records.error().message);
                if (records->empty())
                    return not_found(context->domain + " has no MX record");
                const auto lowest = std::min_element(
                    records->begin(), records->end(),
                    [](const MxRecord& a, const MxRecord& b) { return a.preference < b.preference; });
                std::string host = lowest->host;
                if (!host.empty() && host.back() == '.')
                    host.pop_back();
                auto base = context->domains ? context->domains->registrable_domain(host)
                                             : std::nullopt;
                if (!base)
                    return not_found("the MX host " + host + " has no registrable domain");
                if (*base == context->domain)
                    return not_found("the MX host " + host + " is in the address's own domain");
                std::vector<std::string> urls{"https://autoconfig." + *base +
                                              "/mail/config-v1.1.xml"};
                if (!context->offline)
                    urls.push_back(context->ispdb_base_url + *base);
                auto fetched = fetch_first_client_config(context->http, urls, deadline, stop);
                if (!fetched)
                    return not_found("MX " + host + " → " + *base + ": " + fetched.error().message);
                // DNS answers are not authenticated here (no DNSSEC): the user must confirm.
                auto candidate = make_candidate(SourceKind::mx, fetched->url, false,
                                                std::move(fetched->config), *context);
                candidate.notes.push_back("found through the MX host " + host +
                                          " (DNS is not authenticated: confirm before use)");
                return {std::move(candidate), {}, false};
            }};
}

std::vector<DiscoverySource> all_sources(std::shared_ptr<const DiscoveryContext> context) {
    std::vector<DiscoverySource> sources{bundled_source(context), isp_source(context, true)};
    if (!context->offline)
        sources.push_back(ispdb_source(context));
    if (context->mx)
        sources.push_back(mx_source(context));
    if (context->http)
        sources.push_back(autodiscover_source(context));
    if (context->srv)
        sources.push_back(srv_source(context));
    if (context->prober)
        sources.push_back(guess_source(context));
    sources.push_back(isp_source(context, false));
    return sources;
}

} // namespace maillab::autoconfig
