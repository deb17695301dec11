#include "maillab/protocol/imap_fetch.hpp"

#include "protocol/text_util.hpp"

#include <charconv>

namespace maillab::imap {
namespace {

std::optional<std::uint64_t> to_number(std::string_view digits) {
    if (digits.empty() || digits.size() > 19)
        return std::nullopt;
    std::uint64_t n = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (ec != std::errc{} || end != digits.data() + digits.size())
        return std::nullopt;
    return n;
}

bool is_atom_char(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u != 0x7f && c != '(' && c != ')' && c != '{' && c != '"';
}

class Tokenizer {
  public:
    explicit Tokenizer(std::string_view text) : text_(text) {}

    std::optional<std::vector<Value>> all() {
        std::vector<Value> out;
        if (!values(out, 0, false))
            return std::nullopt;
        return out;
    }

  private:
    // Reads values until the end (top level) or the closing parenthesis (in a list).
    bool values(std::vector<Value>& out, std::size_t depth, bool in_list) {
        while (true) {
            skip_spaces();
            if (pos_ >= text_.size())
                return !in_list;
            const char c = text_[pos_];
            if (c == ')') {
                if (!in_list)
                    return false;
                ++pos_;
                return true;
            }
            if (++count_ > max_values)
                return false;
            Value v;
            if (c == '(') {
                if (depth + 1 >= max_value_depth)
                    return false;
                ++pos_;
                v.kind = Value::Kind::list;
                if (!values(v.items, depth + 1, true))
                    return false;
            } else if (c == '"') {
                if (!quoted(v))
                    return false;
            } else if (c == '{' ||
                       (c == '~' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '{')) {
                if (!literal(v))
                    return false;
            } else if (!atom(v)) {
                return false;
            }
            out.push_back(std::move(v));
        }
    }

    void skip_spaces() {
        while (pos_ < text_.size() &&
               (text_[pos_] == ' ' || text_[pos_] == '\r' || text_[pos_] == '\n'))
            ++pos_;
    }

    bool quoted(Value& v) {
        ++pos_;
        v.kind = Value::Kind::string;
        while (pos_ < text_.size()) {
            char c = text_[pos_++];
            if (c == '"')
                return true;
            if (c == '\r' || c == '\n')
                return false;
            if (c == '\\') {
                if (pos_ >= text_.size())
                    return false;
                c = text_[pos_++];
            }
            v.text += c;
        }
        return false;
    }

    bool literal(Value& v) {
        if (text_[pos_] == '~')
            ++pos_; // literal8 (RFC 3516): the same shape
        auto close = text_.find('}', pos_);
        if (close == std::string_view::npos)
            return false;
        auto inside = text_.substr(pos_ + 1, close - pos_ - 1);
        if (!inside.empty() && inside.back() == '+')
            inside.remove_suffix(1);
        auto n = to_number(inside);
        pos_ = close + 1;
        if (!n || text_.substr(pos_, 2) != "\r\n")
            return false;
        pos_ += 2;
        if (*n > text_.size() - pos_)
            return false;
        v.kind = Value::Kind::string;
        v.text = std::string(text_.substr(pos_, static_cast<std::size_t>(*n)));
        pos_ += static_cast<std::size_t>(*n);
        return true;
    }

    // An atom; "[...]" belongs to it (with spaces and parentheses inside), so does "<...>".
    bool atom(Value& v) {
        const std::size_t start = pos_;
        while (pos_ < text_.size()) {
            const char c = text_[pos_];
            if (c == '[') {
                auto close = text_.find(']', pos_);
                if (close == std::string_view::npos)
                    return false;
                auto inside = text_.substr(pos_, close - pos_);
                if (inside.find_first_of("\r\n") != std::string_view::npos)
                    return false;
                pos_ = close + 1;
                continue;
            }
            if (!is_atom_char(c))
                break;
            ++pos_;
        }
        if (pos_ == start)
            return false;
        v.text = std::string(text_.substr(start, pos_ - start));
        if (text::iequals(v.text, "NIL"))
            v.kind = Value::Kind::nil;
        else if (to_number(v.text))
            v.kind = Value::Kind::number;
        else
            v.kind = Value::Kind::atom;
        return true;
    }

    std::string_view text_;
    std::size_t pos_ = 0;
    std::size_t count_ = 0;
};

// "BODY[]", "BODY[]<0>", "BODY.PEEK[]..." (some servers echo PEEK) or "RFC822".
bool is_whole_message(std::string_view name) {
    const std::string upper = text::upper(name);
    if (upper == "RFC822")
        return true;
    for (std::string_view prefix : {"BODY[]", "BODY.PEEK[]"})
        if (upper.rfind(prefix, 0) == 0) {
            auto rest = std::string_view(upper).substr(prefix.size());
            return rest.empty() || (rest.front() == '<' && rest.back() == '>');
        }
    return false;
}

} // namespace

std::optional<std::vector<Value>> parse_values(std::string_view response) {
    return Tokenizer(response).all();
}

std::optional<FetchData> parse_fetch(std::string_view response) {
    auto values = parse_values(response);
    if (!values || values->size() != 4)
        return std::nullopt;
    const auto& v = *values;
    if (v[0].kind != Value::Kind::atom || v[0].text != "*" || v[1].kind != Value::Kind::number ||
        !text::iequals(v[2].text, "FETCH") || v[3].kind != Value::Kind::list)
        return std::nullopt;
    auto sequence = to_number(v[1].text);
    if (!sequence || *sequence == 0 || *sequence > UINT32_MAX)
        return std::nullopt;
    FetchData out;
    out.sequence = static_cast<std::uint32_t>(*sequence);
    const auto& items = v[3].items;
    if (items.size() % 2 != 0)
        return std::nullopt;
    for (std::size_t i = 0; i < items.size(); i += 2) {
        const auto& name = items[i];
        const auto& value = items[i + 1];
        if (name.kind != Value::Kind::atom)
            return std::nullopt;
        const std::string upper = text::upper(name.text);
        if (upper == "UID") {
            auto uid = value.kind == Value::Kind::number ? to_number(value.text) : std::nullopt;
            if (!uid || *uid == 0 || *uid > UINT32_MAX)
                return std::nullopt;
            out.uid = static_cast<std::uint32_t>(*uid);
        } else if (upper == "FLAGS") {
            if (value.kind != Value::Kind::list)
                return std::nullopt;
            out.flags.clear();
            for (const auto& flag : value.items)
                if (flag.kind == Value::Kind::atom)
                    out.flags.push_back(flag.text);
        } else if (upper == "RFC822.SIZE") {
            auto size = value.kind == Value::Kind::number ? to_number(value.text) : std::nullopt;
            if (!size)
                return std::nullopt;
            out.size = static_cast<std::size_t>(*size);
        } else if (is_whole_message(name.text)) {
            if (value.kind == Value::Kind::nil)
                out.body = std::string{};
            else if (value.kind == Value::Kind::string)
                out.body = value.text;
            else
                return std::nullopt;
        }
    }
    return out;
}

std::optional<std::size_t> literal_size_at_end(std::string_view line) {
    if (line.size() < 3 || line.back() != '}')
        return std::nullopt;
    auto open = line.rfind('{');
    if (open == std::string_view::npos)
        return std::nullopt;
    auto inside = line.substr(open + 1, line.size() - open - 2);
    if (!inside.empty() && inside.back() == '+')
        inside.remove_suffix(1);
    auto n = to_number(inside);
    if (!n || *n > SIZE_MAX)
        return std::nullopt;
    return static_cast<std::size_t>(*n);
}

} // namespace maillab::imap
