// The lab's IMAP4rev1 server (RFC 3501 subset): CAPABILITY, STARTTLS, LOGIN, AUTHENTICATE
// PLAIN/LOGIN (SASL-IR), LIST/LSUB, NAMESPACE, ID, STATUS, SELECT/EXAMINE, FETCH, STORE, SEARCH,
// COPY, EXPUNGE, UID variants (incl. UID EXPUNGE), APPEND, CREATE/DELETE, CLOSE/UNSELECT, NOOP,
// CHECK, LOGOUT. LOGINDISABLED until TLS.
#include "imap_message.hpp"
#include "lab_state.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace maillab::lab_detail {
namespace {

// A command as received: lines[i] ends with a literal marker whose bytes are literals[i].
struct ImapCommand {
    std::vector<std::string> lines;
    std::vector<std::string> literals;
};

struct ParseError {
    std::string message;
};

// Reads IMAP tokens across a command's lines and literals.
class Parser {
  public:
    explicit Parser(const ImapCommand& c) : c_(c) {}

    bool at_end() const { return seg_ + 1 >= c_.lines.size() && pos_ >= line().size(); }
    char peek() const { return pos_ < line().size() ? line()[pos_] : '\0'; }
    void expect_space() {
        if (peek() != ' ')
            throw ParseError{"expected a space"};
        ++pos_;
    }
    bool skip_space() {
        if (peek() != ' ')
            return false;
        ++pos_;
        return true;
    }
    void expect_end() {
        if (!at_end())
            throw ParseError{"unexpected characters at the end of the command"};
    }
    void expect(char c) {
        if (peek() != c)
            throw ParseError{std::string("expected '") + c + "'"};
        ++pos_;
    }

    // Atom-like token; [...] groups (with spaces and parentheses) and <...> belong to it.
    std::string atom() {
        std::string out;
        while (pos_ < line().size()) {
            char c = line()[pos_];
            if (c == '[') {
                auto close = line().find(']', pos_);
                if (close == std::string::npos)
                    throw ParseError{"missing ']'"};
                out.append(line(), pos_, close - pos_ + 1);
                pos_ = close + 1;
                continue;
            }
            if (c == ' ' || c == '(' || c == ')' || c == '"' || c == '{' ||
                static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
                break;
            out += c;
            ++pos_;
        }
        if (out.empty())
            throw ParseError{"expected an atom"};
        return out;
    }

    // atom / quoted / literal
    std::string astring() {
        char c = peek();
        if (c == '"')
            return quoted();
        if (c == '{')
            return literal();
        return atom();
    }
    std::string string() {
        char c = peek();
        if (c == '"')
            return quoted();
        if (c == '{')
            return literal();
        throw ParseError{"expected a string"};
    }
    // "(" atom *(SP atom) ")" or one atom.
    std::vector<std::string> atom_list() {
        std::vector<std::string> out;
        if (peek() != '(') {
            out.push_back(atom());
            return out;
        }
        ++pos_;
        while (peek() != ')') {
            if (!out.empty())
                expect_space();
            out.push_back(atom());
        }
        ++pos_;
        return out;
    }

  private:
    const std::string& line() const { return c_.lines[seg_]; }

    std::string quoted() {
        ++pos_;
        std::string out;
        while (pos_ < line().size()) {
            char c = line()[pos_++];
            if (c == '"')
                return out;
            if (c == '\\') {
                if (pos_ >= line().size())
                    break;
                c = line()[pos_++];
            }
            out += c;
        }
        throw ParseError{"unterminated quoted string"};
    }
    std::string literal() {
        auto close = line().find('}', pos_);
        if (close == std::string::npos || close + 1 != line().size() || seg_ >= c_.literals.size())
            throw ParseError{"a literal must end the line"};
        std::string out = c_.literals[seg_];
        ++seg_;
        pos_ = 0;
        return out;
    }

    const ImapCommand& c_;
    std::size_t seg_ = 0;
    std::size_t pos_ = 0;
};

// "{123}" or "{123+}" at the end of a line: the size and whether it is non-synchronizing.
std::optional<std::pair<std::size_t, bool>> literal_at_end(const std::string& line) {
    if (line.size() < 3 || line.back() != '}')
        return std::nullopt;
    auto open = line.rfind('{');
    if (open == std::string::npos)
        return std::nullopt;
    std::string_view inside(line.data() + open + 1, line.size() - open - 2);
    bool plus = !inside.empty() && inside.back() == '+';
    if (plus)
        inside.remove_suffix(1);
    if (inside.empty() || inside.size() > 10)
        return std::nullopt;
    std::size_t n = 0;
    auto [end, ec] = std::from_chars(inside.data(), inside.data() + inside.size(), n);
    if (ec != std::errc{} || end != inside.data() + inside.size())
        return std::nullopt;
    return std::make_pair(n, plus);
}

struct SeqRange {
    std::uint32_t lo = 0, hi = 0; // 0 = "*"
};

std::vector<SeqRange> parse_sequence_set(std::string_view text) {
    std::vector<SeqRange> out;
    auto number = [](std::string_view part) -> std::uint32_t {
        if (part == "*")
            return 0;
        std::uint32_t n = 0;
        auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), n);
        if (ec != std::errc{} || end != part.data() + part.size() || n == 0)
            throw ParseError{"invalid sequence set"};
        return n;
    };
    std::size_t start = 0;
    while (start <= text.size()) {
        auto comma = text.find(',', start);
        auto item = text.substr(start, comma == std::string_view::npos ? text.npos : comma - start);
        auto colon = item.find(':');
        SeqRange r;
        if (colon == std::string_view::npos) {
            r.lo = r.hi = number(item);
        } else {
            r.lo = number(item.substr(0, colon));
            r.hi = number(item.substr(colon + 1));
        }
        out.push_back(r);
        if (comma == std::string_view::npos)
            break;
        start = comma + 1;
    }
    if (out.empty() || out.size() > 1000)
        throw ParseError{"invalid sequence set"};
    return out;
}

