// Loading assets/providers/*.xml and finding the assets directory.
#include "maillab/profiles/bundled_providers.hpp"

#include "maillab/autoconfig/client_config.hpp"
#include "maillab/profiles/import.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <system_error>

namespace maillab::profiles {

namespace {

namespace fs = std::filesystem;

std::string lower(std::string text) {
    std::ranges::transform(text, text.begin(), [](char c) {
        return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    });
    return text;
}

bool has_providers(const fs::path& assets) {
    std::error_code error;
    return !assets.empty() && fs::is_directory(assets / "providers", error);
}

} // namespace

Result<autoconfig::BundledProviders> load_bundled_providers(const fs::path& providers_dir,
                                                            std::vector<std::string>* warnings) {
    std::error_code error;
    if (!fs::is_directory(providers_dir, error)) {
        return Error{"provider directory " + providers_dir.string() + " does not exist"};
    }
    std::vector<fs::path> files;
    for (fs::directory_iterator it(providers_dir, error), end; !error && it != end;
         it.increment(error)) {
        if (it->path().extension() == ".xml" && it->is_regular_file(error)) {
            files.push_back(it->path());
        }
    }
    if (error) {
        return Error{"cannot list " + providers_dir.string() + ": " + error.message()};
    }
    std::ranges::sort(files);

    autoconfig::BundledProviders providers;
    std::map<std::string, std::string> owner; // domain → file that claims it
    for (const fs::path& file : files) {
        const std::string name = file.filename().string();
        auto text = read_input_file(file, max_import_bytes);
        if (!text) {
            return Error{text.error().message};
        }
        auto config = autoconfig::parse_client_config(*text);
        if (!config) {
            return Error{name + ": line " + std::to_string(config.error().line) + ": " +
                         config.error().message};
        }
        if (config->incoming.empty() || config->outgoing.empty()) {
            return Error{name + ": needs at least one incoming and one outgoing server"};
        }
        if (config->domains.empty()) {
            return Error{name + ": claims no <domain>"};
        }
        for (const std::string& domain : config->domains) {
            const auto [it, added] = owner.emplace(lower(domain), name);
            if (!added) {
                return Error{name + ": domain " + domain + " is already claimed by " + it->second};
            }
        }
        if (warnings != nullptr) {
            for (const std::string& warning : config->warnings) {
                warnings->push_back(name + ": " + warning);
            }
        }
        providers.add(*config);
    }
    return providers;
}

fs::path default_assets_dir() {
    if (const char* env = std::getenv("MAILLAB_ASSETS"); env != nullptr && *env != '\0') {
        return fs::path(env);
    }
    std::error_code error;
    const fs::path exe = fs::read_symlink("/proc/self/exe", error);
    if (error || exe.empty()) {
        return {};
    }
    const fs::path exe_dir = exe.parent_path();
    for (const fs::path& candidate :
         {exe_dir / ".." / ".." / "assets", exe_dir / ".." / "share" / "maillab" / "assets"}) {
        if (has_providers(candidate)) {
            return candidate.lexically_normal();
        }
    }
    for (fs::path dir = exe_dir; !dir.empty(); dir = dir.parent_path()) {
        if (has_providers(dir / "assets")) {
            return dir / "assets";
        }
        if (dir == dir.root_path()) {
            break;
        }
    }
    return {};
}

fs::path default_providers_dir() {
    const fs::path assets = default_assets_dir();
    return assets.empty() ? fs::path() : assets / "providers";
}

} // namespace maillab::profiles
