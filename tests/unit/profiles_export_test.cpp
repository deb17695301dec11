// maillab export: every format except srv reads back through import_settings to the same
// servers, and no format ever carries a password.
#include "maillab/profiles/export.hpp"
#include "maillab/profiles/import.hpp"

#include <gtest/gtest.h>
#include <string>
#include <tuple>
#include <vector>

namespace {

using namespace maillab;
using namespace maillab::profiles;

constexpr const char* incoming_secret = "in-Secret-4711&<x>";
constexpr const char* outgoing_secret = "out-Secret-0815\"'";
constexpr const char* other_secret = "other-Secret-42";

ServerSettings server(std::string host, std::uint16_t port, Security security, AuthMethod auth,
                      std::string username, std::string password) {
    return ServerSettings{std::move(host),    port, security, auth, std::move(username),
                          std::move(password)};
}

Account imap_account() {
    Account account;
    account.name = "Jane Doe";
    account.email = "jane@example.com";
    account.description = "Work";
    account.incoming.protocol = IncomingProtocol::imap;
    account.incoming.server = server("imap.example.com", 993, Security::tls, AuthMethod::password,
                                     "jane", incoming_secret);
    account.incoming.imap_path_prefix = "INBOX";
    account.primary_smtp.server = server("smtp.example.com", 587, Security::starttls,
                                         AuthMethod::password, "jane@example.com", outgoing_secret);
    account.other_smtp.push_back(SmtpServer{server("smtp.backup.example", 465, Security::tls,
                                                   AuthMethod::cram_md5, "jane.b", other_secret),
                                            true});
    account.other_smtp.push_back(SmtpServer{
        server("smtp.off.example", 587, Security::starttls, AuthMethod::password, "jane", ""),
        false});
    return account;
}

Account pop3_account() {
    Account account;
    account.name = "Jo";
    account.email = "jo@example.org";
    account.incoming.protocol = IncomingProtocol::pop3;
    account.incoming.server = server("pop.example.org", 110, Security::starttls, AuthMethod::ntlm,
                                     "jo@example.org", incoming_secret);
    account.incoming.pop_delete = PopDeletePolicy::after_seven_days;
    account.primary_smtp.server = server("smtp.example.org", 465, Security::tls,
                                         AuthMethod::password, "jo@example.org", outgoing_secret);
    account.outgoing_password_same_as_incoming = true;
    return account;
}

Account plain_account() {
    Account account;
    account.email = "lab@maillab.test";
    account.incoming.server = server("mail.maillab.test", 143, Security::none, AuthMethod::password,
                                     "lab", incoming_secret);
    account.primary_smtp.server =
        server("mail.maillab.test", 25, Security::none, AuthMethod::none, "lab", outgoing_secret);
    return account;
}

using Key = std::tuple<std::string, std::string, std::uint16_t, std::string, std::string>;

std::string security_text(autoconfig::SocketType socket_type) {
    return socket_type == autoconfig::SocketType::ssl        ? "tls"
           : socket_type == autoconfig::SocketType::starttls ? "starttls"
                                                             : "none";
}

Key key_of(const autoconfig::ServerEntry& entry) {
    return {entry.type, entry.hostname, entry.port, security_text(entry.socket_type),
            entry.username};
}

Key key_of(std::string protocol, const ServerSettings& server) {
    return {std::move(protocol), server.host, server.port, std::string(to_string(server.security)),
            server.username};
}

std::vector<Key> keys(const std::vector<autoconfig::ServerEntry>& entries) {
    std::vector<Key> out;
    for (const auto& entry : entries) {
        out.push_back(key_of(entry));
    }
    return out;
}

std::vector<Key> expected_outgoing(const Account& account, bool primary_only) {
    std::vector<Key> out{key_of("smtp", account.primary_smtp.server)};
    if (!primary_only) {
        for (const SmtpServer& other : account.other_smtp) {
            if (other.enabled) {
                out.push_back(key_of("smtp", other.server));
            }
        }
    }
    return out;
}

ImportedSettings round_trip(const Account& account, ExportFormat format) {
    auto exported = export_account(account, format);
    if (!exported) {
        ADD_FAILURE() << exported.error().message;
        return {};
    }
    auto imported = import_settings(exported->text);
    if (!imported) {
        ADD_FAILURE() << to_string(format) << " does not read back: " << imported.error().message
                      << "\n"
                      << exported->text;
        return {};
    }
    return std::move(*imported);
}

void expect_same_servers(const Account& account, ExportFormat format, bool primary_only) {
    SCOPED_TRACE(std::string(to_string(format)) + " for " + account.email);
    const ImportedSettings settings = round_trip(account, format);
    const Key incoming =
        key_of(std::string(to_string(account.incoming.protocol)), account.incoming.server);
    EXPECT_EQ(keys(settings.incoming), std::vector<Key>{incoming});
    EXPECT_EQ(keys(settings.outgoing), expected_outgoing(account, primary_only));
}

TEST(ExportRoundTrip, ClientConfigReadsBackToTheSameServers) {
    for (const Account& account : {imap_account(), pop3_account()}) {
        expect_same_servers(account, ExportFormat::clientconfig, false);
    }
    const ImportedSettings settings = round_trip(imap_account(), ExportFormat::clientconfig);
    EXPECT_EQ(settings.format, ImportFormat::clientconfig);
    EXPECT_EQ(settings.domains, std::vector<std::string>{"example.com"});
    EXPECT_EQ(settings.display_name, "Work");
    EXPECT_EQ(settings.outgoing.at(1).authentication,
              std::vector<std::string>{"password-encrypted"}); // CRAM-MD5
}

TEST(ExportRoundTrip, MobileconfigReadsBackToTheSameServers) {
    for (const Account& account : {imap_account(), pop3_account(), plain_account()}) {
        expect_same_servers(account, ExportFormat::mobileconfig, true);
    }
    const ImportedSettings linked = round_trip(pop3_account(), ExportFormat::mobileconfig);
    EXPECT_EQ(linked.format, ImportFormat::mobileconfig);
    EXPECT_EQ(linked.outgoing_password_same_as_incoming, true);
    EXPECT_EQ(linked.incoming.at(0).authentication, std::vector<std::string>{"NTLM"});
    const ImportedSettings separate = round_trip(imap_account(), ExportFormat::mobileconfig);
    EXPECT_EQ(separate.outgoing_password_same_as_incoming, false)
        << "the flag follows the account, never hardcoded to true";
}

TEST(ExportRoundTrip, AutodiscoverReadsBackToTheSameServers) {
    for (const Account& account : {imap_account(), pop3_account(), plain_account()}) {
        expect_same_servers(account, ExportFormat::autodiscover, false);
    }
}

TEST(ExportRoundTrip, ClientConfigKeepsANoTlsAccountAsItIs) {
    expect_same_servers(plain_account(), ExportFormat::clientconfig, false);
}

TEST(ExportFormats, NoFormatEverCarriesAPassword) {
    for (const Account& account : {imap_account(), pop3_account(), plain_account()}) {
        for (const ExportFormat format : {ExportFormat::clientconfig, ExportFormat::mobileconfig,
                                          ExportFormat::autodiscover, ExportFormat::srv}) {
            auto exported = export_account(account, format);
            ASSERT_TRUE(exported) << exported.error().message;
            for (const std::string_view fragment :
                 {"Secret", "4711", "0815", "<key>IncomingPassword</key>",
                  "<key>OutgoingPassword</key>", "<password>"}) {
                EXPECT_EQ(exported->text.find(fragment), std::string::npos)
                    << to_string(format) << " contains " << fragment << ":\n"
                    << exported->text;
            }
            for (const std::string& warning : exported->warnings) {
                EXPECT_EQ(warning.find("Secret"), std::string::npos) << warning;
            }
        }
    }
}

TEST(ExportFormats, MobileconfigSaysWhatItLeavesOut) {
    auto exported = export_account(imap_account(), ExportFormat::mobileconfig);
    ASSERT_TRUE(exported);
    ASSERT_FALSE(exported->warnings.empty());
    EXPECT_NE(exported->warnings[0].find("smtp.backup.example"), std::string::npos)
        << exported->warnings[0];
    EXPECT_NE(exported->text.find("<key>OutgoingPasswordSameAsIncomingPassword</key>"),
              std::string::npos);
    EXPECT_NE(exported->text.find("<string>com.apple.mail.managed</string>"), std::string::npos);
}

TEST(ExportFormats, APortThatReadsBackDifferentlyIsWarnedAbout) {
    Account account = imap_account();
    account.primary_smtp.server.port = 2525; // STARTTLS off the usual port
    auto exported = export_account(account, ExportFormat::mobileconfig);
    ASSERT_TRUE(exported);
    bool warned = false;
    for (const std::string& warning : exported->warnings) {
        warned = warned || warning.find("smtp.example.com:2525") != std::string::npos;
    }
    EXPECT_TRUE(warned);
}

TEST(ExportFormats, SrvRecordsFollowRfc6186And8314) {
    auto exported = export_account(imap_account(), ExportFormat::srv);
    ASSERT_TRUE(exported) << exported.error().message;
    EXPECT_EQ(exported->text,
              "; SRV records (RFC 6186, RFC 8314) for example.com. from maillab export\n"
              "_imaps._tcp.example.com. 3600 IN SRV 0 1 993 imap.example.com.\n"
              "_submission._tcp.example.com. 3600 IN SRV 0 1 587 smtp.example.com.\n"
              "_submissions._tcp.example.com. 3600 IN SRV 10 1 465 smtp.backup.example.\n");

    auto pop = export_account(pop3_account(), ExportFormat::srv);
    ASSERT_TRUE(pop);
    EXPECT_NE(pop->text.find("_pop3._tcp.example.org. 3600 IN SRV 0 1 110 pop.example.org.\n"),
              std::string::npos)
        << pop->text;
    EXPECT_NE(pop->text.find("_submissions._tcp.example.org. 3600 IN SRV 0 1 465 "
                             "smtp.example.org.\n"),
              std::string::npos)
        << pop->text;

    Account pop3s = pop3_account();
    pop3s.incoming.server.security = Security::tls;
    pop3s.incoming.server.port = 995;
    auto secure = export_account(pop3s, ExportFormat::srv);
    ASSERT_TRUE(secure);
    EXPECT_NE(secure->text.find("_pop3s._tcp.example.org. 3600 IN SRV 0 1 995 pop.example.org."),
              std::string::npos);

    auto plain = export_account(plain_account(), ExportFormat::srv);
    ASSERT_TRUE(plain);
    EXPECT_NE(plain->text.find("_imap._tcp.maillab.test. 3600 IN SRV 0 1 143 mail.maillab.test."),
              std::string::npos);
    EXPECT_GE(plain->warnings.size(), 2u) << "no TLS on either server is worth a warning";
}

TEST(ExportFormats, FormatNamesParse) {
    for (const ExportFormat format : {ExportFormat::clientconfig, ExportFormat::mobileconfig,
                                      ExportFormat::autodiscover, ExportFormat::srv}) {
        EXPECT_EQ(parse_export_format(to_string(format)), format);
    }
    EXPECT_FALSE(parse_export_format("plist"));
    EXPECT_FALSE(parse_export_format("SRV"));
}

TEST(ExportFormats, AnAccountWithoutADomainIsRefused) {
    Account account = imap_account();
    account.email = "jane";
    auto exported = export_account(account, ExportFormat::srv);
    ASSERT_FALSE(exported);
    EXPECT_NE(exported.error().message.find("email"), std::string::npos);
}

} // namespace
