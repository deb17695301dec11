#include "maillab/protocol/sasl.hpp"

#include <gtest/gtest.h>
#include <string>
#include <string_view>

namespace {

using namespace maillab::sasl;
using namespace std::string_literals;

TEST(SaslPlain, Rfc4616ExampleEncodesEmptyAuthzidUserAndPassword) {
    EXPECT_EQ(plain_response("tim", "tanstaaftanstaaf"), "AHRpbQB0YW5zdGFhZnRhbnN0YWFm");
}

TEST(SaslPlain, ResponseDecodesToNulSeparatedFields) {
    auto decoded = base64_decode(plain_response("alice@example.com", "p\u00e4ss w\"ord"));
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(*decoded, "\0alice@example.com\0p\u00e4ss w\"ord"s);
}

TEST(SaslBase64, KnownVectorsEncode) {
    EXPECT_EQ(base64_encode(""), "");
    EXPECT_EQ(base64_encode("f"), "Zg==");
    EXPECT_EQ(base64_encode("fo"), "Zm8=");
    EXPECT_EQ(base64_encode("foo"), "Zm9v");
    EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
    EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
    EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
}

TEST(SaslBase64, KnownVectorsDecodeWithoutPaddingBytes) {
    EXPECT_EQ(base64_decode(""), "");
    EXPECT_EQ(base64_decode("Zg=="), "f");
    EXPECT_EQ(base64_decode("Zm8="), "fo");
    EXPECT_EQ(base64_decode("Zm9v"), "foo");
    EXPECT_EQ(base64_decode("Zm9vYg=="), "foob");
    EXPECT_EQ(base64_decode("Zm9vYmE="), "fooba");
    EXPECT_EQ(base64_decode("Zm9vYmFy"), "foobar");
}

TEST(SaslBase64, EmptyStringRoundTrips) {
    auto decoded = base64_decode(base64_encode(""));
    ASSERT_TRUE(decoded.has_value());
    EXPECT_TRUE(decoded->empty());
}

TEST(SaslBase64, EveryByteValueRoundTrips) {
    std::string all;
    for (int i = 0; i < 256; ++i)
        all += static_cast<char>(i);
    EXPECT_EQ(base64_decode(base64_encode(all)), all);
}

TEST(SaslBase64, BinaryOfEveryLengthRoundTrips) {
    std::string bytes;
    for (int length = 0; length < 40; ++length) {
        EXPECT_EQ(base64_decode(base64_encode(bytes)), bytes) << "length " << length;
        bytes += static_cast<char>((length * 37 + 0x80) & 0xff);
    }
}

TEST(SaslBase64, TrailingNulBytesSurviveTheRoundTrip) {
    auto bytes = "a\0\0"s;
    EXPECT_EQ(base64_encode(bytes), "YQAA");
    EXPECT_EQ(base64_decode("YQAA"), bytes);
    EXPECT_EQ(base64_decode("AA=="), "\0"s);
}

TEST(SaslBase64, DecodeRejectsCharactersOutsideTheAlphabet) {
    for (std::string_view bad : {"Zm9v!A==", "Zm9 v", "Zm9v\r\n", "Zm-_", "Zm9v\n"}) {
        EXPECT_FALSE(base64_decode(bad).has_value()) << bad;
    }
    EXPECT_FALSE(base64_decode("Zm9\0"s).has_value());
}

TEST(SaslBase64, DecodeRejectsWrongLength) {
    for (std::string_view bad : {"Z", "Zm", "Zm9", "Zm9vY", "Zg=", "Zg"}) {
        EXPECT_FALSE(base64_decode(bad).has_value()) << bad;
    }
}

TEST(SaslBase64, DecodeRejectsTooMuchPadding) {
    for (std::string_view bad : {"Z===", "====", "Zm9vZ===", "Zm9v===="}) {
        EXPECT_FALSE(base64_decode(bad).has_value()) << bad;
    }
}

TEST(SaslBase64, DecodeRejectsPaddingBeforeTheEnd) {
    for (std::string_view bad : {"Zg==Zm9v", "Zm=v", "=m9v", "Zg==Zg=="}) {
        EXPECT_FALSE(base64_decode(bad).has_value()) << bad;
    }
}

TEST(SaslCramMd5, Rfc2195ExampleGivesTheRfcResponse) {
    const std::string challenge = base64_encode("<1896.697170952@postoffice.reston.mci.net>");
    EXPECT_EQ(challenge, "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+");
    auto response = cram_md5_response("tim", "tanstaaftanstaaf", challenge);
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(*response, "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw");
    EXPECT_EQ(base64_decode(*response), "tim b913a602c7eda7a495b4e6e7334d3890");
}

TEST(SaslCramMd5, BadOrEmptyChallengeIsRefused) {
    EXPECT_FALSE(cram_md5_response("tim", "tanstaaftanstaaf", "").has_value());
    EXPECT_FALSE(cram_md5_response("tim", "tanstaaftanstaaf", "not base64!").has_value());
    EXPECT_FALSE(cram_md5_response("tim", "tanstaaftanstaaf", "PDE4O").has_value());
}

TEST(SaslCramMd5, DifferentPasswordsGiveDifferentResponses) {
    const std::string challenge = base64_encode("<1.2@example.com>");
    auto a = cram_md5_response("tim", "one", challenge);
    auto b = cram_md5_response("tim", "two", challenge);
    ASSERT_TRUE(a && b);
    EXPECT_NE(*a, *b);
}

TEST(SaslApop, Rfc1939ExampleGivesTheRfcDigest) {
    EXPECT_EQ(apop_digest("<1896.697170952@dbc.mtview.ca.us>", "tanstaaf"),
              "c4c9334bac560ecc979e58001b3e22fb");
}

TEST(SaslApop, DigestIsLowerCaseHexOf32Characters) {
    auto digest = apop_digest("<x@y>", "");
    EXPECT_EQ(digest.size(), 32u);
    EXPECT_EQ(digest.find_first_not_of("0123456789abcdef"), std::string::npos);
}

} // namespace
