#include "maillab/health/domain_health.hpp"

#include "maillab/model/validation.hpp"
#include "net/dns_records.hpp"
#include "net/resolver.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <future>
#include <libpsl.h>
#include <map>
#include <netdb.h>
#include <string_view>

namespace maillab {
namespace {

using autoconfig::AddressLookup;
using autoconfig::canonical_dns_name;
using autoconfig::TxtAnswer;
using net::Clock;

// The end of the alias chain that starts at host ("" when host is no alias).
std::string canonical_name_of(const std::string& host,
                              const std::vector<std::pair<std::string, std::string>>& aliases) {
    std::string current = canonical_dns_name(host);
    for (std::size_t hop = 0; hop < aliases.size() + 1; ++hop) {
        auto it = std::find_if(aliases.begin(), aliases.end(), [&](const auto& alias) {
            return canonical_dns_name(alias.first) == current;
        });
        if (it == aliases.end())
            break;
        current = canonical_dns_name(it->second);
    }
    if (current == canonical_dns_name(host) && !aliases.empty())
        current = canonical_dns_name(aliases.back().second);
    return current == canonical_dns_name(host) ? std::string{} : current;
}

// A and AAAA of a host, with the alias (CNAME) it may be.
AddressLookup lookup_addresses(const std::string& host, const net::DnsSettings& server,
                               Clock::time_point deadline) {
    auto found = net::lookup_host(host, server, deadline);
    AddressLookup out;
    out.error = found.error;
    switch (found.status) {
    case net::HostLookup::Status::found:
        out.status = AddressLookup::Status::found;
        out.addresses = std::move(found.addresses);
        out.canonical_name = canonical_name_of(host, found.aliases);
        break;
    case net::HostLookup::Status::not_found:
        out.status = AddressLookup::Status::not_found;
        break;
    case net::HostLookup::Status::failed:
        out.status = AddressLookup::Status::failed;
        break;
    }
    return out;
}

// net's messages start with the name ("x.example TXT: SERVFAIL"); the checks name it already.
std::string without_name(const std::string& message, const std::string& name) {
    if (message.rfind(name, 0) != 0)
        return message;
    std::string_view rest = std::string_view(message).substr(name.size());
    for (std::string_view type : {" TXT", " MX", " SRV"})
        if (rest.substr(0, type.size()) == type)
            rest.remove_prefix(type.size());
    if (rest.substr(0, 2) != ": ")
        return message;
    return std::string(rest.substr(2));
}

TxtAnswer txt_answer(const std::string& name, const net::DnsSettings& server,
                     Clock::time_point deadline) {
    auto records = net::lookup_txt(name, server, deadline);
    if (!records)
        return Error{without_name(records.error().message, name)};
    return std::move(*records);
}

// The registrable ("organizational") domain via the public-suffix list; names under a suffix
// the list does not know (".test") keep their last two labels.
std::optional<std::string> organizational_domain(const std::string& domain) {
    if (const psl_ctx_t* psl = psl_builtin()) {
        if (const char* registrable = psl_registrable_domain(psl, domain.c_str()))
            return std::string(registrable);
    }
    auto last = domain.rfind('.');
    if (last == std::string::npos || last == 0)
        return std::nullopt;
    auto before = domain.rfind('.', last - 1);
    return before == std::string::npos ? domain : domain.substr(before + 1);
}

// Resolves names concurrently; the map is keyed by the names given.
std::map<std::string, AddressLookup> resolve_all(const std::vector<std::string>& names,
                                                 const net::DnsSettings& server,
                                                 Clock::time_point deadline) {
    std::vector<std::future<AddressLookup>> pending;
    for (const auto& name : names)
        pending.push_back(std::async(std::launch::async, lookup_addresses, name, server, deadline));
    std::map<std::string, AddressLookup> out;
    for (std::size_t i = 0; i < names.size(); ++i)
        out[names[i]] = pending[i].get();
    return out;
}

autoconfig::HealthCheck check_mx(const std::string& domain, const net::DnsSettings& server,
                                 Clock::time_point deadline) {
    Result<std::vector<autoconfig::MxRecord>> mx = std::vector<autoconfig::MxRecord>{};
    if (auto records = net::lookup_mx(domain, server, deadline); records)
        mx = std::move(*records);
    else
        mx = Error{without_name(records.error().message, domain)};
    auto addresses = resolve_all(autoconfig::mx_hosts_to_resolve(domain, mx), server, deadline);
    return autoconfig::judge_mx(domain, mx, addresses);
}

autoconfig::HealthCheck check_spf(const std::string& domain, const net::DnsSettings& server,
                                  Clock::time_point deadline) {
    autoconfig::TxtLookup lookup = [&](const std::string& name) {
        return txt_answer(name, server, deadline);
    };
    return autoconfig::judge_spf(domain, txt_answer(domain, server, deadline), lookup);
}

autoconfig::HealthCheck check_dmarc(const std::string& domain, const net::DnsSettings& server,
                                    Clock::time_point deadline) {
    auto txt = txt_answer("_dmarc." + domain, server, deadline);
    std::optional<autoconfig::OrganizationalDmarc> organizational;
    const bool found = txt && std::any_of(txt->begin(), txt->end(), [](const std::string& r) {
                           return autoconfig::is_dmarc_record(r);
                       });
    if (txt && !found) {
        auto org = organizational_domain(domain);
        if (org && *org != domain)
            organizational = autoconfig::OrganizationalDmarc{
                *org, txt_answer("_dmarc." + *org, server, deadline)};
    }
    return autoconfig::judge_dmarc(domain, txt, organizational);
}

struct SrvResults {
    std::vector<autoconfig::SrvFinding> findings;
    std::map<std::string, AddressLookup> targets;
};

SrvResults lookup_srv_records(const std::string& domain, const net::DnsSettings& server,
                              Clock::time_point deadline) {
    const auto& labels = autoconfig::health_srv_labels();
    std::vector<std::future<net::NetResult<std::vector<autoconfig::SrvRecord>>>> pending;
    for (const auto& label : labels)
        pending.push_back(std::async(std::launch::async, [&, name = label + "." + domain] {
            return net::lookup_srv(name, server, deadline);
        }));
    SrvResults out;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        autoconfig::SrvFinding finding;
        finding.label = labels[i];
        auto records = pending[i].get();
        if (records)
            finding.records = std::move(*records);
        else
            finding.records =
                Error{without_name(records.error().message, labels[i] + "." + domain)};
        out.findings.push_back(std::move(finding));
    }
    out.targets = resolve_all(autoconfig::srv_targets_to_resolve(out.findings), server, deadline);
    return out;
}

} // namespace

