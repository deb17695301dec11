// --resolver, --ca-file, --timeout and --trust-certificate, shared by the network commands.
#pragma once

#include "arguments.hpp"
#include "maillab/verify/verify.hpp"

namespace maillab::cli {

inline const std::set<std::string> net_option_names{"--resolver", "--ca-file", "--timeout",
                                                    "--trust-certificate"};

Result<NetOptions> net_options_from(const Arguments& args);

// A network command's command line: the options of `spec` and the net options, exactly one
// positional argument (`what`, named in the error otherwise), and the net options parsed.
struct NetCommandLine {
    Arguments args;
    NetOptions net;
};
Result<NetCommandLine> parse_net_command_line(const std::vector<std::string>& raw,
                                              ArgumentSpec spec, const std::string& what);

} // namespace maillab::cli
