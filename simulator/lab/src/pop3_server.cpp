// The lab's POP3 server (RFC 1939, 2449, 2595, 5034 subset): CAPA, STLS, USER/PASS, AUTH PLAIN,
// STAT, LIST, UIDL, RETR, TOP, DELE, RSET, NOOP, QUIT. Passwords only under TLS.
#include "imap_message.hpp"
#include "lab_state.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace maillab::lab_detail {
namespace {

std::optional<std::size_t> number(std::string_view text) {
    std::size_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || end != text.data() + text.size())
        return std::nullopt;
    return n;
}

// Byte-stuffs a message for a multi-line response and ends it with ".".
std::string dot_stuffed(std::string_view data) {
    std::string out;
    out.reserve(data.size() + 64);
    bool line_start = true;
    for (std::size_t i = 0; i < data.size(); ++i) {
        char c = data[i];
        if (line_start && c == '.')
            out += '.';
        if (c == '\n' && (i == 0 || data[i - 1] != '\r'))
            out += '\r';
        out += c;
        line_start = c == '\n';
    }
    if (!line_start)
        out += "\r\n";
    return out + ".\r\n";
}

class Pop3Session {
  public:
    Pop3Session(std::shared_ptr<LabState> lab, Transport& t, lab::Service service)
        : lab_(std::move(lab)), t_(t), service_(service) {}

    asio::awaitable<void> run() {
        std::string greeting = "+OK " + lab_->pop3_host + " MailLab lab POP3 ready\r\n";
        if (!co_await t_.write(greeting))
            co_return;
        for (;;) {
            auto line = co_await t_.read_line();
            if (!line) {
                if (t_.stop() == ReadStop::line_too_long) {
                    std::string reply = "-ERR Line too long\r\n";
                    co_await t_.write(reply);
                }
                co_return;
            }
            out_.clear();
            bool keep_going = co_await execute(*line);
            if (!out_.empty() && !co_await t_.write(out_))
                co_return;
            if (!keep_going)
                co_return;
        }
    }

  private:
    struct Entry {
        std::uint32_t uid = 0;
        std::size_t size = 0;
        bool deleted = false;
    };

    std::string capabilities() const {
        std::string caps = "+OK Capability list follows\r\nTOP\r\nUIDL\r\nRESP-CODES\r\n"
                           "AUTH-RESP-CODE\r\nPIPELINING\r\n";
        if (!t_.is_tls()) {
            caps += "STLS\r\n";
        } else if (!authenticated_) {
            caps += "USER\r\nSASL PLAIN\r\n";
        }
        return caps + "IMPLEMENTATION MailLab-lab\r\n.\r\n";
    }

    asio::awaitable<bool> execute(const std::string& line) {
        auto space = line.find(' ');
        std::string command = upper(line.substr(0, space));
        std::string argument = space == std::string::npos ? std::string{} : line.substr(space + 1);
        if (command == "CAPA") {
            out_ = capabilities();
        } else if (command == "QUIT") {
            if (authenticated_)
                commit();
            out_ = "+OK " + lab_->pop3_host + " signing off\r\n";
            co_return false;
        } else if (command == "NOOP") {
            out_ = authenticated_ ? "+OK\r\n" : "-ERR Log in first\r\n";
        } else if (command == "STLS") {
            if (t_.is_tls()) {
                out_ = "-ERR TLS is already active\r\n";
                co_return true;
            }
            if (authenticated_) {
                out_ = "-ERR Not in the authorization state\r\n";
                co_return true;
            }
            std::string reply = "+OK Begin TLS negotiation\r\n";
            if (!co_await t_.write(reply))
                co_return false;
            auto context = lab_->tls_context();
            if (!co_await t_.start_tls(context)) {
                std::string detail = t_.tls_error();
                lab_->event(service_, lab::EventKind::tls_failed, {}, detail);
                co_return false;
            }
            user_.clear();
            lab_->event(service_, lab::EventKind::starttls, {});
        } else if (!authenticated_) {
            co_return co_await authorization(command, argument);
        } else {
            transaction(command, argument);
        }
        co_return true;
    }