// LIST wildcard match: '*' any, '%' any but the hierarchy delimiter.
bool wildcard_match(std::string_view pattern, std::string_view name) {
    if (pattern.empty())
        return name.empty();
    if (pattern[0] == '*' || pattern[0] == '%') {
        for (std::size_t i = 0; i <= name.size(); ++i) {
            if (wildcard_match(pattern.substr(1), name.substr(i)))
                return true;
            if (i < name.size() && pattern[0] == '%' && name[i] == '/')
                return false;
        }
        return false;
    }
    return !name.empty() && pattern[0] == name[0] &&
           wildcard_match(pattern.substr(1), name.substr(1));
}

std::string special_use(std::string_view name) {
    if (name == "Drafts")
        return " \\Drafts";
    if (name == "Sent")
        return " \\Sent";
    if (name == "Trash")
        return " \\Trash";
    return {};
}

bool system_flag_ok(std::string_view flag) {
    if (flag.empty() || flag.size() > 64)
        return false;
    if (flag[0] == '\\') {
        static const char* known[] = {"\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft"};
        return std::any_of(std::begin(known), std::end(known),
                           [&](const char* k) { return iequals(k, flag); });
    }
    return std::all_of(flag.begin(), flag.end(), [](unsigned char c) {
        return c > 0x20 && c < 0x7f &&
               std::string_view("(){%*\"\\]").find(static_cast<char>(c)) == std::string_view::npos;
    });
}

std::string canonical_flag(std::string_view flag) {
    static const char* known[] = {"\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft"};
    for (const char* k : known)
        if (iequals(k, flag))
            return k;
    return std::string(flag);
}

class ImapSession {
  public:
    ImapSession(std::shared_ptr<LabState> lab, Transport& t, lab::Service service)
        : lab_(std::move(lab)), t_(t), service_(service) {}

    asio::awaitable<void> run() {
        std::string greeting = "* OK [CAPABILITY " + capabilities() + "] " + lab_->imap_host +
                               " MailLab lab IMAP4rev1 ready\r\n";
        if (!co_await t_.write(greeting))
            co_return;
        for (;;) {
            ImapCommand command;
            auto first = co_await t_.read_line();
            if (!first) {
                co_await say_goodbye();
                co_return;
            }
            command.lines.push_back(std::move(*first));
            bool ok = true;
            std::size_t literal_total = 0;
            while (auto literal = literal_at_end(command.lines.back())) {
                auto [size, plus] = *literal;
                literal_total += size;
                if (literal_total > t_.limits().max_literal || command.literals.size() >= 8) {
                    if (plus) {
                        std::string bye = "* BYE [TOOBIG] literal too large\r\n";
                        co_await t_.write(bye);
                        co_return;
                    }
                    std::string tag =
                        command.lines.front().substr(0, command.lines.front().find(' '));
                    std::string reply = tag + " NO [TOOBIG] literal too large (the limit is " +
                                        std::to_string(t_.limits().max_literal) + " bytes)\r\n";
                    if (!co_await t_.write(reply))
                        co_return;
                    ok = false;
                    break;
                }
                if (!plus) {
                    std::string go_ahead = "+ Ready for literal data\r\n";
                    if (!co_await t_.write(go_ahead))
                        co_return;
                }
                auto data = co_await t_.read_exact(size);
                if (!data)
                    co_return;
                command.literals.push_back(std::move(*data));
                auto next = co_await t_.read_line();
                if (!next) {
                    co_await say_goodbye();
                    co_return;
                }
                command.lines.push_back(std::move(*next));
            }
            if (!ok)
                continue;
            if (!co_await execute(command))
                co_return;
        }
    }

  private:
    enum class State { not_authenticated, authenticated, selected };

    asio::awaitable<void> say_goodbye() {
        std::string bye;
        if (t_.stop() == ReadStop::timeout)
            bye = "* BYE Autologout; idle for too long\r\n";
        else if (t_.stop() == ReadStop::line_too_long)
            bye = "* BYE Command line too long\r\n";
        else if (t_.stop() == ReadStop::session_limit)
            bye = "* BYE Too much data on this connection\r\n";
        if (!bye.empty())
            co_await t_.write(bye);
    }

