#include "arguments.hpp"

namespace maillab::cli {

std::optional<std::string> Arguments::option(const std::string& name) const {
    auto it = options.find(name);
    if (it == options.end() || it->second.empty())
        return std::nullopt;
    return it->second.back();
}

std::vector<std::string> Arguments::all(const std::string& name) const {
    auto it = options.find(name);
    return it == options.end() ? std::vector<std::string>{} : it->second;
}

Result<Arguments> parse_arguments(const std::vector<std::string>& args, const ArgumentSpec& spec) {
    Arguments out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg.rfind("--", 0) != 0 || arg == "--") {
            out.positional.push_back(arg);
            continue;
        }
        std::string name = arg;
        std::optional<std::string> value;
        if (auto eq = arg.find('='); eq != std::string::npos) {
            name = arg.substr(0, eq);
            value = arg.substr(eq + 1);
        }
        if (name == "--password" || name == "--pass")
            return Error{name + " is not accepted: passwords never go on the command line (use "
                                "the account file, --password-file, MAILLAB_PASSWORD or the "
                                "prompt)"};
        if (spec.flags.count(name)) {
            if (value)
                return Error{name + " takes no value"};
            out.flags.insert(name);
        } else if (spec.with_value.count(name)) {
            if (!value) {
                if (i + 1 >= args.size())
                    return Error{name + " needs a value"};
                value = args[++i];
            }
            out.options[name].push_back(*value);
        } else {
            return Error{"unknown option " + name};
        }
    }
    return out;
}

} // namespace maillab::cli
