// "Mail does not arrive": the DNS side of a mail domain, judged in plain words. Pure parsers for
// SPF (RFC 7208), DMARC (RFC 7489) and DKIM key records (RFC 6376), and the verdict of each check
// given lookup results. No I/O here: the engine runs the lookups (the SPF include walk asks a
// lookup function it is given) and prints the checks.
#pragma once

#include "maillab/autoconfig/ports.hpp"
#include "maillab/autoconfig/srv.hpp"
#include "maillab/result.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace maillab::autoconfig {

// ---------------------------------------------------------------------------------------------
// Checks and verdicts

enum class Verdict { ok, warning, problem, missing };
std::string_view to_string(Verdict verdict); // "ok", "warning", "problem", "missing"

struct HealthCheck {
    std::string name; // "mx", "spf", "dmarc", "dkim:SELECTOR", "autoconfig", "autodiscover", "srv"
    Verdict verdict = Verdict::missing;
    std::string summary;              // one sentence in plain words
    std::vector<std::string> details; // records found, terms explained, further findings
};

// Where a name's addresses were looked up (A and AAAA, aliases followed).
struct AddressLookup {
    enum class Status { found, not_found, failed };
    Status status = Status::not_found;
    std::vector<std::string> addresses; // found: as text, IPv4 first
    // The name the looked-up name is an alias of (CNAME chain followed); empty when it is no
    // alias.
    std::string canonical_name;
    std::string error; // not_found / failed: what the resolver said
};

// TXT lookups: each record's strings joined; empty when the name has no TXT records (NXDOMAIN
// or NODATA); an error for anything else (timeout, SERVFAIL, ...).
using TxtAnswer = Result<std::vector<std::string>>;
using TxtLookup = std::function<TxtAnswer(const std::string& name)>;

// Lower case, without the trailing dot of a fully qualified name.
std::string canonical_dns_name(std::string_view name);
bool is_ip_address_literal(std::string_view text); // "192.0.2.1", "2001:db8::1", "[::1]"

// ---------------------------------------------------------------------------------------------
// SPF (RFC 7208)

enum class SpfQualifier : char { pass = '+', fail = '-', softfail = '~', neutral = '?' };
enum class SpfMechanismKind { all, include, a, mx, ptr, ip4, ip6, exists };
std::string_view to_string(SpfMechanismKind kind); // "all", "include", ...

struct SpfMechanism {
    SpfQualifier qualifier = SpfQualifier::pass;
    SpfMechanismKind kind = SpfMechanismKind::all;
    std::string domain_spec;         // include/exists target, a/mx/ptr's optional domain
    std::string network;             // ip4/ip6 address
    std::optional<int> cidr4, cidr6; // "/24", "//64"
    std::string term;                // as written
    bool queries_dns() const;        // include, a, mx, ptr, exists (RFC 7208 §4.6.4)
};

struct SpfModifier {
    std::string name; // lower case
    std::string value;
    std::string term;
};

struct SpfRecord {
    std::vector<SpfMechanism> mechanisms;
    std::optional<std::string> redirect;    // redirect=domain-spec
    std::optional<std::string> explanation; // exp=domain-spec
    std::vector<SpfModifier> unknown_modifiers;
    std::vector<std::string> errors;   // each makes receivers return permerror; names the term
    std::vector<std::string> warnings; // legal but unwise (ptr, terms after "all", ...)
    bool valid() const { return errors.empty(); }
    const SpfMechanism* all() const; // the first "all" mechanism, if any
};

// "v=spf1" (any case) followed by a space or the end: the TXT record is an SPF record.
bool is_spf_record(std::string_view txt);
// Parses one SPF record; a text that is no SPF record gets an error saying so.
SpfRecord parse_spf(std::string_view txt);
// True when a domain-spec contains macros ("%{d}"): it depends on the sender and cannot be
// followed without one.
bool spf_has_macros(std::string_view domain_spec);

inline constexpr int spf_dns_lookup_limit = 10; // RFC 7208 §4.6.4
inline constexpr int spf_void_lookup_limit = 2;

struct SpfEvaluation {
    int record_count = 0; // SPF records among the domain's TXT records (only one is allowed)
    std::string record_text;
    SpfRecord record;
    int dns_lookups = 0;  // DNS-querying terms, included and redirected records counted in
    int void_lookups = 0; // include/redirect targets that answered with no records at all
    bool lookup_limit_exceeded = false;
    bool stopped_counting = false; // includes beyond the limit were not fetched
    // The "all" that decides for servers not listed: the record's own, or the redirect target's.
    std::optional<SpfQualifier> effective_all;
    std::vector<std::string> errors;   // permerror causes, each naming the term and record
    std::vector<std::string> failures; // lookups that failed (temperror), each naming the name
    std::vector<std::string> warnings;
    std::vector<std::string> tree; // "include:_spf.example.net → v=spf1 ...", indented by depth
};

// Picks the SPF record from a domain's TXT records and follows include: and redirect= through
// lookup (never more than the lookup limit, never round a loop).
SpfEvaluation evaluate_spf(const std::string& domain, const std::vector<std::string>& txt_records,
                           const TxtLookup& lookup);

