// A single forward scan over the bytes; no recursion and no allocation, so hostile input of any
// shape costs O(n) time and O(1) memory before a real parser ever sees it.
#include "maillab/autoconfig/untrusted_xml.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>

namespace maillab::autoconfig {

namespace {

FormatError error_at(std::string_view xml, std::string message, std::size_t offset) {
    return FormatError{std::move(message), line_of_offset(xml, offset), offset};
}

// Position of the first occurrence of `upper_needle` (upper-case ASCII) in `xml`, ASCII letters
// compared case-insensitively; npos when there is none. XML names are case-sensitive, but a
// parser may still accept "<!doctype", so every spelling is refused.
std::size_t find_ignoring_case(std::string_view xml, std::string_view upper_needle) {
    const auto upper = [](char c) {
        return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    };
    for (std::size_t at = xml.find(upper_needle.substr(0, 2)); at != std::string_view::npos;
         at = xml.find(upper_needle.substr(0, 2), at + 1)) {
        if (xml.size() - at < upper_needle.size()) {
            break;
        }
        bool match = true;
        for (std::size_t k = 2; k < upper_needle.size() && match; ++k) {
            match = upper(xml[at + k]) == upper_needle[k];
        }
        if (match) {
            return at;
        }
    }
    return std::string_view::npos;
}

// Position just past the end of the construct that starts at `from` and ends with `terminator`,
// or npos when it never ends (the parser will report that).
std::size_t skip_past(std::string_view xml, std::size_t from, std::string_view terminator) {
    const std::size_t end = xml.find(terminator, from);
    return end == std::string_view::npos ? end : end + terminator.size();
}

// Past the '>' that closes a tag starting at `from`; '>' inside quoted attribute values does not
// count. npos when the tag never closes.
std::size_t skip_tag(std::string_view xml, std::size_t from) {
    char quote = 0;
    for (std::size_t i = from; i < xml.size(); ++i) {
        const char c = xml[i];
        if (quote != 0) {
            if (c == quote) {
                quote = 0;
            }
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>') {
            return i + 1;
        }
    }
    return std::string_view::npos;
}

// Past the comment, CDATA section or processing instruction that starts at `at` (npos when it
// never ends); nullopt when none starts there. Their contents are text, not markup.
std::optional<std::size_t> skip_text_section(std::string_view xml, std::size_t at) {
    const std::string_view rest = xml.substr(at);
    if (rest.starts_with("<!--"))
        return skip_past(xml, at + 4, "-->");
    if (rest.starts_with("<![CDATA["))
        return skip_past(xml, at + 9, "]]>");
    if (rest.starts_with("<?"))
        return skip_past(xml, at + 2, "?>");
    return std::nullopt;
}

std::optional<FormatError> check_depth(std::string_view xml, std::size_t max_depth) {
    std::size_t depth = 0;
    std::size_t i = 0;
    while (i < xml.size()) {
        const std::size_t open = xml.find('<', i);
        if (open == std::string_view::npos) {
            break;
        }
        const std::string_view rest = xml.substr(open);
        std::size_t next = 0;
        if (const auto section_end = skip_text_section(xml, open)) {
            next = *section_end;
        } else if (rest.starts_with("<!")) {
            next = skip_tag(xml, open + 2);
        } else if (rest.starts_with("</")) {
            depth -= depth > 0 ? 1 : 0;
            next = skip_tag(xml, open + 2);
        } else {
            if (depth + 1 > max_depth) {
                return error_at(
                    xml, "elements nested deeper than " + std::to_string(max_depth) + " levels",
                    open);
            }
            next = skip_tag(xml, open + 1);
            if (next != std::string_view::npos && xml[next - 2] != '/') {
                ++depth; // not self-closing
            }
        }
        if (next == std::string_view::npos) {
            break;
        }
        i = next;
    }
    return std::nullopt;
}

// Past a numeric character reference's digits and ';' starting at `at` ("&#..."), with its
// value (saturated above U+10FFFF); nullopt when it is no complete reference (the parser then
// keeps the text as it is).
struct CharacterReference {
    std::size_t end = 0;
    std::uint32_t value = 0;
};
std::optional<CharacterReference> numeric_reference(std::string_view xml, std::size_t at) {
    std::size_t i = at + 2;
    const bool hex = i < xml.size() && xml[i] == 'x';
    i += hex ? 1 : 0;
    const std::size_t digits = i;
    std::uint32_t value = 0;
    for (; i < xml.size(); ++i) {
        const auto c = static_cast<unsigned char>(xml[i]);
        int digit = -1;
        if (std::isdigit(c))
            digit = c - '0';
        else if (hex && std::isxdigit(c))
            digit = std::tolower(c) - 'a' + 10;
        if (digit < 0)
            break;
        value = std::min<std::uint32_t>(value * (hex ? 16 : 10) + static_cast<std::uint32_t>(digit),
                                        0x110000);
    }
    if (i == digits || i >= xml.size() || xml[i] != ';')
        return std::nullopt;
    return CharacterReference{i + 1, value};
}

// XML 1.0 §4.1, well-formedness constraint "Legal Character": a character reference names a
// Unicode scalar value. The parser decodes one above U+10FFFF, a surrogate or NUL into bytes
// that are not UTF-8 (or a cut string), so such a reference at `at` is refused. `next` is set
// past a complete reference, else past its '&'.
std::optional<FormatError> refuse_illegal_reference(std::string_view xml, std::size_t at,
                                                    std::size_t& next) {
    next = at + 1;
    if (!xml.substr(at).starts_with("&#"))
        return std::nullopt;
    const auto reference = numeric_reference(xml, at);
    if (!reference)
        return std::nullopt;
    const std::uint32_t v = reference->value;
    if (v == 0 || (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF)
        return error_at(
            xml,
            "character reference " +
                std::string(xml.substr(at, std::min<std::size_t>(reference->end - at, 16))) +
                " is not a Unicode character",
            at);
    next = reference->end;
    return std::nullopt;
}

// Every character reference in text and in quoted attribute values, checked as above.
// References inside comments, CDATA sections and processing instructions are text, not
// references; a "<!--" or "<?" inside an attribute value starts none of those.
std::optional<FormatError> check_character_references(std::string_view xml) {
    std::size_t i = 0;
    std::size_t next = 0;
    while (i < xml.size()) {
        const std::size_t at = xml.find_first_of("<&", i);
        if (at == std::string_view::npos)
            break;
        if (xml[at] == '&') {
            if (auto error = refuse_illegal_reference(xml, at, next))
                return error;
            i = next;
            continue;
        }
        if (const auto section_end = skip_text_section(xml, at)) {
            if (*section_end == std::string_view::npos)
                break; // never ends: the parser refuses the document
            i = *section_end;
            continue;
        }
        // A tag, to its '>' (not one inside a quoted value); references in it are in values.
        const std::size_t tag_end = std::min(skip_tag(xml, at + 1), xml.size());
        for (std::size_t amp = xml.find('&', at); amp < tag_end; amp = xml.find('&', next)) {
            if (auto error = refuse_illegal_reference(xml, amp, next))
                return error;
        }
        i = tag_end;
    }
    return std::nullopt;
}

bool declares_latin1(std::string_view xml) {
    if (!xml.starts_with("<?xml"))
        return false;
    // The declaration ends at its first '>', which must be "?>": an encoding named further on
    // is not the declaration's (and the parser would not convert by it).
    const std::size_t close = xml.find('>');
    if (close == std::string_view::npos || close == 0 || xml[close - 1] != '?')
        return false;
    const std::string_view declaration = xml.substr(0, close);
    std::string lower(declaration);
    std::ranges::transform(lower, lower.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const std::size_t at = lower.find("encoding=");
    if (at == std::string::npos || at + 10 > lower.size())
        return false;
    const char quote = lower[at + 9];
    const std::size_t end = lower.find(quote, at + 10);
    if ((quote != '"' && quote != '\'') || end == std::string::npos)
        return false;
    const std::string value = lower.substr(at + 10, end - at - 10);
    return value == "iso-8859-1" || value == "latin1";
}

} // namespace

// Documents are UTF-8 unless their XML declaration names Latin-1 ("ISO-8859-1" or "latin1"),
// the one other encoding the XML parser converts; the parser is then told which of the two it
// reads, never left to guess from a declaration it may read differently.
XmlEncoding untrusted_xml_encoding(std::string_view xml) {
    return declares_latin1(xml) ? XmlEncoding::latin1 : XmlEncoding::utf8;
}

// The offset of the first byte that does not belong to a well-formed UTF-8 sequence (overlong
// forms, surrogates and code points above U+10FFFF included), or npos.
std::size_t first_invalid_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        unsigned char low = 0x80, high = 0xBF; // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            low = c == 0xE0 ? 0xA0 : 0x80;
            high = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            low = c == 0xF0 ? 0x90 : 0x80;
            high = c == 0xF4 ? 0x8F : 0xBF;
        } else {
            return i;
        }
        if (i + length > text.size())
            return i;
        for (std::size_t k = 1; k < length; ++k) {
            const auto b = static_cast<unsigned char>(text[i + k]);
            if (k == 1 ? (b < low || b > high) : (b & 0xC0) != 0x80)
                return i;
        }
        i += length;
    }
    return std::string_view::npos;
}

