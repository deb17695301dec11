// maillab export: an account as clientConfig, configuration profile, Autodiscover response or
// SRV records. Passwords are never copied into any of them.
#include "maillab/profiles/export.hpp"

#include "maillab/autoconfig/autodiscover.hpp"
#include "maillab/autoconfig/client_config.hpp"
#include "maillab/model/validation.hpp"

#include <algorithm>
#include <array>

namespace maillab::profiles {

namespace {

namespace ac = maillab::autoconfig;

constexpr std::array<std::pair<ExportFormat, std::string_view>, 4> format_names{{
    {ExportFormat::clientconfig, "clientconfig"},
    {ExportFormat::mobileconfig, "mobileconfig"},
    {ExportFormat::autodiscover, "autodiscover"},
    {ExportFormat::srv, "srv"},
}};

std::string lower(std::string text) {
    std::ranges::transform(text, text.begin(), [](char c) {
        return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    });
    return text;
}

// The address's domain in ASCII (what DNS and host names use), else as written.
std::string domain_of(const Account& account) {
    if (auto address = parse_email_address(account.email)) {
        return lower(address->ascii_domain);
    }
    const std::size_t at = account.email.rfind('@');
    return at == std::string::npos ? std::string() : lower(account.email.substr(at + 1));
}

ac::SocketType socket_type_of(Security security) {
    switch (security) {
    case Security::tls:
        return ac::SocketType::ssl;
    case Security::starttls:
        return ac::SocketType::starttls;
    case Security::none:
        return ac::SocketType::plain;
    }
    return ac::SocketType::ssl;
}

std::string client_config_authentication(AuthMethod method) {
    switch (method) {
    case AuthMethod::password:
        return "password-cleartext";
    case AuthMethod::cram_md5:
    case AuthMethod::http_md5_digest: // DIGEST-MD5 on the device; clientConfig has no own value
        return "password-encrypted";
    case AuthMethod::ntlm:
        return "NTLM";
    case AuthMethod::none:
        return "none";
    }
    return "password-cleartext";
}

std::string apple_authentication(AuthMethod method) {
    switch (method) {
    case AuthMethod::password:
        return "EmailAuthPassword";
    case AuthMethod::cram_md5:
        return "EmailAuthCRAMMD5";
    case AuthMethod::ntlm:
        return "EmailAuthNTLM";
    case AuthMethod::http_md5_digest:
        return "EmailAuthHTTPMD5";
    case AuthMethod::none:
        return "EmailAuthNone";
    }
    return "EmailAuthPassword";
}

ac::ServerEntry server_entry(std::string type, const ServerSettings& server) {
    ac::ServerEntry entry;
    entry.type = std::move(type);
    entry.hostname = server.host;
    entry.port = server.port;
    entry.socket_type = socket_type_of(server.security);
    entry.authentication = {client_config_authentication(server.auth)};
    entry.username = server.username;
    return entry; // never the password
}

std::vector<const SmtpServer*> exported_smtp(const Account& account) {
    std::vector<const SmtpServer*> servers{&account.primary_smtp};
    for (const SmtpServer& other : account.other_smtp) {
        if (other.enabled) {
            servers.push_back(&other);
        }
    }
    return servers;
}

void note_disabled_smtp(const Account& account, std::vector<std::string>& warnings) {
    if (!account.primary_smtp.enabled) {
        warnings.push_back("the primary SMTP server " + account.primary_smtp.server.host +
                           " is off on the device; exported anyway");
    }
    for (const SmtpServer& other : account.other_smtp) {
        if (!other.enabled) {
            warnings.push_back("the other SMTP server " + other.server.host + " is off: left out");
        }
    }
}

// Readers that decide STARTTLS vs TLS by port (a profile's "Use SSL", Autodiscover's <SSL>)
// read these pairs back the other way.
void note_port_rule(const ServerSettings& server, std::string_view role, std::string_view format,
                    std::vector<std::string>& warnings) {
    constexpr std::array<std::uint16_t, 4> starttls_ports{143, 110, 25, 587};
    const bool starttls_port =
        std::ranges::find(starttls_ports, server.port) != starttls_ports.end();
    const std::string where =
        std::string(role) + " server " + server.host + ":" + std::to_string(server.port) + ": ";
    if (server.security == Security::tls && starttls_port) {
        warnings.push_back(where + "implicit TLS on a STARTTLS port: a " + std::string(format) +
                           " reader takes it as STARTTLS");
    } else if (server.security == Security::starttls && !starttls_port) {
        warnings.push_back(where + "STARTTLS on port " + std::to_string(server.port) + ": a " +
                           std::string(format) + " reader takes it as implicit TLS");
    }
}

std::string identifier_part(std::string_view text) {
    std::string out;
    for (const char c : text) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '-' || c == '.';
        out += keep ? c : '-';
    }
    return out;
}

bool is_ip_literal(std::string_view host) {
    return host.find(':') != std::string_view::npos ||
           (!host.empty() &&
            std::ranges::all_of(host, [](char c) { return (c >= '0' && c <= '9') || c == '.'; }));
}

std::string absolute(std::string name) {
    name = lower(std::move(name));
    if (name.empty() || name.back() != '.') {
        name += '.';
    }
    return name;
}

} // namespace

