// MX, SRV and TXT lookups through c-ares. Answers are size-limited and validated by c-ares's
// parsers; an empty answer (NODATA) is success with no records, aliases (CNAME) that loop are an
// error naming the loop. Names inside dns.zone are answered from it.
#pragma once

#include "maillab/autoconfig/ports.hpp"
#include "net/dns_settings.hpp"
#include "net/net_result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace maillab::net {

NetResult<std::vector<autoconfig::MxRecord>>
lookup_mx(const std::string& name, const DnsSettings& dns, Clock::time_point deadline);
NetResult<std::vector<autoconfig::SrvRecord>>
lookup_srv(const std::string& name, const DnsSettings& dns, Clock::time_point deadline);
// Each TXT record's strings joined, as RFC 7208 reads SPF.
NetResult<std::vector<std::string>> lookup_txt(const std::string& name, const DnsSettings& dns,
                                               Clock::time_point deadline);

// "CNAME loop a → b → a" when the aliases in the name's A answer loop, else nullopt (also when
// the query fails). c-ares's address lookup reports such a name only as "no records".
std::optional<std::string> address_cname_loop(const std::string& name, const DnsSettings& dns,
                                              Clock::time_point deadline);

} // namespace maillab::net
