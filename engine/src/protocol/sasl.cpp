#include "maillab/protocol/sasl.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <cstdio>

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
    if (text.size() % 4 != 0)
        return std::nullopt;
    for (char c : text) {
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '+' || c == '/' || c == '=';
        if (!ok)
            return std::nullopt;
    }
    std::string out(3 * (text.size() / 4), '\0');
    int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(text.data()),
                            static_cast<int>(text.size()));
    if (n < 0)
        return std::nullopt;
    // EVP_DecodeBlock keeps the padding bytes as zeros: drop one per '='.
    std::size_t pad = 0;
    for (auto it = text.rbegin(); it != text.rend() && *it == '='; ++it)
        ++pad;
    // '=' only as the last one or two characters ("Zg==Zm9v" and "Zm=v" are not base64).
    if (pad > 2 || text.find('=') < text.size() - pad)
        return std::nullopt;
    out.resize(static_cast<std::size_t>(n) - pad);
    return out;
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
