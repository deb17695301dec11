#include "net/transcript.hpp"

namespace maillab::net {
namespace {

// Length of the valid UTF-8 sequence starting at text[i], or 0 when it is not one.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    std::size_t length = lead >= 0xF0 && lead <= 0xF4   ? 4
                         : lead >= 0xE0                 ? 3
                         : lead >= 0xC2 && lead <= 0xDF ? 2
                                                        : 0;
    if (length == 0 || i + length > text.size())
        return 0;
    for (std::size_t k = 1; k < length; ++k)
        if ((byte(i + k) & 0xC0) != 0x80)
            return 0;
    if ((lead == 0xE0 && byte(i + 1) < 0xA0) || (lead == 0xF0 && byte(i + 1) < 0x90) ||
        (lead == 0xF4 && byte(i + 1) > 0x8F) || (lead == 0xED && byte(i + 1) > 0x9F))
        return 0; // overlong, beyond U+10FFFF, or a surrogate
    return length;
}

// Keeps a transcript line printable and valid UTF-8: control bytes and bytes that are not UTF-8
// become \xNN; long lines are cut at a character boundary.
std::string printable(std::string_view text, std::size_t limit) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (out.size() >= limit) { // only when something is left out
            out += "\u2026";
            break;
        }
        const auto u = static_cast<unsigned char>(text[i]);
        if (u >= 0x20 && u < 0x7f) {
            out += text[i++];
            continue;
        }
        if (std::size_t length = u >= 0x80 ? utf8_sequence_length(text, i) : 0; length > 0) {
            out.append(text.substr(i, length));
            i += length;
            continue;
        }
        out += "\\x";
        out += digits[u >> 4];
        out += digits[u & 0xf];
        ++i;
    }
    return out;
}

} // namespace

Transcript::Transcript(std::string host, std::uint16_t port)
    : host_(std::move(host)), port_(port), start_(Clock::now()) {}

void Transcript::sent(std::string_view stage, std::string_view text) {
    add(stage, Direction::sent, text);
}
void Transcript::received(std::string_view stage, std::string_view text) {
    add(stage, Direction::received, text);
}
void Transcript::note(std::string_view stage, std::string_view text) {
    add(stage, Direction::note, text);
}

std::int64_t Transcript::elapsed_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start_).count();
}

void Transcript::add(std::string_view stage, Direction direction, std::string_view text) {
    if (steps_.size() >= max_steps) {
        ++dropped_;
        return;
    }
    steps_.push_back(Step{std::string(stage), host_, port_, direction, printable(text, max_text),
                          elapsed_ms()});
}

} // namespace maillab::net
