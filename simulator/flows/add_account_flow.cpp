#include "add_account_flow.hpp"

namespace maillab::sim::flows {

AddAccountFlow::AddAccountFlow(EngineServices& engine, std::function<void()> wake)
    : engine_(engine), wake_(std::move(wake)) {}

void AddAccountFlow::start() {
    job_.abandon();
    machine_ = setup::SetupFlow{};
    alert_pending_ = false;
    internal_error_.clear();
}

void AddAccountFlow::submit(const setup::NewAccountForm& form) {
    machine_.submit_new_account(form);
    after_action();
}

void AddAccountFlow::submit_manual(const setup::ManualForm& form) {
    machine_.submit_manual(form);
    after_action();
}

void AddAccountFlow::press(const std::string& button) {
    machine_.press(button);
    after_action();
}

void AddAccountFlow::cancel() {
    job_.abandon();
    machine_.cancel();
    alert_pending_ = false;
}

void AddAccountFlow::after_action() {
    if (machine_.screen() == setup::Screen::alert)
        alert_pending_ = true;
    if (job_.running())
        return;
    const auto& task = machine_.pending_task();
    EngineServices* engine = &engine_;
    if (const auto* need = std::get_if<setup::NeedDiscovery>(&task)) {
        job_.start([engine, email = need->email, password = need->password]() -> Outcome {
            return engine->discover(email, password);
        }, wake_);
    } else if (const auto* need = std::get_if<setup::NeedVerification>(&task)) {
        job_.start([engine, account = need->account, trust = need->trust_exceptions]() -> Outcome {
            return engine->verify(account, trust);
        }, wake_);
    }
}

void AddAccountFlow::poll() {
    std::string error;
    auto outcome = job_.take(&error);
    if (!outcome) {
        if (!error.empty()) {
            internal_error_ = error;
            machine_.cancel();
        }
        return;
    }
    if (auto* found = std::get_if<Result<autoconfig::DiscoveryResult>>(&*outcome)) {
        if (!std::holds_alternative<setup::NeedDiscovery>(machine_.pending_task()))
            return; // cancelled meanwhile
        if (*found) {
            machine_.discovery_finished(found->value());
        } else {
            // The address itself was refused: nothing to discover, the servers are asked for.
            machine_.discovery_finished(autoconfig::DiscoveryResult{});
        }
    } else if (auto* report = std::get_if<VerifyReport>(&*outcome)) {
        if (!std::holds_alternative<setup::NeedVerification>(machine_.pending_task()))
            return;
        machine_.verification_finished(*report);
    }
    after_action();
}

std::optional<setup::Alert> AddAccountFlow::take_new_alert() {
    if (!alert_pending_ || machine_.screen() != setup::Screen::alert || !machine_.alert())
        return std::nullopt;
    alert_pending_ = false;
    return machine_.alert();
}

} // namespace maillab::sim::flows
