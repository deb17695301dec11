// maillab dns DOMAIN: the DNS side of "mail does not arrive" — MX, SPF, DMARC, DKIM keys,
// autoconfig/Autodiscover hosts and SRV records, each with a verdict in plain words.
#include "arguments.hpp"
#include "commands.hpp"
#include "maillab/health/domain_health.hpp"
#include "net_options.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <iostream>

namespace maillab::cli {
namespace {

namespace json = boost::json;
using autoconfig::HealthCheck;
using autoconfig::Verdict;

void print_text(std::ostream& out, const std::string& as_typed, const DomainHealthReport& report) {
    out << "DNS checks for " << report.domain;
    if (autoconfig::canonical_dns_name(as_typed) != report.domain)
        out << " (" << as_typed << ")";
    out << "\n";
    int counts[4] = {0, 0, 0, 0};
    for (const auto& check : report.checks) {
        ++counts[static_cast<int>(check.verdict)];
        out << "\n"
            << verdict_mark(check.verdict) << " " << health_check_title(check) << ": "
            << check.summary << "\n";
        for (const auto& detail : check.details)
            out << "    " << detail << "\n";
    }
    auto plural = [](int n, const char* word) {
        return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
    };
    out << "\n"
        << plural(counts[static_cast<int>(Verdict::problem)], "problem") << ", "
        << plural(counts[static_cast<int>(Verdict::warning)], "warning") << ", "
        << counts[static_cast<int>(Verdict::missing)] << " missing, "
        << counts[static_cast<int>(Verdict::ok)] << " ok\n";
}

std::string report_json(const DomainHealthReport& report) {
    json::array checks;
    for (const auto& check : report.checks) {
        json::array details;
        for (const auto& detail : check.details)
            details.emplace_back(detail);
        checks.push_back(json::object{{"name", check.name},
                                      {"verdict", autoconfig::to_string(check.verdict)},
                                      {"summary", check.summary},
                                      {"details", std::move(details)}});
    }
    return json::serialize(json::object{{"domain", report.domain}, {"checks", std::move(checks)}});
}

} // namespace

int dns_command(const std::vector<std::string>& raw) {
    ArgumentSpec spec{{"--json"}, {"--resolver", "--timeout", "--dkim-selector"}};
    auto args = parse_arguments(raw, spec);
    if (!args)
        return usage_error("dns", args.error().message);
    if (args->positional.size() != 1)
        return usage_error("dns", "give exactly one DOMAIN");
    auto net = net_options_from(*args);
    if (!net)
        return usage_error("dns", net.error().message);

    const std::string& as_typed = args->positional[0];
    auto domain = parse_mail_domain(as_typed);
    if (!domain)
        return input_error("dns: " + domain.error().message);

    DomainHealthOptions options;
    options.resolver = net->resolver;
    if (args->option("--timeout"))
        options.timeout = net->timeout;
    for (const auto& selector : args->all("--dkim-selector")) {
        if (auto valid = autoconfig::validate_dkim_selector(selector); !valid)
            return usage_error("dns", "--dkim-selector: " + valid.error().message);
        if (std::find(options.dkim_selectors.begin(), options.dkim_selectors.end(), selector) ==
            options.dkim_selectors.end())
            options.dkim_selectors.push_back(selector);
    }

    auto report = check_domain_health(*domain, options);
    if (args->flag("--json"))
        std::cout << report_json(report) << "\n";
    else
        print_text(std::cout, as_typed, report);
    return report.ok() ? 0 : 1;
}

} // namespace maillab::cli
