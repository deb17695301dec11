// The laptop beside the phone: its mail client's model (POP3 delete or keep, IMAP, automatic
// checks) on a scripted engine, its window operated by script taps, and on the lab a POP3 check
// that really takes the messages away from the phone's IMAP inbox.
#include "flows/second_device.hpp"
#include "lab_phone_harness.hpp"
#include "sim_harness.hpp"

#include <chrono>
#include <thread>

namespace maillab::sim::test {
namespace {

using flows::IncomingSettings;
using flows::SecondDevice;
using namespace std::chrono_literals;

MailMessage message(std::string uid, std::string subject, std::int64_t date) {
    MailMessage m;
    m.uid = std::move(uid);
    m.subject = std::move(subject);
    m.from = "Sam Chen <sam@lab.maillab.test>";
    m.from_name = "Sam Chen";
    m.date = date;
    m.body = "Hello";
    return m;
}

flows::SecondDeviceSetup pop3_laptop(bool leave_on_server, std::chrono::seconds every = 0s) {
    flows::SecondDeviceSetup setup;
    setup.owner = "Alex Rivera";
    setup.account.email = "alex@lab.maillab.test";
    setup.account.name = "Alex Rivera";
    setup.account.incoming.protocol = IncomingProtocol::pop3;
    setup.account.incoming.server = {"pop.lab.maillab.test",  995,
                                     Security::tls,           AuthMethod::password,
                                     "alex@lab.maillab.test", "not-a-real-password"};
    setup.leave_on_server = leave_on_server;
    setup.check_every = every;
    return setup;
}

// Polls until the running check has finished (at most two seconds).
void finish_check(SecondDevice& device, SecondDevice::Clock::time_point now) {
    for (int i = 0; i < 2000 && device.checking(); ++i) {
        device.poll(now);
        std::this_thread::sleep_for(1ms);
    }
    device.poll(now);
    ASSERT_FALSE(device.checking());
}

// A mailbox on the scripted engine: what a fetch returns, and what each fetch asked for. The
// engine shares it, so checks still running when a test ends find it alive.
struct ScriptedMailbox {
    std::mutex mutex;
    std::vector<MailMessage> messages;
    std::vector<FetchRequest> requests;
    std::vector<IncomingServer> servers;
};

std::shared_ptr<ScriptedMailbox> serve_mailbox(FakeEngine& engine,
                                               std::vector<MailMessage> messages) {
    auto box = std::make_shared<ScriptedMailbox>();
    box->messages = std::move(messages);
    engine.on_fetch = [box](const IncomingServer& server, const FetchRequest& request) {
        std::lock_guard lock(box->mutex);
        box->requests.push_back(request);
        box->servers.push_back(server);
        FetchResult r;
        r.check.outcome = Outcome::ok;
        r.messages = box->messages;
        if (request.delete_after_retrieving)
            box->messages.clear();
        return r;
    };
    return box;
}

TEST(LaptopSettings, ChoosingImapRenamesAPopHostAndTakesTheImapPort) {
    const IncomingSettings pop3{IncomingProtocol::pop3, "pop.lab.maillab.test", 995, Security::tls,
                                false};
    const auto imap = flows::with_protocol(pop3, IncomingProtocol::imap);
    EXPECT_EQ(imap.protocol, IncomingProtocol::imap);
    EXPECT_EQ(imap.host, "imap.lab.maillab.test");
    EXPECT_EQ(imap.port, 993);
    const auto back = flows::with_protocol(imap, IncomingProtocol::pop3);
    EXPECT_EQ(back, pop3);
    IncomingSettings other = pop3;
    other.host = "mail.example.com";
    other.security = Security::starttls;
    const auto moved = flows::with_protocol(other, IncomingProtocol::imap);
    EXPECT_EQ(moved.host, "mail.example.com");
    EXPECT_EQ(moved.port, 143);
}

TEST(LaptopSettings, SettingsWithoutAServerNameOrPortAreNotSaved) {
    FakeEngine engine;
    SecondDevice device(engine, pop3_laptop(false), [] {});
    IncomingSettings s = device.settings();
    s.host.clear();
    EXPECT_EQ(device.save_settings(s), "Enter the incoming server's name.");
    s.host = "imap lab";
    EXPECT_NE(device.save_settings(s).find("is not a host name"), std::string::npos);
    s.host = "imap.lab.maillab.test";
    s.port = 0;
    EXPECT_NE(device.save_settings(s), "");
    EXPECT_EQ(device.settings().host, "pop.lab.maillab.test");
    EXPECT_FALSE(device.checking());
}

TEST(Laptop, WithPop3DeleteItAsksTheServerToDeleteWhatItRetrievesAndKeepsItsOwnCopies) {
    FakeEngine engine;
    auto box = serve_mailbox(
        engine, {message("u2", "Photos from the weekend", 200), message("u1", "Lunch", 100)});
    SecondDevice device(engine, pop3_laptop(false), [] {});
    const auto now = SecondDevice::Clock::now();
    device.get_mail(now);
    finish_check(device, now);
    ASSERT_EQ(box->requests.size(), 1u);
    EXPECT_TRUE(box->requests[0].delete_after_retrieving);
    EXPECT_EQ(box->servers[0].protocol, IncomingProtocol::pop3);
    ASSERT_EQ(device.inbox().size(), 2u);
    EXPECT_EQ(device.inbox()[0].message.subject, "Photos from the weekend");
    EXPECT_TRUE(device.inbox()[0].removed_from_server);
    EXPECT_EQ(device.removed_from_server(), 2u);
    EXPECT_FALSE(device.shows_on_server("Photos from the weekend"));
    // The next check finds nothing new; the laptop still has its copies.
    device.get_mail(now);
    finish_check(device, now);
    EXPECT_EQ(device.inbox().size(), 2u);
    EXPECT_EQ(device.checks_done(), 2u);
    EXPECT_NE(device.state_json().find("\"removed_from_server\":2"), std::string::npos);
    EXPECT_EQ(device.state_json().find("not-a-real-password"), std::string::npos);
}

TEST(Laptop, LeavingMessagesOnTheServerNeverDeletesAndShowsEachMessageOnce) {
    FakeEngine engine;
    auto box = serve_mailbox(engine, {message("u1", "Lunch", 100)});
    SecondDevice device(engine, pop3_laptop(true), [] {});
    const auto now = SecondDevice::Clock::now();
    for (int i = 0; i < 2; ++i) {
        device.get_mail(now);
        finish_check(device, now);
    }
    ASSERT_EQ(box->requests.size(), 2u);
    EXPECT_FALSE(box->requests[1].delete_after_retrieving);
    ASSERT_EQ(device.inbox().size(), 1u);
    EXPECT_TRUE(device.shows_on_server("Lunch"));
    EXPECT_EQ(device.removed_from_server(), 0u);
}

TEST(Laptop, MovingToImapShowsTheServersInboxAndKeepsEarlierDownloadsOnTheLaptop) {
    FakeEngine engine;
    auto box = serve_mailbox(engine, {message("u1", "Photos from the weekend", 100)});
    SecondDevice device(engine, pop3_laptop(false), [] {});
    const auto now = SecondDevice::Clock::now();
    device.get_mail(now);
    finish_check(device, now);
    box->messages = {message("7", "Test from the help desk", 300)};
    auto imap = flows::with_protocol(device.settings(), IncomingProtocol::imap);
    ASSERT_EQ(device.save_settings(imap, now), "");
    EXPECT_TRUE(device.checking() || device.checks_done() == 1u); // Save checks at once
    finish_check(device, now);
    ASSERT_EQ(box->servers.size(), 2u);
    EXPECT_EQ(box->servers[1].protocol, IncomingProtocol::imap);
    EXPECT_EQ(box->servers[1].server.host, "imap.lab.maillab.test");
    EXPECT_EQ(box->servers[1].server.port, 993);
    EXPECT_FALSE(box->requests[1].delete_after_retrieving);
    ASSERT_EQ(device.inbox().size(), 1u);
    EXPECT_TRUE(device.shows_on_server("Test from the help desk"));
    ASSERT_EQ(device.kept_on_laptop().size(), 1u);
    EXPECT_EQ(device.kept_on_laptop()[0].message.subject, "Photos from the weekend");
}

TEST(Laptop, ItChecksOnItsOwnAtItsIntervalAndOnlyThen) {
    FakeEngine engine;
    SecondDevice::Clock::time_point t0 = SecondDevice::Clock::now();
    SecondDevice device(
        engine, pop3_laptop(false, 45s), [] {}, t0);
    device.poll(t0 + 44s);
    EXPECT_EQ(engine.fetches.load(), 0);
    EXPECT_NEAR(device.seconds_to_next_check(t0 + 44s), 1.0, 0.01);
    device.poll(t0 + 45s);
    finish_check(device, t0 + 45s);
    EXPECT_EQ(engine.fetches.load(), 1);
    device.poll(t0 + 80s);
    EXPECT_EQ(engine.fetches.load(), 1);
    device.poll(t0 + 90s);
    finish_check(device, t0 + 90s);
    EXPECT_EQ(engine.fetches.load(), 2);
    SecondDevice manual(
        engine, pop3_laptop(false), [] {}, t0);
    manual.poll(t0 + 3600s);
    EXPECT_FALSE(manual.checking());
    EXPECT_LT(manual.seconds_to_next_check(), 0);
}

TEST(Laptop, AFailedCheckKeepsTheMessagesAndSaysWhy) {
    FakeEngine engine;
    auto box = serve_mailbox(engine, {message("u1", "Lunch", 100)});
    SecondDevice device(engine, pop3_laptop(true), [] {});
    const auto now = SecondDevice::Clock::now();
    device.get_mail(now);
    finish_check(device, now);
    engine.on_fetch = [](const IncomingServer&, const FetchRequest&) {
        FetchResult r;
        r.check.outcome = Outcome::auth_failed;
        r.check.message = "The user name or password for \u201cpop.lab.maillab.test\u201d is "
                          "incorrect.";
        return r;
    };
    device.get_mail(now);
    finish_check(device, now);
    ASSERT_TRUE(device.last_check());
    EXPECT_FALSE(device.last_check()->ok());
    EXPECT_EQ(device.inbox().size(), 1u);
}

TEST_F(SimTest, TheLaptopStandsBesideThePhoneAndScriptsOperateItByLabel) {
    start();
    EXPECT_FALSE(app_->desk_parts().second_device);
    auto box = serve_mailbox(*engine_, {message("u1", "Photos from the weekend", 100)});
    app_->add_second_device(pop3_laptop(false));
    EXPECT_TRUE(app_->desk_parts().second_device);
    frames(2);
    ASSERT_TRUE(app_->layout().second_device);
    EXPECT_GE(app_->layout().second_device->x, app_->layout().phone.right());
    ASSERT_EQ(play("tap \"Laptop/Get Mail\"\ntap \"Laptop/Photos from the weekend\"\n"
                   "tap \"Laptop/Account Settings\"\ntap \"Laptop/IMAP\"\n"
                   "tap \"Laptop/Server\"\nkey Backspace\ntype \"x\"\ntap \"Laptop/Save\"\n"),
              "");
    const auto s = app_->second_device()->settings();
    EXPECT_EQ(s.protocol, IncomingProtocol::imap);
    EXPECT_EQ(s.host, "imap.lab.maillab.tesx");
    EXPECT_EQ(s.port, 993);
    EXPECT_EQ(target("Laptop/Save"), nullptr) << "the sheet closed";
    const auto state = app_->dump_state_json();
    EXPECT_NE(state.find("\"second_device\": {"), std::string::npos) << state;
    EXPECT_NE(state.find("\"protocol\":\"imap\""), std::string::npos) << state;
    EXPECT_EQ(state.find("not-a-real-password"), std::string::npos);
    bool tapped = false;
    for (const auto& a : app_->actions())
        tapped = tapped || a.what == "tap \u201cLaptop/Get Mail\u201d";
    EXPECT_TRUE(tapped) << "the session report names the laptop's button";
    app_->remove_second_device();
    EXPECT_FALSE(app_->desk_parts().second_device);
}

TEST_F(SimTest, ABadPortKeepsTheSettingsSheetOpenWithTheProblem) {
    start();
    app_->add_second_device(pop3_laptop(false));
    frames(2);
    ASSERT_EQ(play("tap \"Laptop/Account Settings\"\ntap \"Laptop/Port\"\nkey Backspace\n"
                   "key Backspace\nkey Backspace\ntap \"Laptop/Save\"\n"),
              "");
    EXPECT_NE(target("Laptop/Save"), nullptr);
    EXPECT_EQ(app_->second_device()->settings().port, 995);
    EXPECT_EQ(play("tap \"Laptop/Cancel\"\n"), "");
    EXPECT_EQ(target("Laptop/Save"), nullptr);
}

TEST_F(LabPhoneTest, ALaptopOnPop3DeleteTakesTheMessagesAwayFromThePhonesImapInbox) {
    ASSERT_EQ(play(add_lab_account_script(lab_alex, lab_alex_password) +
                   "wait-screen save-account\ntap \"Save\"\nwait-screen accounts\n"
                   "tap \"Home\"\nwait-screen home\ntap \"Mail\"\n"
                   "wait-screen inbox\ntap \"Lunch on Thursday?\"\nwait-screen message\n"
                   "tap \"back\"\nwait-screen inbox\n"),
              "");
    auto setup = pop3_laptop(false);
    setup.account.incoming.server.password = lab_alex_password;
    app_->add_second_device(std::move(setup));
    ASSERT_EQ(play("tap \"Laptop/Get Mail\"\nwait-lab messages_removed \"" + lab_alex +
                   "\"\ntap \"Laptop/Lunch on Thursday?\"\n"),
              "");
    EXPECT_EQ(lab_->lab().mailbox_count(lab_alex).messages, 0u);
    EXPECT_EQ(app_->second_device()->inbox().size(), 3u);
    ASSERT_EQ(play("tap \"Check for Mail\"\nwait-ms 1500\n"), "");
    ASSERT_NE(app_->mail().mailbox(lab_alex), nullptr);
    EXPECT_TRUE(app_->mail().mailbox(lab_alex)->inbox.empty());
    bool logged = false;
    for (const auto& e : lab_->lab().events())
        logged = logged || (e.kind == lab::EventKind::messages_removed && e.user == lab_alex &&
                            e.detail.starts_with("3 messages: "));
    EXPECT_TRUE(logged);
}

} // namespace
} // namespace maillab::sim::test
