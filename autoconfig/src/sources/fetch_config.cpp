#include "sources/fetch_config.hpp"

#include "maillab/autoconfig/client_config.hpp"
#include "sources/concurrent_steps.hpp"

namespace maillab::autoconfig::detail {

SourceOutcome not_found(std::string reason) {
    return {std::nullopt, std::move(reason), false};
}
SourceOutcome failure(std::string reason) {
    return {std::nullopt, std::move(reason), true};
}

Result<FetchedConfig> fetch_client_config(HttpFetcher& http, const std::string& url,
                                          Deadline deadline) {
    HttpRequest request;
    request.url = url;
    auto response = http.fetch(request, deadline);
    if (!response)
        return Error{url + ": " + response.error().message};
    if (response->status != 200)
        return Error{url + ": HTTP " + std::to_string(response->status)};
    auto config = parse_client_config(response->body);
    if (!config)
        return Error{url + ": not a usable clientConfig (" + config.error().message + " at line " +
                     std::to_string(config.error().line) + ")"};
    if (config->incoming.empty() || config->outgoing.empty())
        return Error{url + ": the clientConfig has no usable " +
                     std::string(config->incoming.empty() ? "incoming" : "outgoing") + " server"};
    return FetchedConfig{std::move(*config),
                         response->final_url.empty() ? url : response->final_url,
                         response->all_hops_https};
}

Result<FetchedConfig> fetch_first_client_config(std::shared_ptr<HttpFetcher> http,
                                                const std::vector<std::string>& urls,
                                                Deadline deadline, const StopFlag& stop) {
    if (stop.stop_requested())
        return Error{"stopped"};
    ConcurrentSteps<Result<FetchedConfig>> fetches;
    for (const auto& url : urls)
        fetches.start([http, url, deadline] { return fetch_client_config(*http, url, deadline); });
    std::string errors;
    for (std::size_t i = 0; i < urls.size(); ++i) {
        auto fetched = fetches.take(i);
        if (fetched)
            return fetched;
        if (stop.stop_requested())
            return Error{"stopped"};
        errors += (errors.empty() ? "" : "; ") + fetched.error().message;
    }
    return Error{errors};
}

} // namespace maillab::autoconfig::detail
