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
    return embedded;
}

std::shared_ptr<const StaticZone> EmbeddedLab::zone() const {
    std::lock_guard guard(zone_mutex_);
    auto records = lab_.zone();
    if (!zone_ || zone_version_ != records.version) {
        zone_ = make_lab_zone(records, addresses_);
        zone_version_ = records.version;
    }
    return zone_;
}

std::string EmbeddedLab::describe() const {
    std::ostringstream out;
    const auto& a = addresses_;
    out << "MailLab lab provider for " << a.domain << " on " << a.listen_address << "\n";
    for (auto service : lab::all_services)
        out << "  " << lab::to_string(service) << " (like " << lab::standard_port(service)
            << "): " << a.listen_address << " port " << a.ports.get(service) << "\n";
    out << "  autoconfig: " << a.autoconfig_url << "\n";
    out << "  DNS server for " << a.domain << " (UDP and TCP): " << a.dns_server
        << "  (try: maillab dns " << a.domain << " --resolver " << a.dns_server << ")\n";
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

std::shared_ptr<const StaticZone> make_lab_zone(const lab::LabZone& records,
                                                const lab::LabAddresses& addresses) {
    auto zone = std::make_shared<StaticZone>();
    zone->domain = records.domain;
    zone->hosts = records.addresses;
    for (const auto& mx : records.mx)
        zone->mx.push_back({mx.preference, mx.host});
    zone->txt = records.txt;
    for (const auto& [name, list] : records.srv)
        for (const auto& srv : list)
            zone->srv[name].push_back({srv.priority, srv.weight, srv.port, srv.target});
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
