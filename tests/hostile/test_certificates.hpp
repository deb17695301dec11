// Certificates for the hostile server, made once per test run with OpenSSL: a test CA (its PEM
// file goes into NetOptions::ca_file) and leaves that are good, for the wrong name, expired, or
// self-signed.
#pragma once

#include "hostile_server.hpp"

#include <string>

namespace maillab::hostile {

inline constexpr const char* test_host = "mail.hostile.test";
// The web names of the discovery tests: the address's domain and a foreign one.
inline constexpr const char* test_domain = "hostile.test";
inline constexpr const char* foreign_domain = "evil.test";

struct TestPki {
    std::string ca_file;     // PEM of the test CA, in a directory of its own
    TlsIdentity good;        // signed by the CA for test_host
    TlsIdentity wrong_name;  // signed by the CA for other.example
    TlsIdentity expired;     // signed by the CA for test_host, expired yesterday
    TlsIdentity self_signed; // for test_host, signed by itself
    TlsIdentity tls1_0_only; // good, but the server speaks TLS 1.0 only
    TlsIdentity web; // signed by the CA for hostile.test, evil.test and autoconfig., autodiscover.
};

const TestPki& test_pki();

} // namespace maillab::hostile
