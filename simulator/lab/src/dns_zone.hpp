// The lab's DNS zone, shared by the DNS server, the SMTP server's routing and the admin side:
// one immutable snapshot at a time, swapped whole under a mutex when the trainer changes it.
#pragma once

#include "maillab/lab/lab.hpp"

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace maillab::lab_detail {

class ZoneState {
  public:
    // `hidden`: the names an undiscoverable lab drops (the ones clients look up or guess);
    // an MX at one of them then points at `unlisted_mail_host`.
    void reset(lab::LabZone zone, std::vector<std::string> hidden = {},
               std::string unlisted_mail_host = {});
    // The zone as it is served now.
    std::shared_ptr<const lab::LabZone> snapshot() const;
    // The apex's MX becomes "10 host"; host must already be canonical (canonical_host_name).
    void set_mx(const std::string& host);
    void set_discoverable(bool discoverable);
    bool discoverable() const;
    // Empty when mail for the zone's domain reaches the lab's mail server (an MX host, or the
    // apex when there is no MX, has an address in the zone); else the reason, in plain words.
    std::string undeliverable_reason() const;

  private:
    void publish(); // needs mutex_: zone_ from full_ and discoverable_, with a new version

    mutable std::mutex mutex_;
    lab::LabZone full_;
    std::vector<std::string> hidden_;
    std::string unlisted_mail_host_;
    bool discoverable_ = true;
    std::shared_ptr<const lab::LabZone> zone_ = std::make_shared<lab::LabZone>();
};

// The zone a freshly started lab serves: every host name on the listen address, MX to mail_host,
// SPF and DMARC. No SRV records: the phone's discovery would then find settings by SRV too,
// which changes what the lessons show (the server answers SRV queries for any it is given).
lab::LabZone default_zone(const std::string& domain, const std::vector<std::string>& host_names,
                          const std::string& mail_host, const std::string& listen_address);

// Lower case without a trailing dot when `text` is a valid host name (letters, digits, '-' and
// '_' in labels of 1 to 63, 253 in all, at least two labels); nullopt otherwise.
std::optional<std::string> canonical_host_name(std::string_view text);

} // namespace maillab::lab_detail
