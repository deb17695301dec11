// The closed set of verification outcomes (DESIGN.md, CLI contract).
#pragma once

#include <optional>
#include <string_view>

namespace maillab {

enum class Outcome {
    ok,
    dns_failed,
    connect_failed,
    timeout,
    tls_failed,
    certificate_untrusted,
    certificate_name_mismatch,
    starttls_unavailable,
    auth_failed,
    auth_mechanism_unsupported,
    plaintext_refused,
    protocol_error,
};

std::string_view to_string(Outcome outcome);
std::optional<Outcome> parse_outcome(std::string_view text);

} // namespace maillab
