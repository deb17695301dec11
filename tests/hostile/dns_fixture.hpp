// What the hostile DNS tests share: the engine's lookups and discovery sources pointed at a
// scripted DNS server, a lookup deadline, and a stopwatch.
#pragma once

#include "cli_runner.hpp"
#include "discovery/engine_ports.hpp"
#include "hostile_fixture.hpp"
#include "maillab/autoconfig/sources.hpp"
#include "maillab/autoconfig/srv.hpp"
#include "net/dns_records.hpp"
#include "net/resolver.hpp"
#include "scripted_dns_server.hpp"

#include <memory>

namespace maillab::hostile {

// The DNS tests' domain: under .test, so nothing here is ever asked of a real server.
inline constexpr const char* dns_domain = "dnsvictim.test";

// One lookup's budget: c-ares's own retries (2 s, then 4 s) would take longer, so a lookup that
// ends well before it was not left to time out.
inline constexpr auto lookup_deadline = 4s;

inline net::DnsSettings dns_at(const ScriptedDnsServer& server) {
    return {server.address(), nullptr, nullptr};
}

inline NetOptions net_at(const ScriptedDnsServer& server) {
    NetOptions options;
    options.resolver = server.address();
    options.timeout = 3s;
    options.step_timeout = 2s;
    return options;
}

inline std::chrono::steady_clock::time_point lookup_ends() {
    return std::chrono::steady_clock::now() + lookup_deadline;
}

// A discovery context whose MX and SRV answers come from `server` through the engine's c-ares
// lookups; no HTTP, no probing.
inline std::shared_ptr<autoconfig::DiscoveryContext> dns_context(const ScriptedDnsServer& server) {
    auto context = std::make_shared<autoconfig::DiscoveryContext>();
    context->address = std::string("victim@") + dns_domain;
    context->local_part = "victim";
    context->domain = dns_domain;
    auto dns = std::make_shared<discovery::CaresDns>(net_at(server));
    context->mx = dns;
    context->srv = dns;
    context->domains = std::make_shared<discovery::PslDomains>();
    return context;
}

inline std::string in_domain(std::string_view label) {
    return std::string(label) + "." + dns_domain;
}

// "_imaps._tcp.dnsvictim.test"
inline std::string service_name(const autoconfig::MailService& service) {
    return in_domain(service.label);
}

// Runs `maillab discover victim@dnsvictim.test --resolver SERVER --offline ARGUMENTS` with no
// terminal, expecting it to find nothing and to end quickly: every DNS answer comes at once, so
// no source has anything to wait for.
inline testing::CliRun discover_finding_nothing(const ScriptedDnsServer& server,
                                                const std::string& arguments = "") {
    Stopwatch stopwatch;
    auto run = testing::run_cli(std::string("discover victim@") + dns_domain + " --resolver " +
                                    server.address() + " --offline " + arguments + " </dev/null",
                                testing::Stderr::separate);
    EXPECT_LT(stopwatch.elapsed(), 5s);
    EXPECT_EQ(run.exit_code, 1) << run.output << run.error_output;
    return run;
}

} // namespace maillab::hostile
