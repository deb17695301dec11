// How `maillab verify --batch` prints: one line per account, or a JSON array, and a summary.
#pragma once

#include "maillab/model/account.hpp"
#include "maillab/verify/verify.hpp"

#include <chrono>
#include <ostream>
#include <string>
#include <vector>

namespace maillab::cli {

struct BatchSummary {
    std::size_t accounts = 0;
    std::size_t ok = 0;
    std::chrono::steady_clock::duration wall{};
    std::size_t failed() const { return accounts - ok; }
};

BatchSummary summarize(const std::vector<VerifyReport>& reports,
                       std::chrono::steady_clock::duration wall);

// "ok      alice@maillab.test  incoming ok 41 ms  outgoing ok 38 ms"; a failed side names its
// outcome and stage.
void print_batch_text(std::ostream& out, const std::vector<Account>& accounts,
                      const std::vector<VerifyReport>& reports);
// [{"email", "ok", "incoming": {...}, "outgoing": {...}, "diagnosis": [...]}, ...]
std::string batch_json(const std::vector<Account>& accounts,
                       const std::vector<VerifyReport>& reports);
// "200 accounts, 198 ok, 2 failed, wall 3.214 s, 62.2 accounts/s"
void print_batch_summary(std::ostream& out, const BatchSummary& summary);

} // namespace maillab::cli
