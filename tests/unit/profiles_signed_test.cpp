// Signed configuration profiles: made here with OpenSSL (key and self-signed certificate in
// memory, CMS_sign over the plist), then unwrapped and imported.
//
// Decision under test: a signature that does not match the content (the profile was changed
// after signing, or the signature bytes were damaged) is refused with an error, because the
// file is not what its signer made; a profile that does not carry its signer's certificate is
// imported with a warning (nothing to check with, nothing proven wrong). The certificate chain
// is never checked (offline; Apple's trust store is not available).
#include "maillab/profiles/import.hpp"
#include "maillab/profiles/signed_profile.hpp"
#include "test_data.hpp"

#include <filesystem>
#include <gtest/gtest.h>
#include <memory>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <string>

namespace {

using namespace maillab;
using namespace maillab::profiles;
namespace fs = std::filesystem;

const fs::path data_dir = maillab::test::data_dir("profiles");

std::string load(std::string_view name) {
    return maillab::test::read_file(data_dir / name);
}

struct Free {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
    void operator()(X509* certificate) const { X509_free(certificate); }
    void operator()(BIO* bio) const { BIO_free(bio); }
    void operator()(CMS_ContentInfo* cms) const { CMS_ContentInfo_free(cms); }
};
template <class T> using Owned = std::unique_ptr<T, Free>;

struct Signer {
    Owned<EVP_PKEY> key;
    Owned<X509> certificate;
};

Signer make_signer(const std::string& common_name) {
    Signer signer;
    signer.key.reset(EVP_RSA_gen(2048));
    signer.certificate.reset(X509_new());
    X509* certificate = signer.certificate.get();
    X509_set_version(certificate, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(certificate), 4711);
    X509_gmtime_adj(X509_getm_notBefore(certificate), 0);
    X509_gmtime_adj(X509_getm_notAfter(certificate), 3600);
    X509_set_pubkey(certificate, signer.key.get());
    X509_NAME* name = X509_get_subject_name(certificate);
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>("Example Inc."), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                               0);
    X509_set_issuer_name(certificate, name);
    X509_sign(certificate, signer.key.get(), EVP_sha256());
    return signer;
}

std::string bio_text(BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(size));
}

enum class Encoding { der, pem };

std::string sign(const std::string& content, const Signer& signer, unsigned flags = 0,
                 Encoding encoding = Encoding::der) {
    Owned<BIO> in(BIO_new_mem_buf(content.data(), static_cast<int>(content.size())));
    Owned<CMS_ContentInfo> cms(CMS_sign(signer.certificate.get(), signer.key.get(), nullptr,
                                        in.get(), CMS_BINARY | flags));
    EXPECT_TRUE(cms) << "CMS_sign failed";
    Owned<BIO> der(BIO_new(BIO_s_mem()));
    i2d_CMS_bio(der.get(), cms.get());
    if (encoding == Encoding::der) {
        return bio_text(der.get());
    }
    const std::string bytes = bio_text(der.get());
    Owned<BIO> pem(BIO_new(BIO_s_mem()));
    PEM_write_bio(pem.get(), "CMS", "", reinterpret_cast<const unsigned char*>(bytes.data()),
                  static_cast<long>(bytes.size()));
    return bio_text(pem.get());
}

class SignedProfile : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { signer_ = new Signer(make_signer("Example Profile Signing")); }
    static void TearDownTestSuite() {
        delete signer_;
        signer_ = nullptr;
    }
    static Signer* signer_;
    const std::string plist_ = load("example_profile.mobileconfig");
};
Signer* SignedProfile::signer_ = nullptr;

TEST_F(SignedProfile, TheInnerPlistIsReadAndTheSignerReported) {
    const std::string der = sign(plist_, *signer_);
    ASSERT_EQ(static_cast<unsigned char>(der.front()), 0x30);
    EXPECT_TRUE(looks_like_signed_profile(der));

    auto unwrapped = unwrap_signed_profile(der);
    ASSERT_TRUE(unwrapped) << unwrapped.error().message;
    EXPECT_EQ(unwrapped->content, plist_);
    ASSERT_EQ(unwrapped->signers.size(), 1u);
    EXPECT_EQ(unwrapped->signers[0].subject, "CN=Example Profile Signing,O=Example Inc.");
    EXPECT_EQ(unwrapped->signers[0].issuer, unwrapped->signers[0].subject) << "self-signed";
    EXPECT_TRUE(unwrapped->signers[0].signature_verified);
    EXPECT_NE(unwrapped->signers[0].note.find("chain of trust was not checked"), std::string::npos);

    auto settings = import_settings(der);
    ASSERT_TRUE(settings) << settings.error().message;
    EXPECT_EQ(settings->format, ImportFormat::mobileconfig_signed);
    EXPECT_EQ(to_string(settings->format), "mobileconfig-signed");
    ASSERT_EQ(settings->incoming.size(), 2u);
    EXPECT_EQ(settings->incoming[0].hostname, "pop.example.com");
    ASSERT_EQ(settings->signers.size(), 1u);
    EXPECT_EQ(settings->signers[0].subject, "CN=Example Profile Signing,O=Example Inc.");
}

