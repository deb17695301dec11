// libFuzzer target: the DNS TXT readers of `maillab dns` (SPF, DMARC, DKIM key records, tag
// lists) and the SPF include walk. The first byte picks the reader; for the walk, the rest is a
// zone of "NAME TXT" lines and the domain's own records are those of "example.test".
#include "fuzz_util.hpp"
#include "maillab/autoconfig/dns_health.hpp"

#include <map>
#include <string>
#include <vector>

namespace {

using namespace maillab::autoconfig;

void check_messages(const std::vector<std::string>& messages) {
    for (const auto& message : messages)
        FUZZ_CHECK(!message.empty());
}

void fuzz_spf(std::string_view text) {
    const SpfRecord record = parse_spf(text);
    check_messages(record.errors);
    check_messages(record.warnings);
    if (!is_spf_record(text))
        FUZZ_CHECK(!record.valid());
    for (const auto& m : record.mechanisms) {
        FUZZ_CHECK(!m.term.empty());
        if (m.cidr4)
            FUZZ_CHECK(*m.cidr4 >= 0 && *m.cidr4 <= 32);
        if (m.cidr6)
            FUZZ_CHECK(*m.cidr6 >= 0 && *m.cidr6 <= 128);
    }
}

void fuzz_dmarc(std::string_view text) {
    const DmarcRecord record = parse_dmarc(text);
    check_messages(record.errors);
    check_messages(record.warnings);
    FUZZ_CHECK(record.percent >= 0 && record.percent <= 100);
    FUZZ_CHECK(record.dkim_alignment == 'r' || record.dkim_alignment == 's');
    FUZZ_CHECK(record.spf_alignment == 'r' || record.spf_alignment == 's');
    for (const auto* policy : {&record.policy, &record.subdomain_policy})
        FUZZ_CHECK(policy->empty() || *policy == "none" || *policy == "quarantine" ||
                   *policy == "reject");
}

void fuzz_dkim(std::string_view text) {
    const DkimKey key = parse_dkim_key(text);
    check_messages(key.errors);
    check_messages(key.warnings);
    if (key.key_bits)
        FUZZ_CHECK(*key.key_bits > 0);
    const TagList tags = parse_tag_list(text);
    check_messages(tags.errors);
}

// The walk asks only what it may: at most the RFC's lookup limit, never round a loop.
void fuzz_spf_walk(std::string_view text) {
    std::map<std::string, std::vector<std::string>> zone;
    for (auto line : maillab::fuzz::split_lines(text, 64)) {
        const auto space = line.find(' ');
        if (space == std::string_view::npos)
            continue;
        zone[canonical_dns_name(line.substr(0, space))].emplace_back(line.substr(space + 1));
    }
    int lookups = 0;
    std::map<std::string, int> asked;
    const TxtLookup lookup = [&](const std::string& name) -> TxtAnswer {
        ++lookups;
        ++asked[name];
        if (name.rfind("fail.", 0) == 0)
            return maillab::Error{"SERVFAIL"};
        auto it = zone.find(name);
        return it == zone.end() ? std::vector<std::string>{} : it->second;
    };
    const SpfEvaluation evaluation = evaluate_spf("example.test", zone["example.test"], lookup);
    FUZZ_CHECK(lookups <= spf_dns_lookup_limit);
    check_messages(evaluation.errors);
    check_messages(evaluation.failures);
    check_messages(evaluation.warnings);
    FUZZ_CHECK(evaluation.lookup_limit_exceeded == (evaluation.dns_lookups > spf_dns_lookup_limit));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    const auto text = maillab::fuzz::as_text(data + 1, size - 1);
    switch (data[0] % 4) {
    case 0:
        fuzz_spf(text);
        break;
    case 1:
        fuzz_dmarc(text);
        break;
    case 2:
        fuzz_dkim(text);
        break;
    default:
        fuzz_spf_walk(text);
        break;
    }
    return 0;
}
