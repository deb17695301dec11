// maillab import FILE [--email ADDRESS] [--json]: the settings in a clientConfig, an Autodiscover
// response or a configuration profile (plain or signed), in one shape.
#include "arguments.hpp"
#include "commands.hpp"
#include "maillab/autoconfig/provider_config.hpp"
#include "maillab/profiles/import.hpp"

#include <boost/json.hpp>
#include <iostream>

namespace maillab::cli {
namespace {

namespace json = boost::json;
namespace ac = maillab::autoconfig;
using profiles::ImportedSettings;

std::string_view security_of(ac::SocketType socket_type) {
    switch (socket_type) {
    case ac::SocketType::ssl:
        return "tls";
    case ac::SocketType::starttls:
        return "starttls";
    case ac::SocketType::plain:
        return "none";
    }
    return "none";
}

json::array strings(const std::vector<std::string>& list) {
    json::array out;
    for (const std::string& text : list) {
        out.emplace_back(text);
    }
    return out;
}

json::array servers_json(const std::vector<ac::ServerEntry>& servers) {
    json::array out;
    for (const ac::ServerEntry& server : servers) {
        out.push_back(json::object{{"protocol", server.type},
                                   {"host", server.hostname},
                                   {"port", server.port},
                                   {"security", security_of(server.socket_type)},
                                   {"auth", strings(server.authentication)},
                                   {"username", server.username}});
    }
    return out;
}

// DESIGN.md's shape, exactly: warnings and signers go to stderr in --json mode.
std::string settings_json(const ImportedSettings& settings) {
    json::object root{{"format", profiles::to_string(settings.format)},
                      {"provider", json::object{{"id", settings.provider_id},
                                                {"display_name", settings.display_name},
                                                {"domains", strings(settings.domains)}}},
                      {"incoming", servers_json(settings.incoming)},
                      {"outgoing", servers_json(settings.outgoing)}};
    return json::serialize(root);
}

std::string_view format_title(profiles::ImportFormat format) {
    switch (format) {
    case profiles::ImportFormat::clientconfig:
        return "clientConfig (Thunderbird autoconfig)";
    case profiles::ImportFormat::autodiscover:
        return "Autodiscover response (Microsoft)";
    case profiles::ImportFormat::mobileconfig:
        return "configuration profile (Apple .mobileconfig)";
    case profiles::ImportFormat::mobileconfig_signed:
        return "signed configuration profile (Apple .mobileconfig, CMS)";
    }
    return "";
}

std::string joined(const std::vector<std::string>& list) {
    std::string out;
    for (const std::string& text : list) {
        out += (out.empty() ? "" : ", ") + text;
    }
    return out;
}

void print_servers(std::ostream& out, const char* title,
                   const std::vector<ac::ServerEntry>& servers) {
    out << title << ":\n";
    if (servers.empty()) {
        out << "  (none)\n";
    }
    int number = 1;
    for (const ac::ServerEntry& server : servers) {
        std::string protocol = server.type;
        for (char& c : protocol) {
            c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
        }
        out << "  " << number++ << ". " << protocol << " " << server.hostname << ":" << server.port
            << "  security " << security_of(server.socket_type) << "  auth "
            << (server.authentication.empty() ? "(not given)" : joined(server.authentication))
            << "  user " << (server.username.empty() ? "(not given)" : server.username) << "\n";
    }
}

void print_text(std::ostream& out, const ImportedSettings& settings) {
    out << "Format: " << format_title(settings.format) << "\n";
    std::string provider = settings.display_name;
    if (!settings.provider_id.empty()) {
        provider += (provider.empty() ? "" : " ") + ("(" + settings.provider_id + ")");
    }
    out << "Provider: " << (provider.empty() ? "(not named)" : provider) << "\n";
    if (!settings.domains.empty()) {
        out << "Domains: " << joined(settings.domains) << "\n";
    }
    print_servers(out, "Incoming", settings.incoming);
    print_servers(out, "Outgoing", settings.outgoing);
    if (settings.outgoing_password_same_as_incoming) {
        out << "Outgoing password same as incoming: "
            << (*settings.outgoing_password_same_as_incoming ? "yes" : "no") << "\n";
    }
    for (const profiles::SignerInfo& signer : settings.signers) {
        out << "Signed by: " << (signer.subject.empty() ? "(unknown)" : signer.subject)
            << (signer.issuer.empty() ? "" : "  issuer " + signer.issuer) << "\n  " << signer.note
            << "\n";
    }
    if (!settings.warnings.empty()) {
        out << "Warnings:\n";
        for (const std::string& warning : settings.warnings) {
            out << "  - " << warning << "\n";
        }
    }
}

} // namespace

int import_command(const std::vector<std::string>& raw) {
    const ArgumentSpec spec{{"--json"}, {"--email"}};
    auto args = parse_arguments(raw, spec);
    if (!args) {
        return usage_error("import", args.error().message);
    }
    if (args->positional.size() != 1) {
        return usage_error("import", "give exactly one FILE");
    }
    const std::string& path = args->positional[0];
    auto bytes = profiles::read_input_file(path, profiles::max_import_bytes);
    if (!bytes) {
        return input_error(bytes.error().message);
    }
    auto settings = profiles::import_settings(*bytes, args->option("--email"));
    if (!settings) {
        return input_error(path + ": " + settings.error().message);
    }
    if (args->flag("--json")) {
        for (const profiles::SignerInfo& signer : settings->signers) {
            std::cerr << "maillab import: signed by " << signer.subject << ": " << signer.note
                      << "\n";
        }
        for (const std::string& warning : settings->warnings) {
            std::cerr << "maillab import: warning: " << warning << "\n";
        }
        std::cout << settings_json(*settings) << "\n";
    } else {
        print_text(std::cout, *settings);
    }
    return 0;
}

} // namespace maillab::cli
