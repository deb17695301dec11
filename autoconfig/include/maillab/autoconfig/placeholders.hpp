// clientConfig placeholders: %EMAILADDRESS%, %EMAILLOCALPART%, %EMAILDOMAIN%.
#pragma once

#include <string>
#include <string_view>

namespace maillab::autoconfig {

struct AddressParts {
    std::string_view address;    // local@domain
    std::string_view local_part;
    std::string_view domain;
};

// Replaces every known placeholder (case-sensitive, as Thunderbird does); unknown %WORDS% and
// lone percent signs are kept as they are.
std::string expand_placeholders(std::string_view text, const AddressParts& address);

} // namespace maillab::autoconfig
