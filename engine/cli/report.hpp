// How maillab prints verification results: a readable step list, or DESIGN.md's JSON.
#pragma once

#include "maillab/verify/verify.hpp"

#include <ostream>

namespace maillab::cli {

void print_check_text(std::ostream& out, const std::string& title, const CheckResult& check,
                      bool verbose);
void print_verify_text(std::ostream& out, const VerifyReport& report, bool verbose);
std::string verify_report_json(const VerifyReport& report);

} // namespace maillab::cli
