// The phone's accounts (maillab::Device) and where they are kept: $XDG_STATE_HOME/maillab/
// device.json, else ~/.local/state/maillab/device.json, or the --state file.
#pragma once

#include "maillab/model/account.hpp"
#include "maillab/store/account_store.hpp"
#include "maillab/verify/verify.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace maillab::sim::flows {

class DeviceState {
  public:
    explicit DeviceState(std::filesystem::path file);

    // A missing file is an empty phone. On error the phone starts empty and nothing is saved
    // over the file (the store refuses), and last_error() says why.
    bool load();
    bool save();

    Device& device() { return device_; }
    const Device& device() const { return device_; }
    const std::filesystem::path& file() const { return store_.file(); }
    const std::string& last_error() const { return last_error_; }

    static std::filesystem::path default_file();

    // The certificates the user trusted, as the engine takes them.
    std::vector<TrustException> trust() const;
    // Keeps these trust decisions (once each); true when something was added.
    bool add_trust(const std::vector<TrustException>& trusted);

  private:
    AccountStore store_;
    Device device_;
    std::string last_error_;
};

} // namespace maillab::sim::flows
