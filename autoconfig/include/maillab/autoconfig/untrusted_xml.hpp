// Limits for XML from the network or from files: refuse DTDs and entity declarations (no
// expansion, no external fetch), cap size and element depth. Every parser calls this first.
#pragma once

#include "maillab/autoconfig/provider_config.hpp"

#include <optional>
#include <string_view>

namespace maillab::autoconfig {

struct XmlLimits {
    std::size_t max_bytes = 1024 * 1024;
    std::size_t max_depth = 32;
};

// nullopt when the document may be parsed; otherwise the reason, with line and offset.
std::optional<FormatError> check_untrusted_xml(std::string_view xml, const XmlLimits& limits = {});

// The encoding the bytes were checked against, which the XML parser must be told (never left to
// detect it itself): Latin-1 only for a well-formed declaration naming it, else UTF-8.
enum class XmlEncoding { utf8, latin1 };
XmlEncoding untrusted_xml_encoding(std::string_view xml);

// The offset of the first byte that does not belong to a well-formed UTF-8 sequence (overlong
// forms, surrogates and code points above U+10FFFF included), or npos.
std::size_t first_invalid_utf8(std::string_view text);

// 1-based line number of a byte offset.
std::size_t line_of_offset(std::string_view text, std::size_t offset);

} // namespace maillab::autoconfig
