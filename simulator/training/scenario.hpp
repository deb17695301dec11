// A training scenario as data (assets/scenarios/*.scenario, format in assets/scenarios/README.md):
// what the trainee should learn, how the phone and the lab start, the steps with hints, the
// conditions that tick each step and decide success — all checked against real state (the
// phone's accounts, the alerts it showed, the lab servers' events and passwords) — and the
// debriefs.
#pragma once

#include "maillab/lab/lab.hpp"
#include "maillab/result.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace maillab::sim::training {

// One fact about the world, checked once per frame.
struct Condition {
    enum class Kind {
        alert,         // an alert (or action sheet) with this title was shown: arg = title
        lab_event,     // the lab recorded this event kind (for this address): arg = kind
        account_saved, // the phone has an account for `address`
        incoming_password_current, // the account's incoming password is the lab's current one
        outgoing_password_current, // the primary SMTP server's password is the lab's current one
        screen,                    // this screen is on top: arg = screen id
        no_trusted_certificates,   // the phone trusts no certificate the system does not
        smtp_auth_enabled,         // the lab lets `address` use SMTP AUTH
        dns_query, // the lab's DNS server was asked this: arg = "MX lab.maillab.test"
        second_device_protocol,    // the second device's account uses this protocol: arg
        phone_inbox_has,           // the phone's Mail inbox shows a message: arg = subject
        new_mail_on_both, // a message delivered to `address` since the start shows on the phone
                          // and on the second device, still on the server
    } kind;
    std::string arg;
    std::string address;
    lab::EventKind event = lab::EventKind::connected; // lab_event: the kind, parsed once
    int line = 0;
    bool negated = false; // "not CONDITION": holds when the condition does not
};

struct Step {
    std::string title;
    std::string hint;
    std::vector<Condition> done_when; // all of them
    int line = 0;
};

// A change to the starting account ("setting: outgoing.security tls").
struct StartSetting {
    std::string field; // incoming.protocol|port|security|password,
                       // outgoing.port|security|auth|username|password
    std::string value;
    int line = 0;
};

// How the phone starts.
struct StartState {
    enum class Kind { empty, lab_account } kind = Kind::empty;
    std::string address; // lab_account: this lab user's account, set up as autodiscovery would
    std::vector<StartSetting> settings; // applied to that account
};

// A second device of the same person, beside the phone: a laptop's mail client with one account
// for a lab user ("second-device: laptop pop3-delete ADDRESS [every SECONDS]").
struct SecondDeviceStart {
    enum class Mode { pop3_delete, pop3_keep, imap } mode = Mode::pop3_delete;
    std::string address;
    int check_every_seconds = 0; // 0: only when Get Mail is pressed
    int line = 0;
};

struct Scenario {
    std::string id;
    std::string title;
    std::string goal;
    StartState start;
    std::optional<SecondDeviceStart> second_device;
    std::vector<std::string> before; // --play lab lines applied before the trainee starts
    std::vector<Step> steps;
    std::vector<Condition> success; // all of them, at the end
    std::string debrief_success;
    std::string debrief_failure;
    std::string solution;                 // a --play file next to the scenario
    std::vector<std::string> wrong_paths; // --play files that must end in failure
    std::filesystem::path file;
};

// Errors name the file, the line and the problem: "x.scenario:12: success: unknown condition".
Result<Scenario> parse_scenario(std::string_view text, const std::filesystem::path& file);
Result<Scenario> load_scenario(const std::filesystem::path& file);
// Every *.scenario in `dir`, sorted by id; the first bad file is the error.
Result<std::vector<Scenario>> load_scenarios(const std::filesystem::path& dir);
// assets/scenarios next to the bundled providers (empty when not found).
std::filesystem::path default_scenarios_dir();

std::string_view to_string(Condition::Kind kind);

} // namespace maillab::sim::training
