// Apple configuration profiles (.mobileconfig, XML property lists): the com.apple.mail.managed
// payload, read and write. Signed (CMS) profiles are unwrapped by the engine first.
#pragma once

#include "maillab/autoconfig/provider_config.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace maillab::autoconfig {

struct MailPayload {
    std::string payload_identifier;
    std::string payload_uuid;
    std::string account_description;       // EmailAccountDescription
    std::string account_name;              // EmailAccountName (the user's name)
    std::string account_type;              // EmailTypeIMAP | EmailTypePOP
    std::string email_address;             // EmailAddress (may be absent: the device asks)
    std::string incoming_host;             // IncomingMailServerHostName
    std::optional<std::uint16_t> incoming_port;
    bool incoming_use_ssl = false;         // IncomingMailServerUseSSL (default false)
    std::string incoming_authentication;   // EmailAuthPassword | EmailAuthCRAMMD5 | EmailAuthNTLM |
                                           // EmailAuthHTTPMD5 | EmailAuthNone
    std::string incoming_username;
    std::string incoming_imap_path_prefix;
    std::optional<std::string> incoming_password; // only in encrypted profiles
    std::string outgoing_host;
    std::optional<std::uint16_t> outgoing_port;   // absent: the device tries 25, 587, 465
    bool outgoing_use_ssl = false;
    std::string outgoing_authentication;
    std::string outgoing_username;
    std::optional<std::string> outgoing_password;
    bool outgoing_password_same_as_incoming = false; // OutgoingPasswordSameAsIncomingPassword
    bool operator==(const MailPayload&) const = default;
};

struct Profile {
    std::string display_name;       // PayloadDisplayName of the profile
    std::string identifier;         // PayloadIdentifier
    std::string uuid;               // PayloadUUID of the profile
    std::vector<MailPayload> mail;  // every com.apple.mail.managed payload, in order
    std::vector<std::string> warnings; // payloads or keys ignored, naming them
    bool operator==(const Profile&) const = default;
};

// Reads an XML plist profile (not a signed one). Other payload types are skipped (noted in
// warnings); a profile without any mail payload is an error. Untrusted input: only Apple's own
// plist DOCTYPE (no internal subset) is accepted. A mail payload must have EmailAccountType
// (EmailTypeIMAP or EmailTypePOP) and both host names; a key of the wrong type (ports are
// <integer> 1..65535, flags <true/> or <false/>) is an error naming the key.
Result<Profile, FormatError> parse_mobileconfig(std::string_view xml);

// Writes a complete profile (PayloadType Configuration, PayloadVersion 1) that parse_mobileconfig
// reads back equal (warnings aside). Passwords are written only when present. Empty identifiers
// are derived (profile: "org.maillab.profile", payload: profile identifier + ".mail[.N]") and
// empty UUIDs are derived from the content (RFC 9562 version 8), so the output is deterministic;
// a profile reads back equal when those fields are set.
std::string write_mobileconfig(const Profile& profile);

} // namespace maillab::autoconfig
