#include "dns_message.hpp"

#include <arpa/inet.h>
#include <array>
#include <optional>
#include <vector>

namespace maillab::lab_detail::dns {
namespace {

constexpr std::uint16_t flag_response = 0x8000, flag_authoritative = 0x0400,
                        flag_truncated = 0x0200, flag_recursion_desired = 0x0100;
constexpr std::uint16_t class_in = 1, class_any = 255;
constexpr std::uint16_t type_opt = 41, type_ixfr = 251, type_axfr = 252;
constexpr std::size_t header_size = 12, max_name_wire = 255;

std::uint16_t read16(std::string_view data, std::size_t at) {
    return static_cast<std::uint16_t>((static_cast<unsigned char>(data[at]) << 8) |
                                      static_cast<unsigned char>(data[at + 1]));
}

void put16(std::string& out, std::uint16_t value) {
    out += static_cast<char>(value >> 8);
    out += static_cast<char>(value & 0xff);
}

void put32(std::string& out, std::uint32_t value) {
    put16(out, static_cast<std::uint16_t>(value >> 16));
    put16(out, static_cast<std::uint16_t>(value & 0xffff));
}

// A name in the message at `at` without compression: its text (lower case, \DDD for bytes
// that are not printable or are '.' / '\\' inside a label) and where it ends; the error names
// what is wrong.
struct ReadName {
    std::string text;
    std::size_t end = 0;
    std::string error;
};

ReadName read_name(std::string_view message, std::size_t at) {
    ReadName out;
    std::size_t wire = 0;
    for (;;) {
        if (at >= message.size()) {
            out.error = "the name runs past the end of the message";
            return out;
        }
        const auto length = static_cast<unsigned char>(message[at]);
        if ((length & 0xc0) == 0xc0) {
            out.error = "a compression pointer in the question";
            return out;
        }
        if (length > 63) {
            out.error = "a label type that is not defined";
            return out;
        }
        wire += 1 + length;
        if (wire > max_name_wire) {
            out.error = "a name longer than 255 bytes";
            return out;
        }
        ++at;
        if (length == 0)
            break;
        if (at + length > message.size()) {
            out.error = "the name runs past the end of the message";
            return out;
        }
        if (!out.text.empty())
            out.text += '.';
        for (std::size_t i = 0; i < length; ++i) {
            auto c = static_cast<unsigned char>(message[at + i]);
            if (c >= 'A' && c <= 'Z')
                c = static_cast<unsigned char>(c - 'A' + 'a');
            if (c > 0x20 && c < 0x7f && c != '.' && c != '\\') {
                out.text += static_cast<char>(c);
            } else {
                const std::array<char, 4> digits{'\\', static_cast<char>('0' + c / 100),
                                                 static_cast<char>('0' + c / 10 % 10),
                                                 static_cast<char>('0' + c % 10)};
                out.text.append(digits.data(), digits.size());
            }
        }
        at += length;
    }
    out.end = at;
    return out;
}

// A canonical zone name (labels of valid host characters) in wire form.
std::string encode_name(std::string_view name) {
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

struct Record {
    std::string owner; // wire form
    std::uint16_t type = 0;
    std::string data;
};

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool in_zone(const std::string& name, const lab::LabZone& zone) {
    return name == zone.domain || ends_with(name, "." + zone.domain);
}

// The name owns records, or is an empty non-terminal above a name that does.
bool name_exists(const std::string& name, const lab::LabZone& zone) {
    if (name == zone.domain)
        return true;
    const std::string below = "." + name;
    const auto exists_in = [&](const auto& map) {
        for (const auto& [owner, records] : map)
            if (!records.empty() && (owner == name || ends_with(owner, below)))
                return true;
        return false;
    };
    return exists_in(zone.addresses) || exists_in(zone.txt) || exists_in(zone.srv);
}

std::string soa_data(const lab::LabZone& zone) {
    std::string data = encode_name(zone.domain) + encode_name("hostmaster." + zone.domain);
    put32(data, static_cast<std::uint32_t>(zone.version));
    put32(data, 3600);       // refresh
    put32(data, 600);        // retry
    put32(data, 86400);      // expire
    put32(data, answer_ttl); // negative answers are cached this long
    return data;
}

std::vector<Record> records_of(const std::string& name, std::uint16_t type,
                               const lab::LabZone& zone, const std::string& owner) {
    std::vector<Record> out;
    const bool any = type == type_any;
    if (type == type_a || type == type_aaaa || any) {
        if (auto it = zone.addresses.find(name); it != zone.addresses.end()) {
            for (const auto& address : it->second) {
                std::array<unsigned char, 16> bytes{};
                if ((type == type_a || any) &&
                    inet_pton(AF_INET, address.c_str(), bytes.data()) == 1)
                    out.push_back({owner, type_a, std::string(bytes.begin(), bytes.begin() + 4)});
                else if ((type == type_aaaa || any) &&
                         inet_pton(AF_INET6, address.c_str(), bytes.data()) == 1)
                    out.push_back({owner, type_aaaa, std::string(bytes.begin(), bytes.end())});
            }
        }
    }
    if ((type == type_soa || any) && name == zone.domain)
        out.push_back({owner, type_soa, soa_data(zone)});
    if ((type == type_mx || any) && name == zone.domain) {
        for (const auto& mx : zone.mx) {
            std::string data;
            put16(data, mx.preference);
            out.push_back({owner, type_mx, data + encode_name(mx.host)});
        }
    }
    if (type == type_txt || any) {
        if (auto it = zone.txt.find(name); it != zone.txt.end()) {
            for (const auto& text : it->second) {
                std::string data;
                for (std::size_t at = 0; at < text.size() || at == 0; at += 255) {
                    const auto chunk = std::string_view(text).substr(at, 255);
                    data += static_cast<char>(chunk.size());
                    data += chunk;
                }
                out.push_back({owner, type_txt, data});
            }
        }
    }
    if (type == type_srv || any) {
        if (auto it = zone.srv.find(name); it != zone.srv.end()) {
            for (const auto& srv : it->second) {
                std::string data;
                put16(data, srv.priority);
                put16(data, srv.weight);
                put16(data, srv.port);
                out.push_back({owner, type_srv, data + encode_name(srv.target)});
            }
        }
    }
    return out;
}

std::string header(std::uint16_t id, std::uint16_t flags, std::uint16_t questions,
                   std::uint16_t answers, std::uint16_t authority) {
    std::string out;
    put16(out, id);
    put16(out, flags);
    put16(out, questions);
    put16(out, answers);
    put16(out, authority);
    put16(out, 0);
    return out;
}

void append_record(std::string& out, const Record& record) {
    out += record.owner;
    put16(out, record.type);
    put16(out, class_in);
    put32(out, answer_ttl);
    put16(out, static_cast<std::uint16_t>(record.data.size()));
    out += record.data;
}

// Skips one resource record (the EDNS OPT record of the additional section) at `at`; the end,
// or nullopt when it is malformed.
std::optional<std::size_t> skip_record(std::string_view message, std::size_t at) {
    auto name = read_name(message, at);
    if (!name.error.empty() || name.end + 10 > message.size())
        return std::nullopt;
    const std::size_t end = name.end + 10 + read16(message, name.end + 8);
    if (end > message.size())
        return std::nullopt;
    return end;
}

} // namespace

std::string type_name(std::uint16_t type) {
    switch (type) {
    case type_a:
        return "A";
    case type_ns:
        return "NS";
    case type_cname:
        return "CNAME";
    case type_soa:
        return "SOA";
    case 12:
        return "PTR";
    case type_mx:
        return "MX";
    case type_txt:
        return "TXT";
    case type_aaaa:
        return "AAAA";
    case type_srv:
        return "SRV";
    case type_opt:
        return "OPT";
    case 65:
        return "HTTPS";
    case type_ixfr:
        return "IXFR";
    case type_axfr:
        return "AXFR";
    case type_any:
        return "ANY";
    }
    return "TYPE" + std::to_string(type);
}

Exchange answer(std::string_view query, const lab::LabZone& zone, std::size_t max_size) {
    Exchange out;
    if (query.size() < header_size) {
        out.detail = "malformed: " + std::to_string(query.size()) +
                     " bytes, shorter than a DNS header (not answered)";
        return out;
    }
    const std::uint16_t id = read16(query, 0), flags = read16(query, 2);
    if (flags & flag_response) {
        out.detail = "malformed: a response, not a query (not answered)";
        return out;
    }
    const std::uint16_t recursion = flags & flag_recursion_desired;
    const auto fail = [&](std::uint8_t rcode, std::string why) {
        out.response = header(id, flag_response | recursion | rcode, 0, 0, 0);
        out.detail = std::move(why);
        return out;
    };
    const unsigned opcode = (flags >> 11) & 0xf;
    if (opcode != 0)
        return fail(rcode_notimp, "malformed: opcode " + std::to_string(opcode) +
                                      " (only standard queries are answered)");
    if (query.size() > max_size)
        return fail(rcode_formerr, "malformed: " + std::to_string(query.size()) +
                                       " bytes, more than a query may have here");
    if (read16(query, 4) != 1)
        return fail(rcode_formerr,
                    "malformed: " + std::to_string(read16(query, 4)) + " questions (one expected)");
    if (read16(query, 6) != 0 || read16(query, 8) != 0 || read16(query, 10) > 1)
        return fail(rcode_formerr, "malformed: answer or authority records in a query");
    auto name = read_name(query, header_size);
    if (!name.error.empty())
        return fail(rcode_formerr, "malformed: " + name.error);
    if (name.end + 4 > query.size())
        return fail(rcode_formerr, "malformed: the question has no type and class");
    const std::uint16_t type = read16(query, name.end), qclass = read16(query, name.end + 2);
    std::size_t end = name.end + 4;
    if (read16(query, 10) == 1) {
        auto after = skip_record(query, end);
        if (!after)
            return fail(rcode_formerr, "malformed: a broken additional record");
        end = *after;
    }
    if (end != query.size())
        return fail(rcode_formerr, "malformed: bytes after the query");

    const std::string asked = type_name(type) + " " + (name.text.empty() ? "." : name.text);
    const std::string question(query.substr(header_size, name.end + 4 - header_size));
    const auto reply = [&](std::uint16_t reply_flags, const std::vector<Record>& answers,
                           const std::vector<Record>& authority) {
        std::string message = header(id, flag_response | recursion | reply_flags, 1,
                                     static_cast<std::uint16_t>(answers.size()),
                                     static_cast<std::uint16_t>(authority.size())) +
                              question;
        for (const auto& r : answers)
            append_record(message, r);
        for (const auto& r : authority)
            append_record(message, r);
        if (message.size() > max_size)
            message =
                header(id, flag_response | recursion | (reply_flags & 0x040f) | flag_truncated, 1,
                       0, 0) +
                question;
        out.response = std::move(message);
    };
    if (qclass != class_in && qclass != class_any) {
        reply(rcode_refused, {}, {});
        out.detail = asked + ": refused (class " + std::to_string(qclass) + ", not IN)";
        return out;
    }
    if (type == type_opt || type == 0) {
        reply(rcode_formerr, {}, {});
        out.detail = asked + ": malformed (not a type one may ask for)";
        return out;
    }
    if (type == type_axfr || type == type_ixfr) {
        reply(rcode_refused, {}, {});
        out.detail = asked + ": refused (no zone transfers)";
        return out;
    }
    if (!in_zone(name.text, zone)) {
        reply(rcode_refused, {}, {});
        out.detail = asked + ": refused (not in the lab zone " + zone.domain + ")";
        return out;
    }
    const std::string pointer_to_question{'\xc0', '\x0c'};
    auto answers = records_of(name.text, type, zone, pointer_to_question);
    if (!answers.empty()) {
        reply(flag_authoritative | rcode_noerror, answers, {});
        out.detail = asked;
        return out;
    }
    const std::vector<Record> soa{{encode_name(zone.domain), type_soa, soa_data(zone)}};
    if (name_exists(name.text, zone)) {
        reply(flag_authoritative | rcode_noerror, {}, soa);
        out.detail = asked + ": no such record";
    } else {
        reply(flag_authoritative | rcode_nxdomain, {}, soa);
        out.detail = asked + ": no such name";
    }
    return out;
}

} // namespace maillab::lab_detail::dns
