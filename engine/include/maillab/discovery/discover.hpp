// Discovery with the real ports: c-ares for MX and SRV, Beast for HTTPS, the protocol clients
// for probing, libpsl for registrable domains.
#pragma once

#include "maillab/autoconfig/discovery.hpp"
#include "maillab/autoconfig/sources.hpp"
#include "maillab/model/account.hpp"
#include "maillab/verify/verify.hpp"

#include <memory>
#include <optional>
#include <string>

namespace maillab {

struct DiscoverOptions {
    NetOptions net;
    bool offline = false; // no ISPDB
    std::string ispdb_base_url = "https://autoconfig.thunderbird.net/v1.1/";
    std::shared_ptr<const autoconfig::BundledProviders> bundled;
    std::optional<std::string> password;  // lets Autodiscover authenticate
    autoconfig::ConsentCallback consent;  // asked before credentials leave the address's domain
    autoconfig::SourceTimeouts timeouts;
};

// Error: the address itself is not valid (the message names the problem).
Result<autoconfig::DiscoveryResult> discover(const std::string& email,
                                             const DiscoverOptions& options,
                                             const autoconfig::ProgressSink& progress = {});

// The account a candidate describes for this address (first incoming and outgoing server).
Account account_from_candidate(const autoconfig::Candidate& candidate, const std::string& email,
                               const std::string& name, const std::string& password);

Security security_of(autoconfig::SocketType socket_type);

} // namespace maillab
