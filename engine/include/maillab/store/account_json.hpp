// The account file format of DESIGN.md ("the same shape `setup --json` prints under account").
#pragma once

#include "maillab/model/account.hpp"
#include "maillab/result.hpp"

#include <string>
#include <string_view>

namespace maillab {

enum class PasswordOutput { include, mask, omit };

// Parses one account object. Untrusted input: size and depth are capped, unknown keys ignored,
// wrong types and invalid values rejected with a message naming the field. Passwords are never
// part of an error message.
Result<Account> parse_account_json(std::string_view json_text);
std::string account_to_json(const Account& account, PasswordOutput passwords);

} // namespace maillab
