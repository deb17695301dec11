#include "maillab/model/validation.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <string>

namespace {

using namespace maillab;

std::string email_error(std::string_view text) {
    const auto result = parse_email_address(text);
    EXPECT_FALSE(result.ok()) << "accepted: " << text;
    return result.ok() ? std::string() : result.error().message;
}

std::string host_error(std::string_view text) {
    const auto result = normalize_host_name(text);
    EXPECT_FALSE(result.ok()) << "accepted: " << text;
    return result.ok() ? std::string() : result.error().message;
}

bool has_no_raw_control_characters(const std::string& message) {
    return std::none_of(message.begin(), message.end(),
                        [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

// ---- email addresses ---------------------------------------------------------------------------

TEST(EmailAddress, PlainAddressIsSplitIntoLocalPartAndDomain) {
    const auto address = parse_email_address("alice@example.com");
    ASSERT_TRUE(address.ok()) << address.error().message;
    EXPECT_EQ(address->local_part, "alice");
    EXPECT_EQ(address->domain, "example.com");
    EXPECT_EQ(address->ascii_domain, "example.com");
    EXPECT_EQ(address->as_typed(), "alice@example.com");
    EXPECT_EQ(address->ascii(), "alice@example.com");
}

TEST(EmailAddress, DomainIsLowerCasedForDnsButKeptAsTyped) {
    const auto address = parse_email_address("Alice.Smith+tag@Example.COM");
    ASSERT_TRUE(address.ok()) << address.error().message;
    EXPECT_EQ(address->local_part, "Alice.Smith+tag");
    EXPECT_EQ(address->domain, "Example.COM");
    EXPECT_EQ(address->ascii_domain, "example.com");
}

TEST(EmailAddress, InternationalizedDomainIsConvertedToPunycode) {
    const auto address = parse_email_address("kunde@bücher.de");
    ASSERT_TRUE(address.ok()) << address.error().message;
    EXPECT_EQ(address->domain, "bücher.de");
    EXPECT_EQ(address->ascii_domain, "xn--bcher-kva.de");
    EXPECT_EQ(address->ascii(), "kunde@xn--bcher-kva.de");
}

TEST(EmailAddress, UpperCaseInternationalizedDomainIsLowerCasedToo) {
    const auto address = parse_email_address("kunde@BÜCHER.DE");
    ASSERT_TRUE(address.ok()) << address.error().message;
    EXPECT_EQ(address->ascii_domain, "xn--bcher-kva.de");
}

TEST(EmailAddress, Utf8LocalPartIsAccepted) {
    const auto address = parse_email_address("用户@例子.广告");
    ASSERT_TRUE(address.ok()) << address.error().message;
    EXPECT_EQ(address->local_part, "用户");
    EXPECT_EQ(address->ascii_domain, "xn--fsqu00a.xn--4rr70v");

    const auto accented = parse_email_address("josé.garcía@example.es");
    ASSERT_TRUE(accented.ok()) << accented.error().message;
    EXPECT_EQ(accented->local_part, "josé.garcía");
}

TEST(EmailAddress, QuotedLocalPartMayContainSpacesAndAtSigns) {
    const auto address = parse_email_address("\"john doe@home\"@example.com");
    ASSERT_TRUE(address.ok()) << address.error().message;
    EXPECT_EQ(address->local_part, "\"john doe@home\"");
    EXPECT_EQ(address->ascii_domain, "example.com");
}

TEST(EmailAddress, AddressWithoutAtSignIsRejected) {
    EXPECT_EQ(email_error("alice.example.com"), "\"alice.example.com\" has no \"@\"");
}

TEST(EmailAddress, AddressWithTwoAtSignsIsRejected) {
    EXPECT_EQ(email_error("alice@home@example.com"),
              "\"alice@home@example.com\" contains more than one \"@\"");
}

TEST(EmailAddress, SpacesOutsideQuotesAreRejected) {
    EXPECT_EQ(email_error("alice smith@example.com"),
              "\"alice smith@example.com\" contains a space");
    EXPECT_EQ(email_error("alice@example .com"), "\"alice@example .com\" contains a space");
    EXPECT_EQ(email_error("alice@example.com "), "\"alice@example.com \" contains a space");
    EXPECT_NE(email_error("alice\xC2\xA0@example.com").find("space character (U+00A0)"),
              std::string::npos);
}

TEST(EmailAddress, LineBreaksAreRejectedAndShownEscaped) {
    const std::string crlf = email_error("alice@example.com\r\nRCPT TO:<bob@example.com>");
    EXPECT_NE(crlf.find("contains a line break (CR/LF)"), std::string::npos) << crlf;
    EXPECT_NE(crlf.find("\\r\\n"), std::string::npos) << crlf;
    EXPECT_TRUE(has_no_raw_control_characters(crlf)) << crlf;

    EXPECT_NE(email_error("alice\n@example.com").find("line break"), std::string::npos);
    EXPECT_NE(email_error("\"a\rb\"@example.com").find("line break"), std::string::npos);
    EXPECT_NE(email_error(std::string("alice\0@example.com", 18)).find("NUL"), std::string::npos);
    EXPECT_NE(email_error("alice\t@example.com").find("tab"), std::string::npos);
}

TEST(EmailAddress, EmptyLocalPartOrDomainIsRejected) {
    EXPECT_EQ(email_error("alice@"), "\"alice@\" has no domain after \"@\"");
    EXPECT_EQ(email_error("@example.com"), "\"@example.com\" has nothing before \"@\"");
    EXPECT_EQ(email_error("@"), "\"@\" has nothing before \"@\"");
    EXPECT_EQ(email_error(""), "an email address is required");
}

TEST(EmailAddress, MisplacedDotsInTheLocalPartAreRejected) {
    EXPECT_NE(email_error(".alice@example.com").find("begins with a dot"), std::string::npos);
    EXPECT_NE(email_error("alice.@example.com").find("ends with a dot"), std::string::npos);
    EXPECT_NE(email_error("al..ice@example.com").find("two dots in a row"), std::string::npos);
}

TEST(EmailAddress, SpecialCharactersNeedQuotes) {
    EXPECT_EQ(email_error("a,b@example.com"),
              "\"a,b@example.com\" has a local part that contains \",\", which is only allowed "
              "in quotes");
    EXPECT_TRUE(parse_email_address("\"a,b\"@example.com").ok());
    EXPECT_NE(email_error("\"alice@example.com").find("closing quote"), std::string::npos);
}

TEST(EmailAddress, InvalidDomainIsRejectedWithTheDomainsProblem) {
    EXPECT_EQ(email_error("alice@exa..mple.com"),
              "\"alice@exa..mple.com\" has an invalid domain: \"exa..mple.com\" has an empty "
              "label");
    EXPECT_NE(email_error("alice@ex_ample.com").find("\"_\""), std::string::npos);
    EXPECT_NE(email_error("alice@example.com.").find("ends with a dot"), std::string::npos);
    EXPECT_NE(email_error("alice@192.0.2.1").find("IP address"), std::string::npos);
    EXPECT_NE(email_error("alice@[192.0.2.1]").find("address literal"), std::string::npos);
}

TEST(EmailAddress, OverlongAddressesAreRejected) {
    const std::string long_domain = std::string(63, 'a') + "." + std::string(63, 'b') + "." +
                                    std::string(63, 'c') + "." + std::string(60, 'd') + ".com";
    const std::string address = std::string(64, 'x') + "@" + long_domain; // 64 + 1 + 256 bytes
    ASSERT_GT(address.size(), 254U);
    const std::string message = email_error(address);
    EXPECT_NE(message.find("is too long"), std::string::npos) << message;
    EXPECT_NE(message.find("at most 254"), std::string::npos) << message;
    EXPECT_LT(message.size(), 200U) << "long values are shortened in messages";

    EXPECT_NE(email_error(std::string(65, 'x') + "@example.com").find("local part"),
              std::string::npos);
    EXPECT_TRUE(parse_email_address(std::string(64, 'x') + "@example.com").ok());
}

TEST(EmailAddress, InvalidUtf8IsRejected) {
    EXPECT_NE(email_error("al\xFFice@example.com").find("not valid UTF-8"), std::string::npos);
    EXPECT_NE(email_error("alice@ex\xC3.com").find("not valid UTF-8"), std::string::npos);
}

// ---- host names ---------------------------------------------------------------------------------

TEST(HostName, OrdinaryNamesAreLowerCased) {
    const auto host = normalize_host_name("IMAP.Example.COM");
    ASSERT_TRUE(host.ok()) << host.error().message;
    EXPECT_EQ(*host, "imap.example.com");
    EXPECT_EQ(*normalize_host_name("localhost"), "localhost");
    EXPECT_EQ(*normalize_host_name("mail-1.example.com"), "mail-1.example.com");
}

TEST(HostName, TrailingDotIsRemoved) {
    EXPECT_EQ(*normalize_host_name("imap.example.com."), "imap.example.com");
    EXPECT_EQ(host_error("imap.example.com.."), "\"imap.example.com..\" has an empty label");
    EXPECT_EQ(host_error("."), "\".\" has an empty label");
}

TEST(HostName, SpacesAreRejected) {
    EXPECT_EQ(host_error("imap example.com"), "\"imap example.com\" contains a space");
    EXPECT_EQ(host_error(" imap.example.com"), "\" imap.example.com\" contains a space");
    EXPECT_EQ(host_error("imap.example.com "), "\"imap.example.com \" contains a space");
}

TEST(HostName, TabsLineBreaksAndNulBytesAreRejected) {
    EXPECT_EQ(host_error("imap\texample.com"), "\"imap\\texample.com\" contains a tab");
    EXPECT_EQ(host_error("imap.example.com\r\n"),
              "\"imap.example.com\\r\\n\" contains a line break (CR/LF)");
    EXPECT_EQ(host_error("imap.example.com\n"),
              "\"imap.example.com\\n\" contains a line break (CR/LF)");
    EXPECT_EQ(host_error(std::string_view("imap\0evil.com", 13)),
              "\"imap\\0evil.com\" contains a NUL byte");
    EXPECT_NE(host_error("imap\x7F.com").find("control character"), std::string::npos);
}

TEST(HostName, EmptyNamesAndLabelsAreRejected) {
    EXPECT_EQ(host_error(""), "the host name is empty");
    EXPECT_EQ(host_error("imap..example.com"), "\"imap..example.com\" has an empty label");
    EXPECT_EQ(host_error(".example.com"), "\".example.com\" has an empty label");
}

TEST(HostName, LabelsAreAtMost63Characters) {
    const std::string label63(63, 'a');
    EXPECT_TRUE(normalize_host_name(label63 + ".example.com").ok());
    const std::string message = host_error(std::string(64, 'a') + ".example.com");
    EXPECT_NE(message.find("label of 64 characters (at most 63)"), std::string::npos) << message;
}

TEST(HostName, NamesAreAtMost253Characters) {
    std::string name;
    while (name.size() < 250) {
        name += std::string(49, 'a') + ".";
    }
    name += "com"; // 253 characters
    ASSERT_EQ(name.size(), 253U);
    EXPECT_TRUE(normalize_host_name(name).ok());
    EXPECT_NE(host_error("a" + name).find("too long"), std::string::npos);
}

TEST(HostName, InternationalizedNamesAreConvertedToPunycode) {
    EXPECT_EQ(*normalize_host_name("bücher.de"), "xn--bcher-kva.de");
    EXPECT_EQ(*normalize_host_name("mail.BÜCHER.de"), "mail.xn--bcher-kva.de");
    EXPECT_EQ(*normalize_host_name("xn--bcher-kva.de"), "xn--bcher-kva.de");
    EXPECT_EQ(*normalize_host_name("faß.de"), "xn--fa-hia.de"); // IDNA 2008, not "fass.de"
}

TEST(HostName, InvalidPunycodeIsRejected) {
    EXPECT_NE(host_error("xn--zz.de").find("internationalized"), std::string::npos);
}

TEST(HostName, CharactersOutsideLettersDigitsAndHyphensAreRejected) {
    EXPECT_EQ(host_error("imap_1.example.com"),
              "\"imap_1.example.com\" contains \"_\", which is not allowed in a host name");
    EXPECT_NE(host_error("-imap.example.com").find("begins or ends with \"-\""), std::string::npos);
    EXPECT_NE(host_error("https://imap.example.com").find("\":\""), std::string::npos);
    EXPECT_NE(host_error("imap.example.com:993").find("port"), std::string::npos);
    EXPECT_NE(host_error("imap.example.com/").find("\"/\""), std::string::npos);
}

TEST(HostName, Ipv4LiteralsAreAccepted) {
    EXPECT_EQ(*normalize_host_name("192.0.2.1"), "192.0.2.1");
    EXPECT_EQ(*normalize_host_name("127.0.0.1"), "127.0.0.1");
    EXPECT_NE(host_error("192.0.2.256").find("not a valid IPv4 address"), std::string::npos);
    EXPECT_NE(host_error("192.0.2").find("not a valid IPv4 address"), std::string::npos);
    // inet_aton would read "010" as octal 8: leading zeros are refused, not guessed at.
    EXPECT_NE(host_error("010.0.0.1").find("not a valid IPv4 address"), std::string::npos);
    EXPECT_NE(host_error("0x7f.1").find("numeric label"), std::string::npos);
}

TEST(HostName, Ipv6LiteralsAreAcceptedInBrackets) {
    EXPECT_EQ(*normalize_host_name("[::1]"), "[::1]");
    EXPECT_EQ(*normalize_host_name("[2001:DB8::1]"), "[2001:db8::1]");
    EXPECT_NE(host_error("::1").find("in brackets: [::1]"), std::string::npos);
    EXPECT_NE(host_error("[::g]").find("not a valid IPv6 address"), std::string::npos);
    EXPECT_NE(host_error("[::1").find("closing"), std::string::npos);
}

// ---- ports
// -----------------------------------------------------------------------------------------

TEST(Port, DecimalPortsFromOneTo65535AreAccepted) {
    EXPECT_EQ(*parse_port("1"), 1);
    EXPECT_EQ(*parse_port("993"), 993);
    EXPECT_EQ(*parse_port("65535"), 65535);
}

TEST(Port, AnythingElseIsRejected) {
    for (const std::string_view text :
         {"0", "65536", "+1", "-1", " 1", "1 ", "0x10", "1a", "", "99999999999999999999999", "١"}) {
        const auto port = parse_port(text);
        EXPECT_FALSE(port.ok()) << "accepted \"" << text << "\"";
        if (!port.ok()) {
            EXPECT_NE(port.error().message.find("port"), std::string::npos) << port.error().message;
        }
    }
    EXPECT_EQ(parse_port("65536").error().message, "65536 is not a port number (1..65535)");
    EXPECT_EQ(parse_port("0x10").error().message, "\"0x10\" is not a port number (1..65535)");
}

// ---- servers and accounts
// ---------------------------------------------------------------------------

constexpr std::string_view secret = "Zq7-very-secret-Pw";

Account valid_account() {
    Account account;
    account.name = "Alice";
    account.email = "alice@example.com";
    account.incoming.protocol = IncomingProtocol::imap;
    account.incoming.server = {"imap.example.com",  993,
                               Security::tls,       AuthMethod::password,
                               "alice@example.com", std::string(secret)};
    account.primary_smtp.server = {"smtp.example.com",  587,
                                   Security::starttls,  AuthMethod::password,
                                   "alice@example.com", std::string(secret)};
    return account;
}

std::vector<std::string> messages(const std::vector<FieldError>& errors) {
    std::vector<std::string> out;
    for (const auto& error : errors) {
        out.push_back(error.message);
    }
    return out;
}

TEST(ValidateAccount, ValidAccountHasNoErrors) {
    EXPECT_TRUE(validate_account(valid_account()).empty());
}

TEST(ValidateAccount, EveryErrorNamesItsField) {
    Account account = valid_account();
    account.email = "alice@";
    account.incoming.server.host = "imap example.com";
    account.primary_smtp.server.port = 0;
    SmtpServer other;
    other.server.host = "smtp..example.com";
    other.server.port = 25;
    account.other_smtp.push_back(other);

    const auto errors = validate_account(account);
    ASSERT_EQ(errors.size(), 4U);
    EXPECT_EQ(errors[0].field, "email");
    EXPECT_EQ(errors[0].message, "email: \"alice@\" has no domain after \"@\"");
    EXPECT_EQ(errors[1].field, "incoming.host");
    EXPECT_EQ(errors[1].message, "incoming.host: \"imap example.com\" contains a space");
    EXPECT_EQ(errors[2].field, "outgoing.port");
    EXPECT_EQ(errors[2].message, "outgoing.port: 0 is not a port number (1..65535)");
    EXPECT_EQ(errors[3].field, "other_smtp[0].host");
    EXPECT_EQ(errors[3].message, "other_smtp[0].host: \"smtp..example.com\" has an empty label");
}

TEST(ValidateAccount, IncomingUserNameIsRequiredButPasswordMayBeEmpty) {
    Account account = valid_account();
    account.incoming.server.password.clear();
    EXPECT_TRUE(validate_account(account).empty());

    account.incoming.server.username.clear();
    const auto errors = validate_account(account);
    ASSERT_EQ(errors.size(), 1U);
    EXPECT_EQ(errors[0].message, "incoming.username: a user name is required");
}

TEST(ValidateAccount, OutgoingUserNameMayBeEmpty) {
    Account account = valid_account();
    account.primary_smtp.server.username.clear();
    account.primary_smtp.server.password.clear();
    account.primary_smtp.server.auth = AuthMethod::none;
    EXPECT_TRUE(validate_account(account).empty());
}

TEST(ValidateAccount, AuthMethodsThePhoneDoesNotOfferForIncomingServersAreRejected) {
    Account account = valid_account();
    account.incoming.server.auth = AuthMethod::none;
    auto errors = messages(validate_account(account));
    ASSERT_EQ(errors.size(), 1U);
    EXPECT_EQ(errors[0], "incoming.auth: \"none\" is not available for IMAP (use password, "
                         "cram-md5 or ntlm)");

    account.incoming.protocol = IncomingProtocol::pop3;
    account.incoming.server.auth = AuthMethod::http_md5_digest;
    errors = messages(validate_account(account));
    ASSERT_EQ(errors.size(), 1U);
    EXPECT_NE(errors[0].find("incoming.auth: \"http-md5-digest\" is not available for POP3"),
              std::string::npos);

    account.incoming.server.auth = AuthMethod::cram_md5;
    account.primary_smtp.server.auth = AuthMethod::http_md5_digest;
    EXPECT_TRUE(validate_account(account).empty());
}

TEST(ValidateAccount, LineBreaksInUserNamesPasswordsAndNamesAreRejected) {
    Account account = valid_account();
    account.name = "Alice\r\nBcc: everyone@example.com";
    account.incoming.server.username = "alice\r\nA2 DELETE INBOX";
    account.primary_smtp.server.password = std::string(secret) + "\n";
    const auto errors = messages(validate_account(account));
    ASSERT_EQ(errors.size(), 3U);
    EXPECT_EQ(errors[0], "name: contains a line break (CR/LF)");
    EXPECT_EQ(errors[1], "incoming.username: contains a line break (CR/LF)");
    EXPECT_EQ(errors[2], "outgoing.password: contains a line break (CR/LF)");
}

TEST(ValidateAccount, NoMessageEverContainsThePassword) {
    Account account = valid_account();
    account.incoming.server.password = std::string(secret) + "\r\n";
    account.incoming.server.host = "";
    account.incoming.server.port = 0;
    account.incoming.server.auth = AuthMethod::none;
    account.primary_smtp.server.password = std::string("\0", 1) + std::string(secret);
    account.primary_smtp.server.host = std::string(300, 'h');
    const auto errors = validate_account(account);
    EXPECT_GE(errors.size(), 5U);
    for (const auto& error : errors) {
        EXPECT_EQ(error.message.find(secret), std::string::npos) << error.message;
        EXPECT_TRUE(has_no_raw_control_characters(error.message)) << error.message;
    }
}

TEST(ValidateServer, FieldPrefixIsUsedAsGiven) {
    ServerSettings server{"", 0, Security::tls, AuthMethod::password, "", ""};
    const auto errors = validate_server(server, "other_smtp[2]", ServerRole::smtp);
    ASSERT_EQ(errors.size(), 2U);
    EXPECT_EQ(errors[0].field, "other_smtp[2].host");
    EXPECT_EQ(errors[0].message, "other_smtp[2].host: a host name is required");
    EXPECT_EQ(errors[1].field, "other_smtp[2].port");
}

} // namespace
