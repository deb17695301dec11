// maillab diagnose ACCOUNT.json: the verification's causes in plain words, plus what the
// address's domain publishes in DNS (run at the same time).
#include "account_file.hpp"
#include "arguments.hpp"
#include "commands.hpp"
#include "maillab/health/domain_health.hpp"
#include "maillab/model/validation.hpp"
#include "net_options.hpp"
#include "password_source.hpp"
#include "report.hpp"

#include <boost/json.hpp>
#include <future>
#include <iostream>

namespace maillab::cli {

int diagnose_command(const std::vector<std::string>& raw) {
    ArgumentSpec spec{{"--json"}, {"--password-file"}};
    auto command_line = parse_net_command_line(raw, spec, "ACCOUNT.json");
    if (!command_line)
        return usage_error("diagnose", command_line.error().message);
    const Arguments& args = command_line->args;
    const NetOptions& net = command_line->net;
    auto account = load_account_file(args.positional[0]);
    if (!account)
        return input_error(account.error().message);
    if (auto filled = fill_missing_passwords(*account, args); !filled)
        return input_error(filled.error().message);
    auto address = parse_email_address(account->email);
    if (!address)
        return input_error("email: " + address.error().message);

    auto health = std::async(std::launch::async, [&] {
        return check_domain_health(address->ascii_domain,
                                   {net.resolver, net.zone, net.timeout, {}});
    });
    VerifyOptions options;
    options.net = net;
    const auto report = verify_account(*account, options);
    const auto domain = health.get();

    if (args.flag("--json")) {
        namespace json = boost::json;
        auto root = json::parse(verify_report_json(report)).as_object();
        root["domain_health"] = domain_health_json(domain);
        std::cout << json::serialize(root) << "\n";
    } else {
        std::cout << "Incoming " << report.incoming.host << ": "
                  << to_string(report.incoming.outcome) << "\nOutgoing " << report.outgoing.host
                  << ": " << to_string(report.outgoing.outcome) << "\n\nDiagnosis:\n";
        for (const auto& line : report.diagnosis)
            std::cout << "  - " << line << "\n";
        std::cout << "\nThe domain " << domain.domain << " in DNS:\n";
        print_domain_health(std::cout, domain);
    }
    return report.ok() ? 0 : 1;
}

} // namespace maillab::cli
