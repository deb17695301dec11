// The lab's SMTP submission server (RFC 5321, 3207, 4954, 6409 subset): EHLO/HELO, STARTTLS,
// AUTH PLAIN/LOGIN (only under TLS), MAIL/RCPT/DATA with SIZE, RSET, NOOP, VRFY, QUIT. Delivers
// into the lab mailboxes; refuses relaying without AUTH.
#include "lab_state.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <ctime>
#include <random>

namespace maillab::lab_detail {
namespace {

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

// "<local@domain>" after "FROM:"/"TO:", with ESMTP parameters after it.
struct PathArgument {
    std::string address; // without brackets; empty for the null path <>
    std::string parameters;
};

std::optional<PathArgument> parse_path(std::string_view text) {
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    if (text.empty() || text.front() != '<')
        return std::nullopt;
    auto close = text.find('>');
    if (close == std::string_view::npos)
        return std::nullopt;
    PathArgument out;
    out.address = std::string(text.substr(1, close - 1));
    auto rest = text.substr(close + 1);
    while (!rest.empty() && rest.front() == ' ')
        rest.remove_prefix(1);
    out.parameters = std::string(rest);
    if (out.address.size() > 254 ||
        std::any_of(out.address.begin(), out.address.end(),
                    [](unsigned char c) { return c <= 0x20 || c == 0x7f; }))
        return std::nullopt;
    if (!out.address.empty()) {
        auto at = out.address.rfind('@');
        if (at == std::string::npos || at == 0 || at + 1 == out.address.size())
            return std::nullopt;
    }
    return out;
}

std::string domain_of(const std::string& address) {
    auto at = address.rfind('@');
    return at == std::string::npos ? std::string{} : lower(address.substr(at + 1));
}

std::string queue_id() {
    static thread_local std::mt19937_64 random{std::random_device{}()};
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string id;
    auto value = random();
    for (int i = 0; i < 12; ++i, value >>= 4)
        id += digits[value & 15];
    return id;
}

class SmtpSession {
  public:
    SmtpSession(std::shared_ptr<LabState> lab, Transport& t, lab::Service service)
        : lab_(std::move(lab)), t_(t), service_(service) {}

    asio::awaitable<void> run() {
        std::string greeting = "220 " + lab_->smtp_host + " ESMTP MailLab lab submission ready\r\n";
        if (!co_await t_.write(greeting))
            co_return;
        for (;;) {
            auto line = co_await t_.read_line();
            if (!line) {
                std::string reply;
                if (t_.stop() == ReadStop::timeout)
                    reply = "421 4.4.2 " + lab_->smtp_host + " Idle for too long, closing\r\n";
                else if (t_.stop() == ReadStop::line_too_long)
                    reply = "500 5.5.2 Line too long\r\n";
                if (!reply.empty())
                    co_await t_.write(reply);
                co_return;
            }
            out_.clear();
            bool keep_going = co_await execute(*line);
            if (!out_.empty() && !co_await t_.write(out_))
                co_return;
            if (!keep_going)
                co_return;
            if (errors_ >= 10) {
                std::string reply =
                    "421 4.7.0 " + lab_->smtp_host + " Too many errors, closing\r\n";
                co_await t_.write(reply);
                co_return;
            }
        }
    }

  private:
    std::string ehlo_reply() const {
        std::string host = lab_->smtp_host;
        std::string out = "250-" + host + " Hello " + client_name_ + "\r\n";
        out += "250-SIZE " + std::to_string(lab_->options.max_message_bytes) + "\r\n";
        out += "250-8BITMIME\r\n250-ENHANCEDSTATUSCODES\r\n250-PIPELINING\r\n";
        if (!t_.is_tls())
            out += "250-STARTTLS\r\n";
        else if (user_.empty())
            out += "250-AUTH PLAIN LOGIN\r\n";
        return out + "250 SMTPUTF8\r\n";
    }

    void reset_transaction() {
        mail_from_.reset();
        recipients_.clear();
    }

