// The Mail app's inbox and Send button against the lab: fetch_messages over IMAP and POP3,
// the user's changes (seen, delete), send_message and verify --send-test.
#include "lab_fixture.hpp"
#include "maillab/mail/mail.hpp"
#include "maillab/verify/verify.hpp"

using namespace lab_test;

namespace {

std::string transcript(const maillab::CheckResult& r) {
    std::string out;
    for (const auto& step : r.steps)
        out += step.stage + " " + step.text + "\n";
    return out;
}

} // namespace

class LabMailTest : public LabTest {
  protected:
    maillab::ServerSettings settings(Service service, const std::string& user,
                                     const std::string& password) const {
        maillab::ServerSettings s;
        s.host = "127.0.0.1";
        s.port = addresses.ports.get(service);
        s.security = service == Service::imap_tls || service == Service::pop3_tls ||
                             service == Service::smtp_tls
                         ? maillab::Security::tls
                         : maillab::Security::starttls;
        s.username = user;
        s.password = password;
        return s;
    }
    maillab::IncomingServer imap(const std::string& user, const std::string& password) const {
        maillab::IncomingServer in;
        in.protocol = maillab::IncomingProtocol::imap;
        in.server = settings(Service::imap_tls, user, password);
        return in;
    }
    maillab::IncomingServer pop3(const std::string& user, const std::string& password) const {
        maillab::IncomingServer in;
        in.protocol = maillab::IncomingProtocol::pop3;
        in.server = settings(Service::pop3_starttls, user, password);
        return in;
    }
    maillab::NetOptions net() const {
        maillab::NetOptions o;
        o.ca_file = addresses.ca_file.string();
        o.timeout = std::chrono::seconds(20);
        o.step_timeout = std::chrono::seconds(10);
        o.auth_timeout = std::chrono::seconds(10);
        return o;
    }
    maillab::FetchResult fetch(const maillab::IncomingServer& in,
                               const maillab::FetchRequest& request = {}) const {
        auto result = maillab::fetch_messages(in, net(), request);
        EXPECT_TRUE(result.check.ok()) << result.check.message << "\n" << transcript(result.check);
        return result;
    }
};

TEST_F(LabMailTest, AlexsImapInboxHasTheThreeSeededMessagesNewestFirst) {
    auto inbox = fetch(imap(alex, alex_password));
    EXPECT_EQ(inbox.total, 3u);
    EXPECT_EQ(inbox.unseen, 2u);
    ASSERT_EQ(inbox.messages.size(), 3u);
    const auto& news = inbox.messages[0];
    EXPECT_EQ(news.subject, "March at the lab: new training scenarios");
    EXPECT_EQ(news.from, "Lab Newsletter <news@lab.maillab.test>");
    EXPECT_EQ(news.from_name, "Lab Newsletter");
    EXPECT_TRUE(news.flagged);
    EXPECT_FALSE(news.seen);
    EXPECT_NE(news.body.find("I can receive but I can't send"), std::string::npos);
    const auto& lunch = inbox.messages[1];
    EXPECT_EQ(lunch.subject, "Lunch on Thursday?");
    EXPECT_EQ(lunch.from_name, "Sam Chen");
    EXPECT_EQ(lunch.to, "Alex Rivera <alex@lab.maillab.test>");
    EXPECT_EQ(lunch.date, 1772535900); // 2026-03-03T11:05:00Z
    EXPECT_EQ(lunch.body, "Hi Alex,\n\nare you free for lunch on Thursday? The new place on the "
                          "corner opens at noon.\n\nSam\n");
    EXPECT_FALSE(lunch.seen);
    EXPECT_FALSE(lunch.body_truncated);
    const auto& helpdesk = inbox.messages[2];
    EXPECT_EQ(helpdesk.from_name, "IT Help Desk");
    EXPECT_TRUE(helpdesk.seen);
    EXPECT_FALSE(helpdesk.flagged);
    EXPECT_GT(std::stoul(news.uid), std::stoul(lunch.uid));
    EXPECT_GT(lunch.size, lunch.body.size());
}

TEST_F(LabMailTest, FetchingDoesNotMarkMessagesSeenAndNeverShowsThePasswordOrText) {
    auto first = fetch(imap(alex, alex_password));
    auto again = fetch(imap(alex, alex_password));
    EXPECT_EQ(again.unseen, 2u);
    const auto text = transcript(again.check);
    EXPECT_EQ(text.find(alex_password), std::string::npos);
    EXPECT_EQ(text.find("free for lunch"), std::string::npos) << text;
    EXPECT_NE(text.find("EXAMINE"), std::string::npos) << text;
}

