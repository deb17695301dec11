#include "maillab/autoconfig/mobileconfig.hpp"
#include "test_data.hpp"

#include <filesystem>
#include <gtest/gtest.h>
#include <regex>
#include <string>
#include <string_view>

namespace {

using namespace maillab::autoconfig;
using maillab::test::replaced;
namespace fs = std::filesystem;

const fs::path data_dir = maillab::test::data_dir("mobileconfig");

std::string load(std::string_view name) {
    return maillab::test::read_file(data_dir / name);
}

Profile parsed(std::string_view xml) {
    auto result = parse_mobileconfig(xml);
    if (!result) {
        ADD_FAILURE() << "line " << result.error().line << ": " << result.error().message;
        return {};
    }
    return std::move(*result);
}

std::string error_of(std::string_view xml) {
    const auto result = parse_mobileconfig(xml);
    if (result) {
        ADD_FAILURE() << "the document was accepted";
        return {};
    }
    return "line " + std::to_string(result.error().line) + ": " + result.error().message;
}

TEST(Mobileconfig, ARealisticImapProfileIsRead) {
    const Profile profile = parsed(load("imap_same_password.mobileconfig"));
    EXPECT_EQ(profile.display_name, "Example Mail (jane.doe@example.com)");
    EXPECT_EQ(profile.identifier, "com.example.mail.profile");
    EXPECT_EQ(profile.uuid, "A1B2C3D4-E5F6-4711-8899-AABBCCDDEEFF");
    ASSERT_EQ(profile.mail.size(), 1u);

    const MailPayload& mail = profile.mail[0];
    EXPECT_EQ(mail.payload_identifier, "com.example.mail.profile.email");
    EXPECT_EQ(mail.payload_uuid, "6B3F7C2A-1D4E-4F5A-9B8C-0D1E2F3A4B5C");
    EXPECT_EQ(mail.account_description, "Example Mail");
    EXPECT_EQ(mail.account_name, "Jane Doe");
    EXPECT_EQ(mail.account_type, "EmailTypeIMAP");
    EXPECT_EQ(mail.email_address, "jane.doe@example.com");
    EXPECT_EQ(mail.incoming_host, "imap.example.com");
    EXPECT_EQ(mail.incoming_port, 993);
    EXPECT_TRUE(mail.incoming_use_ssl);
    EXPECT_EQ(mail.incoming_authentication, "EmailAuthPassword");
    EXPECT_EQ(mail.incoming_username, "jane.doe@example.com");
    EXPECT_EQ(mail.incoming_password, std::nullopt);
    EXPECT_EQ(mail.outgoing_host, "smtp.example.com");
    EXPECT_EQ(mail.outgoing_port, 587);
    EXPECT_TRUE(mail.outgoing_use_ssl);
    EXPECT_EQ(mail.outgoing_authentication, "EmailAuthPassword");
    EXPECT_EQ(mail.outgoing_username, "jane.doe@example.com");
    EXPECT_EQ(mail.outgoing_password, std::nullopt);
    EXPECT_TRUE(mail.outgoing_password_same_as_incoming);
}

TEST(Mobileconfig, KeysOutsideTheModelAreNamedInWarnings) {
    const Profile profile = parsed(load("imap_same_password.mobileconfig"));
    EXPECT_EQ(profile.warnings,
              (std::vector<std::string>{
                  "line 51: PayloadContent[0].PreventAppSheet ignored: not part of the mail "
                  "account model",
                  "line 53: PayloadContent[0].PreventMove ignored: not part of the mail account "
                  "model",
                  "line 55: PayloadContent[0].SMIMEEnabled ignored: not part of the mail account "
                  "model",
                  "line 57: PayloadContent[0].allowMailDrop ignored: not part of the mail account "
                  "model",
              }));
}

TEST(Mobileconfig, APopProfileWithBothPasswordsIsRead) {
    const Profile profile = parsed(load("pop_with_passwords.mobileconfig"));
    ASSERT_EQ(profile.mail.size(), 1u);
    const MailPayload& mail = profile.mail[0];
    EXPECT_EQ(mail.account_type, "EmailTypePOP");
    EXPECT_EQ(mail.incoming_host, "pop.isp.example.net");
    EXPECT_EQ(mail.incoming_port, 995);
    EXPECT_EQ(mail.incoming_username, "bob");
    EXPECT_EQ(mail.incoming_password, "pop-secret & more");
    EXPECT_EQ(mail.outgoing_port, 465);
    EXPECT_EQ(mail.outgoing_authentication, "EmailAuthCRAMMD5");
    EXPECT_EQ(mail.outgoing_password, "old-smtp-secret");
    EXPECT_FALSE(mail.outgoing_password_same_as_incoming);
    EXPECT_TRUE(profile.warnings.empty());
}

TEST(Mobileconfig, OtherPayloadsAreSkippedWithAWarningNamingTheirType) {
    const Profile profile = parsed(load("wifi_certificate_and_mail.mobileconfig"));
    ASSERT_EQ(profile.mail.size(), 1u);
    EXPECT_EQ(profile.mail[0].payload_identifier, "com.example.office.mail");
    EXPECT_EQ(profile.mail[0].incoming_imap_path_prefix, "INBOX");
    EXPECT_EQ(profile.mail[0].email_address, "");
    EXPECT_EQ(profile.warnings,
              (std::vector<std::string>{
                  "line 7: PayloadContent[0] skipped: PayloadType \"com.apple.wifi.managed\" is "
                  "not com.apple.mail.managed",
                  "line 25: PayloadContent[1] skipped: PayloadType \"com.apple.security.root\" is "
                  "not com.apple.mail.managed",
              }));
}

TEST(Mobileconfig, MissingPortKeysAreAbsentAndFlagsDefaultToFalse) {
    const Profile profile = parsed(load("missing_ports.mobileconfig"));
    ASSERT_EQ(profile.mail.size(), 1u);
    const MailPayload& mail = profile.mail[0];
    EXPECT_EQ(mail.incoming_port, std::nullopt);
    EXPECT_EQ(mail.outgoing_port, std::nullopt);
    EXPECT_FALSE(mail.incoming_use_ssl);
    EXPECT_FALSE(mail.outgoing_use_ssl);
    EXPECT_FALSE(mail.outgoing_password_same_as_incoming);
}

TEST(Mobileconfig, APortOutOfRangeIsRefusedNamingTheKey) {
    const std::string xml = replaced(load("imap_same_password.mobileconfig"),
                                     "<integer>993</integer>", "<integer>99300</integer>");
    EXPECT_EQ(error_of(xml), "line 21: PayloadContent[0].IncomingMailServerPortNumber 99300 is "
                             "not a port number (1 to 65535)");
    const std::string zero = replaced(load("imap_same_password.mobileconfig"),
                                      "<integer>587</integer>", "<integer>0</integer>");
    EXPECT_EQ(error_of(zero), "line 31: PayloadContent[0].OutgoingMailServerPortNumber 0 is not "
                              "a port number (1 to 65535)");
}

TEST(Mobileconfig, APortThatIsNotDecimalIsRefusedNamingTheKey) {
    const std::string xml = replaced(load("imap_same_password.mobileconfig"),
                                     "<integer>993</integer>", "<integer>0x3e1</integer>");
    EXPECT_EQ(error_of(xml), "line 21: PayloadContent[0].IncomingMailServerPortNumber: <integer> "
                             "\"0x3e1\" is not a decimal integer");
}

TEST(Mobileconfig, AStringWhereAnIntegerBelongsIsRefusedNamingTheKey) {
    const std::string xml = replaced(load("imap_same_password.mobileconfig"),
                                     "<integer>993</integer>", "<string>993</string>");
    EXPECT_EQ(error_of(xml), "line 21: PayloadContent[0].IncomingMailServerPortNumber is a "
                             "<string>, not an <integer>");
}

TEST(Mobileconfig, AStringWhereAFlagBelongsIsRefusedNamingTheKey) {
    const std::string xml =
        replaced(load("imap_same_password.mobileconfig"),
                 "<key>OutgoingPasswordSameAsIncomingPassword</key>\n\t\t\t<true/>",
                 "<key>OutgoingPasswordSameAsIncomingPassword</key>\n\t\t\t<string>YES</string>");
    EXPECT_EQ(error_of(xml), "line 37: PayloadContent[0].OutgoingPasswordSameAsIncomingPassword "
                             "is a <string>, not <true/> or <false/>");
}

TEST(Mobileconfig, AnIntegerWhereAStringBelongsIsRefusedNamingTheKey) {
    const std::string xml = replaced(load("imap_same_password.mobileconfig"),
                                     "<string>imap.example.com</string>", "<integer>1</integer>");
    EXPECT_EQ(error_of(xml), "line 19: PayloadContent[0].IncomingMailServerHostName is an "
                             "<integer>, not a <string>");
}

TEST(Mobileconfig, RequiredMailKeysAreChecked) {
    const std::string base = load("missing_ports.mobileconfig");
    EXPECT_EQ(error_of(replaced(base, "<string>EmailTypeIMAP</string>",
                                "<string>EmailTypeExchange</string>")),
              "line 9: PayloadContent[0].EmailAccountType \"EmailTypeExchange\" is not "
              "EmailTypeIMAP or EmailTypePOP");
    EXPECT_EQ(error_of(replaced(base, "<key>EmailAccountType</key>", "<key>Comment</key>")),
              "line 7: PayloadContent[0]: no EmailAccountType");
    EXPECT_EQ(error_of(replaced(base, "<key>OutgoingMailServerHostName</key>",
                                "<key>OutgoingMailServerHost</key>")),
              "line 7: PayloadContent[0]: no OutgoingMailServerHostName");
}

TEST(Mobileconfig, AProfileWithoutMailPayloadIsRefusedNamingWhatItHas) {
    const std::string xml = replaced(load("wifi_certificate_and_mail.mobileconfig"),
                                     "<string>com.apple.mail.managed</string>",
                                     "<string>com.apple.eas.account</string>");
    EXPECT_EQ(error_of(xml), "line 6: no com.apple.mail.managed payload in PayloadContent "
                             "(found: \"com.apple.wifi.managed\", \"com.apple.security.root\", "
                             "\"com.apple.eas.account\")");
}

TEST(Mobileconfig, OtherTopLevelShapesAreRefused) {
    const std::string base = load("missing_ports.mobileconfig");
    EXPECT_EQ(error_of(replaced(base, "<string>Configuration</string>",
                                "<string>com.apple.mail.managed</string>")),
              "line 33: PayloadType \"com.apple.mail.managed\" is not Configuration: not a "
              "configuration profile");
    EXPECT_EQ(error_of(replaced(base, "<key>PayloadContent</key>", "<key>Content</key>")),
              "line 4: no PayloadContent in the profile");
    EXPECT_EQ(error_of("<plist><array/></plist>"),
              "line 1: the profile is an <array>, not a <dict>");
}

TEST(Mobileconfig, ADoctypeWithAnInternalSubsetIsRefused) {
    const auto result = parse_mobileconfig(load("doctype_internal_subset.mobileconfig"));
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().message,
              "<!DOCTYPE> refused: DTDs and entity declarations are not allowed");
    EXPECT_EQ(result.error().line, 2u);
    EXPECT_EQ(result.error().offset, 39u);
}

