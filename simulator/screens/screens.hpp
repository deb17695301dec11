// Every screen of the simulated phone, one small file each.
#pragma once

#include "maillab/mail/mail.hpp"
#include "maillab/model/account.hpp"
#include "maillab/verify/check_result.hpp"
#include "screen.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace maillab::sim {

std::unique_ptr<Screen> make_home_screen();
std::unique_ptr<Screen> make_settings_screen();
std::unique_ptr<Screen> make_mailboxes_screen();
// The Mail app. From the home screen it opens at the Inbox (All Inboxes with several accounts)
// with Mailboxes behind it, and checks every account for mail.
class App;
void open_mail(App& app);
std::unique_ptr<Screen> make_inbox_screen(std::string email); // empty: All Inboxes
// A message; from the Inbox it is marked read when shown.
std::unique_ptr<Screen> make_message_screen(std::string email, MailMessage message, bool in_inbox);
std::unique_ptr<Screen> make_compose_sheet(std::string from_email, OutgoingMessage draft = {});
std::unique_ptr<Screen> make_outbox_screen(std::string email);
std::unique_ptr<Screen> make_sent_screen(std::string email);
std::unique_ptr<Screen> make_mail_settings_screen();
std::unique_ptr<Screen> make_apps_screen(); // iOS 18: Settings › Apps
std::unique_ptr<Screen> make_accounts_screen();
std::unique_ptr<Screen> make_add_account_screen();
std::unique_ptr<Screen> make_other_account_screen();
std::unique_ptr<Screen> make_new_account_sheet();
std::unique_ptr<Screen> make_account_screen(std::size_t account);
std::unique_ptr<Screen> make_advanced_screen(Account* draft);
std::unique_ptr<Screen> make_smtp_screen(std::size_t account);
// other: -1 the primary server, 0.. an other SMTP server, new_smtp_server a server to add.
inline constexpr int new_smtp_server = -2;
std::unique_ptr<Screen> make_smtp_server_screen(std::size_t account, int other);
std::unique_ptr<Screen> make_authentication_screen(AuthMethod* method, bool allow_none);
// Cannot Verify Server Identity › Details: the certificate, Cancel / Trust (the add-account flow).
std::unique_ptr<Screen>
make_certificate_sheet(const std::string& host,
                       const std::optional<CertificateDetails>& certificate);

// The phone's alert for a failed check of one server ("Cannot Send Mail", ...). `save_anyway`
// runs when the user keeps the change although the server could not be reached.
class App;
void alert_for_failed_check(App& app, const maillab::CheckResult& check, bool incoming,
                            std::function<void(App&)> save_anyway);
// While a saved edit is being checked (`verifying`): once the check's result is in, clears
// `verifying` and runs `commit`, or shows the failed-check alert with `commit` as save anyway.
void finish_save_check(App& app, bool& verifying, bool incoming, std::function<void(App&)> commit);

} // namespace maillab::sim
