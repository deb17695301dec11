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

// --- Readers of untrusted documents (clientConfig, Autodiscover, mobileconfig) ---------------

// A message or warning is one line: quoted values have their control characters escaped.
inline bool one_line(std::string_view text) {
    for (char c : text)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            return false;
    return true;
}

inline bool has_space_or_control(std::string_view text) {
    for (char c : text)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
            return true;
    return false;
}

// A refusal or warning says something, on one line.
inline void check_message(std::string_view message) {
    FUZZ_CHECK(!message.empty());
    FUZZ_CHECK(one_line(message));
}

// Reads the fuzz input with `parse` (a reader returning a Result); a refusal must be a message.
template <class Parse> auto read_input(Parse parse, const std::uint8_t* data, std::size_t size) {
    auto parsed = parse(as_text(data, size));
    if (!parsed)
        check_message(parsed.error().message);
    return parsed;
}

// What every reader keeps of a server: a type it supports (imap or pop3 incoming, smtp
// outgoing), a host name without spaces or control characters, and a port.
template <class Server> void check_server_entry(const Server& server, bool incoming) {
    if (incoming)
        FUZZ_CHECK(server.type == "imap" || server.type == "pop3");
    else
        FUZZ_CHECK(server.type == "smtp");
    FUZZ_CHECK(!server.hostname.empty() && !has_space_or_control(server.hostname));
    FUZZ_CHECK(server.port != 0);
}

// A ProviderConfig a reader made: every warning a message, every server checked with
// `check_server(server, incoming)`.
template <class Config, class CheckServer>
void check_provider_config(const Config& config, CheckServer check_server) {
    for (const auto& warning : config.warnings)
        check_message(warning);
    for (const auto& server : config.incoming)
        check_server(server, true);
    for (const auto& server : config.outgoing)
        check_server(server, false);
}

// What a reader made of the writer's output: it must read; if not, say why before failing.
template <class Parsed> void check_read_back(const Parsed& reread) {
    if (!reread)
        std::fprintf(stderr, "re-parse failed: %s (line %zu)\n", reread.error().message.c_str(),
                     reread.error().line);
    FUZZ_CHECK(reread.ok());
}

inline bool has_no_lowercase_ascii(std::string_view s) {
    for (char c : s)
        if (c >= 'a' && c <= 'z')
            return false;
    return true;
}

} // namespace maillab::fuzz
