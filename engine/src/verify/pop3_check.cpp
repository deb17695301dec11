// POP3 login check: greeting, CAPA, STLS (then CAPA again), USER/PASS, AUTH or APOP, optional
// mailbox work (Pop3Work), QUIT.
#include "maillab/protocol/dot_stuffing.hpp"
#include "maillab/protocol/pop3_response.hpp"
#include "maillab/protocol/sasl.hpp"
#include "verify/session.hpp"

namespace maillab::verify_detail {
namespace {

class Pop3Check final : public Pop3Link {
  public:
    Pop3Check(Session& s, const Pop3Work* work) : s_(s), work_(work) {}
    asio::awaitable<void> run();

    asio::awaitable<std::optional<pop3::Status>> command(std::string_view stage,
                                                         const std::string& line) override;
    asio::awaitable<std::optional<Pop3Lines>> read_multiline(std::string_view stage,
                                                             std::size_t max_bytes,
                                                             bool shown) override;
    bool has_capability(std::string_view name) const override { return caps_.has(name); }

  private:
    asio::awaitable<std::optional<pop3::Status>> status(std::string_view stage,
                                                        Clock::time_point deadline);
    asio::awaitable<std::optional<pop3::Status>> command(std::string_view stage,
                                                         const std::string& line,
                                                         const std::string& shown,
                                                         Clock::time_point deadline);
    asio::awaitable<bool> capa();
    asio::awaitable<bool> stls();
    asio::awaitable<void> login();
    using Answer = std::function<std::optional<std::string>(std::string_view)>;
    asio::awaitable<std::optional<pop3::Status>>
    sasl_exchange(const std::string& mechanism, const std::optional<std::string>& initial,
                  const Answer& answer);
    void judge_login(const pop3::Status& status);
    asio::awaitable<bool> quit();

