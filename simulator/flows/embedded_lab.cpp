#include "embedded_lab.hpp"

#include "maillab/profiles/bundled_providers.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace maillab::sim::flows {

Result<std::unique_ptr<EmbeddedLab>> EmbeddedLab::start(const EmbeddedLabOptions& options) {
    lab::LabOptions lab_options;
    lab_options.state_dir = options.state_dir.empty() ? default_lab_state_dir() : options.state_dir;
    lab_options.world_file =
        options.world_file.empty() ? default_lab_world_file() : options.world_file;
    if (lab_options.world_file.empty())
        return Error{"the lab world (assets/lab/world.json) was not found; set MAILLAB_ASSETS"};
    lab_options.advertise_host_names = true;
    auto embedded = std::unique_ptr<EmbeddedLab>(new EmbeddedLab());
    auto started = embedded->lab_.start(lab_options);
    if (!started.ok)
        return Error{"the lab provider did not start: " + started.error};
    embedded->addresses_ = started.addresses;
    embedded->world_file_ = lab_options.world_file;
    embedded->zone_ = make_lab_zone(started.addresses);
    embedded->undiscoverable_zone_ = make_lab_zone(started.addresses, false);
    return embedded;
}

std::string EmbeddedLab::describe() const {
    std::ostringstream out;
    const auto& a = addresses_;
    out << "MailLab lab provider for " << a.domain << " on " << a.listen_address << "\n";
    for (auto service : lab::all_services)
        out << "  " << lab::to_string(service) << " (like " << lab::standard_port(service)
            << "): " << a.listen_address << " port " << a.ports.get(service) << "\n";
    out << "  autoconfig: " << a.autoconfig_url << "\n";
    out << "  CA certificate (trust it in the client): " << a.ca_file.string() << "\n";
    out << "  host names (all " << a.listen_address << "):";
    for (const auto& host : a.hosts)
        out << " " << host.name;
    out << "\n  users (passwords in the world file):";
    for (const auto& user : lab_.users())
        out << " " << user.address;
    out << "\n";
    return out.str();
}

std::function<std::shared_ptr<const StaticZone>()> EmbeddedLab::zone_source() const {
    return [this] { return lab_.discoverable() ? zone_ : undiscoverable_zone_; };
}

std::shared_ptr<const StaticZone> make_lab_zone(const lab::LabAddresses& addresses,
                                                bool discoverable) {
    auto zone = std::make_shared<StaticZone>();
    zone->domain = addresses.domain;
    for (const auto& host : addresses.hosts)
        if (discoverable || host.name == addresses.unlisted_incoming_host ||
            host.name == addresses.unlisted_outgoing_host)
            zone->hosts[host.name].push_back(host.address);
    zone->mx = {{10, discoverable ? "mail." + addresses.domain : addresses.unlisted_incoming_host}};
    zone->txt[addresses.domain] = {"v=spf1 mx -all"};
    zone->txt["_dmarc." + addresses.domain] = {"v=DMARC1; p=quarantine"};
    for (auto service : lab::all_services)
        zone->ports[lab::standard_port(service)] = addresses.ports.get(service);
    return zone;
}

std::filesystem::path default_lab_state_dir() {
    if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state)
        return std::filesystem::path(state) / "maillab" / "lab";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".local" / "state" / "maillab" / "lab";
    return std::filesystem::temp_directory_path() / "maillab-lab";
}

std::filesystem::path default_lab_world_file() {
    const auto assets = profiles::default_assets_dir();
    if (assets.empty())
        return {};
    auto file = assets / "lab" / "world.json";
    std::error_code ec;
    return std::filesystem::is_regular_file(file, ec) ? file : std::filesystem::path();
}

Result<std::filesystem::path> combine_ca_files(const std::filesystem::path& first,
                                               const std::filesystem::path& second,
                                               const std::filesystem::path& dir) {
    std::string pem;
    for (const auto& file : {first, second}) {
        std::ifstream in(file, std::ios::binary);
        if (!in)
            return Error{"cannot read the CA file " + file.string()};
        std::ostringstream text;
        text << in.rdbuf();
        pem += text.str();
        if (!pem.empty() && pem.back() != '\n')
            pem += '\n';
    }
    const auto out_file = dir / "trusted-cas.pem";
    std::ofstream out(out_file, std::ios::binary | std::ios::trunc);
    out << pem;
    if (!out.flush())
        return Error{"cannot write " + out_file.string()};
    return out_file;
}

} // namespace maillab::sim::flows
