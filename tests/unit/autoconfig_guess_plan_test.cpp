#include "maillab/autoconfig/guess_plan.hpp"

#include <gtest/gtest.h>

namespace {

using maillab::autoconfig::plan_guesses;
using maillab::autoconfig::SocketType;

TEST(GuessPlan, ImplicitTlsImapOnTheImapHostIsTriedFirst) {
    auto plan = plan_guesses("example.com");
    ASSERT_FALSE(plan.incoming.empty());
    EXPECT_EQ(plan.incoming[0].host, "imap.example.com");
    EXPECT_EQ(plan.incoming[0].port, 993);
    EXPECT_EQ(plan.incoming[0].socket_type, SocketType::ssl);
    EXPECT_EQ(plan.outgoing[0].host, "smtp.example.com");
    EXPECT_EQ(plan.outgoing[0].port, 465);
}

TEST(GuessPlan, EveryImapProbeComesBeforeAnyPop3ProbeOfTheSameSecurity) {
    auto plan = plan_guesses("example.com");
    std::size_t last_imap_tls = 0, first_pop_tls = plan.incoming.size();
    for (std::size_t i = 0; i < plan.incoming.size(); ++i) {
        if (plan.incoming[i].protocol == "imap" && plan.incoming[i].port == 993)
            last_imap_tls = i;
        if (plan.incoming[i].protocol == "pop3" && plan.incoming[i].port == 995)
            first_pop_tls = std::min(first_pop_tls, i);
    }
    EXPECT_LT(last_imap_tls, first_pop_tls);
}

TEST(GuessPlan, PlainProbesOnlyWhenAllowed) {
    for (const auto& probe : plan_guesses("example.com").incoming)
        EXPECT_NE(probe.socket_type, SocketType::plain);
    auto with_plain = plan_guesses("example.com", {.allow_plain = true});
    EXPECT_EQ(with_plain.incoming.back().socket_type, SocketType::plain);
    EXPECT_EQ(with_plain.outgoing.back().socket_type, SocketType::plain);
}

TEST(GuessPlan, SubmissionWithStarttlsIsTriedOn587AndOn25) {
    auto plan = plan_guesses("example.org");
    bool on_587 = false, on_25 = false;
    for (const auto& p : plan.outgoing) {
        on_587 = on_587 || (p.port == 587 && p.socket_type == SocketType::starttls);
        on_25 = on_25 || (p.port == 25 && p.socket_type == SocketType::starttls);
    }
    EXPECT_TRUE(on_587);
    EXPECT_TRUE(on_25);
}

} // namespace