Result<std::string> parse_mail_domain(const std::string& text) {
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

std::string health_check_title(const autoconfig::HealthCheck& check) {
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

const char* verdict_mark(autoconfig::Verdict verdict) {
    switch (verdict) {
    case autoconfig::Verdict::ok:
        return "✓";
    case autoconfig::Verdict::warning:
        return "!";
    case autoconfig::Verdict::problem:
        return "✗";
    case autoconfig::Verdict::missing:
        return "–";
    }
    return "?";
}

DomainHealthReport check_domain_health(const std::string& ascii_domain,
                                       const DomainHealthOptions& options) {
    DomainHealthReport report;
    report.domain = canonical_dns_name(ascii_domain);
    const std::string& domain = report.domain;
    const net::DnsSettings server{options.resolver, options.zone, nullptr};
    const auto deadline = Clock::now() + options.timeout;

    auto mx = std::async(std::launch::async, check_mx, domain, server, deadline);
    auto spf = std::async(std::launch::async, check_spf, domain, server, deadline);
    auto dmarc = std::async(std::launch::async, check_dmarc, domain, server, deadline);
    std::vector<std::future<TxtAnswer>> dkim;
    for (const auto& selector : options.dkim_selectors)
        dkim.push_back(std::async(std::launch::async, txt_answer,
                                  selector + "._domainkey." + domain, server, deadline));
    auto autoconfig_host =
        std::async(std::launch::async, lookup_addresses, "autoconfig." + domain, server, deadline);
    auto autodiscover_host = std::async(std::launch::async, lookup_addresses,
                                        "autodiscover." + domain, server, deadline);
    auto srv = std::async(std::launch::async, lookup_srv_records, domain, server, deadline);

    report.checks.push_back(mx.get());
    report.checks.push_back(spf.get());
    report.checks.push_back(dmarc.get());
    for (std::size_t i = 0; i < dkim.size(); ++i)
        report.checks.push_back(
            autoconfig::judge_dkim(domain, options.dkim_selectors[i], dkim[i].get()));
    report.checks.push_back(autoconfig::judge_autoconfig(domain, autoconfig_host.get()));
    auto srv_results = srv.get();
    Result<std::vector<autoconfig::SrvRecord>> autodiscover_srv =
        std::vector<autoconfig::SrvRecord>{};
    for (const auto& finding : srv_results.findings)
        if (finding.label == "_autodiscover._tcp")
            autodiscover_srv = finding.records;
    report.checks.push_back(autoconfig::judge_autodiscover(domain, autodiscover_host.get(),
                                                           autodiscover_srv, srv_results.targets));
    report.checks.push_back(
        autoconfig::judge_srv(domain, srv_results.findings, srv_results.targets));
    return report;
}

} // namespace maillab
