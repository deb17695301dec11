// Signed configuration profiles: a .mobileconfig wrapped in CMS (PKCS #7) SignedData, as Apple
// Configurator, profile managers and `security cms -S` write them. Unwrapping is offline: the
// signature is checked against the certificates embedded in the profile, but their chain is not
// (Apple's trust store and the device's date are not available), so "verified" means "the
// content is what the embedded signer signed", not "the signer is trusted".
#pragma once

#include "maillab/result.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace maillab::profiles {

struct SignerInfo {
    std::string subject; // RFC 2253 form, e.g. "CN=Example Profiles,O=Example Inc."
    std::string issuer;
    // The signature matches the content under the embedded signer certificate. False with
    // `note` when the profile does not carry the signer's certificate (nothing to check with).
    bool signature_verified = false;
    std::string note;
};

struct UnwrappedProfile {
    std::string content;             // the signed bytes (normally an XML plist)
    std::vector<SignerInfo> signers; // in SignerInfos order
};

// True when the bytes look like DER (a SEQUENCE, 0x30) or a PEM "PKCS7"/"CMS" block.
bool looks_like_signed_profile(std::string_view bytes);

// Unwraps DER or PEM CMS SignedData with the content attached. Errors name the problem: not
// CMS, an encrypted (EnvelopedData) profile, a detached signature, no signers, or a signature
// that does not match the content (tampered or corrupt: refused, never imported).
Result<UnwrappedProfile> unwrap_signed_profile(std::string_view bytes);

} // namespace maillab::profiles
