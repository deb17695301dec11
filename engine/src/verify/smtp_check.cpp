// SMTP submission check: greeting, EHLO (HELO fallback), STARTTLS then EHLO again, AUTH, QUIT.
// Sends a message only when the plan has one (verify --send-test, the Mail app's Send).
#include "maillab/protocol/dot_stuffing.hpp"
#include "maillab/protocol/sasl.hpp"
#include "maillab/protocol/smtp_reply.hpp"
#include "verify/session.hpp"

namespace maillab::verify_detail {
namespace {

class SmtpCheck {
  public:
    SmtpCheck(Session& s, SmtpPlan plan) : s_(s), plan_(std::move(plan)) {}
    asio::awaitable<void> run();

  private:
    asio::awaitable<std::optional<smtp::Reply>> read_reply(std::string_view stage,
                                                           Clock::time_point deadline);
    asio::awaitable<std::optional<smtp::Reply>> command(std::string_view stage,
                                                        const std::string& line,
                                                        const std::string& shown,
                                                        Clock::time_point deadline);
    asio::awaitable<bool> ehlo();
    asio::awaitable<bool> starttls();
    asio::awaitable<void> authenticate();
    asio::awaitable<void> relay_check();
    asio::awaitable<void> send_message();
    asio::awaitable<void> quit();
    void record(const smtp::Reply& reply);
    void judge_auth(const smtp::Reply& reply);

