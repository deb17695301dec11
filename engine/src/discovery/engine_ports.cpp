#include "discovery/engine_ports.hpp"

#include "net/dns_records.hpp"

#include <algorithm>
#include <libpsl.h>

namespace maillab::discovery {

Result<std::vector<autoconfig::MxRecord>> CaresDns::lookup_mx(const std::string& domain,
                                                              autoconfig::Deadline deadline) {
    auto records = net::lookup_mx(domain, dns_, deadline);
    if (!records)
        return Error{records.error().message};
    return std::move(*records);
}

Result<std::vector<autoconfig::SrvRecord>> CaresDns::lookup_srv(const std::string& name,
                                                                autoconfig::Deadline deadline) {
    auto records = net::lookup_srv(name, dns_, deadline);
    if (!records)
        return Error{records.error().message};
    return std::move(*records);
}

std::optional<std::string> PslDomains::registrable_domain(const std::string& host) {
    const psl_ctx_t* psl = psl_builtin();
    if (!psl)
        return std::nullopt;
    std::string lower(host);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!lower.empty() && lower.back() == '.')
        lower.pop_back();
    const char* domain = psl_registrable_domain(psl, lower.c_str());
    if (!domain) {
        // Names under a TLD the built-in list does not know (e.g. ".test"): the last two labels.
        auto last = lower.rfind('.');
        if (last == std::string::npos || last == 0)
            return std::nullopt;
        auto before = lower.rfind('.', last - 1);
        return before == std::string::npos ? lower : lower.substr(before + 1);
    }
    return std::string(domain);
}

CapabilityProber::CapabilityProber(NetOptions options) : options_(std::move(options)) {
    if (!options_.host_cache)
        options_.host_cache = std::make_shared<net::HostCache>();
}

Result<autoconfig::ProbeResult> CapabilityProber::probe(const autoconfig::Probe& probe,
                                                        autoconfig::Deadline deadline) {
    ServerSettings server;
    server.host = probe.host;
    server.port = probe.port;
    server.security = probe.socket_type == autoconfig::SocketType::ssl        ? Security::tls
                      : probe.socket_type == autoconfig::SocketType::starttls ? Security::starttls
                                                                              : Security::none;
    server.auth = AuthMethod::password;
    ServerRole role = probe.protocol == "imap"   ? ServerRole::incoming_imap
                      : probe.protocol == "pop3" ? ServerRole::incoming_pop3
                                                 : ServerRole::smtp;
    NetOptions options = options_;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0)
        return Error{"no time left"};
    options.timeout = std::min(options.timeout, left);
    options.step_timeout = std::min(options.step_timeout, left);
    auto check = probe_capabilities(role, server, options);
    if (!check.ok())
        return Error{std::string(to_string(check.outcome)) + ": " + check.message};
    return autoconfig::ProbeResult{check.auth_mechanisms, check.login_disabled};
}

} // namespace maillab::discovery
