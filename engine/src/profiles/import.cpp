// maillab import: detect the format from the content, read it with autoconfig's reader, and bring
// the servers into one shape.
#include "maillab/profiles/import.hpp"

#include "maillab/autoconfig/autodiscover.hpp"
#include "maillab/autoconfig/client_config.hpp"
#include "maillab/autoconfig/mobileconfig.hpp"
#include "maillab/autoconfig/placeholders.hpp"
#include "maillab/model/account.hpp"
#include "maillab/model/validation.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <system_error>
#include <variant>

namespace maillab::profiles {

namespace {

namespace ac = maillab::autoconfig;

enum class Detected { clientconfig, autodiscover, plist, signed_cms, binary_plist, unknown };

struct Detection {
    Detected kind = Detected::unknown;
    std::string detail; // the root element's name, or why there is none
};

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool is_name_end(char c) {
    return is_space(c) || c == '/' || c == '>';
}

// Finds the root element's name by skipping the XML declaration, processing instructions,
// comments and a DOCTYPE (the readers decide later whether a DOCTYPE is acceptable).
Detection detect(std::string_view bytes) {
    if (bytes.starts_with("bplist")) {
        return {Detected::binary_plist, {}};
    }
    if (looks_like_signed_profile(bytes)) {
        return {Detected::signed_cms, {}};
    }
    std::string_view text = bytes;
    if (text.starts_with("\xEF\xBB\xBF")) {
        text.remove_prefix(3);
    }
    while (true) {
        while (!text.empty() && is_space(text.front())) {
            text.remove_prefix(1);
        }
        if (text.empty()) {
            return {Detected::unknown, "no root element"};
        }
        if (text.front() != '<') {
            return {Detected::unknown, "not XML"};
        }
        std::size_t end = std::string_view::npos;
        if (text.starts_with("<?")) {
            end = text.find("?>");
            end = end == std::string_view::npos ? end : end + 2;
        } else if (text.starts_with("<!--")) {
            end = text.find("-->", 4);
            end = end == std::string_view::npos ? end : end + 3;
        } else if (text.starts_with("<!")) {
            const std::size_t bracket = text.find('[');
            const std::size_t close = text.find('>');
            if (bracket != std::string_view::npos && bracket < close) {
                const std::size_t subset_end = text.find(']', bracket);
                end =
                    subset_end == std::string_view::npos ? subset_end : text.find('>', subset_end);
            } else {
                end = close;
            }
            end = end == std::string_view::npos ? end : end + 1;
        } else {
            text.remove_prefix(1);
            std::size_t length = 0;
            while (length < text.size() && length < 256 && !is_name_end(text[length])) {
                ++length;
            }
            std::string_view name = text.substr(0, length);
            if (const std::size_t colon = name.find(':'); colon != std::string_view::npos) {
                name.remove_prefix(colon + 1); // a namespace prefix
            }
            if (name == "clientConfig") {
                return {Detected::clientconfig, std::string(name)};
            }
            if (name == "Autodiscover") {
                return {Detected::autodiscover, std::string(name)};
            }
            if (name == "plist") {
                return {Detected::plist, std::string(name)};
            }
            return {Detected::unknown, "<" + std::string(name) + ">"};
        }
        if (end == std::string_view::npos) {
            return {Detected::unknown, "the XML prolog is not closed"};
        }
        text.remove_prefix(end);
    }
}

std::string describe(const ac::FormatError& error) {
    return error.line > 0 ? "line " + std::to_string(error.line) + ": " + error.message
                          : error.message;
}

std::string_view role_name(const ac::ServerEntry& server) {
    return server.type == "smtp" ? "outgoing" : "incoming";
}

// Passwords never leave the importer; the user learns that the file carried one.
void drop_passwords(std::vector<ac::ServerEntry>& servers, std::vector<std::string>& warnings) {
    for (ac::ServerEntry& server : servers) {
        if (server.password) {
            warnings.push_back("the file holds a password for the " +
                               std::string(role_name(server)) + " server " + server.hostname +
                               "; it is not imported");
            server.password.reset();
        }
    }
}

void add_domain(std::vector<std::string>& domains, std::string domain) {
    std::ranges::transform(domain, domain.begin(), [](char c) {
        return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    });
    if (!domain.empty() && std::ranges::find(domains, domain) == domains.end()) {
        domains.push_back(std::move(domain));
    }
}

std::string domain_of(std::string_view address) {
    const std::size_t at = address.rfind('@');
    return at == std::string_view::npos ? std::string() : std::string(address.substr(at + 1));
}

// --- clientConfig ---------------------------------------------------------------------------

Result<ImportedSettings> from_client_config(std::string_view bytes) {
    auto config = ac::parse_client_config(bytes);
    if (!config) {
        return Error{"clientConfig refused: " + describe(config.error())};
    }
    ImportedSettings settings;
    settings.format = ImportFormat::clientconfig;
    settings.provider_id = config->id;
    settings.display_name = config->display_name;
    settings.domains = config->domains;
    settings.incoming = std::move(config->incoming);
    settings.outgoing = std::move(config->outgoing);
    settings.warnings = std::move(config->warnings);
    return settings;
}

// --- Autodiscover ---------------------------------------------------------------------------

Result<ImportedSettings> from_autodiscover(std::string_view bytes) {
    auto response = ac::parse_autodiscover_response(bytes);
    if (!response) {
        return Error{"Autodiscover response refused: " + describe(response.error())};
    }
    if (const auto* redirect = std::get_if<ac::AutodiscoverRedirectAddress>(&*response)) {
        return Error{"the Autodiscover response holds no settings: it redirects to the address " +
                     redirect->email_address + " (redirectAddr)"};
    }
    if (const auto* redirect = std::get_if<ac::AutodiscoverRedirectUrl>(&*response)) {
        return Error{"the Autodiscover response holds no settings: it redirects to " +
                     redirect->url + " (redirectUrl)"};
    }
    if (const auto* error = std::get_if<ac::AutodiscoverError>(&*response)) {
        return Error{"the Autodiscover response holds no settings: it is error " +
                     error->error_code +
                     (error->message.empty() ? "" : " (" + error->message + ")")};
    }
    auto& found = std::get<ac::AutodiscoverSettings>(*response);
    ImportedSettings settings;
    settings.format = ImportFormat::autodiscover;
    settings.provider_id = found.config.id;
    settings.display_name = found.config.display_name;
    settings.domains = found.config.domains;
    settings.incoming = std::move(found.config.incoming);
    settings.outgoing = std::move(found.config.outgoing);
    settings.warnings = std::move(found.config.warnings);
    if (found.domain_required) {
        settings.warnings.push_back(
            "DomainRequired is on: the user name must be given as DOMAIN\\user");
    }
    if (found.smtp_uses_pop_auth) {
        settings.outgoing_password_same_as_incoming = true;
        settings.warnings.push_back("UsePOPAuth is on: the outgoing server uses the incoming "
                                    "server's user name and password");
    }
    return settings;
}

// --- Apple configuration profiles -----------------------------------------------------------

constexpr std::array<std::uint16_t, 4> starttls_ports{143, 110, 25, 587};

// "Use SSL" as the device applies it (see import.hpp).
ac::SocketType socket_type_of(bool use_ssl, std::uint16_t port) {
    if (!use_ssl) {
        return ac::SocketType::plain;
    }
    return std::ranges::find(starttls_ports, port) != starttls_ports.end()
               ? ac::SocketType::starttls
               : ac::SocketType::ssl;
}

std::vector<std::string> authentication_of(const std::string& method, std::string_view which,
                                           std::vector<std::string>& warnings) {
    constexpr std::array<std::pair<std::string_view, std::string_view>, 5> mapping{{
        {"EmailAuthPassword", "password-cleartext"},
        {"EmailAuthCRAMMD5", "password-encrypted"},
        {"EmailAuthNTLM", "NTLM"},
        {"EmailAuthHTTPMD5", "password-encrypted"}, // the device uses DIGEST-MD5
        {"EmailAuthNone", "none"},
    }};
    for (const auto& [apple, client_config] : mapping) {
        if (method == apple) {
            return {std::string(client_config)};
        }
    }
    if (method.empty()) {
        warnings.push_back(std::string(which) +
                           "MailServerAuthentication is missing: the device uses a password");
        return {"password-cleartext"};
    }
    warnings.push_back(std::string(which) + "MailServerAuthentication \"" + method +
                       "\" is not a known method; left out");
    return {};
}

std::uint16_t incoming_default_port(const ac::MailPayload& mail) {
    const IncomingProtocol protocol =
        mail.account_type == "EmailTypePOP" ? IncomingProtocol::pop3 : IncomingProtocol::imap;
    return default_port(protocol, mail.incoming_use_ssl ? Security::tls : Security::none);
}

// The keys a payload has alike for its incoming and its outgoing server.
struct ServerKeys {
    std::string_view key_prefix; // "Incoming" or "Outgoing"
    std::string_view name;       // "incoming" or "outgoing", for messages
    const std::string& authentication;
    const std::string& username;
    bool use_ssl;
    bool holds_password;
};

// A server's authentication and user name, with the warnings both servers give: no encryption,
// and a password in the profile (never imported).
void read_login(const ServerKeys& keys, const std::string& label, ac::ServerEntry& server,
                std::vector<std::string>& warnings) {
    server.authentication = authentication_of(keys.authentication, keys.key_prefix, warnings);
    server.username = keys.username;
    if (!keys.use_ssl) {
        warnings.push_back(label + ": " + std::string(keys.key_prefix) +
                           "MailServerUseSSL is off: read as no encryption "
                           "(the device may try STARTTLS but does not require it)");
    }
    if (keys.holds_password) {
        warnings.push_back(label + ": the profile holds the " + std::string(keys.name) +
                           " password; it is not imported");
    }
}

void add_payload(const ac::MailPayload& mail, ImportedSettings& settings) {
    std::vector<std::string>& warnings = settings.warnings;
    const std::string label =
        "payload " + (mail.payload_identifier.empty() ? std::string("(no identifier)")
                                                      : mail.payload_identifier);

    ac::ServerEntry incoming;
    incoming.type = mail.account_type == "EmailTypePOP" ? "pop3" : "imap";
    incoming.hostname = mail.incoming_host;
    incoming.port = mail.incoming_port.value_or(incoming_default_port(mail));
    if (!mail.incoming_port) {
        warnings.push_back(label + ": IncomingMailServerPortNumber is missing: the device uses " +
                           std::to_string(incoming.port));
    }
    incoming.socket_type = socket_type_of(mail.incoming_use_ssl, incoming.port);
    read_login({"Incoming", "incoming", mail.incoming_authentication, mail.incoming_username,
                mail.incoming_use_ssl, mail.incoming_password.has_value()},
               label, incoming, warnings);
    settings.incoming.push_back(std::move(incoming));

    ac::ServerEntry outgoing;
    outgoing.type = "smtp";
    outgoing.hostname = mail.outgoing_host;
    read_login({"Outgoing", "outgoing", mail.outgoing_authentication, mail.outgoing_username,
                mail.outgoing_use_ssl, mail.outgoing_password.has_value()},
               label, outgoing, warnings);
    if (mail.outgoing_port) {
        outgoing.port = *mail.outgoing_port;
        outgoing.socket_type = socket_type_of(mail.outgoing_use_ssl, outgoing.port);
        settings.outgoing.push_back(std::move(outgoing));
    } else {
        warnings.push_back(label + ": OutgoingMailServerPortNumber is missing: the device tries "
                                   "ports 25, 587 and 465 in that order");
        for (const std::uint16_t port :
             {std::uint16_t{25}, std::uint16_t{587}, std::uint16_t{465}}) {
            ac::ServerEntry tried = outgoing;
            tried.port = port;
            tried.socket_type = socket_type_of(mail.outgoing_use_ssl, port);
            settings.outgoing.push_back(std::move(tried));
        }
    }
    settings.outgoing_password_same_as_incoming =
        settings.outgoing_password_same_as_incoming.value_or(false) ||
        mail.outgoing_password_same_as_incoming;
    add_domain(settings.domains, domain_of(mail.email_address));
}

Result<ImportedSettings> from_mobileconfig(std::string_view bytes, ImportFormat format) {
    auto profile = ac::parse_mobileconfig(bytes);
    if (!profile) {
        return Error{"configuration profile refused: " + describe(profile.error())};
    }
    ImportedSettings settings;
    settings.format = format;
    settings.provider_id = profile->identifier;
    settings.display_name = profile->display_name;
    settings.warnings = std::move(profile->warnings);
    for (const ac::MailPayload& mail : profile->mail) {
        add_payload(mail, settings);
    }
    return settings;
}

Result<ImportedSettings> from_signed(std::string_view bytes) {
    auto unwrapped = unwrap_signed_profile(bytes);
    if (!unwrapped) {
        return Error{unwrapped.error().message};
    }
    const Detection inner = detect(unwrapped->content);
    if (inner.kind != Detected::plist) {
        return Error{
            "the signed profile does not hold an XML property list (" +
            (inner.kind == Detected::binary_plist ? std::string("a binary plist") : inner.detail) +
            ")"};
    }
    auto settings = from_mobileconfig(unwrapped->content, ImportFormat::mobileconfig_signed);
    if (!settings) {
        return settings;
    }
    for (const SignerInfo& signer : unwrapped->signers) {
        if (!signer.signature_verified) {
            settings->warnings.push_back("signed by " +
                                         (signer.subject.empty()
                                              ? "an unknown signer (issuer " + signer.issuer + ")"
                                              : signer.subject) +
                                         ": " + signer.note);
        }
    }
    settings->signers = std::move(unwrapped->signers);
    return settings;
}

void expand(std::vector<ac::ServerEntry>& servers, const ac::AddressParts& parts) {
    for (ac::ServerEntry& server : servers) {
        server.hostname = ac::expand_placeholders(server.hostname, parts);
        server.username = ac::expand_placeholders(server.username, parts);
    }
}

} // namespace

std::string_view to_string(ImportFormat format) {
    switch (format) {
    case ImportFormat::clientconfig:
        return "clientconfig";
    case ImportFormat::autodiscover:
        return "autodiscover";
    case ImportFormat::mobileconfig:
        return "mobileconfig";
    case ImportFormat::mobileconfig_signed:
        return "mobileconfig-signed";
    }
    return "unknown";
}

Result<ImportedSettings> import_settings(std::string_view bytes,
                                         const std::optional<std::string>& email) {
    std::optional<EmailAddress> address;
    if (email) {
        auto parsed = parse_email_address(*email);
        if (!parsed) {
            return Error{"--email: " + parsed.error().message};
        }
        address = std::move(*parsed);
    }
    if (bytes.size() > max_import_bytes) {
        return Error{"the file is " + std::to_string(bytes.size()) +
                     " bytes: larger than the 1 MiB limit for imported settings"};
    }
    if (bytes.empty()) {
        return Error{"the file is empty"};
    }

    const Detection detection = detect(bytes);
    Result<ImportedSettings> settings = Error{};
    switch (detection.kind) {
    case Detected::clientconfig:
        settings = from_client_config(bytes);
        break;
    case Detected::autodiscover:
        settings = from_autodiscover(bytes);
        break;
    case Detected::plist:
        settings = from_mobileconfig(bytes, ImportFormat::mobileconfig);
        break;
    case Detected::signed_cms:
        settings = from_signed(bytes);
        break;
    case Detected::binary_plist:
        return Error{"the file is a binary property list: convert it to XML first (for example "
                     "plutil -convert xml1 FILE)"};
    case Detected::unknown:
        return Error{"unknown format (" + detection.detail +
                     "): expected a clientConfig, an Autodiscover response or a configuration "
                     "profile (.mobileconfig, plain or signed)"};
    }
    if (!settings) {
        return settings;
    }
    drop_passwords(settings->incoming, settings->warnings);
    drop_passwords(settings->outgoing, settings->warnings);
    if (address) {
        const std::string full = address->local_part + "@" + address->ascii_domain;
        const ac::AddressParts parts{full, address->local_part, address->ascii_domain};
        expand(settings->incoming, parts);
        expand(settings->outgoing, parts);
        if (settings->domains.empty()) {
            settings->domains.push_back(address->ascii_domain);
        }
    }
    return settings;
}

Result<std::string> read_input_file(const std::filesystem::path& path, std::size_t max_bytes) {
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (error || !std::filesystem::exists(status)) {
        return Error{"cannot read " + path.string() + ": no such file"};
    }
    if (!std::filesystem::is_regular_file(status)) {
        return Error{"cannot read " + path.string() + ": not a regular file"};
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return Error{"cannot read " + path.string()};
    }
    std::string data;
    data.resize(max_bytes + 1);
    in.read(data.data(), static_cast<std::streamsize>(data.size()));
    data.resize(static_cast<std::size_t>(in.gcount()));
    if (data.size() > max_bytes) {
        return Error{path.string() + " is larger than " +
                     (max_bytes % (1024 * 1024) == 0
                          ? std::to_string(max_bytes / (1024 * 1024)) + " MiB"
                          : std::to_string(max_bytes) + " bytes")};
    }
    return data;
}

} // namespace maillab::profiles
