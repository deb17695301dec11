#include "lab_state_json.hpp"

#include <boost/json.hpp>

namespace maillab::sim {
namespace {

boost::json::array mx_json(const lab::LabZone& zone) {
    boost::json::array out;
    for (const auto& mx : zone.mx)
        out.push_back({{"preference", mx.preference}, {"host", mx.host}});
    return out;
}

} // namespace

std::string lab_state_json(const lab::Lab& lab) {
    namespace json = boost::json;
    const auto addresses = lab.addresses();
    std::string out =
        "{\"domain\": " + json::serialize(json::string(addresses.domain)) +
        ", \"certificate\": " + json::serialize(json::string(lab::to_string(lab.certificate()))) +
        ", \"mx\": " + json::serialize(mx_json(lab.zone())) +
        ", \"queued\": " + std::to_string(lab.queued_messages()) +
        ", \"discoverable\": " + (lab.discoverable() ? "true" : "false") + ",\n    \"events\": [";
    bool first = true;
    for (const auto& e : lab.events()) {
        json::object event{{"sequence", e.sequence},
                           {"protocol", e.protocol},
                           {"service", lab::to_string(e.service)},
                           {"kind", lab::to_string(e.kind)},
                           {"user", e.user},
                           {"detail", e.detail}};
        out += std::string(first ? "" : ",") + "\n      " + json::serialize(event);
        first = false;
    }
    json::object mailboxes;
    for (const auto& [user, boxes] : lab.mailbox_counts()) {
        json::object per_user;
        for (const auto& [name, count] : boxes)
            per_user[name] = {{"messages", count.messages}, {"unseen", count.unseen}};
        mailboxes[user] = std::move(per_user);
    }
    out += std::string(first ? "" : "\n    ") +
           "],\n    \"mailboxes\": " + json::serialize(mailboxes) + "}";
    return out;
}

} // namespace maillab::sim