TEST_F(LabMailTest, OnlyTheNewestMessagesAreFetchedWhenFewerAreWanted) {
    maillab::FetchRequest request;
    request.max_messages = 2;
    auto inbox = fetch(imap(alex, alex_password), request);
    EXPECT_EQ(inbox.total, 3u);
    ASSERT_EQ(inbox.messages.size(), 2u);
    EXPECT_EQ(inbox.messages[1].subject, "Lunch on Thursday?");
}

TEST_F(LabMailTest, ABodyLargerThanTheLimitIsCutAndMarked) {
    maillab::FetchRequest request;
    request.max_body_bytes = 10;
    auto inbox = fetch(imap(alex, alex_password), request);
    ASSERT_EQ(inbox.messages.size(), 3u);
    EXPECT_EQ(inbox.messages[1].body, "Hi Alex,\n\n");
    EXPECT_TRUE(inbox.messages[1].body_truncated);
}

TEST_F(LabMailTest, MarkingAMessageSeenShowsItSeenOnTheNextFetch) {
    auto inbox = fetch(imap(alex, alex_password));
    ASSERT_EQ(inbox.messages.size(), 3u);
    maillab::FetchRequest request;
    request.mark_seen_uids = {inbox.messages[1].uid};
    auto after = fetch(imap(alex, alex_password), request);
    EXPECT_EQ(after.unseen, 1u);
    ASSERT_EQ(after.messages.size(), 3u);
    EXPECT_TRUE(after.messages[1].seen);
    EXPECT_FALSE(after.messages[0].seen);
    EXPECT_TRUE(fetch(imap(alex, alex_password)).messages[1].seen);
}

TEST_F(LabMailTest, DeletingOverImapRemovesOnlyThatMessage) {
    auto inbox = fetch(imap(alex, alex_password));
    ASSERT_EQ(inbox.messages.size(), 3u);
    maillab::FetchRequest request;
    request.delete_uids = {inbox.messages[1].uid};
    auto after = fetch(imap(alex, alex_password), request);
    EXPECT_EQ(after.total, 2u);
    ASSERT_EQ(after.messages.size(), 2u);
    for (const auto& m : after.messages)
        EXPECT_NE(m.subject, "Lunch on Thursday?");
    EXPECT_NE(transcript(after.check).find("UID EXPUNGE"), std::string::npos);
    EXPECT_EQ(fetch(imap(alex, alex_password)).total, 2u);
}

TEST_F(LabMailTest, AlexsPop3InboxHasTheSameMessagesNewestFirst) {
    auto inbox = fetch(pop3(alex, alex_password));
    EXPECT_EQ(inbox.total, 3u);
    ASSERT_EQ(inbox.messages.size(), 3u);
    EXPECT_EQ(inbox.messages[0].subject, "March at the lab: new training scenarios");
    EXPECT_EQ(inbox.messages[1].subject, "Lunch on Thursday?");
    EXPECT_EQ(inbox.messages[1].from, "Sam Chen <sam@lab.maillab.test>");
    EXPECT_EQ(inbox.messages[2].from_name, "IT Help Desk");
    for (const auto& m : inbox.messages) {
        EXPECT_FALSE(m.seen);
        EXPECT_FALSE(m.uid.empty());
    }
    EXPECT_EQ(inbox.messages[1].body.find("Hi Alex,"), 0u);
    EXPECT_EQ(transcript(inbox.check).find("free for lunch"), std::string::npos);
}

TEST_F(LabMailTest, DeletingOverPop3TakesEffectAtQuit) {
    auto inbox = fetch(pop3(alex, alex_password));
    ASSERT_EQ(inbox.messages.size(), 3u);
    maillab::FetchRequest request;
    request.delete_uids = {inbox.messages[0].uid};
    auto after = fetch(pop3(alex, alex_password), request);
    EXPECT_EQ(after.total, 2u);
    ASSERT_EQ(after.messages.size(), 2u);
    EXPECT_EQ(after.messages[0].subject, "Lunch on Thursday?");
    auto again = fetch(pop3(alex, alex_password));
    EXPECT_EQ(again.total, 2u);
    EXPECT_EQ(fetch(imap(alex, alex_password)).total, 2u);
}