    std::string capabilities() const {
        std::string caps = "IMAP4rev1 LITERAL+ SASL-IR ID NAMESPACE UIDPLUS SPECIAL-USE";
        if (!t_.is_tls())
            caps += " STARTTLS LOGINDISABLED";
        else if (state_ == State::not_authenticated)
            caps += " AUTH=PLAIN AUTH=LOGIN";
        return caps;
    }

    asio::awaitable<bool> execute(const ImapCommand& command) {
        Parser p(command);
        std::string tag;
        std::string name;
        bool malformed = false;
        try {
            tag = p.atom();
            if (tag.find('+') != std::string::npos || tag == "*")
                throw ParseError{"invalid tag"};
            p.expect_space();
            name = upper(p.atom());
        } catch (const ParseError&) {
            malformed = true;
        }
        if (malformed) {
            std::string reply = (tag.empty() ? "*" : tag) + " BAD Missing tag or command\r\n";
            co_return co_await t_.write(reply);
        }
        out_.clear();
        bool keep_going = true;
        try {
            bool uid = false;
            if (name == "UID") {
                p.expect_space();
                name = upper(p.atom());
                uid = true;
                if (name != "FETCH" && name != "STORE" && name != "SEARCH" && name != "COPY" &&
                    name != "EXPUNGE")
                    throw ParseError{"UID " + name + " is not a UID command"};
            }
            keep_going = co_await dispatch(tag, name, uid, p);
        } catch (const ParseError& error) {
            out_ += tag + " BAD " + error.message + "\r\n";
        }
        if (!out_.empty() && !co_await t_.write(out_))
            co_return false;
        co_return keep_going;
    }

    bool need(State at_least, const std::string& tag) {
        if (state_ == State::not_authenticated && at_least != State::not_authenticated) {
            out_ += tag + " BAD Log in first\r\n";
            return false;
        }
        if (at_least == State::selected && state_ != State::selected) {
            out_ += tag + " BAD Select a mailbox first\r\n";
            return false;
        }
        return true;
    }

    asio::awaitable<bool> dispatch(const std::string& tag, const std::string& name, bool uid,
                                   Parser& p) {
        if (name == "CAPABILITY") {
            p.expect_end();
            out_ +=
                "* CAPABILITY " + capabilities() + "\r\n" + tag + " OK CAPABILITY completed\r\n";
        } else if (name == "NOOP" || name == "CHECK") {
            p.expect_end();
            if (name == "CHECK" && !need(State::selected, tag))
                co_return true;
            sync(true);
            out_ += tag + " OK " + name + " completed\r\n";
        } else if (name == "LOGOUT") {
            p.expect_end();
            out_ +=
                "* BYE MailLab lab IMAP server logging out\r\n" + tag + " OK LOGOUT completed\r\n";
            co_return false;
        } else if (name == "STARTTLS") {
            p.expect_end();
            co_return co_await starttls(tag);
        } else if (name == "LOGIN") {
            p.expect_space();
            std::string user = p.astring();
            p.expect_space();
            std::string password = p.astring();
            p.expect_end();
            login(tag, user, password, "LOGIN");
            if (failures_ >= 3) {
                out_ += "* BYE Too many failed logins\r\n";
                co_return false;
            }
        } else if (name == "AUTHENTICATE") {
            p.expect_space();
            std::string mechanism = upper(p.atom());
            std::optional<std::string> initial;
            if (p.skip_space())
                initial = p.atom();
            p.expect_end();
            co_return co_await authenticate(tag, mechanism, initial);
        } else if (name == "ID") {
            p.expect_space();
            out_ += "* ID (\"name\" \"MailLab lab\" \"vendor\" \"MailLab\")\r\n" + tag +
                    " OK ID completed\r\n";
        } else if (name == "NAMESPACE") {
            p.expect_end();
            if (need(State::authenticated, tag))
                out_ +=
                    "* NAMESPACE ((\"\" \"/\")) NIL NIL\r\n" + tag + " OK NAMESPACE completed\r\n";
        } else if (name == "LIST" || name == "LSUB") {
            p.expect_space();
            std::string reference = p.astring();
            p.expect_space();
            std::string pattern = p.astring();
            p.expect_end();
            if (need(State::authenticated, tag))
                list(tag, name, reference, pattern);
        } else if (name == "SUBSCRIBE" || name == "UNSUBSCRIBE") {
            p.expect_space();
            p.astring();
            p.expect_end();
            if (need(State::authenticated, tag))
                out_ += tag + " OK " + name + " completed\r\n";
        } else if (name == "SELECT" || name == "EXAMINE") {
            p.expect_space();
            std::string mailbox = p.astring();
            p.expect_end();
            if (need(State::authenticated, tag))
                select(tag, mailbox, name == "EXAMINE");
        } else if (name == "STATUS") {
            p.expect_space();
            std::string mailbox = p.astring();
            p.expect_space();
            auto items = p.atom_list();
            p.expect_end();
            if (need(State::authenticated, tag))
                status(tag, mailbox, items);
        } else if (name == "CREATE" || name == "DELETE") {
            p.expect_space();
            std::string mailbox = p.astring();
            p.expect_end();
            if (need(State::authenticated, tag))
                create_or_delete(tag, mailbox, name == "CREATE");
        } else if (name == "RENAME") {
            if (need(State::authenticated, tag))
                out_ += tag + " NO [CANNOT] The lab does not rename mailboxes\r\n";
        } else if (name == "APPEND") {
            if (need(State::authenticated, tag))
                append(tag, p);
        } else if (name == "CLOSE" || name == "UNSELECT") {
            p.expect_end();
            if (need(State::selected, tag)) {
                if (name == "CLOSE" && !read_only_)
                    expunge_deleted(nullptr, false);
                state_ = State::authenticated;
                view_.clear();
                out_ += tag + " OK " + name + " completed\r\n";
            }
        } else if (name == "EXPUNGE") {
            std::vector<std::uint32_t> only;
            if (uid) {
                p.expect_space();
                auto set = parse_sequence_set(p.atom());
                p.expect_end();
                if (!need(State::selected, tag))
                    co_return true;
                for (auto index : resolve(set, true))
                    only.push_back(view_[index]);
            } else {
                p.expect_end();
                if (!need(State::selected, tag))
                    co_return true;
            }
            if (read_only_) {
                out_ += tag + " NO [READ-ONLY] The mailbox is read-only\r\n";
                co_return true;
            }
            expunge_deleted(uid ? &only : nullptr, true);
            out_ += tag + " OK EXPUNGE completed\r\n";
        } else if (name == "FETCH") {
            p.expect_space();
            auto set = parse_sequence_set(p.atom());
            p.expect_space();
            auto items = p.atom_list();
            p.expect_end();
            if (need(State::selected, tag))
                fetch(tag, set, items, uid);
        } else if (name == "STORE") {
            p.expect_space();
            auto set = parse_sequence_set(p.atom());
            p.expect_space();
            std::string action = upper(p.atom());
            p.expect_space();
            auto flags = p.atom_list();
            p.expect_end();
            if (need(State::selected, tag))
                store(tag, set, action, flags, uid);
        } else if (name == "SEARCH") {
            std::vector<std::string> keys;
            while (p.skip_space())
                keys.push_back(p.peek() == '"' || p.peek() == '{' ? "\"" + p.string() : p.atom());
            p.expect_end();
            if (need(State::selected, tag))
                search(tag, keys, uid);
        } else if (name == "COPY") {
            p.expect_space();
            auto set = parse_sequence_set(p.atom());
            p.expect_space();
            std::string mailbox = p.astring();
            p.expect_end();
            if (need(State::selected, tag))
                copy(tag, set, mailbox, uid);
        } else {
            out_ += tag + " BAD Unknown command " + name.substr(0, 40) + "\r\n";
        }
        if (state_ == State::selected && name != "FETCH" && name != "STORE" && name != "SEARCH" &&
            name != "LOGOUT")
            sync(true);
        else if (state_ == State::selected)
            sync(false);
        co_return true;
    }

