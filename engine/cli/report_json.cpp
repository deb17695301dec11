#include "report.hpp"

#include <boost/json.hpp>

namespace maillab::cli {
namespace {

namespace json = boost::json;

json::array strings(const std::vector<std::string>& list) {
    json::array out;
    for (const auto& s : list)
        out.emplace_back(s);
    return out;
}

json::value certificate_json(const CertificateDetails& c) {
    return json::object{{"subject", c.subject},
                        {"issuer", c.issuer},
                        {"subject_alt_names", strings(c.subject_alt_names)},
                        {"not_before", c.not_before},
                        {"not_after", c.not_after},
                        {"sha256_fingerprint", c.sha256_fingerprint},
                        {"verify_error", c.verify_error},
                        {"expired", c.expired},
                        {"self_signed", c.self_signed},
                        {"name_mismatch", c.name_mismatch}};
}

json::value check_json(const CheckResult& c) {
    json::array steps;
    for (const auto& s : c.steps)
        steps.push_back(json::object{{"stage", s.stage},
                                     {"host", s.host},
                                     {"port", s.port},
                                     {"direction", to_string(s.direction)},
                                     {"text", s.text},
                                     {"elapsed_ms", s.elapsed_ms}});
    json::object out{{"ok", c.ok()},
                     {"outcome", to_string(c.outcome)},
                     {"message", c.message},
                     {"server_reply", c.server_reply},
                     {"steps", std::move(steps)},
                     {"host", c.host},
                     {"port", c.port},
                     {"security", to_string(c.security)},
                     {"protocol", to_string(c.role)},
                     {"mechanism", c.mechanism},
                     {"reply_code", c.reply_code},
                     {"enhanced_status", c.enhanced_status},
                     {"capabilities", strings(c.capabilities)},
                     {"alerts", strings(c.alerts)},
                     {"warnings", strings(c.warnings)},
                     {"credentials_sent", c.credentials_sent},
                     {"failed_stage", c.failed_stage},
                     {"elapsed_ms", c.elapsed_ms}};
    out["certificate"] = c.certificate ? certificate_json(*c.certificate) : json::value(nullptr);
    return out;
}

} // namespace

std::string verify_report_json(const VerifyReport& report) {
    json::object root{{"incoming", check_json(report.incoming)},
                      {"outgoing", check_json(report.outgoing)},
                      {"diagnosis", strings(report.diagnosis)}};
    return json::serialize(root);
}

} // namespace maillab::cli
