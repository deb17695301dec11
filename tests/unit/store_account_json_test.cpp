#include "maillab/store/account_json.hpp"

#include <gtest/gtest.h>
#include <string>

namespace {

using namespace maillab;

constexpr std::string_view secret = "Xy9!distinctive-Secret";

const std::string minimal = R"({
  "email": "alice@example.com",
  "incoming": { "protocol": "imap", "host": "imap.example.com" },
  "outgoing": { "host": "smtp.example.com" }
})";

std::string error_of(std::string_view json) {
    const auto result = parse_account_json(json);
    EXPECT_FALSE(result.ok()) << "accepted: " << json;
    return result.ok() ? std::string() : result.error().message;
}

// Replaces the first occurrence of `from` in `text`.
std::string with(std::string text, std::string_view from, std::string_view to) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) {
        text.replace(at, from.size(), to);
    }
    return text;
}

Account full_account() {
    Account account;
    account.name = "Alice Example";
    account.email = "alice@example.com";
    account.description = "Work \"mail\" \\ ünïcode";
    account.incoming.protocol = IncomingProtocol::pop3;
    account.incoming.server = {"pop.example.com",    995,     Security::tls,
                               AuthMethod::cram_md5, "alice", std::string(secret)};
    account.incoming.imap_path_prefix = "INBOX";
    account.incoming.pop_delete = PopDeletePolicy::when_removed_from_inbox;
    account.primary_smtp.server = {"smtp.example.com",  587,
                                   Security::starttls,  AuthMethod::password,
                                   "alice@example.com", "outgoing-pw"};
    account.primary_smtp.enabled = false;
    SmtpServer other;
    other.server = {"smtp.other.example", 25, Security::none, AuthMethod::none, "", ""};
    account.other_smtp.push_back(other);
    account.outgoing_password_same_as_incoming = true;
    return account;
}

TEST(AccountJson, MinimalAccountGetsTheIphoneDefaults) {
    const auto account = parse_account_json(minimal);
    ASSERT_TRUE(account.ok()) << account.error().message;
    EXPECT_EQ(account->email, "alice@example.com");
    EXPECT_EQ(account->incoming.protocol, IncomingProtocol::imap);
    EXPECT_EQ(account->incoming.server.host, "imap.example.com");
    EXPECT_EQ(account->incoming.server.port, 993);
    EXPECT_EQ(account->incoming.server.security, Security::tls);
    EXPECT_EQ(account->incoming.server.auth, AuthMethod::password);
    EXPECT_EQ(account->incoming.server.username, "alice@example.com");
    EXPECT_EQ(account->incoming.server.password, "");
    EXPECT_EQ(account->primary_smtp.server.port, 465);
    EXPECT_EQ(account->primary_smtp.server.security, Security::tls);
    EXPECT_EQ(account->primary_smtp.server.username, "alice@example.com");
    EXPECT_TRUE(account->primary_smtp.enabled);
    EXPECT_TRUE(account->other_smtp.empty());
    EXPECT_FALSE(account->outgoing_password_same_as_incoming);
}

TEST(AccountJson, MissingPortFollowsProtocolAndSecurity) {
    auto pop = parse_account_json(with(with(minimal, "\"imap\"", "\"pop3\""), "\"host\": \"imap",
                                       "\"security\": \"starttls\", \"host\": \"imap"));
    ASSERT_TRUE(pop.ok()) << pop.error().message;
    EXPECT_EQ(pop->incoming.server.port, 110);

    auto smtp = parse_account_json(
        with(minimal, "{ \"host\": \"smtp", "{ \"security\": \"starttls\", \"host\": \"smtp"));
    ASSERT_TRUE(smtp.ok()) << smtp.error().message;
    EXPECT_EQ(smtp->primary_smtp.server.port, 587);
}

TEST(AccountJson, TheDesignDocumentExampleIsAccepted) {
    const auto account = parse_account_json(R"({ "email": "alice@example.com", "name": "Alice",
      "description": "Work",
      "incoming": { "protocol": "imap", "host": "imap.example.com", "port": 993, "security": "tls",
                    "auth": "password", "username": "alice@example.com", "password": "..." },
      "outgoing": { "host": "smtp.example.com", "port": 587, "security": "starttls",
                    "auth": "password", "username": "alice@example.com", "password": "..." } })");
    ASSERT_TRUE(account.ok()) << account.error().message;
    EXPECT_EQ(account->name, "Alice");
    EXPECT_EQ(account->primary_smtp.server.port, 587);
    EXPECT_EQ(account->primary_smtp.server.password, "...");
}