std::string_view to_string(ExportFormat format) {
    for (const auto& [value, name] : format_names) {
        if (value == format) {
            return name;
        }
    }
    return {};
}

std::optional<ExportFormat> parse_export_format(std::string_view text) {
    for (const auto& [value, name] : format_names) {
        if (name == text) {
            return value;
        }
    }
    return std::nullopt;
}

ac::ProviderConfig account_to_provider_config(const Account& account) {
    ac::ProviderConfig config;
    const std::string domain = domain_of(account);
    config.id = domain;
    if (!domain.empty()) {
        config.domains.push_back(domain);
    }
    config.display_name = account.description.empty() ? domain : account.description;

    ac::ServerEntry incoming =
        server_entry(std::string(to_string(account.incoming.protocol)), account.incoming.server);
    if (account.incoming.protocol == IncomingProtocol::pop3) {
        // clientConfig has "leave on server" and "for N days"; not "delete when removed".
        incoming.pop3.leave_messages_on_server =
            account.incoming.pop_delete != PopDeletePolicy::when_removed_from_inbox;
        if (account.incoming.pop_delete == PopDeletePolicy::after_seven_days) {
            incoming.pop3.days_to_leave_messages_on_server = 7;
        }
    }
    config.incoming.push_back(std::move(incoming));
    for (const SmtpServer* smtp : exported_smtp(account)) {
        config.outgoing.push_back(server_entry("smtp", smtp->server));
    }
    return config;
}

ac::Profile account_to_profile(const Account& account) {
    ac::Profile profile;
    const std::string title = account.description.empty() ? account.email : account.description;
    profile.display_name = title;
    profile.identifier = "org.maillab.profile." + identifier_part(account.email);

    ac::MailPayload mail;
    mail.account_description = title;
    mail.account_name = account.name;
    mail.account_type =
        account.incoming.protocol == IncomingProtocol::pop3 ? "EmailTypePOP" : "EmailTypeIMAP";
    mail.email_address = account.email;

    const ServerSettings& in = account.incoming.server;
    mail.incoming_host = in.host;
    mail.incoming_port = in.port;
    mail.incoming_use_ssl = in.security != Security::none;
    mail.incoming_authentication = apple_authentication(in.auth);
    mail.incoming_username = in.username;
    if (account.incoming.protocol == IncomingProtocol::imap) {
        mail.incoming_imap_path_prefix = account.incoming.imap_path_prefix;
    }

    const ServerSettings& out = account.primary_smtp.server;
    mail.outgoing_host = out.host;
    mail.outgoing_port = out.port;
    mail.outgoing_use_ssl = out.security != Security::none;
    mail.outgoing_authentication = apple_authentication(out.auth);
    mail.outgoing_username = out.username;
    mail.outgoing_password_same_as_incoming = account.outgoing_password_same_as_incoming;
    // incoming_password / outgoing_password stay empty: profiles from maillab carry none.
    profile.mail.push_back(std::move(mail));
    return profile;
}

