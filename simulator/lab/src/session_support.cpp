#include "lab_state.hpp"
#include "maillab/base64.hpp"

#include <array>

namespace maillab::lab_detail {

bool implicit_tls(lab::Service service) {
    return service == lab::Service::imap_tls || service == lab::Service::pop3_tls ||
           service == lab::Service::smtp_tls || service == lab::Service::https;
}

std::optional<std::string> base64_decode(std::string_view text) {
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return base64_decode_strict(text);
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
