// Autodiscover POX response reader (MS-OXDSCLI, "outlook" response schema 2006a). Elements are
// matched on their local names, so documents with the usual default namespaces, with prefixes or
// with none at all read the same. Values are trimmed; on/off and names compare case-insensitively,
// as Thunderbird's reader does.
#include "maillab/autoconfig/autodiscover.hpp"
#include "maillab/autoconfig/untrusted_xml.hpp"
#include "xml_support.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <pugixml.hpp>

namespace maillab::autoconfig {

namespace {

using detail::child_named;
using detail::equals_ignoring_case;
using detail::has_space_or_control;
using detail::local_name;
using detail::text_of;

std::string quoted(std::string_view value) {
    return detail::quoted(value, 256); // room for a whole URL
}

// The trimmed text of the first child with this local name; nullopt when there is none.
std::optional<std::string> child_text(pugi::xml_node parent, std::string_view name) {
    const pugi::xml_node child = child_named(parent, name);
    if (!child) {
        return std::nullopt;
    }
    return text_of(child);
}

bool is_on(const std::optional<std::string>& text) {
    return text && equals_ignoring_case(*text, "on");
}

std::optional<std::uint16_t> parse_port(std::string_view text) {
    unsigned value = 0;
    const char* const end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value, 10);
    if (text.empty() || ec != std::errc{} || ptr != end || value < 1 || value > 65535) {
        return std::nullopt;
    }
    return static_cast<std::uint16_t>(value);
}

// Thunderbird's rule: SSL "on" does not say whether TLS is implicit or via STARTTLS, so the
// standard plain-text ports mean STARTTLS and every other port implicit TLS.
SocketType socket_type_for_port(std::uint16_t port) {
    switch (port) {
    case 143:
    case 110:
    case 25:
    case 587:
        return SocketType::starttls;
    default:
        return SocketType::ssl;
    }
}

class Reader {
  public:
    explicit Reader(std::string_view xml) : xml_(xml) {}

    Result<AutodiscoverResponse, FormatError> read(const pugi::xml_document& document) {
        const pugi::xml_node root = document.document_element();
        if (local_name(root) != "Autodiscover") {
            return error_at(root, "root element is <" + std::string(root.name()) +
                                      ">, not <Autodiscover>");
        }
        const pugi::xml_node response = child_named(root, "Response");
        if (!response) {
            return error_at(root, "no <Response> in <Autodiscover>");
        }
        if (const pugi::xml_node error = child_named(response, "Error")) {
            return read_error(error);
        }
        const pugi::xml_node account = child_named(response, "Account");
        if (!account) {
            return error_at(response, "no <Account> or <Error> in <Response>");
        }
        if (const pugi::xml_node error = child_named(account, "Error")) {
            return read_error(error);
        }

        const pugi::xml_node action = child_named(account, "Action");
        const std::string action_text = action ? text_of(action) : std::string();
        if (equals_ignoring_case(action_text, "redirectAddr") ||
            (!action && child_named(account, "RedirectAddr"))) {
            return read_redirect_address(account);
        }
        if (equals_ignoring_case(action_text, "redirectUrl") ||
            (!action && child_named(account, "RedirectUrl"))) {
            return read_redirect_url(account);
        }
        if (action && !equals_ignoring_case(action_text, "settings")) {
            return error_at(action, "<Action> " + quoted(action_text) +
                                        " is not settings, redirectAddr or redirectUrl");
        }
        return read_settings(account);
    }

  private:
    std::size_t line_of(pugi::xml_node node) const {
        return line_of_offset(xml_, detail::offset_of(node));
    }

    FormatError error_at(pugi::xml_node node, std::string message) const {
        return FormatError{std::move(message), line_of(node), detail::offset_of(node)};
    }

    void warn(pugi::xml_node node, const std::string& text) {
        warnings_.push_back("line " + std::to_string(line_of(node)) + ": " + text);
    }

    AutodiscoverResponse read_error(pugi::xml_node error) const {
        return AutodiscoverError{child_text(error, "ErrorCode").value_or(""),
                                 child_text(error, "Message").value_or("")};
    }

    Result<AutodiscoverResponse, FormatError> read_redirect_address(pugi::xml_node account) {
        const pugi::xml_node node = child_named(account, "RedirectAddr");
        if (!node) {
            return error_at(account, "<Action> redirectAddr without <RedirectAddr>");
        }
        const std::string address = text_of(node);
        const std::size_t at = address.find('@');
        if (at == std::string::npos || at == 0 || at + 1 == address.size() ||
            address.find('@', at + 1) != std::string::npos || has_space_or_control(address)) {
            return error_at(node, "<RedirectAddr> " + quoted(address) + " is not an email address");
        }
        return AutodiscoverResponse{AutodiscoverRedirectAddress{address}};
    }

    Result<AutodiscoverResponse, FormatError> read_redirect_url(pugi::xml_node account) {
        const pugi::xml_node node = child_named(account, "RedirectUrl");
        if (!node) {
            return error_at(account, "<Action> redirectUrl without <RedirectUrl>");
        }
        const std::string url = text_of(node);
        constexpr std::string_view https = "https://";
        if (url.size() < https.size() ||
            !equals_ignoring_case(std::string_view(url).substr(0, https.size()), https)) {
            return error_at(node, "<RedirectUrl> " + quoted(url) +
                                      " refused: only https URLs are followed");
        }
        const std::string_view rest = std::string_view(url).substr(https.size());
        const std::string_view host = rest.substr(0, rest.find_first_of("/?#"));
        if (host.empty() || has_space_or_control(url)) {
            return error_at(node, "<RedirectUrl> " + quoted(url) + " is not a valid https URL");
        }
        return AutodiscoverResponse{AutodiscoverRedirectUrl{url}};
    }

