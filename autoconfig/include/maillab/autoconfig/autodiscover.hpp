// Microsoft Autodiscover, plain-old-XML flavour (MS-OXDSCLI): the request a client POSTs and the
// response it reads. Pure functions.
#pragma once

#include "maillab/autoconfig/provider_config.hpp"

#include <string>
#include <string_view>
#include <variant>

namespace maillab::autoconfig {

// <Autodiscover> request body for the "outlook" response schema 2006a.
std::string write_autodiscover_request(std::string_view email_address);

struct AutodiscoverSettings {
    // IMAP/POP3 as incoming, SMTP as outgoing, in document order; EXCH/EXPR/WEB are skipped.
    // Username is LoginName when given, else %EMAILADDRESS%. SSL/Encryption map to socket types
    // as Thunderbird does: SSL off or Encryption None → plain; otherwise ports 143/110/25/587 →
    // STARTTLS, any other → SSL. SPA on → "password-encrypted" (NTLM), else "password-cleartext".
    ProviderConfig config;
    bool domain_required = false;      // DomainRequired on: user name must be DOMAIN\user
    bool smtp_uses_pop_auth = false;   // UsePOPAuth on: SMTP reuses the incoming credentials
};
struct AutodiscoverRedirectAddress {
    std::string email_address; // <Action>redirectAddr</Action>: try again with this address
};
struct AutodiscoverRedirectUrl {
    std::string url; // <Action>redirectUrl</Action>: POST again to this https URL
};
struct AutodiscoverError {
    std::string error_code;
    std::string message;
};
using AutodiscoverResponse = std::variant<AutodiscoverSettings, AutodiscoverRedirectAddress,
                                          AutodiscoverRedirectUrl, AutodiscoverError>;

Result<AutodiscoverResponse, FormatError> parse_autodiscover_response(std::string_view xml);

// Writes a response document with the given settings (for `maillab export --format
// autodiscover`) that parse_autodiscover_response reads back to the same servers.
// Limits (the reader follows Thunderbird's port rule): STARTTLS on a port other than
// 143/110/25/587, or implicit TLS on one of those, reads back the other way (<Encryption> SSL/TLS
// is written for readers that honour it); authentication reads back as password-encrypted (SPA
// on) or password-cleartext only. Placeholders are expanded with email_address, except a user
// name of %EMAILADDRESS%, which is written as no <LoginName> and so reads back as itself.
std::string write_autodiscover_response(const ProviderConfig& config, std::string_view email_address);

} // namespace maillab::autoconfig
