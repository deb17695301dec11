#include "maillab/verify/verify.hpp"

#include "maillab/mail/mail.hpp"
#include "maillab/verify/diagnosis.hpp"
#include "verify/session.hpp"

#include <ctime>
#include <future>

namespace maillab {

CheckResult check_incoming(const IncomingServer& incoming, const NetOptions& options) {
    auto role = incoming.role();
    return verify_detail::run_check(role, incoming.server, options,
                                    [role](verify_detail::Session& s) {
                                        return role == ServerRole::incoming_pop3
                                                   ? verify_detail::run_pop3(s)
                                                   : verify_detail::run_imap(s);
                                    });
}

CheckResult probe_capabilities(ServerRole role, const ServerSettings& server,
                               const NetOptions& options) {
    return verify_detail::run_check(
        role, server, options,
        [role](verify_detail::Session& s) -> boost::asio::awaitable<void> {
            switch (role) {
            case ServerRole::incoming_imap:
                return verify_detail::run_imap(s);
            case ServerRole::incoming_pop3:
                return verify_detail::run_pop3(s);
            case ServerRole::smtp:
                break;
            }
            return verify_detail::run_smtp(s, {});
        },
        true);
}

CheckResult check_smtp(const ServerSettings& smtp, const VerifyOptions& options,
                       const std::string& from_address) {
    verify_detail::SmtpPlan plan{from_address, std::nullopt};
    if (options.send_test_to) {
        OutgoingMessage test;
        test.from_address = from_address;
        test.to = {*options.send_test_to};
        test.subject = "MailLab test message";
        test.body = "This message was sent by maillab verify --send-test.\n";
        plan.message = verify_detail::SmtpEnvelope{
            from_address, test.to, format_message(test, std::time(nullptr), "maillab.invalid"),
            "(test message, 1 part)"};
    }
    return verify_detail::run_check(ServerRole::smtp, smtp, options.net,
                                    [plan](verify_detail::Session& s) {
                                        return verify_detail::run_smtp(s, plan);
                                    });
}

VerifyReport verify_account(const Account& account, const VerifyOptions& options) {
    // Incoming and outgoing are checked at the same time, each on its own thread and event loop.
    auto outgoing = std::async(std::launch::async, [&] {
        return check_smtp(account.primary_smtp.server, options, account.email);
    });
    VerifyReport report;
    report.incoming = check_incoming(account.incoming, options.net);
    report.outgoing = outgoing.get();
    report.diagnosis = diagnose(account, report.incoming, report.outgoing);
    return report;
}

} // namespace maillab
