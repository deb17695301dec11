// send_message: the Mail app's Send button, through the same SMTP session as verification.
#include "mail/addresses.hpp"
#include "mail/charset.hpp"
#include "maillab/mail/mail.hpp"
#include "protocol/text_util.hpp"
#include "verify/session.hpp"

#include <ctime>

namespace maillab {
namespace {

constexpr std::size_t max_outgoing_bytes = 10 * 1024 * 1024;
constexpr std::size_t max_recipients = 100;

// A result for a message that cannot go out as it is; nothing was sent.
CheckResult refused(const ServerSettings& smtp, std::string message) {
    CheckResult r;
    r.role = ServerRole::smtp;
    r.host = smtp.host;
    r.port = smtp.port;
    r.security = smtp.security;
    r.outcome = Outcome::protocol_error;
    r.failed_stage = "compose";
    r.message = std::move(message);
    return r;
}

// An invalid address as an alert may show it: one line, at most 80 bytes, valid UTF-8.
std::string shown_address(std::string_view address) {
    std::string out;
    for (char c : address.substr(0, 80))
        out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c;
    return mail_detail::sanitize_utf8(out);
}

} // namespace

CheckResult send_message(const ServerSettings& smtp, const NetOptions& options,
                         const OutgoingMessage& message) {
    using mail_detail::is_safe_address;
    if (!is_safe_address(message.from_address))
        return refused(smtp, "The sender address is not valid.");
    std::vector<std::string> recipients;
    for (const auto* list : {&message.to, &message.cc, &message.bcc})
        for (const auto& address : *list) {
            if (!is_safe_address(address))
                return refused(smtp, "The address \u201c" + shown_address(address) +
                                         "\u201d is not valid.");
            bool seen = false;
            for (const auto& r : recipients)
                seen = seen || text::iequals(r, address);
            if (!seen)
                recipients.push_back(address);
        }
    if (recipients.empty())
        return refused(smtp, "The message has no recipients.");
    if (recipients.size() > max_recipients)
        return refused(smtp, "The message has too many recipients.");
    if (message.body.size() + message.subject.size() > max_outgoing_bytes)
        return refused(smtp, "The message is too large.");

    const auto at = message.from_address.rfind('@');
    const std::string domain = message.from_address.substr(at + 1);
    verify_detail::SmtpEnvelope envelope{message.from_address, recipients,
                                         format_message(message, std::time(nullptr), domain), ""};
    envelope.shown = "(message, " + std::to_string(envelope.data.size()) + " bytes, " +
                     std::to_string(recipients.size()) + " recipient(s))";
    const verify_detail::SmtpPlan plan{message.from_address, std::move(envelope)};
    return verify_detail::run_check(
        ServerRole::smtp, smtp, options,
        [&plan](verify_detail::Session& s) { return verify_detail::run_smtp(s, plan); });
}

} // namespace maillab
