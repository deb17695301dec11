// RFC 5322 dates ("Tue, 3 Mar 2026 11:05:00 +0000") to and from seconds since the epoch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace maillab::mail_detail {

// Tolerant: the day of the week is optional and not checked, comments are skipped, seconds
// are optional, two- and three-digit years follow RFC 5322 4.3, obsolete zones (UT, GMT, EST,
// ..., military letters as -0000) and a missing zone count as UTC. nullopt when unparsable.
std::optional<std::int64_t> parse_mail_date(std::string_view text);

// "Wed, 25 Nov 2026 11:42:37 +0000".
std::string format_mail_date(std::int64_t epoch_seconds);

} // namespace maillab::mail_detail
