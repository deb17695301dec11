#include "maillab/autoconfig/srv.hpp"

#include <gtest/gtest.h>

namespace {

using maillab::autoconfig::select_srv;
using maillab::autoconfig::SrvRecord;

// A "random" source that always picks the given point in [0, n].
auto always(std::uint32_t value) {
    return [value](std::uint32_t n) { return std::min(value, n); };
}

TEST(SrvSelection, ASingleDotTargetMeansTheServiceIsNotOffered) {
    auto s = select_srv({{0, 0, 0, "."}}, always(0));
    EXPECT_TRUE(s.not_offered);
    EXPECT_TRUE(s.ordered.empty());
}

TEST(SrvSelection, LowerPriorityComesFirstAndTrailingDotsAreRemoved) {
    auto s = select_srv({{20, 1, 993, "backup.example.com."}, {10, 1, 993, "imap.example.com."}},
                        always(0));
    ASSERT_EQ(s.ordered.size(), 2u);
    EXPECT_EQ(s.ordered[0].target, "imap.example.com");
    EXPECT_EQ(s.ordered[1].target, "backup.example.com");
}

TEST(SrvSelection, WeightDecidesTheOrderWithinAPriority) {
    std::vector<SrvRecord> records{{10, 10, 993, "light.example"}, {10, 90, 993, "heavy.example"}};
    // Running sums 10 then 100: a pick of 50 lands on the heavy record, 5 on the light one.
    EXPECT_EQ(select_srv(records, always(50)).ordered[0].target, "heavy.example");
    EXPECT_EQ(select_srv(records, always(5)).ordered[0].target, "light.example");
}

TEST(SrvSelection, ZeroWeightRecordsStillGetTried) {
    auto s = select_srv({{10, 0, 993, "zero.example"}, {10, 5, 993, "five.example"}}, always(3));
    ASSERT_EQ(s.ordered.size(), 2u);
    EXPECT_EQ(s.ordered[0].target, "five.example");
    EXPECT_EQ(s.ordered[1].target, "zero.example");
}

TEST(SrvSelection, ADotAmongOtherRecordsAndPortZeroAreSkipped) {
    auto s = select_srv({{10, 1, 993, "."}, {10, 1, 0, "noport.example"}, {5, 1, 993, "ok.example"}},
                        always(0));
    EXPECT_FALSE(s.not_offered);
    ASSERT_EQ(s.ordered.size(), 1u);
    EXPECT_EQ(s.ordered[0].target, "ok.example");
}

TEST(SrvSelection, ImplicitTlsServicesAreListedBeforeStarttlsOnes) {
    const auto& services = maillab::autoconfig::mail_services();
    ASSERT_EQ(services.size(), 6u);
    EXPECT_EQ(services[0].label, "_imaps._tcp");
    EXPECT_TRUE(services[0].implicit_tls);
    EXPECT_EQ(services[5].label, "_submission._tcp");
}

} // namespace
