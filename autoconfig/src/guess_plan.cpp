#include "maillab/autoconfig/guess_plan.hpp"

namespace maillab::autoconfig {
namespace {

struct PortChoice {
    const char* protocol;
    std::uint16_t port;
    SocketType socket_type;
};

} // namespace

GuessPlan plan_guesses(std::string_view domain, const GuessOptions& options) {
    const std::string d(domain);
    const std::vector<std::string> imap_hosts{"imap." + d, "mail." + d, d};
    const std::vector<std::string> pop_hosts{"pop3." + d, "pop." + d, "mail." + d, d};
    const std::vector<std::string> smtp_hosts{"smtp." + d, "mail." + d, d};

    // Preference: implicit TLS, then STARTTLS, then (only when allowed) plain; IMAP before POP3.
    const std::vector<PortChoice> incoming_ports{
        {"imap", 993, SocketType::ssl},     {"imap", 143, SocketType::starttls},
        {"pop3", 995, SocketType::ssl},     {"pop3", 110, SocketType::starttls},
        {"imap", 143, SocketType::plain},   {"pop3", 110, SocketType::plain},
    };
    const std::vector<PortChoice> outgoing_ports{
        {"smtp", 465, SocketType::ssl},     {"smtp", 587, SocketType::starttls},
        {"smtp", 25, SocketType::starttls}, {"smtp", 587, SocketType::plain},
        {"smtp", 25, SocketType::plain},
    };
    GuessPlan plan;
    for (const auto& choice : incoming_ports) {
        if (choice.socket_type == SocketType::plain && !options.allow_plain)
            continue;
        const auto& hosts = std::string_view(choice.protocol) == "imap" ? imap_hosts : pop_hosts;
        for (const auto& host : hosts)
            plan.incoming.push_back({choice.protocol, host, choice.port, choice.socket_type});
    }
    for (const auto& choice : outgoing_ports) {
        if (choice.socket_type == SocketType::plain && !options.allow_plain)
            continue;
        for (const auto& host : smtp_hosts)
            plan.outgoing.push_back({choice.protocol, host, choice.port, choice.socket_type});
    }
    return plan;
}

} // namespace maillab::autoconfig