TEST(Mobileconfig, ASignedProfileIsNotReadAsXml) {
    const std::string cms("\x30\x82\x1a\x2b\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07\x02", 15);
    const auto result = parse_mobileconfig(cms);
    EXPECT_FALSE(result);
}

MailPayload full_payload() {
    MailPayload mail;
    mail.payload_identifier = "com.example.mail.account";
    mail.payload_uuid = "12345678-9ABC-4DEF-8123-456789ABCDEF";
    mail.account_description = "Work & play";
    mail.account_name = "Jane <Doe>";
    mail.account_type = "EmailTypeIMAP";
    mail.email_address = "jane@example.com";
    mail.incoming_host = "imap.example.com";
    mail.incoming_port = 993;
    mail.incoming_use_ssl = true;
    mail.incoming_authentication = "EmailAuthPassword";
    mail.incoming_username = "jane";
    mail.incoming_imap_path_prefix = "INBOX.";
    mail.incoming_password = " secret with spaces ";
    mail.outgoing_host = "smtp.example.com";
    mail.outgoing_port = 587;
    mail.outgoing_use_ssl = true;
    mail.outgoing_authentication = "EmailAuthCRAMMD5";
    mail.outgoing_username = "jane";
    mail.outgoing_password = "another";
    mail.outgoing_password_same_as_incoming = false;
    return mail;
}

