// maillab dns DOMAIN: the DNS side of "mail does not arrive" — MX, SPF, DMARC, DKIM keys,
// autoconfig/Autodiscover hosts and SRV records, each with a verdict in plain words.
#include "arguments.hpp"
#include "commands.hpp"
#include "maillab/health/domain_health.hpp"
#include "maillab/model/validation.hpp"
#include "net_options.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <iostream>

namespace maillab::cli {
namespace {

namespace json = boost::json;
using autoconfig::HealthCheck;
using autoconfig::Verdict;

// The domain of DOMAIN or of a mail address, in ASCII; the error names the problem.
Result<std::string> domain_argument(const std::string& text) {
    if (text.find('@') != std::string::npos) {
        auto address = parse_email_address(text);
        if (!address)
            return Error{address.error().message};
        return address->ascii_domain;
    }
    auto host = normalize_host_name(text);
    if (!host)
        return Error{host.error().message};
    if (autoconfig::is_ip_address_literal(*host))
        return Error{"\"" + text + "\" is an IP address; give a mail domain such as example.com"};
    if (host->find('.') == std::string::npos)
        return Error{"\"" + text + "\" is not a full domain name (it has no dot)"};
    return autoconfig::canonical_dns_name(*host);
}

const char* mark(Verdict verdict) {
    switch (verdict) {
    case Verdict::ok:
        return "✓";
    case Verdict::warning:
        return "!";
    case Verdict::problem:
        return "✗";
    case Verdict::missing:
        return "–";
    }
    return "?";
}

std::string title(const HealthCheck& check) {
    if (check.name == "mx")
        return "MX";
    if (check.name == "spf")
        return "SPF";
    if (check.name == "dmarc")
        return "DMARC";
    if (check.name.rfind("dkim:", 0) == 0)
        return "DKIM (selector " + check.name.substr(5) + ")";
    if (check.name == "autoconfig")
        return "Autoconfig";
    if (check.name == "autodiscover")
        return "Autodiscover";
    if (check.name == "srv")
        return "SRV";
    return check.name;
}

void print_text(std::ostream& out, const std::string& as_typed, const DomainHealthReport& report) {
    out << "DNS checks for " << report.domain;
    if (autoconfig::canonical_dns_name(as_typed) != report.domain)
        out << " (" << as_typed << ")";
    out << "\n";
    int counts[4] = {0, 0, 0, 0};
    for (const auto& check : report.checks) {
        ++counts[static_cast<int>(check.verdict)];
        out << "\n" << mark(check.verdict) << " " << title(check) << ": " << check.summary << "\n";
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
    auto domain = domain_argument(as_typed);
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
