// XML plist reader and writer. The reader walks pugixml's tree (depth is bounded by the
// untrusted-XML check, so recursion is safe); numbers go through std::from_chars, never pugixml's
// converters. The writer builds the text itself, in the layout Apple's tools use.
#include "plist.hpp"

#include "maillab/autoconfig/untrusted_xml.hpp"
#include "xml_support.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>
#include <pugixml.hpp>

namespace maillab::autoconfig::plist {

bool operator==(const Value& a, const Value& b) {
    return a.content == b.content;
}
bool operator==(const Entry& a, const Entry& b) {
    return a.key == b.key && a.value == b.value;
}

std::string_view kind_name(const Value& value) {
    constexpr std::array<std::string_view, 8> names{"string", "integer", "real",  "boolean",
                                                    "data",   "date",    "array", "dict"};
    return names[value.content.index()];
}

const Value* find(const Dict& dict, std::string_view key) {
    const auto it = std::ranges::find(dict, key, &Entry::key);
    return it == dict.end() ? nullptr : &it->value;
}

std::string path_key(std::string_view key) {
    constexpr std::size_t max_plain = 64;
    const bool plain = key.size() <= max_plain && std::ranges::none_of(key, [](char c) {
                           return detail::is_control(static_cast<unsigned char>(c));
                       });
    return plain ? std::string(key) : detail::quoted(key);
}

namespace {

constexpr std::string_view base64_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

using detail::is_xml_space;
using detail::offset_of;
using detail::quoted;
using detail::trim_xml_space;

// "YYYY-MM-DDTHH:MM:SSZ" with plausible field ranges (what Apple's writer produces).
bool valid_date(std::string_view text) {
    constexpr std::string_view shape = "dddd-dd-ddTdd:dd:ddZ";
    if (text.size() != shape.size()) {
        return false;
    }
    for (std::size_t i = 0; i < shape.size(); ++i) {
        const bool ok = shape[i] == 'd' ? (text[i] >= '0' && text[i] <= '9') : text[i] == shape[i];
        if (!ok) {
            return false;
        }
    }
    const auto field = [text](std::size_t at) {
        return (text[at] - '0') * 10 + (text[at + 1] - '0');
    };
    const int month = field(5);
    const int day = field(8);
    return month >= 1 && month <= 12 && day >= 1 && day <= 31 && field(11) <= 23 &&
           field(14) <= 59 && field(17) <= 60;
}

class Reader {
  public:
    explicit Reader(std::string_view xml) : xml_(xml) {}

    Result<Value, FormatError> read(const pugi::xml_document& document) {
        const pugi::xml_node root = document.document_element();
        if (std::string_view(root.name()) != "plist") {
            return error_at(root,
                            "root element is <" + std::string(root.name()) + ">, not <plist>");
        }
        if (const pugi::xml_attribute version = root.attribute("version");
            version && std::string_view(version.value()) != "1.0") {
            return error_at(root, "plist version " + quoted(version.value()) +
                                      " is not supported (only 1.0)");
        }
        std::optional<Value> value;
        for (pugi::xml_node child : root.children()) {
            if (!child_is_value(child, "<plist>")) {
                if (error_) {
                    return std::move(*error_);
                }
                continue;
            }
            if (value) {
                return error_at(child, "<plist> holds more than one value");
            }
            value = read_value(child, "");
            if (error_) {
                return std::move(*error_);
            }
        }
        if (!value) {
            return error_at(root, "<plist> holds no value");
        }
        return std::move(*value);
    }

  private:
    FormatError error_at(pugi::xml_node node, std::string message) {
        const std::size_t offset = offset_of(node);
        return FormatError{std::move(message), line_of_offset(xml_, offset), offset};
    }

    void fail(pugi::xml_node node, const std::string& path, std::string message) {
        if (!error_) {
            error_ = error_at(node, path.empty() ? std::move(message) : path + ": " + message);
        }
    }

    // True for an element child; whitespace text is skipped; anything else inside a container is
    // an error (recorded in error_).
    bool child_is_value(pugi::xml_node child, std::string_view container,
                        const std::string& path = "") {
        if (child.type() == pugi::node_element) {
            return true;
        }
        if ((child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) &&
            !trim_xml_space(child.value()).empty()) {
            fail(child, path,
                 "text " + quoted(trim_xml_space(child.value())) + " inside " +
                     std::string(container));
        }
        return false;
    }

    // The text of an element that may hold only text (no child elements).
    std::optional<std::string> text_of(pugi::xml_node node, const std::string& path) {
        std::string text;
        for (pugi::xml_node child : node.children()) {
            if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
                text += child.value();
            } else if (child.type() == pugi::node_element) {
                fail(child, path,
                     "<" + std::string(child.name()) + "> inside <" + node.name() + ">");
                return std::nullopt;
            }
        }
        return text;
    }