TEST(AccountJson, AnUnknownKeyIsRefusedWithItsName) {
    const auto account = parse_account_json(
        with(minimal, "\"email\"", "\"future_feature\": {\"x\": [1, 2]}, \"email\""));
    ASSERT_FALSE(account.ok());
    EXPECT_NE(account.error().message.find("\"future_feature\" is not a known field"),
              std::string::npos)
        << account.error().message;
}

TEST(AccountJson, AMisspeltServerFieldIsNamedWithItsServer) {
    const Account original = full_account();
    std::string json = account_to_json(original, PasswordOutput::include);
    const auto at = json.rfind("\"password\"");
    ASSERT_NE(at, std::string::npos);
    json.replace(at, 10, "\"pasword\"");
    const auto account = parse_account_json(json);
    ASSERT_FALSE(account.ok());
    EXPECT_NE(account.error().message.find("\"pasword\" is not a known field"), std::string::npos)
        << account.error().message;
    EXPECT_EQ(account.error().message.find(secret), std::string::npos);
}

TEST(AccountJson, RoundTripWithPasswordsIncludedKeepsEverything) {
    const Account original = full_account();
    const std::string json = account_to_json(original, PasswordOutput::include);
    EXPECT_NE(json.find(secret), std::string::npos);
    const auto parsed = parse_account_json(json);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message << "\n" << json;
    EXPECT_EQ(*parsed, original);
}

TEST(AccountJson, MaskedPasswordsAreDotsAndEmptyOnesStayEmpty) {
    const std::string json = account_to_json(full_account(), PasswordOutput::mask);
    EXPECT_EQ(json.find(secret), std::string::npos);
    EXPECT_EQ(json.find("outgoing-pw"), std::string::npos);
    const auto parsed = parse_account_json(json);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(parsed->incoming.server.password, "••••••");
    EXPECT_EQ(parsed->primary_smtp.server.password, "••••••");
    EXPECT_EQ(parsed->other_smtp.at(0).server.password, "");
    EXPECT_EQ(parsed->incoming.server.host, "pop.example.com");
}

TEST(AccountJson, OmittedPasswordsLeaveTheKeyOut) {
    const Account original = full_account();
    const std::string json = account_to_json(original, PasswordOutput::omit);
    EXPECT_EQ(json.find("\"password\":"), std::string::npos);
    EXPECT_EQ(json.find(secret), std::string::npos);
    const auto parsed = parse_account_json(json);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    Account expected = original;
    expected.incoming.server.password.clear();
    expected.primary_smtp.server.password.clear();
    EXPECT_EQ(*parsed, expected);
}

TEST(AccountJson, OutputIsPrettyPrintedWithTwoSpacesInAStableOrder) {
    Account account;
    account.email = "a@example.com";
    account.incoming.server = {"imap.example.com", 993, Security::tls, AuthMethod::password,
                               "a@example.com",    "pw"};
    account.primary_smtp.server = {"smtp.example.com", 465, Security::tls, AuthMethod::password,
                                   "a@example.com",    "pw"};
    const std::string expected = R"({
  "email": "a@example.com",
  "name": "",
  "description": "",
  "incoming": {
    "protocol": "imap",
    "host": "imap.example.com",
    "port": 993,
    "security": "tls",
    "auth": "password",
    "username": "a@example.com",
    "password": "••••••",
    "imap_path_prefix": "",
    "pop_delete": "never"
  },
  "outgoing": {
    "host": "smtp.example.com",
    "port": 465,
    "security": "tls",
    "auth": "password",
    "username": "a@example.com",
    "password": "••••••",
    "enabled": true
  },
  "other_smtp": [],
  "outgoing_password_same_as_incoming": false
})";
    EXPECT_EQ(account_to_json(account, PasswordOutput::mask), expected);
}

