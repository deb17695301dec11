#include "protocol_log.hpp"

#include "mail_store.hpp"

#include <algorithm>
#include <optional>

namespace maillab::lab_detail {
namespace {

constexpr std::string_view hidden = "[hidden]";

std::vector<std::string_view> words(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < line.size() && out.size() < 4) {
        while (i < line.size() && line[i] == ' ')
            ++i;
        const std::size_t start = i;
        while (i < line.size() && line[i] != ' ')
            ++i;
        if (i > start)
            out.push_back(line.substr(start, i - start));
    }
    return out;
}

// The line up to the end of word `count` (0-based count of words kept), then "[hidden]" when
// anything followed.
std::string keep_words(std::string_view line, std::size_t count) {
    std::size_t i = 0;
    for (std::size_t w = 0; w < count && i < line.size(); ++w) {
        while (i < line.size() && line[i] == ' ')
            ++i;
        while (i < line.size() && line[i] != ' ')
            ++i;
    }
    const std::string_view kept = line.substr(0, i);
    if (line.substr(i).find_first_not_of(' ') == std::string_view::npos)
        return std::string(kept);
    return std::string(kept) + " " + std::string(hidden);
}

} // namespace

namespace {

// What a command line does with credentials: nothing, or it carries some after `keep` words.
struct LoginShape {
    bool login = false;
    std::size_t keep = 0; // words shown before "[hidden]"
};

// LOGIN, AUTHENTICATE/AUTH, PASS and APOP as the first word (POP3, SMTP, a client that forgot
// the IMAP tag) or the second (IMAP, after the tag): fail closed on either.
LoginShape login_shape(const std::vector<std::string_view>& w) {
    for (std::size_t verb = 0; verb < std::min<std::size_t>(2, w.size()); ++verb) {
        if (iequals(w[verb], "LOGIN") || iequals(w[verb], "APOP"))
            return {true, verb + 2}; // the user name is kept
        if (iequals(w[verb], "AUTHENTICATE") || iequals(w[verb], "AUTH"))
            return {true, verb + 2}; // the mechanism is kept, the initial response hidden
        if (iequals(w[verb], "PASS"))
            return {true, verb + 1};
    }
    return {};
}

// "Authorization: Basic x" and "Authorization:Basic x" (no space is valid HTTP too).
std::optional<std::string> redact_http_authorization(std::string_view line) {
    const auto colon = line.find(':');
    if (colon == std::string_view::npos)
        return std::nullopt;
    const std::string_view name = line.substr(0, colon);
    if (!iequals(name, "Authorization") && !iequals(name, "Proxy-Authorization"))
        return std::nullopt;
    std::string_view rest = line.substr(colon + 1);
    while (!rest.empty() && rest.front() == ' ')
        rest.remove_prefix(1);
    const std::string_view scheme = rest.substr(0, rest.find(' '));
    return std::string(name) + ": " + std::string(scheme) + " " + std::string(hidden);
}

// An IMAP command line that ends in a literal marker ("{12}" or "{12+}"): it goes on after the
// literal's bytes.
bool ends_with_literal(std::string_view line) {
    if (line.empty() || line.back() != '}')
        return false;
    const auto open = line.rfind('{');
    if (open == std::string_view::npos || line.size() - open < 3)
        return false;
    std::string_view digits = line.substr(open + 1, line.size() - open - 2);
    if (!digits.empty() && digits.back() == '+')
        digits.remove_suffix(1);
    return !digits.empty() &&
           std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

std::string redact_client_command(std::string_view line) {
    if (auto http = redact_http_authorization(line))
        return *http;
    const auto w = words(line);
    const LoginShape shape = login_shape(w);
    return shape.login ? keep_words(line, shape.keep) : std::string(line);
}

void ProtocolLog::add(std::uint64_t connection, std::string_view protocol, bool from_client,
                      std::string_view text) {
    lab::LabLogLine line;
    line.time = std::chrono::system_clock::now();
    line.connection = connection;
    line.protocol = std::string(protocol);
    line.from_client = from_client;
    line.text = std::string(text.substr(0, max_line_chars));
    if (text.size() > max_line_chars)
        line.text += "…";
    for (char& c : line.text)
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t')
            c = '?';
    std::lock_guard guard(mutex_);
    line.sequence = next_++;
    if (lines_.size() >= max_lines)
        lines_.erase(lines_.begin(), lines_.begin() + max_lines / 10);
    lines_.push_back(std::move(line));
}

std::vector<lab::LabLogLine> ProtocolLog::after(std::uint64_t sequence) const {
    std::lock_guard guard(mutex_);
    auto first = std::upper_bound(
        lines_.begin(), lines_.end(), sequence,
        [](std::uint64_t s, const lab::LabLogLine& line) { return s < line.sequence; });
    return {first, lines_.end()};
}

void ConnectionLog::client_line(std::string_view line) {
    if (in_message_) {
        if (line != ".") {
            ++message_lines_;
            return;
        }
        in_message_ = false;
        add(true, "[message text: " + std::to_string(message_lines_) + " lines]");
        add(true, ".");
        return;
    }
    if (login_continues_) {
        // The rest of a login command after a literal: a password may be in it.
        login_continues_ = ends_with_literal(line);
        add(true, hidden);
        return;
    }
    if (challenge_pending_) {
        challenge_pending_ = false;
        add(true, line == "*" ? std::string("*") : std::string(hidden));
        return;
    }
    login_continues_ = login_shape(words(line)).login && ends_with_literal(line);
    add(true, redact_client_command(line));
}

void ConnectionLog::client_bytes(std::size_t n) {
    challenge_pending_ = false;
    add(true, "[literal: " + std::to_string(n) + " bytes]");
}

void ConnectionLog::server_data(std::string_view data) {
    constexpr std::size_t max_lines_per_reply = 4;
    std::size_t shown = 0, more = 0, more_bytes = 0;
    std::string_view last;
    while (!data.empty()) {
        auto end = data.find('\n');
        std::string_view line = data.substr(0, end);
        data = end == std::string_view::npos ? std::string_view{} : data.substr(end + 1);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        last = line;
        if (shown < max_lines_per_reply) {
            add(false, line);
            ++shown;
        } else {
            ++more;
            more_bytes += line.size() + 2;
        }
    }
    if (more > 0)
        add(false,
            "[" + std::to_string(more) + " more lines, " + std::to_string(more_bytes) + " bytes]");
    // A challenge: IMAP and POP3 "+ ..." continuation for SASL, SMTP 334. An IMAP "+" before
    // a literal is answered by literal bytes, which client_bytes() shows as a size only.
    challenge_pending_ = last == "+" || last.starts_with("+ ") || last.starts_with("334");
    if (last.starts_with("354")) {
        in_message_ = true;
        message_lines_ = 0;
    }
}

} // namespace maillab::lab_detail
