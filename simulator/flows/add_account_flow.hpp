// The "Add Mail Account" sheet's controller: the engine's SetupFlow state machine, with its
// discovery and verification tasks run on a worker thread and their results handed to the
// machine on the UI thread (poll(), once per frame).
#pragma once

#include "engine_services.hpp"
#include "job.hpp"
#include "maillab/setup/setup_flow.hpp"

#include <functional>
#include <optional>
#include <string>
#include <variant>

namespace maillab::sim::flows {

class AddAccountFlow {
  public:
    AddAccountFlow(EngineServices& engine, std::function<void()> wake);

    void start(); // a fresh "New Account" sheet
    void submit(const setup::NewAccountForm& form);
    void submit_manual(const setup::ManualForm& form);
    void press(const std::string& button);
    void cancel();

    // Once per frame on the UI thread.
    void poll();

    const setup::SetupFlow& machine() const { return machine_; }
    bool busy() const { return job_.running(); }
    // An alert the machine raised since the last call (each one once).
    std::optional<setup::Alert> take_new_alert();
    const std::string& internal_error() const { return internal_error_; }

  private:
    using Outcome = std::variant<Result<autoconfig::DiscoveryResult>, VerifyReport>;
    void after_action();

    EngineServices& engine_;
    std::function<void()> wake_;
    setup::SetupFlow machine_;
    Job<Outcome> job_;
    bool alert_pending_ = false;
    std::string internal_error_;
};

} // namespace maillab::sim::flows
