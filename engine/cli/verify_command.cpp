// maillab verify ACCOUNT.json: real logins to the incoming and the outgoing server.
#include "commands.hpp"

#include "arguments.hpp"
#include "maillab/store/account_json.hpp"
#include "net_options.hpp"
#include "password_source.hpp"
#include "report.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

namespace maillab::cli {
namespace {

constexpr std::size_t max_account_file = 1 << 20;

Result<std::string> read_small_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Error{"cannot read " + path};
    std::string data;
    data.resize(max_account_file + 1);
    in.read(data.data(), static_cast<std::streamsize>(data.size()));
    data.resize(static_cast<std::size_t>(in.gcount()));
    if (data.size() > max_account_file)
        return Error{path + " is larger than 1 MiB"};
    return data;
}

} // namespace

int verify_command(const std::vector<std::string>& raw) {
    ArgumentSpec spec{{"--json", "--verbose"}, {"--password-file", "--send-test"}};
    spec.with_value.insert(net_option_names.begin(), net_option_names.end());
    auto args = parse_arguments(raw, spec);
    if (!args)
        return usage_error("verify", args.error().message);
    if (args->positional.size() != 1)
        return usage_error("verify", "give exactly one ACCOUNT.json");
    auto net = net_options_from(*args);
    if (!net)
        return usage_error("verify", net.error().message);

    const std::string& path = args->positional[0];
    auto text = read_small_file(path);
    if (!text)
        return input_error(text.error().message);
    auto account = parse_account_json(*text);
    if (!account)
        return input_error(path + ": " + account.error().message);
    if (auto filled = fill_missing_passwords(*account, *args); !filled)
        return input_error(filled.error().message);

    VerifyOptions options;
    options.net = *net;
    options.send_test_to = args->option("--send-test");
    auto report = verify_account(*account, options);
    if (args->flag("--json"))
        std::cout << verify_report_json(report) << "\n";
    else
        print_verify_text(std::cout, report, args->flag("--verbose"));
    return report.ok() ? 0 : 1;
}

} // namespace maillab::cli
