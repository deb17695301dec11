#include "maillab/autoconfig/autodiscover.hpp"
#include "test_data.hpp"

#include <filesystem>
#include <gtest/gtest.h>
#include <string>
#include <string_view>

namespace {

using namespace maillab::autoconfig;
using maillab::test::replaced;
namespace fs = std::filesystem;

const fs::path data_dir = maillab::test::data_dir("autodiscover");

std::string load(std::string_view name) {
    return maillab::test::read_file(data_dir / name);
}

// A one-protocol response with the given <Protocol> children.
std::string one_protocol(std::string_view children) {
    return std::string(R"(<?xml version="1.0" encoding="utf-8"?>
<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
  <Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">
    <Account>
      <AccountType>email</AccountType>
      <Action>settings</Action>
      <Protocol>
)") + std::string(children) +
           R"(
      </Protocol>
    </Account>
  </Response>
</Autodiscover>
)";
}

AutodiscoverSettings settings_of(std::string_view xml) {
    const auto result = parse_autodiscover_response(xml);
    if (!result) {
        ADD_FAILURE() << "line " << result.error().line << ": " << result.error().message;
        return {};
    }
    const auto* settings = std::get_if<AutodiscoverSettings>(&*result);
    if (settings == nullptr) {
        ADD_FAILURE() << "not a settings response";
        return {};
    }
    return *settings;
}

// The single server of a one-protocol response.
ServerEntry server_of(std::string_view children) {
    const AutodiscoverSettings settings = settings_of(one_protocol(children));
    const auto& servers =
        settings.config.incoming.empty() ? settings.config.outgoing : settings.config.incoming;
    if (servers.size() != 1) {
        ADD_FAILURE() << servers.size() << " servers read";
        return {};
    }
    return servers.front();
}

std::string error_of(std::string_view xml) {
    const auto result = parse_autodiscover_response(xml);
    if (result) {
        ADD_FAILURE() << "the document was accepted";
        return {};
    }
    return "line " + std::to_string(result.error().line) + ", offset " +
           std::to_string(result.error().offset) + ": " + result.error().message;
}

TEST(AutodiscoverResponse, ARealisticResponseGivesImapPop3AndSmtpInDocumentOrder) {
    const AutodiscoverSettings settings = settings_of(load("settings_imap_pop_smtp.xml"));
    const ProviderConfig& config = settings.config;
    ASSERT_EQ(config.incoming.size(), 2u);
    ASSERT_EQ(config.outgoing.size(), 1u);

    const ServerEntry& imap = config.incoming[0];
    EXPECT_EQ(imap.type, "imap");
    EXPECT_EQ(imap.hostname, "imap.example.com");
    EXPECT_EQ(imap.port, 993);
    EXPECT_EQ(imap.socket_type, SocketType::ssl);
    EXPECT_EQ(imap.authentication, std::vector<std::string>{"password-cleartext"});
    EXPECT_EQ(imap.username, "jane.doe@example.com");

    const ServerEntry& pop3 = config.incoming[1];
    EXPECT_EQ(pop3.type, "pop3");
    EXPECT_EQ(pop3.hostname, "pop.example.com");
    EXPECT_EQ(pop3.port, 995);
    EXPECT_EQ(pop3.socket_type, SocketType::ssl);

    const ServerEntry& smtp = config.outgoing[0];
    EXPECT_EQ(smtp.type, "smtp");
    EXPECT_EQ(smtp.hostname, "smtp.example.com");
    EXPECT_EQ(smtp.port, 587);
    EXPECT_EQ(smtp.socket_type, SocketType::starttls);
    EXPECT_EQ(smtp.username, "jane.doe@example.com");

    EXPECT_FALSE(settings.domain_required);
    EXPECT_TRUE(settings.smtp_uses_pop_auth);
}

