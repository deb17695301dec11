// HTTP(S) for discovery through Boost.Beast: TLS verified as for mail servers, a 1 MiB body
// cap, at most 5 redirects, and an https→http hop marks the result untrusted. Credentials are
// never carried across a redirect.
#pragma once

#include "maillab/autoconfig/ports.hpp"
#include "maillab/verify/verify.hpp"

namespace maillab::discovery {

class BeastHttpFetcher : public autoconfig::HttpFetcher {
  public:
    static constexpr std::size_t max_body_bytes = 1024 * 1024;
    static constexpr int max_redirects = 5;

    explicit BeastHttpFetcher(NetOptions options);
    Result<autoconfig::HttpResponse> fetch(const autoconfig::HttpRequest& request,
                                           autoconfig::Deadline deadline) override;

  private:
    NetOptions options_;
};

} // namespace maillab::discovery
