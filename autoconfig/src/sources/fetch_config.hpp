// Fetching and reading a clientConfig document over HTTP(S), shared by the ISP, ISPDB and MX
// sources.
#pragma once

#include "maillab/autoconfig/sources.hpp"

#include <memory>
#include <string>
#include <vector>

namespace maillab::autoconfig::detail {

struct FetchedConfig {
    ProviderConfig config;
    std::string url; // where it finally came from
    bool all_hops_https = false;
};

// A 200 response whose body is a clientConfig; otherwise the error says what was wrong.
Result<FetchedConfig> fetch_client_config(HttpFetcher& http, const std::string& url,
                                          Deadline deadline);

// Fetches every URL at once and takes the first, in the given order, that gives a config: a
// later URL's answer waits for the earlier ones to fail, and the call returns as soon as that
// is decided (fetches no longer needed finish on their own). The error lists every failure.
Result<FetchedConfig> fetch_first_client_config(std::shared_ptr<HttpFetcher> http,
                                                const std::vector<std::string>& urls,
                                                Deadline deadline, const StopFlag& stop);

SourceOutcome not_found(std::string reason);
SourceOutcome failure(std::string reason);

} // namespace maillab::autoconfig::detail