TEST(AutodiscoverResponse, ExchangeProtocolEntriesAreSkippedWithAWarning) {
    const AutodiscoverSettings settings = settings_of(load("settings_imap_pop_smtp.xml"));
    ASSERT_EQ(settings.config.warnings.size(), 1u);
    EXPECT_EQ(settings.config.warnings[0],
              "line 11: <Protocol> of <Type> \"EXCH\" skipped: only IMAP, POP3 and SMTP are read");
}

TEST(AutodiscoverResponse, OnlyExchangeProtocolsIsAnErrorNamingThem) {
    const std::string xml = one_protocol(
        "<Type>EXCH</Type><Server>EXCH01</Server></Protocol><Protocol><Type>WEB</Type>");
    EXPECT_EQ(error_of(xml),
              "line 4, offset 238: no usable IMAP, POP3 or SMTP <Protocol> in <Account> "
              "(skipped: \"EXCH\" \"WEB\"); first problem: line 7: <Protocol> of <Type> \"EXCH\" "
              "skipped: only IMAP, POP3 and SMTP are read");
}

TEST(AutodiscoverResponse, SslOnWithPort993MeansImplicitTls) {
    EXPECT_EQ(
        server_of("<Type>IMAP</Type><Server>h</Server><Port>993</Port><SSL>on</SSL>").socket_type,
        SocketType::ssl);
}

TEST(AutodiscoverResponse, SslOnWithPort587MeansStarttls) {
    EXPECT_EQ(
        server_of("<Type>SMTP</Type><Server>h</Server><Port>587</Port><SSL>on</SSL>").socket_type,
        SocketType::starttls);
}

TEST(AutodiscoverResponse, SslOnWithEveryStandardPlainPortMeansStarttls) {
    for (const std::string port : {"143", "110", "25", "587"}) {
        EXPECT_EQ(
            server_of("<Type>IMAP</Type><Server>h</Server><Port>" + port + "</Port><SSL>On</SSL>")
                .socket_type,
            SocketType::starttls)
            << port;
    }
}

TEST(AutodiscoverResponse, SslOnWithANonStandardPortMeansImplicitTls) {
    EXPECT_EQ(
        server_of("<Type>SMTP</Type><Server>h</Server><Port>2525</Port><SSL>on</SSL>").socket_type,
        SocketType::ssl);
}

TEST(AutodiscoverResponse, AbsentSslIsReadAsOnLikeThunderbird) {
    EXPECT_EQ(server_of("<Type>POP3</Type><Server>h</Server><Port>995</Port>").socket_type,
              SocketType::ssl);
}

TEST(AutodiscoverResponse, SslOffMeansPlain) {
    EXPECT_EQ(
        server_of("<Type>IMAP</Type><Server>h</Server><Port>993</Port><SSL>OFF</SSL>").socket_type,
        SocketType::plain);
}

TEST(AutodiscoverResponse, EncryptionNoneMeansPlainEvenWithSslOn) {
    EXPECT_EQ(server_of("<Type>IMAP</Type><Server>h</Server><Port>993</Port><SSL>on</SSL>"
                        "<Encryption>None</Encryption>")
                  .socket_type,
              SocketType::plain);
}

TEST(AutodiscoverResponse, EncryptionTlsFollowsThePortRule) {
    EXPECT_EQ(server_of("<Type>SMTP</Type><Server>h</Server><Port>587</Port>"
                        "<Encryption>TLS</Encryption>")
                  .socket_type,
              SocketType::starttls);
    EXPECT_EQ(server_of("<Type>SMTP</Type><Server>h</Server><Port>465</Port>"
                        "<Encryption>TLS</Encryption>")
                  .socket_type,
              SocketType::ssl);
}

TEST(AutodiscoverResponse, AnUnknownEncryptionValueIsWarnedAboutAndReadAsTls) {
    const AutodiscoverSettings settings =
        settings_of(one_protocol("<Type>IMAP</Type><Server>h</Server><Port>993</Port>"
                                 "<Encryption>Maybe</Encryption>"));
    ASSERT_EQ(settings.config.incoming.size(), 1u);
    EXPECT_EQ(settings.config.incoming[0].socket_type, SocketType::ssl);
    ASSERT_EQ(settings.config.warnings.size(), 1u);
    EXPECT_EQ(settings.config.warnings[0],
              "line 8: <Encryption> \"Maybe\" is not None, SSL, TLS or Auto");
}