std::size_t line_of_offset(std::string_view text, std::size_t offset) {
    const std::string_view before = text.substr(0, std::min(offset, text.size()));
    return 1 + static_cast<std::size_t>(std::ranges::count(before, '\n'));
}

std::optional<FormatError> check_untrusted_xml(std::string_view xml, const XmlLimits& limits) {
    if (xml.size() > limits.max_bytes) {
        return error_at(xml,
                        "document is " + std::to_string(xml.size()) + " bytes, more than the " +
                            std::to_string(limits.max_bytes) + "-byte limit",
                        limits.max_bytes);
    }
    if (const std::size_t nul = xml.find('\0'); nul != std::string_view::npos) {
        return error_at(xml, "NUL byte in the document", nul);
    }
    // Refused anywhere (even inside comments) and in any letter case: no DTD, so no entity
    // expansion and no external fetch can happen, whatever parser comes next.
    if (const std::size_t doctype = find_ignoring_case(xml, "<!DOCTYPE");
        doctype != std::string_view::npos) {
        return error_at(xml, "<!DOCTYPE> refused: DTDs and entity declarations are not allowed",
                        doctype);
    }
    if (const std::size_t entity = find_ignoring_case(xml, "<!ENTITY");
        entity != std::string_view::npos) {
        return error_at(xml, "<!ENTITY> refused: DTDs and entity declarations are not allowed",
                        entity);
    }
    if (!declares_latin1(xml)) {
        if (const std::size_t bad = first_invalid_utf8(xml); bad != std::string_view::npos) {
            return error_at(xml, "invalid UTF-8 in the document", bad);
        }
    }
    if (auto reference = check_character_references(xml))
        return reference;
    return check_depth(xml, limits.max_depth);
}

} // namespace maillab::autoconfig
