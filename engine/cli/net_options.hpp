// --resolver, --ca-file, --timeout and --trust-certificate, shared by the network commands.
#pragma once

#include "arguments.hpp"
#include "maillab/verify/verify.hpp"

namespace maillab::cli {

inline const std::set<std::string> net_option_names{"--resolver", "--ca-file", "--timeout",
                                                    "--trust-certificate"};

Result<NetOptions> net_options_from(const Arguments& args);

} // namespace maillab::cli