TEST(AutodiscoverResponse, SpaOnMeansEncryptedPassword) {
    EXPECT_EQ(server_of("<Type>IMAP</Type><Server>h</Server><Port>993</Port><SPA>on</SPA>")
                  .authentication,
              std::vector<std::string>{"password-encrypted"});
}

TEST(AutodiscoverResponse, SpaOffOrAbsentMeansCleartextPassword) {
    EXPECT_EQ(server_of("<Type>IMAP</Type><Server>h</Server><Port>993</Port><SPA>off</SPA>")
                  .authentication,
              std::vector<std::string>{"password-cleartext"});
    EXPECT_EQ(server_of("<Type>IMAP</Type><Server>h</Server><Port>993</Port>").authentication,
              std::vector<std::string>{"password-cleartext"});
}

TEST(AutodiscoverResponse, LoginNameBecomesTheUserName) {
    EXPECT_EQ(server_of("<Type>IMAP</Type><Server>h</Server><Port>993</Port>"
                        "<LoginName> EXAMPLE\\jdoe </LoginName>")
                  .username,
              "EXAMPLE\\jdoe");
}

TEST(AutodiscoverResponse, WithoutLoginNameTheUserNameIsTheEmailAddressPlaceholder) {
    EXPECT_EQ(server_of("<Type>IMAP</Type><Server>h</Server><Port>993</Port>").username,
              "%EMAILADDRESS%");
    EXPECT_EQ(server_of("<Type>IMAP</Type><Server>h</Server><Port>993</Port><LoginName/>").username,
              "%EMAILADDRESS%");
}

TEST(AutodiscoverResponse, DomainRequiredOnIsReported) {
    const AutodiscoverSettings settings = settings_of(load("settings_no_namespace.xml"));
    EXPECT_TRUE(settings.domain_required);
    EXPECT_FALSE(settings.smtp_uses_pop_auth);
}

TEST(AutodiscoverResponse, UsePopAuthCountsOnlyOnSmtp) {
    const AutodiscoverSettings settings = settings_of(one_protocol(
        "<Type>IMAP</Type><Server>h</Server><Port>993</Port><UsePOPAuth>on</UsePOPAuth>"));
    EXPECT_FALSE(settings.smtp_uses_pop_auth);
}

TEST(AutodiscoverResponse, ADocumentWithoutNamespacesReadsTheSame) {
    const AutodiscoverSettings settings = settings_of(load("settings_no_namespace.xml"));
    ASSERT_EQ(settings.config.incoming.size(), 1u);
    ASSERT_EQ(settings.config.outgoing.size(), 1u);
    const ServerEntry& imap = settings.config.incoming[0];
    EXPECT_EQ(imap.hostname, "mail.example.org");
    EXPECT_EQ(imap.port, 143);
    EXPECT_EQ(imap.socket_type, SocketType::starttls);
    EXPECT_EQ(imap.authentication, std::vector<std::string>{"password-encrypted"});
    EXPECT_EQ(imap.username, "%EMAILADDRESS%");
    const ServerEntry& smtp = settings.config.outgoing[0];
    EXPECT_EQ(smtp.port, 25);
    EXPECT_EQ(smtp.socket_type, SocketType::plain);
    EXPECT_TRUE(settings.config.warnings.empty());
}

