#include "server_check_flow.hpp"

namespace maillab::sim::flows {

ServerCheckFlow::ServerCheckFlow(EngineServices& engine, std::function<void()> wake)
    : engine_(engine), wake_(std::move(wake)) {}

void ServerCheckFlow::check_smtp(const ServerSettings& server, const std::string& from,
                                 std::vector<TrustException> trust) {
    EngineServices* engine = &engine_;
    job_.start([engine, server, from,
                trust = std::move(trust)] { return engine->check_smtp(server, from, trust); },
               wake_);
}

void ServerCheckFlow::check_incoming(const IncomingServer& server,
                                     std::vector<TrustException> trust) {
    EngineServices* engine = &engine_;
    job_.start([engine, server,
                trust = std::move(trust)] { return engine->check_incoming(server, trust); },
               wake_);
}

std::optional<CheckResult> ServerCheckFlow::take_result() {
    std::string error;
    auto result = job_.take(&error);
    if (!result && !error.empty()) {
        CheckResult failed;
        failed.outcome = Outcome::protocol_error;
        failed.message = "Internal error: " + error;
        return failed;
    }
    return result;
}

} // namespace maillab::sim::flows
