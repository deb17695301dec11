#include "maillab/autoconfig/provider_config.hpp"

#include <algorithm>
#include <cctype>

namespace maillab::autoconfig {

std::string_view to_string(SocketType socket_type) {
    switch (socket_type) {
    case SocketType::plain:
        return "plain";
    case SocketType::ssl:
        return "SSL";
    case SocketType::starttls:
        return "STARTTLS";
    }
    return "plain";
}

std::optional<SocketType> parse_socket_type(std::string_view text) {
    const auto equals_ignoring_case = [text](std::string_view word) {
        return std::ranges::equal(text, word, [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) ==
                   std::tolower(static_cast<unsigned char>(b));
        });
    };
    for (const SocketType type : {SocketType::plain, SocketType::ssl, SocketType::starttls}) {
        if (equals_ignoring_case(to_string(type))) {
            return type;
        }
    }
    return std::nullopt;
}

} // namespace maillab::autoconfig
