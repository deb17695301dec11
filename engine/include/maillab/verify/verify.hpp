// Real logins to an account's incoming and outgoing servers, run concurrently.
#pragma once

#include "maillab/model/account.hpp"
#include "maillab/net/static_zone.hpp"
#include "maillab/verify/check_result.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace maillab {

namespace net {
class HostCache;
}

struct TrustException {
    std::string host;
    std::string sha256_fingerprint; // AA:BB:... of the leaf certificate that is accepted
};

struct NetOptions {
    std::optional<std::string> resolver; // "HOST:PORT" (or "HOST"); system resolv.conf when empty
    std::optional<std::string>
        ca_file; // extra trusted CA certificates (PEM), on top of the system store
    std::shared_ptr<const StaticZone> zone; // names answered in the process (the simulator's lab)
    // Host name answers shared by the lookups of one task (discovery's guessing probes); none:
    // every connection looks its host up.
    std::shared_ptr<net::HostCache> host_cache;
    std::vector<TrustException> trust_exceptions;
    std::chrono::milliseconds timeout{30'000}; // whole check of one server
    std::chrono::milliseconds step_timeout{
        15'000}; // connect, handshake, a reply (capped by the above)
    std::chrono::milliseconds auth_timeout{25'000}; // servers delay failed logins on purpose
    // Which password mechanism to try first when the server offers several: by default SASL
    // PLAIN; "LOGIN" prefers the IMAP LOGIN command, SMTP AUTH LOGIN and POP3 USER/PASS (for
    // servers whose SASL PLAIN is broken, and to test every path).
    std::optional<std::string> preferred_password_mechanism;
};

struct VerifyOptions {
    NetOptions net;
    std::optional<std::string> send_test_to; // send a test message through SMTP to this address
};

struct VerifyReport {
    CheckResult incoming;
    CheckResult outgoing;
    std::vector<std::string> diagnosis;
    bool ok() const { return incoming.ok() && outgoing.ok(); }
};

CheckResult check_incoming(const IncomingServer& incoming, const NetOptions& options);
// Connects, upgrades to TLS as the settings say, reads the capabilities and leaves: no login,
// no credentials. ok means the server answered as the protocol should.
CheckResult probe_capabilities(ServerRole role, const ServerSettings& server,
                               const NetOptions& options);
CheckResult check_smtp(const ServerSettings& smtp, const VerifyOptions& options,
                       const std::string& from_address = {});
VerifyReport verify_account(const Account& account, const VerifyOptions& options);

} // namespace maillab
