#include "maillab/autoconfig/placeholders.hpp"

#include <array>
#include <utility>

namespace maillab::autoconfig {

std::string expand_placeholders(std::string_view text, const AddressParts& address) {
    const std::array<std::pair<std::string_view, std::string_view>, 3> placeholders{{
        {"%EMAILADDRESS%", address.address},
        {"%EMAILLOCALPART%", address.local_part},
        {"%EMAILDOMAIN%", address.domain},
    }};
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        bool replaced = false;
        if (text[i] == '%') {
            for (const auto& [name, value] : placeholders) {
                if (text.substr(i, name.size()) == name) {
                    out += value;
                    i += name.size();
                    replaced = true;
                    break;
                }
            }
        }
        if (!replaced) {
            out += text[i];
            ++i;
        }
    }
    return out;
}

} // namespace maillab::autoconfig
