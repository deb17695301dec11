// The device's saved accounts: a versioned JSON file written atomically (temp file, fsync,
// rename, fsync of the directory) with mode 0600. A corrupt file is reported, never overwritten.
#pragma once

#include "maillab/model/account.hpp"
#include "maillab/result.hpp"

#include <filesystem>

namespace maillab {

class AccountStore {
  public:
    static constexpr int current_version = 1;

    explicit AccountStore(std::filesystem::path file);

    // A missing file is an empty device; a corrupt or unreadable one is an error and the file
    // is left untouched (and save() refuses to replace it until load() succeeds).
    Result<Device> load();
    Status save(const Device& device);

    const std::filesystem::path& file() const { return file_; }

  private:
    std::filesystem::path file_;
    bool last_load_failed_ = false;
};

} // namespace maillab
