#include "maillab/protocol/sasl.hpp"

#include "maillab/base64.hpp"

#include <array>
#include <cstdio>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace maillab::sasl {
namespace {

std::string hex(const unsigned char* bytes, std::size_t size) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out += digits[bytes[i] >> 4];
        out += digits[bytes[i] & 0x0f];
    }
    return out;
}

} // namespace

std::string base64_encode(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3), '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(bytes.data()),
                            static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
    return base64_decode_strict(text);
}

std::string plain_response(std::string_view user, std::string_view password) {
    std::string message;
    message += '\0';
    message += user;
    message += '\0';
    message += password;
    return base64_encode(message);
}

std::optional<std::string> cram_md5_response(std::string_view user, std::string_view password,
                                             std::string_view challenge_base64) {
    auto challenge = base64_decode(challenge_base64);
    if (!challenge || challenge->empty())
        return std::nullopt;
    std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
    unsigned int mac_size = 0;
    if (!HMAC(EVP_md5(), password.data(), static_cast<int>(password.size()),
              reinterpret_cast<const unsigned char*>(challenge->data()), challenge->size(),
              mac.data(), &mac_size))
        return std::nullopt;
    std::string answer(user);
    answer += ' ';
    answer += hex(mac.data(), mac_size);
    return base64_encode(answer);
}

std::string apop_digest(std::string_view timestamp, std::string_view password) {
    std::string input(timestamp);
    input += password;
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    EVP_Digest(input.data(), input.size(), digest.data(), &size, EVP_md5(), nullptr);
    return hex(digest.data(), size);
}

} // namespace maillab::sasl
