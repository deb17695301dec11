// The lab provider inside the simulator: started with the phone, handed to the engine as a
// private DNS zone (its host names, standard ports mapped to the lab's own) plus its CA, so the
// phone sets up lab accounts on 993/587 like a real provider while any other domain still uses
// real DNS and the system trust store.
#pragma once

#include "maillab/lab/lab.hpp"
#include "maillab/net/static_zone.hpp"
#include "maillab/result.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace maillab::sim::flows {

struct EmbeddedLabOptions {
    std::filesystem::path state_dir;  // empty: default_lab_state_dir()
    std::filesystem::path world_file; // empty: default_lab_world_file()
};

class EmbeddedLab {
  public:
    // Starts the servers; the error names the problem (world file, state dir, a port).
    static Result<std::unique_ptr<EmbeddedLab>> start(const EmbeddedLabOptions& options);

    lab::Lab& lab() { return lab_; }
    const lab::Lab& lab() const { return lab_; }
    const lab::LabAddresses& addresses() const { return addresses_; }
    std::shared_ptr<const StaticZone> zone() const { return zone_; }
    // The zone as the lab is now: without the looked-up and guessed names while the lab is not
    // discoverable (Lab::set_discoverable). The engine asks it before each task.
    std::function<std::shared_ptr<const StaticZone>()> zone_source() const;
    const std::filesystem::path& world_file() const { return world_file_; }
    // What --lab-only prints: the domain, each service's address and port, the CA file and
    // the lab users (never their passwords: those are in the world file).
    std::string describe() const;

  private:
    lab::Lab lab_;
    lab::LabAddresses addresses_;
    std::filesystem::path world_file_;
    std::shared_ptr<const StaticZone> zone_;
    std::shared_ptr<const StaticZone> undiscoverable_zone_;
};

// The private zone a running lab answers for: its host names, an MX, SPF and DMARC records,
// and the standard ports mapped to the lab's ports (every other port closed). Not discoverable:
// only the unlisted names (in., out.) and the MX, so that autoconfig, Autodiscover, SRV and
// guessing (imap., mail., smtp., the domain itself) all find nothing.
std::shared_ptr<const StaticZone> make_lab_zone(const lab::LabAddresses& addresses,
                                                bool discoverable = true);

// $XDG_STATE_HOME/maillab/lab (the lab CA is kept there and reused across runs).
std::filesystem::path default_lab_state_dir();
// assets/lab/world.json next to the bundled providers; empty when not found.
std::filesystem::path default_lab_world_file();

// A PEM file holding both CA files (for --ca-file together with the lab CA), written into dir.
Result<std::filesystem::path> combine_ca_files(const std::filesystem::path& first,
                                               const std::filesystem::path& second,
                                               const std::filesystem::path& dir);

} // namespace maillab::sim::flows