std::string account_to_srv_records(const Account& account, std::vector<std::string>* warnings) {
    std::vector<std::string> ignored;
    std::vector<std::string>& notes = warnings != nullptr ? *warnings : ignored;
    const std::string domain = absolute(domain_of(account));

    std::vector<std::string> lines;
    auto add = [&](std::string_view service, int priority, const ServerSettings& server) {
        if (is_ip_literal(server.host)) {
            notes.push_back("server " + server.host +
                            " is an IP address: an SRV target must be a host name");
        }
        const std::string line = std::string(service) + "._tcp." + domain + " 3600 IN SRV " +
                                 std::to_string(priority) + " 1 " + std::to_string(server.port) +
                                 " " + absolute(server.host);
        if (std::ranges::find(lines, line) == lines.end()) {
            lines.push_back(line);
        }
    };

    const ServerSettings& in = account.incoming.server;
    const bool pop3 = account.incoming.protocol == IncomingProtocol::pop3;
    if (in.security == Security::tls) {
        add(pop3 ? "_pop3s" : "_imaps", 0, in);
    } else {
        add(pop3 ? "_pop3" : "_imap", 0, in);
        if (in.security == Security::none) {
            notes.push_back("incoming server " + in.host + " uses no TLS: the " +
                            std::string(pop3 ? "_pop3" : "_imap") +
                            " record cannot say so; clients will try STARTTLS");
        }
    }

    int priority = 0;
    for (const SmtpServer* smtp : exported_smtp(account)) {
        const ServerSettings& server = smtp->server;
        add(server.security == Security::tls ? "_submissions" : "_submission", priority, server);
        if (server.security == Security::none) {
            notes.push_back("SMTP server " + server.host +
                            " uses no TLS: the _submission record cannot say so; clients will "
                            "try STARTTLS");
        }
        priority += 10;
    }

    std::string out = "; SRV records (RFC 6186, RFC 8314) for " + domain + " from maillab export\n";
    for (const std::string& line : lines) {
        out += line + "\n";
    }
    return out;
}

Result<ExportedFile> export_account(const Account& account, ExportFormat format) {
    ExportedFile file;
    const std::string domain = domain_of(account);
    if (domain.empty()) {
        return Error{"email: \"" + account.email + "\" has no domain to export settings for"};
    }
    switch (format) {
    case ExportFormat::clientconfig:
        note_disabled_smtp(account, file.warnings);
        file.text = ac::write_client_config(account_to_provider_config(account));
        break;
    case ExportFormat::mobileconfig:
        if (!account.primary_smtp.enabled) {
            file.warnings.push_back("the primary SMTP server " + account.primary_smtp.server.host +
                                    " is off on the device; exported anyway");
        }
        for (const SmtpServer& other : account.other_smtp) {
            file.warnings.push_back("other SMTP server " + other.server.host +
                                    " left out: a mail payload has one outgoing server");
        }
        note_port_rule(account.incoming.server, "incoming", "profile", file.warnings);
        note_port_rule(account.primary_smtp.server, "outgoing", "profile", file.warnings);
        file.text = ac::write_mobileconfig(account_to_profile(account));
        break;
    case ExportFormat::autodiscover: {
        note_disabled_smtp(account, file.warnings);
        const ac::ProviderConfig config = account_to_provider_config(account);
        note_port_rule(account.incoming.server, "incoming", "Autodiscover", file.warnings);
        for (const SmtpServer* smtp : exported_smtp(account)) {
            note_port_rule(smtp->server, "outgoing", "Autodiscover", file.warnings);
            if (smtp->server.auth == AuthMethod::cram_md5 ||
                smtp->server.auth == AuthMethod::http_md5_digest) {
                file.warnings.push_back("outgoing server " + smtp->server.host + ": " +
                                        std::string(iphone_label(smtp->server.auth)) +
                                        " has no Autodiscover value; written as SPA on");
            }
        }
        if (account.incoming.server.auth == AuthMethod::cram_md5 ||
            account.incoming.server.auth == AuthMethod::http_md5_digest) {
            file.warnings.push_back("incoming server " + account.incoming.server.host + ": " +
                                    std::string(iphone_label(account.incoming.server.auth)) +
                                    " has no Autodiscover value; written as SPA on");
        }
        for (const auto* servers : {&config.incoming, &config.outgoing}) {
            for (const ac::ServerEntry& server : *servers) {
                if (server.username.empty()) {
                    file.warnings.push_back(server.type + " server " + server.hostname +
                                            ": no user name; an Autodiscover reader takes the "
                                            "email address instead");
                }
            }
        }
        file.text = ac::write_autodiscover_response(config, account.email);
        break;
    }
    case ExportFormat::srv:
        note_disabled_smtp(account, file.warnings);
        file.text = account_to_srv_records(account, &file.warnings);
        break;
    }
    return file;
}

} // namespace maillab::profiles