    Value read_value(pugi::xml_node node, const std::string& path) {
        Value value = read_content(node, path);
        value.offset = offset_of(node);
        return value;
    }

    Value read_content(pugi::xml_node node, const std::string& path) {
        const std::string_view name = node.name();
        if (name == "dict") {
            return read_dict(node, path);
        }
        if (name == "array") {
            return read_array(node, path);
        }
        const std::optional<std::string> text = text_of(node, path);
        if (!text) {
            return {};
        }
        if (name == "string") {
            return *text;
        }
        if (name == "integer") {
            const std::string_view digits = trim_xml_space(*text);
            std::int64_t number = 0;
            const char* const end = digits.data() + digits.size();
            const auto [ptr, ec] = std::from_chars(digits.data(), end, number, 10);
            if (digits.empty() || ec != std::errc{} || ptr != end) {
                fail(node, path,
                     "<integer> " + quoted(digits) +
                         (ec == std::errc::result_out_of_range ? " is out of range"
                                                               : " is not a decimal integer"));
                return {};
            }
            return number;
        }
        if (name == "real") {
            const std::string_view digits = trim_xml_space(*text);
            double number = 0;
            const char* const end = digits.data() + digits.size();
            const auto [ptr, ec] = std::from_chars(digits.data(), end, number);
            if (digits.empty() || ec != std::errc{} || ptr != end) {
                fail(node, path, "<real> " + quoted(digits) + " is not a number");
                return {};
            }
            return number;
        }
        if (name == "true" || name == "false") {
            if (!trim_xml_space(*text).empty()) {
                fail(node, path,
                     "<" + std::string(name) + "/> holds text " + quoted(trim_xml_space(*text)));
                return {};
            }
            return name == "true";
        }
        if (name == "data") {
            std::optional<Data> bytes = base64_decode(*text);
            if (!bytes) {
                fail(node, path, "<data> is not valid base64");
                return {};
            }
            return std::move(*bytes);
        }
        if (name == "date") {
            const std::string_view date = trim_xml_space(*text);
            if (!valid_date(date)) {
                fail(node, path, "<date> " + quoted(date) + " is not YYYY-MM-DDTHH:MM:SSZ");
                return {};
            }
            return Date{std::string(date)};
        }
        fail(node, path, "unknown element <" + std::string(name) + ">");
        return {};
    }

    Value read_array(pugi::xml_node node, const std::string& path) {
        Array array;
        for (pugi::xml_node child : node.children()) {
            if (!child_is_value(child, "<array>", path)) {
                if (error_) {
                    return {};
                }
                continue;
            }
            array.push_back(read_value(child, path + "[" + std::to_string(array.size()) + "]"));
            if (error_) {
                return {};
            }
        }
        return array;
    }

    Value read_dict(pugi::xml_node node, const std::string& path) {
        Dict dict;
        std::optional<std::string> key;
        pugi::xml_node key_node;
        for (pugi::xml_node child : node.children()) {
            if (!child_is_value(child, "<dict>", path)) {
                if (error_) {
                    return {};
                }
                continue;
            }
            if (!key) {
                if (std::string_view(child.name()) != "key") {
                    fail(child, path,
                         "<" + std::string(child.name()) + "> in <dict> where a <key> belongs");
                    return {};
                }
                key = text_of(child, path);
                if (!key) {
                    return {};
                }
                if (find(dict, *key) != nullptr) {
                    fail(child, path, "duplicate key " + quoted(*key) + " in <dict>");
                    return {};
                }
                key_node = child;
                continue;
            }
            const std::string child_path =
                path.empty() ? path_key(*key) : path + "." + path_key(*key);
            if (std::string_view(child.name()) == "key") {
                fail(child, child_path, "<key> without a value");
                return {};
            }
            Value value = read_value(child, child_path);
            if (error_) {
                return {};
            }
            dict.push_back(Entry{std::move(*key), std::move(value)});
            key.reset();
        }
        if (key) {
            fail(key_node, path.empty() ? path_key(*key) : path + "." + path_key(*key),
                 "<key> without a value");
            return {};
        }
        return dict;
    }

    std::string_view xml_;
    std::optional<FormatError> error_;
};

// True when `at` comes before the root element: only the XML declaration, comments, processing
// instructions and whitespace may precede the DOCTYPE.
bool before_root_element(std::string_view xml, std::size_t at) {
    for (std::size_t i = xml.find('<'); i < at; i = xml.find('<', i + 1)) {
        if (i + 1 < xml.size() && xml[i + 1] != '?' && xml[i + 1] != '!') {
            return false;
        }
    }
    return true;
}

// Escapes text for element content; see write() in the header for the substitutions.
void append_escaped(std::string& out, std::string_view text) {
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '\r':
            out += "&#13;";
            break;
        case '\t':
        case '\n':
            out += c;
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                out += "\xEF\xBF\xBD"; // U+FFFD REPLACEMENT CHARACTER
            } else {
                out += c;
            }
        }
    }
}

