// The bundled provider files (assets/providers) for the discovery commands.
#pragma once

#include "maillab/autoconfig/sources.hpp"
#include "maillab/result.hpp"

#include <memory>
#include <optional>
#include <string>

namespace maillab::cli {

// From --providers DIR, else the project's assets/providers found near the executable. A
// missing default directory is not an error (discovery simply has no bundled source).
Result<std::shared_ptr<const autoconfig::BundledProviders>>
load_provider_assets(const std::optional<std::string>& dir);

} // namespace maillab::cli
