// libFuzzer target: Apple configuration profiles (parse_mobileconfig), with a write-and-read-back
// round trip (write_mobileconfig, then parse again: equal, warnings aside).
//
// What the writer documents as changing: empty identifiers and UUIDs are derived, and C0 control
// characters other than tab, LF and CR (which XML 1.0 cannot carry) are written as U+FFFD. The
// expected profile is adjusted for both before comparing.
#include "fuzz_util.hpp"
#include "maillab/autoconfig/mobileconfig.hpp"

#include <optional>
#include <string>

namespace {

using namespace maillab::autoconfig;
using namespace maillab::fuzz;

void as_written(std::string& text) {
    std::string out;
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 && c != '\t' && c != '\n' && c != '\r')
            out += "\xEF\xBF\xBD";
        else
            out += c;
    }
    text = std::move(out);
}
void as_written(std::optional<std::string>& text) {
    if (text)
        as_written(*text);
}

// A field the writer derives when empty: the read-back value must be set; it is taken over.
void derived(std::string& expected, const std::string& actual) {
    FUZZ_CHECK(!actual.empty());
    if (expected.empty())
        expected = actual;
}

MailPayload expected_mail(MailPayload mail, const MailPayload& actual) {
    for (std::string* text :
         {&mail.payload_identifier, &mail.payload_uuid, &mail.account_description,
          &mail.account_name, &mail.account_type, &mail.email_address, &mail.incoming_host,
          &mail.incoming_authentication, &mail.incoming_username, &mail.incoming_imap_path_prefix,
          &mail.outgoing_host, &mail.outgoing_authentication, &mail.outgoing_username})
        as_written(*text);
    as_written(mail.incoming_password);
    as_written(mail.outgoing_password);
    derived(mail.payload_identifier, actual.payload_identifier);
    derived(mail.payload_uuid, actual.payload_uuid);
    return mail;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto parsed = read_input(parse_mobileconfig, data, size);
    if (!parsed)
        return 0;
    const Profile& profile = *parsed;
    FUZZ_CHECK(!profile.mail.empty());
    for (const std::string& warning : profile.warnings)
        check_message(warning);
    for (const MailPayload& mail : profile.mail) {
        FUZZ_CHECK(mail.account_type == "EmailTypeIMAP" || mail.account_type == "EmailTypePOP");
        FUZZ_CHECK(!mail.incoming_host.empty() && !mail.outgoing_host.empty());
        FUZZ_CHECK(mail.incoming_port.value_or(1) != 0 && mail.outgoing_port.value_or(1) != 0);
    }

    const std::string written = write_mobileconfig(profile);
    const auto reread = parse_mobileconfig(written);
    check_read_back(reread);
    FUZZ_CHECK(reread->mail.size() == profile.mail.size());

    Profile expected = profile;
    expected.warnings.clear();
    as_written(expected.display_name);
    as_written(expected.identifier);
    as_written(expected.uuid);
    derived(expected.identifier, reread->identifier);
    derived(expected.uuid, reread->uuid);
    for (std::size_t i = 0; i < expected.mail.size(); ++i)
        expected.mail[i] = expected_mail(expected.mail[i], reread->mail[i]);
    Profile actual = *reread;
    actual.warnings.clear();
    FUZZ_CHECK(actual == expected);
    // With every derived field now set, writing again gives the same text.
    FUZZ_CHECK(write_mobileconfig(actual) == written);
    return 0;
}