TEST_F(LabMailTest, RemovingAfterRetrievingDeletesEachDownloadedMessageFromTheServer) {
    maillab::FetchRequest request;
    request.delete_after_retrieving = true;
    auto taken = fetch(pop3(alex, alex_password), request);
    ASSERT_EQ(taken.messages.size(), 3u);
    EXPECT_EQ(taken.messages[0].subject, "March at the lab: new training scenarios");
    EXPECT_EQ(taken.total, 0u);
    const auto steps = transcript(taken.check);
    EXPECT_LT(steps.find("RETR 3"), steps.find("DELE 3")) << steps;
    EXPECT_NE(steps.find("DELE 1"), std::string::npos) << steps;
    EXPECT_EQ(fetch(imap(alex, alex_password)).total, 0u);
    EXPECT_EQ(lab.mailbox_count(alex).messages, 0u);
}

TEST_F(LabMailTest, ADeliveredMessageArrivesNewestAndIsLoggedButNotForAStranger) {
    maillab::lab::SeedMessage photos;
    photos.from = "Sam Chen <sam@lab.maillab.test>";
    photos.subject = "Photos from the weekend";
    photos.body = "Here they are.\n";
    ASSERT_TRUE(lab.deliver(alex, photos));
    EXPECT_FALSE(lab.deliver("nobody@lab.maillab.test", photos));
    auto inbox = fetch(imap(alex, alex_password));
    ASSERT_EQ(inbox.total, 4u);
    EXPECT_EQ(inbox.messages[0].subject, "Photos from the weekend");
    EXPECT_EQ(inbox.messages[0].from_name, "Sam Chen");
    EXPECT_EQ(inbox.messages[0].to, "Alex Rivera <alex@lab.maillab.test>");
    EXPECT_FALSE(inbox.messages[0].seen);
    bool logged = false;
    for (const auto& e : lab.events())
        logged = logged || (e.kind == maillab::lab::EventKind::message_delivered &&
                            e.user == alex && e.detail == "Photos from the weekend");
    EXPECT_TRUE(logged);
}

TEST_F(LabMailTest, WithoutRemovingAfterRetrievingPop3LeavesEveryMessageOnTheServer) {
    auto kept = fetch(pop3(alex, alex_password));
    ASSERT_EQ(kept.messages.size(), 3u);
    EXPECT_EQ(transcript(kept.check).find("DELE"), std::string::npos);
    EXPECT_EQ(fetch(imap(alex, alex_password)).total, 3u);
}

