// DMARC (RFC 7489): the record parser and the verdict of the "dmarc" check.
#include "common.hpp"
#include "maillab/autoconfig/dns_health.hpp"

#include <algorithm>
#include <cctype>

namespace maillab::autoconfig {
namespace {

using detail::lower;

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> split(std::string_view s, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        auto end = s.find(separator, start);
        parts.push_back(trim(s.substr(start, end == std::string_view::npos ? end : end - start)));
        if (end == std::string_view::npos)
            return parts;
        start = end + 1;
    }
}

bool all_digits(std::string_view s) {
    return !s.empty() && s.size() <= 10 &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// dmarc-uri = URI [ "!" 1*DIGIT [ "k" / "m" / "g" / "t" ] ]
void parse_report_uris(const std::string& tag, std::string_view value,
                       std::vector<std::string>& uris, DmarcRecord& record) {
    for (auto uri : split(value, ',')) {
        if (uri.empty()) {
            record.errors.push_back(tag + "=" + std::string(value) + ": an empty address");
            continue;
        }
        if (auto bang = uri.rfind('!'); bang != std::string_view::npos) {
            auto size = uri.substr(bang + 1);
            if (!size.empty() &&
                std::string_view("kmgtKMGT").find(size.back()) != std::string_view::npos)
                size.remove_suffix(1);
            if (!all_digits(size)) {
                record.errors.push_back(tag + "=" + std::string(uri) + ": \"!" +
                                        std::string(uri.substr(bang + 1)) +
                                        "\" is not a size limit (like !10m)");
                continue;
            }
            uri = uri.substr(0, bang);
        }
        auto colon = uri.find(':');
        if (colon == std::string_view::npos || colon == 0 ||
            !std::isalpha(static_cast<unsigned char>(uri.front()))) {
            record.errors.push_back(tag + "=" + std::string(uri) +
                                    ": not a URI (write mailto:reports@example.com)");
            continue;
        }
        auto scheme = lower(uri.substr(0, colon));
        if (scheme == "mailto") {
            auto address = uri.substr(colon + 1);
            auto at = address.find('@');
            if (at == std::string_view::npos || at == 0 || at + 1 == address.size()) {
                record.errors.push_back(tag + "=" + std::string(uri) + ": \"" +
                                        std::string(address) + "\" is not a mail address");
                continue;
            }
        } else {
            record.warnings.push_back(tag + "=" + std::string(uri) + ": receivers only send " +
                                      "reports to mailto: addresses");
        }
        uris.emplace_back(uri);
    }
}

std::string policy_sentence(const std::string& policy) {
    if (policy == "reject")
        return "p=reject: receivers reject failing mail";
    if (policy == "quarantine")
        return "p=quarantine: receivers put failing mail in the spam folder";
    return "p=none: receivers only report failing mail and deliver it as usual";
}

} // namespace

bool is_dmarc_record(std::string_view txt) {
    // dmarc-version = "v" *WSP "=" *WSP %x44 %x4d %x41 %x52 %x43 %x31, then the end or ";"
    txt = trim(txt);
    if (txt.empty() || txt.front() != 'v')
        return false;
    txt = trim(txt.substr(1));
    if (txt.empty() || txt.front() != '=')
        return false;
    txt = trim(txt.substr(1));
    if (txt.substr(0, 6) != "DMARC1")
        return false;
    txt = trim(txt.substr(6));
    return txt.empty() || txt.front() == ';';
}

DmarcRecord parse_dmarc(std::string_view txt) {
    DmarcRecord record;
    auto list = parse_tag_list(txt);
    record.errors = list.errors;
    if (!is_dmarc_record(txt) || list.tags.empty() || list.tags.front().first != "v") {
        record.errors.insert(record.errors.begin(), "the record does not start with v=DMARC1");
        return record;
    }
    for (const auto& [raw_name, value] : list.tags) {
        const std::string name = lower(raw_name);
        const std::string term = raw_name + "=" + value;
        if (name == "v")
            continue;
        if (name == "p" || name == "sp") {
            auto policy = lower(value);
            if (policy != "none" && policy != "quarantine" && policy != "reject") {
                record.errors.push_back(term + ": unknown policy (none, quarantine or reject)");
                continue;
            }
            (name == "p" ? record.policy : record.subdomain_policy) = policy;
        } else if (name == "pct") {
            if (!all_digits(value) || std::stol(value) > 100) {
                record.errors.push_back(term + ": not a percentage (0..100)");
                continue;
            }
            record.percent = static_cast<int>(std::stol(value));
            if (record.percent < 100)
                record.warnings.push_back(term + ": the policy applies to only " + value +
                                          "% of failing mail");
        } else if (name == "rua") {
            parse_report_uris(name, value, record.aggregate_reports, record);
        } else if (name == "ruf") {
            parse_report_uris(name, value, record.failure_reports, record);
        } else if (name == "adkim" || name == "aspf") {
            auto mode = lower(value);
            if (mode != "r" && mode != "s") {
                record.errors.push_back(term + ": alignment is r (relaxed) or s (strict)");
                continue;
            }
            (name == "adkim" ? record.dkim_alignment : record.spf_alignment) = mode.front();
        } else if (name == "fo") {
            bool ok = true;
            for (auto option : split(value, ':'))
                if (option != "0" && option != "1" && option != "d" && option != "s")
                    ok = false;
            if (!ok) {
                record.errors.push_back(term + ": failure options are 0, 1, d and s, joined by :");
                continue;
            }
            record.failure_options = value;
        } else if (name == "rf") {
            if (lower(value) != "afrf")
                record.warnings.push_back(term + ": the only report format is afrf");
        } else if (name == "ri") {
            if (!all_digits(value))
                record.errors.push_back(term + ": not a number of seconds");
        } else {
            record.warnings.push_back(term + ": unknown tag, ignored by receivers");
        }
    }
    if (record.policy.empty() &&
        std::none_of(record.errors.begin(), record.errors.end(),
                     [](const std::string& e) { return e.rfind("p=", 0) == 0; }))
        record.errors.push_back("p= is missing: without a policy the record is invalid");
    return record;
}

HealthCheck judge_dmarc(const std::string& domain, const TxtAnswer& txt,
                        const std::optional<OrganizationalDmarc>& organizational) {
    HealthCheck check;
    check.name = "dmarc";
    const std::string name = "_dmarc." + domain;
    if (!txt) {
        check.verdict = Verdict::warning;
        check.summary = "the TXT lookup of " + name + " failed, so DMARC could not be checked (" +
                        txt.error().message + ")";
        return check;
    }
    std::vector<std::string> records;
    for (const auto& record : *txt) {
        if (is_dmarc_record(record))
            records.push_back(record);
        else
            check.details.push_back("ignored TXT record at " + name +
                                    " (it does not start with v=DMARC1): " + record);
    }

    std::string found_at = name;
    bool inherited = false;
    if (records.empty() && organizational && organizational->txt) {
        for (const auto& record : *organizational->txt)
            if (is_dmarc_record(record))
                records.push_back(record);
        if (!records.empty()) {
            found_at = "_dmarc." + organizational->domain;
            inherited = true;
        }
    }
    if (records.empty()) {
        check.verdict = Verdict::missing;
        check.summary = "no DMARC record at " + name +
                        ": receivers decide on their own what to do with mail that fails SPF "
                        "and DKIM";
        if (organizational)
            check.details.push_back(organizational->txt
                                        ? "none at the organizational domain either (_dmarc." +
                                              organizational->domain + ")"
                                        : "the lookup at the organizational domain (_dmarc." +
                                              organizational->domain +
                                              ") failed: " + organizational->txt.error().message);
        return check;
    }
    for (const auto& record : records)
        check.details.push_back("record at " + found_at + ": " + record);
    if (records.size() > 1) {
        check.verdict = Verdict::problem;
        check.summary = "there are " + std::to_string(records.size()) + " DMARC records at " +
                        found_at + ": receivers ignore them all";
        return check;
    }
    auto dmarc = parse_dmarc(records.front());
    if (!dmarc.valid()) {
        check.verdict = Verdict::problem;
        check.summary = "invalid DMARC record: " + dmarc.errors.front();
        for (std::size_t i = 1; i < dmarc.errors.size(); ++i)
            check.details.push_back("problem: " + dmarc.errors[i]);
        return check;
    }
    // Found at the organizational domain: its sp= (or p=) applies to this subdomain.
    std::string policy = dmarc.policy;
    if (inherited && !dmarc.subdomain_policy.empty())
        policy = dmarc.subdomain_policy;
    check.summary = policy_sentence(policy);
    if (inherited) {
        check.summary = (dmarc.subdomain_policy.empty() ? "" : "s") + check.summary +
                        " (the policy of " + organizational->domain + " applies to " + domain + ")";
    }
    check.verdict = policy == "none" || !dmarc.warnings.empty() ? Verdict::warning : Verdict::ok;
    for (const auto& w : dmarc.warnings)
        check.details.push_back("warning: " + w);
    if (!inherited && !dmarc.subdomain_policy.empty() && dmarc.subdomain_policy != dmarc.policy)
        check.details.push_back("sp=" + dmarc.subdomain_policy + ": subdomains get " +
                                (dmarc.subdomain_policy == "none"         ? "no enforcement"
                                 : dmarc.subdomain_policy == "quarantine" ? "quarantine"
                                                                          : "rejection"));
    check.details.push_back(std::string("alignment: DKIM ") +
                            (dmarc.dkim_alignment == 's' ? "strict" : "relaxed") + ", SPF " +
                            (dmarc.spf_alignment == 's' ? "strict" : "relaxed"));
    if (dmarc.aggregate_reports.empty()) {
        check.details.push_back("no aggregate reports requested (no rua=): nobody sees who sends "
                                "mail as " +
                                domain);
    } else {
        std::string to;
        for (const auto& uri : dmarc.aggregate_reports)
            to += (to.empty() ? "" : ", ") + uri;
        check.details.push_back("aggregate reports go to " + to);
    }
    if (!dmarc.failure_reports.empty()) {
        std::string to;
        for (const auto& uri : dmarc.failure_reports)
            to += (to.empty() ? "" : ", ") + uri;
        check.details.push_back("failure reports go to " + to);
    }
    return check;
}

} // namespace maillab::autoconfig
