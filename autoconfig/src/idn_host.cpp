#include "idn_host.hpp"

#include "xml_support.hpp"

#include <algorithm>
#include <idn2.h>
#include <memory>

namespace maillab::autoconfig::detail {
namespace {

struct IdnFree {
    void operator()(char* p) const { idn2_free(p); }
};

std::string lower_ascii(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// IDNA 2008 (non-transitional) first, then transitional, as the engine's address checks do.
std::optional<std::string> to_ascii(const std::string& name) {
    for (int flags : {IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL, IDN2_NFC_INPUT | IDN2_TRANSITIONAL}) {
        char* raw = nullptr;
        const int rc = idn2_to_ascii_8z(name.c_str(), &raw, flags);
        const std::unique_ptr<char, IdnFree> owned{raw};
        if (rc == IDN2_OK)
            return std::string(owned.get());
    }
    return std::nullopt;
}

bool has_a_label(std::string_view ascii) {
    for (std::size_t start = 0; start <= ascii.size();) {
        const auto dot = std::min(ascii.find('.', start), ascii.size());
        if (ascii.substr(start, dot - start).starts_with("xn--"))
            return true;
        start = dot + 1;
    }
    return false;
}

std::string lookalike_warning(const std::string& ascii) {
    return ascii + " is an internationalized host name (shown in punycode): its letters may come "
                   "from other scripts and look like those of a familiar name; check that it is "
                   "really the provider's server";
}

} // namespace

IdnHost check_idn_host(std::string_view host) {
    const bool non_ascii = std::any_of(
        host.begin(), host.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    if (non_ascii) {
        auto ascii = to_ascii(std::string(host));
        if (!ascii)
            return {std::string(host), quoted(host) + " is not a valid internationalized host "
                                                      "name: it cannot be used"};
        const std::string lowered = lower_ascii(*ascii);
        return {lowered, lookalike_warning(lowered)};
    }
    const std::string lowered = lower_ascii(std::string(host));
    if (has_a_label(lowered))
        return {lowered, lookalike_warning(lowered)};
    return {lowered, std::nullopt};
}

} // namespace maillab::autoconfig::detail
