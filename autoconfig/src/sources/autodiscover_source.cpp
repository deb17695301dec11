// Microsoft Autodiscover (POX): POST to https://autodiscover.<domain> and https://<domain>, the
// host an _autodiscover._tcp SRV record names, and a plain-http GET used only to learn a
// redirect. Credentials (when a password is given) go only to hosts inside the address's
// registrable domain unless the user consents; redirectAddr is followed at most twice.
#include "maillab/autoconfig/autodiscover.hpp"
#include "sources/concurrent_steps.hpp"
#include "sources/fetch_config.hpp"

#include <random>

namespace maillab::autoconfig {

using detail::failure;
using detail::not_found;

namespace {

std::string host_of(const std::string& url) {
    auto start = url.find("://");
    start = start == std::string::npos ? 0 : start + 3;
    auto end = url.find_first_of(":/?#", start);
    return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

bool ends_with_domain(const std::string& host, const std::string& domain) {
    return host == domain ||
           (host.size() > domain.size() &&
            host.compare(host.size() - domain.size(), domain.size(), domain) == 0 &&
            host[host.size() - domain.size() - 1] == '.');
}

// POSTs the request for `address` to `url` (with Basic credentials when given); the parsed
// response or an error. No state of the run: POSTs without credentials go out at once.
Result<AutodiscoverResponse> post_request(const DiscoveryContext& context, const std::string& url,
                                          const std::string& address,
                                          std::optional<std::pair<std::string, std::string>> auth,
                                          Deadline deadline) {
    HttpRequest request;
    request.method = "POST";
    request.url = url;
    request.body = write_autodiscover_request(address);
    request.content_type = "text/xml; charset=utf-8";
    request.follow_redirects = false; // each redirect target is checked before credentials go
    request.basic_auth = std::move(auth);
    auto response = context.http->fetch(request, deadline);
    if (!response)
        return Error{url + ": " + response.error().message};
    if (response->status >= 300 && response->status < 400 && !response->location.empty()) {
        if (response->location.rfind("https://", 0) != 0)
            return Error{url + ": redirected to a non-https URL, not followed"};
        return AutodiscoverResponse{AutodiscoverRedirectUrl{response->location}};
    }
    if (response->status == 401)
        return Error{url + ": the server wants credentials (HTTP 401)"};
    if (response->status != 200)
        return Error{url + ": HTTP " + std::to_string(response->status)};
    auto parsed = parse_autodiscover_response(response->body);
    if (!parsed)
        return Error{url + ": " + parsed.error().message};
    return *parsed;
}

// More endpoints learnt from DNS or from a plain-http redirect, with what to tell the user.
struct LearntEndpoints {
    std::vector<std::string> urls;
    std::vector<std::string> notes;
};

// The hosts an _autodiscover._tcp SRV record names, in RFC 2782 order.
LearntEndpoints srv_endpoints(const DiscoveryContext& context, const std::string& domain,
                              Deadline deadline) {
    LearntEndpoints out;
    auto records = context.srv->lookup_srv("_autodiscover._tcp." + domain, deadline);
    if (!records)
        return out;
    std::mt19937 generator{std::random_device{}()};
    auto selection = select_srv(*records, [&](std::uint32_t n) {
        return std::uniform_int_distribution<std::uint32_t>(0, n)(generator);
    });
    for (const auto& r : selection.ordered)
        out.urls.push_back("https://" + r.target + ":" + std::to_string(r.port) +
                           "/autodiscover/autodiscover.xml");
    return out;
}

// Plain http only to learn a redirect to an https endpoint; nothing else is read from it.
LearntEndpoints http_redirect_endpoint(const DiscoveryContext& context, const std::string& domain,
                                       Deadline deadline) {
    LearntEndpoints out;
    HttpRequest probe;
    probe.url = "http://autodiscover." + domain + "/autodiscover/autodiscover.xml";
    probe.follow_redirects = false;
    if (auto response = context.http->fetch(probe, deadline);
        response && response->status >= 300 && response->status < 400 &&
        response->location.rfind("https://", 0) == 0) {
        out.urls.push_back(response->location);
        out.notes.push_back("plain http pointed to " + response->location);
    }
    return out;
}

// One entry of the run's queue: a URL to POST to (perhaps already posted), or a lookup whose
// endpoints take its place when the queue reaches it.
struct QueuedEndpoint {
    std::string url;
    std::optional<std::size_t> posted; // index into the run's posts
    std::optional<std::size_t> lookup; // index into the run's lookups
};

class AutodiscoverRun {
  public:
    AutodiscoverRun(std::shared_ptr<const DiscoveryContext> context, Deadline deadline,
                    const StopFlag& stop)
        : context_(std::move(context)), deadline_(deadline), stop_(stop) {}

    SourceOutcome run();

  private:
    // The endpoints for `domain` in Microsoft's order. Everything that sends no password starts
    // at once (the two POSTs when there is no password, the SRV lookup, the plain-http probe);
    // the answers are still read in that order, and a password goes to one host at a time.
    std::vector<QueuedEndpoint> endpoints(const std::string& domain, const std::string& address);
    // The response of the queue's first entry (a URL), posted now unless it already was.
    Result<AutodiscoverResponse> response_of(const QueuedEndpoint& entry,
                                             const std::string& address);
    bool may_send_credentials(const std::string& url);

    std::shared_ptr<const DiscoveryContext> context_;
    Deadline deadline_;
    StopFlag stop_;
    std::vector<std::string> notes_;
    std::string registrable_;
    detail::ConcurrentSteps<Result<AutodiscoverResponse>> posts_;
    detail::ConcurrentSteps<LearntEndpoints> lookups_;
};

bool AutodiscoverRun::may_send_credentials(const std::string& url) {
    const std::string host = host_of(url);
    if (url.rfind("https://", 0) != 0)
        return false; // never over plain http
    if (ends_with_domain(host, registrable_))
        return true;
    if (!context_->consent) {
        notes_.push_back("credentials were not sent to " + host + ": it is outside " +
                         registrable_ + " and nobody consented");
        return false;
    }
    bool allowed =
        context_->consent(host, "Autodiscover for " + context_->address + " was redirected to " +
                                    host + ", outside " + registrable_);
    notes_.push_back(std::string(allowed ? "the user allowed" : "the user refused") +
                     " sending credentials to " + host);
    return allowed;
}

std::vector<QueuedEndpoint> AutodiscoverRun::endpoints(const std::string& domain,
                                                       const std::string& address) {
    std::vector<QueuedEndpoint> queue;
    for (std::string url : {"https://autodiscover." + domain + "/autodiscover/autodiscover.xml",
                            "https://" + domain + "/autodiscover/autodiscover.xml"}) {
        QueuedEndpoint entry{url, std::nullopt, std::nullopt};
        if (!context_->password)
            entry.posted = posts_.start([context = context_, url, address, deadline = deadline_] {
                return post_request(*context, url, address, std::nullopt, deadline);
            });
        queue.push_back(std::move(entry));
    }
    if (context_->srv)
        queue.push_back(
            {{}, std::nullopt, lookups_.start([context = context_, domain, deadline = deadline_] {
                 return srv_endpoints(*context, domain, deadline);
             })});
    queue.push_back(
        {{}, std::nullopt, lookups_.start([context = context_, domain, deadline = deadline_] {
             return http_redirect_endpoint(*context, domain, deadline);
         })});
    return queue;
}

Result<AutodiscoverResponse> AutodiscoverRun::response_of(const QueuedEndpoint& entry,
                                                          const std::string& address) {
    if (entry.posted)
        return posts_.take(*entry.posted);
    std::optional<std::pair<std::string, std::string>> auth;
    if (context_->password && may_send_credentials(entry.url))
        auth = std::make_pair(address, *context_->password);
    return post_request(*context_, entry.url, address, std::move(auth), deadline_);
}

SourceOutcome AutodiscoverRun::run() {
    registrable_ = context_->domain;
    if (context_->domains)
        if (auto base = context_->domains->registrable_domain(context_->domain))
            registrable_ = *base;
    std::string address = context_->address;
    std::vector<QueuedEndpoint> queue = endpoints(context_->domain, address);
    std::vector<std::string> errors;
    int address_redirects = 0, url_redirects = 0;
    while (!queue.empty()) {
        if (stop_.stop_requested())
            return not_found("stopped");
        const QueuedEndpoint entry = queue.front();
        queue.erase(queue.begin());
        if (entry.lookup) {
            LearntEndpoints learnt = lookups_.take(*entry.lookup);
            notes_.insert(notes_.end(), learnt.notes.begin(), learnt.notes.end());
            std::vector<QueuedEndpoint> urls;
            for (auto& url : learnt.urls)
                urls.push_back({std::move(url), std::nullopt, std::nullopt});
            queue.insert(queue.begin(), urls.begin(), urls.end());
            continue;
        }
        const std::string& url = entry.url;
        auto response = response_of(entry, address);
        if (!response) {
            errors.push_back(response.error().message);
            continue;
        }
        if (auto* settings = std::get_if<AutodiscoverSettings>(&*response)) {
            if (settings->config.incoming.empty() || settings->config.outgoing.empty()) {
                errors.push_back(url + ": no IMAP/POP3 and SMTP settings in the response");
                continue;
            }
            auto candidate =
                make_candidate(SourceKind::autodiscover, url, true, settings->config, *context_);
            if (!ends_with_domain(host_of(url), registrable_)) {
                candidate.trusted = false;
                notes_.push_back("the settings came from " + host_of(url) + ", outside " +
                                 registrable_);
            }
            if (settings->smtp_uses_pop_auth)
                notes_.push_back("UsePOPAuth: the outgoing server uses the incoming credentials");
            candidate.notes.insert(candidate.notes.end(), notes_.begin(), notes_.end());
            return {std::move(candidate), {}, false};
        }
        if (auto* redirect = std::get_if<AutodiscoverRedirectAddress>(&*response)) {
            if (++address_redirects > 2)
                return failure("more than two redirectAddr answers");
            address = redirect->email_address;
            auto at = address.rfind('@');
            notes_.push_back("redirected to the address " + address);
            queue = endpoints(at == std::string::npos ? context_->domain : address.substr(at + 1),
                              address);
            continue;
        }
        if (auto* redirect = std::get_if<AutodiscoverRedirectUrl>(&*response)) {
            if (++url_redirects > 5)
                return failure("more than five redirectUrl answers");
            notes_.push_back("redirected to " + redirect->url);
            queue.insert(queue.begin(), {redirect->url, std::nullopt, std::nullopt});
            continue;
        }
        const auto& error = std::get<AutodiscoverError>(*response);
        errors.push_back(url + ": Autodiscover error " + error.error_code + " " + error.message);
    }
    std::string reason = "no Autodiscover answer";
    for (const auto& e : errors)
        reason += "; " + e;
    return not_found(reason);
}

} // namespace

DiscoverySource autodiscover_source(std::shared_ptr<const DiscoveryContext> context) {
    return {SourceKind::autodiscover, context->timeouts.autodiscover,
            [context](Deadline deadline, const StopFlag& stop) {
                return AutodiscoverRun(context, deadline, stop).run();
            }};
}

} // namespace maillab::autoconfig
