// Pieces the XML readers and writers of maillab_autoconfig share: text helpers for values read
// from untrusted documents, element lookup by local name, loading a document through the
// untrusted-XML check, and saving one so that it reads back the same. Private to the library.
#pragma once

#include "maillab/autoconfig/provider_config.hpp"

#include <cstddef>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>

namespace maillab::autoconfig::detail {

// --- Text ---------------------------------------------------------------------------------------

// XML white space: space, tab, CR and LF.
bool is_xml_space(char c);

// `text` without leading and trailing XML white space.
std::string_view trim_xml_space(std::string_view text);

char ascii_lower(char c);
bool equals_ignoring_case(std::string_view a, std::string_view b);

// C0 control characters and DEL.
bool is_control(unsigned char c);
bool has_space_or_control(std::string_view text);

// A value quoted for a message or warning: control characters escaped as \xNN, '"' and '\'
// escaped with '\', values longer than `max_shown` bytes cut and ended with "...", so that a
// hostile document cannot forge lines in a log or flood it.
std::string quoted(std::string_view value, std::size_t max_shown = 64);

// --- Reading ------------------------------------------------------------------------------------

// The name without its namespace prefix: "a:Protocol" → "Protocol".
std::string_view local_name(pugi::xml_node node);

// The first element child with this local name; a null node when there is none.
pugi::xml_node child_named(pugi::xml_node parent, std::string_view name);

// An element's direct text and CDATA children joined (comments skipped), as written.
std::string raw_text_of(pugi::xml_node node);

// raw_text_of, trimmed of XML white space.
std::string text_of(pugi::xml_node node);

// Byte offset of a node in the document read; for an element, of its '<' (pugixml points at
// the name). 0 when pugixml does not know it.
std::size_t offset_of(pugi::xml_node node);

// Runs check_untrusted_xml on `xml`, then parses it into `document` with `parse_options`.
// nullopt when the document was read; otherwise the refusal, or the syntax error
// ("XML syntax error: ...") with its line and offset.
std::optional<FormatError> load_untrusted_xml(pugi::xml_document& document, std::string_view xml,
                                              unsigned parse_options = pugi::parse_default);

// --- Writing ------------------------------------------------------------------------------------

// An empty document with its XML declaration: version 1.0 and this encoding name.
pugi::xml_document new_document(const char* encoding);

// The document as UTF-8 text, indented by two spaces. pugixml escapes CR in attribute values but
// writes it raw in text, where a reader's end-of-line normalization would turn it into LF; every
// CR of the output is inside text and is written as &#13;, so that it reads back unchanged.
std::string save_document(const pugi::xml_document& document);

} // namespace maillab::autoconfig::detail
