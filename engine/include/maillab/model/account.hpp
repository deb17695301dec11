// The device's mail accounts, shaped like an iPhone's: one incoming server (IMAP or POP3), an SMTP
// primary server and other SMTP servers, each with its own host, port, security, user name and
// password. The link "outgoing password same as incoming" is explicit state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace maillab {

enum class Security { tls, starttls, none }; // tls = implicit TLS ("Use SSL" on)
enum class IncomingProtocol { imap, pop3 };
enum class AuthMethod { password, cram_md5, ntlm, http_md5_digest, none };
enum class PopDeletePolicy { never, after_seven_days, when_removed_from_inbox };

std::string_view to_string(Security security);
std::string_view to_string(IncomingProtocol protocol);
std::string_view to_string(AuthMethod method);
std::string_view to_string(PopDeletePolicy policy);
std::optional<Security> parse_security(std::string_view text);
std::optional<IncomingProtocol> parse_incoming_protocol(std::string_view text);
std::optional<AuthMethod> parse_auth_method(std::string_view text);
std::optional<PopDeletePolicy> parse_pop_delete_policy(std::string_view text);

// The label an iPhone shows for an authentication method ("MD5 Challenge-Response", ...).
std::string_view iphone_label(AuthMethod method);

enum class ServerRole { incoming_imap, incoming_pop3, smtp };
std::string_view to_string(ServerRole role);

// One server as the phone stores it.
struct ServerSettings {
    std::string host;
    std::uint16_t port = 0;
    Security security = Security::tls;
    AuthMethod auth = AuthMethod::password;
    std::string username;
    std::string password;

    bool operator==(const ServerSettings&) const = default;
};

struct IncomingServer {
    IncomingProtocol protocol = IncomingProtocol::imap;
    ServerSettings server;
    std::string imap_path_prefix;                        // IMAP only
    PopDeletePolicy pop_delete = PopDeletePolicy::never; // POP3 only

    ServerRole role() const;
    bool operator==(const IncomingServer&) const = default;
};

struct SmtpServer {
    ServerSettings server;
    bool enabled = true; // "Server: On/Off"

    bool operator==(const SmtpServer&) const = default;
};

struct Account {
    std::string name;
    std::string email;
    std::string description;
    IncomingServer incoming;
    SmtpServer primary_smtp;
    std::vector<SmtpServer> other_smtp;
    // When true, changing the incoming password changes the outgoing one too. iPhones keep
    // them apart (false), which is the classic "can receive but can't send" after a change.
    bool outgoing_password_same_as_incoming = false;

    // Sets the incoming password; carries it to the primary SMTP server when linked.
    void set_incoming_password(std::string password);
    bool stored_passwords_differ() const;

    bool operator==(const Account&) const = default;
};

// A certificate the user chose to trust for one host ("Trust" under Cannot Verify Server
// Identity): exactly that certificate, by its SHA-256 fingerprint, for that host only.
struct CertificateTrust {
    std::string host;
    std::string sha256_fingerprint; // AA:BB:... (32 bytes)
    bool operator==(const CertificateTrust&) const = default;
};

struct Device {
    std::vector<Account> accounts;
    std::vector<CertificateTrust> trusted_certificates;
    bool operator==(const Device&) const = default;
};

// iPhone defaults: IMAP 993/143, POP3 995/110, SMTP 465/587/25.
std::uint16_t default_port(IncomingProtocol protocol, Security security);
std::uint16_t default_smtp_port(Security security);

} // namespace maillab
