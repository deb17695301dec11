#include "dns_zone.hpp"

#include <algorithm>

namespace maillab::lab_detail {

void ZoneState::reset(lab::LabZone zone, std::vector<std::string> hidden,
                      std::string unlisted_mail_host) {
    std::lock_guard guard(mutex_);
    full_ = std::move(zone);
    hidden_ = std::move(hidden);
    unlisted_mail_host_ = std::move(unlisted_mail_host);
    discoverable_ = true;
    publish();
}

void ZoneState::publish() {
    lab::LabZone next = full_;
    next.version = zone_->version + 1;
    if (!discoverable_) {
        const auto hidden = [&](const std::string& name) {
            return std::find(hidden_.begin(), hidden_.end(), name) != hidden_.end();
        };
        std::erase_if(next.addresses, [&](const auto& entry) { return hidden(entry.first); });
        for (auto& mx : next.mx)
            if (hidden(mx.host) && !unlisted_mail_host_.empty())
                mx.host = unlisted_mail_host_;
        next.srv.clear();
    }
    zone_ = std::make_shared<const lab::LabZone>(std::move(next));
}

void ZoneState::set_discoverable(bool discoverable) {
    std::lock_guard guard(mutex_);
    if (discoverable_ == discoverable)
        return;
    discoverable_ = discoverable;
    publish();
}

bool ZoneState::discoverable() const {
    std::lock_guard guard(mutex_);
    return discoverable_;
}

std::shared_ptr<const lab::LabZone> ZoneState::snapshot() const {
    std::lock_guard guard(mutex_);
    return zone_;
}

void ZoneState::set_mx(const std::string& host) {
    std::lock_guard guard(mutex_);
    full_.mx = {{10, host}};
    publish();
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
