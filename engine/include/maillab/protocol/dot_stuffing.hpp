// The "." transparency of SMTP DATA (RFC 5321 section 4.5.2) and POP3 multi-line responses
// (RFC 1939 section 3).
#pragma once

#include <string>
#include <string_view>

namespace maillab::smtp {

// The message as DATA sends it: every line that starts with "." gets another "." in front, the
// text ends with CR LF (added when missing), then ".\r\n". Bare LF and CR become CR LF.
std::string dot_stuff(std::string_view message);

} // namespace maillab::smtp

namespace maillab::pop3 {

// One line of a multi-line response: true for the terminating ".".
inline bool is_terminator(std::string_view line) {
    return line == ".";
}

// The line without the extra "." a server puts in front of lines that start with ".".
inline std::string_view unstuff(std::string_view line) {
    return !line.empty() && line.front() == '.' ? line.substr(1) : line;
}

} // namespace maillab::pop3
