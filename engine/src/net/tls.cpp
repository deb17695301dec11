#include "net/tls.hpp"

#include "net/resolver.hpp"

#include <array>
#include <ctime>
#include <filesystem>
#include <map>
#include <mutex>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace maillab::net {
namespace {

std::string name_text(X509_NAME* name) {
    if (!name)
        return {};
    BIO* bio = BIO_new(BIO_s_mem());
    X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    char* data = nullptr;
    long size = BIO_get_mem_data(bio, &data);
    std::string out(data, static_cast<std::size_t>(size));
    BIO_free(bio);
    return out;
}

std::string time_text(const ASN1_TIME* time) {
    std::tm tm{};
    if (!time || ASN1_TIME_to_tm(time, &tm) != 1)
        return {};
    std::array<char, 32> buf{};
    std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf.data();
}

} // namespace

NetResult<std::shared_ptr<boost::asio::ssl::context>>
make_client_context(const NetOptions& options) {
    namespace ssl = boost::asio::ssl;
    auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
    SSL_CTX* native = ctx->native_handle();
    SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
    ctx->set_options(ssl::context::default_workarounds | ssl::context::no_compression);
    ctx->set_verify_mode(ssl::verify_peer);
    boost::system::error_code ec;
    // The hashed directory is read lazily (only the issuers a server needs); loading the whole
    // bundle file costs tens of milliseconds per context. Fall back to the file when no
    // directory exists.
    if (std::filesystem::is_directory(X509_get_default_cert_dir()))
        SSL_CTX_load_verify_dir(native, X509_get_default_cert_dir());
    else
        ctx->set_default_verify_paths(ec);
    if (options.ca_file) {
        if (!std::filesystem::exists(*options.ca_file))
            return NetFailure{Outcome::tls_failed,
                              "CA file " + *options.ca_file + " does not exist"};
        ctx->load_verify_file(*options.ca_file, ec);
        if (ec)
            return NetFailure{Outcome::tls_failed,
                              "cannot load CA file " + *options.ca_file + ": " + ec.message()};
    }
    return ctx;
}

NetResult<std::shared_ptr<boost::asio::ssl::context>>
shared_client_context(const NetOptions& options) {
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<boost::asio::ssl::context>> by_ca_file;
    const std::string key = options.ca_file.value_or("");
    std::lock_guard lock(mutex);
    if (auto it = by_ca_file.find(key); it != by_ca_file.end())
        return it->second;
    auto made = make_client_context(options);
    if (made)
        by_ca_file.emplace(key, *made);
    return made;
}

std::string sha256_fingerprint(X509* certificate) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned int size = 0;
    if (!certificate || X509_digest(certificate, EVP_sha256(), md.data(), &size) != 1)
        return {};
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned int i = 0; i < size; ++i) {
        if (i)
            out += ':';
        out += digits[md[i] >> 4];
        out += digits[md[i] & 0xf];
    }
    return out;
}

CertificateDetails describe_certificate(X509* certificate) {
    CertificateDetails d;
    if (!certificate)
        return d;
    d.subject = name_text(X509_get_subject_name(certificate));
    d.issuer = name_text(X509_get_issuer_name(certificate));
    d.not_before = time_text(X509_get0_notBefore(certificate));
    d.not_after = time_text(X509_get0_notAfter(certificate));
    d.sha256_fingerprint = sha256_fingerprint(certificate);
    d.self_signed =
        X509_NAME_cmp(X509_get_subject_name(certificate), X509_get_issuer_name(certificate)) == 0 &&
        X509_check_issued(certificate, certificate) != X509_V_ERR_SUBJECT_ISSUER_MISMATCH;
    auto* names = static_cast<GENERAL_NAMES*>(
        X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr));
    if (names) {
        for (int i = 0; i < sk_GENERAL_NAME_num(names) && i < 100; ++i) {
            const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
            if (name->type == GEN_DNS) {
                const ASN1_IA5STRING* dns = name->d.dNSName;
                d.subject_alt_names.emplace_back(
                    "DNS:" + std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(dns)),
                                         static_cast<std::size_t>(ASN1_STRING_length(dns))));
            } else if (name->type == GEN_IPADD) {
                const ASN1_OCTET_STRING* ip = name->d.iPAddress;
                std::array<char, 64> text{};
                int len = ASN1_STRING_length(ip);
                const unsigned char* bytes = ASN1_STRING_get0_data(ip);
                if (len == 4)
                    std::snprintf(text.data(), text.size(), "IP:%d.%d.%d.%d", bytes[0], bytes[1],
                                  bytes[2], bytes[3]);
                else
                    std::snprintf(text.data(), text.size(), "IP:(IPv6)");
                d.subject_alt_names.emplace_back(text.data());
            }
        }
        GENERAL_NAMES_free(names);
    }
    return d;
}

Outcome outcome_for_verify_error(int x509_error) {
    switch (x509_error) {
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
        return Outcome::certificate_name_mismatch;
    default:
        return Outcome::certificate_untrusted;
    }
}

void expect_peer(SSL* ssl, const std::string& host) {
    const std::string name = unbracketed(host);
    if (is_ip_literal(name)) {
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name.c_str());
    } else {
        SSL_set_tlsext_host_name(ssl, name.c_str());
        SSL_set1_host(ssl, name.c_str());
    }
}

} // namespace maillab::net
