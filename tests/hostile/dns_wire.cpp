#include "dns_wire.hpp"

#include <arpa/inet.h>
#include <array>
#include <cctype>

namespace maillab::hostile::dns {
namespace {

constexpr std::uint16_t class_in = 1;
constexpr std::uint16_t flag_response = 0x8000, flag_authoritative = 0x0400,
                        flag_truncated = 0x0200, flag_recursion_desired = 0x0100,
                        flag_recursion_available = 0x0080;
constexpr std::uint32_t ttl = 30;

void put16(std::string& out, std::uint16_t value) {
    out += static_cast<char>(value >> 8);
    out += static_cast<char>(value & 0xff);
}

std::uint16_t read16(std::string_view data, std::size_t at) {
    return static_cast<std::uint16_t>((static_cast<unsigned char>(data[at]) << 8) |
                                      static_cast<unsigned char>(data[at + 1]));
}

} // namespace

std::string encode_name(std::string_view name) {
    if (!name.empty() && name.back() == '.')
        name.remove_suffix(1);
    std::string out;
    while (!name.empty()) {
        const auto dot = name.find('.');
        const auto label = name.substr(0, dot);
        out += static_cast<char>(label.size());
        out += label;
        name = dot == std::string_view::npos ? std::string_view{} : name.substr(dot + 1);
    }
    out += '\0';
    return out;
}

Record a_record(std::string name, std::string_view ipv4) {
    std::array<unsigned char, 4> bytes{};
    inet_pton(AF_INET, std::string(ipv4).c_str(), bytes.data());
    return {std::move(name), type_a, std::string(bytes.begin(), bytes.end())};
}

Record cname_record(std::string name, std::string_view target) {
    return {std::move(name), type_cname, encode_name(target)};
}

Record mx_record(std::string name, std::uint16_t preference, std::string_view host) {
    std::string data;
    put16(data, preference);
    data += encode_name(host);
    return {std::move(name), type_mx, data};
}

Record srv_record(std::string name, std::uint16_t priority, std::uint16_t weight,
                  std::uint16_t port, std::string_view target) {
    std::string data;
    put16(data, priority);
    put16(data, weight);
    put16(data, port);
    data += encode_name(target);
    return {std::move(name), type_srv, data};
}

std::optional<Question> read_question(std::string_view message) {
    if (message.size() < header_size || (read16(message, 2) & flag_response) ||
        read16(message, 4) != 1)
        return std::nullopt;
    Question question;
    question.id = read16(message, 0);
    std::size_t at = header_size;
    for (;;) {
        if (at >= message.size())
            return std::nullopt;
        const auto length = static_cast<unsigned char>(message[at++]);
        if (length == 0)
            break;
        if (length > 63 || at + length > message.size())
            return std::nullopt;
        if (!question.name.empty())
            question.name += '.';
        for (std::size_t i = 0; i < length; ++i)
            question.name +=
                static_cast<char>(std::tolower(static_cast<unsigned char>(message[at + i])));
        at += length;
    }
    if (at + 4 > message.size())
        return std::nullopt;
    question.type = read16(message, at);
    question.wire = std::string(message.substr(header_size, at + 4 - header_size));
    return question;
}

std::string response(const Question& question, std::uint8_t rcode, bool truncated,
                     const std::vector<Record>& answers) {
    std::string out;
    put16(out, question.id);
    put16(out, static_cast<std::uint16_t>(flag_response | flag_authoritative |
                                          flag_recursion_desired | flag_recursion_available |
                                          (truncated ? flag_truncated : 0) | (rcode & 0x0f)));
    put16(out, 1);
    put16(out, static_cast<std::uint16_t>(answers.size()));
    put16(out, 0);
    put16(out, 0);
    out += question.wire;
    for (const auto& record : answers) {
        out += encode_name(record.name);
        put16(out, record.type);
        put16(out, class_in);
        put16(out, static_cast<std::uint16_t>(ttl >> 16));
        put16(out, static_cast<std::uint16_t>(ttl & 0xffff));
        put16(out, static_cast<std::uint16_t>(record.data.size()));
        out += record.data;
    }
    return out;
}

namespace {

std::string with16_at(std::string message, std::size_t at, std::uint16_t value) {
    if (message.size() >= at + 2) {
        message[at] = static_cast<char>(value >> 8);
        message[at + 1] = static_cast<char>(value & 0xff);
    }
    return message;
}

} // namespace

std::string with_id(std::string message, std::uint16_t id) {
    return with16_at(std::move(message), 0, id);
}

std::string with_answer_count(std::string message, std::uint16_t count) {
    return with16_at(std::move(message), 6, count);
}

} // namespace maillab::hostile::dns