    asio::awaitable<bool> execute(const std::string& line) {
        auto space = line.find(' ');
        std::string verb = upper(line.substr(0, space));
        std::string argument = space == std::string::npos ? std::string{} : line.substr(space + 1);
        if (verb == "EHLO" || verb == "HELO") {
            if (argument.empty()) {
                out_ = "501 5.5.4 " + verb + " needs a domain or address\r\n";
                ++errors_;
                co_return true;
            }
            client_name_ = argument.substr(0, 255);
            greeted_ = true;
            reset_transaction();
            out_ = verb == "EHLO" ? ehlo_reply() : "250 " + lab_->smtp_host + "\r\n";
        } else if (verb == "STARTTLS") {
            co_return co_await starttls();
        } else if (verb == "AUTH") {
            co_return co_await authenticate(argument);
        } else if (verb == "MAIL") {
            mail(argument);
        } else if (verb == "RCPT") {
            rcpt(argument);
        } else if (verb == "DATA") {
            co_return co_await data();
        } else if (verb == "RSET") {
            reset_transaction();
            out_ = "250 2.0.0 Ok\r\n";
        } else if (verb == "NOOP") {
            out_ = "250 2.0.0 Ok\r\n";
        } else if (verb == "VRFY") {
            out_ = "252 2.5.2 Cannot VRFY user, but will accept message\r\n";
        } else if (verb == "HELP") {
            out_ = "214 2.0.0 See RFC 5321\r\n";
        } else if (verb == "QUIT") {
            out_ = "221 2.0.0 " + lab_->smtp_host + " closing connection\r\n";
            co_return false;
        } else if (verb == "BDAT") {
            out_ = "502 5.5.1 BDAT is not offered\r\n";
            ++errors_;
        } else {
            out_ = "502 5.5.2 Error: command not recognized\r\n";
            ++errors_;
        }
        co_return true;
    }

    asio::awaitable<bool> starttls() {
        if (t_.is_tls()) {
            out_ = "503 5.5.1 TLS is already active\r\n";
            co_return true;
        }
        std::string reply = "220 2.0.0 Ready to start TLS\r\n";
        if (!co_await t_.write(reply))
            co_return false;
        auto context = lab_->tls_context();
        if (!co_await t_.start_tls(context)) {
            std::string detail = t_.tls_error();
            lab_->event(service_, lab::EventKind::tls_failed, {}, detail);
            co_return false;
        }
        greeted_ = false; // RFC 3207: forget everything from before TLS
        reset_transaction();
        lab_->event(service_, lab::EventKind::starttls, {});
        co_return true;
    }

    asio::awaitable<std::optional<std::string>> ask(std::string prompt) {
        std::string line = "334 " + prompt + "\r\n";
        if (!co_await t_.write(line))
            co_return std::nullopt;
        auto answer = co_await t_.read_line();
        co_return answer;
    }

    asio::awaitable<bool> authenticate(const std::string& argument) {
        if (!greeted_) {
            out_ = "503 5.5.1 Send EHLO first\r\n";
            ++errors_;
            co_return true;
        }
        if (!user_.empty()) {
            out_ = "503 5.5.1 Already authenticated\r\n";
            co_return true;
        }
        if (mail_from_) {
            out_ = "503 5.5.1 AUTH is not allowed during a mail transaction\r\n";
            co_return true;
        }
        if (!t_.is_tls()) {
            out_ = "538 5.7.11 Encryption required for requested authentication mechanism\r\n";
            ++errors_;
            co_return true;
        }
        auto space = argument.find(' ');
        std::string mechanism = upper(argument.substr(0, space));
        std::optional<std::string> initial;
        if (space != std::string::npos)
            initial = argument.substr(space + 1);
        std::optional<std::string> user, password;
        const std::string cancelled = "501 5.7.0 Authentication cancelled\r\n";
        const std::string bad_base64 = "501 5.5.2 Cannot decode the response\r\n";
        if (mechanism == "PLAIN") {
            std::string encoded;
            if (initial) {
                encoded = *initial == "=" ? std::string{} : *initial;
            } else {
                auto answer = co_await ask("");
                if (!answer)
                    co_return false;
                encoded = *answer;
            }
            if (encoded == "*") {
                out_ = cancelled;
                co_return true;
            }
            auto decoded = base64_decode(encoded);
            if (!decoded) {
                out_ = bad_base64;
                ++errors_;
                co_return true;
            }
            auto credentials = parse_sasl_plain(*decoded);
            if (!credentials) {
                out_ = "535 5.7.8 Authentication credentials invalid\r\n";
                record_failure({}, out_);
                co_return true;
            }
            user = credentials->user;
            password = credentials->password;
        } else if (mechanism == "LOGIN") {
            std::optional<std::string> encoded_user = initial;
            if (!encoded_user) {
                encoded_user = co_await ask("VXNlcm5hbWU6");
                if (!encoded_user)
                    co_return false;
            }
            if (*encoded_user == "*") {
                out_ = cancelled;
                co_return true;
            }
            auto encoded_password = co_await ask("UGFzc3dvcmQ6");
            if (!encoded_password)
                co_return false;
            if (*encoded_password == "*") {
                out_ = cancelled;
                co_return true;
            }
            user = base64_decode(*encoded_user);
            password = base64_decode(*encoded_password);
            if (!user || !password) {
                out_ = bad_base64;
                ++errors_;
                co_return true;
            }
        } else {
            out_ = "504 5.5.4 Unrecognized authentication type\r\n";
            ++errors_;
            co_return true;
        }
        std::string address;
        AuthResult result;
        {
            auto lock = lab_->store.lock();
            result = lab_->store.authenticate(*user, *password, true, address);
        }
        switch (result) {
        case AuthResult::ok:
            user_ = address;
            out_ = "235 2.7.0 Authentication successful\r\n";
            lab_->event(service_, lab::EventKind::smtp_auth_ok, address, "AUTH " + mechanism);
            break;
        case AuthResult::smtp_auth_disabled:
            out_ = "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled "
                   "for the Mailbox.\r\n";
            record_failure(address, out_);
            break;
        case AuthResult::unknown_user:
        case AuthResult::wrong_password:
            out_ = "535 5.7.8 Authentication credentials invalid\r\n";
            record_failure(address, out_);
            break;
        }
        if (auth_failures_ >= 3) {
            out_ += "421 4.7.0 " + lab_->smtp_host + " Too many failed authentications\r\n";
            co_return false;
        }
        co_return true;
    }