// ---------------------------------------------------------------------------------------------
// Tag lists (RFC 6376 §3.2), shared by DMARC and DKIM

struct TagList {
    std::vector<std::pair<std::string, std::string>> tags; // in order; values trimmed
    std::vector<std::string> errors;                       // names the tag or fragment
    const std::string* find(std::string_view name) const;
};
TagList parse_tag_list(std::string_view text);

// ---------------------------------------------------------------------------------------------
// DMARC (RFC 7489)

struct DmarcRecord {
    std::string policy;           // p: "none", "quarantine", "reject" (lower case); empty if absent
    std::string subdomain_policy; // sp; empty when absent (p applies)
    int percent = 100;            // pct
    std::vector<std::string> aggregate_reports; // rua URIs
    std::vector<std::string> failure_reports;   // ruf URIs
    char dkim_alignment = 'r';                  // adkim: 'r' relaxed, 's' strict
    char spf_alignment = 'r';                   // aspf
    std::string failure_options = "0";          // fo
    std::vector<std::string> errors;            // invalid record; each names the tag
    std::vector<std::string> warnings;          // unknown tags, odd but legal values
    bool valid() const { return errors.empty(); }
};

// The first tag is v=DMARC1 (exactly; RFC 7489 §6.4).
bool is_dmarc_record(std::string_view txt);
DmarcRecord parse_dmarc(std::string_view txt);

// ---------------------------------------------------------------------------------------------
// DKIM key records (RFC 6376 §3.6.1, RFC 8301, RFC 8463)

struct DkimKey {
    std::string version;                      // v, "DKIM1" when present
    std::string key_type = "rsa";             // k: "rsa" or "ed25519"
    std::string public_key;                   // p, base64 without white space
    std::vector<std::string> hash_algorithms; // h; empty: any
    std::vector<std::string> flags;           // t: "y" testing, "s" strict
    std::vector<std::string> service_types;   // s; empty: "*"
    bool revoked = false;                     // p= present but empty
    std::optional<int> key_bits;              // RSA modulus size, ed25519: 256
    std::vector<std::string> errors;
    std::vector<std::string> warnings;
    bool valid() const { return errors.empty(); }
    bool testing() const;
};

DkimKey parse_dkim_key(std::string_view txt);

// ---------------------------------------------------------------------------------------------
// The checks

// What to resolve for the MX check: each MX host (not IP literals, not the null MX), or the
// domain itself when it has no MX records (implicit MX). Nothing when the MX lookup failed.
std::vector<std::string> mx_hosts_to_resolve(const std::string& domain,
                                             const Result<std::vector<MxRecord>>& mx);
// addresses: the lookups of mx_hosts_to_resolve, keyed by those names.
HealthCheck judge_mx(const std::string& domain, const Result<std::vector<MxRecord>>& mx,
                     const std::map<std::string, AddressLookup>& addresses);

// txt: the TXT records of the domain; lookup: for include: and redirect= targets.
HealthCheck judge_spf(const std::string& domain, const TxtAnswer& txt, const TxtLookup& lookup);

// txt: the TXT records at _dmarc.DOMAIN. organizational: when DOMAIN has none and its
// organizational domain differs, that domain and the TXT records at _dmarc.ORG (RFC 7489 §6.6.3).
struct OrganizationalDmarc {
    std::string domain;
    TxtAnswer txt;
};
HealthCheck judge_dmarc(const std::string& domain, const TxtAnswer& txt,
                        const std::optional<OrganizationalDmarc>& organizational = std::nullopt);

// txt: the TXT records at SELECTOR._domainkey.DOMAIN.
HealthCheck judge_dkim(const std::string& domain, const std::string& selector,
                       const TxtAnswer& txt);
// A DKIM selector is one or more DNS labels (letters, digits, "-", "_"), joined by ".".
Status validate_dkim_selector(std::string_view selector);

// autoconfig.DOMAIN (Thunderbird's ISP autoconfig server).
HealthCheck judge_autoconfig(const std::string& domain, const AddressLookup& host);
// autodiscover.DOMAIN and _autodiscover._tcp.DOMAIN (Outlook); srv_targets: the address lookups
// of the SRV targets (see srv_targets_to_resolve), when known.
HealthCheck judge_autodiscover(const std::string& domain, const AddressLookup& host,
                               const Result<std::vector<SrvRecord>>& srv,
                               const std::map<std::string, AddressLookup>& srv_targets = {});

// The SRV names looked up: RFC 6186/8314's mail services, then "_autodiscover._tcp".
const std::vector<std::string>& health_srv_labels();

struct SrvFinding {
    std::string label; // "_imaps._tcp"
    Result<std::vector<SrvRecord>> records = std::vector<SrvRecord>{};
};
// The distinct targets of the findings worth resolving (not ".", trailing dots removed).
std::vector<std::string> srv_targets_to_resolve(const std::vector<SrvFinding>& findings);
HealthCheck judge_srv(const std::string& domain, const std::vector<SrvFinding>& findings,
                      const std::map<std::string, AddressLookup>& target_addresses);

// Exit status of "maillab dns": no check is a problem.
bool all_passed(const std::vector<HealthCheck>& checks);

} // namespace maillab::autoconfig