TEST(AccountJson, MissingRequiredFieldsAreNamed) {
    EXPECT_EQ(error_of(R"({"incoming": {"protocol": "imap", "host": "i.example.com"},
                           "outgoing": {"host": "s.example.com"}})"),
              "email: is required");
    EXPECT_EQ(error_of(R"({"email": "a@example.com", "outgoing": {"host": "s.example.com"}})"),
              "incoming: is required");
    EXPECT_EQ(error_of(with(minimal, "\"protocol\": \"imap\", ", "")),
              "incoming.protocol: is required");
    EXPECT_EQ(error_of(with(minimal, ", \"host\": \"imap.example.com\"", "")),
              "incoming.host: is required");
    EXPECT_EQ(error_of(with(minimal, "{ \"host\": \"smtp.example.com\" }", "{}")),
              "outgoing.host: is required");
    EXPECT_EQ(error_of(R"({"email": "a@example.com",
                           "incoming": {"protocol": "imap", "host": "i.example.com"}})"),
              "outgoing: is required");
}

TEST(AccountJson, PortMustBeAJsonIntegerInRange) {
    const auto port = [](std::string_view value) {
        return error_of(with(minimal, "\"host\": \"imap.example.com\"",
                             "\"host\": \"imap.example.com\", \"port\": " + std::string(value)));
    };
    EXPECT_EQ(port("\"993\""), "incoming.port: must be a number from 1 to 65535, not a string");
    EXPECT_EQ(port("true"), "incoming.port: must be a number from 1 to 65535, not a boolean");
    EXPECT_NE(port("993.5").find("incoming.port: must be a whole number"), std::string::npos);
    EXPECT_NE(port("9.93e2").find("incoming.port: must be a whole number"), std::string::npos);
    EXPECT_EQ(port("0"), "incoming.port: 0 is not a port number (1..65535)");
    EXPECT_EQ(port("-1"), "incoming.port: -1 is not a port number (1..65535)");
    EXPECT_EQ(port("70000"), "incoming.port: 70000 is not a port number (1..65535)");
    EXPECT_EQ(port("18446744073709551615"),
              "incoming.port: 18446744073709551615 is not a port number (1..65535)");
}

TEST(AccountJson, WrongTypesAndUnknownValuesAreNamed) {
    EXPECT_EQ(error_of(with(minimal, "\"imap\"", "\"smtp\"")),
              "incoming.protocol: \"smtp\" is not one of imap, pop3");
    EXPECT_EQ(error_of(with(minimal, "\"email\": \"alice@example.com\"", "\"email\": 7")),
              "email: must be a string, not a number");
    EXPECT_EQ(
        error_of(with(minimal, "{ \"host\": \"smtp", "{ \"security\": \"ssl\", \"host\": \"smtp")),
        "outgoing.security: \"ssl\" is not one of tls, starttls, none");
    EXPECT_EQ(
        error_of(with(minimal, "{ \"host\": \"smtp", "{ \"enabled\": \"yes\", \"host\": \"smtp")),
        "outgoing.enabled: must be true or false, not a string");
    EXPECT_EQ(error_of(with(minimal, "\"email\"", "\"other_smtp\": [{\"host\": 1}, 2], \"email\"")),
              "other_smtp[0].host: must be a string, not a number; other_smtp[1]: must be an "
              "object, not a number");
    EXPECT_EQ(error_of("[1, 2]"), "the account JSON must be an object, not an array");
}

TEST(AccountJson, InvalidValuesAreReportedByValidation) {
    EXPECT_EQ(error_of(with(minimal, "alice@example.com", "alice@")),
              "email: \"alice@\" has no domain after \"@\"");
    EXPECT_EQ(error_of(with(minimal, "imap.example.com", "imap example.com")),
              "incoming.host: \"imap example.com\" contains a space");
}

TEST(AccountJson, SyntaxErrorsGiveLineAndColumn) {
    const std::string message =
        error_of("{\n  \"email\": \"a@example.com\",\n  \"incoming\": x\n}");
    EXPECT_NE(message.find("line 3"), std::string::npos) << message;
    EXPECT_NE(message.find("column 15"), std::string::npos) << message;

    const std::string truncated = error_of("{\n  \"email\": \"a@ex");
    EXPECT_NE(truncated.find("line 2"), std::string::npos) << truncated;
    EXPECT_NE(error_of("").find("line 1, column 1"), std::string::npos);
    EXPECT_NE(error_of(minimal + " trailing").find("line 5"), std::string::npos);
    EXPECT_NE(error_of("{\"a\": 1,}").find("line 1"), std::string::npos);
}