    asio::awaitable<bool> authorization(const std::string& command, const std::string& argument) {
        if (command == "USER" || command == "PASS" || command == "AUTH" || command == "APOP") {
            if (!t_.is_tls()) {
                out_ = "-ERR [AUTH] Plaintext authentication disallowed on non-secure connections; "
                       "use STLS\r\n";
                co_return true;
            }
        }
        if (command == "USER") {
            if (argument.empty()) {
                out_ = "-ERR USER needs a name\r\n";
                co_return true;
            }
            user_ = argument;
            out_ = "+OK\r\n";
        } else if (command == "PASS") {
            if (user_.empty()) {
                out_ = "-ERR USER first\r\n";
                co_return true;
            }
            std::string user = user_;
            user_.clear();
            co_return login(user, argument, "USER/PASS");
        } else if (command == "AUTH") {
            auto space = argument.find(' ');
            std::string mechanism = upper(argument.substr(0, space));
            if (mechanism.empty()) {
                out_ = "+OK\r\nPLAIN\r\n.\r\n";
                co_return true;
            }
            if (mechanism != "PLAIN") {
                out_ = "-ERR Unsupported mechanism\r\n";
                co_return true;
            }
            std::string encoded;
            if (space != std::string::npos) {
                encoded = argument.substr(space + 1);
            } else {
                std::string prompt = "+ \r\n";
                if (!co_await t_.write(prompt))
                    co_return false;
                auto answer = co_await t_.read_line();
                if (!answer)
                    co_return false;
                encoded = *answer;
            }
            if (encoded == "*") {
                out_ = "-ERR Authentication cancelled\r\n";
                co_return true;
            }
            auto decoded = base64_decode(encoded == "=" ? std::string{} : encoded);
            auto credentials = decoded ? parse_sasl_plain(*decoded) : std::nullopt;
            if (!credentials) {
                out_ = "-ERR Invalid SASL PLAIN response\r\n";
                co_return true;
            }
            co_return login(credentials->user, credentials->password, "AUTH PLAIN");
        } else if (command == "APOP") {
            out_ = "-ERR APOP is not offered by the lab\r\n";
        } else {
            out_ = "-ERR Unknown command or not allowed before login\r\n";
        }
        co_return true;
    }

    bool login(const std::string& user, const std::string& password, const std::string& mechanism) {
        std::string address;
        auto lock = lab_->store.lock();
        auto result = lab_->store.authenticate(user, password, false, address);
        if (result != AuthResult::ok) {
            lock.unlock();
            ++failures_;
            lab_->event(service_, lab::EventKind::login_failed, address,
                        mechanism + (result == AuthResult::unknown_user ? ": unknown user"
                                                                        : ": wrong password"));
            out_ = "-ERR [AUTH] Authentication failed.\r\n";
            if (failures_ >= 3) {
                out_ += "-ERR Too many failed logins\r\n";
                return false;
            }
            return true;
        }
        address_ = address;
        authenticated_ = true;
        auto* inbox = lab_->store.user(address)->mailbox("INBOX");
        uidvalidity_ = inbox->uidvalidity;
        for (const auto& m : inbox->messages)
            entries_.push_back({m.uid, m.raw.size(), false});
        lock.unlock();
        lab_->event(service_, lab::EventKind::login_ok, address, mechanism);
        out_ = "+OK Logged in.\r\n";
        return true;
    }

    // The message a 1-based number names, unless deleted.
    Entry* entry(const std::string& argument) {
        auto n = number(argument);
        if (!n || *n == 0 || *n > entries_.size() || entries_[*n - 1].deleted) {
            out_ = "-ERR No such message\r\n";
            return nullptr;
        }
        return &entries_[*n - 1];
    }

    std::optional<std::string> raw(std::uint32_t uid) {
        auto lock = lab_->store.lock();
        auto* user = lab_->store.user(address_);
        auto* m = user ? user->mailbox("INBOX")->find_uid(uid) : nullptr;
        if (!m)
            return std::nullopt;
        return m->raw;
    }

