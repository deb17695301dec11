// maillab setup EMAIL: discovery, verification of both servers and the phone's consent steps,
// then the account (optionally saved into a device store).
#include "arguments.hpp"
#include "commands.hpp"
#include "maillab/discovery/discover.hpp"
#include "maillab/health/domain_health.hpp"
#include "maillab/model/validation.hpp"
#include "maillab/setup/setup_flow.hpp"
#include "maillab/store/account_json.hpp"
#include "maillab/store/account_store.hpp"
#include "net_options.hpp"
#include "password_source.hpp"
#include "provider_assets.hpp"
#include "report.hpp"

#include <boost/json.hpp>
#include <iostream>
#include <unistd.h>

namespace maillab::cli {
namespace {

// Picks an alert's button: asks on a terminal; otherwise takes the safe answer, or with --yes
// accepts only what needs no trust decision.
std::string choose(const setup::Alert& alert, bool interactive, std::ostream& out) {
    out << "\n" << alert.title << "\n" << alert.message << "\n";
    if (interactive) {
        while (true) {
            out << "[";
            for (std::size_t i = 0; i < alert.buttons.size(); ++i)
                out << (i ? " / " : "") << alert.buttons[i];
            out << "] " << std::flush;
            std::string answer;
            if (!std::getline(std::cin, answer))
                return alert.buttons.front();
            for (const auto& b : alert.buttons)
                if (b == answer ||
                    (answer.size() == 1 && std::tolower(b[0]) == std::tolower(answer[0])))
                    return b;
        }
    }
    const std::string safe = alert.buttons.front(); // Cancel / OK
    out << "(not a terminal: " << safe << ")\n";
    return safe;
}

} // namespace

int setup_command(const std::vector<std::string>& raw) {
    ArgumentSpec spec{
        {"--json", "--yes", "--offline"},
        {"--password-file", "--name", "--description", "--save", "--ispdb-url", "--providers"}};
    auto command_line = parse_net_command_line(raw, spec, "EMAIL");
    if (!command_line)
        return usage_error("setup", command_line.error().message);
    const Arguments& args = command_line->args;
    const NetOptions& net = command_line->net;
    Account blank;
    blank.email = args.positional[0];
    blank.incoming.server.auth = AuthMethod::password;
    if (auto filled = fill_missing_passwords(blank, args); !filled)
        return input_error(filled.error().message);
    const std::string password = blank.incoming.server.password;

    DiscoverOptions discover_options;
    discover_options.net = net;
    discover_options.offline = args.flag("--offline");
    if (auto url = args.option("--ispdb-url"))
        discover_options.ispdb_base_url = *url + (url->back() == '/' ? "" : "/");
    auto bundled = load_provider_assets(args.option("--providers"));
    if (!bundled)
        return input_error(bundled.error().message);
    discover_options.bundled = *bundled;

    const bool as_json = args.flag("--json");
    const bool interactive = !as_json && isatty(STDIN_FILENO);
    std::ostream& out = as_json ? std::cerr : std::cout;

    setup::SetupFlow flow;
    flow.submit_new_account({args.option("--name").value_or(""), args.positional[0], password,
                             args.option("--description").value_or("")});
    if (!flow.form_error().empty())
        return input_error(flow.form_error());

    bool nothing_found = false;
    while (true) {
        const auto& task = flow.pending_task();
        if (const auto* need = std::get_if<setup::NeedDiscovery>(&task)) {
            out << "Looking up the settings for " << need->email << "\u2026\n";
            auto result = discover(need->email, discover_options);
            if (!result)
                return input_error(result.error().message);
            nothing_found = !result->best;
            flow.discovery_finished(*result);
            continue;
        }
        if (const auto* need = std::get_if<setup::NeedVerification>(&task)) {
            out << "Verifying\u2026\n";
            VerifyOptions options;
            options.net = net;
            options.net.trust_exceptions = need->trust_exceptions;
            flow.verification_finished(verify_account(need->account, options));
            continue;
        }
        if (flow.screen() == setup::Screen::alert) {
            auto alert = *flow.alert();
            std::string button = choose(alert, interactive, out);
            if (!interactive && args.flag("--yes") && alert.kind == setup::AlertKind::cannot_send)
                button = "OK";
            flow.press(button);
            continue;
        }
        break; // saved, manual_servers (nothing works), cancelled
    }

    const bool saved = flow.screen() == setup::Screen::saved;
    if (saved && args.option("--save")) {
        AccountStore store(*args.option("--save"));
        auto device = store.load();
        if (!device)
            return input_error(device.error().message);
        device->accounts.push_back(*flow.saved());
        if (auto written = store.save(*device); !written)
            return input_error(written.error().message);
    }
    // Nothing discoverable: say what the domain publishes, so the cause has a name.
    std::optional<DomainHealthReport> health;
    if (nothing_found)
        if (auto address = parse_email_address(args.positional[0]))
            health = check_domain_health(address->ascii_domain,
                                         {net.resolver, net.zone, std::chrono::seconds(10), {}});
    if (as_json) {
        namespace json = boost::json;
        json::array history;
        for (const auto& h : flow.history())
            history.emplace_back(h);
        json::object root{{"saved", saved},
                          {"screen", setup::to_string(flow.screen())},
                          {"history", std::move(history)}};
        root["account"] = json::parse(account_to_json(flow.account(), PasswordOutput::mask));
        if (flow.last_report())
            root["verification"] = json::parse(verify_report_json(*flow.last_report()));
        if (health)
            root["domain_health"] = domain_health_json(*health);
        std::cout << json::serialize(root) << "\n";
    } else {
        for (const auto& h : flow.history())
            out << "  - " << h << "\n";
        if (flow.last_report())
            print_verify_text(out, *flow.last_report(), false);
        if (health) {
            out << "\nNothing was found for " << health->domain << ". What the domain publishes:\n";
            print_domain_health(out, *health);
        }
        out << (saved ? "\nAccount set up" : "\nThe account was not set up") << "\n";
        if (saved)
            out << account_to_json(flow.account(), PasswordOutput::mask) << "\n";
    }
    return saved ? 0 : 1;
}

} // namespace maillab::cli
