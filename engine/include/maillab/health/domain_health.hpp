// "Mail does not arrive": runs the DNS lookups of a mail domain (MX and their addresses, SPF with
// its includes, DMARC, DKIM keys, autoconfig/Autodiscover hosts, SRV records) concurrently under
// one deadline, and judges them with autoconfig's pure verdict functions.
#pragma once

#include "maillab/autoconfig/dns_health.hpp"
#include "maillab/net/static_zone.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace maillab {

struct DomainHealthOptions {
    std::optional<std::string> resolver;       // "HOST:PORT"; /etc/resolv.conf when empty
    std::shared_ptr<const StaticZone> zone;    // names answered in the process (the lab)
    std::chrono::milliseconds timeout{20'000}; // all lookups together
    std::vector<std::string> dkim_selectors;   // each checked at SELECTOR._domainkey.DOMAIN
};

struct DomainHealthReport {
    std::string domain; // ASCII (punycode), lower case
    // In this order: mx, spf, dmarc, dkim:SELECTOR..., autoconfig, autodiscover, srv.
    std::vector<autoconfig::HealthCheck> checks;
    bool ok() const { return autoconfig::all_passed(checks); }
};

// ascii_domain: already validated and in ASCII form (see normalize_host_name).
DomainHealthReport check_domain_health(const std::string& ascii_domain,
                                       const DomainHealthOptions& options);

// The mail domain of DOMAIN or of a mail address, in ASCII and canonical (what
// check_domain_health takes); the error names the problem (an IP address, no dot, ...).
Result<std::string> parse_mail_domain(const std::string& text);

// How a check is named to a person: "MX", "SPF", "DMARC", "DKIM (selector s1)", "Autoconfig",
// "Autodiscover", "SRV".
std::string health_check_title(const autoconfig::HealthCheck& check);
// "✓" ok, "!" warning, "✗" problem, "–" missing.
const char* verdict_mark(autoconfig::Verdict verdict);

} // namespace maillab
