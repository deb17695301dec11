// What discovery needs from the outside world, as one-method interfaces. The engine supplies the
// real ones (c-ares, Beast, its protocol clients); tests supply scripted fakes. Every call takes
// a deadline and must return by then.
#pragma once

#include "maillab/autoconfig/guess_plan.hpp"
#include "maillab/autoconfig/srv.hpp"
#include "maillab/result.hpp"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace maillab::autoconfig {

using Deadline = std::chrono::steady_clock::time_point;

struct MxRecord {
    std::uint16_t preference = 0;
    std::string host;
};

// DNS failures: the message says what went wrong ("NXDOMAIN", "timed out", ...). An empty
// answer is success with no records.
class MxResolver {
  public:
    virtual ~MxResolver() = default;
    virtual Result<std::vector<MxRecord>> lookup_mx(const std::string& domain, Deadline deadline) = 0;
};

// Called from several threads at once (the SRV source asks for every service name together).
class SrvResolver {
  public:
    virtual ~SrvResolver() = default;
    virtual Result<std::vector<SrvRecord>> lookup_srv(const std::string& name, Deadline deadline) = 0;
};

struct HttpRequest {
    std::string method = "GET"; // GET or POST
    std::string url;
    std::string body;
    std::string content_type;
    // Basic credentials, sent only over https and only to the host the request names.
    std::optional<std::pair<std::string, std::string>> basic_auth;
    bool follow_redirects = true;
};

struct HttpResponse {
    int status = 0;
    std::string body;           // capped by the fetcher
    std::string final_url;      // after redirects
    bool all_hops_https = true; // false when any hop of the redirect chain was plain http
    std::vector<std::string> redirects; // each Location followed, in order
    std::string location;       // a Location header not followed (follow_redirects false)
};

class HttpFetcher {
  public:
    virtual ~HttpFetcher() = default;
    virtual Result<HttpResponse> fetch(const HttpRequest& request, Deadline deadline) = 0;
};

struct ProbeResult {
    std::vector<std::string> auth_mechanisms; // upper case, as advertised after TLS
    bool login_disabled = false;              // IMAP LOGINDISABLED
};

// Connects, reads the greeting, asks for capabilities (STARTTLS when the probe says so), and
// logs out. Never logs in. An error names why the probe failed.
class Prober {
  public:
    virtual ~Prober() = default;
    virtual Result<ProbeResult> probe(const Probe& probe, Deadline deadline) = 0;
};

// The registrable domain of a host name via the public-suffix list ("mx1.mail.example.co.uk" →
// "example.co.uk"); nullopt when the name is itself a public suffix or invalid.
class RegistrableDomains {
  public:
    virtual ~RegistrableDomains() = default;
    virtual std::optional<std::string> registrable_domain(const std::string& host) = 0;
};

} // namespace maillab::autoconfig
