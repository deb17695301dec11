#include "net/transcript.hpp"

namespace maillab::net {
namespace {

// Keeps a transcript line printable: control bytes become \xNN, long lines are cut.
std::string printable(std::string_view text, std::size_t limit) {
    std::string out;
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) {
            static constexpr char digits[] = "0123456789ABCDEF";
            out += "\\x";
            out += digits[u >> 4];
            out += digits[u & 0xf];
        } else {
            out += c;
        }
        if (out.size() >= limit) {
            out += "…";
            break;
        }
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