TEST(Mobileconfig, AWrittenProfileReadsBackEqual) {
    Profile profile;
    profile.display_name = "Example";
    profile.identifier = "com.example.mail";
    profile.uuid = "AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE";
    profile.mail.push_back(full_payload());
    MailPayload pop;
    pop.payload_identifier = "com.example.mail.pop";
    pop.payload_uuid = "00000000-0000-4000-8000-000000000001";
    pop.account_type = "EmailTypePOP";
    pop.incoming_host = "pop.example.com";
    pop.outgoing_host = "smtp.example.com";
    pop.outgoing_password_same_as_incoming = true;
    profile.mail.push_back(pop);

    const std::string xml = write_mobileconfig(profile);
    EXPECT_EQ(parsed(xml), profile) << xml;
}

TEST(Mobileconfig, ReadingWritingAndReadingARealisticProfileIsStable) {
    for (const char* name :
         {"imap_same_password.mobileconfig", "pop_with_passwords.mobileconfig",
          "wifi_certificate_and_mail.mobileconfig", "missing_ports.mobileconfig"}) {
        Profile first = parsed(load(name));
        first.warnings.clear();
        EXPECT_EQ(parsed(write_mobileconfig(first)), first) << name;
    }
}

TEST(Mobileconfig, PasswordsAreWrittenOnlyWhenPresent) {
    Profile profile;
    profile.identifier = "com.example";
    profile.mail.push_back(full_payload());
    profile.mail[0].incoming_password.reset();
    profile.mail[0].outgoing_password.reset();
    const std::string without = write_mobileconfig(profile);
    EXPECT_EQ(without.find("Password</key>\n\t\t\t<string>"), std::string::npos) << without;

    profile.mail[0].outgoing_password = "";
    const std::string with_empty = write_mobileconfig(profile);
    EXPECT_NE(with_empty.find("<key>OutgoingPassword</key>\n\t\t\t<string></string>"),
              std::string::npos)
        << with_empty;
    EXPECT_EQ(parsed(with_empty).mail[0].outgoing_password, "");
}