    void transaction(const std::string& command, const std::string& argument) {
        if (command == "STAT") {
            std::size_t count = 0, size = 0;
            for (const auto& e : entries_)
                if (!e.deleted) {
                    ++count;
                    size += e.size;
                }
            out_ = "+OK " + std::to_string(count) + " " + std::to_string(size) + "\r\n";
        } else if (command == "LIST" || command == "UIDL") {
            auto describe = [&](std::size_t n, const Entry& e) {
                return std::to_string(n) + " " +
                       (command == "LIST"
                            ? std::to_string(e.size)
                            : std::to_string(uidvalidity_) + "." + std::to_string(e.uid));
            };
            if (!argument.empty()) {
                if (auto* e = entry(argument))
                    out_ = "+OK " +
                           describe(static_cast<std::size_t>(e - entries_.data()) + 1, *e) + "\r\n";
                return;
            }
            out_ = "+OK\r\n";
            for (std::size_t i = 0; i < entries_.size(); ++i)
                if (!entries_[i].deleted)
                    out_ += describe(i + 1, entries_[i]) + "\r\n";
            out_ += ".\r\n";
        } else if (command == "RETR" || command == "TOP") {
            auto space = argument.find(' ');
            std::optional<std::size_t> lines;
            if (command == "TOP") {
                lines =
                    space == std::string::npos ? std::nullopt : number(argument.substr(space + 1));
                if (!lines) {
                    out_ = "-ERR TOP needs a message number and a line count\r\n";
                    return;
                }
            }
            auto* e = entry(argument.substr(0, space));
            if (!e)
                return;
            auto data = raw(e->uid);
            if (!data) {
                out_ = "-ERR The message was removed by another session\r\n";
                return;
            }
            if (lines) {
                auto body = data->find("\r\n\r\n");
                std::size_t end = body == std::string::npos ? data->size() : body + 4;
                for (std::size_t k = 0; k < *lines && end < data->size(); ++k) {
                    auto eol = data->find('\n', end);
                    end = eol == std::string::npos ? data->size() : eol + 1;
                }
                data->resize(end);
            } else {
                auto lock = lab_->store.lock();
                if (auto* m = lab_->store.user(address_)->mailbox("INBOX")->find_uid(e->uid))
                    m->set_flag("\\Seen", true);
            }
            out_ = "+OK " + std::to_string(e->size) + " octets\r\n" + dot_stuffed(*data);
        } else if (command == "DELE") {
            if (auto* e = entry(argument)) {
                e->deleted = true;
                out_ = "+OK Marked for deletion\r\n";
            }
        } else if (command == "RSET") {
            for (auto& e : entries_)
                e.deleted = false;
            out_ = "+OK\r\n";
        } else if (command == "USER" || command == "PASS" || command == "AUTH") {
            out_ = "-ERR Already logged in\r\n";
        } else {
            out_ = "-ERR Unknown command\r\n";
        }
    }

    void commit() {
        std::size_t removed = 0;
        std::string subjects;
        {
            auto lock = lab_->store.lock();
            auto* user = lab_->store.user(address_);
            if (!user)
                return;
            auto& messages = user->mailbox("INBOX")->messages;
            auto deleted = [&](const StoredMessage& m) {
                return std::any_of(entries_.begin(), entries_.end(),
                                   [&](const Entry& e) { return e.deleted && e.uid == m.uid; });
            };
            for (const auto& m : messages)
                if (deleted(m) && ++removed <= 5)
                    subjects += std::string(removed > 1 ? ", " : "") + "\"" +
                                header_value(m.raw, "Subject").substr(0, 80) + "\"";
            std::erase_if(messages, deleted);
        }
        if (removed > 0)
            lab_->event(service_, lab::EventKind::messages_removed, address_,
                        std::to_string(removed) + (removed == 1 ? " message: " : " messages: ") +
                            subjects + (removed > 5 ? ", ..." : ""));
    }

    std::shared_ptr<LabState> lab_;
    Transport& t_;
    lab::Service service_;
    bool authenticated_ = false;
    std::string user_;    // from USER
    std::string address_; // logged in as
    std::uint32_t uidvalidity_ = 0;
    std::vector<Entry> entries_;
    int failures_ = 0;
    std::string out_;
};

} // namespace

asio::awaitable<void> run_pop3(std::shared_ptr<LabState> lab, tcp::socket socket,
                               lab::Service service) {
    return run_session<Pop3Session>(std::move(lab), std::move(socket), service);
}

} // namespace maillab::lab_detail
