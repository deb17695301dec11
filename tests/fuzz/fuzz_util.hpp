// Helpers shared by the libFuzzer targets in tests/fuzz (see README.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

// A broken invariant is a finding: name it and abort, so libFuzzer and the ctest replay both fail.
#define FUZZ_CHECK(condition)                                                                      \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
            std::abort();                                                                          \
        }                                                                                          \
    } while (false)

namespace maillab::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// Splits on LF and drops one CR before it, as Connection::read_line does; at most max_lines.
inline std::vector<std::string_view> split_lines(std::string_view text,
                                                 std::size_t max_lines = 1024) {
    std::vector<std::string_view> lines;
    while (!text.empty() && lines.size() < max_lines) {
        auto newline = text.find('\n');
        auto line = text.substr(0, newline);
        text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        lines.push_back(line);
    }
    return lines;
}

inline bool has_no_lowercase_ascii(std::string_view s) {
    for (char c : s)
        if (c >= 'a' && c <= 'z')
            return false;
    return true;
}

} // namespace maillab::fuzz
