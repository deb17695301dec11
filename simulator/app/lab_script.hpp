// The lab lines of --play scripts, for trainers' demos and end-to-end tests:
//   lab password "ADDRESS" "NEW PASSWORD"   the user's password changes on the servers
//   lab smtp-auth "ADDRESS" on|off          SMTP AUTH allowed or disabled for the user
//   lab certificate good|wrong_name|expired every TLS listener's certificate from now on
//   lab close-port SERVICE | lab open-port SERVICE   (imap_tls, smtp_starttls, ...)
//   lab delay MS                            every server reply waits MS first
//   lab mx HOST                             the lab domain's MX becomes "10 HOST"; mail for lab
//                                           users waits in the queue unless HOST is a lab host
//                                           (mail.lab.maillab.test); each change retries it
//   lab discovery off|on                    off: the provider publishes nothing (autoconfig 404,
//                                           the looked-up and guessed names gone from the lab
//                                           zone; the servers stay at in.DOMAIN and out.DOMAIN)
//   lab deliver "ADDRESS" "SUBJECT" ["FROM"]  a message from outside arrives in the INBOX now
//   wait-lab KIND ["ADDRESS"]               until the lab records such an event (login_ok,
//                                           smtp_auth_failed, message_delivered, ...) after the
//                                           previous lab or wait-lab line (or the script's start)
#pragma once

#include "maillab/lab/lab.hpp"
#include "maillab/result.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace maillab::sim {

struct LabAction {
    enum class Kind {
        password,
        smtp_auth,
        certificate,
        close_port,
        open_port,
        delay,
        mx,
        discovery,
        deliver
    } kind;
    std::string address;
    std::string value; // the password, on/off (smtp-auth, discovery), the MX host, the subject
    lab::CertificateKind certificate = lab::CertificateKind::good;
    lab::Service service = lab::Service::imap_tls;
    std::chrono::milliseconds delay{0};
    std::string from; // deliver: the sender ("Name <address>")
};

struct LabWait {
    lab::EventKind kind = lab::EventKind::connected;
    std::string address; // empty: any user
};

// Without the blanks (spaces, tabs, a CR) at both ends: how script and scenario lines are read.
std::string trimmed(std::string_view text);

// Words separated by spaces; "quoted words" may hold spaces (\" \\ and \n escapes).
Result<std::vector<std::string>> script_words(std::string_view text);
// One word as script_words reads it back: in quotes, with \" \\ and \n escapes.
std::string script_quoted(std::string_view text);

// `rest` is what follows "lab " / "wait-lab "; errors name the problem.
Result<LabAction> parse_lab_action(std::string_view rest);
Result<LabWait> parse_lab_wait(std::string_view rest);

// Empty when done, else why not.
std::string apply_lab_action(lab::Lab& lab, const LabAction& action);
// The sequence number of the first matching event after `after`, if any.
std::optional<std::uint64_t> find_lab_event(const lab::Lab& lab, const LabWait& wait,
                                            std::uint64_t after);
// The newest event's sequence number (0 when none).
std::uint64_t last_lab_event(const lab::Lab& lab);

} // namespace maillab::sim
