// libFuzzer target: IMAP response lines, capability lists and LOGIN astrings.
#include "fuzz_util.hpp"
#include "maillab/protocol/imap_response.hpp"

#include <string>

namespace {

using maillab::fuzz::has_no_lowercase_ascii;

bool is_trimmed(std::string_view s) {
    return s.empty() || (s.front() != ' ' && s.front() != '\t' && s.back() != ' ' &&
                         s.back() != '\t' && s.back() != '\r');
}

void check_capabilities(std::string_view text) {
    const auto caps = maillab::imap::parse_capabilities(text);
    for (const auto& cap : caps) {
        FUZZ_CHECK(!cap.empty());
        FUZZ_CHECK(cap.find(' ') == std::string::npos);
        FUZZ_CHECK(has_no_lowercase_ascii(cap));
        FUZZ_CHECK(maillab::imap::has_capability(caps, cap));
    }
}

void check_astring(std::string_view value) {
    const auto astring = maillab::imap::make_astring(value);
    if (astring.literal) {
        FUZZ_CHECK(astring.text == value);
        bool needs_literal = false;
        for (char c : value) {
            auto u = static_cast<unsigned char>(c);
            needs_literal = needs_literal || u == 0 || u >= 0x80 || c == '\r' || c == '\n';
        }
        FUZZ_CHECK(needs_literal);
        return;
    }
    const std::string& quoted = astring.text;
    FUZZ_CHECK(quoted.size() >= 2 && quoted.front() == '"' && quoted.back() == '"');
    // Unquoting gives the value back; no unescaped quote inside; no CR, LF or NUL.
    std::string unquoted;
    for (std::size_t i = 1; i + 1 < quoted.size(); ++i) {
        char c = quoted[i];
        FUZZ_CHECK(c != '\r' && c != '\n' && c != '\0');
        FUZZ_CHECK(c != '"');
        if (c == '\\') {
            FUZZ_CHECK(i + 2 < quoted.size());
            c = quoted[++i];
            FUZZ_CHECK(c == '"' || c == '\\');
        }
        unquoted += c;
    }
    FUZZ_CHECK(unquoted == value);
}

void check_response(std::string_view line) {
    const auto response = maillab::imap::parse_response(line);
    if (line.empty())
        FUZZ_CHECK(!response);
    if (!response)
        return;
    FUZZ_CHECK(!response->tag.empty());
    FUZZ_CHECK(response->tag.find(' ') == std::string::npos);
    FUZZ_CHECK(is_trimmed(response->text));
    if (response->tag == "+") {
        FUZZ_CHECK(line.front() == '+');
        FUZZ_CHECK(response->status.empty() && response->data_kind.empty());
        return;
    }
    const auto& status = response->status;
    FUZZ_CHECK(status.empty() || status == "OK" || status == "NO" || status == "BAD" ||
               status == "BYE" || status == "PREAUTH");
    if (status.empty()) {
        FUZZ_CHECK(response->tag == "*"); // a tagged line must carry a status
        FUZZ_CHECK(!response->data_kind.empty());
        FUZZ_CHECK(has_no_lowercase_ascii(response->data_kind));
        FUZZ_CHECK(is_trimmed(response->data));
        if (response->data_kind == "CAPABILITY")
            check_capabilities(response->data);
    } else {
        FUZZ_CHECK(response->data_kind.empty() && response->data.empty());
    }
    FUZZ_CHECK(has_no_lowercase_ascii(response->code));
    FUZZ_CHECK(response->code.empty() || response->code.find(' ') == std::string::npos);
    FUZZ_CHECK(is_trimmed(response->code_args));
    if (response->code == "CAPABILITY")
        check_capabilities(response->code_args);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = maillab::fuzz::as_text(data, size);
    for (auto line : maillab::fuzz::split_lines(input)) {
        check_response(line);
        check_capabilities(line);
        check_astring(line);
    }
    check_astring(input);
    return 0;
}
