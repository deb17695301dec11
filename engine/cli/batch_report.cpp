#include "batch_report.hpp"

#include <boost/json.hpp>
#include <cstdio>

namespace maillab::cli {
namespace {

namespace json = boost::json;

std::string side_text(const char* name, const CheckResult& check) {
    std::string text = std::string(name) + " " + std::string(to_string(check.outcome));
    if (!check.ok() && !check.failed_stage.empty())
        text += " at " + check.failed_stage;
    return text + " " + std::to_string(check.elapsed_ms) + " ms";
}

json::object side_json(const CheckResult& check) {
    return json::object{{"ok", check.ok()},
                        {"outcome", to_string(check.outcome)},
                        {"failed_stage", check.failed_stage},
                        {"message", check.message},
                        {"server_reply", check.server_reply},
                        {"host", check.host},
                        {"port", check.port},
                        {"elapsed_ms", check.elapsed_ms}};
}

} // namespace

BatchSummary summarize(const std::vector<VerifyReport>& reports,
                       std::chrono::steady_clock::duration wall) {
    BatchSummary summary;
    summary.accounts = reports.size();
    for (const auto& report : reports)
        summary.ok += report.ok() ? 1 : 0;
    summary.wall = wall;
    return summary;
}

void print_batch_text(std::ostream& out, const std::vector<Account>& accounts,
                      const std::vector<VerifyReport>& reports) {
    for (std::size_t i = 0; i < reports.size(); ++i) {
        const auto& report = reports[i];
        out << (report.ok() ? "ok      " : "failed  ") << accounts[i].email << "  "
            << side_text("incoming", report.incoming) << "  "
            << side_text("outgoing", report.outgoing) << "\n";
    }
}

std::string batch_json(const std::vector<Account>& accounts,
                       const std::vector<VerifyReport>& reports) {
    json::array out;
    for (std::size_t i = 0; i < reports.size(); ++i) {
        json::array diagnosis;
        for (const auto& line : reports[i].diagnosis)
            diagnosis.emplace_back(line);
        out.push_back(json::object{{"email", accounts[i].email},
                                   {"ok", reports[i].ok()},
                                   {"incoming", side_json(reports[i].incoming)},
                                   {"outgoing", side_json(reports[i].outgoing)},
                                   {"diagnosis", std::move(diagnosis)}});
    }
    return json::serialize(out);
}

void print_batch_summary(std::ostream& out, const BatchSummary& summary) {
    const double seconds = std::chrono::duration<double>(summary.wall).count();
    char rate[64];
    std::snprintf(rate, sizeof rate, "wall %.3f s, %.1f accounts/s", seconds,
                  seconds > 0 ? static_cast<double>(summary.accounts) / seconds : 0.0);
    out << summary.accounts << " accounts, " << summary.ok << " ok, " << summary.failed()
        << " failed, " << rate << "\n";
}

} // namespace maillab::cli
