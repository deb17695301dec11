// What a provider says about its servers, as Thunderbird's clientConfig v1.1 carries it: every
// incoming and outgoing server in document order (the first is preferred), placeholders kept.
#pragma once

#include "maillab/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace maillab::autoconfig {

enum class SocketType { plain, ssl, starttls }; // "plain", "SSL" (implicit TLS), "STARTTLS"
std::string_view to_string(SocketType socket_type);
std::optional<SocketType> parse_socket_type(std::string_view text); // case-insensitive

struct Pop3Options {
    std::optional<bool> leave_messages_on_server;
    std::optional<bool> download_on_biff;
    std::optional<int> days_to_leave_messages_on_server;
    std::optional<int> check_interval_minutes;
    bool operator==(const Pop3Options&) const = default;
};

struct ServerEntry {
    std::string type;     // "imap", "pop3" or "smtp" (lower case)
    std::string hostname; // may hold %EMAILDOMAIN% etc.
    std::uint16_t port = 0;
    SocketType socket_type = SocketType::plain;
    // Known authentication values in file order: password-cleartext, password-encrypted, NTLM,
    // GSSAPI, client-IP-address, TLS-client-cert, OAuth2, none, smtp-after-pop. The deprecated
    // aliases "plain" and "secure" are kept as written.
    std::vector<std::string> authentication;
    std::string username; // may hold %EMAILADDRESS% etc.; empty when the file has none
    std::optional<std::string> password;
    Pop3Options pop3;                                  // incoming POP3 only
    std::optional<bool> use_global_preferred_server;   // outgoing only
    std::optional<bool> add_this_server;               // outgoing only
    bool operator==(const ServerEntry&) const = default;
};

struct LocalizedText {
    std::string lang; // may be empty
    std::string text;
    bool operator==(const LocalizedText&) const = default;
};

struct Documentation {
    std::string url;
    std::vector<LocalizedText> descriptions;
    bool operator==(const Documentation&) const = default;
};

struct EnableInstruction {
    std::string visit_url;
    std::vector<LocalizedText> instructions;
    bool operator==(const EnableInstruction&) const = default;
};

struct OAuth2Settings {
    std::string issuer;
    std::string scope;
    std::string auth_url;
    std::string token_url;
    bool operator==(const OAuth2Settings&) const = default;
};

struct ProviderConfig {
    std::string id;
    std::vector<std::string> domains;
    std::string display_name;
    std::string display_short_name;
    std::vector<ServerEntry> incoming; // document order; the first is preferred
    std::vector<ServerEntry> outgoing;
    std::optional<OAuth2Settings> oauth2;
    std::vector<Documentation> documentation;
    std::vector<EnableInstruction> enable;
    // Servers dropped and values ignored, each naming the problem and its line.
    std::vector<std::string> warnings;
    bool operator==(const ProviderConfig&) const = default;
};

// A refused document: the message names the problem; line (1-based) and byte offset locate it.
struct FormatError {
    std::string message;
    std::size_t line = 0;
    std::size_t offset = 0;
};

} // namespace maillab::autoconfig
