#include "maillab/discovery/discover.hpp"

#include "discovery/engine_ports.hpp"
#include "discovery/http_fetcher.hpp"
#include "maillab/model/validation.hpp"

#include <algorithm>

namespace maillab {

Security security_of(autoconfig::SocketType socket_type) {
    switch (socket_type) {
    case autoconfig::SocketType::ssl:
        return Security::tls;
    case autoconfig::SocketType::starttls:
        return Security::starttls;
    case autoconfig::SocketType::plain:
        return Security::none;
    }
    return Security::tls;
}

Result<autoconfig::DiscoveryResult> discover(const std::string& email,
                                             const DiscoverOptions& options,
                                             const autoconfig::ProgressSink& progress) {
    auto address = parse_email_address(email);
    if (!address)
        return Error{"email: " + address.error().message};
    auto context = std::make_shared<autoconfig::DiscoveryContext>();
    context->address = address->ascii();
    context->local_part = address->local_part;
    context->domain = address->ascii_domain;
    auto dns = std::make_shared<discovery::CaresDns>(options.net);
    context->http = std::make_shared<discovery::BeastHttpFetcher>(options.net);
    context->mx = dns;
    context->srv = dns;
    context->prober = std::make_shared<discovery::CapabilityProber>(options.net);
    context->domains = std::make_shared<discovery::PslDomains>();
    context->bundled = options.bundled;
    context->ispdb_base_url = options.ispdb_base_url;
    context->offline = options.offline;
    context->password = options.password;
    context->consent = options.consent;
    context->timeouts = options.timeouts;
    return autoconfig::run_priority_parallel(autoconfig::all_sources(context), progress);
}

namespace {

AuthMethod auth_of(const autoconfig::ServerEntry& entry) {
    for (const auto& a : entry.authentication) {
        if (a == "password-cleartext" || a == "plain")
            return AuthMethod::password;
        if (a == "password-encrypted" || a == "secure")
            return AuthMethod::cram_md5;
        if (a == "NTLM")
            return AuthMethod::ntlm;
        if (a == "none" || a == "client-IP-address")
            return AuthMethod::none;
    }
    return AuthMethod::password;
}

ServerSettings settings_of(const autoconfig::ServerEntry& entry, const std::string& password) {
    ServerSettings s;
    s.host = entry.hostname;
    s.port = entry.port;
    s.security = security_of(entry.socket_type);
    s.auth = auth_of(entry);
    s.username = entry.username;
    s.password = s.auth == AuthMethod::none ? std::string{} : password;
    return s;
}

} // namespace

Account account_from_candidate(const autoconfig::Candidate& candidate, const std::string& email,
                               const std::string& name, const std::string& password) {
    Account account;
    account.email = email;
    account.name = name;
    account.description = candidate.config.display_short_name.empty()
                              ? candidate.config.display_name
                              : candidate.config.display_short_name;
    if (!candidate.config.incoming.empty()) {
        const auto& in = candidate.config.incoming.front();
        account.incoming.protocol =
            in.type == "pop3" ? IncomingProtocol::pop3 : IncomingProtocol::imap;
        account.incoming.server = settings_of(in, password);
    }
    if (!candidate.config.outgoing.empty())
        account.primary_smtp.server = settings_of(candidate.config.outgoing.front(), password);
    if (account.incoming.server.username.empty())
        account.incoming.server.username = email;
    if (account.primary_smtp.server.username.empty() &&
        account.primary_smtp.server.auth != AuthMethod::none)
        account.primary_smtp.server.username = email;
    return account;
}

} // namespace maillab
