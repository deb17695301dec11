// Host names in provider documents written with non-ASCII letters or as punycode: kept in their
// ASCII (punycode) form, which is what DNS and certificates see, with a warning, because letters
// of other scripts can pass for Latin ones (imap.аpple.com with a Cyrillic 'а').
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace maillab::autoconfig::detail {

struct IdnHost {
    std::string ascii;                  // the name to show and use; the input when unconvertible
    std::optional<std::string> warning; // set for every internationalized or invalid IDN name
};

IdnHost check_idn_host(std::string_view host);

} // namespace maillab::autoconfig::detail
