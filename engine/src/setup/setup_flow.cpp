#include "maillab/setup/setup_flow.hpp"

#include "maillab/discovery/discover.hpp"
#include "maillab/model/validation.hpp"

#include <algorithm>

namespace maillab::setup {
namespace {

std::string q(const std::string& host) { return "\u201c" + host + "\u201d"; }

// The port the same service uses without implicit TLS; other ports stay as they are.
std::uint16_t port_without_ssl(std::uint16_t port) {
    switch (port) {
    case 993:
        return 143;
    case 995:
        return 110;
    case 465:
        return 587;
    default:
        return port;
    }
}

} // namespace

std::string_view to_string(Screen screen) {
    switch (screen) {
    case Screen::new_account:
        return "new-account";
    case Screen::verifying:
        return "verifying";
    case Screen::manual_servers:
        return "manual-servers";
    case Screen::alert:
        return "alert";
    case Screen::saved:
        return "saved";
    case Screen::cancelled:
        return "cancelled";
    }
    return "unknown";
}

std::string_view to_string(AlertKind kind) {
    switch (kind) {
    case AlertKind::untrusted_settings:
        return "untrusted-settings";
    case AlertKind::cannot_connect_using_ssl:
        return "cannot-connect-using-ssl";
    case AlertKind::cannot_verify_server_identity:
        return "cannot-verify-server-identity";
    case AlertKind::certificate_details:
        return "certificate-details";
    case AlertKind::wrong_password:
        return "wrong-password";
    case AlertKind::cannot_connect:
        return "cannot-connect";
    case AlertKind::cannot_send:
        return "cannot-send";
    }
    return "unknown";
}

void SetupFlow::submit_new_account(const NewAccountForm& form) {
    form_error_.clear();
    auto address = parse_email_address(form.email);
    if (!address) {
        form_error_ = "Email: " + address.error().message;
        return;
    }
    if (form.password.empty()) {
        form_error_ = "Password: required";
        return;
    }
    form_ = form;
    local_part_ = address->local_part;
    incoming_failures_ = outgoing_failures_ = 0;
    tried_local_part_incoming_ = tried_local_part_outgoing_ = false;
    screen_ = Screen::verifying;
    task_ = NeedDiscovery{form.email, form.password};
    history_.push_back("Looking up the settings for " + form.email);
}

void SetupFlow::discovery_finished(const autoconfig::DiscoveryResult& result) {
    task_ = std::monostate{};
    if (!result.best) {
        show_manual("No settings were found for " + form_.email + ": enter the servers");
        return;
    }
    const auto& candidate = result.candidates[*result.best];
    account_ = account_from_candidate(candidate, form_.email, form_.name, form_.password);
    if (!form_.description.empty())
        account_.description = form_.description;
    have_candidate_ = true;
    candidate_trusted_ = candidate.trusted;
    candidate_source_ = std::string(autoconfig::to_string(candidate.source));
    history_.push_back("Found settings (" + candidate_source_ + ": " + candidate.origin + ")");
    if (!candidate.trusted) {
        std::string recipients;
        for (const auto& r : candidate.password_recipients)
            recipients += (recipients.empty() ? "" : ", ") + r;
        show_alert({AlertKind::untrusted_settings, "Use These Settings?",
                    "These settings were found by " + candidate_source_ +
                        ", which cannot prove they come from your provider. Your password would "
                        "go to: " + recipients + ".",
                    {"Cancel", "Use"}, {}, {}});
        return;
    }
    verify("Verifying the settings from " + candidate_source_);
}

ManualForm SetupFlow::manual_from_account() const {
    ManualForm m;
    m.protocol = account_.incoming.protocol;
    m.incoming_host = account_.incoming.server.host;
    m.incoming_username =
        account_.incoming.server.username.empty() ? form_.email : account_.incoming.server.username;
    m.incoming_password = account_.incoming.server.password.empty()
                              ? form_.password
                              : account_.incoming.server.password;
    m.outgoing_host = account_.primary_smtp.server.host;
    m.outgoing_username = account_.primary_smtp.server.username;
    m.outgoing_password = account_.primary_smtp.server.password;
    return m;
}

void SetupFlow::show_manual(std::string why) {
    manual_ = have_candidate_ ? manual_from_account() : ManualForm{};
    if (!have_candidate_) {
        manual_.incoming_username = form_.email;
        manual_.incoming_password = form_.password;
    }
    alert_.reset();
    screen_ = Screen::manual_servers;
    history_.push_back(std::move(why));
}

void SetupFlow::submit_manual(const ManualForm& form) {
    form_error_.clear();
    auto incoming_host = normalize_host_name(form.incoming_host);
    if (form.incoming_host.empty()) {
        form_error_ = "Incoming Host Name: required";
        return;
    }
    if (!incoming_host) {
        form_error_ = "Incoming Host Name: " + incoming_host.error().message;
        return;
    }
    if (form.incoming_username.empty()) {
        form_error_ = "Incoming User Name: required";
        return;
    }
    if (form.outgoing_host.empty()) {
        form_error_ = "Outgoing Host Name: required";
        return;
    }
    auto outgoing_host = normalize_host_name(form.outgoing_host);
    if (!outgoing_host) {
        form_error_ = "Outgoing Host Name: " + outgoing_host.error().message;
        return;
    }
    manual_ = form;
    account_.email = form_.email;
    account_.name = form_.name;
    account_.description = form_.description;
    account_.incoming.protocol = form.protocol;
    auto& in = account_.incoming.server;
    in.host = *incoming_host;
    in.security = Security::tls;
    in.port = default_port(form.protocol, Security::tls);
    in.auth = AuthMethod::password;
    in.username = form.incoming_username;
    in.password = form.incoming_password.empty() ? form_.password : form.incoming_password;
    auto& out = account_.primary_smtp.server;
    out.host = *outgoing_host;
    out.security = Security::starttls;
    out.port = default_smtp_port(Security::starttls);
    // Empty "Optional" fields mean no authentication — the classic relaying trap.
    out.username = form.outgoing_username;
    out.password = form.outgoing_password;
    out.auth = form.outgoing_username.empty() ? AuthMethod::none : AuthMethod::password;
    account_.primary_smtp.enabled = true;
    account_.outgoing_password_same_as_incoming = false;
    have_candidate_ = true;
    candidate_trusted_ = true; // typed by the user
    incoming_failures_ = outgoing_failures_ = 0;
    tried_local_part_incoming_ = tried_local_part_outgoing_ = false;
    verify("Verifying the servers entered by hand");
}

void SetupFlow::verify(std::string why) {
    alert_.reset();
    screen_ = Screen::verifying;
    task_ = NeedVerification{account_, trust_};
    history_.push_back(std::move(why));
}

void SetupFlow::show_alert(Alert alert) {
    history_.push_back("Alert: " + alert.title + " \u2014 " + alert.message);
    alert_ = std::move(alert);
    screen_ = Screen::alert;
}

bool SetupFlow::try_username_fallback(ServerSettings& server, const CheckResult& check) {
    const bool incoming = check.role != ServerRole::smtp;
    bool& tried = incoming ? tried_local_part_incoming_ : tried_local_part_outgoing_;
    if (tried || server.username != form_.email || local_part_.empty())
        return false;
    tried = true;
    server.username = local_part_;
    history_.push_back(q(check.host) + " refused the user name " + q(form_.email) + "; trying " +
                       q(local_part_));
    return true;
}

void SetupFlow::handle_check_failure(const CheckResult& check, bool incoming) {
    alert_role_ = check.role;
    const std::string title = incoming ? "Cannot Get Mail" : "Cannot Send Mail";
    switch (check.outcome) {
    case Outcome::certificate_untrusted:
    case Outcome::certificate_name_mismatch:
        show_alert({AlertKind::cannot_verify_server_identity, "Cannot Verify Server Identity",
                    "The identity of " + q(check.host) +
                        " cannot be verified by Mail. Review the certificate details to continue.",
                    {"Cancel", "Details", "Continue"}, check.host, check.certificate});
        return;
    case Outcome::tls_failed:
    case Outcome::starttls_unavailable:
        show_alert({AlertKind::cannot_connect_using_ssl, "Cannot Connect Using SSL",
                    "Do you want to try setting up the account without SSL?",
                    {"Cancel", "Yes"}, check.host, {}});
        return;
    case Outcome::auth_failed:
        if (!incoming && !check.credentials_sent) {
            show_alert({AlertKind::cannot_send, title,
                        "The server " + q(check.host) +
                            " does not allow relaying. Fill in User Name and Password under "
                            "OUTGOING MAIL SERVER.",
                        {"OK"}, check.host, {}});
            return;
        }
        show_alert({AlertKind::wrong_password, title,
                    "The user name or password for " + q(check.host) + " is incorrect.", {"OK"},
                    check.host, {}});
        return;
    default:
        show_alert({AlertKind::cannot_connect, title, check.message, {"OK"}, check.host, {}});
        return;
    }
}

void SetupFlow::verification_finished(const VerifyReport& report) {
    task_ = std::monostate{};
    report_ = report;
    if (report.ok()) {
        saved_ = account_;
        screen_ = Screen::saved;
        history_.push_back("Both servers accepted the account: saved");
        return;
    }
    // Failed logins count per server; a fallback user name is tried only while no server has
    // reached the limit.
    bool retry = false, blocked = false;
    auto count = [&](const CheckResult& check, int& failures, ServerSettings& server) {
        if (check.outcome != Outcome::auth_failed || !check.credentials_sent)
            return;
        ++failures;
        if (failures < max_failed_logins_per_server && try_username_fallback(server, check))
            retry = true;
        else
            blocked = true;
    };
    count(report.incoming, incoming_failures_, account_.incoming.server);
    count(report.outgoing, outgoing_failures_, account_.primary_smtp.server);
    const bool other_failure =
        (!report.incoming.ok() && report.incoming.outcome != Outcome::auth_failed) ||
        (!report.outgoing.ok() && report.outgoing.outcome != Outcome::auth_failed);
    if (retry && !blocked && !other_failure) {
        verify("Verifying again with the shorter user name");
        return;
    }
    if (!report.incoming.ok())
        handle_check_failure(report.incoming, true);
    else
        handle_check_failure(report.outgoing, false);
}

void SetupFlow::press(std::string_view button) {
    if (!alert_) {
        history_.push_back("Ignored the button " + std::string(button) + ": no alert is shown");
        return;
    }
    const Alert alert = *alert_;
    auto server_of_alert = [&]() -> ServerSettings& {
        return alert_role_ == ServerRole::smtp ? account_.primary_smtp.server
                                               : account_.incoming.server;
    };
    history_.push_back("Pressed " + std::string(button));
    switch (alert.kind) {
    case AlertKind::untrusted_settings:
        if (button == "Use")
            verify("Verifying the settings from " + candidate_source_ + " (the user accepted them)");
        else
            show_manual("The user declined the found settings");
        return;
    case AlertKind::cannot_verify_server_identity:
        if (button == "Details") {
            auto details = alert;
            details.kind = AlertKind::certificate_details;
            details.title = alert.certificate ? alert.certificate->subject : alert.host;
            details.message = alert.certificate
                                  ? "Issued by " + alert.certificate->issuer + ". Expires " +
                                        alert.certificate->not_after + ". " +
                                        alert.certificate->verify_error + ". SHA-256 " +
                                        alert.certificate->sha256_fingerprint
                                  : "No certificate details";
            details.buttons = {"Back", "Trust"};
            show_alert(std::move(details));
        } else if (button == "Continue") {
            if (alert.certificate)
                trust_.push_back({alert.host, alert.certificate->sha256_fingerprint});
            verify("Trusting the certificate of " + q(alert.host) + " (pinned to its fingerprint)");
        } else {
            show_manual("The user did not trust the certificate of " + q(alert.host));
        }
        return;
    case AlertKind::certificate_details:
        if (button == "Trust") {
            if (alert.certificate)
                trust_.push_back({alert.host, alert.certificate->sha256_fingerprint});
            verify("Trusting the certificate of " + q(alert.host) + " (pinned to its fingerprint)");
        } else {
            auto back = alert;
            back.kind = AlertKind::cannot_verify_server_identity;
            back.title = "Cannot Verify Server Identity";
            back.message = "The identity of " + q(alert.host) +
                           " cannot be verified by Mail. Review the certificate details to "
                           "continue.";
            back.buttons = {"Cancel", "Details", "Continue"};
            show_alert(std::move(back));
        }
        return;
    case AlertKind::cannot_connect_using_ssl:
        if (button == "Yes") {
            auto& server = server_of_alert();
            server.security = Security::none;
            server.port = port_without_ssl(server.port);
            verify("Trying " + q(server.host) + " without SSL on port " +
                   std::to_string(server.port) + " (the user agreed)");
        } else {
            show_manual("The user kept SSL on");
        }
        return;
    case AlertKind::wrong_password:
    case AlertKind::cannot_connect:
    case AlertKind::cannot_send:
        show_manual("Back to the server settings");
        return;
    }
}

void SetupFlow::cancel() {
    task_ = std::monostate{};
    alert_.reset();
    screen_ = Screen::cancelled;
    history_.push_back("Cancelled");
}

} // namespace maillab::setup
