// RFC 6186 / RFC 8314: mail service records name the servers directly.
#include "sources/fetch_config.hpp"

#include <future>
#include <random>

namespace maillab::autoconfig {

using detail::failure;
using detail::not_found;

DiscoverySource srv_source(std::shared_ptr<const DiscoveryContext> context) {
    return {SourceKind::srv, context->timeouts.srv,
            [context](Deadline deadline, const StopFlag& stop) -> SourceOutcome {
                std::mt19937 generator{std::random_device{}()};
                auto random = [&](std::uint32_t n) {
                    return std::uniform_int_distribution<std::uint32_t>(0, n)(generator);
                };
                ProviderConfig config;
                config.id = context->domain;
                config.domains.push_back(context->domain);
                std::vector<std::string> errors, origins;
                std::string not_offered; // services whose only record has target "."
                // All service names are asked at once (one round trip, not one per name); the
                // answers are read in the services' order, so the result does not depend on
                // which answer came first. Every lookup ends by the deadline.
                const auto& services = mail_services();
                std::vector<std::future<Result<std::vector<SrvRecord>>>> answers;
                for (const auto& service : services) {
                    const std::string name = std::string(service.label) + "." + context->domain;
                    answers.push_back(std::async(std::launch::async, [context, name, deadline] {
                        return context->srv->lookup_srv(name, deadline);
                    }));
                }
                for (std::size_t i = 0; i < services.size(); ++i) {
                    const auto& service = services[i];
                    auto records = answers[i].get();
                    if (stop.stop_requested())
                        continue; // still collect every answer before leaving
                    const std::string name =
                        std::string(service.label) + "." + context->domain;
                    if (!records) {
                        errors.push_back(name + ": " + records.error().message);
                        continue;
                    }
                    auto selection = select_srv(*records, random);
                    if (selection.not_offered)
                        not_offered += (not_offered.empty() ? "" : ", ") +
                                       std::string(service.label);
                    if (selection.not_offered || selection.ordered.empty())
                        continue;
                    const auto& best = selection.ordered.front();
                    ServerEntry server;
                    server.type = std::string(service.protocol);
                    server.hostname = best.target;
                    server.port = best.port;
                    server.socket_type =
                        service.implicit_tls ? SocketType::ssl : SocketType::starttls;
                    server.authentication = {"password-cleartext"};
                    server.username = "%EMAILADDRESS%"; // RFC 6186 §3
                    (service.protocol == "smtp" ? config.outgoing : config.incoming)
                        .push_back(server);
                    origins.push_back(name);
                }
                if (stop.stop_requested())
                    return not_found("stopped");
                if (config.incoming.empty() || config.outgoing.empty()) {
                    std::string reason = "no usable SRV records for " +
                                         std::string(config.incoming.empty() ? "incoming"
                                                                             : "outgoing") +
                                         " mail in " + context->domain;
                    if (!not_offered.empty())
                        reason += "; the domain says these services are not offered (SRV "
                                  "target \".\"): " + not_offered;
                    if (!errors.empty() && origins.empty())
                        return failure(reason + " (" + errors.front() + ")");
                    return not_found(reason);
                }
                std::string origin = "DNS SRV";
                for (const auto& o : origins)
                    origin += " " + o;
                auto candidate = make_candidate(SourceKind::srv, origin, false, std::move(config),
                                                *context);
                candidate.notes.push_back("from DNS SRV records (not authenticated: confirm "
                                          "before use)");
                return {std::move(candidate), {}, false};
            }};
}

} // namespace maillab::autoconfig