TEST(AccountJson, DeeplyNestedInputIsRejected) {
    const std::string deep =
        with(minimal, "\"email\"",
             "\"x\": " + std::string(100, '[') + std::string(100, ']') + ", \"email\"");
    const std::string message = error_of(deep);
    EXPECT_NE(message.find("nested more than 32 levels deep"), std::string::npos) << message;
}

TEST(AccountJson, HugeInputIsRejectedBeforeParsing) {
    const std::string padding(2 << 20, ' ');
    const std::string message = error_of(with(minimal, "\"email\"", padding + "\"email\""));
    EXPECT_NE(message.find("too large"), std::string::npos) << message;
}

TEST(AccountJson, ErrorsNeverContainThePassword) {
    const std::string secret_json = "\"" + std::string(secret) + "\"";
    const std::string base =
        with(with(minimal, "\"host\": \"imap.example.com\"",
                  "\"host\": \"imap.example.com\", \"password\": " + secret_json),
             "{ \"host\": \"smtp.example.com\"",
             "{ \"host\": \"smtp.example.com\", \"password\": " + secret_json);
    ASSERT_TRUE(parse_account_json(base).ok());

    const std::vector<std::string> broken{
        with(base, "imap.example.com", "imap example.com"),
        with(base, "\"imap\"", "\"none\""),
        with(base, "\"email\": \"alice@example.com\"", "\"email\": \"alice\""),
        with(base, "\"host\": \"smtp.example.com\"", "\"port\": 0"),
        with(base, secret_json, "\"" + std::string(secret) + "\\r\\n\""),
        with(base, secret_json, "\"" + std::string(secret) + "\\u0000\""),
        with(base, secret_json, "\"" + std::string(secret) + "\\q\""),
        with(base, secret_json, std::string(secret)),
        with(base, "}\n}", "}"),
        with(base, "\"protocol\": \"imap\"", "\"protocol\": \"imap\", \"auth\": \"none\""),
    };
    for (const std::string& json : broken) {
        const std::string message = error_of(json);
        EXPECT_FALSE(message.empty());
        EXPECT_EQ(message.find(secret), std::string::npos) << message;
    }
}

TEST(AccountJson, AKeyGivenTwiceIsRefusedWithItsPath) {
    const auto account = parse_account_json(
        with(minimal, "\"email\"", "\"email\": \"first@example.com\", \"email\""));
    ASSERT_FALSE(account.ok());
    EXPECT_EQ(account.error().message, "email: given more than once");
}

TEST(AccountJson, ADuplicateKeyIsShownPrintableAndShort) {
    const std::string key = "\\u001b[31m" + std::string(100, 'k');
    const auto account = parse_account_json("{\"" + key + "\": 1, \"" + key + "\": 2}");
    ASSERT_FALSE(account.ok());
    const std::string& message = account.error().message;
    EXPECT_EQ(message.find('\x1b'), std::string::npos) << message;
    EXPECT_NE(message.find("?[31m"), std::string::npos) << message;
    EXPECT_LT(message.size(), 120u) << message;
}

TEST(AccountJson, ANestedKeyGivenTwiceIsNamedWithItsObject) {
    const auto account = parse_account_json(
        R"({"email": "a@example.com", "incoming": {"protocol": "imap", "host": "h.example.com",
            "port": 993, "port": 143}, "outgoing": {"host": "s.example.com"}})");
    ASSERT_FALSE(account.ok());
    EXPECT_EQ(account.error().message, "incoming.port: given more than once");
    const auto other = parse_account_json(
        R"({"email": "a@example.com", "incoming": {"protocol": "imap", "host": "h.example.com"},
            "outgoing": {"host": "s.example.com"},
            "other_smtp": [{"host": "x.example.com"}, {"host": "y.example.com", "host": "z"}]})");
    ASSERT_FALSE(other.ok());
    EXPECT_EQ(other.error().message, "other_smtp[1].host: given more than once");
}

TEST(AccountJson, NullCountsAsMissing) {
    const auto account =
        parse_account_json(with(minimal, "\"email\"", "\"name\": null, \"email\""));
    ASSERT_TRUE(account.ok()) << account.error().message;
    EXPECT_EQ(account->name, "");
}

