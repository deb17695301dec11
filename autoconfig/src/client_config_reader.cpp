// Thunderbird clientConfig v1.1 reader. Every value is read from the element text with whitespace
// trimmed; numbers go through std::from_chars (never pugixml's as_int, which accepts hex and
// clamps). An invalid server drops that server only; ignored values leave a warning naming a line.
#include "maillab/autoconfig/client_config.hpp"
#include "xml_support.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <limits>
#include <pugixml.hpp>

namespace maillab::autoconfig {

namespace {

using detail::ascii_lower;
using detail::equals_ignoring_case;
using detail::quoted;
using detail::text_of;
using detail::trim_xml_space;

std::string lower(std::string_view text) {
    std::string out(text);
    std::ranges::transform(out, out.begin(), ascii_lower);
    return out;
}

std::string attribute_of(pugi::xml_node node, const char* name) {
    return std::string(trim_xml_space(node.attribute(name).value()));
}

std::string_view name_of(pugi::xml_node node) {
    return node.name();
}

// Decimal digits only: no sign, no hex, no trailing bytes.
template <class Int> std::optional<Int> parse_decimal(std::string_view text, Int min, Int max) {
    if (text.empty()) {
        return std::nullopt;
    }
    unsigned long long value = 0;
    const char* const end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value, 10);
    if (ec != std::errc{} || ptr != end || value < static_cast<unsigned long long>(min) ||
        value > static_cast<unsigned long long>(max)) {
        return std::nullopt;
    }
    return static_cast<Int>(value);
}

std::optional<bool> parse_bool(std::string_view text) {
    if (equals_ignoring_case(text, "true")) {
        return true;
    }
    if (equals_ignoring_case(text, "false")) {
        return false;
    }
    return std::nullopt;
}

// Known authentication values, spelled as the model stores them; matched case-insensitively.
constexpr std::array<std::string_view, 11> known_authentication{
    "password-cleartext",
    "password-encrypted",
    "NTLM",
    "GSSAPI",
    "client-IP-address",
    "TLS-client-cert",
    "OAuth2",
    "none",
    "smtp-after-pop",
    "plain",
    "secure", // deprecated aliases, kept as written
};

std::optional<std::string> known_authentication_value(std::string_view text) {
    for (const std::string_view known : known_authentication) {
        if (equals_ignoring_case(text, known)) {
            return std::string(known);
        }
    }
    return std::nullopt;
}

class Reader {
  public:
    explicit Reader(std::string_view xml) : xml_(xml) {}

    Result<ProviderConfig, FormatError> read(const pugi::xml_document& document) {
        const pugi::xml_node root = document.document_element();
        if (name_of(root) != "clientConfig") {
            return error_at(root, "root element is <" + std::string(name_of(root)) +
                                      ">, not <clientConfig>");
        }
        if (!root.child("emailProvider")) {
            return error_at(root, "no <emailProvider> in <clientConfig>");
        }
        bool provider_seen = false;
        for (pugi::xml_node child : root.children()) {
            if (child.type() != pugi::node_element) {
                continue;
            }
            const std::string_view name = name_of(child);
            if (name == "emailProvider") {
                if (provider_seen) {
                    warn(child, "duplicate <emailProvider> ignored");
                    continue;
                }
                provider_seen = true;
                read_provider(child);
            } else if (name == "oAuth2") {
                read_oauth2(child);
            } else if (name == "enable") {
                read_enable(child);
            }
        }
        config_.warnings = std::move(warnings_);
        return std::move(config_);
    }

  private:
    std::size_t line_of(pugi::xml_node node) {
        const std::ptrdiff_t offset = node.offset_debug();
        if (offset < 0) {
            return 0;
        }
        if (newlines_.empty()) {
            for (std::size_t i = 0; i < xml_.size(); ++i) {
                if (xml_[i] == '\n') {
                    newlines_.push_back(i);
                }
            }
            newlines_.push_back(std::numeric_limits<std::size_t>::max());
        }
        const auto it = std::ranges::lower_bound(newlines_, static_cast<std::size_t>(offset));
        return 1 + static_cast<std::size_t>(it - newlines_.begin());
    }

    FormatError error_at(pugi::xml_node node, std::string message) {
        const std::ptrdiff_t offset = node.offset_debug();
        return FormatError{std::move(message), line_of(node),
                           offset < 0 ? 0 : static_cast<std::size_t>(offset)};
    }

    std::string at(pugi::xml_node node) { return "line " + std::to_string(line_of(node)) + ": "; }

    void warn(pugi::xml_node node, const std::string& text) {
        warnings_.push_back(at(node) + text);
    }

    // First occurrence wins; a later one is ignored with a warning. True when `node` is the first.
    bool first(pugi::xml_node node, bool already_seen, std::vector<std::string>& warnings) {
        if (already_seen) {
            warnings.push_back(at(node) + "duplicate <" + std::string(name_of(node)) + "> ignored");
        }
        return !already_seen;
    }
    bool first(pugi::xml_node node, bool already_seen) {
        return first(node, already_seen, warnings_);
    }

