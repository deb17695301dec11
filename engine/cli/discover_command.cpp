// maillab discover EMAIL: every source at once, a live line per source, the best candidate.
#include "arguments.hpp"
#include "commands.hpp"
#include "maillab/discovery/discover.hpp"
#include "net_options.hpp"
#include "password_source.hpp"
#include "provider_assets.hpp"

#include <boost/json.hpp>
#include <iomanip>
#include <iostream>
#include <unistd.h>

namespace maillab::cli {
namespace {

namespace json = boost::json;
using autoconfig::Candidate;
using autoconfig::ProgressEvent;
using autoconfig::ProgressKind;

json::object server_json(const autoconfig::ServerEntry& s) {
    json::array auth;
    for (const auto& a : s.authentication)
        auth.emplace_back(a);
    return json::object{
        {"protocol", s.type},      {"host", s.hostname},
        {"port", s.port},          {"security", to_string(security_of(s.socket_type))},
        {"auth", std::move(auth)}, {"username", s.username}};
}

json::value first_or_null(const std::vector<autoconfig::ServerEntry>& servers) {
    return servers.empty() ? json::value(nullptr) : json::value(server_json(servers.front()));
}

json::array all_servers(const std::vector<autoconfig::ServerEntry>& servers) {
    json::array out;
    for (const auto& s : servers)
        out.push_back(server_json(s));
    return out;
}

json::object candidate_json(const Candidate& c) {
    json::array recipients, notes;
    for (const auto& r : c.password_recipients)
        recipients.emplace_back(r);
    for (const auto& n : c.notes)
        notes.emplace_back(n);
    return json::object{{"source", to_string(c.source)},
                        {"origin", c.origin},
                        {"trusted", c.trusted},
                        {"incoming", first_or_null(c.config.incoming)},
                        {"outgoing", first_or_null(c.config.outgoing)},
                        {"incoming_alternatives", all_servers(c.config.incoming)},
                        {"outgoing_alternatives", all_servers(c.config.outgoing)},
                        {"password_recipients", std::move(recipients)},
                        {"username", c.username},
                        {"provider", c.config.display_name},
                        {"notes", std::move(notes)}};
}

std::string security_label(autoconfig::SocketType t) {
    switch (t) {
    case autoconfig::SocketType::ssl:
        return "SSL/TLS";
    case autoconfig::SocketType::starttls:
        return "STARTTLS";
    case autoconfig::SocketType::plain:
        return "no encryption";
    }
    return "";
}

void print_server(std::ostream& out, const char* side, const autoconfig::ServerEntry& s) {
    std::string auth;
    for (const auto& a : s.authentication)
        auth += (auth.empty() ? "" : ", ") + a;
    out << "  " << std::left << std::setw(9) << side << std::right << " " << s.type << " "
        << s.hostname << ":" << s.port << "  " << security_label(s.socket_type) << "  user "
        << s.username << (auth.empty() ? "" : "  (" + auth + ")") << "\n";
}

void print_candidate(std::ostream& out, const Candidate& c) {
    out << to_string(c.source) << (c.trusted ? " (trusted)" : " (UNTRUSTED: confirm before use)")
        << "  " << c.origin << "\n";
    for (const auto& s : c.config.incoming)
        print_server(out, "incoming", s);
    for (const auto& s : c.config.outgoing)
        print_server(out, "outgoing", s);
    std::string recipients;
    for (const auto& r : c.password_recipients)
        recipients += (recipients.empty() ? "" : ", ") + r;
    if (!recipients.empty())
        out << "  the password would go to: " << recipients << "\n";
    for (const auto& n : c.notes)
        out << "  note: " << n << "\n";
}

const char* mark(ProgressKind kind) {
    switch (kind) {
    case ProgressKind::started:
        return "\u2026";
    case ProgressKind::found:
        return "\u2713";
    case ProgressKind::not_found:
        return "-";
    case ProgressKind::failed:
        return "\u2717";
    case ProgressKind::cancelled:
        return "\u00b7";
    }
    return " ";
}

} // namespace

int discover_command(const std::vector<std::string>& raw) {
    auto command_line = parse_net_command_line(
        raw, {{"--json", "--offline"}, {"--ispdb-url", "--providers", "--password-file"}}, "EMAIL");
    if (!command_line)
        return usage_error("discover", command_line.error().message);
    const Arguments* args = &command_line->args;
    const NetOptions* net = &command_line->net;

    DiscoverOptions options;
    options.net = *net;
    options.offline = args->flag("--offline");
    if (auto url = args->option("--ispdb-url"))
        options.ispdb_base_url = *url + (url->empty() || url->back() == '/' ? "" : "/");
    auto bundled = load_provider_assets(args->option("--providers"));
    if (!bundled)
        return input_error(bundled.error().message);
    options.bundled = *bundled;
    if (auto file = args->option("--password-file")) {
        auto password = read_password_file(*file);
        if (!password)
            return input_error(password.error().message);
        options.password = *password;
    }
    const bool as_json = args->flag("--json");
    const bool interactive = !as_json && isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
    options.consent = [interactive](const std::string& host, const std::string& reason) {
        if (!interactive)
            return false;
        std::cerr << reason << ".\nSend your user name and password to " << host << "? [y/N] "
                  << std::flush;
        std::string answer;
        std::getline(std::cin, answer);
        return answer == "y" || answer == "Y" || answer == "yes";
    };

    auto progress = [as_json](const ProgressEvent& e) {
        if (as_json)
            return;
        std::cout << "  " << mark(e.kind) << " " << std::left << std::setw(13)
                  << to_string(e.source) << std::right << std::setw(6) << e.elapsed_ms << " ms  "
                  << to_string(e.kind) << (e.detail.empty() ? "" : ": " + e.detail) << std::endl;
    };
    auto result = discover(args->positional[0], options, progress);
    if (!result)
        return input_error(result.error().message);

    if (as_json) {
        json::array candidates, steps;
        for (const auto& c : result->candidates)
            candidates.push_back(candidate_json(c));
        for (const auto& e : result->events)
            steps.push_back(json::object{{"source", to_string(e.source)},
                                         {"event", to_string(e.kind)},
                                         {"detail", e.detail},
                                         {"elapsed_ms", e.elapsed_ms}});
        json::object root{
            {"candidates", std::move(candidates)},
            {"best", result->best ? json::value(*result->best) : json::value(nullptr)},
            {"steps", std::move(steps)},
            {"elapsed_ms", result->elapsed_ms}};
        std::cout << json::serialize(root) << "\n";
    } else {
        std::cout << "\n";
        if (result->best) {
            std::cout << "Best: ";
            print_candidate(std::cout, result->candidates[*result->best]);
            for (std::size_t i = 0; i < result->candidates.size(); ++i)
                if (i != *result->best) {
                    std::cout << "Also found: ";
                    print_candidate(std::cout, result->candidates[i]);
                }
        } else {
            std::cout << "No settings found for " << args->positional[0]
                      << ": enter the servers by hand (maillab dns DOMAIN shows what the domain "
                         "publishes).\n";
        }
        std::cout << "(" << result->elapsed_ms << " ms)\n";
    }
    return result->best ? 0 : 1;
}

} // namespace maillab::cli