    // Moves the untagged updates (new messages, expunges by other sessions) in front of the
    // tagged reply that ends out_.
    void sync(bool report_expunges) {
        std::string updates;
        {
            auto lock = lab_->store.lock();
            auto* box = mailbox_locked(selected_);
            if (!box)
                return;
            if (report_expunges) {
                for (std::size_t i = view_.size(); i-- > 0;) {
                    if (!box->find_uid(view_[i])) {
                        updates += "* " + std::to_string(i + 1) + " EXPUNGE\r\n";
                        view_.erase(view_.begin() + static_cast<std::ptrdiff_t>(i));
                    }
                }
            }
            std::size_t before = view_.size();
            std::uint32_t last = view_.empty() ? 0 : view_.back();
            for (const auto& m : box->messages)
                if (m.uid > last)
                    view_.push_back(m.uid);
            if (view_.size() != before)
                updates += "* " + std::to_string(view_.size()) + " EXISTS\r\n";
        }
        if (updates.empty())
            return;
        // Insert before the final tagged line.
        auto end = out_.size() >= 2 ? out_.rfind("\r\n", out_.size() - 3) : std::string::npos;
        std::size_t at = end == std::string::npos ? 0 : end + 2;
        if (out_.empty() || out_.compare(at, 2, "* ") == 0 || out_.compare(at, 2, "+ ") == 0)
            at = out_.size();
        out_.insert(at, updates);
    }

    Mailbox* mailbox_locked(const std::string& name) {
        auto* user = lab_->store.user(user_);
        return user ? user->mailbox(name) : nullptr;
    }

    asio::awaitable<bool> starttls(const std::string& tag) {
        if (t_.is_tls()) {
            out_ += tag + " BAD TLS is already active\r\n";
            co_return true;
        }
        std::string reply = tag + " OK Begin TLS negotiation now\r\n";
        if (!co_await t_.write(reply))
            co_return false;
        auto context = lab_->tls_context();
        if (!co_await t_.start_tls(context)) {
            std::string detail = t_.tls_error();
            lab_->event(service_, lab::EventKind::tls_failed, {}, detail);
            co_return false;
        }
        lab_->event(service_, lab::EventKind::starttls, {});
        co_return true;
    }

