// The alert texts an iPhone shows, with the server's host name in curly quotes.
#include "verify/session.hpp"

namespace maillab::verify_detail {
namespace {

std::string quoted(const std::string& host) {
    return "\u201c" + host + "\u201d";
}

// The server refused the login for now, not for good: SMTP 4xx on AUTH, IMAP [UNAVAILABLE],
// POP3 [SYS/TEMP] / [IN-USE] / [LOGIN-DELAY].
bool refused_for_now(const CheckResult& r) {
    if (r.failed_stage != "auth")
        return false;
    if (r.role == ServerRole::smtp)
        return r.reply_code / 100 == 4;
    const auto& code = r.enhanced_status;
    return code == "UNAVAILABLE" || code == "SYS/TEMP" || code == "IN-USE" || code == "LOGIN-DELAY";
}

// IMAP [ALERT] texts must reach the user (RFC 9051 7.1); each is cut to a sane length.
std::string with_alerts(std::string message, const CheckResult& r) {
    constexpr std::size_t max_alert_bytes = 300;
    for (const auto& alert : r.alerts) {
        std::string text = alert.substr(0, max_alert_bytes);
        if (text.size() < alert.size())
            text += "\u2026";
        message += " The server says: \u201c" + text + "\u201d";
    }
    return message;
}

std::string outcome_message(const CheckResult& r) {
    const bool smtp = r.role == ServerRole::smtp;
    const std::string host = quoted(r.host);
    switch (r.outcome) {
    case Outcome::ok:
        return {};
    case Outcome::auth_failed:
        return "The user name or password for " + host + " is incorrect.";
    case Outcome::dns_failed:
    case Outcome::connect_failed:
    case Outcome::timeout:
        if (smtp)
            return "The connection to the outgoing server " + host + " failed.";
        return "The mail server " + host +
               " is not responding. Verify that you have entered the correct account info in "
               "Mail settings.";
    case Outcome::tls_failed:
    case Outcome::starttls_unavailable:
        return "Cannot Connect Using SSL. Mail cannot connect to " + host + " using SSL.";
    case Outcome::certificate_untrusted:
    case Outcome::certificate_name_mismatch:
        return "Cannot Verify Server Identity. The identity of " + host +
               " cannot be verified by Mail. Review the certificate details to continue.";
    case Outcome::plaintext_refused:
        if (smtp && r.reply_code == 538)
            return "The server " + host +
                   " requires an encrypted connection for this authentication method.";
        return "The server " + host + " does not allow passwords without encryption (Use SSL).";
    case Outcome::auth_mechanism_unsupported:
        return "The server " + host + " does not support the chosen authentication method.";
    case Outcome::protocol_error:
        if (smtp && r.failed_stage == "rcpt")
            return "The recipient was rejected by the server " + host + ".";
        if (smtp && r.failed_stage == "data")
            return "The message was rejected by the server " + host + ".";
        if (refused_for_now(r))
            return "The server " + host + " cannot check the password right now; try again later.";
        return "The server " + host + " returned an error.";
    }
    return {};
}

} // namespace

std::string phone_message(const CheckResult& r) {
    if (r.outcome == Outcome::ok)
        return {};
    return with_alerts(outcome_message(r), r);
}

} // namespace maillab::verify_detail
