#include "maillab/model/account.hpp"

#include <array>
#include <utility>

namespace maillab {

namespace {

// One table per enum: the spelling used in files and on the command line.
constexpr std::array<std::pair<Security, std::string_view>, 3> security_names{{
    {Security::tls, "tls"},
    {Security::starttls, "starttls"},
    {Security::none, "none"},
}};

constexpr std::array<std::pair<IncomingProtocol, std::string_view>, 2> protocol_names{{
    {IncomingProtocol::imap, "imap"},
    {IncomingProtocol::pop3, "pop3"},
}};

constexpr std::array<std::pair<AuthMethod, std::string_view>, 5> auth_names{{
    {AuthMethod::password, "password"},
    {AuthMethod::cram_md5, "cram-md5"},
    {AuthMethod::ntlm, "ntlm"},
    {AuthMethod::http_md5_digest, "http-md5-digest"},
    {AuthMethod::none, "none"},
}};

constexpr std::array<std::pair<AuthMethod, std::string_view>, 5> auth_labels{{
    {AuthMethod::password, "Password"},
    {AuthMethod::cram_md5, "MD5 Challenge-Response"},
    {AuthMethod::ntlm, "NTLM"},
    {AuthMethod::http_md5_digest, "HTTP MD5 Digest"},
    {AuthMethod::none, "None"},
}};

constexpr std::array<std::pair<PopDeletePolicy, std::string_view>, 3> pop_delete_names{{
    {PopDeletePolicy::never, "never"},
    {PopDeletePolicy::after_seven_days, "after-seven-days"},
    {PopDeletePolicy::when_removed_from_inbox, "when-removed-from-inbox"},
}};

constexpr std::array<std::pair<ServerRole, std::string_view>, 3> role_names{{
    {ServerRole::incoming_imap, "imap"},
    {ServerRole::incoming_pop3, "pop3"},
    {ServerRole::smtp, "smtp"},
}};

template <class Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& table,
                         Enum value) {
    for (const auto& [candidate, name] : table) {
        if (candidate == value) {
            return name;
        }
    }
    return {};
}

template <class Enum, std::size_t N>
std::optional<Enum> value_of(const std::array<std::pair<Enum, std::string_view>, N>& table,
                             std::string_view text) {
    for (const auto& [value, name] : table) {
        if (name == text) {
            return value;
        }
    }
    return std::nullopt;
}

} // namespace

std::string_view to_string(Security security) {
    return name_of(security_names, security);
}
std::string_view to_string(IncomingProtocol protocol) {
    return name_of(protocol_names, protocol);
}
std::string_view to_string(AuthMethod method) {
    return name_of(auth_names, method);
}
std::string_view to_string(PopDeletePolicy policy) {
    return name_of(pop_delete_names, policy);
}
std::string_view to_string(ServerRole role) {
    return name_of(role_names, role);
}

std::optional<Security> parse_security(std::string_view text) {
    return value_of(security_names, text);
}
std::optional<IncomingProtocol> parse_incoming_protocol(std::string_view text) {
    return value_of(protocol_names, text);
}
std::optional<AuthMethod> parse_auth_method(std::string_view text) {
    return value_of(auth_names, text);
}
std::optional<PopDeletePolicy> parse_pop_delete_policy(std::string_view text) {
    return value_of(pop_delete_names, text);
}

std::string_view iphone_label(AuthMethod method) {
    return name_of(auth_labels, method);
}

ServerRole IncomingServer::role() const {
    return protocol == IncomingProtocol::pop3 ? ServerRole::incoming_pop3
                                              : ServerRole::incoming_imap;
}

void Account::set_incoming_password(std::string password) {
    if (outgoing_password_same_as_incoming) {
        primary_smtp.server.password = password;
    }
    incoming.server.password = std::move(password);
}

bool Account::stored_passwords_differ() const {
    return incoming.server.password != primary_smtp.server.password;
}

std::uint16_t default_port(IncomingProtocol protocol, Security security) {
    const bool implicit_tls = security == Security::tls;
    switch (protocol) {
    case IncomingProtocol::imap:
        return implicit_tls ? 993 : 143;
    case IncomingProtocol::pop3:
        return implicit_tls ? 995 : 110;
    }
    return 0;
}

std::uint16_t default_smtp_port(Security security) {
    switch (security) {
    case Security::tls:
        return 465;
    case Security::starttls:
        return 587;
    case Security::none:
        return 25;
    }
    return 0;
}

} // namespace maillab
