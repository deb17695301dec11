// verify sends mail only when asked (--send-test): then the message really arrives.
#include "maillab/verify/verify.hpp"
#include "test_servers.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

namespace maillab::testing {
namespace {

namespace fs = std::filesystem;

// Messages in erin's inbox whose text contains `marker`.
int messages_containing(TestServers* servers, const std::string& marker) {
    int count = 0;
    for (const char* folder : {"new", "cur"}) {
        fs::path dir = fs::path(servers->value("MAILLAB_TEST_STATE")) / "mail" / "maillab.test" /
                       "erin" / "Maildir" / folder;
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(dir, ec)) {
            std::ifstream in(entry.path(), std::ios::binary);
            std::stringstream text;
            text << in.rdbuf();
            if (text.str().find(marker) != std::string::npos)
                ++count;
        }
    }
    return count;
}

TEST(SendTest, NoMailIsSentUnlessATestRecipientIsGivenAndThenItArrives) {
    MAILLAB_REQUIRE_SERVERS(servers);
    const std::string user = "alice@maillab.test";
    const std::string marker = "sent by maillab verify --send-test";
    const int before = messages_containing(servers, marker);
    VerifyOptions options;
    options.net = servers->net_options();
    auto smtp = server("smtp.maillab.test", 587, Security::starttls, user,
                       servers->password_of(user));

    auto plain_check = check_smtp(smtp, options, user);
    ASSERT_TRUE(plain_check.ok()) << transcript_text(plain_check);
    EXPECT_EQ(transcript_text(plain_check).find("MAIL FROM"), std::string::npos);

    options.send_test_to = "erin@maillab.test";
    auto sending = check_smtp(smtp, options, user);
    ASSERT_TRUE(sending.ok()) << transcript_text(sending);
    EXPECT_NE(transcript_text(sending).find("RCPT TO:<erin@maillab.test>"), std::string::npos);
    int after = before;
    for (int i = 0; i < 50 && after == before; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        after = messages_containing(servers, marker);
    }
    EXPECT_EQ(after, before + 1) << "the test message was delivered to erin's inbox";
}

} // namespace
} // namespace maillab::testing
