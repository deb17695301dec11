// The verdicts of the "mx", "autoconfig", "autodiscover" and "srv" checks, given lookup results.
#include "maillab/autoconfig/dns_health.hpp"

#include <algorithm>

namespace maillab::autoconfig {
namespace {

std::string joined(const std::vector<std::string>& items, const std::string& separator = ", ") {
    std::string out;
    for (const auto& item : items)
        out += (out.empty() ? "" : separator) + item;
    return out;
}

bool is_root(const std::string& host) {
    return host.empty() || host == ".";
}

std::string describe_addresses(const AddressLookup& lookup) {
    std::string text = joined(lookup.addresses);
    if (!lookup.canonical_name.empty())
        text += " (via the alias target " + lookup.canonical_name + ")";
    return text;
}

std::string service_name(const std::string& label) {
    if (label == "_imaps._tcp")
        return "IMAP over TLS";
    if (label == "_imap._tcp")
        return "IMAP with STARTTLS";
    if (label == "_pop3s._tcp")
        return "POP3 over TLS";
    if (label == "_pop3._tcp")
        return "POP3 with STARTTLS";
    if (label == "_submissions._tcp")
        return "submission over TLS";
    if (label == "_submission._tcp")
        return "submission with STARTTLS";
    if (label == "_autodiscover._tcp")
        return "Autodiscover";
    return label;
}

} // namespace

std::vector<std::string> mx_hosts_to_resolve(const std::string& domain,
                                             const Result<std::vector<MxRecord>>& mx) {
    std::vector<std::string> hosts;
    if (!mx)
        return hosts;
    if (mx->empty()) {
        hosts.push_back(canonical_dns_name(domain));
        return hosts;
    }
    for (const auto& record : *mx) {
        auto host = canonical_dns_name(record.host);
        if (is_root(host) || is_ip_address_literal(host))
            continue;
        if (std::find(hosts.begin(), hosts.end(), host) == hosts.end())
            hosts.push_back(host);
    }
    return hosts;
}

HealthCheck judge_mx(const std::string& domain, const Result<std::vector<MxRecord>>& mx,
                     const std::map<std::string, AddressLookup>& addresses) {
    HealthCheck check;
    check.name = "mx";
    if (!mx) {
        check.verdict = Verdict::problem;
        check.summary = "the MX lookup of " + domain + " failed (" + mx.error().message +
                        "): senders cannot find the mail server either";
        return check;
    }
    if (mx->empty()) {
        auto it = addresses.find(canonical_dns_name(domain));
        if (it != addresses.end() && it->second.status == AddressLookup::Status::found) {
            check.verdict = Verdict::warning;
            check.summary = "no MX record: mail goes to the A record (implicit MX) of " + domain +
                            " at " + joined(it->second.addresses);
            check.details.push_back("senders deliver to " + domain +
                                    " itself; a server there must accept mail on port 25");
        } else if (it != addresses.end() && it->second.status == AddressLookup::Status::failed) {
            check.verdict = Verdict::problem;
            check.summary = "no MX record, and the address lookup of " + domain + " failed (" +
                            it->second.error + ")";
        } else {
            check.verdict = Verdict::problem;
            check.summary = "no MX and no address: mail for " + domain + " cannot be delivered";
            if (it != addresses.end() && !it->second.error.empty())
                check.details.push_back(domain + ": " + it->second.error);
        }
        return check;
    }

    std::vector<MxRecord> records = *mx;
    std::stable_sort(records.begin(), records.end(), [](const MxRecord& a, const MxRecord& b) {
        return a.preference < b.preference;
    });
    const bool has_null = std::any_of(records.begin(), records.end(),
                                      [](const MxRecord& r) { return is_root(r.host); });
    if (has_null && records.size() == 1) {
        check.verdict = records.front().preference == 0 ? Verdict::warning : Verdict::problem;
        check.summary = "null MX (RFC 7505: \"0 .\"): this domain accepts no mail";
        check.details.push_back("MX " + std::to_string(records.front().preference) + " .");
        if (records.front().preference != 0)
            check.details.push_back("problem: a null MX must have preference 0");
        return check;
    }

    std::vector<std::string> problems, warnings;
    if (has_null)
        problems.push_back("a null MX (\".\") next to other MX records: RFC 7505 forbids that, "
                           "and senders may bounce the mail");
    std::size_t usable = 0;
    for (const auto& record : records) {
        const std::string host = canonical_dns_name(record.host);
        const std::string line = "MX " + std::to_string(record.preference) + " " +
                                 (is_root(host) ? std::string(".") : host);
        if (is_root(host)) {
            check.details.push_back(line + " (null MX)");
            continue;
        }
        if (is_ip_address_literal(host)) {
            check.details.push_back(line + " (an IP address)");
            problems.push_back("the MX record \"" + std::to_string(record.preference) + " " + host +
                               "\" names an IP address instead of a host: senders refuse it");
            continue;
        }
        auto it = addresses.find(host);
        if (it == addresses.end()) {
            check.details.push_back(line + " (not looked up)");
            warnings.push_back(host + " was not looked up");
            continue;
        }
        const auto& lookup = it->second;
        switch (lookup.status) {
        case AddressLookup::Status::found:
            ++usable;
            check.details.push_back(line + " → " + describe_addresses(lookup));
            if (!lookup.canonical_name.empty())
                warnings.push_back(host + " is an alias (CNAME) of " + lookup.canonical_name +
                                   ": an MX must name the host itself (RFC 2181 §10.3); some "
                                   "senders refuse it");
            break;
        case AddressLookup::Status::not_found:
            check.details.push_back(line + " → no address" +
                                    (lookup.error.empty() ? "" : " (" + lookup.error + ")"));
            problems.push_back("the mail server " + host +
                               " has no address: senders cannot connect to it");
            break;
        case AddressLookup::Status::failed:
            check.details.push_back(line + " → lookup failed (" + lookup.error + ")");
            warnings.push_back("the address lookup of " + host + " failed (" + lookup.error + ")");
            break;
        }
    }
    for (const auto& p : problems)
        check.details.push_back("problem: " + p);
    for (const auto& w : warnings)
        check.details.push_back("warning: " + w);
    if (!problems.empty()) {
        check.verdict = Verdict::problem;
        check.summary = problems.front();
        if (problems.size() > 1)
            check.summary += " (and " + std::to_string(problems.size() - 1) + " more)";
    } else if (!warnings.empty()) {
        check.verdict = Verdict::warning;
        check.summary = warnings.front();
    } else {
        check.verdict = Verdict::ok;
        const std::string first = canonical_dns_name(records.front().host);
        check.summary = usable == 1 ? "mail for " + domain + " goes to " + first + " (preference " +
                                          std::to_string(records.front().preference) + ")"
                                    : "mail for " + domain + " goes to " + std::to_string(usable) +
                                          " servers, first " + first + " (preference " +
                                          std::to_string(records.front().preference) + ")";
    }
    return check;
}

HealthCheck judge_autoconfig(const std::string& domain, const AddressLookup& host) {
    HealthCheck check;
    check.name = "autoconfig";
    const std::string name = "autoconfig." + domain;
    switch (host.status) {
    case AddressLookup::Status::found:
        check.verdict = Verdict::ok;
        check.summary = name + " has an address: mail apps can fetch settings from https://" +
                        name + "/mail/config-v1.1.xml";
        check.details.push_back(name + " → " + describe_addresses(host));
        break;
    case AddressLookup::Status::not_found:
        check.verdict = Verdict::missing;
        check.summary = name + " has no address: Thunderbird-style apps cannot fetch settings "
                               "from the domain itself";
        if (!host.error.empty())
            check.details.push_back(name + ": " + host.error);
        break;
    case AddressLookup::Status::failed:
        check.verdict = Verdict::warning;
        check.summary = "the address lookup of " + name + " failed (" + host.error + ")";
        break;
    }
    return check;
}

HealthCheck judge_autodiscover(const std::string& domain, const AddressLookup& host,
                               const Result<std::vector<SrvRecord>>& srv,
                               const std::map<std::string, AddressLookup>& srv_targets) {
    HealthCheck check;
    check.name = "autodiscover";
    const std::string name = "autodiscover." + domain;
    const std::string srv_name = "_autodiscover._tcp." + domain;
    std::vector<std::string> usable_targets, dead_targets; // "host:port"
    if (srv) {
        for (const auto& r : *srv) {
            const auto target = canonical_dns_name(r.target);
            if (is_root(target) || r.port == 0)
                continue;
            auto it = srv_targets.find(target);
            if (it != srv_targets.end() && it->second.status == AddressLookup::Status::not_found)
                dead_targets.push_back(target + ":" + std::to_string(r.port));
            else
                usable_targets.push_back(target + ":" + std::to_string(r.port));
        }
    }
    std::vector<std::string> all_targets = usable_targets;
    all_targets.insert(all_targets.end(), dead_targets.begin(), dead_targets.end());
    if (host.status == AddressLookup::Status::found) {
        check.details.push_back(name + " → " + describe_addresses(host));
    } else if (host.status == AddressLookup::Status::failed) {
        check.details.push_back("warning: the address lookup of " + name + " failed (" +
                                host.error + ")");
    } else {
        check.details.push_back(name + ": no address" +
                                (host.error.empty() ? "" : " (" + host.error + ")"));
    }
    if (!srv)
        check.details.push_back("warning: the SRV lookup of " + srv_name + " failed (" +
                                srv.error().message + ")");
    else if (!all_targets.empty())
        check.details.push_back(srv_name + " → " + joined(all_targets));
    else
        check.details.push_back(srv_name + ": no record");
    for (const auto& dead : dead_targets)
        check.details.push_back("warning: the SRV target " + dead + " has no address");

    if (host.status == AddressLookup::Status::found) {
        check.verdict = Verdict::ok;
        check.summary = name + " has an address: Outlook can ask https://" + name +
                        "/autodiscover/autodiscover.xml for settings";
    } else if (!usable_targets.empty()) {
        check.verdict = dead_targets.empty() ? Verdict::ok : Verdict::warning;
        check.summary = srv_name + " points Outlook to " + usable_targets.front();
    } else if (!dead_targets.empty()) {
        check.verdict = Verdict::warning;
        check.summary =
            srv_name + " points Outlook to " + dead_targets.front() + ", which has no address";
    } else if (host.status == AddressLookup::Status::failed || !srv) {
        check.verdict = Verdict::warning;
        check.summary = "Autodiscover could not be checked: a lookup failed";
    } else {
        check.verdict = Verdict::missing;
        check.summary = "neither " + name + " nor an SRV record " + srv_name +
                        ": Outlook cannot find settings for " + domain;
    }
    return check;
}

const std::vector<std::string>& health_srv_labels() {
    static const std::vector<std::string> labels = [] {
        std::vector<std::string> out;
        for (const auto& service : mail_services())
            out.emplace_back(service.label);
        out.emplace_back("_autodiscover._tcp");
        return out;
    }();
    return labels;
}

std::vector<std::string> srv_targets_to_resolve(const std::vector<SrvFinding>& findings) {
    std::vector<std::string> targets;
    for (const auto& finding : findings) {
        if (!finding.records)
            continue;
        for (const auto& record : *finding.records) {
            auto target = canonical_dns_name(record.target);
            if (is_root(target) || record.port == 0)
                continue;
            if (std::find(targets.begin(), targets.end(), target) == targets.end())
                targets.push_back(target);
        }
    }
    return targets;
}

HealthCheck judge_srv(const std::string& domain, const std::vector<SrvFinding>& findings,
                      const std::map<std::string, AddressLookup>& target_addresses) {
    HealthCheck check;
    check.name = "srv";
    std::vector<std::string> offered, not_offered, warnings;
    bool any_failed = false;
    for (const auto& finding : findings) {
        const std::string name = finding.label + "." + domain;
        const bool mail_service = finding.label != "_autodiscover._tcp";
        if (!finding.records) {
            any_failed = true;
            check.details.push_back(name + ": lookup failed (" + finding.records.error().message +
                                    ")");
            continue;
        }
        if (finding.records->empty()) {
            check.details.push_back(name + ": no record");
            continue;
        }
        // A fixed order for display: no random weighting.
        auto selection = select_srv(*finding.records, [](std::uint32_t) { return 0u; });
        if (selection.not_offered) {
            check.details.push_back(name + ": \".\" — not offered");
            if (mail_service)
                not_offered.push_back(service_name(finding.label));
            continue;
        }
        if (selection.ordered.empty()) {
            check.details.push_back(name + ": no usable target (port 0 or \".\")");
            warnings.push_back(name + " has no usable target");
            continue;
        }
        for (const auto& record : selection.ordered) {
            const std::string target = canonical_dns_name(record.target);
            std::string line = name + " → " + target + ":" + std::to_string(record.port) +
                               " (priority " + std::to_string(record.priority) + ", weight " +
                               std::to_string(record.weight) + ")";
            auto it = target_addresses.find(target);
            if (it != target_addresses.end()) {
                switch (it->second.status) {
                case AddressLookup::Status::found:
                    line += " → " + describe_addresses(it->second);
                    break;
                case AddressLookup::Status::not_found:
                    line += " → no address";
                    warnings.push_back("the target " + target + " of " + name +
                                       " has no address: apps that follow it fail");
                    break;
                case AddressLookup::Status::failed:
                    line += " → lookup failed (" + it->second.error + ")";
                    any_failed = true;
                    break;
                }
            }
            check.details.push_back(line);
        }
        if (mail_service)
            offered.push_back(service_name(finding.label));
    }
    for (const auto& w : warnings)
        check.details.push_back("warning: " + w);
    if (!offered.empty()) {
        check.verdict = warnings.empty() && !any_failed ? Verdict::ok : Verdict::warning;
        check.summary =
            warnings.empty() ? "SRV records offer " + joined(offered) : warnings.front();
    } else if (!warnings.empty()) {
        check.verdict = Verdict::warning;
        check.summary = warnings.front();
    } else if (!not_offered.empty()) {
        check.verdict = Verdict::ok;
        check.summary = "SRV records say that " + joined(not_offered) +
                        (not_offered.size() == 1 ? " is" : " are") + " not offered here";
    } else if (any_failed) {
        check.verdict = Verdict::warning;
        check.summary = "the SRV lookups failed, so SRV records could not be checked";
    } else {
        check.verdict = Verdict::missing;
        check.summary = "no mail SRV records (RFC 6186): mail apps must find the servers "
                        "another way";
    }
    return check;
}

} // namespace maillab::autoconfig
