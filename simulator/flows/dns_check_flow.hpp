// The DNS checks of `maillab dns` run from the simulator, for trainees without a terminal: the
// engine's domain health check (MX, SPF, DMARC, autoconfig, Autodiscover, SRV) on a worker
// thread. Names in the lab zone are asked of the lab's own DNS server over UDP, exactly as
// `maillab dns DOMAIN --resolver LAB-DNS` from a terminal would (so the lab records the queries);
// any other domain uses the configured resolver or the system's. One check at a time; the UI
// thread starts it and polls once per frame.
#pragma once

#include "job.hpp"
#include "maillab/autoconfig/dns_health.hpp"
#include "maillab/health/domain_health.hpp"
#include "maillab/lab/lab.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace maillab::sim::flows {

struct DnsCheckConfig {
    std::string lab_domain;              // "lab.maillab.test"; empty: no lab
    std::string lab_dns_server;          // "127.0.0.1:PORT" (lab::LabAddresses::dns_server)
    std::optional<std::string> resolver; // for other domains (--resolver); system otherwise
    std::chrono::milliseconds timeout{10'000};
};

// Lab names asked of that lab's DNS server (none when lab is null), others of `resolver`.
DnsCheckConfig lab_dns_check_config(const lab::Lab* lab, std::optional<std::string> resolver);

// One check's outcome, as `maillab dns` prints it: "✗ MX: ..." and its details.
struct DnsCheckLine {
    autoconfig::Verdict verdict = autoconfig::Verdict::missing;
    std::string title;   // "MX", "SPF", "DKIM (selector s1)", ...
    std::string summary; // one sentence in plain words
    std::vector<std::string> details;
};

class DnsCheckFlow {
  public:
    // `wake` runs on the worker when a check finishes (to wake an idle event loop).
    explicit DnsCheckFlow(DnsCheckConfig config, std::function<void()> wake = {});

    // Starts checking a domain (or a mail address's domain); a check still running is
    // abandoned. A domain that is not valid ends the check at once with error().
    void start(const std::string& domain);
    // On the UI thread: takes in a finished check. True when the results changed.
    bool poll();
    bool busy() const { return job_.running(); }
    // The domain being checked or last checked (ASCII, lower case).
    const std::string& domain() const { return domain_; }
    // The last finished check's lines, in the order of `maillab dns`; empty before any.
    const std::vector<DnsCheckLine>& results() const { return results_; }
    // Why the last check could not run (an invalid domain); empty otherwise.
    const std::string& error() const { return error_; }
    // The last finished check found no problem (warnings and missing records aside), as
    // `maillab dns` exits 0. Mark lines with verdict_mark() (maillab/health/domain_health.hpp).
    bool ok() const;

  private:
    DnsCheckConfig config_;
    std::function<void()> wake_;
    Job<DomainHealthReport> job_;
    std::string domain_;
    std::vector<DnsCheckLine> results_;
    std::string error_;
};

} // namespace maillab::sim::flows
