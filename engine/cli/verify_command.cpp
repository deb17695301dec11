// maillab verify ACCOUNT.json: real logins to the incoming and the outgoing server.
#include "commands.hpp"

#include "arguments.hpp"
#include "account_file.hpp"
#include "net_options.hpp"
#include "password_source.hpp"
#include "report.hpp"

#include <iostream>

namespace maillab::cli {
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

    auto account = load_account_file(args->positional[0]);
    if (!account)
        return input_error(account.error().message);
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