TEST(AutodiscoverResponse, PrefixedNamespacesAreMatchedOnLocalNames) {
    const std::string xml = R"(<?xml version="1.0"?>
<ad:Autodiscover xmlns:ad="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"
    xmlns:o="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">
  <o:Response><o:Account><o:Action>settings</o:Action>
    <o:Protocol><o:Type>IMAP</o:Type><o:Server>imap.example.com</o:Server><o:Port>993</o:Port>
    </o:Protocol>
  </o:Account></o:Response>
</ad:Autodiscover>)";
    const AutodiscoverSettings settings = settings_of(xml);
    ASSERT_EQ(settings.config.incoming.size(), 1u);
    EXPECT_EQ(settings.config.incoming[0].hostname, "imap.example.com");
}

TEST(AutodiscoverResponse, AProtocolWithoutServerOrWithABadPortIsSkippedWithAWarning) {
    const AutodiscoverSettings settings = settings_of(one_protocol(
        "<Type>IMAP</Type><Port>993</Port></Protocol>"
        "<Protocol><Type>POP3</Type><Server>pop.example.com</Server><Port>0x3e3</Port></Protocol>"
        "<Protocol><Type>SMTP</Type><Server>smtp.example.com</Server><Port>70000</Port></Protocol>"
        "<Protocol><Type>SMTP</Type><Server>smtp.example.com</Server><Port>465</Port>"));
    EXPECT_TRUE(settings.config.incoming.empty());
    ASSERT_EQ(settings.config.outgoing.size(), 1u);
    EXPECT_EQ(settings.config.outgoing[0].port, 465);
    ASSERT_EQ(settings.config.warnings.size(), 3u);
    EXPECT_EQ(settings.config.warnings[0], "line 7: IMAP <Protocol> skipped: no <Server>");
    EXPECT_EQ(settings.config.warnings[1], "line 8: POP3 <Protocol> skipped: <Port> \"0x3e3\" is "
                                           "not a decimal number from 1 to 65535");
    EXPECT_EQ(settings.config.warnings[2], "line 8: SMTP <Protocol> skipped: <Port> \"70000\" is "
                                           "not a decimal number from 1 to 65535");
}

TEST(AutodiscoverResponse, RedirectAddrGivesTheNewAddress) {
    const auto result = parse_autodiscover_response(load("redirect_addr.xml"));
    ASSERT_TRUE(result);
    const auto* redirect = std::get_if<AutodiscoverRedirectAddress>(&*result);
    ASSERT_NE(redirect, nullptr);
    EXPECT_EQ(redirect->email_address, "jane.doe@example.mail.onmicrosoft.com");
}

TEST(AutodiscoverResponse, ARedirectAddrThatIsNotAnAddressIsRefused) {
    const std::string xml =
        replaced(load("redirect_addr.xml"), "jane.doe@example.mail.onmicrosoft.com", "jane doe");
    EXPECT_EQ(error_of(xml),
              "line 7, offset 329: <RedirectAddr> \"jane doe\" is not an email address");
}

TEST(AutodiscoverResponse, RedirectUrlOverHttpsIsFollowed) {
    const auto result = parse_autodiscover_response(load("redirect_url_https.xml"));
    ASSERT_TRUE(result);
    const auto* redirect = std::get_if<AutodiscoverRedirectUrl>(&*result);
    ASSERT_NE(redirect, nullptr);
    EXPECT_EQ(redirect->url,
              "https://autodiscover.hosted.example.net/autodiscover/autodiscover.xml");
}

TEST(AutodiscoverResponse, RedirectUrlOverHttpIsRefused) {
    EXPECT_EQ(error_of(load("redirect_url_http.xml")),
              "line 7, offset 328: <RedirectUrl> "
              "\"http://autodiscover.hosted.example.net/autodiscover/autodiscover.xml\" refused: "
              "only https URLs are followed");
}

TEST(AutodiscoverResponse, RedirectUrlWithoutAHostIsRefused) {
    const std::string xml =
        replaced(load("redirect_url_https.xml"),
                 "https://autodiscover.hosted.example.net/autodiscover/autodiscover.xml",
                 "https:///autodiscover.xml");
    EXPECT_EQ(error_of(xml), "line 7, offset 328: <RedirectUrl> \"https:///autodiscover.xml\" is "
                             "not a valid https URL");
}

