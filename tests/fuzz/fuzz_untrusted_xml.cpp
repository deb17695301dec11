// libFuzzer target: the untrusted-XML gate (check_untrusted_xml) that every XML reader calls
// first. Never crashes; what it accepts has no NUL, DOCTYPE or ENTITY (in any case) and, when
// pugixml parses it the way the readers do, no element deeper than the limit (the plist reader
// recurses on that promise); limits behave monotonically.
#include "fuzz_util.hpp"
#include "maillab/autoconfig/untrusted_xml.hpp"

#include <pugixml.hpp>
#include <string>

namespace {

using namespace maillab::autoconfig;

bool contains_ignoring_case(std::string_view text, std::string_view upper_needle) {
    for (std::size_t i = 0; i + upper_needle.size() <= text.size(); ++i) {
        bool match = true;
        for (std::size_t k = 0; k < upper_needle.size() && match; ++k) {
            char c = text[i + k];
            if (c >= 'a' && c <= 'z')
                c = static_cast<char>(c - 'a' + 'A');
            match = c == upper_needle[k];
        }
        if (match)
            return true;
    }
    return false;
}

// Deepest element nesting of a parsed document, without recursion.
std::size_t element_depth(const pugi::xml_document& document) {
    std::size_t deepest = 0;
    std::size_t depth = 0;
    pugi::xml_node node = document.first_child();
    while (node) {
        if (node.type() == pugi::node_element)
            deepest = std::max(deepest, depth + 1);
        if (node.first_child()) {
            node = node.first_child();
            ++depth;
            continue;
        }
        while (node && !node.next_sibling()) {
            node = node.parent();
            if (!node || node == document)
                return deepest;
            --depth;
        }
        node = node.next_sibling();
    }
    return deepest;
}

void check_refusal(std::string_view xml, const FormatError& error) {
    FUZZ_CHECK(!error.message.empty());
    FUZZ_CHECK(error.offset <= xml.size());
    FUZZ_CHECK(error.line == line_of_offset(xml, error.offset));
}

void check(std::string_view xml, const XmlLimits& limits) {
    const auto refused = check_untrusted_xml(xml, limits);
    if (refused) {
        check_refusal(xml, *refused);
        // Tighter limits refuse too.
        if (limits.max_depth > 0)
            FUZZ_CHECK(check_untrusted_xml(xml, {limits.max_bytes, limits.max_depth - 1}));
        return;
    }
    FUZZ_CHECK(xml.size() <= limits.max_bytes);
    FUZZ_CHECK(xml.find('\0') == std::string_view::npos);
    FUZZ_CHECK(!contains_ignoring_case(xml, "<!DOCTYPE"));
    FUZZ_CHECK(!contains_ignoring_case(xml, "<!ENTITY"));
    // Looser limits accept too.
    FUZZ_CHECK(!check_untrusted_xml(xml, {limits.max_bytes + 1, limits.max_depth + 1}));

    // As the readers parse (plist adds parse_ws_pcdata_single, which does not change the depth).
    pugi::xml_document document;
    if (document.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_auto)) {
        const std::size_t depth = element_depth(document);
        if (depth > limits.max_depth)
            std::fprintf(stderr, "pugixml depth %zu, limit %zu\n", depth, limits.max_depth);
        FUZZ_CHECK(depth <= limits.max_depth);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = maillab::fuzz::as_text(data, size);
    check(input, XmlLimits{});
    check(input, XmlLimits{.max_bytes = 256, .max_depth = 4});
    check(input, XmlLimits{.max_bytes = 4096, .max_depth = 1});
    check(input, XmlLimits{.max_bytes = 0, .max_depth = 0});
    return 0;
}
