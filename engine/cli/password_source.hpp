// Where a password comes from when the account file has none: --password-file,
// MAILLAB_PASSWORD, or a prompt on the terminal. Never argv.
#pragma once

#include "arguments.hpp"
#include "maillab/model/account.hpp"

namespace maillab::cli {

// The first line of a password file (never echoed, never in argv).
Result<std::string> read_password_file(const std::string& path);

// Fills every empty password of a server that logs in with one. Error: no source had one.
Status fill_missing_passwords(Account& account, const Arguments& args);

} // namespace maillab::cli