// ---- limits that keep every accepted account writable -----------------------------------------

// `minimal` with extra members added to the root object.
std::string minimal_with(std::string_view members) {
    return with(minimal, "\"email\"", std::string(members) + ", \"email\"");
}

std::string other_smtp_array(std::size_t count,
                             std::string_view element = R"({"host": "smtp.example.com"})") {
    std::string array = "[";
    for (std::size_t i = 0; i < count; ++i) {
        array += (i == 0 ? "" : ",") + std::string(element);
    }
    return array + "]";
}

// A JSON string literal of `size` copies of `c` (plain ASCII only).
std::string json_string(std::size_t size, char c = 'a') {
    return "\"" + std::string(size, c) + "\"";
}

TEST(AccountJson, SixteenOtherSmtpServersAreAcceptedAndSeventeenAreNot) {
    const auto sixteen =
        parse_account_json(minimal_with("\"other_smtp\": " + other_smtp_array(16)));
    ASSERT_TRUE(sixteen.ok()) << sixteen.error().message;
    EXPECT_EQ(sixteen->other_smtp.size(), 16u);
    EXPECT_EQ(error_of(minimal_with("\"other_smtp\": " + other_smtp_array(17))),
              "other_smtp: more than 16 servers");
}

TEST(AccountJson, AMegabyteOfOtherSmtpServersGivesOneShortMessage) {
    // The fuzzing finding: 40,000 entries fit in 1 MB, but their re-serialisation did not.
    const std::string json =
        minimal_with("\"other_smtp\": " + other_smtp_array(40'000, R"({"host":"s.example"})"));
    ASSERT_LT(json.size(), std::size_t{1} << 20);
    EXPECT_EQ(error_of(json), "other_smtp: more than 16 servers");
    // Broken entries are not listed one by one either.
    std::string broken = "[";
    for (int i = 0; i < 40'000; ++i) {
        broken += i == 0 ? "1" : ",1";
    }
    EXPECT_EQ(error_of(minimal_with("\"other_smtp\": " + broken + "]")),
              "other_smtp: more than 16 servers");
}

TEST(AccountJson, StringsAtTheirLimitsAreAccepted) {
    std::string json =
        minimal_with("\"name\": " + json_string(256) + ", \"description\": " + json_string(256));
    json = with(json, "\"host\": \"imap.example.com\"",
                "\"host\": \"imap.example.com\", \"username\": " + json_string(320) +
                    ", \"password\": " + json_string(1024, 'p') +
                    ", \"imap_path_prefix\": " + json_string(256));
    const auto account = parse_account_json(json);
    ASSERT_TRUE(account.ok()) << account.error().message;
    EXPECT_EQ(account->name.size(), 256u);
    EXPECT_EQ(account->incoming.server.username.size(), 320u);
    EXPECT_EQ(account->incoming.server.password.size(), 1024u);
    EXPECT_EQ(account->incoming.imap_path_prefix.size(), 256u);
}

TEST(AccountJson, StringsOverTheirLimitsAreRefusedNamingTheField) {
    EXPECT_EQ(error_of(minimal_with("\"name\": " + json_string(257))),
              "name: is too long (257 bytes; at most 256)");
    EXPECT_EQ(error_of(minimal_with("\"description\": " + json_string(257))),
              "description: is too long (257 bytes; at most 256)");
    EXPECT_EQ(error_of(with(minimal, "\"alice@example.com\"", json_string(321))),
              "email: is too long (321 bytes; at most 320)");
    EXPECT_EQ(error_of(with(minimal, "\"imap.example.com\"", json_string(321))),
              "incoming.host: is too long (321 bytes; at most 320)");
    EXPECT_EQ(error_of(with(minimal, "\"smtp.example.com\"", json_string(400))),
              "outgoing.host: is too long (400 bytes; at most 320)");
    EXPECT_EQ(error_of(with(minimal, "\"host\": \"smtp.example.com\"",
                            "\"host\": \"smtp.example.com\", \"username\": " + json_string(321))),
              "outgoing.username: is too long (321 bytes; at most 320)");
    EXPECT_EQ(
        error_of(with(minimal, "\"host\": \"imap.example.com\"",
                      "\"host\": \"imap.example.com\", \"imap_path_prefix\": " + json_string(257))),
        "incoming.imap_path_prefix: is too long (257 bytes; at most 256)");
    EXPECT_EQ(error_of(minimal_with(R"("other_smtp": [{"host": "s.example.com"}, {"host": )" +
                                    json_string(321) + "}]")),
              "other_smtp[1].host: is too long (321 bytes; at most 320)");
}

TEST(AccountJson, ATooLongPasswordIsRefusedWithoutQuotingIt) {
    const std::string password = std::string(secret) + std::string(1100, 'x');
    const std::string message =
        error_of(with(minimal, "\"host\": \"smtp.example.com\"",
                      "\"host\": \"smtp.example.com\", \"password\": \"" + password + "\""));
    EXPECT_EQ(message, "outgoing.password: is too long (1122 bytes; at most 1024)");
    EXPECT_EQ(message.find(secret), std::string::npos);
}

TEST(AccountJson, TheLargestAcceptedAccountIsWrittenUnderTheSizeLimitAndReadBack) {
    // Every string at its limit, of characters that JSON escapes (each control character of a
    // password becomes six bytes), and 16 other SMTP servers.
    const std::string control_password(1024, '\x01');
    const std::string quoted_user_name(320, '"');
    Account account;
    account.email = "alice@example.com";
    account.name = std::string(256, '\\');
    account.description = std::string(256, '"');
    account.incoming.server = {"imap.example.com", 993,
                               Security::tls,      AuthMethod::password,
                               quoted_user_name,   control_password};
    account.incoming.imap_path_prefix = std::string(256, '"');
    account.primary_smtp.server = {"smtp.example.com", 465,
                                   Security::tls,      AuthMethod::password,
                                   quoted_user_name,   control_password};
    for (int i = 0; i < 16; ++i) {
        account.other_smtp.push_back(account.primary_smtp);
    }
    const std::string json = account_to_json(account, PasswordOutput::include);
    EXPECT_LT(json.size(), std::size_t{1} << 20);
    const auto parsed = parse_account_json(json);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(*parsed, account);
}

TEST(AccountJson, QuotedValuesEscapeDelC1ControlsAndLineSeparators) {
    const auto security = [](std::string_view escaped_value) {
        return error_of(
            with(minimal, "{ \"host\": \"smtp",
                 "{ \"security\": \"" + std::string(escaped_value) + "\", \"host\": \"smtp"));
    };
    const std::string suffix = " is not one of tls, starttls, none";
    // DEL may appear raw in a JSON string; U+0085, U+2028 and U+2029 are escaped or raw alike.
    EXPECT_EQ(security("tls\x7f"), "outgoing.security: \"tls\\u007f\"" + suffix);
    EXPECT_EQ(security("tls\\u007f"), "outgoing.security: \"tls\\u007f\"" + suffix);
    EXPECT_EQ(security("a\xc2\x85z"), "outgoing.security: \"a\\u0085z\"" + suffix);
    EXPECT_EQ(security("a\\u009bz"), "outgoing.security: \"a\\u009bz\"" + suffix);
    EXPECT_EQ(security("a\xe2\x80\xa8z\\u2029"),
              "outgoing.security: \"a\\u2028z\\u2029\"" + suffix);
    EXPECT_EQ(security("\\u001b[31m\\r\\n\\t\\\"\\\\"),
              "outgoing.security: \"\\u001b[31m\\r\\n\\t\\\"\\\\\"" + suffix);
    // Other non-ASCII text is shown as it is.
    EXPECT_EQ(security("sécurité"), "outgoing.security: \"sécurité\"" + suffix);
}

TEST(AccountJson, LongQuotedValuesAreCutOnACharacterBoundary) {
    const std::string value = std::string(63, 'a') + "é" + std::string(10, 'b');
    const std::string message = error_of(with(minimal, "\"imap\"", "\"" + value + "\""));
    EXPECT_EQ(message,
              "incoming.protocol: \"" + std::string(63, 'a') + "…\" is not one of imap, pop3");
    const std::string exactly = std::string(64, 'c');
    EXPECT_EQ(error_of(with(minimal, "\"imap\"", "\"" + exactly + "\"")),
              "incoming.protocol: \"" + exactly + "\" is not one of imap, pop3");
}

} // namespace
