// .mobileconfig reader: the plist reader does the XML (and the untrusted-input check); this maps
// the com.apple.mail.managed payloads onto MailPayload, checking every key's type.
#include "maillab/autoconfig/mobileconfig.hpp"
#include "maillab/autoconfig/untrusted_xml.hpp"
#include "plist.hpp"
#include "xml_support.hpp"

#include <algorithm>
#include <array>

namespace maillab::autoconfig {

namespace {

using detail::quoted;
using plist::path_key;

constexpr std::string_view mail_payload_type = "com.apple.mail.managed";

struct StringKey {
    std::string_view key;
    std::string MailPayload::*member;
};
constexpr std::array<StringKey, 13> string_keys{{
    {"EmailAccountDescription", &MailPayload::account_description},
    {"EmailAccountName", &MailPayload::account_name},
    {"EmailAccountType", &MailPayload::account_type},
    {"EmailAddress", &MailPayload::email_address},
    {"IncomingMailServerAuthentication", &MailPayload::incoming_authentication},
    {"IncomingMailServerHostName", &MailPayload::incoming_host},
    {"IncomingMailServerIMAPPathPrefix", &MailPayload::incoming_imap_path_prefix},
    {"IncomingMailServerUsername", &MailPayload::incoming_username},
    {"OutgoingMailServerAuthentication", &MailPayload::outgoing_authentication},
    {"OutgoingMailServerHostName", &MailPayload::outgoing_host},
    {"OutgoingMailServerUsername", &MailPayload::outgoing_username},
    {"PayloadIdentifier", &MailPayload::payload_identifier},
    {"PayloadUUID", &MailPayload::payload_uuid},
}};

struct PasswordKey {
    std::string_view key;
    std::optional<std::string> MailPayload::*member;
};
constexpr std::array<PasswordKey, 2> password_keys{{
    {"IncomingPassword", &MailPayload::incoming_password},
    {"OutgoingPassword", &MailPayload::outgoing_password},
}};

struct PortKey {
    std::string_view key;
    std::optional<std::uint16_t> MailPayload::*member;
};
constexpr std::array<PortKey, 2> port_keys{{
    {"IncomingMailServerPortNumber", &MailPayload::incoming_port},
    {"OutgoingMailServerPortNumber", &MailPayload::outgoing_port},
}};

struct BoolKey {
    std::string_view key;
    bool MailPayload::*member;
};
constexpr std::array<BoolKey, 3> bool_keys{{
    {"IncomingMailServerUseSSL", &MailPayload::incoming_use_ssl},
    {"OutgoingMailServerUseSSL", &MailPayload::outgoing_use_ssl},
    {"OutgoingPasswordSameAsIncomingPassword", &MailPayload::outgoing_password_same_as_incoming},
}};

// Keys every payload may carry that the model has no place for; ignored without a warning.
constexpr std::array<std::string_view, 5> general_payload_keys{
    "PayloadType", "PayloadVersion", "PayloadDisplayName", "PayloadDescription",
    "PayloadOrganization"};

constexpr std::array<std::string_view, 5> known_authentication{
    "EmailAuthPassword", "EmailAuthCRAMMD5", "EmailAuthNTLM", "EmailAuthHTTPMD5", "EmailAuthNone"};

template <class Table> auto find_key(const Table& table, std::string_view key) {
    return std::ranges::find(table, key, [](const auto& row) { return row.key; });
}

bool contains(const auto& table, std::string_view value) {
    return std::ranges::find(table, value) != table.end();
}

// "a <string>", "an <integer>", "a <true/> or <false/>" for messages.
std::string a_kind(std::string_view kind) {
    if (kind == "boolean") {
        return "a <true/> or <false/>";
    }
    const bool vowel = kind == "integer" || kind == "array";
    return std::string(vowel ? "an <" : "a <") + std::string(kind) + ">";
}

class Reader {
  public:
    explicit Reader(std::string_view xml) : xml_(xml) {}

