#include "mail_words.hpp"

namespace maillab::sim::flows {

std::string phone_words(const CheckResult& check) {
    if (!check.message.empty())
        return check.message;
    const std::string host = "\u201c" + check.host + "\u201d";
    switch (check.outcome) {
    case Outcome::ok:
        return {};
    case Outcome::auth_failed:
        return "The user name or password for " + host + " is incorrect.";
    case Outcome::dns_failed:
    case Outcome::connect_failed:
    case Outcome::timeout:
        if (check.role == ServerRole::smtp)
            return "The connection to the outgoing server " + host + " failed.";
        return "The mail server " + host + " is not responding.";
    case Outcome::tls_failed:
    case Outcome::starttls_unavailable:
        return "Mail cannot connect to " + host + " using SSL.";
    case Outcome::certificate_untrusted:
    case Outcome::certificate_name_mismatch:
        return "The identity of " + host + " cannot be verified by Mail.";
    case Outcome::plaintext_refused:
    case Outcome::auth_mechanism_unsupported:
    case Outcome::protocol_error:
        break;
    }
    return "The server " + host + " returned an error.";
}

MailAlert cannot_get_mail(const CheckResult& check) {
    return {"Cannot Get Mail", phone_words(check)};
}

MailAlert cannot_send_mail(const CheckResult& check) {
    if (check.outcome == Outcome::auth_failed)
        return {"Cannot Send Mail", phone_words(check)};
    return {"Cannot Send Mail", "A copy has been placed in your outbox. " + phone_words(check)};
}

} // namespace maillab::sim::flows
