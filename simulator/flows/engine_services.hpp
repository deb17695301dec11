// What the simulator asks of the engine: discovery, verification of a whole account, checks
// of one server, and the Mail app's fetching and sending. The real implementation calls
// maillab_engine; tests substitute scripted ones. Every call may block for seconds: flows call them
// on worker threads only.
#pragma once

#include "maillab/autoconfig/discovery.hpp"
#include "maillab/mail/mail.hpp"
#include "maillab/model/account.hpp"
#include "maillab/result.hpp"
#include "maillab/verify/verify.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace maillab::sim::flows {

class EngineServices {
  public:
    virtual ~EngineServices() = default;
    virtual Result<autoconfig::DiscoveryResult> discover(const std::string& email,
                                                         const std::string& password) = 0;
    virtual VerifyReport verify(const Account& account,
                                const std::vector<TrustException>& trust) = 0;
    virtual CheckResult check_incoming(const IncomingServer& server,
                                       const std::vector<TrustException>& trust) = 0;
    virtual CheckResult check_smtp(const ServerSettings& server, const std::string& from,
                                   const std::vector<TrustException>& trust) = 0;
    virtual FetchResult fetch(const IncomingServer& server, const FetchRequest& request,
                              const std::vector<TrustException>& trust) = 0;
    virtual CheckResult send(const ServerSettings& smtp, const OutgoingMessage& message,
                             const std::vector<TrustException>& trust) = 0;
};

struct EngineConfig {
    std::optional<std::string> resolver;    // --resolver HOST:PORT
    std::optional<std::string> ca_file;     // --ca-file PEM
    std::string providers_dir;              // empty: the engine's default assets/providers
    std::shared_ptr<const StaticZone> zone; // the embedded lab's names and ports
    // When set, asked before every call instead of `zone` (the lab's zone changes at runtime).
    std::function<std::shared_ptr<const StaticZone>()> zone_source;
};

// The real engine. `warning` receives a problem that does not stop the simulator (for example
// no bundled provider files).
std::unique_ptr<EngineServices> make_engine_services(const EngineConfig& config,
                                                     std::string* warning = nullptr);

// Waits (bounded) for discovery work the engine left running; call before exit. False when some
// is still running: the program must then leave without running static destructors under it.
bool wait_for_engine_background_work();

} // namespace maillab::sim::flows