    Result<Profile, FormatError> read(const plist::Value& root) {
        const auto* top = root.get_if<plist::Dict>();
        if (top == nullptr) {
            return error_at(root,
                            "the profile is " + a_kind(plist::kind_name(root)) + ", not a <dict>");
        }
        Profile profile;
        if (const plist::Value* type = plist::find(*top, "PayloadType")) {
            const std::string* text = string_value(*type, "PayloadType");
            if (text == nullptr) {
                return std::move(*error_);
            }
            if (*text != "Configuration") {
                return error_at(*type, "PayloadType " + quoted(*text) +
                                           " is not Configuration: not a configuration profile");
            }
        } else {
            warn(root, "top-level PayloadType missing (Configuration expected)");
        }
        if (!read_string(*top, "PayloadDisplayName", "PayloadDisplayName", profile.display_name) ||
            !read_string(*top, "PayloadIdentifier", "PayloadIdentifier", profile.identifier) ||
            !read_string(*top, "PayloadUUID", "PayloadUUID", profile.uuid)) {
            return std::move(*error_);
        }

        const plist::Value* content = plist::find(*top, "PayloadContent");
        if (content == nullptr) {
            return error_at(root, "no PayloadContent in the profile");
        }
        const auto* payloads = content->get_if<plist::Array>();
        if (payloads == nullptr) {
            return error_at(*content, "PayloadContent is " + a_kind(plist::kind_name(*content)) +
                                          ", not an <array>");
        }
        std::vector<std::string> other_types;
        for (std::size_t i = 0; i < payloads->size(); ++i) {
            const plist::Value& payload = (*payloads)[i];
            const std::string path = "PayloadContent[" + std::to_string(i) + "]";
            const auto* dict = payload.get_if<plist::Dict>();
            if (dict == nullptr) {
                warn(payload,
                     path + " skipped: " + a_kind(plist::kind_name(payload)) + ", not a <dict>");
                continue;
            }
            const plist::Value* type = plist::find(*dict, "PayloadType");
            const std::string* type_text = type ? type->get_if<std::string>() : nullptr;
            if (type_text == nullptr) {
                warn(payload, path + " skipped: no PayloadType string");
                continue;
            }
            if (*type_text != mail_payload_type) {
                warn(payload, path + " skipped: PayloadType " + quoted(*type_text) + " is not " +
                                  std::string(mail_payload_type));
                other_types.push_back(quoted(*type_text));
                continue;
            }
            std::optional<MailPayload> mail = read_mail(payload, *dict, path);
            if (!mail) {
                return std::move(*error_);
            }
            profile.mail.push_back(std::move(*mail));
        }
        if (profile.mail.empty()) {
            std::string found;
            for (const std::string& type : other_types) {
                found += (found.empty() ? " (found: " : ", ") + type;
            }
            return error_at(*content, "no " + std::string(mail_payload_type) +
                                          " payload in PayloadContent" +
                                          (found.empty() ? "" : found + ")"));
        }
        profile.warnings = std::move(warnings_);
        return profile;
    }

  private:
    FormatError error_at(const plist::Value& value, std::string message) const {
        return FormatError{std::move(message), line_of_offset(xml_, value.offset), value.offset};
    }

    void warn(const plist::Value& value, const std::string& text) {
        warnings_.push_back("line " + std::to_string(line_of_offset(xml_, value.offset)) + ": " +
                            text);
    }

    // The string, or nullptr with error_ set when the value is of another kind.
    const std::string* string_value(const plist::Value& value, const std::string& path) {
        const std::string* text = value.get_if<std::string>();
        if (text == nullptr) {
            error_ = error_at(value,
                              path + " is " + a_kind(plist::kind_name(value)) + ", not a <string>");
        }
        return text;
    }

    // Copies an optional string key into `out`; false (error_ set) when it is not a string.
    bool read_string(const plist::Dict& dict, std::string_view key, const std::string& path,
                     std::string& out) {
        const plist::Value* value = plist::find(dict, key);
        if (value == nullptr) {
            return true;
        }
        const std::string* text = string_value(*value, path);
        if (text != nullptr) {
            out = *text;
        }
        return text != nullptr;
    }

