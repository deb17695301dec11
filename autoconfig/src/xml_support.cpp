// The shared XML pieces of maillab_autoconfig; see xml_support.hpp.
#include "xml_support.hpp"

#include "maillab/autoconfig/untrusted_xml.hpp"

#include <algorithm>

namespace maillab::autoconfig::detail {

bool is_xml_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string_view trim_xml_space(std::string_view text) {
    while (!text.empty() && is_xml_space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_xml_space(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return std::ranges::equal(a, b,
                              [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

bool is_control(unsigned char c) {
    return c < 0x20 || c == 0x7f;
}

bool has_space_or_control(std::string_view text) {
    return std::ranges::any_of(text, [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte == ' ' || is_control(byte);
    });
}

std::string quoted(std::string_view value, std::size_t max_shown) {
    std::string out = "\"";
    for (std::size_t i = 0; i < value.size() && i < max_shown; ++i) {
        const auto c = static_cast<unsigned char>(value[i]);
        if (is_control(c)) {
            constexpr std::string_view hex = "0123456789abcdef";
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 0xf];
        } else if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else {
            out += static_cast<char>(c);
        }
    }
    if (value.size() > max_shown) {
        out += "...";
    }
    out += '"';
    return out;
}

std::string_view local_name(pugi::xml_node node) {
    const std::string_view name = node.name();
    const std::size_t colon = name.rfind(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child_named(pugi::xml_node parent, std::string_view name) {
    for (pugi::xml_node child : parent.children()) {
        if (child.type() == pugi::node_element && local_name(child) == name) {
            return child;
        }
    }
    return {};
}

std::string raw_text_of(pugi::xml_node node) {
    std::string text;
    for (pugi::xml_node child : node.children()) {
        if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
            text += child.value();
        }
    }
    return text;
}

std::string text_of(pugi::xml_node node) {
    return std::string(trim_xml_space(raw_text_of(node)));
}

std::size_t offset_of(pugi::xml_node node) {
    const std::ptrdiff_t offset = node.offset_debug();
    if (offset < 0) {
        return 0;
    }
    // pugixml points at an element's name; point at its '<'.
    return static_cast<std::size_t>(offset) - (node.type() == pugi::node_element ? 1 : 0);
}

namespace {

// What the parser made of the bytes, checked once more: every name and value must be UTF-8.
// The scan before parsing decides the encoding and refuses bad references, but only the parser
// knows which text is markup; this walk (iterative, like pugixml's traversal) is the last word.
class Utf8Walker : public pugi::xml_tree_walker {
  public:
    bool for_each(pugi::xml_node& node) override {
        if (bad(node.name()) || bad(node.value())) {
            offset = offset_of(node);
            return false;
        }
        for (const pugi::xml_attribute& attribute : node.attributes()) {
            if (bad(attribute.name()) || bad(attribute.value())) {
                offset = offset_of(node);
                return false;
            }
        }
        return true;
    }
    std::optional<std::size_t> offset;

  private:
    static bool bad(const char* text) { return first_invalid_utf8(text) != std::string_view::npos; }
};

std::optional<FormatError> check_parsed_text(pugi::xml_document& document, std::string_view xml) {
    Utf8Walker walker;
    document.traverse(walker);
    if (!walker.offset)
        return std::nullopt;
    return FormatError{"a character reference or text that is not UTF-8 in the document",
                       line_of_offset(xml, *walker.offset), *walker.offset};
}

} // namespace

std::optional<FormatError> load_untrusted_xml(pugi::xml_document& document, std::string_view xml,
                                              unsigned parse_options) {
    if (auto refused = check_untrusted_xml(xml)) {
        return refused;
    }
    const pugi::xml_encoding encoding = untrusted_xml_encoding(xml) == XmlEncoding::latin1
                                            ? pugi::encoding_latin1
                                            : pugi::encoding_utf8;
    const pugi::xml_parse_result parsed =
        document.load_buffer(xml.data(), xml.size(), parse_options, encoding);
    if (!parsed) {
        const auto offset = static_cast<std::size_t>(std::max<std::ptrdiff_t>(parsed.offset, 0));
        return FormatError{std::string("XML syntax error: ") + parsed.description(),
                           line_of_offset(xml, offset), offset};
    }
    return check_parsed_text(document, xml);
}

pugi::xml_document new_document(const char* encoding) {
    pugi::xml_document document;
    pugi::xml_node declaration = document.append_child(pugi::node_declaration);
    declaration.append_attribute("version") = "1.0";
    declaration.append_attribute("encoding") = encoding;
    return document;
}

namespace {

struct StringWriter : pugi::xml_writer {
    std::string out;
    void write(const void* data, std::size_t size) override {
        out.append(static_cast<const char*>(data), size);
    }
};

} // namespace

std::string save_document(const pugi::xml_document& document) {
    StringWriter writer;
    document.save(writer, "  ", pugi::format_indent, pugi::encoding_utf8);
    std::string out;
    out.reserve(writer.out.size());
    for (const char c : writer.out) {
        if (c == '\r') {
            out += "&#13;";
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace maillab::autoconfig::detail
