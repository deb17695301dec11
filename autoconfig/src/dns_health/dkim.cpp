// DKIM key records (RFC 6376 §3.6.1; RFC 8301 for algorithms and key sizes; RFC 8463 for
// ed25519): the parser, with the RSA key size read from the key itself, and the verdict of a
// "dkim:SELECTOR" check.
#include "common.hpp"
#include "maillab/autoconfig/dns_health.hpp"
#include "maillab/base64.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace maillab::autoconfig {
namespace {

using detail::lower;

std::vector<std::string> split_list(std::string_view s) {
    std::vector<std::string> out;
    std::string item;
    for (char c : s) {
        if (c == ':') {
            if (!item.empty())
                out.push_back(item);
            item.clear();
        } else if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
            item += c;
        }
    }
    if (!item.empty())
        out.push_back(item);
    return out;
}

// Decodes base64 (padding optional); the error names the first bad character.
Result<std::vector<std::uint8_t>> decode_base64(std::string_view text) {
    std::size_t padding = 0;
    while (!text.empty() && text.back() == '=' && padding < 2) {
        text.remove_suffix(1);
        ++padding;
    }
    std::vector<std::uint8_t> out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        int v = base64_digit(c);
        if (v < 0)
            return Error{c == '=' ? std::string("\"=\" inside the key (padding belongs at the end)")
                                  : "\"" + std::string(1, c) + "\" is not a base64 character"};
        buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<std::uint8_t>((buffer >> bits) & 0xff));
        }
    }
    if (text.size() % 4 == 1)
        return Error{"the base64 text is cut short"};
    return out;
}

// Minimal DER reading for public keys: bounds-checked tag-length-value.
struct Der {
    const std::uint8_t* data;
    std::size_t size;

    bool read(std::uint8_t& tag, Der& content) {
        if (size < 2)
            return false;
        tag = data[0];
        std::size_t length = data[1];
        std::size_t header = 2;
        if (length & 0x80) {
            std::size_t count = length & 0x7f;
            if (count == 0 || count > 4 || size < 2 + count)
                return false;
            length = 0;
            for (std::size_t i = 0; i < count; ++i)
                length = (length << 8) | data[2 + i];
            header += count;
        }
        if (length > size - header)
            return false;
        content = {data + header, length};
        data += header + length;
        size -= header + length;
        return true;
    }
};

// Bits of an unsigned big-endian INTEGER's value.
int integer_bits(Der integer) {
    while (integer.size > 0 && integer.data[0] == 0) {
        ++integer.data;
        --integer.size;
    }
    if (integer.size == 0)
        return 0;
    int bits = static_cast<int>((integer.size - 1) * 8);
    for (std::uint8_t top = integer.data[0]; top; top >>= 1)
        ++bits;
    return bits;
}

// RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
std::optional<int> rsa_public_key_bits(Der der) {
    std::uint8_t tag = 0;
    Der sequence{}, modulus{}, exponent{};
    if (!der.read(tag, sequence) || tag != 0x30)
        return std::nullopt;
    if (!sequence.read(tag, modulus) || tag != 0x02 || !sequence.read(tag, exponent) || tag != 0x02)
        return std::nullopt;
    return integer_bits(modulus);
}

// SubjectPublicKeyInfo with rsaEncryption (RFC 6376 §3.6.1), or a bare RSAPublicKey, which
// verifiers accept too. Error: what the key is instead.
Result<int> rsa_key_bits(const std::vector<std::uint8_t>& bytes) {
    static const std::uint8_t rsa_oid[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01};
    Der der{bytes.data(), bytes.size()};
    Der copy = der;
    std::uint8_t tag = 0;
    Der spki{}, algorithm{}, oid{}, bit_string{};
    if (!copy.read(tag, spki) || tag != 0x30)
        return Error{"p= is not a public key (no DER structure)"};
    Der first = spki;
    Der element{};
    if (!first.read(tag, element))
        return Error{"p= is not a public key (no DER structure)"};
    if (tag == 0x02) { // RSAPublicKey
        if (auto bits = rsa_public_key_bits(der))
            return *bits;
        return Error{"p= is not an RSA public key"};
    }
    if (!spki.read(tag, algorithm) || tag != 0x30 || !algorithm.read(tag, oid) || tag != 0x06)
        return Error{"p= is not a public key (no algorithm)"};
    if (oid.size != sizeof rsa_oid || !std::equal(oid.data, oid.data + oid.size, rsa_oid)) {
        if (oid.size == 3 && oid.data[0] == 0x2b && oid.data[1] == 0x65 && oid.data[2] == 0x70)
            return Error{"p= holds an ed25519 key, but k= says rsa (write k=ed25519 and the bare "
                         "32-byte key)"};
        return Error{"p= holds a key that is not RSA"};
    }
    if (!spki.read(tag, bit_string) || tag != 0x03 || bit_string.size < 1 ||
        bit_string.data[0] != 0)
        return Error{"p= is not an RSA public key (bad key bits)"};
    if (auto bits = rsa_public_key_bits({bit_string.data + 1, bit_string.size - 1}))
        return *bits;
    return Error{"p= is not an RSA public key"};
}

} // namespace

bool DkimKey::testing() const {
    return std::find(flags.begin(), flags.end(), "y") != flags.end();
}

