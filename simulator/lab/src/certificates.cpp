#include "certificates.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <array>
#include <cstdio>
#include <ctime>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace maillab::lab_detail {
namespace {

struct KeyFree {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct CertFree {
    void operator()(X509* p) const { X509_free(p); }
};
struct BioFree {
    void operator()(BIO* p) const { BIO_free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Cert = std::unique_ptr<X509, CertFree>;
using Bio = std::unique_ptr<BIO, BioFree>;

struct CertError {
    std::string message;
};

std::string openssl_error(std::string_view what) {
    std::array<char, 256> buf{};
    unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
        return std::string(what);
    ERR_error_string_n(code, buf.data(), buf.size());
    return std::string(what) + ": " + buf.data();
}

void check(int ok, std::string_view what) {
    if (ok != 1)
        throw CertError{openssl_error(what)};
}

Key new_key() {
    Key key(EVP_EC_gen("P-256"));
    if (!key)
        throw CertError{openssl_error("cannot make an EC P-256 key")};
    return key;
}

void set_serial(X509* cert) {
    std::array<unsigned char, 16> bytes{};
    check(RAND_bytes(bytes.data(), static_cast<int>(bytes.size())), "RAND_bytes");
    bytes[0] &= 0x7f; // positive
    BIGNUM* bn = BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr);
    ASN1_INTEGER* serial = BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert));
    BN_free(bn);
    if (!serial)
        throw CertError{openssl_error("serial number")};
}

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    if (!ext)
        throw CertError{openssl_error("certificate extension " + value)};
    int ok = X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    check(ok, "X509_add_ext");
}

Cert make_cert(EVP_PKEY* key, const std::string& common_name, X509* issuer, EVP_PKEY* issuer_key,
               long not_before_offset, long not_after_offset, bool is_ca,
               const std::string& subject_alt_names) {
    Cert cert(X509_new());
    if (!cert)
        throw CertError{openssl_error("X509_new")};
    check(X509_set_version(cert.get(), 2), "X509_set_version");
    set_serial(cert.get());
    if (!X509_gmtime_adj(X509_getm_notBefore(cert.get()), not_before_offset) ||
        !X509_gmtime_adj(X509_getm_notAfter(cert.get()), not_after_offset))
        throw CertError{openssl_error("certificate validity")};
    check(X509_set_pubkey(cert.get(), key), "X509_set_pubkey");
    X509_NAME* name = X509_get_subject_name(cert.get());
    check(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                     reinterpret_cast<const unsigned char*>("MailLab lab"), -1, -1, 0),
          "subject O");
    check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                     reinterpret_cast<const unsigned char*>(common_name.c_str()),
                                     -1, -1, 0),
          "subject CN");
    X509* signer = issuer ? issuer : cert.get();
    check(X509_set_issuer_name(cert.get(), X509_get_subject_name(signer)), "issuer");
    add_extension(cert.get(), signer, NID_subject_key_identifier, "hash");
    if (issuer)
        add_extension(cert.get(), signer, NID_authority_key_identifier, "keyid:always");
    if (is_ca) {
        add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
        add_extension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
        add_extension(cert.get(), signer, NID_key_usage, "critical,digitalSignature");
        add_extension(cert.get(), signer, NID_ext_key_usage, "serverAuth");
        add_extension(cert.get(), signer, NID_subject_alt_name, subject_alt_names);
    }
    if (X509_sign(cert.get(), issuer_key ? issuer_key : key, EVP_sha256()) <= 0)
        throw CertError{openssl_error("X509_sign")};
    return cert;
}

std::string pem_of(X509* cert) {
    Bio bio(BIO_new(BIO_s_mem()));
    check(PEM_write_bio_X509(bio.get(), cert), "PEM_write_bio_X509");
    char* data = nullptr;
    long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

std::string pem_of(EVP_PKEY* key) {
    Bio bio(BIO_new(BIO_s_mem()));
    check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr),
          "PEM_write_bio_PrivateKey");
    char* data = nullptr;
    long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

// Writes atomically (temporary file + rename) with the given mode.
void write_file(const std::filesystem::path& path, const std::string& data, mode_t mode) {
    auto temporary = path;
    temporary += ".tmp";
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0)
        throw CertError{"cannot write " + temporary.string()};
    ::fchmod(fd, mode);
    std::size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n <= 0) {
            ::close(fd);
            throw CertError{"cannot write " + temporary.string()};
        }
        done += static_cast<std::size_t>(n);
    }
    ::fsync(fd);
    ::close(fd);
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    if (ec)
        throw CertError{"cannot rename " + temporary.string() + ": " + ec.message()};
}

