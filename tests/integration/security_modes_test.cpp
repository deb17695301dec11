// verify succeeds in every security mode for IMAP, POP3 and SMTP against real servers.
#include "maillab/verify/verify.hpp"
#include "test_servers.hpp"

#include <gtest/gtest.h>

namespace maillab::testing {
namespace {

struct Mode {
    const char* name;
    const char* host;
    std::uint16_t port;
    Security security;
};

class IncomingModes : public ::testing::TestWithParam<std::tuple<IncomingProtocol, Mode>> {};

TEST_P(IncomingModes, LoginSucceedsWithTheRightPassword) {
    MAILLAB_REQUIRE_SERVERS(servers);
    auto [protocol, mode] = GetParam();
    const std::string user = "alice@maillab.test";
    IncomingServer incoming;
    incoming.protocol = protocol;
    incoming.server = server(mode.host, mode.port, mode.security, user, servers->password_of(user));
    auto check = check_incoming(incoming, servers->net_options());
    EXPECT_EQ(to_string(check.outcome), "ok") << check.message << "\n" << transcript_text(check);
    EXPECT_TRUE(check.credentials_sent);
    if (mode.security == Security::none)
        EXPECT_FALSE(check.warnings.empty()) << "a password sent in clear must carry a warning";
    else
        EXPECT_TRUE(check.warnings.empty());
}

std::string incoming_name(const ::testing::TestParamInfo<IncomingModes::ParamType>& info) {
    return std::string(to_string(std::get<0>(info.param))) + "_" + std::get<1>(info.param).name;
}

INSTANTIATE_TEST_SUITE_P(Imap, IncomingModes,
                         ::testing::Combine(::testing::Values(IncomingProtocol::imap),
                                            ::testing::Values(Mode{"tls", "imap.maillab.test", 993,
                                                                   Security::tls},
                                                              Mode{"starttls", "imap.maillab.test",
                                                                   143, Security::starttls},
                                                              Mode{"none", "plain.maillab.test",
                                                                   143, Security::none})),
                         incoming_name);

INSTANTIATE_TEST_SUITE_P(Pop3, IncomingModes,
                         ::testing::Combine(::testing::Values(IncomingProtocol::pop3),
                                            ::testing::Values(Mode{"tls", "pop.maillab.test", 995,
                                                                   Security::tls},
                                                              Mode{"starttls", "pop.maillab.test",
                                                                   110, Security::starttls},
                                                              Mode{"none", "plain.maillab.test",
                                                                   110, Security::none})),
                         incoming_name);

class SmtpModes : public ::testing::TestWithParam<Mode> {};

TEST_P(SmtpModes, AuthSucceedsWithTheRightPassword) {
    MAILLAB_REQUIRE_SERVERS(servers);
    const Mode mode = GetParam();
    const std::string user = "alice@maillab.test";
    VerifyOptions options;
    options.net = servers->net_options();
    auto check = check_smtp(server(mode.host, mode.port, mode.security, user,
                                   servers->password_of(user)),
                            options, user);
    EXPECT_EQ(to_string(check.outcome), "ok") << check.message << "\n" << transcript_text(check);
    EXPECT_EQ(check.reply_code, 235);
    EXPECT_EQ(check.security == Security::none, !check.warnings.empty());
}

INSTANTIATE_TEST_SUITE_P(Smtp, SmtpModes,
                         ::testing::Values(Mode{"tls", "smtp.maillab.test", 465, Security::tls},
                                           Mode{"starttls", "smtp.maillab.test", 587,
                                                Security::starttls},
                                           Mode{"none", "plain.maillab.test", 587,
                                                Security::none}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Mechanisms, EveryPasswordMechanismLogsInToEveryProtocol) {
    MAILLAB_REQUIRE_SERVERS(servers);
    const std::string user = "alice@maillab.test";
    const std::string password = servers->password_of(user);
    for (const char* preference : {"PLAIN", "LOGIN"}) {
        NetOptions net = servers->net_options();
        net.preferred_password_mechanism = preference;
        IncomingServer imap{IncomingProtocol::imap,
                            server("imap.maillab.test", 993, Security::tls, user, password)};
        IncomingServer pop{IncomingProtocol::pop3,
                           server("pop.maillab.test", 995, Security::tls, user, password)};
        VerifyOptions options{net, {}};
        auto imap_check = check_incoming(imap, net);
        auto pop_check = check_incoming(pop, net);
        auto smtp_check = check_smtp(server("smtp.maillab.test", 465, Security::tls, user, password),
                                     options, user);
        EXPECT_TRUE(imap_check.ok()) << preference << ": " << transcript_text(imap_check);
        EXPECT_TRUE(pop_check.ok()) << preference << ": " << transcript_text(pop_check);
        EXPECT_TRUE(smtp_check.ok()) << preference << ": " << transcript_text(smtp_check);
        if (std::string(preference) == "LOGIN") {
            EXPECT_EQ(imap_check.mechanism, "LOGIN");
            EXPECT_EQ(pop_check.mechanism, "USER/PASS");
            EXPECT_EQ(smtp_check.mechanism, "AUTH LOGIN");
        } else {
            EXPECT_EQ(imap_check.mechanism, "AUTHENTICATE PLAIN");
            EXPECT_EQ(pop_check.mechanism, "AUTH PLAIN");
            EXPECT_EQ(smtp_check.mechanism, "AUTH PLAIN");
        }
    }
}

TEST(Mechanisms, Md5ChallengeResponseLogsInWhereTheServerOffersIt) {
    MAILLAB_REQUIRE_SERVERS(servers);
    const std::string user = "alice@maillab.test";
    auto settings = server("imap.maillab.test", 993, Security::tls, user, servers->password_of(user));
    settings.auth = AuthMethod::cram_md5;
    auto check = check_incoming(IncomingServer{IncomingProtocol::imap, settings},
                                servers->net_options());
    if (check.outcome == Outcome::auth_mechanism_unsupported)
        GTEST_SKIP() << "this Dovecot does not offer CRAM-MD5: " << check.message;
    EXPECT_TRUE(check.ok()) << transcript_text(check);
    EXPECT_EQ(check.mechanism, "AUTHENTICATE CRAM-MD5");
}

TEST(Mechanisms, NtlmIsRefusedWithAClearOutcomeAndNoPasswordSent) {
    MAILLAB_REQUIRE_SERVERS(servers);
    const std::string user = "alice@maillab.test";
    auto settings = server("imap.maillab.test", 993, Security::tls, user, servers->password_of(user));
    settings.auth = AuthMethod::ntlm;
    auto check = check_incoming(IncomingServer{IncomingProtocol::imap, settings},
                                servers->net_options());
    EXPECT_EQ(check.outcome, Outcome::auth_mechanism_unsupported);
    EXPECT_FALSE(check.credentials_sent);
    EXPECT_NE(check.message.find("NTLM"), std::string::npos) << check.message;
}

} // namespace
} // namespace maillab::testing
