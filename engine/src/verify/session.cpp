#include "verify/session.hpp"

#include "net/dns_settings.hpp"
#include "net/resolver.hpp"
#include "net/tls.hpp"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <exception>

namespace maillab::verify_detail {

Clock::time_point Session::step_deadline() const {
    return std::min(Clock::now() + options.step_timeout, overall_deadline);
}

Clock::time_point Session::auth_deadline() const {
    return std::min(Clock::now() + options.auth_timeout, overall_deadline);
}

void Session::fail(Outcome outcome, std::string message) {
    if (finished_)
        return;
    finished_ = true;
    result.outcome = outcome;
    result.failed_stage = transcript.steps().empty() ? "resolve" : transcript.steps().back().stage;
    transcript.note("result", std::string(to_string(outcome)) + ": " + message);
    result.message = std::move(message);
}

void Session::fail(const net::NetFailure& failure) {
    const bool first = !finished_;
    fail(failure.outcome, failure.message);
    if (first && !failure.stage.empty())
        result.failed_stage = failure.stage;
}

void Session::succeed(std::string note) {
    if (finished_)
        return;
    finished_ = true;
    result.outcome = Outcome::ok;
    transcript.note("result", "ok: " + note);
}

void Session::credentials_going_out(std::string_view stage) {
    result.credentials_sent = true;
    if (!connection.is_tls()) {
        std::string warning = "the password was sent to " + server.host +
                              " without encryption (Use SSL is off and the server allowed it)";
        if (std::find(result.warnings.begin(), result.warnings.end(), warning) ==
            result.warnings.end())
            result.warnings.push_back(warning);
        transcript.note(stage, "warning: password sent without encryption");
    }
}

CheckResult run_check(ServerRole role, const ServerSettings& server, const NetOptions& options,
                      const ProtocolRun& protocol, bool probe_only) {
    CheckResult result;
    result.role = role;
    result.host = server.host;
    result.port = server.port;
    result.security = server.security;
    net::Transcript transcript(server.host, server.port);
    const auto overall_deadline = Clock::now() + options.timeout;

    auto finish = [&](CheckResult& r) {
        r.steps = transcript.take();
        r.elapsed_ms = r.steps.empty() ? 0 : r.steps.back().elapsed_ms;
        std::string internal_message = r.message;
        r.message = phone_message(r);
        if (!internal_message.empty() && r.outcome != Outcome::ok)
            r.message += " (" + internal_message + ")";
        return r;
    };

    auto context = net::shared_client_context(options);
    if (!context) {
        result.outcome = context.error().outcome;
        result.message = context.error().message;
        transcript.note("tls-setup", context.error().message);
        return finish(result);
    }

    transcript.note("resolve",
                    "looking up " + server.host +
                        (options.resolver ? " via " + *options.resolver : std::string{}));
    auto addresses =
        net::resolve_host(server.host, net::dns_settings(options),
                          std::min(Clock::now() + options.step_timeout, overall_deadline));
    if (!addresses) {
        transcript.note("resolve", addresses.error().message);
        result.failed_stage = "resolve";
        result.outcome = addresses.error().outcome == Outcome::timeout ? Outcome::dns_failed
                                                                       : addresses.error().outcome;
        result.message = addresses.error().message;
        return finish(result);
    }
    {
        std::string list;
        for (const auto& a : *addresses)
            list += (list.empty() ? "" : ", ") + a;
        transcript.note("resolve", server.host + " has address " + list);
    }

    boost::asio::io_context io;
    net::Connection connection(io.get_executor(), *context, transcript, options, server.host);
    Session session{connection, transcript, server, options, result, overall_deadline};
    session.probe_only = probe_only;

    const auto port = net::connect_port(options, server.host, server.port);
    if (!port) {
        transcript.note("connect", "port " + std::to_string(server.port) + " of " + server.host +
                                       " is closed");
        session.fail(Outcome::connect_failed, "connection refused by " + server.host + " port " +
                                                  std::to_string(server.port));
        result.certificate.reset();
        return finish(result);
    }
    if (*port != server.port)
        transcript.note("connect", "private zone " + options.zone->domain + ": port " +
                                       std::to_string(server.port) + " is served on port " +
                                       std::to_string(*port));

    auto body = [&]() -> asio::awaitable<void> {
        auto connected = co_await connection.connect(*addresses, *port, session.step_deadline());
        if (!connected) {
            session.fail(connected.error());
            co_return;
        }
        if (server.security == Security::tls) {
            auto tls = co_await connection.start_tls(server.host, "tls-handshake",
                                                     session.step_deadline());
            if (!tls) {
                session.fail(tls.error());
                co_return;
            }
        }
        co_await protocol(session);
    };
    std::exception_ptr failure;
    boost::asio::co_spawn(io, body(), [&](std::exception_ptr e) { failure = e; });
    io.run();
    connection.close();
    if (failure) {
        try {
            std::rethrow_exception(failure);
        } catch (const std::exception& e) {
            session.fail(Outcome::protocol_error, std::string("internal error: ") + e.what());
        }
    }
    if (!session.finished())
        session.fail(Outcome::protocol_error, "the check ended without a result");
    result.certificate = connection.certificate();
    return finish(result);
}

} // namespace maillab::verify_detail
