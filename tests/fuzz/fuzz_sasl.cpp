// libFuzzer target: SASL base64 and CRAM-MD5 with a challenge taken from the input.
#include "fuzz_util.hpp"
#include "maillab/protocol/sasl.hpp"

#include <string>

namespace {

bool is_base64_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/' || c == '=';
}

bool is_lower_hex(std::string_view s) {
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

// Decodes a CRAM-MD5 answer and checks its shape: "user " + 32 lower-case hex digits.
void check_cram_answer(const std::string& answer, std::string_view user) {
    const auto decoded = maillab::sasl::base64_decode(answer);
    FUZZ_CHECK(decoded.has_value());
    FUZZ_CHECK(decoded->size() == user.size() + 1 + 32);
    FUZZ_CHECK(decoded->compare(0, user.size(), user) == 0);
    FUZZ_CHECK((*decoded)[user.size()] == ' ');
    FUZZ_CHECK(is_lower_hex(std::string_view(*decoded).substr(user.size() + 1)));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace maillab::sasl;
    const auto input = maillab::fuzz::as_text(data, size);

    // Decoding untrusted text (a server challenge).
    const auto decoded = base64_decode(input);
    if (decoded) {
        FUZZ_CHECK(input.size() % 4 == 0);
        FUZZ_CHECK(decoded->size() <= input.size() / 4 * 3);
        for (char c : input)
            FUZZ_CHECK(is_base64_char(c));
    }

    // Encoding arbitrary bytes and decoding them again gives the bytes back.
    const std::string encoded = base64_encode(input);
    FUZZ_CHECK(encoded.size() == (input.size() + 2) / 3 * 4);
    const auto round_trip = base64_decode(encoded);
    FUZZ_CHECK(round_trip.has_value() && *round_trip == input);

    // CRAM-MD5 with the raw input as the server's challenge (usually not base64).
    constexpr std::string_view user = "fuzz@example.com";
    constexpr std::string_view password = "not-a-real-password";
    if (const auto answer = cram_md5_response(user, password, input)) {
        FUZZ_CHECK(decoded.has_value() && !decoded->empty());
        check_cram_answer(*answer, user);
    } else {
        FUZZ_CHECK(!decoded.has_value() || decoded->empty());
    }
    // ... and with the input as the decoded challenge, which always gives an answer.
    const auto answer = cram_md5_response(user, password, encoded);
    FUZZ_CHECK(answer.has_value() == !input.empty());
    if (answer)
        check_cram_answer(*answer, user);

    // The input as user and password: PLAIN keeps both bytes exactly; APOP is 32 hex digits.
    const auto plain = base64_decode(plain_response(input, input));
    FUZZ_CHECK(plain.has_value() && plain->size() == 2 * input.size() + 2);
    FUZZ_CHECK(apop_digest(input, password).size() == 32);
    return 0;
}