TEST_F(SignedProfile, PemEncodingIsAcceptedToo) {
    const std::string pem = sign(plist_, *signer_, 0, Encoding::pem);
    ASSERT_TRUE(pem.starts_with("-----BEGIN CMS-----")) << pem.substr(0, 40);
    auto settings = import_settings(pem);
    ASSERT_TRUE(settings) << settings.error().message;
    EXPECT_EQ(settings->format, ImportFormat::mobileconfig_signed);
    EXPECT_TRUE(settings->signers.at(0).signature_verified);
}

TEST_F(SignedProfile, ContentChangedAfterSigningIsRefused) {
    std::string der = sign(plist_, *signer_);
    const std::size_t at = der.find("pop.example.com");
    ASSERT_NE(at, std::string::npos) << "the content is stored as is inside the DER";
    der.replace(at, 15, "pop.attackr.com");
    auto result = import_settings(der);
    ASSERT_FALSE(result) << "a tampered profile must not be imported";
    EXPECT_NE(result.error().message.find("changed after it was signed"), std::string::npos)
        << result.error().message;
}

TEST_F(SignedProfile, ADamagedSignatureIsRefused) {
    std::string der = sign(plist_, *signer_);
    der.back() = static_cast<char>(der.back() ^ 0x01); // the last byte of the RSA signature
    auto result = unwrap_signed_profile(der);
    ASSERT_FALSE(result);
    EXPECT_NE(result.error().message.find("signature is invalid"), std::string::npos)
        << result.error().message;
}

TEST_F(SignedProfile, WithoutTheSignersCertificateItIsImportedUnverifiedWithAWarning) {
    const std::string der = sign(plist_, *signer_, CMS_NOCERTS);
    auto settings = import_settings(der);
    ASSERT_TRUE(settings) << settings.error().message;
    ASSERT_EQ(settings->signers.size(), 1u);
    EXPECT_FALSE(settings->signers[0].signature_verified);
    EXPECT_EQ(settings->signers[0].issuer, "CN=Example Profile Signing,O=Example Inc.");
    bool warned = false;
    for (const std::string& warning : settings->warnings) {
        warned =
            warned || warning.find("does not carry this signer's certificate") != std::string::npos;
    }
    EXPECT_TRUE(warned);
}

TEST_F(SignedProfile, ADetachedSignatureHasNoProfileInside) {
    const std::string der = sign(plist_, *signer_, CMS_DETACHED);
    auto result = unwrap_signed_profile(der);
    ASSERT_FALSE(result);
    EXPECT_NE(result.error().message.find("detached"), std::string::npos);
}

TEST_F(SignedProfile, AnEncryptedProfileIsRefusedNamingWhy) {
    Owned<BIO> in(BIO_new_mem_buf(plist_.data(), static_cast<int>(plist_.size())));
    STACK_OF(X509)* recipients = sk_X509_new_null();
    sk_X509_push(recipients, signer_->certificate.get());
    Owned<CMS_ContentInfo> cms(CMS_encrypt(recipients, in.get(), EVP_aes_128_cbc(), CMS_BINARY));
    sk_X509_free(recipients);
    ASSERT_TRUE(cms);
    Owned<BIO> out(BIO_new(BIO_s_mem()));
    i2d_CMS_bio(out.get(), cms.get());
    auto result = import_settings(bio_text(out.get()));
    ASSERT_FALSE(result);
    EXPECT_NE(result.error().message.find("encrypted"), std::string::npos)
        << result.error().message;
}

TEST_F(SignedProfile, SignedContentThatIsNotAPlistIsRefused) {
    const std::string der = sign(load("example_clientconfig.xml"), *signer_);
    auto result = import_settings(der);
    ASSERT_FALSE(result);
    EXPECT_NE(result.error().message.find("does not hold an XML property list"), std::string::npos)
        << result.error().message;
}

} // namespace
