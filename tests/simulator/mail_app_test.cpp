// The Mail app on a scripted engine: the Inbox from a fetch, read marks carried by the next
// fetch, composing and sending, the Outbox after a failed send and after the SMTP password is
// fixed in Settings, "Cannot Get Mail", the compose sheet's action sheet, the state dump.
#include "screens/mail_parts.hpp"
#include "sim_harness.hpp"

#include <ctime>

namespace maillab::sim::test {
namespace {

using Stack = std::vector<std::string>;

MailMessage message(std::string uid, std::string from_name, std::string address,
                    std::string subject, std::string body, std::int64_t age_seconds) {
    MailMessage m;
    m.uid = std::move(uid);
    m.from_name = from_name;
    m.from = from_name + " <" + address + ">";
    m.to = "Alice Lab <alice@maillab.test>";
    m.subject = std::move(subject);
    m.body = std::move(body);
    m.date = static_cast<std::int64_t>(std::time(nullptr)) - age_seconds;
    return m;
}

std::vector<MailMessage> fixture_inbox() {
    auto read = message("101", "Priya Raman", "priya@maillab.test", "Minutes from Monday",
                        "Attached are the minutes.", 86400 * 3);
    read.seen = true;
    return {message("103", "Sam Chen", "sam@maillab.test", "Lunch on Friday?",
                    "Are you free for lunch on Friday? The new place on Main Street.", 120),
            message("102", "Lab Admin", "admin@maillab.test", "Your password was changed",
                    "The password of alice@maillab.test was changed today.", 3600 * 5),
            read};
}

class MailAppTest : public SimTest {
  protected:
    // A phone with the lab account whose server holds fixture_inbox(); every request is kept.
    void start_mail() {
        start(fixture_device());
        engine_->on_fetch = [this](const IncomingServer& s, const FetchRequest& request) {
            {
                std::lock_guard lock(engine_->mutex);
                requests_.push_back(request);
            }
            FetchResult r;
            r.check.host = s.server.host;
            r.check.outcome = Outcome::ok;
            r.messages = fixture_inbox();
            return r;
        };
    }

