// TLS policy: system trust store plus an optional CA file, TLS 1.2 minimum, host-name
// verification, certificate details for the UI, trust exceptions pinned to a fingerprint.
#pragma once

#include "maillab/verify/check_result.hpp"
#include "maillab/verify/verify.hpp"
#include "net/net_result.hpp"

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace maillab::net {

// A client context; the error names the CA file when it cannot be loaded.
NetResult<std::shared_ptr<boost::asio::ssl::context>>
make_client_context(const NetOptions& options);

// The same, made once per CA file and shared: discovery runs dozens of probes and fetches, each of
// which would otherwise build a context and read the CA file again. A configured SSL_CTX may be
// used by many connections on many threads at once.
NetResult<std::shared_ptr<boost::asio::ssl::context>>
shared_client_context(const NetOptions& options);

// Names the server a handshake must prove to be: a host name is sent as SNI and checked against
// the certificate's DNS names; an IP address (an IPv6 one with or without brackets) is checked
// against its IP names and never sent as SNI (RFC 6066 §3).
void expect_peer(SSL* ssl, const std::string& host);

CertificateDetails describe_certificate(X509* certificate);
std::string sha256_fingerprint(X509* certificate);

// The outcome a failed certificate check means (name mismatch, or untrusted for the rest).
Outcome outcome_for_verify_error(int x509_error);

} // namespace maillab::net
