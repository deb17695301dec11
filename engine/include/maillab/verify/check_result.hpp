// What one server check found: the outcome, the server's words, the phone's words, the evidence.
#pragma once

#include "maillab/model/account.hpp"
#include "maillab/verify/outcome.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace maillab {

enum class Direction { sent, received, note };
std::string_view to_string(Direction direction);

// One line of the transcript. Secrets are redacted before a Step is made.
struct Step {
    std::string stage;  // resolve, connect, tls-handshake, greeting, capability, starttls, auth, ...
    std::string host;
    std::uint16_t port = 0;
    Direction direction = Direction::note;
    std::string text;
    std::int64_t elapsed_ms = 0;
};

struct CertificateDetails {
    std::string subject;
    std::string issuer;
    std::vector<std::string> subject_alt_names;
    std::string not_before; // ISO 8601, UTC
    std::string not_after;
    std::string sha256_fingerprint; // AA:BB:...
    std::string verify_error;       // OpenSSL's words for the first problem, empty when trusted
    int verify_error_code = 0;      // X509_V_ERR_* (0 = none)
    bool expired = false;
    bool not_yet_valid = false;
    bool self_signed = false;
    bool name_mismatch = false;
};

struct CheckResult {
    ServerRole role = ServerRole::incoming_imap;
    std::string host;
    std::uint16_t port = 0;
    Security security = Security::tls;
    Outcome outcome = Outcome::protocol_error;
    std::string message;       // in the phone's words
    std::string server_reply;  // the server's last relevant line, as received
    int reply_code = 0;        // SMTP reply code (535, ...), 0 otherwise
    std::string enhanced_status; // SMTP enhanced status code ("5.7.8"), or IMAP/POP3 response code
    std::string mechanism;     // the login mechanism used ("AUTHENTICATE PLAIN", "LOGIN", "USER/PASS", ...)
    std::vector<std::string> capabilities; // as advertised after TLS (or in clear when no TLS)
    std::vector<std::string> auth_mechanisms; // SASL mechanisms offered, upper case
    bool login_disabled = false;           // IMAP LOGINDISABLED, or no USER in POP3 CAPA
    std::vector<std::string> alerts;       // IMAP [ALERT] texts: must be shown to the user
    std::vector<std::string> warnings;     // e.g. password sent in clear
    std::optional<CertificateDetails> certificate;
    bool credentials_sent = false;         // whether any secret left this machine
    std::string failed_stage;              // the stage the check failed in (empty when ok)
    std::vector<Step> steps;
    std::int64_t elapsed_ms = 0;

    bool ok() const { return outcome == Outcome::ok; }
};

} // namespace maillab
