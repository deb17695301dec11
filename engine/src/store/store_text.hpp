// The store file's text: what AccountStore::load reads and AccountStore::save writes, without
// the file system (the fuzz target and the tests use it directly).
#pragma once

#include "maillab/model/account.hpp"
#include "maillab/result.hpp"

#include <string>
#include <string_view>

namespace maillab::store_detail {

// Errors name the problem and, for JSON errors, the line and column.
Result<Device> parse_store(std::string_view text);
// Passwords included: the store is the one place they are kept.
std::string store_text(const Device& device);

} // namespace maillab::store_detail
