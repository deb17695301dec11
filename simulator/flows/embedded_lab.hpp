// The lab provider inside the simulator: started with the phone, handed to the engine as a
// private DNS zone (its host names, standard ports mapped to the lab's own) plus its CA, so the
// phone sets up lab accounts on 993/587 like a real provider while any other domain still uses
// real DNS and the system trust store.
#pragma once

#include "maillab/lab/lab.hpp"
#include "maillab/net/static_zone.hpp"
#include "maillab/result.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
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
    // The engine's view of the lab zone now: rebuilt from the lab's zone (which its DNS server
    // answers from) whenever the trainer changed it, so both always agree.
    std::shared_ptr<const StaticZone> zone() const;
    const std::filesystem::path& world_file() const { return world_file_; }
    // What --lab-only prints: the domain, each service's address and port, the DNS server to
    // give `maillab dns --resolver`, the CA file and the lab users (never their passwords: those
    // are in the world file).
    std::string describe() const;

  private:
    lab::Lab lab_;
    lab::LabAddresses addresses_;
    std::filesystem::path world_file_;
    mutable std::mutex zone_mutex_;
    mutable std::shared_ptr<const StaticZone> zone_;
    mutable std::uint64_t zone_version_ = 0;
};

// The private zone a running lab answers for: the records of its DNS zone (host names, MX, SPF,
// DMARC, SRV), and the standard ports mapped to the lab's ports (every other port closed).
std::shared_ptr<const StaticZone> make_lab_zone(const lab::LabZone& records,
                                                const lab::LabAddresses& addresses);

// $XDG_STATE_HOME/maillab/lab (the lab CA is kept there and reused across runs).
std::filesystem::path default_lab_state_dir();
// assets/lab/world.json next to the bundled providers; empty when not found.
std::filesystem::path default_lab_world_file();

// A PEM file holding both CA files (for --ca-file together with the lab CA), written into dir.
Result<std::filesystem::path> combine_ca_files(const std::filesystem::path& first,
                                               const std::filesystem::path& second,
                                               const std::filesystem::path& dir);

} // namespace maillab::sim::flows
