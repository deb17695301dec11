// Reading an account file (DESIGN.md's shape) for the commands that take ACCOUNT.json.
#pragma once

#include "maillab/model/account.hpp"
#include "maillab/result.hpp"

#include <string>

namespace maillab::cli {

// At most 1 MiB; errors name the file and, for bad content, the field or line.
Result<Account> load_account_file(const std::string& path);

} // namespace maillab::cli