    void read_provider(pugi::xml_node provider) {
        config_.id = attribute_of(provider, "id");
        bool display_name_seen = false;
        bool display_short_name_seen = false;
        for (pugi::xml_node child : provider.children()) {
            if (child.type() != pugi::node_element) {
                continue;
            }
            const std::string_view name = name_of(child);
            if (name == "domain") {
                read_domain(child);
            } else if (name == "displayName") {
                if (first(child, display_name_seen)) {
                    config_.display_name = text_of(child);
                }
                display_name_seen = true;
            } else if (name == "displayShortName") {
                if (first(child, display_short_name_seen)) {
                    config_.display_short_name = text_of(child);
                }
                display_short_name_seen = true;
            } else if (name == "incomingServer") {
                if (auto server = read_server(child, true)) {
                    config_.incoming.push_back(std::move(*server));
                }
            } else if (name == "outgoingServer") {
                if (auto server = read_server(child, false)) {
                    config_.outgoing.push_back(std::move(*server));
                }
            } else if (name == "documentation") {
                read_documentation(child);
            } else if (name == "enable") {
                read_enable(child);
            } else if (name == "oAuth2") {
                read_oauth2(child);
            }
        }
    }

    void read_domain(pugi::xml_node node) {
        std::string domain = lower(text_of(node));
        if (domain.empty()) {
            warn(node, "empty <domain> ignored");
            return;
        }
        if (std::ranges::find(config_.domains, domain) == config_.domains.end()) {
            config_.domains.push_back(std::move(domain));
        }
    }

    std::vector<LocalizedText> read_localized(pugi::xml_node parent, std::string_view element) {
        std::vector<LocalizedText> texts;
        for (pugi::xml_node child : parent.children()) {
            if (child.type() == pugi::node_element && name_of(child) == element) {
                texts.push_back(LocalizedText{attribute_of(child, "lang"), text_of(child)});
            }
        }
        return texts;
    }

    void read_documentation(pugi::xml_node node) {
        config_.documentation.push_back(
            Documentation{attribute_of(node, "url"), read_localized(node, "descr")});
    }

    void read_enable(pugi::xml_node node) {
        config_.enable.push_back(
            EnableInstruction{attribute_of(node, "visiturl"), read_localized(node, "instruction")});
    }

    void read_oauth2(pugi::xml_node node) {
        if (!first(node, config_.oauth2.has_value())) {
            return;
        }
        OAuth2Settings settings;
        for (pugi::xml_node child : node.children()) {
            if (child.type() != pugi::node_element) {
                continue;
            }
            const std::string_view name = name_of(child);
            if (name == "issuer") {
                settings.issuer = text_of(child);
            } else if (name == "scope") {
                settings.scope = text_of(child);
            } else if (name == "authURL") {
                settings.auth_url = text_of(child);
            } else if (name == "tokenURL") {
                settings.token_url = text_of(child);
            }
        }
        config_.oauth2 = std::move(settings);
    }

    std::optional<bool> read_bool(pugi::xml_node node, std::vector<std::string>& warnings) {
        const std::string text = text_of(node);
        const std::optional<bool> value = parse_bool(text);
        if (!value) {
            warnings.push_back(at(node) + "<" + std::string(name_of(node)) + "> " + quoted(text) +
                               " ignored: not true or false");
        }
        return value;
    }

    std::optional<int> read_count(pugi::xml_node node, std::string_view text, std::string_view what,
                                  std::vector<std::string>& warnings) {
        const std::optional<int> value =
            parse_decimal<int>(trim_xml_space(text), 0, std::numeric_limits<int>::max());
        if (!value) {
            warnings.push_back(at(node) + std::string(what) + " " + quoted(trim_xml_space(text)) +
                               " ignored: not a decimal number");
        }
        return value;
    }

    void read_pop3(pugi::xml_node node, Pop3Options& pop3, std::vector<std::string>& warnings) {
        for (pugi::xml_node child : node.children()) {
            if (child.type() != pugi::node_element) {
                continue;
            }
            const std::string_view name = name_of(child);
            if (name == "leaveMessagesOnServer") {
                if (first(child, pop3.leave_messages_on_server.has_value(), warnings)) {
                    pop3.leave_messages_on_server = read_bool(child, warnings);
                }
            } else if (name == "downloadOnBiff") {
                if (first(child, pop3.download_on_biff.has_value(), warnings)) {
                    pop3.download_on_biff = read_bool(child, warnings);
                }
            } else if (name == "daysToLeaveMessagesOnServer") {
                if (first(child, pop3.days_to_leave_messages_on_server.has_value(), warnings)) {
                    pop3.days_to_leave_messages_on_server = read_count(
                        child, text_of(child), "<daysToLeaveMessagesOnServer>", warnings);
                }
            } else if (name == "checkInterval") {
                if (first(child, pop3.check_interval_minutes.has_value(), warnings)) {
                    pop3.check_interval_minutes =
                        read_count(child, child.attribute("minutes").value(),
                                   "<checkInterval minutes>", warnings);
                }
            }
        }
    }