    std::optional<MailPayload> read_mail(const plist::Value& payload, const plist::Dict& dict,
                                         const std::string& path) {
        MailPayload mail;
        for (const plist::Entry& entry : dict) {
            const std::string key_path = path + "." + path_key(entry.key);
            const plist::Value& value = entry.value;
            if (const auto row = find_key(string_keys, entry.key); row != string_keys.end()) {
                const std::string* text = string_value(value, key_path);
                if (text == nullptr) {
                    return std::nullopt;
                }
                mail.*(row->member) = *text;
            } else if (const auto row = find_key(password_keys, entry.key);
                       row != password_keys.end()) {
                const std::string* text = string_value(value, key_path);
                if (text == nullptr) {
                    return std::nullopt;
                }
                mail.*(row->member) = *text;
            } else if (const auto row = find_key(port_keys, entry.key); row != port_keys.end()) {
                const auto* number = value.get_if<std::int64_t>();
                if (number == nullptr) {
                    error_ = error_at(value, key_path + " is " + a_kind(plist::kind_name(value)) +
                                                 ", not an <integer>");
                    return std::nullopt;
                }
                if (*number < 1 || *number > 65535) {
                    error_ = error_at(value, key_path + " " + std::to_string(*number) +
                                                 " is not a port number (1 to 65535)");
                    return std::nullopt;
                }
                mail.*(row->member) = static_cast<std::uint16_t>(*number);
            } else if (const auto row = find_key(bool_keys, entry.key); row != bool_keys.end()) {
                const auto* flag = value.get_if<bool>();
                if (flag == nullptr) {
                    error_ = error_at(value, key_path + " is " + a_kind(plist::kind_name(value)) +
                                                 ", not <true/> or <false/>");
                    return std::nullopt;
                }
                mail.*(row->member) = *flag;
            } else if (!contains(general_payload_keys, entry.key)) {
                warn(value, key_path + " ignored: not part of the mail account model");
            }
        }

        if (mail.account_type.empty()) {
            error_ = error_at(payload, path + ": no EmailAccountType");
            return std::nullopt;
        }
        if (mail.account_type != "EmailTypeIMAP" && mail.account_type != "EmailTypePOP") {
            const plist::Value& value = *plist::find(dict, "EmailAccountType");
            error_ = error_at(value, path + ".EmailAccountType " + quoted(mail.account_type) +
                                         " is not EmailTypeIMAP or EmailTypePOP");
            return std::nullopt;
        }
        for (const std::string_view key :
             {"IncomingMailServerHostName", "OutgoingMailServerHostName"}) {
            const plist::Value* value = plist::find(dict, key);
            if (value == nullptr || value->get_if<std::string>()->empty()) {
                error_ =
                    error_at(value == nullptr ? payload : *value,
                             path + (value == nullptr ? ": no " : ": empty ") + std::string(key));
                return std::nullopt;
            }
        }
        for (const std::string_view key :
             {"IncomingMailServerAuthentication", "OutgoingMailServerAuthentication"}) {
            const plist::Value* value = plist::find(dict, key);
            if (value != nullptr &&
                !contains(known_authentication, *value->get_if<std::string>())) {
                warn(*value, path + "." + std::string(key) + " " +
                                 quoted(*value->get_if<std::string>()) +
                                 " is not a known EmailAuth value; kept as written");
            }
        }
        return mail;
    }

    std::string_view xml_;
    std::vector<std::string> warnings_;
    std::optional<FormatError> error_;
};

} // namespace

Result<Profile, FormatError> parse_mobileconfig(std::string_view xml) {
    // plist::parse runs check_untrusted_xml before anything else reads the bytes.
    Result<plist::Value, FormatError> root = plist::parse(xml);
    if (!root) {
        return root.error();
    }
    return Reader(xml).read(*root);
}

} // namespace maillab::autoconfig
