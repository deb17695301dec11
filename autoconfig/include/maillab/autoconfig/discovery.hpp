// From an email address to ranked, sourced candidate settings. Every source starts at once; the
// best-ranked success wins and cancels the rest; each source has its own deadline.
#pragma once

#include "maillab/autoconfig/ports.hpp"
#include "maillab/autoconfig/provider_config.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace maillab::autoconfig {

// In the order a careful client trusts them (the rank).
enum class SourceKind { bundled, isp_https, ispdb, mx, autodiscover, srv, guess, isp_http };
std::string_view to_string(SourceKind kind);

struct Candidate {
    SourceKind source = SourceKind::bundled;
    std::string origin;   // the URL, DNS name or file the settings came from
    bool trusted = false; // every hop HTTPS (or bundled) and nothing guessed
    ProviderConfig config; // placeholders expanded for the address
    std::vector<std::string> password_recipients; // hosts that would receive the password
    std::string username; // the user name the first incoming server expects for the address
    std::vector<std::string> notes; // e.g. "redirected to autodiscover.other.example"
};

enum class ProgressKind { started, found, not_found, failed, cancelled };
std::string_view to_string(ProgressKind kind);

struct ProgressEvent {
    SourceKind source;
    ProgressKind kind;
    std::string detail;
    std::int64_t elapsed_ms = 0;
};
using ProgressSink = std::function<void(const ProgressEvent&)>;

// A cooperative stop request shared with a running source.
class StopFlag {
  public:
    bool stop_requested() const { return flag_->load(); }
    void request_stop() const { flag_->store(true); }

  private:
    std::shared_ptr<std::atomic<bool>> flag_ = std::make_shared<std::atomic<bool>>(false);
};

struct SourceOutcome {
    std::optional<Candidate> candidate; // set when found
    std::string reason;                 // why not, when not found or failed
    bool failed = false;                // an error (network, format) rather than "nothing here"
};

struct DiscoverySource {
    SourceKind kind;
    std::chrono::milliseconds timeout;
    // Runs on its own thread; must return by the deadline and should return early on stop.
    std::function<SourceOutcome(Deadline deadline, const StopFlag& stop)> run;
};

struct DiscoveryResult {
    std::vector<Candidate> candidates; // found before the answer was decided, best rank first
    std::optional<std::size_t> best;   // index into candidates
    std::vector<ProgressEvent> events;
    std::int64_t elapsed_ms = 0;
};

// Runs every source in parallel. Returns as soon as a success is found whose better-ranked
// sources have all finished without one (or when every source has finished or timed out).
// Sources still running are asked to stop and left to finish on their own.
DiscoveryResult run_priority_parallel(std::vector<DiscoverySource> sources,
                                      const ProgressSink& progress = {});

// Cancelled sources finish their current step on threads of their own after the answer. A
// program waits for them before it exits (static objects they use go away at exit); false when
// some are still running after max_wait.
bool wait_for_background_work(std::chrono::milliseconds max_wait);
std::size_t background_work_count();

} // namespace maillab::autoconfig