    void record_failure(const std::string& address, const std::string& reply) {
        ++auth_failures_;
        std::string detail = reply.substr(0, reply.size() - 2);
        lab_->event(service_, lab::EventKind::smtp_auth_failed, address, detail);
    }

    void mail(const std::string& argument) {
        if (!greeted_) {
            out_ = "503 5.5.1 Send EHLO first\r\n";
            ++errors_;
            return;
        }
        if (mail_from_) {
            out_ = "503 5.5.1 Nested MAIL command\r\n";
            ++errors_;
            return;
        }
        if (!starts_with_nocase(argument, "FROM:")) {
            out_ = "501 5.5.4 Syntax: MAIL FROM:<address>\r\n";
            ++errors_;
            return;
        }
        auto path = parse_path(std::string_view(argument).substr(5));
        if (!path) {
            out_ = "501 5.1.7 Bad sender address syntax\r\n";
            ++errors_;
            return;
        }
        std::string parameters = upper(path->parameters);
        auto size_at = parameters.find("SIZE=");
        if (size_at != std::string::npos) {
            std::size_t declared = 0;
            auto begin = parameters.data() + size_at + 5;
            std::from_chars(begin, parameters.data() + parameters.size(), declared);
            if (declared > lab_->options.max_message_bytes) {
                out_ = "552 5.3.4 Message size exceeds fixed maximum message size\r\n";
                return;
            }
        }
        mail_from_ = path->address;
        out_ = "250 2.1.0 Ok\r\n";
    }

    void rcpt(const std::string& argument) {
        if (!mail_from_) {
            out_ = "503 5.5.1 Need MAIL command first\r\n";
            ++errors_;
            return;
        }
        if (!starts_with_nocase(argument, "TO:")) {
            out_ = "501 5.5.4 Syntax: RCPT TO:<address>\r\n";
            ++errors_;
            return;
        }
        auto path = parse_path(std::string_view(argument).substr(3));
        if (!path || path->address.empty()) {
            out_ = "501 5.1.3 Bad recipient address syntax\r\n";
            ++errors_;
            return;
        }
        if (recipients_.size() >= 100) {
            out_ = "452 4.5.3 Too many recipients\r\n";
            return;
        }
        const std::string& address = path->address;
        if (domain_of(address) == lab_->domain) {
            bool known = false, room = false, queue_room = false;
            {
                auto lock = lab_->store.lock();
                if (auto* user = lab_->store.user(address)) {
                    known = true;
                    room = user->mailbox("INBOX")->has_room_for(lab_->options.max_message_bytes);
                    queue_room = lab_->queue.has_room_for(lab_->options.max_message_bytes);
                }
            }
            if (!known) {
                out_ = "550 5.1.1 <" + address +
                       ">: Recipient address rejected: User unknown in the lab\r\n";
                return;
            }
            if (!room) {
                out_ = "452 4.2.2 <" + address + ">: Mailbox full\r\n";
                return;
            }
            if (!queue_room) { // messages wait there while the MX is wrong
                out_ = "452 4.3.1 Mail queue full, try again later\r\n";
                return;
            }
        } else if (user_.empty()) {
            out_ = "554 5.7.1 <" + address + ">: Relay access denied\r\n";
            lab_->event(service_, lab::EventKind::relay_refused, {}, address);
            ++errors_;
            return;
        }
        recipients_.push_back(address);
        out_ = "250 2.1.5 Ok\r\n";
    }