TEST(Mobileconfig, TheWrittenProfileIsAppleShaped) {
    Profile profile;
    profile.display_name = "Example";
    profile.identifier = "com.example.mail";
    profile.uuid = "AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE";
    profile.mail.push_back(full_payload());
    const std::string xml = write_mobileconfig(profile);
    EXPECT_TRUE(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist "
                                "PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
                                "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
                                "<plist version=\"1.0\">\n<dict>\n\t<key>PayloadContent</key>"))
        << xml;
    EXPECT_TRUE(
        xml.ends_with("\t<key>PayloadDisplayName</key>\n\t<string>Example</string>\n"
                      "\t<key>PayloadIdentifier</key>\n\t<string>com.example.mail</string>\n"
                      "\t<key>PayloadType</key>\n\t<string>Configuration</string>\n"
                      "\t<key>PayloadUUID</key>\n"
                      "\t<string>AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE</string>\n"
                      "\t<key>PayloadVersion</key>\n\t<integer>1</integer>\n</dict>\n"
                      "</plist>\n"))
        << xml;
    EXPECT_NE(xml.find("\t\t\t<key>PayloadType</key>\n\t\t\t<string>com.apple.mail.managed"
                       "</string>\n"),
              std::string::npos);
    EXPECT_NE(xml.find("<key>IncomingMailServerPortNumber</key>\n\t\t\t<integer>993</integer>"),
              std::string::npos);
    EXPECT_NE(xml.find("<string>Jane &lt;Doe&gt;</string>"), std::string::npos);
}

TEST(Mobileconfig, EmptyIdentifiersAndUuidsAreFilledInDeterministically) {
    Profile profile;
    MailPayload mail = full_payload();
    mail.payload_identifier.clear();
    mail.payload_uuid.clear();
    profile.mail = {mail, mail};
    const std::string xml = write_mobileconfig(profile);
    EXPECT_EQ(write_mobileconfig(profile), xml);

    const Profile back = parsed(xml);
    EXPECT_EQ(back.identifier, "org.maillab.profile");
    ASSERT_EQ(back.mail.size(), 2u);
    EXPECT_EQ(back.mail[0].payload_identifier, "org.maillab.profile.mail");
    EXPECT_EQ(back.mail[1].payload_identifier, "org.maillab.profile.mail.1");
    const std::regex uuid("[0-9A-F]{8}-[0-9A-F]{4}-8[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}");
    EXPECT_TRUE(std::regex_match(back.uuid, uuid)) << back.uuid;
    EXPECT_TRUE(std::regex_match(back.mail[0].payload_uuid, uuid)) << back.mail[0].payload_uuid;
    EXPECT_NE(back.mail[0].payload_uuid, back.mail[1].payload_uuid);
    EXPECT_NE(back.mail[0].payload_uuid, back.uuid);
}

} // namespace
