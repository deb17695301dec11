#include "net/dns_records.hpp"

#include "net/ares_channel.hpp"
#include "net/cname_chain.hpp"

#include <arpa/nameser.h>

namespace maillab::net {
namespace {

struct Answer {
    bool done = false;
    int status = ARES_SUCCESS;
    std::vector<unsigned char> bytes;
};

void on_answer(void* arg, int status, int /*timeouts*/, unsigned char* abuf, int alen) {
    auto* answer = static_cast<Answer*>(arg);
    answer->done = true;
    answer->status = status;
    if (status == ARES_SUCCESS && abuf && alen > 0 && alen <= 65535)
        answer->bytes.assign(abuf, abuf + alen);
}

// Sends one query and waits for its answer (whatever its status) until the deadline.
NetResult<Answer> ask(const std::string& name, int type, const std::optional<std::string>& server,
                      Clock::time_point deadline) {
    auto channel = AresChannel::open(server);
    if (!channel)
        return channel.error();
    Answer answer;
    ares_query(channel->get(), name.c_str(), ns_c_in, type, on_answer, &answer);
    if (!channel->run_until([&] { return answer.done; }, deadline))
        return NetFailure{Outcome::timeout, "the DNS query for " + name + " timed out"};
    return answer;
}

// Runs one query; NXDOMAIN and NODATA are "no records" (empty), other failures are errors.
NetResult<std::optional<Answer>> query(const std::string& name, int type,
                                       const std::optional<std::string>& server,
                                       Clock::time_point deadline) {
    auto answer = ask(name, type, server, deadline);
    if (!answer)
        return answer.error();
    if (answer->status == ARES_ENOTFOUND || answer->status == ARES_ENODATA)
        return std::optional<Answer>{};
    if (answer->status != ARES_SUCCESS)
        return NetFailure{Outcome::dns_failed, name + ": " + describe_ares_status(answer->status)};
    // Aliases that loop have no end to read records at (resolvers answer SERVFAIL for them).
    if (auto loop = describe_cname_loop(answer->bytes.data(), answer->bytes.size(), name))
        return NetFailure{Outcome::dns_failed, *loop}; // the loop starts with the name
    return std::optional<Answer>{std::move(*answer)};
}

} // namespace

NetResult<std::vector<autoconfig::MxRecord>>
lookup_mx(const std::string& name, const DnsSettings& dns, Clock::time_point deadline) {
    if (const StaticZone* zone = dns.zone_for(name))
        return zone->mx_of(name);
    auto answer = query(name, ns_t_mx, dns.server, deadline);
    if (!answer)
        return answer.error();
    std::vector<autoconfig::MxRecord> records;
    if (!*answer)
        return records;
    ares_mx_reply* reply = nullptr;
    int rc = ares_parse_mx_reply((*answer)->bytes.data(), static_cast<int>((*answer)->bytes.size()),
                                 &reply);
    if (rc == ARES_ENODATA)
        return records;
    if (rc != ARES_SUCCESS)
        return NetFailure{Outcome::dns_failed, name + " MX: " + describe_ares_status(rc)};
    for (auto* r = reply; r && records.size() < 64; r = r->next)
        records.push_back({r->priority, r->host});
    ares_free_data(reply);
    return records;
}

NetResult<std::vector<autoconfig::SrvRecord>>
lookup_srv(const std::string& name, const DnsSettings& dns, Clock::time_point deadline) {
    if (const StaticZone* zone = dns.zone_for(name))
        return zone->srv_of(name);
    auto answer = query(name, ns_t_srv, dns.server, deadline);
    if (!answer)
        return answer.error();
    std::vector<autoconfig::SrvRecord> records;
    if (!*answer)
        return records;
    ares_srv_reply* reply = nullptr;
    int rc = ares_parse_srv_reply((*answer)->bytes.data(),
                                  static_cast<int>((*answer)->bytes.size()), &reply);
    if (rc == ARES_ENODATA)
        return records;
    if (rc != ARES_SUCCESS)
        return NetFailure{Outcome::dns_failed, name + " SRV: " + describe_ares_status(rc)};
    for (auto* r = reply; r && records.size() < 64; r = r->next) {
        std::string target = r->host;
        if (target.empty())
            target = "."; // the root: "service not offered"
        records.push_back({r->priority, r->weight, r->port, target});
    }
    ares_free_data(reply);
    return records;
}

NetResult<std::vector<std::string>> lookup_txt(const std::string& name, const DnsSettings& dns,
                                               Clock::time_point deadline) {
    if (const StaticZone* zone = dns.zone_for(name))
        return zone->txt_of(name);
    auto answer = query(name, ns_t_txt, dns.server, deadline);
    if (!answer)
        return answer.error();
    std::vector<std::string> records;
    if (!*answer)
        return records;
    ares_txt_ext* reply = nullptr;
    int rc = ares_parse_txt_reply_ext((*answer)->bytes.data(),
                                      static_cast<int>((*answer)->bytes.size()), &reply);
    if (rc == ARES_ENODATA)
        return records;
    if (rc != ARES_SUCCESS)
        return NetFailure{Outcome::dns_failed, name + " TXT: " + describe_ares_status(rc)};
    for (auto* r = reply; r && records.size() < 64; r = r->next) {
        std::string text(reinterpret_cast<const char*>(r->txt), r->length);
        if (r->record_start || records.empty())
            records.push_back(text);
        else
            records.back() += text;
    }
    ares_free_data(reply);
    return records;
}

std::optional<std::string> address_cname_loop(const std::string& name, const DnsSettings& dns,
                                              Clock::time_point deadline) {
    if (dns.zone_for(name))
        return std::nullopt;
    auto answer = ask(name, ns_t_a, dns.server, deadline);
    if (!answer || answer->status != ARES_SUCCESS)
        return std::nullopt;
    return describe_cname_loop(answer->bytes.data(), answer->bytes.size(), name);
}

} // namespace maillab::net
