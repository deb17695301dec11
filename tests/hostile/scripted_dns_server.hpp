// A misbehaving DNS server for tests: UDP and TCP on 127.0.0.1, one ephemeral port for both, and
// a script of replies per question name and type (and transport): records, a truncated answer
// (TC=1), silence, canned bytes, an answer with another transaction ID or with record counts that
// lie. Questions nobody scripted get NXDOMAIN. It records every question so tests can assert what
// was (never) asked.
#pragma once

#include "dns_wire.hpp"

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace maillab::hostile {

enum class DnsTransport { udp, tcp };

struct DnsReply {
    enum class Kind {
        answer,   // rcode and records; more than 512 bytes over UDP (64 KiB over TCP): TC=1
        stall,    // no reply at all
        raw,      // the query's ID followed by `bytes`, as they are
        wrong_id, // the scripted answer, under another transaction ID
        hang_up   // TCP: close the connection instead of answering (UDP: as stall)
    };
    Kind kind = Kind::answer;
    std::uint8_t rcode = dns::rcode_noerror;
    bool truncated = false; // TC=1, whatever fits
    std::vector<dns::Record> answers;
    std::optional<std::uint16_t> claimed_answers; // the answer count in the header, if not true
    std::string bytes;                            // raw: what follows the ID

    static DnsReply records(std::vector<dns::Record> answers);
    // TC=1 with the question and these records (a cut answer a client must not use).
    static DnsReply truncated_answer(std::vector<dns::Record> partial = {});
    static DnsReply with_rcode(std::uint8_t rcode);
    static DnsReply stalled();
    static DnsReply raw_after_id(std::string bytes);
    static DnsReply garbage_bytes(); // raw bytes that are no DNS message
    // These records under a header that claims `claimed` of them.
    static DnsReply with_claimed_count(std::vector<dns::Record> answers, std::uint16_t claimed);
    static DnsReply from_wrong_id(std::vector<dns::Record> answers);
    static DnsReply hung_up();
};

// How the TCP side of the port behaves.
enum class DnsTcp {
    answer, // plays the script
    refuse, // nothing listens: connections are refused
};

struct AskedQuestion {
    std::string name;
    std::uint16_t type = 0;
    DnsTransport transport = DnsTransport::udp;
};

class ScriptedDnsServer {
  public:
    explicit ScriptedDnsServer(DnsTcp tcp = DnsTcp::answer);
    ~ScriptedDnsServer();
    ScriptedDnsServer(const ScriptedDnsServer&) = delete;
    ScriptedDnsServer& operator=(const ScriptedDnsServer&) = delete;

    // The reply to `name` / `type` over both transports, or over one (that one wins).
    ScriptedDnsServer& on(std::string name, std::uint16_t type, DnsReply reply);
    ScriptedDnsServer& on(std::string name, std::uint16_t type, DnsTransport transport,
                          DnsReply reply);

    std::uint16_t port() const { return port_; }
    std::string address() const; // "127.0.0.1:PORT", for NetOptions::resolver and --resolver
    std::vector<AskedQuestion> questions() const;
    // How often `name` (any case, with or without the trailing dot) was asked, any type.
    std::size_t times_asked(std::string_view name) const;
    std::size_t times_asked(std::string_view name, std::uint16_t type,
                            DnsTransport transport) const;
    int tcp_connections() const { return tcp_connections_; }

  private:
    struct Rule {
        std::string name;
        std::uint16_t type;
        std::optional<DnsTransport> transport;
        DnsReply reply;
    };
    struct TcpClient {
        int fd;
        std::string received;
    };

    void serve();
    void answer_udp();
    bool answer_tcp(TcpClient& client); // false: close the connection
    // The bytes to send for a query (nullopt: nothing, or hang up on TCP).
    std::optional<std::string> reply_to(std::string_view query, DnsTransport transport,
                                        bool& hang_up);

    int udp_fd_ = -1;
    int tcp_fd_ = -1;
    bool tcp_listening_ = false;
    std::uint16_t port_ = 0;
    std::vector<TcpClient> clients_;
    std::atomic<bool> stopping_{false};
    std::atomic<int> tcp_connections_{0};
    mutable std::mutex mutex_;
    std::vector<Rule> rules_;
    std::vector<AskedQuestion> questions_;
    std::thread thread_;
};

} // namespace maillab::hostile
