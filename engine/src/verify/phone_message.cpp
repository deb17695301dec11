// The alert texts an iPhone shows, with the server's host name in curly quotes.
#include "verify/session.hpp"

namespace maillab::verify_detail {
namespace {

std::string quoted(const std::string& host) { return "\u201c" + host + "\u201d"; }

} // namespace

std::string phone_message(const CheckResult& r) {
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
        return "The server " + host + " does not allow passwords without encryption (Use SSL).";
    case Outcome::auth_mechanism_unsupported:
        return "The server " + host + " does not support the chosen authentication method.";
    case Outcome::protocol_error:
        if (smtp && r.failed_stage == "rcpt")
            return "The recipient was rejected by the server " + host + ".";
        if (smtp && r.failed_stage == "data")
            return "The message was rejected by the server " + host + ".";
        return "The server " + host + " returned an error.";
    }
    return {};
}

} // namespace maillab::verify_detail
