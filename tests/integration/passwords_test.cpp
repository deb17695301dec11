// Passwords with spaces, quotes, backslashes, UTF-8 and 200 characters log in through every
// protocol and mechanism (IMAP quoting and literals included).
#include "maillab/verify/verify.hpp"
#include "test_servers.hpp"

#include <gtest/gtest.h>

namespace maillab::testing {
namespace {

TEST(Passwords, EveryKindOfPasswordLogsInWithEveryMechanism) {
    MAILLAB_REQUIRE_SERVERS(servers);
    const std::string user = "dave@maillab.test";
    const auto passwords = special_passwords();
    ASSERT_GE(passwords.size(), 5u);
    for (std::size_t i = 0; i < passwords.size(); ++i) {
        const std::string& password = passwords[i];
        servers->set_password(user, password);
        for (const char* preference : {"PLAIN", "LOGIN"}) {
            NetOptions net = servers->net_options();
            net.preferred_password_mechanism = preference;
            VerifyOptions options{net, {}};
            auto imap = check_incoming(
                {IncomingProtocol::imap,
                 server("imap.maillab.test", 143, Security::starttls, user, password)},
                net);
            auto pop = check_incoming(
                {IncomingProtocol::pop3,
                 server("pop.maillab.test", 995, Security::tls, user, password)},
                net);
            auto smtp = check_smtp(server("smtp.maillab.test", 587, Security::starttls, user,
                                          password),
                                   options, user);
            // The password itself is never printed: name it by its number in the data file.
            EXPECT_TRUE(imap.ok()) << "password #" << i << " via IMAP " << preference << ": "
                                   << imap.message;
            EXPECT_TRUE(pop.ok()) << "password #" << i << " via POP3 " << preference << ": "
                                  << pop.message;
            EXPECT_TRUE(smtp.ok()) << "password #" << i << " via SMTP " << preference << ": "
                                   << smtp.message;
            for (const auto* check : {&imap, &pop, &smtp})
                EXPECT_EQ(transcript_text(*check).find(password), std::string::npos)
                    << "password #" << i << " appears in a transcript";
        }
    }
    servers->restore_passwords();
}

} // namespace
} // namespace maillab::testing
