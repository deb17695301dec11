// Guessing: probe common host names and ports in parallel (capabilities only, no login), started
// 100 ms apart; for each side, the first probe in preference order whose better-ranked probes
// all failed wins (Thunderbird's rule).
#include "background_work.hpp"
#include "sources/fetch_config.hpp"

#include <condition_variable>
#include <mutex>
#include <thread>

namespace maillab::autoconfig {

using detail::not_found;

namespace {

struct ProbeBoard {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::optional<Result<ProbeResult>>> results;
};

std::vector<std::string> auth_from(const ProbeResult& probe) {
    auto has = [&](std::string_view m) {
        for (const auto& a : probe.auth_mechanisms)
            if (a == m)
                return true;
        return false;
    };
    std::vector<std::string> out;
    if (has("CRAM-MD5"))
        out.push_back("password-encrypted");
    if (!probe.login_disabled)
        out.push_back("password-cleartext");
    return out;
}

// Runs the probes of one side; returns the index of the winner, if any.
std::optional<std::size_t> run_probes(const std::vector<Probe>& probes,
                                      const std::shared_ptr<Prober>& prober,
                                      Deadline deadline, const StopFlag& stop,
                                      std::chrono::milliseconds stagger,
                                      std::shared_ptr<ProbeBoard>& board_out) {
    auto board = std::make_shared<ProbeBoard>();
    board_out = board;
    board->results.resize(probes.size());
    // The prober is shared by threads that may outlive this call.
    for (std::size_t i = 0; i < probes.size(); ++i) {
        const auto start_at = std::chrono::steady_clock::now() + stagger * static_cast<int>(i);
        detail::run_in_background([board, i, probe = probes[i], prober, deadline, stop, start_at] {
            {
                // Staggered start, but no waiting once every better probe has already failed.
                std::unique_lock lock(board->mutex);
                board->changed.wait_until(lock, start_at, [&] {
                    for (std::size_t k = 0; k < i; ++k)
                        if (!board->results[k])
                            return false;
                    return true;
                });
            }
            Result<ProbeResult> result = Error{"stopped"};
            if (!stop.stop_requested() && std::chrono::steady_clock::now() < deadline)
                result = prober->probe(probe, deadline);
            std::lock_guard lock(board->mutex);
            board->results[i] = std::move(result);
            board->changed.notify_all();
        });
    }
    std::unique_lock lock(board->mutex);
    while (true) {
        for (std::size_t i = 0; i < probes.size(); ++i) {
            if (!board->results[i])
                break; // a better probe is still running
            if (board->results[i]->ok())
                return i;
        }
        bool all_done = true;
        for (const auto& r : board->results)
            all_done = all_done && r.has_value();
        if (all_done || stop.stop_requested() || std::chrono::steady_clock::now() >= deadline)
            return std::nullopt;
        board->changed.wait_until(lock, std::min(deadline, std::chrono::steady_clock::now() +
                                                               std::chrono::milliseconds(50)));
    }
}

} // namespace

DiscoverySource guess_source(std::shared_ptr<const DiscoveryContext> context) {
    return {SourceKind::guess, context->timeouts.guess,
            [context](Deadline deadline, const StopFlag& stop) -> SourceOutcome {
                const auto plan = plan_guesses(context->domain);
                // Both sides at once; the prober outlives the probes through the context.
                std::shared_ptr<ProbeBoard> incoming_board, outgoing_board;
                auto prober = context->prober;
                std::optional<std::size_t> outgoing;
                std::thread outgoing_thread([&] {
                    outgoing = run_probes(plan.outgoing, prober, deadline, stop,
                                          context->guess_stagger, outgoing_board);
                });
                auto incoming = run_probes(plan.incoming, prober, deadline, stop,
                                           context->guess_stagger, incoming_board);
                outgoing_thread.join();
                if (!incoming || !outgoing)
                    return not_found(std::string("no ") +
                                     (!incoming ? "incoming" : "outgoing") +
                                     " server answered at the usual host names and ports of " +
                                     context->domain);
                ProviderConfig config;
                config.id = context->domain;
                config.domains.push_back(context->domain);
                auto entry = [](const Probe& p, const ProbeResult& r) {
                    ServerEntry s;
                    s.type = p.protocol;
                    s.hostname = p.host;
                    s.port = p.port;
                    s.socket_type = p.socket_type;
                    s.authentication = auth_from(r);
                    s.username = "%EMAILADDRESS%";
                    return s;
                };
                {
                    std::lock_guard lock(incoming_board->mutex);
                    config.incoming.push_back(entry(plan.incoming[*incoming],
                                                    incoming_board->results[*incoming]->value()));
                }
                {
                    std::lock_guard lock(outgoing_board->mutex);
                    config.outgoing.push_back(entry(plan.outgoing[*outgoing],
                                                    outgoing_board->results[*outgoing]->value()));
                }
                auto candidate = make_candidate(SourceKind::guess, "guessed from " + context->domain,
                                                false, std::move(config), *context);
                candidate.notes.push_back("guessed by probing common host names (confirm before "
                                          "use; the user name is a guess too)");
                return {std::move(candidate), {}, false};
            }};
}

} // namespace maillab::autoconfig
