#include "maillab/protocol/dot_stuffing.hpp"

namespace maillab::smtp {

std::string dot_stuff(std::string_view message) {
    std::string out;
    out.reserve(message.size() + message.size() / 64 + 8);
    bool line_start = true;
    for (std::size_t i = 0; i < message.size(); ++i) {
        const char c = message[i];
        if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < message.size() && message[i + 1] == '\n')
                ++i;
            out += "\r\n";
            line_start = true;
            continue;
        }
        if (line_start && c == '.')
            out += '.';
        out += c;
        line_start = false;
    }
    if (!line_start)
        out += "\r\n";
    out += ".\r\n";
    return out;
}

} // namespace maillab::smtp
