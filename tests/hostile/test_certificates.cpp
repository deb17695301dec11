#include "test_certificates.hpp"

#include <cstdlib>
#include <fstream>
#include <memory>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdexcept>

namespace maillab::hostile {
namespace {

struct KeyFree {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct CertFree {
    void operator()(X509* p) const { X509_free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Cert = std::unique_ptr<X509, CertFree>;

void check(bool ok, const char* what) {
    if (!ok)
        throw std::runtime_error(std::string("test certificate: ") + what);
}

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    check(ext != nullptr, "extension");
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
}

struct Validity {
    long not_before = -3600;
    long not_after = 30L * 24 * 3600;
};

Cert make_cert(EVP_PKEY* key, const std::string& name, X509* issuer, EVP_PKEY* issuer_key,
               Validity validity, bool is_ca, const std::string& alt_names = {}) {
    Cert cert(X509_new());
    X509_set_version(cert.get(), 2);
    unsigned char serial_bytes[16];
    RAND_bytes(serial_bytes, sizeof serial_bytes);
    serial_bytes[0] &= 0x7f;
    BIGNUM* bn = BN_bin2bn(serial_bytes, sizeof serial_bytes, nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), validity.not_before);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), validity.not_after);
    X509_set_pubkey(cert.get(), key);
    X509_NAME* subject = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("MailLab hostile tests"), -1,
                               -1, 0);
    X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(name.c_str()), -1, -1, 0);
    X509* signer = issuer ? issuer : cert.get();
    X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
    add_extension(cert.get(), signer, NID_subject_key_identifier, "hash");
    if (is_ca) {
        add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
        add_extension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
        add_extension(cert.get(), signer, NID_ext_key_usage, "serverAuth");
        add_extension(cert.get(), signer, NID_subject_alt_name,
                      alt_names.empty() ? "DNS:" + name : alt_names);
    }
    check(X509_sign(cert.get(), issuer_key ? issuer_key : key, EVP_sha256()) > 0, "sign");
    return cert;
}

template <typename Write> std::string pem(Write write) {
    BIO* bio = BIO_new(BIO_s_mem());
    check(write(bio) == 1, "PEM");
    char* data = nullptr;
    long size = BIO_get_mem_data(bio, &data);
    std::string text(data, static_cast<std::size_t>(size));
    BIO_free(bio);
    return text;
}

std::string pem_of(X509* cert) {
    return pem([&](BIO* b) { return PEM_write_bio_X509(b, cert); });
}
std::string pem_of(EVP_PKEY* key) {
    return pem([&](BIO* b) {
        return PEM_write_bio_PrivateKey(b, key, nullptr, nullptr, 0, nullptr, nullptr);
    });
}

TestPki make_pki() {
    Key ca_key(EVP_EC_gen("P-256"));
    Key leaf_key(EVP_EC_gen("P-256"));
    check(ca_key && leaf_key, "key");
    Cert ca = make_cert(ca_key.get(), "MailLab hostile test CA", nullptr, nullptr, {}, true);
    auto leaf = [&](const std::string& name, Validity validity, bool self_signed) {
        Cert cert = self_signed
                        ? make_cert(leaf_key.get(), name, nullptr, nullptr, validity, false)
                        : make_cert(leaf_key.get(), name, ca.get(), ca_key.get(), validity, false);
        return TlsIdentity{pem_of(cert.get()), pem_of(leaf_key.get())};
    };
    TestPki pki;
    pki.good = leaf(test_host, {}, false);
    pki.wrong_name = leaf("other.example", {}, false);
    pki.expired = leaf(test_host, {-30L * 24 * 3600, -24L * 3600}, false);
    pki.self_signed = leaf(test_host, {}, true);
    pki.tls1_0_only = pki.good;
    pki.tls1_0_only.tls1_0_only = true;
    std::string web_names;
    for (std::string domain : {test_domain, foreign_domain})
        for (std::string prefix : {"", "autoconfig.", "autodiscover."})
            web_names += (web_names.empty() ? "DNS:" : ",DNS:") + prefix + domain;
    Cert web = make_cert(leaf_key.get(), std::string("autodiscover.") + test_domain, ca.get(),
                         ca_key.get(), {}, false, web_names);
    pki.web = TlsIdentity{pem_of(web.get()), pem_of(leaf_key.get())};

    // A directory of its own: the engine caches its TLS context per CA file name.
    std::string dir_template = "/tmp/maillab-hostile-XXXXXX";
    check(::mkdtemp(dir_template.data()) != nullptr, "mkdtemp");
    pki.ca_file = dir_template + "/ca.pem";
    std::ofstream(pki.ca_file) << pem_of(ca.get());
    return pki;
}

} // namespace

const TestPki& test_pki() {
    static const TestPki pki = make_pki();
    return pki;
}

} // namespace maillab::hostile