    Session& s_;
    const Pop3Work* work_ = nullptr;
    bool logged_in_ = false;
    pop3::Capabilities caps_;
    std::string last_line_;
    std::optional<std::string> apop_timestamp_;
};

asio::awaitable<std::optional<pop3::Status>> Pop3Check::status(std::string_view stage,
                                                               Clock::time_point deadline) {
    auto line = co_await s_.connection.read_line(stage, deadline);
    if (!line) {
        s_.fail(line.error());
        co_return std::nullopt;
    }
    last_line_ = *line;
    auto parsed = pop3::parse_status(*line);
    if (!parsed && line->rfind("+ ", 0) == 0)
        co_return pop3::Status{true, "+", line->substr(2)}; // SASL continuation
    if (!parsed && *line == "+")
        co_return pop3::Status{true, "+", ""};
    if (!parsed) {
        s_.result.server_reply = *line;
        s_.fail(Outcome::protocol_error, "not a POP3 status line during " + std::string(stage));
        co_return std::nullopt;
    }
    co_return parsed;
}

asio::awaitable<std::optional<pop3::Status>>
Pop3Check::command(std::string_view stage, const std::string& line, const std::string& shown,
                   Clock::time_point deadline) {
    auto sent = co_await s_.connection.write_line(stage, line, shown, deadline);
    if (!sent) {
        s_.fail(sent.error());
        co_return std::nullopt;
    }
    co_return co_await status(stage, deadline);
}

asio::awaitable<bool> Pop3Check::capa() {
    const std::string capa_command = "CAPA";
    auto reply = co_await command("capability", capa_command, capa_command, s_.step_deadline());
    if (!reply)
        co_return false;
    caps_ = {};
    if (!reply->ok)
        co_return true; // CAPA is optional (RFC 2449); an old server has none
    std::vector<std::string> lines;
    constexpr std::size_t max_capability_lines = 1000;
    while (true) {
        auto line = co_await s_.connection.read_line("capability", s_.step_deadline());
        if (!line) {
            s_.fail(line.error());
            co_return false;
        }
        if (*line == ".")
            break;
        if (lines.size() == max_capability_lines) {
            // Never act on a list cut short: the rest would be read as replies to commands.
            s_.fail(Outcome::protocol_error, "the CAPA list has more than " +
                                                 std::to_string(max_capability_lines) + " lines");
            co_return false;
        }
        lines.push_back(line->rfind("..", 0) == 0 ? line->substr(1) : *line);
    }
    caps_ = pop3::parse_capabilities(lines);
    s_.result.capabilities = caps_.lines;
    co_return true;
}

asio::awaitable<bool> Pop3Check::stls() {
    if (!caps_.has("STLS")) {
        s_.fail(Outcome::starttls_unavailable,
                "the server does not offer STLS; no password was sent");
        co_return false;
    }
    const std::string stls_command = "STLS";
    auto reply = co_await command("starttls", stls_command, stls_command, s_.step_deadline());
    if (!reply)
        co_return false;
    if (!reply->ok) {
        s_.result.server_reply = last_line_;
        s_.fail(Outcome::starttls_unavailable,
                "the server refused STLS (" + reply->text + "); no password was sent");
        co_return false;
    }
    auto tls = co_await s_.connection.start_tls(s_.server.host, "tls-handshake", s_.step_deadline());
    if (!tls) {
        s_.fail(tls.error());
        co_return false;
    }
    co_return co_await capa();
}

asio::awaitable<std::optional<pop3::Status>>
Pop3Check::sasl_exchange(const std::string& mechanism, const std::optional<std::string>& initial,
                         const Answer& answer) {
    std::string line = "AUTH " + mechanism;
    std::string shown = line;
    if (initial) {
        line += " " + *initial;
        shown += " ****";
        s_.credentials_going_out("auth");
    }
    auto reply = co_await command("auth", line, shown, s_.auth_deadline());
    for (int round = 0; reply && reply->code == "+" && round < 8; ++round) {
        auto response = answer(reply->text);
        if (!response) {
            const std::string cancel = "*";
            co_await command("auth", cancel, cancel, s_.step_deadline());
            s_.fail(Outcome::protocol_error, "the server sent a challenge that cannot be answered");
            co_return std::nullopt;
        }
        s_.credentials_going_out("auth");
        const std::string hidden = "****";
        reply = co_await command("auth", *response, hidden, s_.auth_deadline());
    }
    co_return reply;
}

void Pop3Check::judge_login(const pop3::Status& status) {
    s_.result.server_reply = last_line_;
    s_.result.enhanced_status = status.code;
    if (status.ok) {
        if (work_)
            logged_in_ = true;
        else
            s_.succeed("logged in with " + s_.result.mechanism);
        return;
    }
    if (status.code == "SYS/TEMP" || status.code == "IN-USE" || status.code == "LOGIN-DELAY")
        s_.fail(Outcome::protocol_error, "the server cannot open the mailbox now: " + status.text);
    else if (status.text.find("disallowed") != std::string::npos ||
             status.text.find("Plaintext") != std::string::npos)
        s_.fail(Outcome::plaintext_refused, "the server requires encryption: " + status.text);
    else
        s_.fail(Outcome::auth_failed, "the server rejected the login: " + status.text);
}

asio::awaitable<void> Pop3Check::login() {
    const auto& server = s_.server;
    std::optional<pop3::Status> reply;
    switch (server.auth) {
    case AuthMethod::password:
        if (!s_.connection.is_tls() && !caps_.lines.empty() && !caps_.has("USER") &&
            !caps_.has_sasl("PLAIN") && !caps_.has_sasl("LOGIN")) {
            s_.fail(Outcome::plaintext_refused,
                    "the server offers no password login without encryption; no password was "
                    "sent");
            co_return;
        }
        if (caps_.has_sasl("PLAIN") && s_.options.preferred_password_mechanism != "LOGIN") {
            s_.result.mechanism = "AUTH PLAIN";
            const std::string mechanism = "PLAIN";
            const std::optional<std::string> initial =
                sasl::plain_response(server.username, server.password);
            const Answer no_answer = [](std::string_view) { return std::optional<std::string>{}; };
            reply = co_await sasl_exchange(mechanism, initial, no_answer);
        } else {
            s_.result.mechanism = "USER/PASS";
            const std::string user = "USER " + server.username;
            reply = co_await command("auth", user, user, s_.auth_deadline());
            if (reply && reply->ok) {
                s_.credentials_going_out("auth");
                const std::string pass = "PASS " + server.password;
                const std::string shown = "PASS ****";
                reply = co_await command("auth", pass, shown, s_.auth_deadline());
            }
        }
        break;
    case AuthMethod::cram_md5:
        if (caps_.has_sasl("CRAM-MD5")) {
            s_.result.mechanism = "AUTH CRAM-MD5";
            const std::string mechanism = "CRAM-MD5";
            const std::optional<std::string> no_initial;
            const Answer answer = [&](std::string_view c) {
                return sasl::cram_md5_response(server.username, server.password, c);
            };
            reply = co_await sasl_exchange(mechanism, no_initial, answer);
        } else if (apop_timestamp_) {
            s_.result.mechanism = "APOP";
            s_.credentials_going_out("auth");
            const std::string apop = "APOP " + server.username + " " +
                                     sasl::apop_digest(*apop_timestamp_, server.password);
            const std::string shown = "APOP " + server.username + " ****";
            reply = co_await command("auth", apop, shown, s_.auth_deadline());
        } else {
            s_.fail(Outcome::auth_mechanism_unsupported,
                    "the server offers neither CRAM-MD5 nor APOP (MD5 Challenge-Response)");
            co_return;
        }
        break;
    case AuthMethod::ntlm:
    case AuthMethod::http_md5_digest:
    case AuthMethod::none:
        s_.fail(Outcome::auth_mechanism_unsupported,
                std::string(iphone_label(server.auth)) +
                    " authentication is not supported for POP by MailLab; choose Password or "
                    "MD5 Challenge-Response");
        co_return;
    }
    if (reply)
        judge_login(*reply);
}

// True when the server confirmed QUIT (which is when it removes messages marked with DELE).
asio::awaitable<bool> Pop3Check::quit() {
    auto deadline = std::min(Clock::now() + std::chrono::seconds(5), s_.overall_deadline);
    if (!co_await s_.connection.write_line("quit", "QUIT", deadline))
        co_return false;
    auto line = co_await s_.connection.read_line("quit", deadline);
    co_return line && line->rfind("+OK", 0) == 0;
}

asio::awaitable<std::optional<pop3::Status>> Pop3Check::command(std::string_view stage,
                                                                const std::string& line) {
    auto reply = co_await command(stage, line, line, s_.step_deadline());
    if (reply && !reply->ok)
        s_.result.server_reply = last_line_;
    co_return reply;
}

asio::awaitable<std::optional<Pop3Lines>>
Pop3Check::read_multiline(std::string_view stage, std::size_t max_bytes, bool shown) {
    Pop3Lines out;
    while (true) {
        auto line = co_await s_.connection.read_line(stage, s_.step_deadline(), shown);
        if (!line) {
            s_.fail(line.error());
            co_return std::nullopt;
        }
        if (pop3::is_terminator(*line))
            break;
        const auto text = pop3::unstuff(*line);
        ++out.lines;
        if (out.truncated || out.text.size() + text.size() + 2 > max_bytes) {
            out.truncated = true;
            continue;
        }
        out.text += text;
        out.text += "\r\n";
    }
    if (!shown)
        s_.transcript.note(stage, std::to_string(out.lines) + " line(s) received, not shown" +
                                      (out.truncated ? " (the rest dropped)" : ""));
    co_return out;
}

asio::awaitable<void> Pop3Check::run() {
    auto greeting = co_await status("greeting", s_.step_deadline());
    if (!greeting)
        co_return;
    if (!greeting->ok) {
        s_.result.server_reply = last_line_;
        s_.fail(Outcome::protocol_error, "the server refused the connection: " + greeting->text);
        co_return;
    }
    apop_timestamp_ = pop3::apop_timestamp(last_line_);
    if (!co_await capa())
        co_return;
    if (s_.server.security == Security::starttls && !co_await stls())
        co_return;
    for (const auto& line : caps_.lines)
        if (line.rfind("SASL ", 0) == 0) {
            std::string_view rest = std::string_view(line).substr(5);
            while (!rest.empty()) {
                auto space = rest.find(' ');
                if (space != 0)
                    s_.result.auth_mechanisms.emplace_back(rest.substr(0, space));
                rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
            }
        }
    s_.result.login_disabled = !caps_.lines.empty() && !caps_.has("USER");
    if (s_.probe_only) {
        s_.succeed("capabilities read; no login attempted");
        co_await quit();
        co_return;
    }
    co_await login();
    if (logged_in_ && !s_.finished()) {
        co_await (*work_)(s_, *this);
        if (s_.finished()) {
            co_await quit();
            co_return;
        }
        // Messages marked with DELE go only when the server confirms QUIT.
        if (!co_await quit()) {
            s_.fail(Outcome::protocol_error, "the server did not confirm QUIT; deletions may not "
                                             "have been made");
            co_return;
        }
        s_.succeed("logged in with " + s_.result.mechanism + "; mailbox work done");
        co_return;
    }
    co_await quit();
}

} // namespace

asio::awaitable<void> run_pop3(Session& session, const Pop3Work* after_login) {
    Pop3Check check(session, after_login);
    co_await check.run();
}

} // namespace maillab::verify_detail