TEST_F(LabMailTest, AMessageLargerThanTheDownloadLimitComesWithItsStartOnly) {
    maillab::OutgoingMessage big;
    big.from_address = alex;
    big.to = {sam};
    big.subject = "Big";
    for (int i = 0; i < 2000; ++i)
        big.body += "line " + std::to_string(i) + " of a long message, long enough for TOP\n";
    auto sent = maillab::send_message(settings(Service::smtp_tls, alex, alex_password), net(), big);
    ASSERT_TRUE(sent.ok()) << sent.message;
    maillab::FetchRequest request;
    request.max_body_bytes = 1000;
    for (auto in : {pop3(sam, sam_password), imap(sam, sam_password)}) {
        auto inbox = fetch(in, request);
        ASSERT_EQ(inbox.messages.size(), 2u);
        const auto& got = inbox.messages[0];
        EXPECT_EQ(got.subject, "Big");
        EXPECT_TRUE(got.body_truncated);
        EXPECT_EQ(got.body.rfind("line 0 of a long message", 0), 0u);
        EXPECT_LE(got.body.size(), 1000u);
        EXPECT_GT(got.size, 90'000u);
        if (in.protocol == maillab::IncomingProtocol::pop3) {
            EXPECT_NE(transcript(inbox.check).find("TOP 2 26"), std::string::npos);
        }
        EXPECT_FALSE(inbox.messages[1].body_truncated);
    }
}

TEST_F(LabMailTest, AWrongPasswordFailsTheFetchLikeVerification) {
    auto result = maillab::fetch_messages(imap(alex, "Wrong-Password-1"), net(), {});
    EXPECT_EQ(result.check.outcome, maillab::Outcome::auth_failed);
    EXPECT_TRUE(result.messages.empty());
    EXPECT_EQ(result.check.message.rfind("The user name or password for \u201c127.0.0.1\u201d is "
                                         "incorrect.",
                                         0),
              0u)
        << result.check.message;
}

TEST_F(LabMailTest, AMessageSentFromAlexArrivesInSamsInboxIntact) {
    maillab::OutgoingMessage message;
    message.from_name = "Alex Rivera";
    message.from_address = alex;
    message.to = {sam};
    message.bcc = {jordan};
    message.subject = "Grüße aus Zürich — café at noon?";
    message.body = "Hi Sam,\n.this line starts with a dot\n.\nCafé ✓\n";
    auto sent = maillab::send_message(settings(Service::smtp_starttls, alex, alex_password), net(),
                                      message);
    ASSERT_TRUE(sent.ok()) << sent.message << "\n" << transcript(sent);
    EXPECT_EQ(transcript(sent).find(alex_password), std::string::npos);
    EXPECT_EQ(transcript(sent).find("this line starts"), std::string::npos);
    EXPECT_NE(transcript(sent).find("RCPT TO:<" + jordan + ">"), std::string::npos);

    auto inbox = fetch(imap(sam, sam_password));
    ASSERT_EQ(inbox.messages.size(), 2u);
    const auto& got = inbox.messages[0];
    EXPECT_EQ(got.subject, message.subject);
    EXPECT_EQ(got.from, "Alex Rivera <" + alex + ">");
    EXPECT_EQ(got.to, sam);
    EXPECT_EQ(got.body, message.body);
    EXPECT_FALSE(got.seen);
    EXPECT_GT(got.date, 0);

    auto pop = fetch(pop3(sam, sam_password));
    ASSERT_EQ(pop.messages.size(), 2u);
    EXPECT_EQ(pop.messages[0].body, message.body);
}

TEST_F(LabMailTest, SendingWithAWrongPasswordIsAuthFailedAndDeliversNothing) {
    maillab::OutgoingMessage message;
    message.from_address = alex;
    message.to = {sam};
    message.subject = "should not arrive";
    message.body = "x\n";
    auto sent = maillab::send_message(settings(Service::smtp_starttls, alex, "Old-Password-1"),
                                      net(), message);
    EXPECT_EQ(sent.outcome, maillab::Outcome::auth_failed);
    EXPECT_EQ(sent.reply_code, 535);
    EXPECT_EQ(
        sent.message.rfind("The user name or password for \u201c127.0.0.1\u201d is incorrect.", 0),
        0u)
        << sent.message;
    EXPECT_EQ(transcript(sent).find("MAIL FROM"), std::string::npos);
    EXPECT_EQ(fetch(imap(sam, sam_password)).total, 1u);
}

TEST_F(LabMailTest, AnUnknownRecipientIsRefusedClearly) {
    maillab::OutgoingMessage message;
    message.from_address = alex;
    message.to = {"nobody@lab.maillab.test"};
    message.body = "x\n";
    auto sent =
        maillab::send_message(settings(Service::smtp_tls, alex, alex_password), net(), message);
    EXPECT_EQ(sent.outcome, maillab::Outcome::protocol_error);
    EXPECT_EQ(sent.failed_stage, "rcpt");
    EXPECT_EQ(sent.reply_code, 550);
    EXPECT_NE(sent.message.find("The recipient was rejected by the server"), std::string::npos)
        << sent.message;
    EXPECT_NE(sent.message.find("nobody@lab.maillab.test"), std::string::npos);
    EXPECT_EQ(transcript(sent).find("DATA"), std::string::npos);
}

TEST_F(LabMailTest, AnAddressWithALineBreakIsRefusedBeforeConnecting) {
    maillab::OutgoingMessage message;
    message.from_address = alex;
    message.to = {"sam@lab.maillab.test>\r\nRCPT TO:<x@example.com"};
    auto sent =
        maillab::send_message(settings(Service::smtp_tls, alex, alex_password), net(), message);
    EXPECT_FALSE(sent.ok());
    EXPECT_EQ(sent.failed_stage, "compose");
    EXPECT_TRUE(sent.steps.empty());
    EXPECT_FALSE(sent.credentials_sent);
}

TEST_F(LabMailTest, VerifySendTestStillDeliversItsTestMessage) {
    maillab::VerifyOptions options;
    options.net = net();
    options.send_test_to = sam;
    auto check =
        maillab::check_smtp(settings(Service::smtp_starttls, alex, alex_password), options, alex);
    ASSERT_TRUE(check.ok()) << check.message << "\n" << transcript(check);
    EXPECT_NE(transcript(check).find("(test message, 1 part)"), std::string::npos);
    auto inbox = fetch(imap(sam, sam_password));
    ASSERT_EQ(inbox.messages.size(), 2u);
    EXPECT_EQ(inbox.messages[0].subject, "MailLab test message");
    EXPECT_NE(inbox.messages[0].body.find("sent by maillab verify --send-test"), std::string::npos);
}
