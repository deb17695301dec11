#include "engine_services.hpp"

#include "maillab/discovery/discover.hpp"
#include "maillab/profiles/bundled_providers.hpp"

#include <chrono>

namespace maillab::sim::flows {
namespace {

class RealEngine final : public EngineServices {
  public:
    RealEngine(const EngineConfig& config, std::string* warning) {
        net_.resolver = config.resolver;
        net_.ca_file = config.ca_file;
        net_.zone = config.zone;
        zone_source_ = config.zone_source;
        const std::filesystem::path dir = config.providers_dir.empty()
                                              ? profiles::default_providers_dir()
                                              : std::filesystem::path(config.providers_dir);
        if (dir.empty()) {
            if (warning)
                *warning = "no bundled provider files found (assets/providers)";
            return;
        }
        auto loaded = profiles::load_bundled_providers(dir);
        if (!loaded) {
            if (warning)
                *warning = "bundled providers: " + loaded.error().message;
            return;
        }
        bundled_ = std::make_shared<const autoconfig::BundledProviders>(std::move(*loaded));
    }

    Result<autoconfig::DiscoveryResult> discover(const std::string& email,
                                                 const std::string& password) override {
        DiscoverOptions options;
        options.net = net();
        options.bundled = bundled_;
        options.password = password;
        return maillab::discover(email, options);
    }

    VerifyReport verify(const Account& account, const std::vector<TrustException>& trust) override {
        VerifyOptions options;
        options.net = net();
        options.net.trust_exceptions = trust;
        return verify_account(account, options);
    }

    CheckResult check_incoming(const IncomingServer& server,
                               const std::vector<TrustException>& trust) override {
        NetOptions net = this->net();
        net.trust_exceptions = trust;
        return maillab::check_incoming(server, net);
    }

    CheckResult check_smtp(const ServerSettings& server, const std::string& from,
                           const std::vector<TrustException>& trust) override {
        VerifyOptions options;
        options.net = net();
        options.net.trust_exceptions = trust;
        return maillab::check_smtp(server, options, from);
    }

    FetchResult fetch(const IncomingServer& server, const FetchRequest& request,
                      const std::vector<TrustException>& trust) override {
        NetOptions net = this->net();
        net.trust_exceptions = trust;
        return fetch_messages(server, net, request);
    }

    CheckResult send(const ServerSettings& smtp, const OutgoingMessage& message,
                     const std::vector<TrustException>& trust) override {
        NetOptions net = this->net();
        net.trust_exceptions = trust;
        return send_message(smtp, net, message);
    }

  private:
    NetOptions net() const {
        NetOptions options = net_;
        if (zone_source_)
            options.zone = zone_source_();
        return options;
    }

    NetOptions net_;
    std::function<std::shared_ptr<const StaticZone>()> zone_source_;
    std::shared_ptr<const autoconfig::BundledProviders> bundled_;
};

} // namespace

std::unique_ptr<EngineServices> make_engine_services(const EngineConfig& config,
                                                     std::string* warning) {
    return std::make_unique<RealEngine>(config, warning);
}

bool wait_for_engine_background_work() {
    return autoconfig::wait_for_background_work(std::chrono::milliseconds(2000));
}

} // namespace maillab::sim::flows