// The CA from an earlier run, when both files are there, match, and it is valid for 30 more days.
bool load_ca(const std::filesystem::path& cert_file, const std::filesystem::path& key_file, Cert& ca,
             Key& ca_key) {
    FILE* f = std::fopen(cert_file.c_str(), "r");
    if (!f)
        return false;
    Cert cert(PEM_read_X509(f, nullptr, nullptr, nullptr));
    std::fclose(f);
    f = std::fopen(key_file.c_str(), "r");
    if (!f)
        return false;
    Key key(PEM_read_PrivateKey(f, nullptr, nullptr, nullptr));
    std::fclose(f);
    ERR_clear_error();
    if (!cert || !key || X509_check_private_key(cert.get(), key.get()) != 1 ||
        X509_check_ca(cert.get()) == 0) {
        ERR_clear_error();
        return false;
    }
    std::time_t soon = std::time(nullptr) + 30L * 86400;
    if (X509_cmp_time(X509_get0_notAfter(cert.get()), &soon) <= 0 ||
        X509_cmp_current_time(X509_get0_notBefore(cert.get())) >= 0)
        return false;
    ca = std::move(cert);
    ca_key = std::move(key);
    return true;
}

std::shared_ptr<boost::asio::ssl::context> server_context(X509* leaf, EVP_PKEY* key, X509* ca) {
    namespace ssl = boost::asio::ssl;
    auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
    SSL_CTX* native = context->native_handle();
    SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
    context->set_options(ssl::context::default_workarounds | ssl::context::no_compression |
                         ssl::context::single_dh_use);
    check(SSL_CTX_use_certificate(native, leaf), "SSL_CTX_use_certificate");
    check(SSL_CTX_use_PrivateKey(native, key), "SSL_CTX_use_PrivateKey");
    X509_up_ref(ca);
    if (SSL_CTX_add1_chain_cert(native, ca) != 1) {
        X509_free(ca);
        throw CertError{openssl_error("SSL_CTX_add1_chain_cert")};
    }
    X509_free(ca); // add1 took its own reference
    check(SSL_CTX_check_private_key(native), "SSL_CTX_check_private_key");
    return context;
}

} // namespace

CertificateResult make_certificates(const std::filesystem::path& state_dir,
                                    const std::string& domain,
                                    const std::vector<std::string>& dns_names,
                                    const std::vector<std::string>& ip_addresses) {
    CertificateResult result;
    try {
        std::error_code ec;
        std::filesystem::create_directories(state_dir, ec);
        if (ec || !std::filesystem::is_directory(state_dir))
            throw CertError{"cannot create the lab state directory " + state_dir.string() +
                            (ec ? ": " + ec.message() : std::string{})};
        std::filesystem::permissions(state_dir, std::filesystem::perms::owner_all,
                                     std::filesystem::perm_options::replace, ec);
        const auto ca_file = state_dir / "ca.pem";
        const auto ca_key_file = state_dir / "ca-key.pem";
        Cert ca;
        Key ca_key;
        if (!load_ca(ca_file, ca_key_file, ca, ca_key)) {
            ca_key = new_key();
            ca = make_cert(ca_key.get(), "MailLab Lab CA (" + domain + ")", nullptr, nullptr,
                           -3600L, 825L * 86400, true, {});
            write_file(ca_key_file, pem_of(ca_key.get()), 0600);
            write_file(ca_file, pem_of(ca.get()), 0644);
        }
        std::string sans;
        for (const auto& name : dns_names)
            sans += (sans.empty() ? "" : ",") + std::string("DNS:") + name;
        for (const auto& ip : ip_addresses)
            sans += (sans.empty() ? "" : ",") + std::string("IP:") + ip;
        const std::string first = dns_names.empty() ? domain : dns_names.front();

        auto set = std::make_unique<CertificateSet>();
        set->ca_file = ca_file;
        struct Variant {
            lab::CertificateKind kind;
            std::string common_name;
            std::string sans;
            long not_before;
            long not_after;
        };
        const std::vector<Variant> variants{
            {lab::CertificateKind::good, first, sans, -3600L, 90L * 86400},
            {lab::CertificateKind::wrong_name, "mail.wrong-name.invalid",
             "DNS:mail.wrong-name.invalid", -3600L, 90L * 86400},
            {lab::CertificateKind::expired, first, sans, -400L * 86400, -86400L},
        };
        set->contexts.resize(variants.size());
        for (const auto& v : variants) {
            Key key = new_key();
            Cert leaf = make_cert(key.get(), v.common_name, ca.get(), ca_key.get(), v.not_before,
                                  v.not_after, false, v.sans);
            const std::string label(lab::to_string(v.kind));
            write_file(state_dir / ("server-" + label + ".pem"), pem_of(leaf.get()) + pem_of(ca.get()),
                       0644);
            set->contexts[static_cast<std::size_t>(v.kind)] =
                server_context(leaf.get(), key.get(), ca.get());
        }
        result.set = std::move(set);
    } catch (const CertError& error) {
        result.error = error.message;
    } catch (const boost::system::system_error& error) {
        result.error = std::string("TLS setup: ") + error.what();
    }
    return result;
}

} // namespace maillab::lab_detail