    // Frames until the engine has nothing left to do.
    void settle() {
        for (int i = 0; i < 5000 && app_->engine_busy(); ++i) {
            frames(1);
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        frames(3);
    }

    const flows::Mailbox& box() {
        const flows::Mailbox* m = app_->mail().mailbox("alice@maillab.test");
        EXPECT_NE(m, nullptr);
        static const flows::Mailbox none;
        return m ? *m : none;
    }

    std::vector<FetchRequest> requests() {
        std::lock_guard lock(engine_->mutex);
        return requests_;
    }

    std::vector<FetchRequest> requests_;
};

const char* compose_and_send =
    "tap \"Compose\"\nwait-screen compose\n"
    "type \"bob@maillab.test, Carol <carol@maillab.test>\"\n"
    "tap \"Cc/Bcc, From\"\ntype \"dave@maillab.test\"\nkey Tab\ntype \"erin@maillab.test\"\n"
    "tap \"Subject\"\ntype \"Quarterly report\"\nkey Enter\n"
    "type \"Hi all,\"\nkey Enter\ntype \"the report is attached.\"\n"
    "tap \"Send\"\nwait-screen inbox\n";

TEST_F(MailAppTest, OpeningMailShowsTheInboxFromAFakeFetch) {
    start_mail();
    ASSERT_EQ(play("tap \"Mail\"\nwait-screen inbox\n"), "");
    settle();
    EXPECT_EQ(stack(), (Stack{"home", "mailboxes", "inbox"}));
    EXPECT_GE(engine_->fetches.load(), 1);
    EXPECT_EQ(box().inbox.size(), 3u);
    EXPECT_EQ(box().unread(), 2u);
    EXPECT_EQ(box().inbox.front().subject, "Lunch on Friday?") << "newest first";
    ASSERT_NE(target("message/103"), nullptr);
    EXPECT_NE(target("Lunch on Friday?"), nullptr);
    EXPECT_NE(target("Sam Chen"), nullptr) << "a row answers to its sender too";
    ASSERT_NE(target("back"), nullptr);
    EXPECT_EQ(target("back")->label, "Mailboxes");
}

TEST_F(MailAppTest, OpeningAMessageMarksItSeenAndTheNextFetchCarriesItsUid) {
    start_mail();
    ASSERT_EQ(play("tap \"Mail\"\nwait-screen inbox\n"), "");
    settle();
    ASSERT_EQ(play("tap \"Sam Chen\"\nwait-screen message\n"), "");
    EXPECT_EQ(box().unread(), 1u) << "read on the phone at once";
    ASSERT_FALSE(requests().empty());
    EXPECT_TRUE(requests().back().mark_seen_uids.empty());
    ASSERT_EQ(play("tap \"back\"\nwait-screen inbox\ntap \"Check for Mail\"\n"), "");
    settle();
    ASSERT_GE(requests().size(), 2u);
    EXPECT_EQ(requests().back().mark_seen_uids, std::vector<std::string>{"103"});
    EXPECT_EQ(box().unread(), 1u) << "the server still says unseen: the phone's mark stays";
    // Uploaded once: the refresh after that carries nothing.
    ASSERT_EQ(play("tap \"Check for Mail\"\n"), "");
    settle();
    EXPECT_TRUE(requests().back().mark_seen_uids.empty());
}

TEST_F(MailAppTest, DeletingAMessageRemovesItAndTheNextFetchCarriesItsUid) {
    start_mail();
    ASSERT_EQ(play("tap \"Mail\"\nwait-screen inbox\n"), "");
    settle();
    ASSERT_EQ(play("tap \"Your password was changed\"\nwait-screen message\ntap \"Trash\"\n"
                   "wait-screen inbox\ntap \"Check for Mail\"\n"),
              "");
    settle();
    EXPECT_EQ(requests().back().delete_uids, std::vector<std::string>{"102"});
    EXPECT_EQ(box().inbox.size(), 2u) << "kept out of the list although the fake server returns it";
}

TEST_F(MailAppTest, ComposingAndSendingCallsTheEngineAndTheMessageLandsInSent) {
    start_mail();
    ASSERT_EQ(play("tap \"Mail\"\nwait-screen inbox\n"), "");
    settle();
    ASSERT_EQ(play(compose_and_send), "");
    settle();
    ASSERT_EQ(engine_->sends.load(), 1);
    const OutgoingMessage sent = engine_->sent.front();
    EXPECT_EQ(sent.from_address, "alice@maillab.test");
    EXPECT_EQ(sent.from_name, "Alice Lab");
    EXPECT_EQ(sent.to, (std::vector<std::string>{"bob@maillab.test", "carol@maillab.test"}));
    EXPECT_EQ(sent.cc, std::vector<std::string>{"dave@maillab.test"});
    EXPECT_EQ(sent.bcc, std::vector<std::string>{"erin@maillab.test"});
    EXPECT_EQ(sent.subject, "Quarterly report");
    EXPECT_EQ(sent.body, "Hi all,\nthe report is attached.") << "Enter in the body is a new line";
    EXPECT_TRUE(box().outbox.empty());
    ASSERT_EQ(box().sent.size(), 1u);
    EXPECT_EQ(box().sent.front().message.subject, "Quarterly report");
    EXPECT_FALSE(app_->current_alert());
    ASSERT_EQ(play("tap \"back\"\nwait-screen mailboxes\ntap \"Sent\"\nwait-screen sent\n"), "");
    EXPECT_NE(target("Quarterly report"), nullptr);
}

TEST_F(MailAppTest, AFailedSendLeavesTheMessageInTheOutboxAndSaysCannotSendMail) {
    start_mail();
    engine_->on_send = [](const ServerSettings& s, const OutgoingMessage&) {
        CheckResult c;
        c.role = ServerRole::smtp;
        c.host = s.host;
        c.outcome = Outcome::auth_failed;
        c.credentials_sent = true;
        c.reply_code = 535;
        return c;
    };
    ASSERT_EQ(play("tap \"Mail\"\nwait-screen inbox\n"), "");
    settle();
    ASSERT_EQ(play(std::string(compose_and_send) + "wait-alert \"Cannot Send Mail\"\n"), "");
    ASSERT_TRUE(app_->current_alert());
    EXPECT_EQ(app_->current_alert()->message,
              "The user name or password for \u201csmtp.maillab.test\u201d is incorrect.");
    EXPECT_EQ(app_->current_alert()->buttons, std::vector<std::string>{"OK"});
    ASSERT_EQ(play("tap \"OK\"\n"), "");
    settle();
    EXPECT_EQ(engine_->sends.load(), 1) << "no retry until the user asks or the settings change";
    ASSERT_EQ(box().outbox.size(), 1u);
    EXPECT_EQ(box().outbox.front().last_error,
              "The user name or password for \u201csmtp.maillab.test\u201d is incorrect.");
    EXPECT_TRUE(box().sent.empty());
    ASSERT_EQ(play("tap \"back\"\nwait-screen mailboxes\ntap \"Outbox\"\nwait-screen outbox\n"),
              "");
    EXPECT_NE(target("Quarterly report"), nullptr);
}

TEST_F(MailAppTest, AnOffPrimaryServerSendsThroughTheOtherServersInOrder) {
    start(fixture_device());
    Account& a = app_->device().device().accounts[0];
    a.primary_smtp.enabled = false;
    SmtpServer off, on;
    off.server.host = "smtp-off.maillab.test";
    off.enabled = false;
    on.server.host = "smtp-other.maillab.test";
    a.other_smtp = {off, on};
    std::vector<std::string> hosts;
    engine_->on_send = [&](const ServerSettings& s, const OutgoingMessage&) {
        {
            std::lock_guard lock(engine_->mutex);
            hosts.push_back(s.host);
        }
        CheckResult c;
        c.role = ServerRole::smtp;
        c.host = s.host;
        c.outcome = Outcome::ok;
        return c;
    };
    OutgoingMessage m;
    m.from_address = "alice@maillab.test";
    m.to = {"bob@maillab.test"};
    ASSERT_TRUE(app_->mail().queue(m));
    settle();
    EXPECT_EQ(hosts, std::vector<std::string>{"smtp-other.maillab.test"});
    EXPECT_EQ(box().sent.size(), 1u);
}

TEST_F(MailAppTest, AfterTheSmtpPasswordIsChangedInSettingsTheOutboxSends) {
    start_mail();
    engine_->on_send = [](const ServerSettings& s, const OutgoingMessage&) {
        CheckResult c;
        c.role = ServerRole::smtp;
        c.host = s.host;
        c.outcome = s.password == "right-pw-5" ? Outcome::ok : Outcome::auth_failed;
        c.credentials_sent = true;
        return c;
    };
    ASSERT_EQ(play("tap \"Mail\"\nwait-screen inbox\n"), "");
    settle();
    ASSERT_EQ(play(std::string(compose_and_send) + "wait-alert \"Cannot Send Mail\"\ntap \"OK\"\n"),
              "");
    settle();
    ASSERT_EQ(box().outbox.size(), 1u);
    std::string erase;
    for (int i = 0; i < 19; ++i)
        erase += "key Backspace\n";
    ASSERT_EQ(
        play("tap \"Home\"\nwait-screen home\n"
             "tap \"Settings\"\nwait-screen settings\ntap \"Mail\"\nwait-screen mail\n"
             "tap \"Accounts\"\nwait-screen accounts\ntap \"Lab Mail\"\nwait-screen account\n"
             "tap \"SMTP\"\nwait-screen smtp\ntap \"primary-server\"\nwait-screen primary-server\n"
             "tap \"OUTGOING MAIL SERVER/Password\"\n" +
             erase + "type \"right-pw-5\"\ntap \"Done\"\nwait-screen smtp\n"),
        "");
    settle();
    EXPECT_EQ(engine_->sends.load(), 2);
    EXPECT_TRUE(box().outbox.empty());
    EXPECT_EQ(box().sent.size(), 1u);
    EXPECT_FALSE(app_->current_alert());
}

TEST_F(MailAppTest, AFailedFetchSaysCannotGetMail) {
    start_mail();
    engine_->on_fetch = [](const IncomingServer& s, const FetchRequest&) {
        FetchResult r;
        r.check.host = s.server.host;
        r.check.outcome = Outcome::auth_failed;
        r.check.credentials_sent = true;
        return r;
    };
    ASSERT_EQ(play("tap \"Mail\"\nwait-screen inbox\nwait-alert \"Cannot Get Mail\"\n"), "");
    EXPECT_EQ(app_->current_alert()->message,
              "The user name or password for \u201cimap.maillab.test\u201d is incorrect.");
    ASSERT_EQ(play("tap \"OK\"\n"), "");
    settle();
    EXPECT_FALSE(app_->current_alert()) << "one alert for one failed check";
    EXPECT_EQ(mail_status(*app_, {"alice@maillab.test"}, app_->ui()).line, "Account Error");
}

TEST_F(MailAppTest, CancelOnAWrittenMessageAsksWithAnActionSheet) {
    start_mail();
    ASSERT_EQ(play("tap \"Mail\"\nwait-screen inbox\n"), "");
    settle();
    // Nothing written: Cancel just closes.
    ASSERT_EQ(play("tap \"Compose\"\nwait-screen compose\ntap \"Cancel\"\nwait-screen inbox\n"),
              "");
    EXPECT_TRUE(app_->alerts_shown().empty());
    ASSERT_EQ(play("tap \"Compose\"\nwait-screen compose\ntype \"bob@maillab.test\"\n"
                   "tap \"Cancel\"\nwait-alert \"Delete Draft\"\n"),
              "");
    ASSERT_TRUE(app_->current_alert());
    EXPECT_EQ(app_->current_alert()->kind, AlertKind::action_sheet);
    EXPECT_EQ(app_->current_alert()->buttons, (std::vector<std::string>{"Delete Draft", "Cancel"}));
    // Cancel keeps the message; Delete Draft throws it away.
    ASSERT_EQ(play("tap \"Cancel\"\nwait-screen compose\n"), "");
    EXPECT_FALSE(app_->current_alert());
    ASSERT_EQ(play("tap \"Cancel\"\nwait-alert \"Delete Draft\"\ntap \"Delete Draft\"\nwait-screen "
                   "inbox\n"),
              "");
    EXPECT_EQ(engine_->sends.load(), 0);
    const std::string dump = app_->dump_state_json();
    EXPECT_NE(dump.find("\"pressed\": \"Delete Draft\", \"kind\": \"action-sheet\""),
              std::string::npos)
        << dump;
}

TEST_F(MailAppTest, TheStateDumpCountsEachAccountsMailboxes) {
    start_mail();
    ASSERT_EQ(play("tap \"Mail\"\nwait-screen inbox\n"), "");
    settle();
    ASSERT_EQ(play(compose_and_send), "");
    settle();
    const std::string dump = app_->dump_state_json();
    EXPECT_NE(dump.find("\"mailboxes\": [\n    {\"account\": \"alice@maillab.test\", \"inbox\": 3, "
                        "\"unread\": 2, \"outbox\": 0, \"sent\": 1}"),
              std::string::npos)
        << dump;
    EXPECT_EQ(dump.find("fixture-outgoing-pw"), std::string::npos);
    EXPECT_EQ(dump.find("fixture-incoming-pw"), std::string::npos);
}

TEST_F(MailAppTest, ADeletedAccountLeavesTheMailApp) {
    start_mail();
    ASSERT_EQ(play("tap \"Mail\"\nwait-screen inbox\n"), "");
    settle();
    ASSERT_EQ(play("tap \"Home\"\nwait-screen home\n"
                   "tap \"Settings\"\nwait-screen settings\ntap \"Mail\"\nwait-screen mail\n"
                   "tap \"Accounts\"\nwait-screen accounts\ntap \"Lab Mail\"\nwait-screen account\n"
                   "tap \"Delete Account\"\nwait-alert \"Delete Account\"\ntap \"Delete\"\n"
                   "wait-screen accounts\n"),
              "");
    settle();
    EXPECT_EQ(app_->mail().mailbox("alice@maillab.test"), nullptr);
    EXPECT_EQ(app_->mail().unread_total(), 0u);
    EXPECT_NE(app_->dump_state_json().find("\"mailboxes\": []"), std::string::npos);
}

TEST(MailText, AddressesSplitOnCommasAndSemicolonsAndLoseTheirNames) {
    EXPECT_EQ(split_addresses(" a@x.test, Bob <b@y.test>; ;c@z.test "),
              (std::vector<std::string>{"a@x.test", "b@y.test", "c@z.test"}));
    EXPECT_TRUE(split_addresses(" , ").empty());
}

TEST(MailText, PreviewsCollapseWhiteSpace) {
    EXPECT_EQ(preview_text("  Hi Sam,\n\n  see you\tthere. "), "Hi Sam, see you there.");
    EXPECT_EQ(preview_text(std::string(1000, 'x')).size(), 240u);
}

TEST(MailText, UpdatedTextCountsMinutesAndHours) {
    EXPECT_EQ(updated_text(5), "Updated Just Now");
    EXPECT_EQ(updated_text(61), "Updated 1 minute ago");
    EXPECT_EQ(updated_text(60 * 14 + 3), "Updated 14 minutes ago");
    EXPECT_EQ(updated_text(3600 * 2 + 5), "Updated 2 hours ago");
}

TEST(MailText, ListDatesAreTheTimeTodayThenYesterdayThenWeekdayThenTheDate) {
    std::tm noon{};
    noon.tm_year = 2024 - 1900;
    noon.tm_mon = 11;
    noon.tm_mday = 12; // a Thursday
    noon.tm_hour = 14;
    noon.tm_min = 5;
    noon.tm_isdst = -1;
    const std::int64_t now = static_cast<std::int64_t>(std::mktime(&noon));
    EXPECT_EQ(list_date(now - 3600 * 5, now), "9:05 AM");
    EXPECT_EQ(list_date(now - 86400, now), "Yesterday");
    EXPECT_EQ(list_date(now - 86400 * 3, now), "Monday");
    EXPECT_EQ(list_date(now - 86400 * 30, now), "11/12/24");
    EXPECT_EQ(long_date(now), "December 12, 2024 at 2:05 PM");
}

} // namespace
} // namespace maillab::sim::test
