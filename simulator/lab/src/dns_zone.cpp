#include "dns_zone.hpp"

#include <algorithm>

namespace maillab::lab_detail {

void ZoneState::reset(lab::LabZone zone) {
    auto next = std::make_shared<const lab::LabZone>(std::move(zone));
    std::lock_guard guard(mutex_);
    zone_ = std::move(next);
}

std::shared_ptr<const lab::LabZone> ZoneState::snapshot() const {
    std::lock_guard guard(mutex_);
    return zone_;
}

void ZoneState::set_mx(const std::string& host) {
    std::lock_guard guard(mutex_);
    auto next = std::make_shared<lab::LabZone>(*zone_);
    next->mx = {{10, host}};
    ++next->version;
    zone_ = std::move(next);
}

std::string ZoneState::undeliverable_reason() const {
    const auto zone = snapshot();
    const auto has_address = [&](const std::string& name) {
        auto it = zone->addresses.find(name);
        return it != zone->addresses.end() && !it->second.empty();
    };
    if (zone->mx.empty())
        return has_address(zone->domain) ? std::string{}
                                         : zone->domain + " has no MX and no address: no mail "
                                                          "server to deliver to";
    std::string hosts;
    for (const auto& mx : zone->mx) {
        if (has_address(mx.host))
            return {};
        hosts += (hosts.empty() ? "" : ", ") + mx.host;
    }
    return "MX " + zone->domain + " → " + hosts + ": no mail server there";
}

lab::LabZone default_zone(const std::string& domain, const std::vector<std::string>& host_names,
                          const std::string& mail_host, const std::string& listen_address) {
    lab::LabZone zone;
    zone.domain = domain;
    for (const auto& name : host_names)
        zone.addresses[name] = {listen_address};
    zone.mx = {{10, mail_host}};
    zone.txt[domain] = {"v=spf1 mx -all"};
    zone.txt["_dmarc." + domain] = {"v=DMARC1; p=quarantine"};
    return zone;
}

std::optional<std::string> canonical_host_name(std::string_view text) {
    if (!text.empty() && text.back() == '.')
        text.remove_suffix(1);
    if (text.empty() || text.size() > 253)
        return std::nullopt;
    std::string out;
    std::size_t labels = 0;
    while (true) {
        const auto dot = text.find('.');
        const std::string_view label = text.substr(0, dot);
        const bool valid = !label.empty() && label.size() <= 63 && label.front() != '-' &&
                           label.back() != '-' &&
                           std::all_of(label.begin(), label.end(), [](char c) {
                               return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                      (c >= '0' && c <= '9') || c == '-' || c == '_';
                           });
        if (!valid)
            return std::nullopt;
        for (char c : label)
            out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        ++labels;
        if (dot == std::string_view::npos)
            break;
        out += '.';
        text.remove_prefix(dot + 1);
    }
    if (labels < 2)
        return std::nullopt;
    return out;
}

} // namespace maillab::lab_detail
