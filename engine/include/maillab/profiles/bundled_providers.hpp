// The provider files shipped with maillab (assets/providers/*.xml, clientConfig v1.1), loaded
// into the table the bundled discovery source looks addresses up in.
#pragma once

#include "maillab/autoconfig/sources.hpp"
#include "maillab/result.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace maillab::profiles {

// Reads every *.xml file in `providers_dir` (not recursive, in name order). A file that does not
// parse, a file without an incoming or an outgoing server, and a domain claimed by two files are
// errors naming the file: the bundled files are part of the program, so a broken one is a bug to
// fix, never something to skip quietly. Reader warnings (ignored values) are appended to
// `warnings`, each prefixed with the file name, when it is given.
Result<autoconfig::BundledProviders>
load_bundled_providers(const std::filesystem::path& providers_dir,
                       std::vector<std::string>* warnings = nullptr);

// Where the assets are: $MAILLAB_ASSETS when set (taken as given); else, from the directory of
// the running program (/proc/self/exe), <exe dir>/../../assets, <exe dir>/../share/maillab/assets,
// and then the nearest parent directory of the program holding assets/providers (a build tree
// inside the source tree). Empty when none is found.
std::filesystem::path default_assets_dir();

// default_assets_dir() / "providers", or empty.
std::filesystem::path default_providers_dir();

} // namespace maillab::profiles
