#include "maillab/autoconfig/srv.hpp"

#include <algorithm>
#include <map>

namespace maillab::autoconfig {

const std::vector<MailService>& mail_services() {
    // RFC 8314 §5.1 prefers implicit TLS; within that, IMAP before POP3 as Thunderbird does.
    static const std::vector<MailService> services{
        {"_imaps._tcp", "imap", true},         {"_imap._tcp", "imap", false},
        {"_pop3s._tcp", "pop3", true},         {"_pop3._tcp", "pop3", false},
        {"_submissions._tcp", "smtp", true},   {"_submission._tcp", "smtp", false},
    };
    return services;
}

SrvSelection select_srv(std::vector<SrvRecord> records,
                        const std::function<std::uint32_t(std::uint32_t)>& random) {
    SrvSelection selection;
    // RFC 2782: a single record with target "." means the service is decidedly not available.
    if (records.size() == 1 && (records[0].target == "." || records[0].target.empty())) {
        selection.not_offered = true;
        return selection;
    }
    std::map<std::uint16_t, std::vector<SrvRecord>> by_priority;
    for (auto& record : records) {
        if (record.target == "." || record.target.empty() || record.port == 0)
            continue; // a "." among other records is meaningless: skip it
        if (record.target.size() > 1 && record.target.back() == '.')
            record.target.pop_back();
        by_priority[record.priority].push_back(std::move(record));
    }
    for (auto& [priority, group] : by_priority) {
        // Zero-weight records first so that they get a small chance (RFC 2782).
        std::stable_partition(group.begin(), group.end(),
                              [](const SrvRecord& r) { return r.weight == 0; });
        while (!group.empty()) {
            std::uint32_t total = 0;
            for (const auto& r : group)
                total += r.weight;
            const std::uint32_t pick = random(total);
            std::uint32_t running = 0;
            std::size_t chosen = group.size() - 1;
            for (std::size_t i = 0; i < group.size(); ++i) {
                running += group[i].weight;
                if (running >= pick) {
                    chosen = i;
                    break;
                }
            }
            selection.ordered.push_back(std::move(group[chosen]));
            group.erase(group.begin() + static_cast<std::ptrdiff_t>(chosen));
        }
    }
    return selection;
}

} // namespace maillab::autoconfig
