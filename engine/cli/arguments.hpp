// Command-line parsing shared by the maillab subcommands.
#pragma once

#include "maillab/result.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace maillab::cli {

struct Arguments {
    std::vector<std::string> positional;
    std::map<std::string, std::vector<std::string>> options; // "--resolver" → values
    std::set<std::string> flags;                             // "--json"

    bool flag(const std::string& name) const { return flags.count(name) > 0; }
    std::optional<std::string> option(const std::string& name) const;
    std::vector<std::string> all(const std::string& name) const;
};

struct ArgumentSpec {
    std::set<std::string> flags;      // options without a value
    std::set<std::string> with_value; // options that take one value
};

// Rejects unknown options and missing values with a message naming them. Refuses
// "--password" outright: passwords never go on the command line.
Result<Arguments> parse_arguments(const std::vector<std::string>& args, const ArgumentSpec& spec);

} // namespace maillab::cli
