#include "mail/transfer_encoding.hpp"

#include "maillab/base64.hpp"

#include <cstdint>

namespace maillab::mail_detail {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

constexpr char hex_digits[] = "0123456789ABCDEF";

} // namespace

std::string decode_quoted_printable(std::string_view text, bool header) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (header && c == '_') {
            out += ' ';
            continue;
        }
        if (c != '=') {
            out += c;
            continue;
        }
        // Soft line break: "=" then optional trailing white space then CR LF (or LF).
        std::size_t j = i + 1;
        while (j < text.size() && (text[j] == ' ' || text[j] == '\t'))
            ++j;
        if (j < text.size() && (text[j] == '\r' || text[j] == '\n')) {
            if (text[j] == '\r' && j + 1 < text.size() && text[j + 1] == '\n')
                ++j;
            i = j;
            continue;
        }
        if (j == text.size() && j > i + 1) {
            i = j - 1; // "=" and spaces at the very end
            continue;
        }
        if (i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
            continue;
        }
        if (i + 1 == text.size())
            continue; // a lone "=" at the end: a soft break cut off
        out += c;
    }
    return out;
}

std::string decode_base64(std::string_view text) {
    std::string out;
    out.reserve(text.size() / 4 * 3 + 3);
    std::uint32_t group = 0;
    int bits = 0;
    for (char c : text) {
        if (c == '=')
            break;
        const int v = base64_digit(c);
        if (v < 0)
            continue;
        group = (group << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((group >> bits) & 0xFF);
        }
    }
    return out;
}

std::string encode_quoted_printable(std::string_view crlf_text) {
    std::string out;
    out.reserve(crlf_text.size() + crlf_text.size() / 8);
    std::size_t line_length = 0;
    auto emit = [&](std::string_view piece, bool last_in_line) {
        // Leave room for a soft break "=" unless this piece ends the line.
        const std::size_t room = last_in_line ? 76 : 75;
        if (line_length + piece.size() > room) {
            out += "=\r\n";
            line_length = 0;
        }
        out += piece;
        line_length += piece.size();
    };
    std::size_t start = 0;
    while (start <= crlf_text.size()) {
        auto end = crlf_text.find("\r\n", start);
        const bool has_break = end != std::string_view::npos;
        auto line = crlf_text.substr(start, has_break ? end - start : std::string_view::npos);
        for (std::size_t i = 0; i < line.size(); ++i) {
            const auto u = static_cast<unsigned char>(line[i]);
            const bool last = i + 1 == line.size();
            const bool trailing_space = last && (u == ' ' || u == '\t');
            if ((u >= 33 && u <= 126 && u != '=') || ((u == ' ' || u == '\t') && !trailing_space)) {
                emit(line.substr(i, 1), last);
            } else {
                const char encoded[3] = {'=', hex_digits[u >> 4], hex_digits[u & 0xF]};
                emit(std::string_view(encoded, 3), last);
            }
        }
        if (!has_break)
            break;
        out += "\r\n";
        line_length = 0;
        start = end + 2;
    }
    return out;
}

} // namespace maillab::mail_detail
