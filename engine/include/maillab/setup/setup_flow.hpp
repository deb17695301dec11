// The iPhone's "Add Mail Account" as a state machine: name, address, password, description →
// Next → discovery → verification of both servers → the alerts the phone shows, each an explicit
// consent step → manual server fields when nothing works → Save. It does no I/O: it asks its
// driver (the CLI, the simulator, a test) for discovery and verification through pending_task()
// and is told the results. User-name fallbacks (full address, then the local part) are explicit
// attempts, and no server sees more than two failed logins.
#pragma once

#include "maillab/autoconfig/discovery.hpp"
#include "maillab/model/account.hpp"
#include "maillab/verify/verify.hpp"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace maillab::setup {

enum class Screen { new_account, verifying, manual_servers, alert, saved, cancelled };
std::string_view to_string(Screen screen);

struct NewAccountForm {
    std::string name;
    std::string email;
    std::string password;
    std::string description;
};

// The sheet the phone expands when discovery finds nothing: IMAP | POP, incoming and outgoing.
struct ManualForm {
    IncomingProtocol protocol = IncomingProtocol::imap;
    std::string incoming_host;
    std::string incoming_username;
    std::string incoming_password;
    std::string outgoing_host;
    std::string outgoing_username; // "Optional"
    std::string outgoing_password; // "Optional"
};

enum class AlertKind {
    untrusted_settings,            // settings from DNS, guessing or plain http: use them?
    cannot_connect_using_ssl,      // "Do you want to try setting up the account without SSL?"
    cannot_verify_server_identity, // certificate: Cancel / Details / Continue
    certificate_details,           // Details: the certificate, Trust / Back
    wrong_password,                // "The user name or password for “host” is incorrect."
    cannot_connect,                // the server does not answer
    cannot_send,                   // outgoing server refused: save anyway?
};
std::string_view to_string(AlertKind kind);

struct Alert {
    AlertKind kind;
    std::string title;
    std::string message;
    std::vector<std::string> buttons; // in the phone's order; press() takes one of them
    std::string host;
    std::optional<CertificateDetails> certificate;
};

struct NeedDiscovery {
    std::string email;
    std::string password;
};
struct NeedVerification {
    Account account;
    std::vector<TrustException> trust_exceptions;
};
using Task = std::variant<std::monostate, NeedDiscovery, NeedVerification>;

class SetupFlow {
  public:
    static constexpr int max_failed_logins_per_server = 2;

    // The user's actions.
    void submit_new_account(const NewAccountForm& form); // Next on "New Account"
    void submit_manual(const ManualForm& form);          // Next on the server sheet
    void press(std::string_view button);                 // an alert's button
    void cancel();

    // The driver's results for the pending task.
    void discovery_finished(const autoconfig::DiscoveryResult& result);
    void verification_finished(const VerifyReport& report);

    Screen screen() const { return screen_; }
    const std::optional<Alert>& alert() const { return alert_; }
    const Task& pending_task() const { return task_; }
    const std::string& form_error() const { return form_error_; } // names the field
    const ManualForm& manual_form() const { return manual_; }
    const Account& account() const { return account_; }
    const std::optional<Account>& saved() const { return saved_; }
    const std::vector<TrustException>& trust_exceptions() const { return trust_; }
    const std::optional<VerifyReport>& last_report() const { return report_; }
    // What happened, in order, in plain words (no passwords).
    const std::vector<std::string>& history() const { return history_; }

  private:
    void verify(std::string why);
    void show_alert(Alert alert);
    void show_manual(std::string why);
    bool try_username_fallback(ServerSettings& server, const CheckResult& check);
    void handle_check_failure(const CheckResult& check, bool incoming);
    ManualForm manual_from_account() const;

    Screen screen_ = Screen::new_account;
    Task task_;
    std::optional<Alert> alert_;
    std::string form_error_;
    NewAccountForm form_;
    ManualForm manual_;
    Account account_;
    bool have_candidate_ = false;
    bool candidate_trusted_ = false;
    std::string candidate_source_;
    std::optional<Account> saved_;
    std::vector<TrustException> trust_;
    std::optional<VerifyReport> report_;
    std::vector<std::string> history_;
    int incoming_failures_ = 0;
    int outgoing_failures_ = 0;
    std::string local_part_;
    bool tried_local_part_incoming_ = false;
    bool tried_local_part_outgoing_ = false;
    ServerRole alert_role_ = ServerRole::incoming_imap; // which server the alert is about
};

} // namespace maillab::setup