    Result<AutodiscoverResponse, FormatError> read_settings(pugi::xml_node account) {
        AutodiscoverSettings settings;
        std::vector<std::string> skipped_types;
        for (pugi::xml_node protocol : account.children()) {
            if (protocol.type() != pugi::node_element || local_name(protocol) != "Protocol") {
                continue;
            }
            const std::optional<std::string> type = child_text(protocol, "Type");
            if (!type || type->empty()) {
                warn(protocol, "<Protocol> skipped: no <Type>");
                continue;
            }
            const bool imap = equals_ignoring_case(*type, "IMAP");
            const bool pop3 = equals_ignoring_case(*type, "POP3");
            const bool smtp = equals_ignoring_case(*type, "SMTP");
            if (!imap && !pop3 && !smtp) {
                warn(protocol, "<Protocol> of <Type> " + quoted(*type) +
                                   " skipped: only IMAP, POP3 and SMTP are read");
                skipped_types.push_back(*type);
                continue;
            }
            std::optional<ServerEntry> server = read_server(protocol,
                                                            imap   ? "imap"
                                                            : pop3 ? "pop3"
                                                                   : "smtp",
                                                            settings);
            if (server) {
                (smtp ? settings.config.outgoing : settings.config.incoming)
                    .push_back(std::move(*server));
            }
        }
        if (settings.config.incoming.empty() && settings.config.outgoing.empty()) {
            std::string message = "no usable IMAP, POP3 or SMTP <Protocol> in <Account>";
            if (!skipped_types.empty()) {
                message += " (skipped:";
                for (const std::string& type : skipped_types) {
                    message += " " + quoted(type);
                }
                message += ")";
            }
            if (!warnings_.empty()) {
                message += "; first problem: " + warnings_.front();
            }
            return error_at(account, std::move(message));
        }
        settings.config.warnings = std::move(warnings_);
        return AutodiscoverResponse{std::move(settings)};
    }

    std::optional<ServerEntry> read_server(pugi::xml_node protocol, std::string type,
                                           AutodiscoverSettings& settings) {
        std::string upper = type;
        std::ranges::transform(upper, upper.begin(), [](char c) {
            return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
        });
        const auto drop = [&](const std::string& why) -> std::optional<ServerEntry> {
            warn(protocol, upper + " <Protocol> skipped: " + why);
            return std::nullopt;
        };

        ServerEntry server;
        server.type = std::move(type);
        const std::optional<std::string> host = child_text(protocol, "Server");
        if (!host || host->empty()) {
            return drop("no <Server>");
        }
        if (has_space_or_control(*host)) {
            return drop("<Server> " + quoted(*host) + " contains a space or control character");
        }
        server.hostname = *host;

        const std::optional<std::string> port_text = child_text(protocol, "Port");
        if (!port_text) {
            return drop("no <Port>");
        }
        const std::optional<std::uint16_t> port = parse_port(*port_text);
        if (!port) {
            return drop("<Port> " + quoted(*port_text) +
                        " is not a decimal number from 1 to 65535");
        }
        server.port = *port;

        const std::optional<std::string> ssl = child_text(protocol, "SSL");
        const std::optional<std::string> encryption = child_text(protocol, "Encryption");
        if (ssl && !equals_ignoring_case(*ssl, "on") && !equals_ignoring_case(*ssl, "off")) {
            warn(child_named(protocol, "SSL"),
                 "<SSL> " + quoted(*ssl) + " is not on or off; read as on");
        }
        constexpr std::array<std::string_view, 4> encryption_values{"None", "SSL", "TLS", "Auto"};
        if (encryption && std::ranges::none_of(encryption_values, [&](std::string_view known) {
                return equals_ignoring_case(*encryption, known);
            })) {
            warn(child_named(protocol, "Encryption"),
                 "<Encryption> " + quoted(*encryption) + " is not None, SSL, TLS or Auto");
        }
        const bool plain = (ssl && equals_ignoring_case(*ssl, "off")) ||
                           (encryption && equals_ignoring_case(*encryption, "none"));
        server.socket_type = plain ? SocketType::plain : socket_type_for_port(server.port);

        server.authentication.push_back(is_on(child_text(protocol, "SPA")) ? "password-encrypted"
                                                                           : "password-cleartext");
        const std::optional<std::string> login = child_text(protocol, "LoginName");
        server.username = login && !login->empty() ? *login : "%EMAILADDRESS%";

        if (is_on(child_text(protocol, "DomainRequired"))) {
            settings.domain_required = true;
        }
        if (server.type == "smtp" && is_on(child_text(protocol, "UsePOPAuth"))) {
            settings.smtp_uses_pop_auth = true;
        }
        return server;
    }

    std::string_view xml_;
    std::vector<std::string> warnings_;
};

} // namespace

Result<AutodiscoverResponse, FormatError> parse_autodiscover_response(std::string_view xml) {
    pugi::xml_document document;
    if (auto refused = detail::load_untrusted_xml(document, xml)) {
        return std::move(*refused);
    }
    return Reader(xml).read(document);
}

} // namespace maillab::autoconfig
