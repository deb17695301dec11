// How maillab prints verification results: a readable step list, or DESIGN.md's JSON.
#pragma once

#include "maillab/health/domain_health.hpp"
#include "maillab/verify/verify.hpp"

#include <boost/json/array.hpp>
#include <ostream>

namespace maillab::cli {

void print_check_text(std::ostream& out, const std::string& title, const CheckResult& check,
                      bool verbose);
void print_verify_text(std::ostream& out, const VerifyReport& report, bool verbose);
std::string verify_report_json(const VerifyReport& report);

// The domain's DNS checks: one line each ("verdict  name: summary"), or a JSON array of
// {"name", "verdict", "summary"}.
void print_domain_health(std::ostream& out, const DomainHealthReport& health);
boost::json::array domain_health_json(const DomainHealthReport& health);

} // namespace maillab::cli
