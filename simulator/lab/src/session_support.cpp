#include "lab_state.hpp"

#include <array>

namespace maillab::lab_detail {

bool implicit_tls(lab::Service service) {
    return service == lab::Service::imap_tls || service == lab::Service::pop3_tls ||
           service == lab::Service::smtp_tls || service == lab::Service::https;
}

std::optional<std::string> base64_decode(std::string_view text) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z')
            return c - 'A';
        if (c >= 'a' && c <= 'z')
            return c - 'a' + 26;
        if (c >= '0' && c <= '9')
            return c - '0' + 52;
        if (c == '+')
            return 62;
        if (c == '/')
            return 63;
        return -1;
    };
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    if (text.size() % 4 != 0)
        return std::nullopt;
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += 4) {
        std::array<int, 4> v{};
        int pad = 0;
        for (int k = 0; k < 4; ++k) {
            char c = text[i + static_cast<std::size_t>(k)];
            if (c == '=' && i + 4 == text.size() && k >= 2) {
                v[static_cast<std::size_t>(k)] = 0;
                ++pad;
                continue;
            }
            if (pad)
                return std::nullopt;
            v[static_cast<std::size_t>(k)] = value(c);
            if (v[static_cast<std::size_t>(k)] < 0)
                return std::nullopt;
        }
        unsigned n = (static_cast<unsigned>(v[0]) << 18) | (static_cast<unsigned>(v[1]) << 12) |
                     (static_cast<unsigned>(v[2]) << 6) | static_cast<unsigned>(v[3]);
        out += static_cast<char>((n >> 16) & 0xff);
        if (pad < 2)
            out += static_cast<char>((n >> 8) & 0xff);
        if (pad < 1)
            out += static_cast<char>(n & 0xff);
    }
    return out;
}

std::string base64_encode(std::string_view data) {
    static constexpr char table[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < data.size(); i += 3) {
        unsigned v = static_cast<unsigned char>(data[i]) << 16;
        if (i + 1 < data.size())
            v |= static_cast<unsigned char>(data[i + 1]) << 8;
        if (i + 2 < data.size())
            v |= static_cast<unsigned char>(data[i + 2]);
        out += table[(v >> 18) & 63];
        out += table[(v >> 12) & 63];
        out += i + 1 < data.size() ? table[(v >> 6) & 63] : '=';
        out += i + 2 < data.size() ? table[v & 63] : '=';
    }
    return out;
}

std::optional<PlainCredentials> parse_sasl_plain(std::string_view decoded) {
    auto first = decoded.find('\0');
    if (first == std::string_view::npos)
        return std::nullopt;
    auto second = decoded.find('\0', first + 1);
    if (second == std::string_view::npos)
        return std::nullopt;
    std::string_view authzid = decoded.substr(0, first);
    PlainCredentials c;
    c.user = std::string(decoded.substr(first + 1, second - first - 1));
    c.password = std::string(decoded.substr(second + 1));
    if (c.user.empty() || (!authzid.empty() && authzid != c.user))
        return std::nullopt;
    return c;
}

asio::awaitable<bool> open_session(LabState& lab, Transport& transport, lab::Service service) {
    lab.event(service, lab::EventKind::connected, {}, transport.peer());
    if (!implicit_tls(service))
        co_return true;
    auto context = lab.tls_context();
    if (!co_await transport.start_tls(context)) {
        std::string detail = transport.tls_error();
        lab.event(service, lab::EventKind::tls_failed, {}, detail);
        co_return false;
    }
    co_return true;
}

} // namespace maillab::lab_detail
