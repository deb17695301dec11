// The engine's implementations of autoconfig's ports.
#pragma once

#include "maillab/autoconfig/ports.hpp"
#include "maillab/verify/verify.hpp"
#include "net/dns_settings.hpp"
#include "net/host_cache.hpp"

namespace maillab::discovery {

class CaresDns : public autoconfig::MxResolver, public autoconfig::SrvResolver {
  public:
    explicit CaresDns(const NetOptions& options) : dns_(net::dns_settings(options)) {}
    Result<std::vector<autoconfig::MxRecord>> lookup_mx(const std::string& domain,
                                                        autoconfig::Deadline deadline) override;
    Result<std::vector<autoconfig::SrvRecord>> lookup_srv(const std::string& name,
                                                          autoconfig::Deadline deadline) override;

  private:
    net::DnsSettings dns_;
};

class PslDomains : public autoconfig::RegistrableDomains {
  public:
    std::optional<std::string> registrable_domain(const std::string& host) override;
};

// Probes with the protocol clients: connect, TLS as asked (certificates must verify), read the
// capabilities, leave. Never logs in. One prober serves one discovery: its probes share their
// host name answers (imap.D on 993 and 143 is looked up once).
class CapabilityProber : public autoconfig::Prober {
  public:
    explicit CapabilityProber(NetOptions options);
    Result<autoconfig::ProbeResult> probe(const autoconfig::Probe& probe,
                                          autoconfig::Deadline deadline) override;

  private:
    NetOptions options_;
};

} // namespace maillab::discovery
