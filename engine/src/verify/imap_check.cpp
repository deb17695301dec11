// IMAP login check: greeting, CAPABILITY, STARTTLS (then CAPABILITY again), login, optional
// mailbox work (ImapWork), LOGOUT.
#include "maillab/protocol/imap_fetch.hpp"
#include "maillab/protocol/imap_response.hpp"
#include "maillab/protocol/sasl.hpp"
#include "verify/session.hpp"

namespace maillab::verify_detail {
namespace {

class ImapCheck final : public ImapLink {
  public:
    ImapCheck(Session& s, const ImapWork* work) : s_(s), work_(work) {}

    asio::awaitable<void> run();

    asio::awaitable<std::optional<ImapReply>> command(std::string_view stage,
                                                      const std::string& command) override;
    bool has_capability(std::string_view name) const override {
        return imap::has_capability(caps_, name);
    }

  private:
    struct Tagged {
        imap::Response response;
        std::string line;
    };

    std::string next_tag() { return "a" + std::to_string(++tag_counter_); }
    void absorb_untagged(const imap::Response& response);
    // With `untagged`, untagged responses are collected whole (literals read inline) and each
    // read gets a fresh step deadline instead of `deadline`.
    asio::awaitable<std::optional<Tagged>>
    read_until_tagged(const std::string& tag, std::string_view stage, Clock::time_point deadline,
                      std::vector<std::string>* untagged = nullptr);
    asio::awaitable<bool> read_literals(std::string& response, std::string_view stage);
    asio::awaitable<void> after_login();
    asio::awaitable<bool> capability();
    asio::awaitable<bool> starttls();
    asio::awaitable<void> login();
    asio::awaitable<std::optional<Tagged>> login_command(const std::string& tag);
    // Runs an AUTHENTICATE exchange: answer(challenge) gives each response (already base64).
    using Answer = std::function<std::optional<std::string>(std::string_view)>;
    asio::awaitable<std::optional<Tagged>>
    authenticate(const std::string& tag, std::string_view mechanism,
                 const std::optional<std::string>& initial_response, const Answer& answer);
    void judge_login(const Tagged& tagged);
    asio::awaitable<void> logout();

