#include "mail/message_parser.hpp"

#include "mail/addresses.hpp"
#include "mail/charset.hpp"
#include "mail/encoded_words.hpp"
#include "mail/header_fields.hpp"
#include "mail/mail_date.hpp"
#include "mail/transfer_encoding.hpp"
#include "protocol/text_util.hpp"

#include <cctype>
#include <optional>
#include <vector>

namespace maillab::mail_detail {
namespace {

struct TextPart {
    std::string_view body;
    std::string encoding; // Content-Transfer-Encoding, lower case
    std::string charset;
    bool html = false;
};

struct Search {
    std::optional<TextPart> plain;
    std::optional<TextPart> html;
    std::size_t parts = 0;
};

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// The parts of a multipart body: the text between "--boundary" lines, up to "--boundary--"
// (or the end, when the download was cut).
std::vector<std::string_view> split_multipart(std::string_view body, const std::string& boundary) {
    std::vector<std::string_view> parts;
    const std::string delimiter = "--" + boundary;
    std::optional<std::size_t> part_start;
    std::size_t pos = 0;
    while (pos < body.size() && parts.size() < max_mime_parts) {
        auto newline = body.find('\n', pos);
        const std::size_t line_end = newline == std::string_view::npos ? body.size() : newline;
        auto line = body.substr(pos, line_end - pos);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        const std::size_t next = newline == std::string_view::npos ? body.size() : newline + 1;
        if (line.size() >= delimiter.size() && line.compare(0, delimiter.size(), delimiter) == 0) {
            auto rest = text::trim(line.substr(delimiter.size()));
            const bool closing = rest == "--";
            if (rest.empty() || closing) {
                if (part_start) {
                    // The CR LF before the delimiter belongs to the delimiter.
                    std::size_t end = pos;
                    if (end > *part_start && body[end - 1] == '\n')
                        --end;
                    if (end > *part_start && body[end - 1] == '\r')
                        --end;
                    parts.push_back(body.substr(*part_start, end - *part_start));
                }
                if (closing)
                    return parts;
                part_start = next;
            }
        }
        pos = next;
    }
    if (part_start && *part_start < body.size() && parts.size() < max_mime_parts)
        parts.push_back(body.substr(*part_start)); // cut off before the closing delimiter
    return parts;
}

void find_text(std::string_view entity_text, std::size_t depth, Search& search, bool is_top_level) {
    if (search.plain || ++search.parts > max_mime_parts)
        return;
    const Entity entity = split_entity(entity_text);
    const std::string type_field = field_value(entity.fields, "Content-Type");
    const ContentType type = parse_content_type(type_field);
    if (type.type == "multipart") {
        auto boundary = type.parameters.find("boundary");
        if (boundary == type.parameters.end() || boundary->second.empty() ||
            depth + 1 >= max_mime_depth)
            return;
        for (auto part : split_multipart(entity.body, boundary->second)) {
            find_text(part, depth + 1, search, false);
            if (search.plain)
                return;
        }
        return;
    }
    if (type.type != "text")
        return;
    const std::string disposition = lower(field_value(entity.fields, "Content-Disposition"));
    if (!is_top_level && disposition.rfind("attachment", 0) == 0)
        return;
    TextPart part;
    part.body = entity.body;
    part.encoding = lower(text::trim(field_value(entity.fields, "Content-Transfer-Encoding")));
    auto charset = type.parameters.find("charset");
    part.charset = charset == type.parameters.end() ? "us-ascii" : charset->second;
    if (type.subtype == "plain" || (is_top_level && type_field.empty())) {
        search.plain = part;
    } else if (type.subtype == "html" && !search.html) {
        part.html = true;
        search.html = part;
    }
}

std::string decode_part(const TextPart& part) {
    std::string bytes;
    if (part.encoding == "quoted-printable")
        bytes = decode_quoted_printable(part.body);
    else if (part.encoding == "base64")
        bytes = decode_base64(part.body);
    else
        bytes = std::string(part.body); // 7bit, 8bit, binary, unknown
    auto text = to_utf8(bytes, part.charset);
    if (!text)
        text = sanitize_utf8(bytes); // an unknown charset: show what can be shown
    if (part.html)
        text = html_to_text(*text);
    std::string out;
    out.reserve(text->size());
    for (std::size_t i = 0; i < text->size(); ++i) {
        const char c = (*text)[i];
        if (c == '\r') {
            out += '\n';
            if (i + 1 < text->size() && (*text)[i + 1] == '\n')
                ++i;
            continue;
        }
        out += c;
    }
    return out;
}

} // namespace

MailMessage parse_message(std::string_view raw, std::size_t max_body_bytes, bool raw_truncated) {
    MailMessage m;
    const Entity top = split_entity(raw);
    auto header = [&](std::string_view name) {
        return decode_header_text(field_value(top.fields, name));
    };
    const auto from = parse_address_list(field_value(top.fields, "From"));
    m.from = display_list(from);
    if (!from.empty())
        m.from_name = from.front().name.empty() ? from.front().address : from.front().name;
    m.to = display_list(parse_address_list(field_value(top.fields, "To")));
    m.cc = display_list(parse_address_list(field_value(top.fields, "Cc")));
    m.subject = header("Subject");
    m.date_header = sanitize_utf8(field_value(top.fields, "Date"));
    m.date = parse_mail_date(m.date_header).value_or(0);

    Search search;
    find_text(raw, 0, search, true);
    const std::optional<TextPart>& chosen = search.plain ? search.plain : search.html;
    if (chosen) {
        std::string body = decode_part(*chosen);
        if (body.size() > max_body_bytes) {
            body.resize(utf8_prefix(body, max_body_bytes).size());
            m.body_truncated = true;
        }
        m.body = std::move(body);
    }
    if (raw_truncated)
        m.body_truncated = true;
    return m;
}

} // namespace maillab::mail_detail
