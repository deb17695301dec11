// Finds a key given twice in one JSON object. Boost.JSON keeps the last value of a repeated key,
// so {"email": "alice@…", "email": "mallory@…"} would read differently here and in another
// tool; the account files refuse such a document instead.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace maillab::store_detail {

// The path of the first repeated key ("accounts[0].incoming.password"), or nullopt when every
// object's keys are distinct. `text` must already have parsed as JSON (this is a second pass).
std::optional<std::string> find_duplicate_key(std::string_view text);

} // namespace maillab::store_detail
