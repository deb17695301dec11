#include "dns_check_flow.hpp"

#include <algorithm>

namespace maillab::sim::flows {
namespace {

bool in_zone(const std::string& name, const std::string& zone) {
    return !zone.empty() &&
           (name == zone || (name.size() > zone.size() &&
                             name.compare(name.size() - zone.size(), zone.size(), zone) == 0 &&
                             name[name.size() - zone.size() - 1] == '.'));
}

} // namespace

DnsCheckConfig lab_dns_check_config(const lab::Lab* lab, std::optional<std::string> resolver) {
    DnsCheckConfig config;
    config.resolver = std::move(resolver);
    if (lab && lab->running()) {
        const auto addresses = lab->addresses();
        config.lab_domain = addresses.domain;
        config.lab_dns_server = addresses.dns_server;
    }
    return config;
}

DnsCheckFlow::DnsCheckFlow(DnsCheckConfig config, std::function<void()> wake)
    : config_(std::move(config)), wake_(std::move(wake)) {}

void DnsCheckFlow::start(const std::string& domain) {
    job_.abandon();
    results_.clear();
    error_.clear();
    auto parsed = parse_mail_domain(domain);
    if (!parsed) {
        domain_ = domain;
        error_ = parsed.error().message;
        return;
    }
    domain_ = *parsed;
    DomainHealthOptions options;
    options.timeout = config_.timeout;
    options.resolver = in_zone(domain_, config_.lab_domain) ? std::optional(config_.lab_dns_server)
                                                            : config_.resolver;
    job_.start([domain = domain_, options] { return check_domain_health(domain, options); }, wake_);
}

bool DnsCheckFlow::poll() {
    std::string failure;
    auto report = job_.take(&failure);
    if (!report) {
        if (failure.empty())
            return false;
        error_ = "the DNS check failed: " + failure;
        return true;
    }
    results_.clear();
    for (const auto& check : report->checks)
        results_.push_back(
            {check.verdict, health_check_title(check), check.summary, check.details});
    return true;
}

bool DnsCheckFlow::ok() const {
    return !results_.empty() && error_.empty() &&
           std::none_of(results_.begin(), results_.end(), [](const DnsCheckLine& line) {
               return line.verdict == autoconfig::Verdict::problem;
           });
}

} // namespace maillab::sim::flows
