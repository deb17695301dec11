// Signed profile unwrapping with OpenSSL's CMS API. The signature is checked against the
// certificates the profile carries (CMS_NO_SIGNER_CERT_VERIFY: no chain, no trust store).
#include "maillab/profiles/signed_profile.hpp"

#include <algorithm>
#include <climits>
#include <memory>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <vector>

namespace maillab::profiles {

namespace {

struct BioFree {
    void operator()(BIO* bio) const { BIO_free(bio); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;

struct CmsFree {
    void operator()(CMS_ContentInfo* cms) const { CMS_ContentInfo_free(cms); }
};
using CmsPtr = std::unique_ptr<CMS_ContentInfo, CmsFree>;

constexpr std::string_view pem_markers[] = {"-----BEGIN PKCS7-----", "-----BEGIN CMS-----"};

std::string_view trim_leading_space(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r' ||
                             text.front() == '\n')) {
        text.remove_prefix(1);
    }
    return text;
}

bool is_pem(std::string_view bytes) {
    const std::string_view text = trim_leading_space(bytes);
    for (std::string_view marker : pem_markers) {
        if (text.starts_with(marker)) {
            return true;
        }
    }
    return false;
}

// The queued OpenSSL errors, oldest first (the queue is emptied).
std::vector<unsigned long> take_errors() {
    std::vector<unsigned long> codes;
    while (const unsigned long code = ERR_get_error()) {
        codes.push_back(code);
    }
    return codes;
}

std::string error_text(const std::vector<unsigned long>& codes) {
    std::string out;
    for (const unsigned long code : codes) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        if (!out.empty()) {
            out += "; ";
        }
        out += buffer;
    }
    return out.empty() ? std::string("no detail from OpenSSL") : out;
}

std::string openssl_errors() {
    return error_text(take_errors());
}

bool has_cms_reason(const std::vector<unsigned long>& codes, int reason) {
    return std::ranges::any_of(codes, [reason](unsigned long code) {
        return ERR_GET_LIB(code) == ERR_LIB_CMS && ERR_GET_REASON(code) == reason;
    });
}

// RFC 2253 text; control characters escaped, UTF-8 kept readable.
std::string name_text(const X509_NAME* name) {
    if (name == nullptr) {
        return {};
    }
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio ||
        X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0) {
        return {};
    }
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

std::string object_name(const ASN1_OBJECT* object) {
    char buffer[128];
    const int length = OBJ_obj2txt(buffer, sizeof buffer, object, 0);
    return length > 0 ? std::string(buffer, std::min<std::size_t>(static_cast<std::size_t>(length),
                                                                  sizeof buffer - 1))
                      : std::string("unknown");
}

// DER, or PEM with the label PKCS7 or CMS (decoded with the generic PEM reader, so that this
// file does not depend on the order of pem.h and cms.h).
CmsPtr read_cms(std::string_view bytes) {
    BioPtr in(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
    if (!in) {
        return nullptr;
    }
    if (!is_pem(bytes)) {
        return CmsPtr(d2i_CMS_bio(in.get(), nullptr));
    }
    char* label = nullptr;
    char* header = nullptr;
    unsigned char* der = nullptr;
    long length = 0;
    CmsPtr cms;
    if (PEM_read_bio(in.get(), &label, &header, &der, &length) == 1 &&
        (std::string_view(label) == "PKCS7" || std::string_view(label) == "CMS")) {
        const unsigned char* cursor = der;
        cms.reset(d2i_CMS_ContentInfo(nullptr, &cursor, length));
    }
    OPENSSL_free(label);
    OPENSSL_free(header);
    OPENSSL_free(der);
    return cms;
}

} // namespace

bool looks_like_signed_profile(std::string_view bytes) {
    return (!bytes.empty() && static_cast<unsigned char>(bytes.front()) == 0x30) || is_pem(bytes);
}

Result<UnwrappedProfile> unwrap_signed_profile(std::string_view bytes) {
    if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
        return Error{"the signed profile is too large"};
    }
    ERR_clear_error();
    CmsPtr cms = read_cms(bytes);
    if (!cms) {
        return Error{"not a signed profile: the bytes are not a CMS (PKCS #7) structure (" +
                     openssl_errors() + ")"};
    }
    const int type = OBJ_obj2nid(CMS_get0_type(cms.get()));
    if (type == NID_pkcs7_enveloped) {
        return Error{"the profile is encrypted (CMS EnvelopedData): only the device it was "
                     "encrypted for can open it"};
    }
    if (type != NID_pkcs7_signed) {
        return Error{"the CMS structure is " + object_name(CMS_get0_type(cms.get())) +
                     ", not SignedData: not a signed profile"};
    }
    ASN1_OCTET_STRING** content = CMS_get0_content(cms.get());
    if (content == nullptr || *content == nullptr) {
        return Error{"the signature is detached: the profile itself is not inside the file"};
    }

    UnwrappedProfile out;
    out.content.assign(reinterpret_cast<const char*>(ASN1_STRING_get0_data(*content)),
                       static_cast<std::size_t>(ASN1_STRING_length(*content)));

    STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms.get());
    const int count = infos == nullptr ? 0 : sk_CMS_SignerInfo_num(infos);
    if (count <= 0) {
        return Error{"the signed profile has no signer"};
    }
    // Matches every SignerInfo with the certificate the profile carries for it, if any.
    CMS_set1_signers_certs(cms.get(), nullptr, 0);
    ERR_clear_error();
    bool all_certificates = true;
    for (int i = 0; i < count; ++i) {
        CMS_SignerInfo* info = sk_CMS_SignerInfo_value(infos, i);
        X509* certificate = nullptr;
        CMS_SignerInfo_get0_algs(info, nullptr, &certificate, nullptr, nullptr);
        SignerInfo signer;
        if (certificate != nullptr) {
            signer.subject = name_text(X509_get_subject_name(certificate));
            signer.issuer = name_text(X509_get_issuer_name(certificate));
        } else {
            all_certificates = false;
            X509_NAME* issuer = nullptr;
            CMS_SignerInfo_get0_signer_id(info, nullptr, &issuer, nullptr);
            signer.issuer = name_text(issuer);
            signer.note = "not verified: the profile does not carry this signer's certificate";
        }
        out.signers.push_back(std::move(signer));
    }
    if (!all_certificates) {
        // Nothing to check the signature with: the content is read, unverified, and said so.
        for (SignerInfo& signer : out.signers) {
            if (signer.note.empty()) {
                signer.note = "not verified: another signer's certificate is missing";
            }
        }
        return out;
    }

    const int verified = CMS_verify(cms.get(), nullptr, nullptr, nullptr, nullptr,
                                    CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY);
    if (verified != 1) {
        // CONTENT_VERIFY_ERROR: the content's digest differs from the signed one.
        // VERIFICATION_FAILURE alone: the signature over the signed attributes is wrong.
        const std::vector<unsigned long> codes = take_errors();
        std::string what = "the profile's signature does not match its content";
        if (has_cms_reason(codes, CMS_R_CONTENT_VERIFY_ERROR)) {
            what = "the profile's content was changed after it was signed (digest mismatch)";
        } else if (has_cms_reason(codes, CMS_R_VERIFICATION_FAILURE)) {
            what = "the profile's signature is invalid (it does not verify with the signer's "
                   "certificate)";
        }
        return Error{what + ": refused (" + error_text(codes) + ")"};
    }
    for (SignerInfo& signer : out.signers) {
        signer.signature_verified = true;
        signer.note = "signature verified with the certificate in the profile; its chain of trust "
                      "was not checked";
    }
    return out;
}

} // namespace maillab::profiles