    asio::awaitable<bool> data() {
        if (!mail_from_) {
            out_ = "503 5.5.1 Need MAIL command first\r\n";
            ++errors_;
            co_return true;
        }
        if (recipients_.empty()) {
            out_ = "554 5.5.1 No valid recipients\r\n";
            co_return true;
        }
        std::string go_ahead = "354 End data with <CR><LF>.<CR><LF>\r\n";
        if (!co_await t_.write(go_ahead))
            co_return false;
        std::string message;
        bool too_big = false;
        for (;;) {
            auto line = co_await t_.read_line();
            if (!line)
                co_return false;
            if (*line == ".")
                break;
            std::string_view text = *line;
            if (!text.empty() && text.front() == '.')
                text.remove_prefix(1);
            if (too_big)
                continue;
            if (message.size() + text.size() + 2 > lab_->options.max_message_bytes) {
                too_big = true;
                message.clear();
                continue;
            }
            message.append(text);
            message += "\r\n";
        }
        if (too_big) {
            out_ = "552 5.3.4 Message size exceeds fixed maximum message size\r\n";
            reset_transaction();
            co_return true;
        }
        deliver(message);
        co_return true;
    }

    void deliver(const std::string& message) {
        std::string id = queue_id();
        std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
        std::string received = "Received: from " + client_name_ + " (" + t_.peer() + ")\r\n\tby " +
                               lab_->smtp_host + " (MailLab lab) with " +
                               (t_.is_tls() ? (user_.empty() ? "ESMTPS" : "ESMTPSA") : "ESMTP") +
                               " id " + id + ";\r\n\t" + rfc5322_date(now) + "\r\n";
        std::string headers;
        auto header_end = message.find("\r\n\r\n");
        std::string head =
            message.substr(0, header_end == std::string::npos ? message.size() : header_end);
        auto has = [&](std::string_view name) {
            std::string needle = "\r\n" + lower(name) + ":";
            return lower("\r\n" + head).find(needle) != std::string::npos;
        };
        if (!has("Date"))
            headers += "Date: " + rfc5322_date(now) + "\r\n";
        if (!has("Message-ID"))
            headers += "Message-ID: <" + id + "@" + lab_->domain + ">\r\n";
        std::string subject;
        {
            auto pos = lower("\r\n" + head).find("\r\nsubject:");
            if (pos != std::string::npos) {
                auto end = head.find("\r\n", pos);
                subject = head.substr(pos + 8,
                                      end == std::string::npos ? std::string::npos : end - pos - 8);
                while (!subject.empty() && subject.front() == ' ')
                    subject.erase(0, 1);
                subject = subject.substr(0, 200);
            }
        }
        std::size_t discarded = 0;
        {
            auto lock = lab_->store.lock();
            for (const auto& rcpt : recipients_) {
                auto* user = domain_of(rcpt) == lab_->domain ? lab_->store.user(rcpt) : nullptr;
                if (!user) {
                    ++discarded;
                    continue;
                }
                std::string copy = "Return-Path: <" + *mail_from_ +
                                   ">\r\nDelivered-To: " + user->address + "\r\n" + received +
                                   headers + message;
                deliver_or_queue(*lab_, *user,
                                 {user->address, std::move(copy), now, subject, service_});
            }
        }
        if (discarded)
            lab_->event(
                service_, lab::EventKind::message_discarded, user_,
                std::to_string(discarded) +
                    " recipient(s) outside the lab: not sent anywhere (the lab is offline)");
        out_ = "250 2.0.0 Ok: queued as " + id + "\r\n";
        reset_transaction();
    }

    std::shared_ptr<LabState> lab_;
    Transport& t_;
    lab::Service service_;
    bool greeted_ = false;
    std::string client_name_;
    std::string user_; // authenticated as
    std::optional<std::string> mail_from_;
    std::vector<std::string> recipients_;
    int errors_ = 0;
    int auth_failures_ = 0;
    std::string out_;
};

} // namespace

asio::awaitable<void> run_smtp(std::shared_ptr<LabState> lab, tcp::socket socket,
                               lab::Service service) {
    return run_session<SmtpSession>(std::move(lab), std::move(socket), service);
}

} // namespace maillab::lab_detail
