// The lab world format: the shipped world loads; every broken field is named in the error.
#include "maillab/lab/world.hpp"

#include <gtest/gtest.h>

#include <string>

using maillab::lab::parse_rfc3339;
using maillab::lab::parse_world;

namespace {

std::string minimal_world(const std::string& user_fields = R"("address": "alex@lab.example", "password": "pw")",
                          const std::string& extra = "") {
    return R"({"version": 1, "domain": "lab.example", )" + extra + R"("users": [{)" + user_fields + "}]}";
}

} // namespace

TEST(LabWorld, TheShippedWorldLoads) {
    auto result = maillab::lab::load_world(MAILLAB_LAB_WORLD);
    ASSERT_TRUE(result.world) << result.error;
    EXPECT_EQ(result.world->domain, "lab.maillab.test");
    ASSERT_GE(result.world->users.size(), 2u);
    EXPECT_EQ(result.world->users[0].address, "alex@lab.maillab.test");
    EXPECT_FALSE(result.world->users[0].inbox.empty());
}

TEST(LabWorld, AMinimalWorldLoads) {
    auto result = parse_world(minimal_world());
    ASSERT_TRUE(result.world) << result.error;
    EXPECT_EQ(result.world->users[0].password, "pw");
    EXPECT_FALSE(result.world->users[0].smtp_auth_disabled);
}

TEST(LabWorld, ErrorsNameTheField) {
    struct Case {
        std::string json;
        std::string expected;
    };
    const std::vector<Case> cases{
        {"[]", "the document: must be an object"},
        {"{", "not valid JSON"},
        {R"({"domain": "lab.example", "users": []})", "version: missing"},
        {R"({"version": 2, "domain": "lab.example", "users": []})", "version: must be 1"},
        {R"({"version": 1, "users": []})", "domain: missing"},
        {R"({"version": 1, "domain": "bad domain", "users": []})", "domain: not a domain name"},
        {R"({"version": 1, "domain": "lab.example", "users": []})", "users: must name at least one user"},
        {minimal_world(R"("password": "pw")"), "users[0].address: missing"},
        {minimal_world(R"("address": "alex@other.example", "password": "pw")"),
         "users[0].address: alex@other.example is not in the lab domain"},
        {minimal_world(R"("address": "alex@lab.example")"), "users[0].password: missing"},
        {minimal_world(R"("address": "alex@lab.example", "password": 5)"), "users[0].password: must be a string"},
        {minimal_world(R"("address": "alex@lab.example", "password": "pw", "colour": "red")"),
         "users[0].colour: unknown field"},
        {minimal_world(R"("address": "alex@lab.example", "password": "pw", "inbox": [{"from": "a@b.c", "subject": "s", "body": "b"}])"),
         "users[0].inbox[0].date: missing"},
        {minimal_world(R"("address": "alex@lab.example", "password": "pw", "inbox": [{"from": "a@b.c", "subject": "s", "date": "yesterday", "body": "b"}])"),
         "users[0].inbox[0].date: not an RFC 3339 time"},
        {minimal_world(R"("address": "alex@lab.example", "password": "pw", "inbox": [{"from": "nobody", "subject": "s", "date": "2026-01-01T00:00:00Z", "body": "b"}])"),
         "users[0].inbox[0].from: not an address"},
        {minimal_world(R"("address": "alex@lab.example", "password": "pw", "inbox": [{"from": "a@b.c", "subject": "line\nbreak", "date": "2026-01-01T00:00:00Z", "body": "b"}])"),
         "users[0].inbox[0].subject: contains control characters"},
        {R"({"version": 1, "domain": "lab.example", "users": [{"address": "a@lab.example", "password": "x"}, {"address": "A@lab.example", "password": "y"}]})",
         "users[1].address: a@lab.example appears twice"},
    };
    for (const auto& c : cases) {
        auto result = parse_world(c.json);
        EXPECT_FALSE(result.world) << c.json;
        EXPECT_NE(result.error.find(c.expected), std::string::npos)
            << "input: " << c.json << "\nerror: " << result.error << "\nexpected: " << c.expected;
    }
}

TEST(LabWorld, Rfc3339Times) {
    EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:00Z"), 0);
    EXPECT_EQ(parse_rfc3339("2026-03-02T09:15:00Z"), 1772442900);
    EXPECT_EQ(parse_rfc3339("2026-03-02T10:15:00+01:00"), 1772442900);
    EXPECT_EQ(parse_rfc3339("2024-02-29T00:00:00.250Z"), 1709164800);
    EXPECT_FALSE(parse_rfc3339("2023-02-29T00:00:00Z"));
    EXPECT_FALSE(parse_rfc3339("2026-03-02 09:15"));
    EXPECT_FALSE(parse_rfc3339("2026-13-02T09:15:00Z"));
    EXPECT_FALSE(parse_rfc3339("2026-03-02T09:15:00"));
}
