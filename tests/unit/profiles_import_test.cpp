// maillab import: format detection, the one shape every format is read into, and refusals.
#include "maillab/profiles/import.hpp"
#include "test_data.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <string>
#include <string_view>

namespace {

using namespace maillab;
using namespace maillab::profiles;
using autoconfig::ServerEntry;
using autoconfig::SocketType;
namespace fs = std::filesystem;

const fs::path data_dir = maillab::test::data_dir("profiles");

std::string load(std::string_view name) {
    return maillab::test::read_file(data_dir / name);
}

ImportedSettings imported(std::string_view bytes,
                          const std::optional<std::string>& email = std::nullopt) {
    auto result = import_settings(bytes, email);
    if (!result) {
        ADD_FAILURE() << result.error().message;
        return {};
    }
    return std::move(*result);
}

std::string refusal(std::string_view bytes) {
    auto result = import_settings(bytes);
    if (result) {
        ADD_FAILURE() << "the file was imported";
        return {};
    }
    return result.error().message;
}

bool mentions(const std::vector<std::string>& warnings, std::string_view text) {
    for (const std::string& warning : warnings) {
        if (warning.find(text) != std::string::npos) {
            return true;
        }
    }
    return false;
}

TEST(ImportDetection, AClientConfigIsReadWithPlaceholdersKept) {
    const ImportedSettings settings = imported(load("example_clientconfig.xml"));
    EXPECT_EQ(settings.format, ImportFormat::clientconfig);
    EXPECT_EQ(to_string(settings.format), "clientconfig");
    EXPECT_EQ(settings.provider_id, "example.com");
    EXPECT_EQ(settings.display_name, "Example Mail");
    EXPECT_EQ(settings.domains, (std::vector<std::string>{"example.com", "example.net"}));
    ASSERT_EQ(settings.incoming.size(), 2u);
    EXPECT_EQ(settings.incoming[0].type, "imap");
    EXPECT_EQ(settings.incoming[0].hostname, "imap.%EMAILDOMAIN%");
    EXPECT_EQ(settings.incoming[0].socket_type, SocketType::ssl);
    EXPECT_EQ(settings.incoming[0].authentication,
              (std::vector<std::string>{"password-cleartext", "password-encrypted"}));
    EXPECT_EQ(settings.incoming[0].username, "%EMAILADDRESS%");
    EXPECT_EQ(settings.incoming[1].type, "pop3");
    EXPECT_EQ(settings.incoming[1].socket_type, SocketType::starttls);
    ASSERT_EQ(settings.outgoing.size(), 2u);
    EXPECT_EQ(settings.outgoing[0].port, 587);
    EXPECT_EQ(settings.outgoing[1].port, 465);
    EXPECT_FALSE(settings.outgoing_password_same_as_incoming.has_value());
    EXPECT_TRUE(settings.warnings.empty());
}

TEST(ImportDetection, AnEmailAddressExpandsThePlaceholders) {
    const ImportedSettings settings =
        imported(load("example_clientconfig.xml"), std::string("jane@example.com"));
    EXPECT_EQ(settings.incoming[0].hostname, "imap.example.com");
    EXPECT_EQ(settings.incoming[0].username, "jane@example.com");
    EXPECT_EQ(settings.incoming[1].username, "jane");
    EXPECT_EQ(settings.outgoing[0].username, "jane@example.com");
}

TEST(ImportDetection, AnInvalidEmailAddressIsRefusedNamingTheOption) {
    auto result = import_settings(load("example_clientconfig.xml"), std::string("not an address"));
    ASSERT_FALSE(result);
    EXPECT_TRUE(result.error().message.starts_with("--email: ")) << result.error().message;
}

TEST(ImportDetection, AnAutodiscoverResponseIsRead) {
    const ImportedSettings settings = imported(load("example_autodiscover.xml"));
    EXPECT_EQ(settings.format, ImportFormat::autodiscover);
    ASSERT_EQ(settings.incoming.size(), 1u);
    EXPECT_EQ(settings.incoming[0].hostname, "mail.example.com");
    EXPECT_EQ(settings.incoming[0].socket_type, SocketType::ssl);
    EXPECT_EQ(settings.incoming[0].username, "%EMAILADDRESS%");
    ASSERT_EQ(settings.outgoing.size(), 1u);
    EXPECT_EQ(settings.outgoing[0].socket_type, SocketType::starttls);
    EXPECT_EQ(settings.outgoing[0].username, "jane.doe");
    EXPECT_EQ(settings.outgoing_password_same_as_incoming, true) << "UsePOPAuth on";
    EXPECT_TRUE(mentions(settings.warnings, "UsePOPAuth"));

    const ImportedSettings expanded =
        imported(load("example_autodiscover.xml"), std::string("jane@example.com"));
    EXPECT_EQ(expanded.incoming[0].username, "jane@example.com");
    EXPECT_EQ(expanded.domains, std::vector<std::string>{"example.com"});
}

TEST(ImportDetection, AnAutodiscoverRedirectHoldsNoSettings) {
    const std::string message = refusal(load("example_redirect.xml"));
    EXPECT_NE(message.find("redirectAddr"), std::string::npos) << message;
    EXPECT_NE(message.find("jane@example.org"), std::string::npos) << message;
}

TEST(ImportDetection, AProfileIsReadWithTheDevicesMeaningOfItsKeys) {
    const ImportedSettings settings = imported(load("example_profile.mobileconfig"));
    EXPECT_EQ(settings.format, ImportFormat::mobileconfig);
    EXPECT_EQ(settings.provider_id, "com.example.profile");
    EXPECT_EQ(settings.display_name, "Example Mail Accounts");
    EXPECT_EQ(settings.domains, std::vector<std::string>{"example.com"});

    ASSERT_EQ(settings.incoming.size(), 2u);
    const ServerEntry& pop = settings.incoming[0];
    EXPECT_EQ(pop.type, "pop3");
    EXPECT_EQ(pop.hostname, "pop.example.com");
    EXPECT_EQ(pop.port, 995);
    EXPECT_EQ(pop.socket_type, SocketType::ssl);
    EXPECT_EQ(pop.authentication, std::vector<std::string>{"password-encrypted"}); // CRAMMD5
    EXPECT_EQ(pop.username, "jane");
    EXPECT_FALSE(pop.password.has_value());

    const ServerEntry& imap = settings.incoming[1];
    EXPECT_EQ(imap.type, "imap");
    EXPECT_EQ(imap.port, 143) << "no port and no SSL: the iPhone default";
    EXPECT_EQ(imap.socket_type, SocketType::plain);
    EXPECT_EQ(imap.authentication, std::vector<std::string>{"NTLM"});

    ASSERT_EQ(settings.outgoing.size(), 4u) << "one, then the three ports the device tries";
    EXPECT_EQ(settings.outgoing[0].port, 587);
    EXPECT_EQ(settings.outgoing[0].socket_type, SocketType::starttls) << "Use SSL on port 587";
    EXPECT_EQ(settings.outgoing[0].authentication,
              std::vector<std::string>{"password-encrypted"}); // HTTPMD5 = DIGEST-MD5
    EXPECT_EQ(settings.outgoing[1].hostname, "relay.example.com");
    EXPECT_EQ(settings.outgoing[1].port, 25);
    EXPECT_EQ(settings.outgoing[2].port, 587);
    EXPECT_EQ(settings.outgoing[3].port, 465);
    EXPECT_EQ(settings.outgoing[3].socket_type, SocketType::plain);
    EXPECT_EQ(settings.outgoing[1].authentication, std::vector<std::string>{"none"});

    EXPECT_EQ(settings.outgoing_password_same_as_incoming, true);
    EXPECT_TRUE(mentions(settings.warnings, "holds the incoming password"));
    EXPECT_TRUE(mentions(settings.warnings, "holds the outgoing password"));
    EXPECT_TRUE(mentions(settings.warnings, "IncomingMailServerUseSSL is off"));
    EXPECT_TRUE(mentions(settings.warnings, "tries ports 25, 587 and 465"));
    for (const std::string& warning : settings.warnings) {
        EXPECT_EQ(warning.find("profile-secret"), std::string::npos) << warning;
    }
}

TEST(ImportDetection, UseSslOnAnImplicitTlsPortIsTls) {
    std::string profile = load("example_profile.mobileconfig");
    const std::string from = "<integer>587</integer>";
    profile.replace(profile.find(from), from.size(), "<integer>465</integer>");
    const ImportedSettings settings = imported(profile);
    EXPECT_EQ(settings.outgoing[0].port, 465);
    EXPECT_EQ(settings.outgoing[0].socket_type, SocketType::ssl);
}

TEST(ImportDetection, LeadingByteOrderMarkCommentsAndNamespacePrefixesAreHandled) {
    std::string config = load("example_clientconfig.xml");
    EXPECT_EQ(imported("\xEF\xBB\xBF" + config).format, ImportFormat::clientconfig);
    const std::string prefixed = R"(<?xml version="1.0"?>
<!-- comment --><a:Autodiscover xmlns:a="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"><a:Response/></a:Autodiscover>)";
    const std::string message = refusal(prefixed);
    EXPECT_NE(message.find("Autodiscover"), std::string::npos)
        << "detected as Autodiscover and refused by its reader: " << message;
}

