// A scenario being played on the phone: puts the phone and the lab in the starting state,
// ticks the steps as their conditions come true (once per frame, from real state), and judges
// success at any moment. Conditions only count what happened after the scenario began.
#pragma once

#include "scenario.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace maillab::sim {
class App;
}

namespace maillab::sim::training {

class ScenarioRun {
  public:
    explicit ScenarioRun(Scenario scenario) : scenario_(std::move(scenario)) {}

    // The starting state: the phone's accounts replaced by the scenario's (from the lab world
    // file), then the lab's "before" lines. Empty when done, else the problem.
    std::string begin(App& app);
    // Once per frame.
    void update(const App& app);

    const Scenario& scenario() const { return scenario_; }
    bool step_done(std::size_t i) const { return i < done_.size() && done_[i]; }
    // Seconds from the start to when step i was done (negative while it is not).
    double step_done_after(std::size_t i) const {
        return i < done_after_.size() ? done_after_[i] : -1;
    }
    std::chrono::steady_clock::time_point began_at() const { return began_at_; }
    // Step i's hint for the phone's iOS: "{accounts}" becomes where that iOS keeps the accounts
    // ("Settings › Mail › Accounts", "Settings › Passwords & Accounts", ...).
    std::string hint(std::size_t i, const App& app) const;
    std::size_t steps_done() const;
    bool succeeded(const App& app) const;
    // The debrief for the outcome so far, with the evidence (which conditions held).
    std::string debrief(const App& app) const;
    // For --dump-state: {"id", "steps": [{"title", "done"}], "success", "debrief"}.
    std::string state_json(const App& app) const;

  private:
    bool holds(const Condition& c, const App& app) const;
    // holds(), or its opposite for "not CONDITION".
    bool holds_as_written(const Condition& c, const App& app) const {
        return holds(c, app) != c.negated;
    }
    bool new_mail_on_both(const std::string& address, const App& app) const;
    // Takes in the lab events that arrived since the last call (each event is read once).
    void read_new_lab_events(const App& app) const;

    Scenario scenario_;
    std::vector<bool> done_;
    std::vector<double> done_after_;
    std::chrono::steady_clock::time_point began_at_{};
    std::size_t alerts_at_begin_ = 0;
    std::uint64_t lab_events_at_begin_ = 0;
    std::uint64_t lab_log_at_begin_ = 0; // the protocol log's last line before the start
    // The lab events since the scenario began, as (kind, user), and the last one read.
    mutable std::vector<std::pair<lab::EventKind, std::string>> lab_seen_;
    mutable std::uint64_t lab_read_up_to_ = 0;
    mutable std::vector<std::string> dns_queries_seen_; // the dns_query events' details
    // The messages the lab delivered since the scenario began, as (recipient, subject).
    mutable std::vector<std::pair<std::string, std::string>> delivered_;
    bool begun_ = false;
};

} // namespace maillab::sim::training
