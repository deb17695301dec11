// The classic: the password changes on the server; the phone's incoming password is updated,
// its outgoing (SMTP) password is not. Receiving works, sending fails with 535.
#include "maillab/verify/verify.hpp"
#include "test_servers.hpp"

#include <gtest/gtest.h>

namespace maillab::testing {
namespace {

class ChangedPassword : public ::testing::Test {
  protected:
    void TearDown() override {
        if (auto* servers = TestServers::get())
            servers->restore_passwords();
    }
};

TEST_F(ChangedPassword, IncomingUpdatedWorksAndOutgoingStillOldFailsWith535AndIsDiagnosed) {
    MAILLAB_REQUIRE_SERVERS(servers);
    const std::string user = "carol@maillab.test";
    const std::string old_password = servers->password_of(user);
    const std::string new_password = "carol-new-password-7";
    servers->set_password(user, new_password);

    auto phone = account(user, IncomingProtocol::imap,
                         server("imap.maillab.test", 993, Security::tls, user, old_password),
                         server("smtp.maillab.test", 587, Security::starttls, user, old_password));
    VerifyOptions options;
    options.net = servers->net_options();

    // Before the fix both sides fail: the phone still has the old password everywhere.
    auto before = verify_account(phone, options);
    EXPECT_EQ(before.incoming.outcome, Outcome::auth_failed);
    EXPECT_EQ(before.outgoing.outcome, Outcome::auth_failed);

    // The user updates the incoming password only (iPhones keep the SMTP one apart).
    phone.set_incoming_password(new_password);
    ASSERT_TRUE(phone.stored_passwords_differ());
    auto after = verify_account(phone, options);
    EXPECT_EQ(after.incoming.outcome, Outcome::ok) << transcript_text(after.incoming);
    EXPECT_EQ(after.outgoing.outcome, Outcome::auth_failed) << transcript_text(after.outgoing);
    EXPECT_EQ(after.outgoing.reply_code, 535);
    EXPECT_EQ(after.outgoing.enhanced_status, "5.7.8");
    EXPECT_NE(after.outgoing.message.find("The user name or password for \u201csmtp.maillab.test"
                                          "\u201d is incorrect."),
              std::string::npos)
        << after.outgoing.message;
    ASSERT_FALSE(after.diagnosis.empty());
    EXPECT_NE(after.diagnosis[0].find("outgoing (SMTP) password was probably not updated"),
              std::string::npos)
        << after.diagnosis[0];
    EXPECT_NE(after.diagnosis[0].find("The two stored passwords differ."), std::string::npos);
    for (const auto& line : after.diagnosis) {
        EXPECT_EQ(line.find(new_password), std::string::npos);
        EXPECT_EQ(line.find(old_password), std::string::npos);
    }

    // SMTP > Primary Server > Password updated too: both work.
    phone.primary_smtp.server.password = new_password;
    auto fixed = verify_account(phone, options);
    EXPECT_TRUE(fixed.ok()) << transcript_text(fixed.outgoing);
}

TEST_F(ChangedPassword, LinkedPasswordsFollowTheChangeAndBothSidesWork) {
    MAILLAB_REQUIRE_SERVERS(servers);
    const std::string user = "carol@maillab.test";
    const std::string old_password = servers->password_of(user);
    const std::string new_password = "carol-linked-password-8";
    servers->set_password(user, new_password);
    auto phone = account(user, IncomingProtocol::imap,
                         server("imap.maillab.test", 143, Security::starttls, user, old_password),
                         server("smtp.maillab.test", 465, Security::tls, user, old_password));
    phone.outgoing_password_same_as_incoming = true;
    phone.set_incoming_password(new_password);
    VerifyOptions options;
    options.net = servers->net_options();
    auto report = verify_account(phone, options);
    EXPECT_TRUE(report.ok()) << transcript_text(report.incoming) << transcript_text(report.outgoing);
}

} // namespace
} // namespace maillab::testing
