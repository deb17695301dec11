#include "maillab/model/account.hpp"

#include <array>
#include <gtest/gtest.h>

namespace {

using namespace maillab;

TEST(AccountEnums, EverySecurityValueRoundTripsThroughItsName) {
    for (const Security value : {Security::tls, Security::starttls, Security::none}) {
        EXPECT_EQ(parse_security(to_string(value)), value);
    }
    EXPECT_EQ(to_string(Security::tls), "tls");
    EXPECT_EQ(to_string(Security::starttls), "starttls");
    EXPECT_EQ(to_string(Security::none), "none");
}

TEST(AccountEnums, EveryProtocolRoundTripsThroughItsName) {
    for (const IncomingProtocol value : {IncomingProtocol::imap, IncomingProtocol::pop3}) {
        EXPECT_EQ(parse_incoming_protocol(to_string(value)), value);
    }
    EXPECT_EQ(to_string(IncomingProtocol::imap), "imap");
    EXPECT_EQ(to_string(IncomingProtocol::pop3), "pop3");
}

TEST(AccountEnums, EveryAuthMethodRoundTripsThroughItsName) {
    const std::array<std::pair<AuthMethod, std::string_view>, 5> expected{{
        {AuthMethod::password, "password"},
        {AuthMethod::cram_md5, "cram-md5"},
        {AuthMethod::ntlm, "ntlm"},
        {AuthMethod::http_md5_digest, "http-md5-digest"},
        {AuthMethod::none, "none"},
    }};
    for (const auto& [value, name] : expected) {
        EXPECT_EQ(to_string(value), name);
        EXPECT_EQ(parse_auth_method(name), value);
    }
}

TEST(AccountEnums, EveryPopDeletePolicyRoundTripsThroughItsName) {
    const std::array<std::pair<PopDeletePolicy, std::string_view>, 3> expected{{
        {PopDeletePolicy::never, "never"},
        {PopDeletePolicy::after_seven_days, "after-seven-days"},
        {PopDeletePolicy::when_removed_from_inbox, "when-removed-from-inbox"},
    }};
    for (const auto& [value, name] : expected) {
        EXPECT_EQ(to_string(value), name);
        EXPECT_EQ(parse_pop_delete_policy(name), value);
    }
}

TEST(AccountEnums, UnknownOrDifferentlySpelledNamesAreRejected) {
    EXPECT_FALSE(parse_security("TLS"));
    EXPECT_FALSE(parse_security("ssl"));
    EXPECT_FALSE(parse_security(""));
    EXPECT_FALSE(parse_incoming_protocol("smtp"));
    EXPECT_FALSE(parse_incoming_protocol("imap "));
    EXPECT_FALSE(parse_auth_method("cram_md5"));
    EXPECT_FALSE(parse_auth_method("oauth2"));
    EXPECT_FALSE(parse_pop_delete_policy("always"));
}

TEST(AccountEnums, AuthMethodsHaveTheLabelsAnIphoneShows) {
    EXPECT_EQ(iphone_label(AuthMethod::password), "Password");
    EXPECT_EQ(iphone_label(AuthMethod::cram_md5), "MD5 Challenge-Response");
    EXPECT_EQ(iphone_label(AuthMethod::ntlm), "NTLM");
    EXPECT_EQ(iphone_label(AuthMethod::http_md5_digest), "HTTP MD5 Digest");
    EXPECT_EQ(iphone_label(AuthMethod::none), "None");
}

TEST(AccountEnums, ServerRolesAreNamedAfterTheirProtocol) {
    EXPECT_EQ(to_string(ServerRole::incoming_imap), "imap");
    EXPECT_EQ(to_string(ServerRole::incoming_pop3), "pop3");
    EXPECT_EQ(to_string(ServerRole::smtp), "smtp");

    IncomingServer incoming;
    incoming.protocol = IncomingProtocol::imap;
    EXPECT_EQ(incoming.role(), ServerRole::incoming_imap);
    incoming.protocol = IncomingProtocol::pop3;
    EXPECT_EQ(incoming.role(), ServerRole::incoming_pop3);
}

TEST(DefaultPorts, IncomingPortsFollowProtocolAndSecurity) {
    EXPECT_EQ(default_port(IncomingProtocol::imap, Security::tls), 993);
    EXPECT_EQ(default_port(IncomingProtocol::imap, Security::starttls), 143);
    EXPECT_EQ(default_port(IncomingProtocol::imap, Security::none), 143);
    EXPECT_EQ(default_port(IncomingProtocol::pop3, Security::tls), 995);
    EXPECT_EQ(default_port(IncomingProtocol::pop3, Security::starttls), 110);
    EXPECT_EQ(default_port(IncomingProtocol::pop3, Security::none), 110);
}

TEST(DefaultPorts, SmtpPortsAreSubmissionsSubmissionAndRelay) {
    EXPECT_EQ(default_smtp_port(Security::tls), 465);
    EXPECT_EQ(default_smtp_port(Security::starttls), 587);
    EXPECT_EQ(default_smtp_port(Security::none), 25);
}

Account account_with_passwords(std::string incoming, std::string outgoing) {
    Account account;
    account.incoming.server.password = std::move(incoming);
    account.primary_smtp.server.password = std::move(outgoing);
    return account;
}

TEST(PasswordLink, ChangingTheIncomingPasswordLeavesTheOutgoingOneAloneByDefault) {
    Account account = account_with_passwords("old", "old");
    ASSERT_FALSE(account.outgoing_password_same_as_incoming);
    EXPECT_FALSE(account.stored_passwords_differ());

    account.set_incoming_password("new");

    EXPECT_EQ(account.incoming.server.password, "new");
    EXPECT_EQ(account.primary_smtp.server.password, "old");
    EXPECT_TRUE(account.stored_passwords_differ());
}

TEST(PasswordLink, ChangingTheIncomingPasswordCarriesItToThePrimarySmtpServerWhenLinked) {
    Account account = account_with_passwords("old", "old");
    account.outgoing_password_same_as_incoming = true;
    SmtpServer other;
    other.server.password = "other";
    account.other_smtp.push_back(other);

    account.set_incoming_password("new");

    EXPECT_EQ(account.incoming.server.password, "new");
    EXPECT_EQ(account.primary_smtp.server.password, "new");
    EXPECT_EQ(account.other_smtp.front().server.password, "other");
    EXPECT_FALSE(account.stored_passwords_differ());
}

TEST(PasswordLink, StoredPasswordsDifferComparesIncomingWithPrimarySmtpOnly) {
    Account account = account_with_passwords("same", "same");
    SmtpServer other;
    other.server.password = "different";
    account.other_smtp.push_back(other);
    EXPECT_FALSE(account.stored_passwords_differ());

    account.primary_smtp.server.password = "";
    EXPECT_TRUE(account.stored_passwords_differ());
}

} // namespace
