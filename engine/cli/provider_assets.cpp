#include "provider_assets.hpp"

#include "maillab/profiles/bundled_providers.hpp"

namespace maillab::cli {

Result<std::shared_ptr<const autoconfig::BundledProviders>>
load_provider_assets(const std::optional<std::string>& dir) {
    std::filesystem::path providers =
        dir ? std::filesystem::path(*dir) : profiles::default_providers_dir();
    if (providers.empty())
        return std::shared_ptr<const autoconfig::BundledProviders>{};
    auto loaded = profiles::load_bundled_providers(providers);
    if (!loaded)
        return Error{"--providers: " + loaded.error().message};
    return std::shared_ptr<const autoconfig::BundledProviders>(
        std::make_shared<autoconfig::BundledProviders>(std::move(*loaded)));
}

} // namespace maillab::cli
