#include "device_state.hpp"

#include <algorithm>
#include <cstdlib>

namespace maillab::sim::flows {

DeviceState::DeviceState(std::filesystem::path file) : store_(std::move(file)) {}

std::filesystem::path DeviceState::default_file() {
    if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state)
        return std::filesystem::path(state) / "maillab" / "device.json";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".local" / "state" / "maillab" / "device.json";
    return std::filesystem::path("maillab-device.json");
}

bool DeviceState::load() {
    auto loaded = store_.load();
    if (!loaded) {
        last_error_ = loaded.error().message;
        device_ = {};
        return false;
    }
    device_ = std::move(*loaded);
    last_error_.clear();
    return true;
}

bool DeviceState::save() {
    std::error_code ec;
    if (store_.file().has_parent_path())
        std::filesystem::create_directories(store_.file().parent_path(), ec);
    auto saved = store_.save(device_);
    if (!saved) {
        last_error_ = saved.error().message;
        return false;
    }
    last_error_.clear();
    return true;
}

std::vector<TrustException> DeviceState::trust() const {
    std::vector<TrustException> out;
    for (const auto& t : device_.trusted_certificates)
        out.push_back({t.host, t.sha256_fingerprint});
    return out;
}

bool DeviceState::add_trust(const std::vector<TrustException>& trusted) {
    bool added = false;
    for (const auto& t : trusted) {
        const CertificateTrust entry{t.host, t.sha256_fingerprint};
        auto& list = device_.trusted_certificates;
        if (std::find(list.begin(), list.end(), entry) == list.end()) {
            list.push_back(entry);
            added = true;
        }
    }
    return added;
}

} // namespace maillab::sim::flows
