#include "maillab/autoconfig/placeholders.hpp"

#include <gtest/gtest.h>

namespace {

using maillab::autoconfig::AddressParts;
using maillab::autoconfig::expand_placeholders;

const AddressParts alice{"alice@example.com", "alice", "example.com"};

TEST(Placeholders, EveryKnownPlaceholderIsReplaced) {
    EXPECT_EQ(expand_placeholders("%EMAILADDRESS%", alice), "alice@example.com");
    EXPECT_EQ(expand_placeholders("%EMAILLOCALPART%", alice), "alice");
    EXPECT_EQ(expand_placeholders("imap.%EMAILDOMAIN%", alice), "imap.example.com");
}

TEST(Placeholders, UnknownPlaceholdersAndLonePercentSignsAreKept) {
    EXPECT_EQ(expand_placeholders("%REALNAME% 100%", alice), "%REALNAME% 100%");
    EXPECT_EQ(expand_placeholders("%emailaddress%", alice), "%emailaddress%");
}

TEST(Placeholders, ReplacementTextIsNotExpandedAgain) {
    const AddressParts tricky{"%EMAILDOMAIN%@x", "%EMAILDOMAIN%", "x"};
    EXPECT_EQ(expand_placeholders("%EMAILLOCALPART%", tricky), "%EMAILDOMAIN%");
}

} // namespace
