// Lets discovery's cancelled sources finish before the test program exits (they use OpenSSL and
// c-ares, whose global state goes away at exit).
#include "maillab/autoconfig/discovery.hpp"

#include <gtest/gtest.h>

namespace {

class WaitForBackgroundWork : public ::testing::Environment {
  public:
    void TearDown() override {
        EXPECT_TRUE(maillab::autoconfig::wait_for_background_work(std::chrono::seconds(40)))
            << maillab::autoconfig::background_work_count() << " discovery threads still run";
    }
};

const auto* const registered = ::testing::AddGlobalTestEnvironment(new WaitForBackgroundWork);

} // namespace
