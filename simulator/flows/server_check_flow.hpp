// "Done" on a server screen (Primary Server, the account's incoming server): the phone verifies
// the edited server before it keeps the change. One check at a time, on a worker thread.
#pragma once

#include "engine_services.hpp"
#include "job.hpp"

#include <functional>
#include <optional>
#include <string>

namespace maillab::sim::flows {

class ServerCheckFlow {
  public:
    ServerCheckFlow(EngineServices& engine, std::function<void()> wake);

    // `trust`: the certificates the user trusted on this phone.
    void check_smtp(const ServerSettings& server, const std::string& from,
                    std::vector<TrustException> trust);
    void check_incoming(const IncomingServer& server, std::vector<TrustException> trust);
    void cancel() { job_.abandon(); }
    bool busy() const { return job_.running(); }
    // The finished check, once (on the UI thread).
    std::optional<CheckResult> take_result();

  private:
    EngineServices& engine_;
    std::function<void()> wake_;
    Job<CheckResult> job_;
};

} // namespace maillab::sim::flows
