// `maillab export`: an account as a file another device or a DNS zone can use. No password is
// ever written, in any format.
#pragma once

#include "maillab/autoconfig/mobileconfig.hpp"
#include "maillab/autoconfig/provider_config.hpp"
#include "maillab/model/account.hpp"
#include "maillab/result.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace maillab::profiles {

enum class ExportFormat { clientconfig, mobileconfig, autodiscover, srv };
std::string_view to_string(ExportFormat format);
std::optional<ExportFormat> parse_export_format(std::string_view text);

struct ExportedFile {
    std::string text;
    // What the format cannot carry (other SMTP servers in a profile, a port/security pair that
    // reads back differently), each naming the server.
    std::vector<std::string> warnings;
};

// The account's servers as a provider config: the incoming server, the primary SMTP server, then
// the enabled other SMTP servers. User names as in the account (no placeholders); no passwords.
autoconfig::ProviderConfig account_to_provider_config(const Account& account);

// One com.apple.mail.managed payload; OutgoingPasswordSameAsIncomingPassword from the account;
// "Use SSL" on for tls and starttls (the device negotiates STARTTLS on 143/110/25/587).
autoconfig::Profile account_to_profile(const Account& account);

// Zone-file SRV lines (RFC 6186, RFC 8314) for the account's domain: _imaps/_imap,
// _pop3s/_pop3, _submissions/_submission, e.g.
// "_imaps._tcp.example.com. 3600 IN SRV 0 1 993 imap.example.com."
std::string account_to_srv_records(const Account& account, std::vector<std::string>* warnings);

// Writes the account in the format. Errors name the problem (an account without a usable
// domain for srv, for example).
Result<ExportedFile> export_account(const Account& account, ExportFormat format);

} // namespace maillab::profiles
