// maillab verify ACCOUNT.json: real logins to the incoming and the outgoing server.
#include "account_file.hpp"
#include "arguments.hpp"
#include "commands.hpp"
#include "net_options.hpp"
#include "password_source.hpp"
#include "report.hpp"

#include <algorithm>
#include <iostream>

namespace maillab::cli {
int verify_command(const std::vector<std::string>& raw) {
    if (std::find(raw.begin(), raw.end(), "--batch") != raw.end())
        return verify_batch_command(raw);
    auto command_line = parse_net_command_line(
        raw, {{"--json", "--verbose"}, {"--password-file", "--send-test"}}, "ACCOUNT.json");
    if (!command_line)
        return usage_error("verify", command_line.error().message);
    const Arguments* args = &command_line->args;
    const NetOptions* net = &command_line->net;

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