DkimKey parse_dkim_key(std::string_view txt) {
    DkimKey key;
    auto list = parse_tag_list(txt);
    key.errors = list.errors;
    for (std::size_t i = 0; i < list.tags.size(); ++i) {
        const auto& [name, value] = list.tags[i];
        if (name == "v") {
            key.version = value;
            if (value != "DKIM1")
                key.errors.push_back("v=" + value + ": the version must be DKIM1");
            else if (i != 0)
                key.errors.push_back("v=DKIM1 must be the first tag");
        } else if (name == "k") {
            key.key_type = lower(value);
            if (key.key_type != "rsa" && key.key_type != "ed25519")
                key.errors.push_back("k=" + value + ": unknown key type (rsa or ed25519)");
        } else if (name == "h") {
            key.hash_algorithms = split_list(lower(value));
        } else if (name == "t") {
            key.flags = split_list(lower(value));
        } else if (name == "s") {
            key.service_types = split_list(lower(value));
        }
        // n= (notes) and unknown tags are ignored (RFC 6376 §3.6.1).
    }
    const std::string* p = list.find("p");
    if (!p) {
        key.errors.push_back("p= is missing: the record holds no key");
        return key;
    }
    for (char c : *p)
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            key.public_key += c;
    if (key.public_key.empty()) {
        key.revoked = true;
        return key;
    }
    if (!key.hash_algorithms.empty()) {
        bool sha256 = false;
        for (const auto& h : key.hash_algorithms) {
            if (h == "sha256")
                sha256 = true;
            else if (h != "sha1")
                key.warnings.push_back("h=: unknown hash algorithm \"" + h + "\"");
        }
        if (!sha256)
            key.errors.push_back("h=" + *list.find("h") +
                                 ": sha256 is not allowed, and verifiers no longer accept sha1 "
                                 "(RFC 8301)");
    }
    if (!key.service_types.empty() &&
        std::none_of(key.service_types.begin(), key.service_types.end(),
                     [](const std::string& s) { return s == "*" || s == "email"; }))
        key.errors.push_back("s=" + *list.find("s") + ": the key is not for email");
    if (key.testing())
        key.warnings.push_back("t=y: testing mode: verifiers may treat a failing signature like "
                               "no signature");

    auto bytes = decode_base64(key.public_key);
    if (!bytes) {
        key.errors.push_back("p=: " + bytes.error().message);
        return key;
    }
    if (key.key_type == "ed25519") {
        if (bytes->size() != 32)
            key.errors.push_back("p=: an ed25519 key is 32 bytes, this one is " +
                                 std::to_string(bytes->size()));
        else
            key.key_bits = 256;
    } else if (key.key_type == "rsa") {
        auto bits = rsa_key_bits(*bytes);
        if (!bits) {
            key.errors.push_back(bits.error().message);
        } else {
            key.key_bits = *bits;
            if (*bits < 1024)
                key.errors.push_back("the RSA key has " + std::to_string(*bits) +
                                     " bits: verifiers ignore keys shorter than 1024 bits "
                                     "(RFC 8301)");
            else if (*bits < 2048)
                key.warnings.push_back("the RSA key has " + std::to_string(*bits) +
                                       " bits: 2048 bits are recommended");
        }
    }
    return key;
}

Status validate_dkim_selector(std::string_view selector) {
    if (selector.empty())
        return Error{"the DKIM selector is empty"};
    if (selector.size() > 200)
        return Error{"the DKIM selector is longer than 200 characters"};
    std::size_t start = 0;
    while (start <= selector.size()) {
        auto end = selector.find('.', start);
        if (end == std::string_view::npos)
            end = selector.size();
        auto label = selector.substr(start, end - start);
        if (label.empty() || label.size() > 63)
            return Error{"the DKIM selector \"" + std::string(selector) +
                         "\" has an empty or too long label"};
        for (char c : label)
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_')
                return Error{"the DKIM selector \"" + std::string(selector) +
                             "\" may contain only letters, digits, \"-\", \"_\" and dots"};
        start = end + 1;
    }
    return ok_status();
}

HealthCheck judge_dkim(const std::string& domain, const std::string& selector,
                       const TxtAnswer& txt) {
    HealthCheck check;
    check.name = "dkim:" + selector;
    const std::string name = selector + "._domainkey." + domain;
    if (!txt) {
        check.verdict = Verdict::warning;
        check.summary = "the TXT lookup of " + name +
                        " failed, so the DKIM key could not be checked (" + txt.error().message +
                        ")";
        return check;
    }
    if (txt->empty()) {
        check.verdict = Verdict::missing;
        check.summary = "no DKIM key for selector " + selector + " (" + name +
                        " has no TXT record): mail signed with it fails DKIM";
        return check;
    }
    for (const auto& record : *txt)
        check.details.push_back("record at " + name + ": " + record);
    if (txt->size() > 1) {
        check.verdict = Verdict::problem;
        check.summary = "there are " + std::to_string(txt->size()) + " TXT records at " + name +
                        ": verifiers may pick any of them";
        return check;
    }
    auto key = parse_dkim_key(txt->front());
    if (key.revoked) {
        check.verdict = Verdict::problem;
        check.summary = "key revoked: selector " + selector +
                        " has an empty p=, so mail signed with it fails DKIM";
        return check;
    }
    if (!key.valid()) {
        check.verdict = Verdict::problem;
        check.summary = "invalid DKIM key record: " + key.errors.front();
        for (std::size_t i = 1; i < key.errors.size(); ++i)
            check.details.push_back("problem: " + key.errors[i]);
        for (const auto& w : key.warnings)
            check.details.push_back("warning: " + w);
        return check;
    }
    check.verdict = key.warnings.empty() ? Verdict::ok : Verdict::warning;
    std::string kind = key.key_type == "rsa" ? "RSA" : "Ed25519";
    check.summary =
        "selector " + selector + " publishes an " + kind + " key" +
        (key.key_bits && key.key_type == "rsa" ? " of " + std::to_string(*key.key_bits) + " bits"
                                               : "") +
        ": receivers can verify mail signed with it";
    for (const auto& w : key.warnings)
        check.details.push_back("warning: " + w);
    return check;
}

} // namespace maillab::autoconfig