    Session& s_;
    SmtpPlan plan_;
    smtp::Extensions ext_;
    bool authenticated_ = false;
};

void SmtpCheck::record(const smtp::Reply& reply) {
    s_.result.server_reply = reply.first_line;
    s_.result.reply_code = reply.code;
    s_.result.enhanced_status = reply.enhanced_status;
}

asio::awaitable<std::optional<smtp::Reply>> SmtpCheck::read_reply(std::string_view stage,
                                                                  Clock::time_point deadline) {
    smtp::ReplyReader reader;
    while (true) {
        auto line = co_await s_.connection.read_line(stage, deadline);
        if (!line) {
            s_.fail(line.error());
            co_return std::nullopt;
        }
        switch (reader.feed(*line)) {
        case smtp::ReplyReader::Feed::need_more:
            continue;
        case smtp::ReplyReader::Feed::complete:
            co_return reader.reply();
        case smtp::ReplyReader::Feed::malformed:
            s_.result.server_reply = *line;
            s_.fail(Outcome::protocol_error,
                    "bad SMTP reply during " + std::string(stage) + ": " + reader.error());
            co_return std::nullopt;
        }
    }
}

asio::awaitable<std::optional<smtp::Reply>> SmtpCheck::command(std::string_view stage,
                                                               const std::string& line,
                                                               const std::string& shown,
                                                               Clock::time_point deadline) {
    auto sent = co_await s_.connection.write_line(stage, line, shown, deadline);
    if (!sent) {
        s_.fail(sent.error());
        co_return std::nullopt;
    }
    co_return co_await read_reply(stage, deadline);
}

asio::awaitable<bool> SmtpCheck::ehlo() {
    const std::string name = "[" + s_.connection.local_address() + "]";
    const std::string ehlo_line = "EHLO " + name;
    auto reply = co_await command("ehlo", ehlo_line, ehlo_line, s_.step_deadline());
    if (!reply)
        co_return false;
    if (reply->code == 250) {
        ext_ = smtp::parse_ehlo(*reply);
        s_.result.capabilities = ext_.as_list();
        co_return true;
    }
    s_.transcript.note("ehlo", "EHLO refused; trying HELO (no extensions)");
    const std::string helo_line = "HELO " + name;
    reply = co_await command("helo", helo_line, helo_line, s_.step_deadline());
    if (!reply)
        co_return false;
    if (reply->code != 250) {
        record(*reply);
        s_.fail(Outcome::protocol_error, "the server refused EHLO and HELO: " + reply->joined());
        co_return false;
    }
    ext_ = {};
    s_.result.capabilities.clear();
    co_return true;
}

asio::awaitable<bool> SmtpCheck::starttls() {
    if (!ext_.has("STARTTLS")) {
        s_.fail(Outcome::starttls_unavailable,
                "the server does not offer STARTTLS; no password was sent");
        co_return false;
    }
    const std::string starttls_line = "STARTTLS";
    auto reply = co_await command("starttls", starttls_line, starttls_line, s_.step_deadline());
    if (!reply)
        co_return false;
    if (reply->code != 220) {
        record(*reply);
        s_.fail(Outcome::starttls_unavailable,
                "the server refused STARTTLS (" + reply->first_line + "); no password was sent");
        co_return false;
    }
    auto tls =
        co_await s_.connection.start_tls(s_.server.host, "tls-handshake", s_.step_deadline());
    if (!tls) {
        s_.fail(tls.error());
        co_return false;
    }
    ext_ = {}; // RFC 3207: forget everything learned before TLS
    co_return co_await ehlo();
}

void SmtpCheck::judge_auth(const smtp::Reply& reply) {
    record(reply);
    const std::string text = reply.joined();
    switch (reply.code) {
    case 235:
        authenticated_ = true;
        return;
    case 530: // 5.7.0 Must issue a STARTTLS command first / authentication required
    case 538: // 5.7.11 Encryption required for requested authentication mechanism
        s_.fail(Outcome::plaintext_refused, "the server requires encryption: " + text);
        return;
    case 534: // 5.7.9 Authentication mechanism is too weak (or an app password is needed)
        s_.fail(Outcome::auth_mechanism_unsupported,
                "the server refuses this authentication mechanism: " + text);
        return;
    case 454: // 4.7.0 Temporary authentication failure
        s_.fail(Outcome::protocol_error, "temporary authentication failure: " + text);
        return;
    case 504:
        s_.fail(Outcome::auth_mechanism_unsupported,
                "the server does not accept this mechanism: " + text);
        return;
    default:
        s_.fail(Outcome::auth_failed, "the server rejected the login: " + text);
    }
}

asio::awaitable<void> SmtpCheck::authenticate() {
    const auto& server = s_.server;
    const bool encrypted = s_.connection.is_tls();
    if (ext_.auth_mechanisms.empty()) {
        if (!encrypted && ext_.has("STARTTLS"))
            s_.fail(Outcome::plaintext_refused,
                    "the server offers authentication only after STARTTLS (Use SSL is off); no "
                    "password was sent");
        else
            s_.fail(Outcome::auth_mechanism_unsupported,
                    "the server offers no authentication (no AUTH in its EHLO reply)");
        co_return;
    }
    std::optional<smtp::Reply> reply;
    switch (server.auth) {
    case AuthMethod::password:
        if (ext_.has_auth("PLAIN") &&
            !(s_.options.preferred_password_mechanism == "LOGIN" && ext_.has_auth("LOGIN"))) {
            s_.result.mechanism = "AUTH PLAIN";
            s_.credentials_going_out("auth");
            const std::string line =
                "AUTH PLAIN " + sasl::plain_response(server.username, server.password);
            const std::string shown = "AUTH PLAIN ****";
            reply = co_await command("auth", line, shown, s_.auth_deadline());
        } else if (ext_.has_auth("LOGIN")) {
            s_.result.mechanism = "AUTH LOGIN";
            const std::string line = "AUTH LOGIN";
            reply = co_await command("auth", line, line, s_.auth_deadline());
            for (int round = 0; reply && reply->code == 334 && round < 2; ++round) {
                s_.credentials_going_out("auth");
                const std::string answer =
                    sasl::base64_encode(round == 0 ? server.username : server.password);
                const std::string hidden = "****";
                reply = co_await command("auth", answer, hidden, s_.auth_deadline());
            }
        } else {
            s_.fail(
                Outcome::auth_mechanism_unsupported,
                "the server offers no password mechanism (PLAIN or LOGIN); it offers: " + [&] {
                    std::string list;
                    for (const auto& m : ext_.auth_mechanisms)
                        list += (list.empty() ? "" : " ") + m;
                    return list;
                }());
            co_return;
        }
        break;
    case AuthMethod::cram_md5: {
        if (!ext_.has_auth("CRAM-MD5")) {
            s_.fail(Outcome::auth_mechanism_unsupported,
                    "the server does not offer CRAM-MD5 (MD5 Challenge-Response)");
            co_return;
        }
        s_.result.mechanism = "AUTH CRAM-MD5";
        const std::string line = "AUTH CRAM-MD5";
        reply = co_await command("auth", line, line, s_.auth_deadline());
        if (reply && reply->code == 334) {
            auto answer = sasl::cram_md5_response(server.username, server.password,
                                                  reply->lines.empty() ? "" : reply->lines[0]);
            if (!answer) {
                const std::string cancel = "*";
                co_await command("auth", cancel, cancel, s_.step_deadline());
                s_.fail(Outcome::protocol_error, "the server sent a bad CRAM-MD5 challenge");
                co_return;
            }
            s_.credentials_going_out("auth");
            const std::string hidden = "****";
            reply = co_await command("auth", *answer, hidden, s_.auth_deadline());
        }
        break;
    }
    case AuthMethod::ntlm:
    case AuthMethod::http_md5_digest:
        s_.fail(Outcome::auth_mechanism_unsupported,
                std::string(iphone_label(server.auth)) +
                    " authentication is not supported by MailLab; choose Password or MD5 "
                    "Challenge-Response");
        co_return;
    case AuthMethod::none:
        co_return;
    }
    if (!reply)
        co_return;
    judge_auth(*reply);
}

// Without authentication, asks the server whether it would relay to another domain, then RSET:
// this is how a phone with empty "Optional" outgoing credentials fails when it sends.
asio::awaitable<void> SmtpCheck::relay_check() {
    const std::string from = plan_.from.empty() ? "" : plan_.from;
    const std::string to = plan_.message && !plan_.message->recipients.empty()
                               ? plan_.message->recipients.front()
                               : "maillab-relay-check@example.com";
    const std::string mail_from = "MAIL FROM:<" + from + ">";
    auto reply = co_await command("relay-check", mail_from, mail_from, s_.step_deadline());
    if (!reply)
        co_return;
    if (reply->code / 100 != 2) {
        record(*reply);
        s_.fail(reply->code == 530 ? Outcome::auth_failed : Outcome::protocol_error,
                "the server refused the sender without authentication: " + reply->joined());
        co_return;
    }
    const std::string rcpt_to = "RCPT TO:<" + to + ">";
    reply = co_await command("relay-check", rcpt_to, rcpt_to, s_.step_deadline());
    if (!reply)
        co_return;
    record(*reply);
    const std::string rset = "RSET";
    co_await command("relay-check", rset, rset, s_.step_deadline());
    if (reply->code / 100 != 2) {
        s_.fail(Outcome::auth_failed, "relaying denied without authentication: " + reply->joined());
        co_return;
    }
    s_.transcript.note("relay-check", "the server would accept mail without authentication");
}

// MAIL FROM, one RCPT TO per recipient, DATA: the message dot-stuffed, then the final 250.
asio::awaitable<void> SmtpCheck::send_message() {
    const SmtpEnvelope& envelope = *plan_.message;
    // A refused MAIL FROM that asks for authentication means the login is missing or wrong.
    const std::string mail_from = "MAIL FROM:<" + envelope.from + ">";
    auto reply = co_await command("mail", mail_from, mail_from, s_.step_deadline());
    if (!reply)
        co_return;
    if (reply->code != 250) {
        record(*reply);
        s_.fail(reply->code == 530 ? Outcome::auth_failed : Outcome::protocol_error,
                "the server refused the sender <" + envelope.from + ">: " + reply->joined());
        co_return;
    }
    for (const auto& recipient : envelope.recipients) {
        const std::string rcpt_to = "RCPT TO:<" + recipient + ">";
        reply = co_await command("rcpt", rcpt_to, rcpt_to, s_.step_deadline());
        if (!reply)
            co_return;
        if (reply->code != 250 && reply->code != 251) {
            record(*reply);
            s_.fail(reply->code == 530 ? Outcome::auth_failed : Outcome::protocol_error,
                    "the server refused the recipient <" + recipient + ">: " + reply->joined());
            co_return;
        }
    }
    const std::string data_command = "DATA";
    reply = co_await command("data", data_command, data_command, s_.step_deadline());
    if (!reply)
        co_return;
    if (reply->code != 354) {
        record(*reply);
        s_.fail(Outcome::protocol_error, "the server refused DATA: " + reply->joined());
        co_return;
    }
    const std::string stuffed = smtp::dot_stuff(envelope.data);
    auto sent = co_await s_.connection.write("data", stuffed, envelope.shown, s_.step_deadline());
    if (!sent) {
        s_.fail(sent.error());
        co_return;
    }
    // Servers check the message (size, content) before they answer: give them the auth time.
    reply = co_await read_reply("data", s_.auth_deadline());
    if (!reply)
        co_return;
    record(*reply);
    if (reply->code != 250)
        s_.fail(Outcome::protocol_error, "the server refused the message: " + reply->joined());
}

asio::awaitable<void> SmtpCheck::quit() {
    auto deadline = std::min(Clock::now() + std::chrono::seconds(5), s_.overall_deadline);
    if (co_await s_.connection.write_line("quit", "QUIT", deadline))
        co_await s_.connection.read_line("quit", deadline);
}

asio::awaitable<void> SmtpCheck::run() {
    auto greeting = co_await read_reply("greeting", s_.step_deadline());
    if (!greeting)
        co_return;
    if (greeting->code != 220) {
        record(*greeting);
        s_.fail(Outcome::protocol_error,
                "the server refused the connection: " + greeting->joined());
        co_return;
    }
    if (!co_await ehlo())
        co_return;
    if (s_.server.security == Security::starttls && !co_await starttls())
        co_return;
    s_.result.auth_mechanisms = ext_.auth_mechanisms;
    if (s_.probe_only) {
        s_.succeed("capabilities read; no login attempted");
        co_await quit();
        co_return;
    }
    if (s_.server.auth != AuthMethod::none) {
        co_await authenticate();
        if (s_.finished()) {
            co_await quit();
            co_return;
        }
    } else {
        co_await relay_check();
        if (s_.finished()) {
            co_await quit();
            co_return;
        }
    }
    if (plan_.message) {
        co_await send_message();
        if (s_.finished()) {
            co_await quit();
            co_return;
        }
    }
    s_.succeed(authenticated_ ? "authenticated with " + s_.result.mechanism
                              : "the server accepts mail without authentication");
    co_await quit();
}

} // namespace

asio::awaitable<void> run_smtp(Session& session, SmtpPlan plan) {
    SmtpCheck check(session, std::move(plan));
    co_await check.run();
}

} // namespace maillab::verify_detail
