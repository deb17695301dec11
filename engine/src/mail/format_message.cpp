// format_message: the RFC 5322 text of an outgoing message, safe against header injection.
#include "mail/addresses.hpp"
#include "mail/charset.hpp"
#include "mail/encoded_words.hpp"
#include "mail/mail_date.hpp"
#include "mail/transfer_encoding.hpp"
#include "maillab/mail/mail.hpp"

#include <array>
#include <openssl/rand.h>

namespace maillab {
namespace {

using namespace mail_detail;

// Header text on one line: CR, LF and other control characters become spaces.
std::string one_line(std::string_view text) {
    std::string out = sanitize_utf8(text);
    for (auto& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            c = ' ';
    return out;
}

// A display name as a phrase: RFC 2047 when not ASCII, a quoted string when it has specials.
std::string phrase(std::string_view name) {
    const std::string text = one_line(name);
    if (!is_ascii(text))
        return encode_header_text(text);
    bool plain = true;
    for (char c : text)
        if (std::string_view("()<>[]:;@\\,.\"").find(c) != std::string_view::npos)
            plain = false;
    if (plain)
        return text;
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\')
            quoted += '\\';
        quoted += c;
    }
    return quoted + "\"";
}

// Unstructured text (Subject): RFC 2047 when it is not ASCII or too long for one line.
std::string unstructured(std::string_view value, std::size_t used) {
    const std::string text = one_line(value);
    if (is_ascii(text) && used + text.size() <= 998 && text.find("=?") == std::string::npos)
        return text;
    return encode_header_text(text);
}

// "a@x, b@y" from the safe addresses; unsafe ones are left out (send_message refuses them).
std::string address_field(const std::vector<std::string>& addresses) {
    std::string out;
    for (const auto& address : addresses)
        if (is_safe_address(address))
            out += (out.empty() ? "" : ",\r\n ") + address;
    return out;
}

std::string random_id() {
    std::array<unsigned char, 16> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
        bytes.fill(0x5a);
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (auto b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 0xF];
    }
    return out;
}

// The body with CR LF line ends and valid UTF-8, ending with CR LF.
std::string crlf_body(std::string_view body) {
    const std::string text = sanitize_utf8(body);
    std::string out;
    out.reserve(text.size() + text.size() / 32 + 2);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
            out += "\r\n";
        } else {
            out += c;
        }
    }
    if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0)
        out += "\r\n";
    return out;
}

bool fits_7bit(std::string_view crlf_text) {
    if (!is_ascii(crlf_text))
        return false;
    std::size_t line = 0;
    for (char c : crlf_text) {
        if (c == '\n') {
            line = 0;
            continue;
        }
        if (c == '\0')
            return false;
        if (c != '\r' && ++line > 998)
            return false;
    }
    return true;
}

} // namespace

std::string format_message(const OutgoingMessage& message, std::int64_t now_utc_seconds,
                           const std::string& message_id_domain) {
    std::string out;
    out += "Date: " + format_mail_date(now_utc_seconds) + "\r\n";
    const std::string from = is_safe_address(message.from_address) ? message.from_address : "";
    const std::string name = one_line(message.from_name);
    if (name.find_first_not_of(' ') != std::string::npos)
        out += "From: " + phrase(name) + " <" + from + ">\r\n";
    else
        out += "From: " + from + "\r\n";
    if (auto to = address_field(message.to); !to.empty())
        out += "To: " + to + "\r\n";
    if (auto cc = address_field(message.cc); !cc.empty())
        out += "Cc: " + cc + "\r\n";
    out += "Subject: " + unstructured(message.subject, 9) + "\r\n";
    std::string domain =
        is_safe_address("x@" + message_id_domain) ? message_id_domain : "maillab.invalid";
    out += "Message-ID: <" + random_id() + "@" + domain + ">\r\n";
    out += "MIME-Version: 1.0\r\n";
    out += "Content-Type: text/plain; charset=utf-8\r\n";
    const std::string body = crlf_body(message.body);
    if (fits_7bit(body)) {
        out += "Content-Transfer-Encoding: 7bit\r\n\r\n";
        out += body;
    } else {
        out += "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
        out += encode_quoted_printable(body);
    }
    return out;
}

} // namespace maillab
