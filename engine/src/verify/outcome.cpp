#include "maillab/verify/check_result.hpp"
#include "maillab/verify/outcome.hpp"

#include <array>
#include <utility>

namespace maillab {
namespace {

constexpr std::array<std::pair<Outcome, std::string_view>, 12> outcome_names{{
    {Outcome::ok, "ok"},
    {Outcome::dns_failed, "dns_failed"},
    {Outcome::connect_failed, "connect_failed"},
    {Outcome::timeout, "timeout"},
    {Outcome::tls_failed, "tls_failed"},
    {Outcome::certificate_untrusted, "certificate_untrusted"},
    {Outcome::certificate_name_mismatch, "certificate_name_mismatch"},
    {Outcome::starttls_unavailable, "starttls_unavailable"},
    {Outcome::auth_failed, "auth_failed"},
    {Outcome::auth_mechanism_unsupported, "auth_mechanism_unsupported"},
    {Outcome::plaintext_refused, "plaintext_refused"},
    {Outcome::protocol_error, "protocol_error"},
}};

} // namespace

std::string_view to_string(Outcome outcome) {
    for (const auto& [value, name] : outcome_names)
        if (value == outcome)
            return name;
    return "protocol_error";
}

std::optional<Outcome> parse_outcome(std::string_view text) {
    for (const auto& [value, name] : outcome_names)
        if (name == text)
            return value;
    return std::nullopt;
}

std::string_view to_string(Direction direction) {
    switch (direction) {
    case Direction::sent:
        return "sent";
    case Direction::received:
        return "received";
    case Direction::note:
        return "note";
    }
    return "note";
}

} // namespace maillab
