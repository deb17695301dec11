// Reading a batch file for `maillab verify --batch FILE`: many accounts of the account file's
// shape, as JSON lines (one object a line) or as one JSON array.
#pragma once

#include "maillab/model/account.hpp"
#include "maillab/result.hpp"

#include <string>
#include <vector>

namespace maillab::cli {

struct AccountBatch {
    std::vector<Account> accounts;
    bool holds_passwords = false;    // some account carries its own password
    bool readable_by_others = false; // group or other may read the file
};

// At most 64 MiB and 100000 accounts. Errors name the file and the line (JSON lines) or the
// account's position (array), and never quote a password.
Result<AccountBatch> load_account_batch(const std::string& path);

} // namespace maillab::cli