void append_element(std::string& out, std::string_view name, std::string_view text) {
    out += '<';
    out += name;
    out += '>';
    append_escaped(out, text);
    out += "</";
    out += name;
    out += ">\n";
}

void write_value(std::string& out, const Value& value, std::size_t depth) {
    const std::string indent(depth, '\t');
    out += indent;
    if (const auto* text = value.get_if<std::string>()) {
        append_element(out, "string", *text);
    } else if (const auto* integer = value.get_if<std::int64_t>()) {
        append_element(out, "integer", std::to_string(*integer));
    } else if (const auto* real = value.get_if<double>()) {
        std::array<char, 64> buffer{};
        const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), *real);
        append_element(out, "real", std::string_view(buffer.data(), result.ptr - buffer.data()));
    } else if (const auto* boolean = value.get_if<bool>()) {
        out += *boolean ? "<true/>\n" : "<false/>\n";
    } else if (const auto* data = value.get_if<Data>()) {
        append_element(out, "data", base64_encode(*data));
    } else if (const auto* date = value.get_if<Date>()) {
        append_element(out, "date", date->text);
    } else if (const auto* array = value.get_if<Array>()) {
        if (array->empty()) {
            out += "<array/>\n";
            return;
        }
        out += "<array>\n";
        for (const Value& item : *array) {
            write_value(out, item, depth + 1);
        }
        out += indent + "</array>\n";
    } else if (const auto* dict = value.get_if<Dict>()) {
        if (dict->empty()) {
            out += "<dict/>\n";
            return;
        }
        out += "<dict>\n";
        for (const Entry& entry : *dict) {
            out += indent + '\t';
            append_element(out, "key", entry.key);
            write_value(out, entry.value, depth + 1);
        }
        out += indent + "</dict>\n";
    }
}

} // namespace

Result<Value, FormatError> parse(std::string_view xml) {
    // Let the Apple DOCTYPE through the untrusted-XML check by blanking it; equal length keeps
    // every offset and line number right.
    std::string blanked(xml);
    if (const std::size_t at = blanked.find(apple_doctype);
        at != std::string::npos && before_root_element(blanked, at)) {
        blanked.replace(at, apple_doctype.size(), apple_doctype.size(), ' ');
    }
    pugi::xml_document document;
    if (auto refused = detail::load_untrusted_xml(
            document, blanked, pugi::parse_default | pugi::parse_ws_pcdata_single)) {
        return std::move(*refused);
    }
    return Reader(xml).read(document);
}

std::string write(const Value& root) {
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += apple_doctype;
    out += "\n<plist version=\"1.0\">\n";
    write_value(out, root, 0);
    out += "</plist>\n";
    return out;
}

std::string base64_encode(const Data& bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t group = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
        out += base64_alphabet[(group >> 18) & 63];
        out += base64_alphabet[(group >> 12) & 63];
        out += base64_alphabet[(group >> 6) & 63];
        out += base64_alphabet[group & 63];
    }
    if (const std::size_t rest = bytes.size() - i; rest > 0) {
        const std::uint32_t group = (bytes[i] << 16) | (rest == 2 ? bytes[i + 1] << 8 : 0);
        out += base64_alphabet[(group >> 18) & 63];
        out += base64_alphabet[(group >> 12) & 63];
        out += rest == 2 ? base64_alphabet[(group >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::optional<Data> base64_decode(std::string_view text) {
    std::string symbols;
    symbols.reserve(text.size());
    for (const char c : text) {
        if (!is_xml_space(c)) {
            symbols += c;
        }
    }
    if (symbols.size() % 4 != 0) {
        return std::nullopt;
    }
    std::size_t padding = 0;
    while (padding < 2 && padding < symbols.size() &&
           symbols[symbols.size() - 1 - padding] == '=') {
        ++padding;
    }
    Data bytes;
    bytes.reserve(symbols.size() / 4 * 3);
    std::uint32_t group = 0;
    for (std::size_t i = 0; i < symbols.size() - padding; ++i) {
        const std::size_t index = base64_alphabet.find(symbols[i]);
        if (index == std::string_view::npos) {
            return std::nullopt; // also a '=' before the end
        }
        group = (group << 6) | static_cast<std::uint32_t>(index);
        if (i % 4 == 3) {
            bytes.push_back(static_cast<std::uint8_t>(group >> 16));
            bytes.push_back(static_cast<std::uint8_t>(group >> 8));
            bytes.push_back(static_cast<std::uint8_t>(group));
            group = 0;
        }
    }
    if (padding == 2) {
        bytes.push_back(static_cast<std::uint8_t>(group >> 4));
    } else if (padding == 1) {
        bytes.push_back(static_cast<std::uint8_t>(group >> 10));
        bytes.push_back(static_cast<std::uint8_t>(group >> 2));
    }
    return bytes;
}

} // namespace maillab::autoconfig::plist
