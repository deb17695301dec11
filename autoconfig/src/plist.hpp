// A small XML property list (Apple "plist version 1.0") reader and writer: dict, array, string,
// integer, real, true/false, data and date. Dict keys keep their document order. Pure functions;
// private to maillab_autoconfig (the .mobileconfig reader and writer use it).
#pragma once

#include "maillab/autoconfig/provider_config.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace maillab::autoconfig::plist {

// The one DOCTYPE real Apple plists carry. It has no internal subset, and nothing fetches its
// URL: the reader blanks exactly this text (when it comes before the root element) before the
// untrusted-XML check, which refuses every other DOCTYPE and every ENTITY.
inline constexpr std::string_view apple_doctype =
    R"(<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" )"
    R"("http://www.apple.com/DTDs/PropertyList-1.0.dtd">)";

struct Value;
struct Entry;
using Array = std::vector<Value>;
using Dict = std::vector<Entry>; // document order; keys are unique
using Data = std::vector<std::uint8_t>;

struct Date {
    std::string text; // "YYYY-MM-DDTHH:MM:SSZ", as written
    bool operator==(const Date&) const = default;
};

struct Value {
    std::variant<std::string, std::int64_t, double, bool, Data, Date, Array, Dict> content;
    // Byte offset of the element's '<' in the document read; 0 for values built in code. Not
    // part of equality.
    std::size_t offset = 0;

    Value() = default;
    template <class T>
    requires std::is_constructible_v<decltype(content), T&&> Value(T&& value)
        : content(std::forward<T>(value)) {}
    Value(const char* text);
    Value(int number);

    template <class T> const T* get_if() const { return std::get_if<T>(&content); }
    template <class T> T* get_if() { return std::get_if<T>(&content); }
};

struct Entry {
    std::string key;
    Value value;
};

// Defined here, where Entry is complete: building the variant in place needs ~vector<Entry>
// (clang instantiates it at the constructor's definition).
inline Value::Value(const char* text) : content(std::string(text)) {}
inline Value::Value(int number) : content(std::int64_t{number}) {}

bool operator==(const Value& a, const Value& b);
bool operator==(const Entry& a, const Entry& b);

// The element name of a value's kind: "string", "integer", "real", "true"/"false" as "boolean",
// "data", "date", "array" or "dict".
std::string_view kind_name(const Value& value);

// The value stored under `key`, or nullptr.
const Value* find(const Dict& dict, std::string_view key);

// A dict key as a key path shows it: as written when short and free of control characters,
// otherwise quoted (escaped and cut), so that a hostile key cannot break or flood a message.
std::string path_key(std::string_view key);

// Reads a <plist version="1.0"> document holding one value. Untrusted input: the document first
// goes through check_untrusted_xml (only the Apple DOCTYPE above is let through). Errors name the
// problem and the key path of the value (e.g. PayloadContent[0].IncomingMailServerPortNumber).
Result<Value, FormatError> parse(std::string_view xml);

// Writes a complete plist document (XML declaration, the Apple DOCTYPE, tab indentation, as
// Apple's tools do) that parse reads back equal. Characters XML 1.0 cannot carry (C0 controls
// other than tab, LF and CR) are written as U+FFFD; CR is written as &#13; so that it survives.
std::string write(const Value& root);

// Base64 (RFC 4648, with padding) as <data> holds it; decoding skips XML whitespace.
std::string base64_encode(const Data& bytes);
std::optional<Data> base64_decode(std::string_view text);

} // namespace maillab::autoconfig::plist
