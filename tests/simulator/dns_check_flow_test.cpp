// The simulator's DNS checks (flows::DnsCheckFlow, App::dns_check(), the dns-check play line)
// against the embedded lab: they ask the lab's own DNS server, see the MX the trainer set, and
// the engine's in-process zone follows the lab's zone.
#include "lab_phone_harness.hpp"
#include "training/scenario.hpp"

#include <algorithm>

namespace maillab::sim::test {
namespace {

using autoconfig::Verdict;

class DnsCheckTest : public LabPhoneTest {
  protected:
    // Frames until the check is done (the engine works on its thread meanwhile).
    void run_check(const std::string& domain) {
        app_->dns_check().start(domain);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (app_->dns_check().busy() && std::chrono::steady_clock::now() < deadline) {
            session_->frame(*app_);
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        ASSERT_FALSE(app_->dns_check().busy()) << "the DNS check did not finish";
    }
    const flows::DnsCheckLine* line(const std::string& title) const {
        for (const auto& l : app_->dns_check().results())
            if (l.title == title)
                return &l;
        return nullptr;
    }
    bool asked(const std::string& question) const {
        for (const auto& e : lab_->lab().events())
            if (e.kind == lab::EventKind::dns_query && e.detail == question)
                return true;
        return false;
    }
};

TEST_F(DnsCheckTest, TheCheckAsksTheLabsDnsServerAndFindsTheMxFine) {
    run_check("lab.maillab.test");
    EXPECT_EQ(app_->dns_check().domain(), "lab.maillab.test");
    EXPECT_EQ(app_->dns_check().error(), "");
    const auto* mx = line("MX");
    ASSERT_TRUE(mx);
    EXPECT_EQ(mx->verdict, Verdict::ok) << mx->summary;
    EXPECT_TRUE(app_->dns_check().ok());
    EXPECT_EQ(app_->dns_check().results().front().title, "MX") << "in the order of maillab dns";
    EXPECT_TRUE(asked("MX lab.maillab.test"));
}

TEST_F(DnsCheckTest, AWrongMxIsAProblemNamingTheHostAndTheFixShowsOnTheNextCheck) {
    ASSERT_TRUE(lab_->lab().set_mx("old-mail.lab.maillab.test"));
    run_check("alex@lab.maillab.test");
    EXPECT_EQ(app_->dns_check().domain(), "lab.maillab.test");
    const auto* mx = line("MX");
    ASSERT_TRUE(mx);
    EXPECT_EQ(mx->verdict, Verdict::problem);
    std::string text = mx->summary;
    for (const auto& d : mx->details)
        text += "\n" + d;
    EXPECT_NE(text.find("old-mail.lab.maillab.test"), std::string::npos) << text;
    EXPECT_FALSE(app_->dns_check().ok());

    ASSERT_TRUE(lab_->lab().set_mx("mail.lab.maillab.test"));
    run_check("lab.maillab.test");
    ASSERT_TRUE(line("MX"));
    EXPECT_EQ(line("MX")->verdict, Verdict::ok);
}

TEST_F(DnsCheckTest, ADomainThatIsNotOneEndsAtOnceWithAnErrorNamingIt) {
    app_->dns_check().start("not a domain");
    EXPECT_FALSE(app_->dns_check().busy());
    EXPECT_FALSE(app_->dns_check().error().empty());
    EXPECT_TRUE(app_->dns_check().results().empty());
    app_->dns_check().start("localhost");
    EXPECT_NE(app_->dns_check().error().find("no dot"), std::string::npos)
        << app_->dns_check().error();
}

TEST_F(DnsCheckTest, ThePlayLineRunsTheCheckAndFailsOnABadDomain) {
    EXPECT_EQ(play("dns-check \"lab.maillab.test\"\n"), "");
    EXPECT_FALSE(app_->dns_check().results().empty());
    EXPECT_TRUE(asked("MX lab.maillab.test"));
    const auto error = play("dns-check \"192.0.2.1\"\n");
    EXPECT_NE(error.find("dns-check \"192.0.2.1\": "), std::string::npos) << error;
    EXPECT_NE(error.find("IP address"), std::string::npos) << error;
}

TEST_F(DnsCheckTest, TheEnginesZoneFollowsTheLabsMx) {
    EXPECT_EQ(lab_->zone()->mx_of("lab.maillab.test").at(0).host, "mail.lab.maillab.test");
    ASSERT_EQ(play("lab mx old-mail.lab.maillab.test\n"), "");
    EXPECT_EQ(lab_->zone()->mx_of("lab.maillab.test").at(0).host, "old-mail.lab.maillab.test");
    EXPECT_EQ(lab_->lab().zone().mx.at(0).host, "old-mail.lab.maillab.test");
    EXPECT_TRUE(lab_->zone()->addresses("old-mail.lab.maillab.test").empty());
}

std::string scenario_with(const std::string& lines) {
    return "id: demo\ntitle: A demo\ngoal: Learn it.\nstart: lab-account alex@lab.maillab.test\n" +
           lines +
           "step: Look\ndone: screen inbox\nsuccess: screen inbox\n"
           "debrief-success: Well done.\ndebrief-failure: Not yet.\nsolution: demo.play\n";
}

TEST(DnsScenarioLines, ADnsQueryConditionIsReadAsTheLabWritesItsEvents) {
    auto s = training::parse_scenario(scenario_with("before: lab mx Old-Mail.lab.maillab.test\n"
                                                    "success: dns-query mx LAB.maillab.test.\n"),
                                      "demo.scenario");
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->before.at(0), "lab mx Old-Mail.lab.maillab.test");
    EXPECT_EQ(s->success.at(0).kind, training::Condition::Kind::dns_query);
    EXPECT_EQ(s->success.at(0).arg, "MX lab.maillab.test");
    EXPECT_EQ(training::to_string(s->success.at(0).kind), "dns-query");
}

TEST(DnsScenarioLines, BadLinesNameTheProblem) {
    auto no_name =
        training::parse_scenario(scenario_with("success: dns-query MX\n"), "demo.scenario");
    ASSERT_FALSE(no_name);
    EXPECT_NE(no_name.error().message.find("dns-query TYPE NAME"), std::string::npos)
        << no_name.error().message;
    auto bad_host =
        training::parse_scenario(scenario_with("before: lab mx \"not a host\"\n"), "demo.scenario");
    ASSERT_FALSE(bad_host);
    EXPECT_NE(bad_host.error().message.find("demo.scenario:5: before: lab mx: a host name"),
              std::string::npos)
        << bad_host.error().message;
    auto script = parse_script("lab mx single\n");
    ASSERT_FALSE(script);
    EXPECT_NE(script.error().message.find("has no dot"), std::string::npos)
        << script.error().message;
    auto unquoted = parse_script("dns-check lab.maillab.test\n");
    ASSERT_FALSE(unquoted);
    EXPECT_NE(unquoted.error().message.find("dns-check: expected a quoted argument"),
              std::string::npos)
        << unquoted.error().message;
}

} // namespace
} // namespace maillab::sim::test