    Session& s_;
    const ImapWork* work_ = nullptr;
    bool logged_in_ = false;
    int tag_counter_ = 0;
    std::vector<std::string> caps_;
    bool closed_by_server_ = false;
};

void ImapCheck::absorb_untagged(const imap::Response& response) {
    if (response.data_kind == "CAPABILITY")
        caps_ = imap::parse_capabilities(response.data);
    if (response.code == "CAPABILITY")
        caps_ = imap::parse_capabilities(response.code_args);
    if (response.code == "ALERT")
        s_.result.alerts.push_back(response.text);
    if (response.status == "BYE")
        closed_by_server_ = true;
}

// Appends the literal that ends `response` and the line after it, until a line ends without one.
asio::awaitable<bool> ImapCheck::read_literals(std::string& response, std::string_view stage) {
    for (int literals = 0; literals < 64; ++literals) {
        const auto size = imap::literal_size_at_end(response);
        if (!size)
            co_return true;
        auto data = co_await s_.connection.read_exact(stage, *size, s_.step_deadline());
        if (!data) {
            s_.fail(data.error());
            co_return false;
        }
        auto rest = co_await s_.connection.read_line(stage, s_.step_deadline());
        if (!rest) {
            s_.fail(rest.error());
            co_return false;
        }
        response += "\r\n";
        response += *data;
        response += *rest;
    }
    s_.fail(Outcome::protocol_error, "too many literals in one response during " +
                                         std::string(stage));
    co_return false;
}

asio::awaitable<std::optional<ImapCheck::Tagged>>
ImapCheck::read_until_tagged(const std::string& tag, std::string_view stage,
                             Clock::time_point deadline, std::vector<std::string>* untagged) {
    for (int lines = 0; lines < 100000; ++lines) {
        if (untagged)
            deadline = s_.step_deadline();
        auto line = co_await s_.connection.read_line(stage, deadline);
        if (!line) {
            s_.fail(line.error());
            co_return std::nullopt;
        }
        auto response = imap::parse_response(*line);
        if (!response) {
            s_.fail(Outcome::protocol_error, "not an IMAP response: " + line->substr(0, 80));
            co_return std::nullopt;
        }
        if (response->tag == tag) {
            if (response->code == "ALERT")
                s_.result.alerts.push_back(response->text);
            if (response->code == "CAPABILITY")
                caps_ = imap::parse_capabilities(response->code_args);
            co_return Tagged{*response, *line};
        }
        if (response->tag == "*") {
            absorb_untagged(*response);
            if (untagged && !closed_by_server_) {
                std::string whole = *line;
                if (!co_await read_literals(whole, stage))
                    co_return std::nullopt;
                untagged->push_back(std::move(whole));
            }
            if (closed_by_server_) {
                s_.result.server_reply = *line;
                s_.fail(Outcome::protocol_error,
                        "the server closed the session: " + response->text);
                co_return std::nullopt;
            }
            continue;
        }
        if (response->tag == "+")
            co_return Tagged{*response, *line};
        s_.fail(Outcome::protocol_error, "unexpected tag in: " + line->substr(0, 80));
        co_return std::nullopt;
    }
    s_.fail(Outcome::protocol_error, "too many untagged responses during " + std::string(stage));
    co_return std::nullopt;
}

asio::awaitable<bool> ImapCheck::capability() {
    const auto tag = next_tag();
    const std::string line = tag + " CAPABILITY";
    auto sent = co_await s_.connection.write_line("capability", line, s_.step_deadline());
    if (!sent) {
        s_.fail(sent.error());
        co_return false;
    }
    auto tagged = co_await read_until_tagged(tag, "capability", s_.step_deadline());
    if (!tagged)
        co_return false;
    if (tagged->response.status != "OK") {
        s_.result.server_reply = tagged->line;
        s_.fail(Outcome::protocol_error, "CAPABILITY failed: " + tagged->response.text);
        co_return false;
    }
    co_return true;
}

asio::awaitable<bool> ImapCheck::starttls() {
    if (!imap::has_capability(caps_, "STARTTLS")) {
        s_.fail(Outcome::starttls_unavailable,
                "the server does not offer STARTTLS; no password was sent");
        co_return false;
    }
    const auto tag = next_tag();
    const std::string line = tag + " STARTTLS";
    auto sent = co_await s_.connection.write_line("starttls", line, s_.step_deadline());
    if (!sent) {
        s_.fail(sent.error());
        co_return false;
    }
    auto tagged = co_await read_until_tagged(tag, "starttls", s_.step_deadline());
    if (!tagged)
        co_return false;
    if (tagged->response.status != "OK") {
        s_.result.server_reply = tagged->line;
        s_.fail(Outcome::starttls_unavailable,
                "the server refused STARTTLS (" + tagged->response.text + "); no password was sent");
        co_return false;
    }
    auto tls = co_await s_.connection.start_tls(s_.server.host, "tls-handshake", s_.step_deadline());
    if (!tls) {
        s_.fail(tls.error());
        co_return false;
    }
    caps_.clear(); // capabilities from before TLS must not be trusted
    co_return co_await capability();
}

asio::awaitable<std::optional<ImapCheck::Tagged>>
ImapCheck::authenticate(const std::string& tag, std::string_view mechanism,
                        const std::optional<std::string>& initial_response, const Answer& answer) {
    std::string command = tag + " AUTHENTICATE " + std::string(mechanism);
    std::string shown = command;
    if (initial_response) {
        command += " " + *initial_response;
        shown += " ****";
    }
    if (initial_response || mechanism != "CRAM-MD5")
        s_.credentials_going_out("auth");
    auto sent = co_await s_.connection.write_line("auth", command, shown, s_.auth_deadline());
    if (!sent) {
        s_.fail(sent.error());
        co_return std::nullopt;
    }
    for (int round = 0; round < 8; ++round) {
        auto tagged = co_await read_until_tagged(tag, "auth", s_.auth_deadline());
        if (!tagged || tagged->response.tag != "+")
            co_return tagged;
        auto response = answer(tagged->response.text);
        if (!response) {
            co_await s_.connection.write_line("auth", "*", s_.step_deadline()); // cancel
            s_.fail(Outcome::protocol_error, "the server sent a challenge that cannot be answered");
            co_return std::nullopt;
        }
        s_.credentials_going_out("auth");
        auto reply = co_await s_.connection.write_line("auth", *response, "****", s_.auth_deadline());
        if (!reply) {
            s_.fail(reply.error());
            co_return std::nullopt;
        }
    }
    s_.fail(Outcome::protocol_error, "too many AUTHENTICATE rounds");
    co_return std::nullopt;
}

asio::awaitable<std::optional<ImapCheck::Tagged>> ImapCheck::login_command(const std::string& tag) {
    const bool literal_plus = imap::has_capability(caps_, "LITERAL+");
    auto user = imap::make_astring(s_.server.username);
    auto pass = imap::make_astring(s_.server.password);
    // The command is sent in pieces: after each synchronizing literal's "{n}" the server must
    // answer "+" before the literal's bytes follow.
    struct Piece {
        std::string text;
        std::string shown;
        bool wait_for_continuation = false;
    };
    std::vector<Piece> pieces;
    std::string head = tag + " LOGIN ";
    auto add_argument = [&](const imap::Astring& arg, bool secret, const std::string& after) {
        if (!arg.literal) {
            head += arg.text;
            std::string shown_head = head;
            if (secret)
                shown_head = head.substr(0, head.size() - arg.text.size()) + "****";
            pieces.push_back({head + after, shown_head + after, false});
            head.clear();
            return;
        }
        std::string marker = "{" + std::to_string(arg.text.size()) + (literal_plus ? "+}" : "}");
        pieces.push_back({head + marker + "\r\n", head + marker, !literal_plus});
        pieces.push_back({arg.text + after, secret ? "****" + after : arg.text + after, false});
        head.clear();
    };
    add_argument(user, false, " ");
    add_argument(pass, true, "\r\n");
    // Join plain pieces that do not wait for a continuation.
    s_.credentials_going_out("auth");
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        std::string text = pieces[i].text;
        std::string shown = pieces[i].shown;
        while (!pieces[i].wait_for_continuation && i + 1 < pieces.size()) {
            ++i;
            text += pieces[i].text;
            shown += pieces[i].shown;
        }
        if (shown.size() >= 2 && shown.substr(shown.size() - 2) == "\r\n")
            shown.resize(shown.size() - 2);
        auto sent = co_await s_.connection.write("auth", text, shown, s_.auth_deadline());
        if (!sent) {
            s_.fail(sent.error());
            co_return std::nullopt;
        }
        if (pieces[i].wait_for_continuation) {
            auto go_on = co_await read_until_tagged(tag, "auth", s_.auth_deadline());
            if (!go_on || go_on->response.tag != "+")
                co_return go_on; // the server answered the command early (e.g. NO)
        }
    }
    co_return co_await read_until_tagged(tag, "auth", s_.auth_deadline());
}

void ImapCheck::judge_login(const Tagged& tagged) {
    const auto& r = tagged.response;
    s_.result.server_reply = tagged.line;
    s_.result.enhanced_status = r.code;
    if (r.status == "OK") {
        if (work_)
            logged_in_ = true;
        else
            s_.succeed("logged in with " + s_.result.mechanism);
        return;
    }
    if (r.tag == "+") {
        s_.fail(Outcome::protocol_error, "the server asked for more data after the login");
        return;
    }
    if (r.code == "PRIVACYREQUIRED") {
        s_.fail(Outcome::plaintext_refused, "the server requires encryption: " + r.text);
    } else if (r.code == "UNAVAILABLE") {
        s_.fail(Outcome::protocol_error, "the server is temporarily unavailable: " + r.text);
    } else if (r.status == "BAD") {
        s_.fail(Outcome::protocol_error, "the server rejected the command: " + r.text);
    } else {
        // AUTHENTICATIONFAILED, AUTHORIZATIONFAILED, EXPIRED, or a NO without a code.
        s_.fail(Outcome::auth_failed, "the server rejected the login: " + r.text);
    }
}

asio::awaitable<void> ImapCheck::login() {
    const auto& server = s_.server;
    const bool encrypted = s_.connection.is_tls();
    const auto tag = next_tag();
    std::optional<Tagged> tagged;
    switch (server.auth) {
    case AuthMethod::password: {
        const bool login_disabled = imap::has_capability(caps_, "LOGINDISABLED");
        const bool prefer_login = s_.options.preferred_password_mechanism == "LOGIN";
        if (imap::has_capability(caps_, "AUTH=PLAIN") && !(prefer_login && !login_disabled)) {
            s_.result.mechanism = "AUTHENTICATE PLAIN";
            std::optional<std::string> initial;
            const auto plain = sasl::plain_response(server.username, server.password);
            if (imap::has_capability(caps_, "SASL-IR"))
                initial = plain;
            const Answer answer = [plain](std::string_view) { return plain; };
            tagged = co_await authenticate(tag, "PLAIN", initial, answer);
        } else if (!login_disabled) {
            s_.result.mechanism = "LOGIN";
            tagged = co_await login_command(tag);
        } else if (imap::has_capability(caps_, "AUTH=LOGIN")) {
            s_.result.mechanism = "AUTHENTICATE LOGIN";
            int round = 0;
            const Answer answer = [&](std::string_view) -> std::optional<std::string> {
                return sasl::base64_encode(round++ == 0 ? server.username : server.password);
            };
            const std::optional<std::string> no_initial;
            tagged = co_await authenticate(tag, "LOGIN", no_initial, answer);
        } else if (!encrypted) {
            s_.fail(Outcome::plaintext_refused,
                    "the server does not accept a password without encryption (LOGINDISABLED); "
                    "no password was sent");
            co_return;
        } else {
            s_.fail(Outcome::auth_mechanism_unsupported,
                    "the server offers no password login (no AUTH=PLAIN, LOGIN disabled)");
            co_return;
        }
        break;
    }
    case AuthMethod::cram_md5: {
        if (!imap::has_capability(caps_, "AUTH=CRAM-MD5")) {
            s_.fail(Outcome::auth_mechanism_unsupported,
                    "the server does not offer CRAM-MD5 (MD5 Challenge-Response)");
            co_return;
        }
        s_.result.mechanism = "AUTHENTICATE CRAM-MD5";
        const Answer answer = [&](std::string_view challenge) {
            return sasl::cram_md5_response(server.username, server.password, challenge);
        };
        const std::optional<std::string> no_initial;
        tagged = co_await authenticate(tag, "CRAM-MD5", no_initial, answer);
        break;
    }
    case AuthMethod::ntlm:
    case AuthMethod::http_md5_digest:
    case AuthMethod::none:
        s_.fail(Outcome::auth_mechanism_unsupported,
                std::string(iphone_label(server.auth)) +
                    " authentication is not supported for IMAP by MailLab; choose Password or "
                    "MD5 Challenge-Response");
        co_return;
    }
    if (tagged)
        judge_login(*tagged);
}

asio::awaitable<void> ImapCheck::logout() {
    if (closed_by_server_)
        co_return;
    const auto tag = next_tag();
    const auto deadline = std::min(Clock::now() + std::chrono::seconds(5), s_.overall_deadline);
    const std::string line = tag + " LOGOUT";
    if (!co_await s_.connection.write_line("logout", line, deadline))
        co_return;
    for (int i = 0; i < 10; ++i) {
        auto line = co_await s_.connection.read_line("logout", deadline);
        if (!line || line->rfind(tag + " ", 0) == 0)
            break;
    }
}

asio::awaitable<void> ImapCheck::run() {
    auto greeting_line = co_await s_.connection.read_line("greeting", s_.step_deadline());
    if (!greeting_line) {
        s_.fail(greeting_line.error());
        co_return;
    }
    auto greeting = imap::parse_response(*greeting_line);
    if (!greeting || greeting->tag != "*" || greeting->status.empty()) {
        s_.result.server_reply = *greeting_line;
        s_.fail(Outcome::protocol_error, "this is not an IMAP server greeting");
        co_return;
    }
    absorb_untagged(*greeting);
    if (greeting->status == "BYE") {
        s_.result.server_reply = *greeting_line;
        s_.fail(Outcome::protocol_error, "the server refused the connection: " + greeting->text);
        co_return;
    }
    const bool needs_starttls = s_.server.security == Security::starttls;
    if (greeting->status == "PREAUTH") {
        if (needs_starttls) {
            // RFC 9051: PREAUTH skips STARTTLS, so a required TLS upgrade is impossible.
            s_.result.server_reply = *greeting_line;
            s_.fail(Outcome::starttls_unavailable,
                    "the server sent PREAUTH on an unencrypted connection; refusing it");
            co_return;
        }
        s_.result.mechanism = "PREAUTH";
        if (work_) {
            co_await capability();
            logged_in_ = !s_.finished();
            co_await after_login();
        } else {
            s_.succeed("the server pre-authenticated the connection");
        }
        co_await logout();
        co_return;
    }
    if (caps_.empty() && !co_await capability())
        co_return;
    if (needs_starttls && !co_await starttls())
        co_return;
    s_.result.capabilities = caps_;
    for (const auto& cap : caps_)
        if (cap.rfind("AUTH=", 0) == 0)
            s_.result.auth_mechanisms.push_back(cap.substr(5));
    s_.result.login_disabled = imap::has_capability(caps_, "LOGINDISABLED");
    if (s_.probe_only) {
        s_.succeed("capabilities read; no login attempted");
        co_await logout();
        co_return;
    }
    co_await login();
    co_await after_login();
    if (s_.result.outcome == Outcome::ok || s_.finished())
        co_await logout();
}

asio::awaitable<void> ImapCheck::after_login() {
    if (!work_ || !logged_in_ || s_.finished())
        co_return;
    co_await (*work_)(s_, *this);
    s_.succeed("logged in with " + s_.result.mechanism + "; mailbox work done");
}

asio::awaitable<std::optional<ImapReply>> ImapCheck::command(std::string_view stage,
                                                             const std::string& command) {
    const auto tag = next_tag();
    const std::string line = tag + " " + command;
    auto sent = co_await s_.connection.write_line(stage, line, s_.step_deadline());
    if (!sent) {
        s_.fail(sent.error());
        co_return std::nullopt;
    }
    ImapReply reply;
    auto tagged = co_await read_until_tagged(tag, stage, s_.step_deadline(), &reply.untagged);
    if (!tagged)
        co_return std::nullopt;
    if (tagged->response.tag == "+") {
        s_.result.server_reply = tagged->line;
        s_.fail(Outcome::protocol_error, "unexpected continuation request during " +
                                             std::string(stage));
        co_return std::nullopt;
    }
    reply.response = std::move(tagged->response);
    reply.line = std::move(tagged->line);
    co_return reply;
}

} // namespace

asio::awaitable<void> run_imap(Session& session, const ImapWork* after_login) {
    ImapCheck check(session, after_login);
    co_await check.run();
}

} // namespace maillab::verify_detail