    void login(const std::string& tag, const std::string& user, const std::string& password,
               const std::string& mechanism) {
        if (state_ != State::not_authenticated) {
            out_ += tag + " BAD Already logged in\r\n";
            return;
        }
        if (!t_.is_tls()) {
            out_ +=
                tag +
                " NO [PRIVACYREQUIRED] Plaintext authentication disallowed; use STARTTLS first\r\n";
            return;
        }
        std::string address;
        AuthResult result;
        {
            auto lock = lab_->store.lock();
            result = lab_->store.authenticate(user, password, false, address);
        }
        if (result != AuthResult::ok) {
            ++failures_;
            lab_->event(service_, lab::EventKind::login_failed, address,
                        mechanism + (result == AuthResult::unknown_user ? ": unknown user"
                                                                        : ": wrong password"));
            out_ += tag + " NO [AUTHENTICATIONFAILED] Authentication failed.\r\n";
            return;
        }
        user_ = address;
        state_ = State::authenticated;
        lab_->event(service_, lab::EventKind::login_ok, address, mechanism);
        out_ += tag + " OK [CAPABILITY " + capabilities() + "] Logged in\r\n";
    }

    asio::awaitable<bool> authenticate(const std::string& tag, const std::string& mechanism,
                                       std::optional<std::string> initial) {
        if (state_ != State::not_authenticated) {
            out_ += tag + " BAD Already logged in\r\n";
            co_return true;
        }
        if (!t_.is_tls()) {
            out_ +=
                tag + " NO [PRIVACYREQUIRED] Authentication requires TLS; use STARTTLS first\r\n";
            co_return true;
        }
        if (mechanism != "PLAIN" && mechanism != "LOGIN") {
            out_ += tag + " NO Unsupported authentication mechanism\r\n";
            co_return true;
        }
        auto ask = [&](std::string prompt) -> asio::awaitable<std::optional<std::string>> {
            std::string line = "+ " + prompt + "\r\n";
            if (!co_await t_.write(line))
                co_return std::nullopt;
            auto answer = co_await t_.read_line();
            co_return answer;
        };
        std::optional<std::string> user, password;
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
                out_ += tag + " BAD Authentication cancelled\r\n";
                co_return true;
            }
            auto decoded = base64_decode(encoded);
            auto credentials = decoded ? parse_sasl_plain(*decoded) : std::nullopt;
            if (!credentials) {
                out_ += tag + " BAD Invalid SASL PLAIN response\r\n";
                co_return true;
            }
            user = credentials->user;
            password = credentials->password;
        } else {
            std::optional<std::string> encoded_user = initial;
            if (!encoded_user) {
                encoded_user = co_await ask("VXNlcm5hbWU6");
                if (!encoded_user)
                    co_return false;
            }
            if (*encoded_user == "*") {
                out_ += tag + " BAD Authentication cancelled\r\n";
                co_return true;
            }
            auto encoded_password = co_await ask("UGFzc3dvcmQ6");
            if (!encoded_password)
                co_return false;
            if (*encoded_password == "*") {
                out_ += tag + " BAD Authentication cancelled\r\n";
                co_return true;
            }
            user = base64_decode(*encoded_user);
            password = base64_decode(*encoded_password);
            if (!user || !password) {
                out_ += tag + " BAD Invalid base64\r\n";
                co_return true;
            }
        }
        login(tag, *user, *password, "AUTHENTICATE " + mechanism);
        if (failures_ >= 3) {
            out_ += "* BYE Too many failed logins\r\n";
            co_return false;
        }
        co_return true;
    }

    void list(const std::string& tag, const std::string& name, const std::string& reference,
              const std::string& pattern) {
        if (pattern.empty()) {
            out_ += "* " + name + " (\\Noselect) \"/\" \"\"\r\n" + tag + " OK " + name +
                    " completed\r\n";
            return;
        }
        std::string full = reference + pattern;
        auto lock = lab_->store.lock();
        auto* user = lab_->store.user(user_);
        for (const auto& box : user->mailboxes) {
            bool match = wildcard_match(full, box.name) ||
                         (box.name == "INBOX" && wildcard_match(upper(full), "INBOX"));
            if (match)
                out_ += "* " + name + " (\\HasNoChildren" + special_use(box.name) + ") \"/\" " +
                        imap_astring(box.name) + "\r\n";
        }
        out_ += tag + " OK " + name + " completed\r\n";
    }

    void select(const std::string& tag, const std::string& mailbox, bool examine) {
        state_ = State::authenticated;
        view_.clear();
        auto lock = lab_->store.lock();
        auto* box = mailbox_locked(mailbox);
        if (!box) {
            out_ += tag + " NO [NONEXISTENT] No such mailbox\r\n";
            return;
        }
        selected_ = box->name;
        read_only_ = examine;
        state_ = State::selected;
        std::size_t first_unseen = 0;
        for (const auto& m : box->messages) {
            view_.push_back(m.uid);
            if (!first_unseen && !m.has_flag("\\Seen"))
                first_unseen = view_.size();
        }
        out_ += "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n";
        out_ += examine ? "* OK [PERMANENTFLAGS ()] Read-only mailbox\r\n"
                        : "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft "
                          "\\*)] Flags permitted\r\n";
        out_ += "* " + std::to_string(view_.size()) + " EXISTS\r\n* 0 RECENT\r\n";
        if (first_unseen)
            out_ += "* OK [UNSEEN " + std::to_string(first_unseen) + "] First unseen\r\n";
        out_ += "* OK [UIDVALIDITY " + std::to_string(box->uidvalidity) + "] UIDs valid\r\n";
        out_ += "* OK [UIDNEXT " + std::to_string(box->uidnext) + "] Predicted next UID\r\n";
        out_ += tag + (examine ? " OK [READ-ONLY] EXAMINE completed\r\n"
                               : " OK [READ-WRITE] SELECT completed\r\n");
    }

    void status(const std::string& tag, const std::string& mailbox,
                const std::vector<std::string>& items) {
        auto lock = lab_->store.lock();
        auto* box = mailbox_locked(mailbox);
        if (!box) {
            out_ += tag + " NO [NONEXISTENT] No such mailbox\r\n";
            return;
        }
        std::string values;
        for (const auto& raw : items) {
            std::string item = upper(raw);
            std::size_t value = 0;
            if (item == "MESSAGES")
                value = box->messages.size();
            else if (item == "UNSEEN")
                value = static_cast<std::size_t>(
                    std::count_if(box->messages.begin(), box->messages.end(),
                                  [](const StoredMessage& m) { return !m.has_flag("\\Seen"); }));
            else if (item == "UIDNEXT")
                value = box->uidnext;
            else if (item == "UIDVALIDITY")
                value = box->uidvalidity;
            else if (item == "RECENT")
                value = 0;
            else
                throw ParseError{"unknown STATUS item " + item.substr(0, 20)};
            values += (values.empty() ? "" : " ") + item + " " + std::to_string(value);
        }
        out_ += "* STATUS " + imap_astring(box->name) + " (" + values + ")\r\n" + tag +
                " OK STATUS completed\r\n";
    }

    void create_or_delete(const std::string& tag, const std::string& mailbox, bool create) {
        auto lock = lab_->store.lock();
        auto* user = lab_->store.user(user_);
        if (create) {
            bool bad_name = mailbox.empty() || mailbox.size() > 100 ||
                            mailbox.find_first_of("*%\"\\") != std::string::npos ||
                            std::any_of(mailbox.begin(), mailbox.end(),
                                        [](unsigned char c) { return c < 0x20 || c >= 0x7f; });
            if (bad_name) {
                out_ += tag + " NO [CANNOT] Invalid mailbox name\r\n";
            } else if (user->mailbox(mailbox)) {
                out_ += tag + " NO [ALREADYEXISTS] Mailbox exists\r\n";
            } else if (user->mailboxes.size() >= 50) {
                out_ += tag + " NO [LIMIT] Too many mailboxes\r\n";
            } else {
                Mailbox box;
                box.name = mailbox;
                box.uidvalidity = user->mailboxes.front().uidvalidity;
                user->mailboxes.push_back(std::move(box));
                out_ += tag + " OK CREATE completed\r\n";
            }
            return;
        }
        auto it = std::find_if(user->mailboxes.begin(), user->mailboxes.end(),
                               [&](const Mailbox& b) { return b.name == mailbox; });
        if (it == user->mailboxes.end()) {
            out_ += tag + " NO [NONEXISTENT] No such mailbox\r\n";
        } else if (it->name == "INBOX" || (state_ == State::selected && selected_ == it->name)) {
            out_ += tag + " NO [CANNOT] This mailbox cannot be deleted now\r\n";
        } else {
            user->mailboxes.erase(it);
            out_ += tag + " OK DELETE completed\r\n";
        }
    }

    void append(const std::string& tag, Parser& p) {
        p.expect_space();
        std::string mailbox = p.astring();
        p.expect_space();
        std::vector<std::string> flags;
        if (p.peek() == '(') {
            flags = p.atom_list();
            if (flags.size() == 1 && flags[0].empty())
                flags.clear();
            p.expect_space();
        }
        std::int64_t date = static_cast<std::int64_t>(std::time(nullptr));
        if (p.peek() == '"') {
            p.string(); // the client's date is accepted but the lab keeps the arrival time
            p.expect_space();
        }
        std::string message = p.string();
        p.expect_end();
        for (auto& f : flags) {
            if (!system_flag_ok(f))
                throw ParseError{"invalid flag"};
            f = canonical_flag(f);
        }
        if (message.empty()) {
            out_ += tag + " NO Empty message\r\n";
            return;
        }
        auto lock = lab_->store.lock();
        auto* box = mailbox_locked(mailbox);
        if (!box) {
            out_ += tag + " NO [TRYCREATE] No such mailbox\r\n";
            return;
        }
        if (!box->has_room_for(message.size())) {
            out_ += tag + " NO [OVERQUOTA] The mailbox is full\r\n";
            return;
        }
        auto uid = box->add(std::move(message), date, std::move(flags));
        out_ += tag + " OK [APPENDUID " + std::to_string(box->uidvalidity) + " " +
                std::to_string(uid) + "] APPEND completed\r\n";
    }

    // Indices into view_, ascending, for a sequence set (or UID set).
    std::vector<std::size_t> resolve(const std::vector<SeqRange>& set, bool uid) {
        std::vector<std::size_t> out;
        if (view_.empty())
            return out;
        if (uid) {
            std::uint32_t star = view_.back();
            for (std::size_t i = 0; i < view_.size(); ++i) {
                for (const auto& r : set) {
                    std::uint32_t a = r.lo ? r.lo : star, b = r.hi ? r.hi : star;
                    if (view_[i] >= std::min(a, b) && view_[i] <= std::max(a, b)) {
                        out.push_back(i);
                        break;
                    }
                }
            }
            return out;
        }
        std::vector<bool> chosen(view_.size(), false);
        const auto star = static_cast<std::uint32_t>(view_.size());
        for (const auto& r : set) {
            std::uint32_t a = r.lo ? r.lo : star, b = r.hi ? r.hi : star;
            if (std::max(a, b) > star)
                throw ParseError{"invalid message sequence number"};
            for (std::uint32_t n = std::min(a, b); n <= std::max(a, b); ++n)
                chosen[n - 1] = true;
        }
        for (std::size_t i = 0; i < chosen.size(); ++i)
            if (chosen[i])
                out.push_back(i);
        return out;
    }

    void fetch(const std::string& tag, const std::vector<SeqRange>& set,
               std::vector<std::string> items, bool uid) {
        std::vector<FetchItem> parsed;
        if (items.size() == 1) {
            std::string macro = upper(items[0]);
            if (macro == "ALL")
                items = {"FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE"};
            else if (macro == "FAST")
                items = {"FLAGS", "INTERNALDATE", "RFC822.SIZE"};
            else if (macro == "FULL")
                items = {"FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODY"};
        }
        if (uid && std::none_of(items.begin(), items.end(),
                                [](const std::string& i) { return iequals(i, "UID"); }))
            items.insert(items.begin(), "UID");
        for (const auto& item : items) {
            auto f = parse_fetch_item(item);
            if (!f)
                throw ParseError{"unknown FETCH item " + item.substr(0, 40)};
            parsed.push_back(*f);
        }
        auto indices = resolve(set, uid);
        auto lock = lab_->store.lock();
        auto* box = mailbox_locked(selected_);
        for (auto index : indices) {
            auto* message = box ? box->find_uid(view_[index]) : nullptr;
            if (!message)
                continue;
            out_ += "* " + std::to_string(index + 1) + " FETCH (" +
                    fetch_response(*message, parsed, !read_only_) + ")\r\n";
            if (out_.size() > 256 * 1024 * 1024)
                break;
        }
        out_ += tag + " OK FETCH completed\r\n";
    }

    void store(const std::string& tag, const std::vector<SeqRange>& set, const std::string& action,
               std::vector<std::string> flags, bool uid) {
        if (flags.size() == 1 && flags[0].empty())
            flags.clear();
        int mode = 0; // 0 replace, 1 add, -1 remove
        std::string base = action;
        bool silent = base.size() > 7 && base.substr(base.size() - 7) == ".SILENT";
        if (silent)
            base.resize(base.size() - 7);
        if (base == "+FLAGS")
            mode = 1;
        else if (base == "-FLAGS")
            mode = -1;
        else if (base != "FLAGS")
            throw ParseError{"STORE needs FLAGS, +FLAGS or -FLAGS"};
        for (auto& f : flags) {
            if (!system_flag_ok(f))
                throw ParseError{"invalid flag " + f.substr(0, 40)};
            f = canonical_flag(f);
        }
        if (read_only_) {
            out_ += tag + " NO [READ-ONLY] The mailbox is read-only\r\n";
            return;
        }
        auto indices = resolve(set, uid);
        auto lock = lab_->store.lock();
        auto* box = mailbox_locked(selected_);
        for (auto index : indices) {
            auto* m = box ? box->find_uid(view_[index]) : nullptr;
            if (!m)
                continue;
            if (mode == 0)
                m->flags.clear();
            for (const auto& f : flags)
                m->set_flag(f, mode >= 0);
            if (!silent)
                out_ += "* " + std::to_string(index + 1) + " FETCH (" +
                        (uid ? "UID " + std::to_string(m->uid) + " " : std::string{}) + "FLAGS " +
                        flag_list(*m) + ")\r\n";
        }
        out_ += tag + " OK STORE completed\r\n";
    }

    void search(const std::string& tag, std::vector<std::string> keys, bool uid) {
        if (keys.size() >= 2 && iequals(keys[0], "CHARSET"))
            keys.erase(keys.begin(), keys.begin() + 2);
        auto lock = lab_->store.lock();
        auto* box = mailbox_locked(selected_);
        std::string hits;
        for (std::size_t i = 0; i < view_.size(); ++i) {
            auto* m = box ? box->find_uid(view_[i]) : nullptr;
            if (!m)
                continue;
            if (search_matches(*m, i, keys))
                hits += " " + std::to_string(uid ? m->uid : i + 1);
        }
        out_ += "* SEARCH" + hits + "\r\n" + tag + " OK SEARCH completed\r\n";
    }

    bool search_matches(const StoredMessage& m, std::size_t index,
                        const std::vector<std::string>& keys) {
        for (std::size_t k = 0; k < keys.size(); ++k) {
            bool negate = false;
            std::string key = upper(keys[k]);
            if (key == "NOT" && k + 1 < keys.size()) {
                negate = true;
                key = upper(keys[++k]);
            }
            bool match = true;
            auto next = [&]() -> std::string {
                if (k + 1 >= keys.size())
                    throw ParseError{"SEARCH " + key + " needs an argument"};
                std::string v = keys[++k];
                return v.size() && v[0] == '"' ? v.substr(1) : v;
            };
            if (key == "ALL") {
            } else if (key == "SEEN" || key == "UNSEEN") {
                match = m.has_flag("\\Seen") == (key == "SEEN");
            } else if (key == "DELETED" || key == "UNDELETED") {
                match = m.has_flag("\\Deleted") == (key == "DELETED");
            } else if (key == "FLAGGED" || key == "UNFLAGGED") {
                match = m.has_flag("\\Flagged") == (key == "FLAGGED");
            } else if (key == "ANSWERED" || key == "UNANSWERED") {
                match = m.has_flag("\\Answered") == (key == "ANSWERED");
            } else if (key == "NEW" || key == "RECENT") {
                match = key == "NEW" && !m.has_flag("\\Seen");
            } else if (key == "UID") {
                auto set = parse_sequence_set(next());
                auto hits = resolve(set, true);
                match = std::find(hits.begin(), hits.end(), index) != hits.end();
            } else if (key == "SUBJECT" || key == "FROM" || key == "TO" || key == "CC" ||
                       key == "BODY" || key == "TEXT") {
                std::string needle = lower(next());
                std::string haystack;
                if (key == "BODY")
                    haystack = lower(message_text(m.raw));
                else if (key == "TEXT")
                    haystack = lower(m.raw);
                else
                    haystack = lower(header_value(m.raw, key));
                match = haystack.find(needle) != std::string::npos;
            } else if (!key.empty() &&
                       (std::isdigit(static_cast<unsigned char>(key[0])) || key[0] == '*')) {
                auto hits = resolve(parse_sequence_set(key), false);
                match = std::find(hits.begin(), hits.end(), index) != hits.end();
            } else {
                throw ParseError{"unsupported SEARCH key " + key.substr(0, 30)};
            }
            if (match == negate)
                return false;
        }
        return true;
    }

    void copy(const std::string& tag, const std::vector<SeqRange>& set, const std::string& mailbox,
              bool uid) {
        auto indices = resolve(set, uid);
        auto lock = lab_->store.lock();
        auto* from = mailbox_locked(selected_);
        auto* to = mailbox_locked(mailbox);
        if (!to) {
            out_ += tag + " NO [TRYCREATE] No such mailbox\r\n";
            return;
        }
        std::vector<StoredMessage> copies;
        std::size_t bytes = 0;
        for (auto index : indices)
            if (auto* m = from ? from->find_uid(view_[index]) : nullptr) {
                copies.push_back(*m);
                bytes += m->raw.size();
            }
        if (!to->has_room_for(bytes) ||
            to->messages.size() + copies.size() > Mailbox::max_messages) {
            out_ += tag + " NO [OVERQUOTA] The target mailbox is full\r\n";
            return;
        }
        std::string source_uids, target_uids;
        for (auto& m : copies) {
            source_uids += (source_uids.empty() ? "" : ",") + std::to_string(m.uid);
            auto new_uid = to->add(std::move(m.raw), m.internal_date, std::move(m.flags));
            target_uids += (target_uids.empty() ? "" : ",") + std::to_string(new_uid);
        }
        if (copies.empty())
            out_ += tag + " OK COPY completed\r\n";
        else
            out_ += tag + " OK [COPYUID " + std::to_string(to->uidvalidity) + " " + source_uids +
                    " " + target_uids + "] COPY completed\r\n";
    }

    // Removes \Deleted messages (of `only`, when given) from the selected mailbox; the EXPUNGE
    // responses come from sync().
    void expunge_deleted(const std::vector<std::uint32_t>* only, bool report) {
        std::size_t removed = 0;
        {
            auto lock = lab_->store.lock();
            auto* box = mailbox_locked(selected_);
            if (!box)
                return;
            auto& messages = box->messages;
            auto end =
                std::remove_if(messages.begin(), messages.end(), [&](const StoredMessage& m) {
                    if (!m.has_flag("\\Deleted"))
                        return false;
                    return !only || std::find(only->begin(), only->end(), m.uid) != only->end();
                });
            removed = static_cast<std::size_t>(messages.end() - end);
            messages.erase(end, messages.end());
        }
        if (report && removed) {
            std::string saved;
            saved.swap(out_);
            sync(true);
            saved += out_;
            out_.swap(saved);
        }
    }

    std::shared_ptr<LabState> lab_;
    Transport& t_;
    lab::Service service_;
    State state_ = State::not_authenticated;
    std::string user_;
    std::string selected_;
    bool read_only_ = false;
    std::vector<std::uint32_t> view_; // UIDs in sequence-number order
    int failures_ = 0;
    std::string out_;
};

} // namespace

asio::awaitable<void> run_imap(std::shared_ptr<LabState> lab, tcp::socket socket,
                               lab::Service service) {
    return run_session<ImapSession>(std::move(lab), std::move(socket), service);
}

} // namespace maillab::lab_detail