TEST(AutodiscoverResponse, ARedirectActionWithoutItsTargetIsRefused) {
    const std::string xml = replaced(load("redirect_addr.xml"),
                                     "<RedirectAddr>jane.doe@example.mail.onmicrosoft.com"
                                     "</RedirectAddr>",
                                     "");
    EXPECT_EQ(error_of(xml), "line 4, offset 238: <Action> redirectAddr without <RedirectAddr>");
}

TEST(AutodiscoverResponse, AnUnknownActionIsRefused) {
    const std::string xml = replaced(load("redirect_addr.xml"), "redirectAddr<", "reboot<");
    EXPECT_EQ(error_of(xml), "line 6, offset 293: <Action> \"reboot\" is not settings, "
                             "redirectAddr or redirectUrl");
}

TEST(AutodiscoverResponse, Error500IsReturnedWithItsMessage) {
    const auto result = parse_autodiscover_response(load("error_500.xml"));
    ASSERT_TRUE(result);
    const auto* error = std::get_if<AutodiscoverError>(&*result);
    ASSERT_NE(error, nullptr);
    EXPECT_EQ(error->error_code, "500");
    EXPECT_EQ(error->message, "The email address can't be found.");
}

TEST(AutodiscoverResponse, Error600InvalidRequestIsReturned) {
    const auto result = parse_autodiscover_response(load("error_600.xml"));
    ASSERT_TRUE(result);
    const auto* error = std::get_if<AutodiscoverError>(&*result);
    ASSERT_NE(error, nullptr);
    EXPECT_EQ(error->error_code, "600");
    EXPECT_EQ(error->message, "Invalid Request");
}

TEST(AutodiscoverResponse, AnErrorInsideTheAccountIsReturned) {
    const std::string xml = one_protocol("<Type>IMAP</Type></Protocol><Error><ErrorCode>601"
                                         "</ErrorCode><Message>Provider not found</Message>"
                                         "</Error><Protocol>");
    const auto result = parse_autodiscover_response(xml);
    ASSERT_TRUE(result);
    const auto* error = std::get_if<AutodiscoverError>(&*result);
    ASSERT_NE(error, nullptr);
    EXPECT_EQ(error->error_code, "601");
    EXPECT_EQ(error->message, "Provider not found");
}

TEST(AutodiscoverResponse, GarbageIsASyntaxError) {
    EXPECT_EQ(error_of("HTTP/1.1 200 OK\r\n\r\n<html><body>It works!</body>"),
              "line 3, offset 46: XML syntax error: Start-end tags mismatch");
    EXPECT_EQ(error_of(""), "line 1, offset 0: XML syntax error: No document element found");
}

TEST(AutodiscoverResponse, AnotherRootElementIsRefused) {
    EXPECT_EQ(error_of("<?xml version=\"1.0\"?>\n<clientConfig version=\"1.1\"/>"),
              "line 2, offset 22: root element is <clientConfig>, not <Autodiscover>");
}

TEST(AutodiscoverResponse, AResponseWithoutAccountOrErrorIsRefused) {
    EXPECT_EQ(error_of("<Autodiscover><Response><User/></Response></Autodiscover>"),
              "line 1, offset 14: no <Account> or <Error> in <Response>");
    EXPECT_EQ(error_of("<Autodiscover/>"), "line 1, offset 0: no <Response> in <Autodiscover>");
}

