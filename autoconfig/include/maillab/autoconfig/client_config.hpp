// Thunderbird clientConfig v1.1 (autoconfig / ISPDB), read and write. Pure functions.
#pragma once

#include "maillab/autoconfig/provider_config.hpp"

#include <string>
#include <string_view>

namespace maillab::autoconfig {

// Unknown elements are ignored; an invalid server section drops that server only (with a
// warning naming it); a document without a usable emailProvider is an error.
Result<ProviderConfig, FormatError> parse_client_config(std::string_view xml);

// Writes a clientConfig v1.1 document that parse_client_config reads back to the same config
// (warnings aside).
std::string write_client_config(const ProviderConfig& config);

} // namespace maillab::autoconfig
