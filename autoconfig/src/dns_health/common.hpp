// Helpers the DNS health checks share (dkim.cpp, dmarc.cpp, spf.cpp; defined in common.cpp).
// Private to maillab_autoconfig; the public pieces are in maillab/autoconfig/dns_health.hpp.
#pragma once

#include <string>
#include <string_view>

namespace maillab::autoconfig::detail {

// `text` with its letters lower-cased: tag names, mechanisms and keywords compare
// case-insensitively.
std::string lower(std::string_view text);

} // namespace maillab::autoconfig::detail
