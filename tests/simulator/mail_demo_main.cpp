// maillab-sim-mail-demo: the phone in a window on a scripted engine whose mailbox is full, so
// that the Mail app can be screenshotted under Xvfb without the lab's servers. Takes
// maillab-sim's options. The story is the classic one: the password was changed on the server,
// the phone still receives mail, but the SMTP server takes only the new password ("lab-new-pw"),
// so mail waits in the Outbox until SMTP > Primary Server > Password is updated.
#include "app/run.hpp"

#include <ctime>
#include <iostream>

namespace maillab::sim {
namespace {

MailMessage message(const char* uid, const char* name, const char* address, const char* subject,
                    const char* body, std::int64_t age_seconds, bool seen) {
    MailMessage m;
    m.uid = uid;
    m.from_name = name;
    m.from = std::string(name) + " <" + address + ">";
    m.to = "Alice Lab";
    m.subject = subject;
    m.body = body;
    m.date = static_cast<std::int64_t>(std::time(nullptr)) - age_seconds;
    m.seen = seen;
    return m;
}

class DemoEngine final : public flows::EngineServices {
  public:
    Result<autoconfig::DiscoveryResult> discover(const std::string&, const std::string&) override {
        return autoconfig::DiscoveryResult{};
    }
    VerifyReport verify(const Account& a, const std::vector<TrustException>&) override {
        VerifyReport r;
        r.incoming = ok(a.incoming.role(), a.incoming.server.host);
        r.outgoing = ok(ServerRole::smtp, a.primary_smtp.server.host);
        return r;
    }
    CheckResult check_incoming(const IncomingServer& s,
                               const std::vector<TrustException>&) override {
        return ok(s.role(), s.server.host);
    }
    CheckResult check_smtp(const ServerSettings& s, const std::string&,
                           const std::vector<TrustException>&) override {
        return smtp_login(s);
    }
    FetchResult fetch(const IncomingServer& s, const FetchRequest&,
                      const std::vector<TrustException>&) override {
        FetchResult r;
        r.check = ok(s.role(), s.server.host);
        r.messages = {
            message("106", "Sam Chen", "sam@maillab.test", "Lunch on Friday?",
                    "Hi Alice,\n\nAre you free for lunch on Friday? The new noodle place on Main "
                    "Street opened last week and I hear the dumplings are great.\n\nSam",
                    540, false),
            message("105", "Lab Admin", "admin@maillab.test", "Your password was changed",
                    "The password of alice@maillab.test was changed today at 9:12.\n\nYour "
                    "iPhone keeps a separate password for sending: update it in Settings > Mail "
                    "> Accounts > Lab Mail > SMTP > Primary Server.",
                    3600 * 2, false),
            message("104", "Priya Raman", "priya@maillab.test", "Minutes from Monday",
                    "Attached are the minutes from Monday's meeting. Please add anything I "
                    "missed before Thursday.",
                    86400 + 3600, true),
            message("103", "Help Desk", "helpdesk@maillab.test", "Ticket #4182 resolved",
                    "Your ticket \"Can receive mail but cannot send\" was resolved: the outgoing "
                    "server's password was updated on the phone.",
                    86400 * 3, true),
            message("102", "Jordan Lee", "jordan@maillab.test", "Photos from the offsite",
                    "Here is the link to the shared album. There are a few great ones of the "
                    "whole team on the boat.",
                    86400 * 5, true),
            message("101", "MailLab", "welcome@maillab.test", "Welcome to MailLab",
                    "This mailbox lives on the lab's own IMAP server. Try changing your password "
                    "and sending a message.",
                    86400 * 12, true),
        };
        return r;
    }
    CheckResult send(const ServerSettings& s, const OutgoingMessage&,
                     const std::vector<TrustException>&) override {
        return smtp_login(s);
    }

  private:
    static CheckResult smtp_login(const ServerSettings& s) {
        CheckResult c = ok(ServerRole::smtp, s.host);
        c.credentials_sent = true;
        if (s.password != "lab-new-pw") {
            c.outcome = Outcome::auth_failed;
            c.reply_code = 535;
            c.enhanced_status = "5.7.8";
            c.message = "The user name or password for \u201c" + s.host + "\u201d is incorrect.";
        }
        return c;
    }

    static CheckResult ok(ServerRole role, const std::string& host) {
        CheckResult c;
        c.role = role;
        c.host = host;
        c.outcome = Outcome::ok;
        return c;
    }
};

} // namespace
} // namespace maillab::sim

int main(int argc, char** argv) {
    using namespace maillab::sim;
    auto options = parse_options(std::vector<std::string>(argv + 1, argv + argc));
    if (!options) {
        std::cerr << "maillab-sim-mail-demo: " << options.error().message << "\n";
        return 2;
    }
    auto player = load_play_script(*options);
    if (!player) {
        std::cerr << "maillab-sim-mail-demo: " << player.error().message << "\n";
        return 2;
    }
    return run_window(*options, std::move(*player), std::make_unique<DemoEngine>());
}
