#include "maillab/net/static_zone.hpp"

#include <algorithm>
#include <cctype>

namespace maillab {
namespace {

std::string normalized(std::string_view name) {
    if (!name.empty() && name.back() == '.')
        name.remove_suffix(1);
    std::string out(name);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

template <class Records>
auto records_of(const std::map<std::string, Records>& table, std::string_view name) -> Records {
    const std::string n = normalized(name);
    for (const auto& [key, records] : table)
        if (normalized(key) == n)
            return records;
    return {};
}

} // namespace

bool StaticZone::covers(std::string_view name) const {
    if (domain.empty())
        return false;
    const std::string n = normalized(name);
    const std::string d = normalized(domain);
    return n == d || (n.size() > d.size() && n.ends_with(d) && n[n.size() - d.size() - 1] == '.');
}

std::vector<std::string> StaticZone::addresses(std::string_view name) const {
    return records_of(hosts, name);
}

std::vector<autoconfig::MxRecord> StaticZone::mx_of(std::string_view name) const {
    return normalized(name) == normalized(domain) ? mx : std::vector<autoconfig::MxRecord>{};
}

std::vector<autoconfig::SrvRecord> StaticZone::srv_of(std::string_view name) const {
    return records_of(srv, name);
}

std::vector<std::string> StaticZone::txt_of(std::string_view name) const {
    return records_of(txt, name);
}

std::optional<std::uint16_t> StaticZone::port_for(std::string_view host, std::uint16_t port) const {
    if (!covers(host) || ports.empty())
        return port;
    auto it = ports.find(port);
    if (it == ports.end())
        return std::nullopt;
    return it->second;
}

} // namespace maillab
