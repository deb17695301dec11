// .mobileconfig writer: builds the plist value (keys in alphabetical order, as Apple Configurator
// writes them) and lets the plist writer produce the text.
#include "maillab/autoconfig/mobileconfig.hpp"
#include "plist.hpp"

#include <array>
#include <cstdint>

namespace maillab::autoconfig {

namespace {

constexpr std::string_view default_profile_identifier = "org.maillab.profile";

// FNV-1a, 64 bits, from a chosen basis.
std::uint64_t fnv1a(std::string_view text, std::uint64_t basis) {
    std::uint64_t hash = basis;
    for (const char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

// A name-based UUID (RFC 9562 version 8, "custom") from the text: equal content, equal UUID.
std::string uuid_from(std::string_view text) {
    std::array<std::uint8_t, 16> bytes{};
    const std::uint64_t high = fnv1a(text, 0xcbf29ce484222325ULL);
    const std::uint64_t low = fnv1a(text, high ^ 0x9e3779b97f4a7c15ULL);
    for (std::size_t i = 0; i < 8; ++i) {
        bytes[i] = static_cast<std::uint8_t>(high >> (56 - 8 * i));
        bytes[8 + i] = static_cast<std::uint8_t>(low >> (56 - 8 * i));
    }
    bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0f) | 0x80); // version 8
    bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3f) | 0x80); // variant 10
    constexpr std::string_view hex = "0123456789ABCDEF";
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            out += '-';
        }
        out += hex[bytes[i] >> 4];
        out += hex[bytes[i] & 0xf];
    }
    return out;
}

void add(plist::Dict& dict, std::string key, plist::Value value) {
    dict.push_back(plist::Entry{std::move(key), std::move(value)});
}

void add_if_set(plist::Dict& dict, std::string key, const std::string& text) {
    if (!text.empty()) {
        add(dict, std::move(key), text);
    }
}

plist::Dict mail_dict(const MailPayload& mail, const std::string& identifier) {
    plist::Dict dict;
    add_if_set(dict, "EmailAccountDescription", mail.account_description);
    add_if_set(dict, "EmailAccountName", mail.account_name);
    add_if_set(dict, "EmailAccountType", mail.account_type);
    add_if_set(dict, "EmailAddress", mail.email_address);
    add_if_set(dict, "IncomingMailServerAuthentication", mail.incoming_authentication);
    add_if_set(dict, "IncomingMailServerHostName", mail.incoming_host);
    add_if_set(dict, "IncomingMailServerIMAPPathPrefix", mail.incoming_imap_path_prefix);
    if (mail.incoming_port) {
        add(dict, "IncomingMailServerPortNumber", std::int64_t{*mail.incoming_port});
    }
    add(dict, "IncomingMailServerUseSSL", mail.incoming_use_ssl);
    add_if_set(dict, "IncomingMailServerUsername", mail.incoming_username);
    if (mail.incoming_password) {
        add(dict, "IncomingPassword", *mail.incoming_password);
    }
    add_if_set(dict, "OutgoingMailServerAuthentication", mail.outgoing_authentication);
    add_if_set(dict, "OutgoingMailServerHostName", mail.outgoing_host);
    if (mail.outgoing_port) {
        add(dict, "OutgoingMailServerPortNumber", std::int64_t{*mail.outgoing_port});
    }
    add(dict, "OutgoingMailServerUseSSL", mail.outgoing_use_ssl);
    add_if_set(dict, "OutgoingMailServerUsername", mail.outgoing_username);
    if (mail.outgoing_password) {
        add(dict, "OutgoingPassword", *mail.outgoing_password);
    }
    add(dict, "OutgoingPasswordSameAsIncomingPassword", mail.outgoing_password_same_as_incoming);
    add(dict, "PayloadDisplayName",
        mail.account_description.empty() ? std::string("Mail") : mail.account_description);
    add(dict, "PayloadIdentifier", identifier);
    add(dict, "PayloadType", "com.apple.mail.managed");
    const std::string uuid =
        mail.payload_uuid.empty() ? uuid_from(plist::write(dict)) : mail.payload_uuid;
    add(dict, "PayloadUUID", uuid);
    add(dict, "PayloadVersion", 1);
    return dict;
}

} // namespace

std::string write_mobileconfig(const Profile& profile) {
    const std::string identifier =
        profile.identifier.empty() ? std::string(default_profile_identifier) : profile.identifier;
    plist::Array payloads;
    for (std::size_t i = 0; i < profile.mail.size(); ++i) {
        const MailPayload& mail = profile.mail[i];
        std::string payload_identifier = mail.payload_identifier;
        if (payload_identifier.empty()) {
            payload_identifier = identifier + ".mail" + (i == 0 ? "" : "." + std::to_string(i));
        }
        payloads.emplace_back(mail_dict(mail, payload_identifier));
    }

    plist::Dict top;
    add(top, "PayloadContent", std::move(payloads));
    add(top, "PayloadDisplayName", profile.display_name);
    add(top, "PayloadIdentifier", identifier);
    add(top, "PayloadType", "Configuration");
    const std::string uuid = profile.uuid.empty() ? uuid_from(plist::write(top)) : profile.uuid;
    add(top, "PayloadUUID", uuid);
    add(top, "PayloadVersion", 1);
    return plist::write(top);
}

} // namespace maillab::autoconfig
