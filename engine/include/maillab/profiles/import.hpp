// `maillab import`: mail settings from a file someone was given — a Thunderbird clientConfig, a
// Microsoft Autodiscover response, or an Apple configuration profile (plain or signed) — read
// into one shape. The format is detected from the content, never from the file name.
#pragma once

#include "maillab/autoconfig/provider_config.hpp"
#include "maillab/profiles/signed_profile.hpp"
#include "maillab/result.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace maillab::profiles {

enum class ImportFormat { clientconfig, autodiscover, mobileconfig, mobileconfig_signed };
std::string_view to_string(ImportFormat format); // "clientconfig", ..., "mobileconfig-signed"

constexpr std::size_t max_import_bytes = 1024 * 1024;

struct ImportedSettings {
    ImportFormat format = ImportFormat::clientconfig;
    std::string provider_id;
    std::string display_name;
    std::vector<std::string> domains;
    // Document order, the first preferred. socket_type plain/ssl/starttls is the CLI's
    // none/tls/starttls; authentication holds clientConfig values (a profile's EmailAuth* values
    // are mapped: Password → password-cleartext, CRAMMD5 and HTTPMD5 → password-encrypted,
    // NTLM → NTLM, None → none). Passwords are never carried over (a warning says so).
    std::vector<autoconfig::ServerEntry> incoming;
    std::vector<autoconfig::ServerEntry> outgoing;
    std::vector<std::string> warnings;
    // A profile's OutgoingPasswordSameAsIncomingPassword (on when any payload has it), or
    // Autodiscover's UsePOPAuth; nullopt for clientConfig, which cannot say.
    std::optional<bool> outgoing_password_same_as_incoming;
    std::vector<SignerInfo> signers; // mobileconfig-signed only
};

// Detects the format and reads it. Placeholders (%EMAILADDRESS%, ...) are kept unless `email`
// is given, then they are expanded for it. Refused, with a message naming the problem: more
// than max_import_bytes, an unknown format, a binary plist, a document the format's reader
// refuses (bad XML, a DTD, wrong types), an Autodiscover redirect or error response (there are
// no settings in it), and an invalid `email`.
//
// A profile's "Use SSL" switch is read with the port, as the device uses it: on, on the
// STARTTLS ports (IMAP 143, POP3 110, SMTP 25 and 587) the device negotiates STARTTLS, so the
// server reads as starttls; on, on any other port, as tls; off as none (with a warning: the
// device may still try STARTTLS). A missing incoming port reads as the iPhone default for that
// security; a missing outgoing port as the three servers the device tries, in its order: 25, 587
// and 465 (with a warning).
Result<ImportedSettings> import_settings(std::string_view bytes,
                                         const std::optional<std::string>& email = std::nullopt);

// Reads a whole regular file of at most `max_bytes`; larger files are refused, naming the limit.
Result<std::string> read_input_file(const std::filesystem::path& path, std::size_t max_bytes);

} // namespace maillab::profiles