TEST(ImportRefusals, AnUnknownRootElementIsNamed) {
    const std::string message = refusal(load("unknown_root.xml"));
    EXPECT_NE(message.find("unknown format"), std::string::npos) << message;
    EXPECT_NE(message.find("<html>"), std::string::npos) << message;
}

TEST(ImportRefusals, TextThatIsNotXmlIsAnUnknownFormat) {
    EXPECT_NE(refusal("hello, world").find("unknown format (not XML)"), std::string::npos);
    EXPECT_NE(refusal("").find("empty"), std::string::npos);
    EXPECT_NE(refusal("  \n").find("no root element"), std::string::npos);
}

TEST(ImportRefusals, ABinaryPlistIsRefusedWithTheWayOut) {
    EXPECT_NE(refusal("bplist00\xd1\x01\x02").find("plutil -convert xml1"), std::string::npos);
}

TEST(ImportRefusals, BadXmlIsRefusedWithItsLine) {
    const std::string message = refusal(load("broken.xml"));
    EXPECT_TRUE(message.starts_with("clientConfig refused: line ")) << message;
}

TEST(ImportRefusals, ADtdWithEntitiesIsRefused) {
    const std::string message = refusal(load("entity_expansion.xml"));
    EXPECT_NE(message.find("clientConfig refused"), std::string::npos) << message;
    EXPECT_TRUE(message.find("DTD") != std::string::npos ||
                message.find("DOCTYPE") != std::string::npos ||
                message.find("ENTITY") != std::string::npos)
        << message;
}

