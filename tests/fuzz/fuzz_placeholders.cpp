// libFuzzer target: clientConfig placeholder expansion. The first input line is the address
// (split at its last '@'), the rest is the text to expand.
#include "fuzz_util.hpp"
#include "maillab/autoconfig/placeholders.hpp"

#include <string>

namespace {

std::size_t count_of(std::string_view text, char c) {
    std::size_t n = 0;
    for (char x : text)
        n += x == c;
    return n;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using maillab::autoconfig::AddressParts;
    using maillab::autoconfig::expand_placeholders;
    const auto input = maillab::fuzz::as_text(data, size);
    const auto newline = input.find('\n');
    const std::string_view address = input.substr(0, newline);
    const std::string_view text =
        newline == std::string_view::npos ? std::string_view{} : input.substr(newline + 1);
    const auto at = address.rfind('@');
    const AddressParts parts{address, address.substr(0, at),
                             at == std::string_view::npos ? std::string_view{}
                                                          : address.substr(at + 1)};

    const std::string expanded = expand_placeholders(text, parts);
    if (text.find('%') == std::string_view::npos)
        FUZZ_CHECK(expanded == text);

    // Each placeholder replaced by itself: the text is unchanged.
    const AddressParts itself{"%EMAILADDRESS%", "%EMAILLOCALPART%", "%EMAILDOMAIN%"};
    FUZZ_CHECK(expand_placeholders(text, itself) == text);

    // Count the replacements with marker bytes (when the text has none), then check the length.
    if (count_of(text, '\x01') + count_of(text, '\x02') + count_of(text, '\x03') == 0) {
        const std::string marked = expand_placeholders(text, {"\x01", "\x02", "\x03"});
        const std::size_t n_address = count_of(marked, '\x01');
        const std::size_t n_local = count_of(marked, '\x02');
        const std::size_t n_domain = count_of(marked, '\x03');
        FUZZ_CHECK(marked.size() == text.size() - 13 * n_address - 15 * n_local - 12 * n_domain);
        FUZZ_CHECK(expanded.size() == text.size() + n_address * parts.address.size() +
                                          n_local * parts.local_part.size() +
                                          n_domain * parts.domain.size() - 14 * n_address -
                                          16 * n_local - 13 * n_domain);
        // With empty parts every placeholder simply disappears.
        const std::string removed = expand_placeholders(text, {});
        FUZZ_CHECK(removed.size() == marked.size() - n_address - n_local - n_domain);
    }
    return 0;
}