TEST(AutodiscoverResponse, ADoctypeIsRefusedBeforeParsing) {
    const std::string xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE Autodiscover [\n"
                            "<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<Autodiscover/>";
    EXPECT_EQ(error_of(xml), "line 2, offset 22: <!DOCTYPE> refused: DTDs and entity "
                             "declarations are not allowed");
}

TEST(AutodiscoverRequest, TheRequestNamesTheAddressAndThe2006aResponseSchema) {
    const std::string request = write_autodiscover_request("jane.doe@example.com");
    EXPECT_EQ(request, R"(<?xml version="1.0" encoding="utf-8"?>
<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">
  <Request>
    <EMailAddress>jane.doe@example.com</EMailAddress>
    <AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema>
  </Request>
</Autodiscover>
)");
}

TEST(AutodiscoverRequest, TheAddressIsEscaped) {
    const std::string request = write_autodiscover_request("a<b>&c@example.com");
    EXPECT_NE(request.find("<EMailAddress>a&lt;b&gt;&amp;c@example.com</EMailAddress>"),
              std::string::npos)
        << request;
}

ServerEntry make_server(std::string type, std::string host, std::uint16_t port,
                        SocketType socket_type, std::string authentication, std::string username) {
    ServerEntry server;
    server.type = std::move(type);
    server.hostname = std::move(host);
    server.port = port;
    server.socket_type = socket_type;
    server.authentication = {std::move(authentication)};
    server.username = std::move(username);
    return server;
}

TEST(AutodiscoverResponseWriter, AWrittenResponseReadsBackToTheSameServers) {
    ProviderConfig config;
    config.incoming = {make_server("imap", "imap.example.com", 993, SocketType::ssl,
                                   "password-cleartext", "%EMAILADDRESS%"),
                       make_server("pop3", "pop.example.com", 110, SocketType::starttls,
                                   "password-encrypted", "jdoe"),
                       make_server("imap", "legacy.example.com", 143, SocketType::plain,
                                   "password-cleartext", "EXAMPLE\\jdoe")};
    config.outgoing = {make_server("smtp", "smtp.example.com", 587, SocketType::starttls,
                                   "password-cleartext", "%EMAILADDRESS%"),
                       make_server("smtp", "smtp.example.com", 465, SocketType::ssl,
                                   "password-cleartext", "jdoe")};

    const std::string xml = write_autodiscover_response(config, "jane.doe@example.com");
    const AutodiscoverSettings settings = settings_of(xml);
    EXPECT_EQ(settings.config.incoming, config.incoming) << xml;
    EXPECT_EQ(settings.config.outgoing, config.outgoing) << xml;
    EXPECT_TRUE(settings.config.warnings.empty());
    EXPECT_NE(xml.find("<AutoDiscoverSMTPAddress>jane.doe@example.com</AutoDiscoverSMTPAddress>"),
              std::string::npos);
}

TEST(AutodiscoverResponseWriter, PlaceholdersAreExpandedForTheUser) {
    ProviderConfig config;
    config.incoming = {make_server("imap", "imap.%EMAILDOMAIN%", 993, SocketType::ssl,
                                   "password-cleartext", "%EMAILLOCALPART%")};
    const AutodiscoverSettings settings =
        settings_of(write_autodiscover_response(config, "jane@example.com"));
    ASSERT_EQ(settings.config.incoming.size(), 1u);
    EXPECT_EQ(settings.config.incoming[0].hostname, "imap.example.com");
    EXPECT_EQ(settings.config.incoming[0].username, "jane");
}

TEST(AutodiscoverResponseWriter, TheWrittenProtocolCarriesSslAndEncryption) {
    ProviderConfig config;
    config.outgoing = {make_server("smtp", "smtp.example.com", 587, SocketType::starttls,
                                   "password-cleartext", "jane@example.com")};
    const std::string xml = write_autodiscover_response(config, "jane@example.com");
    EXPECT_NE(xml.find(R"(      <Protocol>
        <Type>SMTP</Type>
        <Server>smtp.example.com</Server>
        <Port>587</Port>
        <DomainRequired>off</DomainRequired>
        <LoginName>jane@example.com</LoginName>
        <SPA>off</SPA>
        <SSL>on</SSL>
        <Encryption>TLS</Encryption>
        <AuthRequired>on</AuthRequired>
      </Protocol>)"),
              std::string::npos)
        << xml;
}

} // namespace