TEST(ImportRefusals, MoreThanOneMebibyteIsRefused) {
    std::string big = load("example_clientconfig.xml");
    big.append(max_import_bytes, ' ');
    EXPECT_NE(refusal(big).find("1 MiB"), std::string::npos);
}

TEST(ImportRefusals, ANonConfigurationPlistIsRefusedByTheProfileReader) {
    const std::string message = refusal(R"(<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><array><string>x</string></array></plist>)");
    EXPECT_TRUE(message.starts_with("configuration profile refused: ")) << message;
}

TEST(ImportRefusals, GarbageStartingLikeDerIsNotASignedProfile) {
    const std::string message = refusal(std::string("\x30\x03\x02\x01\x00", 5));
    EXPECT_NE(message.find("not a CMS"), std::string::npos) << message;
}

TEST(ReadInputFile, RefusesLargeFilesDirectoriesAndMissingFiles) {
    const fs::path dir = fs::temp_directory_path() / ("maillab-read-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "big", std::ios::binary) << std::string(2048, 'x');
    auto ok = read_input_file(dir / "big", 4096);
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->size(), 2048u);
    auto big = read_input_file(dir / "big", 1024);
    ASSERT_FALSE(big);
    EXPECT_NE(big.error().message.find("larger than 1024 bytes"), std::string::npos);
    EXPECT_FALSE(read_input_file(dir, 1024));
    auto missing = read_input_file(dir / "missing", 1024);
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("no such file"), std::string::npos);
    fs::remove_all(dir);
}

} // namespace
