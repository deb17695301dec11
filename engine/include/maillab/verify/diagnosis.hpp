// Plain-words diagnosis of a verification: names the cause, not just the symptom.
#pragma once

#include "maillab/model/account.hpp"
#include "maillab/verify/check_result.hpp"

#include <string>
#include <vector>

namespace maillab {

std::vector<std::string> diagnose(const Account& account, const CheckResult& incoming,
                                  const CheckResult& outgoing);

// One check alone (used for each side and by the setup flow).
std::vector<std::string> diagnose_check(const CheckResult& check);

} // namespace maillab
