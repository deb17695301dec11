#include "net_options.hpp"

#include "maillab/model/validation.hpp"

#include <charconv>
#include <filesystem>

namespace maillab::cli {

Result<NetOptions> net_options_from(const Arguments& args) {
    NetOptions net;
    if (auto resolver = args.option("--resolver")) {
        auto colon = resolver->rfind(':');
        if (colon != std::string::npos && resolver->find(':') == colon) {
            auto port = parse_port(resolver->substr(colon + 1));
            if (!port)
                return Error{"--resolver: " + port.error().message};
        }
        net.resolver = *resolver;
    }
    if (auto ca = args.option("--ca-file")) {
        if (!std::filesystem::is_regular_file(*ca))
            return Error{"--ca-file: " + *ca + " is not a readable file"};
        net.ca_file = *ca;
    }
    if (auto timeout = args.option("--timeout")) {
        double seconds = 0;
        auto [end, ec] =
            std::from_chars(timeout->data(), timeout->data() + timeout->size(), seconds);
        if (ec != std::errc{} || end != timeout->data() + timeout->size() || seconds <= 0 ||
            seconds > 3600)
            return Error{"--timeout: \"" + *timeout + "\" is not a number of seconds (0..3600)"};
        net.timeout = std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
        net.step_timeout = std::min(net.step_timeout, net.timeout);
        net.auth_timeout = std::min(net.auth_timeout, net.timeout);
    }
    for (const auto& trust : args.all("--trust-certificate")) {
        auto eq = trust.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == trust.size())
            return Error{"--trust-certificate: expected HOST=SHA256-FINGERPRINT, got \"" + trust +
                         "\""};
        net.trust_exceptions.push_back({trust.substr(0, eq), trust.substr(eq + 1)});
    }
    return net;
}

Result<NetCommandLine> parse_net_command_line(const std::vector<std::string>& raw,
                                              ArgumentSpec spec, const std::string& what) {
    spec.with_value.insert(net_option_names.begin(), net_option_names.end());
    auto args = parse_arguments(raw, spec);
    if (!args)
        return args.error();
    if (args->positional.size() != 1)
        return Error{"give exactly one " + what};
    auto net = net_options_from(*args);
    if (!net)
        return net.error();
    return NetCommandLine{std::move(*args), std::move(*net)};
}

} // namespace maillab::cli