    struct Slot {
        std::optional<std::string> text;
        void take(Reader& reader, pugi::xml_node node, std::vector<std::string>& warnings) {
            if (reader.first(node, text.has_value(), warnings)) {
                text = text_of(node);
            }
        }
    };

    std::optional<ServerEntry> read_server(pugi::xml_node node, bool incoming) {
        const std::string element = incoming ? "incomingServer" : "outgoingServer";
        const auto drop = [&](const std::string& why) -> std::optional<ServerEntry> {
            warn(node, element + " dropped: " + why);
            return std::nullopt;
        };

        const pugi::xml_attribute type_attribute = node.attribute("type");
        if (!type_attribute) {
            return drop("missing type attribute");
        }
        ServerEntry server;
        server.type = lower(trim_xml_space(type_attribute.value()));
        const bool supported =
            incoming ? (server.type == "imap" || server.type == "pop3") : server.type == "smtp";
        if (!supported) {
            return drop("type " + quoted(trim_xml_space(type_attribute.value())) +
                        (incoming ? " is not supported (only imap and pop3)"
                                  : " is not supported (only smtp)"));
        }

        // Warnings about values inside this server; kept only if the server is.
        std::vector<std::string> warnings;
        Slot hostname;
        Slot port;
        Slot socket_type;
        Slot username;
        Slot password;
        bool use_global_seen = false;
        bool add_this_seen = false;
        for (pugi::xml_node child : node.children()) {
            if (child.type() != pugi::node_element) {
                continue;
            }
            const std::string_view name = name_of(child);
            if (name == "hostname") {
                hostname.take(*this, child, warnings);
            } else if (name == "port") {
                port.take(*this, child, warnings);
            } else if (name == "socketType") {
                socket_type.take(*this, child, warnings);
            } else if (name == "username") {
                username.take(*this, child, warnings);
            } else if (name == "password") {
                if (first(child, password.text.has_value(), warnings)) {
                    // A secret is kept verbatim, surrounding whitespace included.
                    password.text = detail::raw_text_of(child);
                }
            } else if (name == "authentication") {
                const std::string text = text_of(child);
                if (auto value = known_authentication_value(text)) {
                    server.authentication.push_back(std::move(*value));
                } else {
                    warnings.push_back(at(child) + "<authentication> " + quoted(text) +
                                       " ignored: not a known method");
                }
            } else if (name == "pop3" && incoming) {
                read_pop3(child, server.pop3, warnings);
            } else if (name == "useGlobalPreferredServer" && !incoming) {
                if (first(child, use_global_seen, warnings)) {
                    server.use_global_preferred_server = read_bool(child, warnings);
                }
                use_global_seen = true;
            } else if (name == "addThisServer" && !incoming) {
                if (first(child, add_this_seen, warnings)) {
                    server.add_this_server = read_bool(child, warnings);
                }
                add_this_seen = true;
            }
        }

        if (!hostname.text) {
            return drop("missing <hostname>");
        }
        if (hostname.text->empty()) {
            return drop("empty <hostname>");
        }
        if (detail::has_space_or_control(*hostname.text)) {
            return drop("<hostname> " + quoted(*hostname.text) +
                        " contains a space or control character");
        }
        server.hostname = std::move(*hostname.text);

        if (!port.text) {
            return drop("missing <port>");
        }
        const auto port_number = parse_decimal<std::uint16_t>(*port.text, 1, 65535);
        if (!port_number) {
            return drop("<port> " + quoted(*port.text) +
                        " is not a decimal number from 1 to 65535");
        }
        server.port = *port_number;

        if (!socket_type.text) {
            return drop("missing <socketType>");
        }
        const auto parsed_socket_type = parse_socket_type(*socket_type.text);
        if (!parsed_socket_type) {
            return drop("<socketType> " + quoted(*socket_type.text) +
                        " is not plain, SSL or STARTTLS");
        }
        server.socket_type = *parsed_socket_type;

        server.username = username.text.value_or("");
        server.password = std::move(password.text);
        warnings_.insert(warnings_.end(), warnings.begin(), warnings.end());
        return server;
    }

    std::string_view xml_;
    std::vector<std::size_t> newlines_;
    std::vector<std::string> warnings_;
    ProviderConfig config_;
};

} // namespace

Result<ProviderConfig, FormatError> parse_client_config(std::string_view xml) {
    pugi::xml_document document;
    if (auto refused = detail::load_untrusted_xml(document, xml)) {
        return std::move(*refused);
    }
    return Reader(xml).read(document);
}

} // namespace maillab::autoconfig
