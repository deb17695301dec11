#include "report.hpp"

#include <iomanip>
#include <sstream>

namespace maillab::cli {
namespace {

std::string security_label(Security s) {
    switch (s) {
    case Security::tls:
        return "SSL/TLS";
    case Security::starttls:
        return "STARTTLS";
    case Security::none:
        return "no encryption";
    }
    return "";
}

std::string role_label(ServerRole role) {
    switch (role) {
    case ServerRole::incoming_imap:
        return "IMAP";
    case ServerRole::incoming_pop3:
        return "POP3";
    case ServerRole::smtp:
        return "SMTP";
    }
    return "";
}

const char* arrow(Direction d) {
    switch (d) {
    case Direction::sent:
        return "C:";
    case Direction::received:
        return "S:";
    case Direction::note:
        return "  ";
    }
    return "  ";
}

} // namespace

void print_check_text(std::ostream& out, const std::string& title, const CheckResult& check,
                      bool verbose) {
    out << title << " (" << role_label(check.role) << ") " << check.host << ":" << check.port
        << ", " << security_label(check.security) << "\n";
    if (verbose) {
        for (const auto& step : check.steps)
            out << "  " << std::setw(6) << step.elapsed_ms << " ms  " << std::left << std::setw(14)
                << step.stage << std::right << " " << arrow(step.direction) << " " << step.text
                << "\n";
    } else {
        // One line per stage: its last line, ✓ when the check went past it.
        std::vector<std::size_t> last_of_stage;
        std::vector<std::string> stages;
        for (std::size_t i = 0; i < check.steps.size(); ++i) {
            const auto& stage = check.steps[i].stage;
            if (stage == "result")
                continue;
            if (stages.empty() || stages.back() != stage) {
                stages.push_back(stage);
                last_of_stage.push_back(i);
            } else {
                last_of_stage.back() = i;
            }
        }
        bool failed_before = false;
        for (std::size_t k = 0; k < stages.size(); ++k) {
            const bool failed_here = !check.ok() && !failed_before &&
                                     (stages[k] == check.failed_stage || k + 1 == stages.size());
            const char* mark = failed_here ? "\u2717" : failed_before ? "\u00b7" : "\u2713";
            failed_before = failed_before || failed_here;
            const auto& step = check.steps[last_of_stage[k]];
            out << "  " << mark << " " << std::left << std::setw(14) << stages[k] << std::right
                << std::setw(6) << step.elapsed_ms << " ms  " << step.text << "\n";
        }
    }
    if (check.ok()) {
        out << "  => ok";
        if (!check.mechanism.empty())
            out << " (" << check.mechanism << ")";
        out << ", " << check.elapsed_ms << " ms\n";
    } else {
        out << "  => " << to_string(check.outcome) << ": " << check.message << "\n";
        if (!check.server_reply.empty())
            out << "     server said: " << check.server_reply << "\n";
    }
    for (const auto& alert : check.alerts)
        out << "  ALERT from the server: " << alert << "\n";
    for (const auto& warning : check.warnings)
        out << "  warning: " << warning << "\n";
    if (check.certificate && !check.certificate->verify_error.empty()) {
        const auto& c = *check.certificate;
        out << "  certificate: " << c.subject << "\n"
            << "    issuer:      " << c.issuer << "\n"
            << "    valid:       " << c.not_before << " .. " << c.not_after << "\n"
            << "    SHA-256:     " << c.sha256_fingerprint << "\n"
            << "    problem:     " << c.verify_error << "\n";
    }
}

void print_verify_text(std::ostream& out, const VerifyReport& report, bool verbose) {
    print_check_text(out, "Incoming", report.incoming, verbose);
    out << "\n";
    print_check_text(out, "Outgoing", report.outgoing, verbose);
    out << "\nDiagnosis:\n";
    for (const auto& line : report.diagnosis)
        out << "  - " << line << "\n";
}

} // namespace maillab::cli
