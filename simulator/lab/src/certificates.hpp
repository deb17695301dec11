// The lab CA and the servers' certificates, made with OpenSSL at start-up (EC P-256).
#pragma once

#include "maillab/lab/lab.hpp"

#include <boost/asio/ssl/context.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace maillab::lab_detail {

struct CertificateSet {
    std::filesystem::path ca_file;
    // One server context per lab::CertificateKind, index = enum value.
    std::vector<std::shared_ptr<boost::asio::ssl::context>> contexts;
};

struct CertificateResult {
    std::unique_ptr<CertificateSet> set;
    std::string error;
};

// Reuses STATE_DIR/ca.pem + ca-key.pem when they hold a usable lab CA (so clients that were told
// to trust it keep working across runs); otherwise makes a new one. Server certificates are new
// on every start. dns_names and ip_addresses go into the good and expired certificates' SANs.
CertificateResult make_certificates(const std::filesystem::path& state_dir,
                                    const std::string& domain,
                                    const std::vector<std::string>& dns_names,
                                    const std::vector<std::string>& ip_addresses);

} // namespace maillab::lab_detail
