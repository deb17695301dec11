#include "mail/encoded_words.hpp"

#include "mail/charset.hpp"
#include "mail/transfer_encoding.hpp"
#include "maillab/protocol/sasl.hpp"

#include <optional>

namespace maillab::mail_detail {
namespace {

struct EncodedWord {
    std::size_t length = 0; // of the whole "=?...?=" in the input
    std::string decoded;    // UTF-8
};

// An encoded word at value[pos] ("=?charset?B|Q?text?="), decoded; nullopt when there is none
// or its charset is unknown.
std::optional<EncodedWord> encoded_word_at(std::string_view value, std::size_t pos) {
    if (value.compare(pos, 2, "=?") != 0)
        return std::nullopt;
    const auto q1 = value.find('?', pos + 2);
    if (q1 == std::string_view::npos || q1 + 2 >= value.size() || value[q1 + 2] != '?')
        return std::nullopt;
    const auto end = value.find("?=", q1 + 3);
    if (end == std::string_view::npos)
        return std::nullopt;
    auto charset = value.substr(pos + 2, q1 - pos - 2);
    if (auto star = charset.find('*'); star != std::string_view::npos)
        charset = charset.substr(0, star); // RFC 2231 language suffix
    const char encoding = value[q1 + 1];
    const auto text = value.substr(q1 + 3, end - q1 - 3);
    if (text.find(' ') != std::string_view::npos || charset.empty())
        return std::nullopt;
    std::string bytes;
    if (encoding == 'B' || encoding == 'b')
        bytes = decode_base64(text);
    else if (encoding == 'Q' || encoding == 'q')
        bytes = decode_quoted_printable(text, true);
    else
        return std::nullopt;
    auto utf8 = to_utf8(bytes, charset);
    if (!utf8)
        return std::nullopt;
    return EncodedWord{end + 2 - pos, std::move(*utf8)};
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

} // namespace

std::string decode_header_text(std::string_view value) {
    std::string out;
    std::string pending_space; // white space after an encoded word, dropped if another follows
    bool after_word = false;
    std::size_t i = 0;
    while (i < value.size()) {
        if (auto word = encoded_word_at(value, i)) {
            if (!after_word)
                out += pending_space;
            pending_space.clear();
            out += word->decoded;
            i += word->length;
            after_word = true;
            continue;
        }
        if (is_space(value[i])) {
            pending_space += value[i] == '\t' ? ' ' : value[i];
            ++i;
            continue;
        }
        out += pending_space;
        pending_space.clear();
        after_word = false;
        out += value[i++];
    }
    out += pending_space;
    return sanitize_utf8(out);
}

std::string encode_header_text(std::string_view utf8) {
    const std::string text = sanitize_utf8(utf8);
    constexpr std::size_t max_chunk = 45; // 60 base64 characters: a 72-character word
    std::string out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t length = std::min(max_chunk, text.size() - pos);
        if (pos + length < text.size())
            length = utf8_prefix(std::string_view(text).substr(pos), length).size();
        if (length == 0)
            length = 1; // cannot happen for valid UTF-8; avoids a loop
        if (!out.empty())
            out += "\r\n ";
        out +=
            "=?utf-8?B?" + sasl::base64_encode(std::string_view(text).substr(pos, length)) + "?=";
        pos += length;
    }
    return out;
}

} // namespace maillab::mail_detail
