// Following the aliases (CNAME) in a DNS answer as resolvers send them: names compressed with
// pointers, mixed case, chains that end, chains that loop, and messages cut short.
#include "net/cname_chain.hpp"

#include <gtest/gtest.h>
#include <string>

namespace {

using maillab::net::describe_cname_loop;
using maillab::net::follow_cnames;

// A response to "A? a.example" (the question's name at offset 12) with the given answer count
// and answer bytes.
std::string response(unsigned char answers, const std::string& records) {
    std::string message("\x12\x34\x81\x80\x00\x01\x00", 7);
    message += static_cast<char>(answers);
    message += std::string("\x00\x00\x00\x00", 4);
    message += std::string("\x01"
                           "a\x07"
                           "example\x00\x00\x01\x00\x01",
                           15);
    return message + records;
}

// A CNAME record: owner and target given as wire bytes (pointers allowed).
std::string cname(const std::string& owner, const std::string& target) {
    std::string record = owner + std::string("\x00\x05\x00\x01\x00\x00\x00\x1e\x00", 9);
    record += static_cast<char>(target.size());
    return record + target;
}

const std::string question_name("\xc0\x0c", 2); // pointer to "a.example"

const unsigned char* bytes_of(const std::string& s) {
    return reinterpret_cast<const unsigned char*>(s.data());
}

TEST(NetCnameChain, FollowsCompressedAliasesToTheirEnd) {
    // a.example → B.a.example → c.example (no loop)
    const std::string b = std::string("\x01"
                                      "B",
                                      2) +
                          question_name;
    const std::string b_at = std::string("\xc0\x27", 2); // where "B.a.example" starts below
    const std::string message =
        response(2, cname(question_name, b) + cname(b_at, std::string("\x01"
                                                                      "c\x07"
                                                                      "example\x00",
                                                                      11)));
    ASSERT_EQ(static_cast<unsigned char>(message[0x27]), 1u); // the label of "B"
    auto chain = follow_cnames(bytes_of(message), message.size(), "A.Example.");
    EXPECT_FALSE(chain.loops);
    EXPECT_EQ(chain.names, (std::vector<std::string>{"a.example", "b.a.example", "c.example"}));
    EXPECT_FALSE(describe_cname_loop(bytes_of(message), message.size(), "a.example"));
}

TEST(NetCnameChain, SeesAnAliasThatPointsBackAtTheAskedName) {
    const std::string b = std::string("\x01"
                                      "b",
                                      2) +
                          question_name;
    const std::string b_at = std::string("\xc0\x27", 2);
    const std::string message = response(2, cname(question_name, b) + cname(b_at, question_name));
    auto loop = describe_cname_loop(bytes_of(message), message.size(), "a.example");
    ASSERT_TRUE(loop);
    EXPECT_EQ(*loop, "CNAME loop a.example \u2192 b.a.example \u2192 a.example");
}

TEST(NetCnameChain, SeesANameThatIsItsOwnAlias) {
    const std::string message = response(1, cname(question_name, question_name));
    auto chain = follow_cnames(bytes_of(message), message.size(), "a.example");
    EXPECT_TRUE(chain.loops);
    EXPECT_EQ(chain.names, (std::vector<std::string>{"a.example", "a.example"}));
}

TEST(NetCnameChain, AMessageCutShortGivesTheAskedNameAlone) {
    const std::string whole = response(1, cname(question_name, question_name));
    for (std::size_t length = 0; length < whole.size(); ++length) {
        auto chain = follow_cnames(bytes_of(whole), length, "a.example");
        EXPECT_FALSE(chain.loops) << "cut at " << length;
        EXPECT_EQ(chain.names.size(), 1u) << "cut at " << length;
    }
}

} // namespace
