// The POP3 inbox: STAT, UIDL, LIST, DELE for the user's deletions (QUIT, sent by the check,
// makes them happen), then RETR of the newest messages; a message larger than the download
// limit comes with TOP: its header and the start of its text. With delete_after_retrieving each
// message kept whole is deleted right after its RETR.
#include "mail/mailbox_work.hpp"
#include "mail/message_parser.hpp"
#include "protocol/text_util.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

namespace maillab::mail_detail {
namespace {

std::optional<std::size_t> number(std::string_view text) {
    std::size_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size())
        return std::nullopt;
    return n;
}

// "n value" lines of UIDL or LIST → value by message number.
std::map<std::size_t, std::string> listing(std::string_view text) {
    std::map<std::size_t, std::string> out;
    while (!text.empty()) {
        auto end = text.find("\r\n");
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 2);
        auto first = text::next_word(line);
        auto second = text::next_word(line);
        auto n = number(first);
        if (n && *n > 0 && !second.empty() && second.size() <= 70)
            out.emplace(*n, std::string(second));
    }
    return out;
}

class Pop3Inbox {
  public:
    Pop3Inbox(Session& s, Pop3Link& link, const FetchRequest& request, FetchResult& result)
        : s_(s), link_(link), request_(request), result_(result) {}

    asio::awaitable<void> run();

  private:
    // Sends a command; nullopt (after session.fail) unless the server answered +OK.
    asio::awaitable<std::optional<pop3::Status>>
    ok(std::string_view stage, const std::string& command, const std::string& failure);
    asio::awaitable<std::optional<std::map<std::size_t, std::string>>>
    list(std::string_view stage, const std::string& command, bool optional);
    asio::awaitable<bool> delete_requested(const std::map<std::size_t, std::string>& uids);
    asio::awaitable<bool> download(std::size_t n, std::size_t size, const std::string& uid);

    Session& s_;
    Pop3Link& link_;
    const FetchRequest& request_;
    FetchResult& result_;
    std::set<std::size_t> deleted_;
};

asio::awaitable<std::optional<pop3::Status>>
Pop3Inbox::ok(std::string_view stage, const std::string& command, const std::string& failure) {
    auto status = co_await link_.command(stage, command);
    if (!status)
        co_return std::nullopt;
    if (!status->ok) {
        s_.fail(Outcome::protocol_error, failure + ": " + status->text);
        co_return std::nullopt;
    }
    co_return status;
}

asio::awaitable<std::optional<std::map<std::size_t, std::string>>>
Pop3Inbox::list(std::string_view stage, const std::string& command, bool optional) {
    auto status = co_await link_.command(stage, command);
    if (!status)
        co_return std::nullopt;
    if (!status->ok) {
        if (optional) {
            s_.transcript.note(stage,
                               "the server has no " + command + "; message numbers are used");
            co_return std::map<std::size_t, std::string>{};
        }
        s_.fail(Outcome::protocol_error, "the server refused " + command + ": " + status->text);
        co_return std::nullopt;
    }
    auto lines = co_await link_.read_multiline(stage, 8 * 1024 * 1024, false);
    if (!lines)
        co_return std::nullopt;
    co_return listing(lines->text);
}

asio::awaitable<bool> Pop3Inbox::delete_requested(const std::map<std::size_t, std::string>& uids) {
    for (const auto& wanted : request_.delete_uids) {
        auto found = std::find_if(uids.begin(), uids.end(),
                                  [&](const auto& entry) { return entry.second == wanted; });
        if (found == uids.end()) {
            s_.transcript.note("dele", "a message to delete is no longer on the server");
            continue;
        }
        const std::string command = "DELE " + std::to_string(found->first);
        const std::string failure =
            "the server did not delete message " + std::to_string(found->first);
        auto status = co_await ok("dele", command, failure);
        if (!status)
            co_return false;
        deleted_.insert(found->first);
    }
    co_return true;
}

asio::awaitable<bool> Pop3Inbox::download(std::size_t n, std::size_t size, const std::string& uid) {
    const std::size_t limit = raw_bytes_per_message(request_);
    const bool whole = size <= limit;
    // TOP: the header and about as many lines as max_body_bytes fills.
    const std::string command =
        whole ? "RETR " + std::to_string(n)
              : "TOP " + std::to_string(n) + " " + std::to_string(request_.max_body_bytes / 40 + 1);
    const std::string_view stage = whole ? "retr" : "top";
    auto status = co_await link_.command(stage, command);
    if (!status)
        co_return false;
    if (!status->ok) {
        s_.transcript.note(stage, "message " + std::to_string(n) + " (" + std::to_string(size) +
                                      " bytes) skipped: " + status->text);
        co_return true;
    }
    auto lines = co_await link_.read_multiline(stage, limit, false);
    if (!lines)
        co_return false;
    MailMessage message =
        parse_message(lines->text, request_.max_body_bytes, !whole || lines->truncated);
    message.uid = uid;
    message.size = size;
    const bool cut = message.body_truncated;
    result_.messages.push_back(std::move(message));
    if (!request_.delete_after_retrieving)
        co_return true;
    if (cut) {
        s_.transcript.note("dele", "message " + std::to_string(n) +
                                       " stays on the server: only its start was kept");
        co_return true;
    }
    const std::string dele = "DELE " + std::to_string(n);
    const std::string failure = "the server did not delete message " + std::to_string(n);
    auto deleted = co_await ok("dele", dele, failure);
    if (!deleted)
        co_return false;
    deleted_.insert(n);
    co_return true;
}

asio::awaitable<void> Pop3Inbox::run() {
    s_.connection.raise_receive_limit(receive_limit_for(request_));
    const std::string stat = "STAT";
    const std::string stat_failure = "the server did not open the mailbox";
    auto status = co_await ok("stat", stat, stat_failure);
    if (!status)
        co_return;
    std::string_view counts = status->text;
    const auto count = number(text::next_word(counts));
    if (!count) {
        s_.fail(Outcome::protocol_error, "the server's STAT reply has no message count");
        co_return;
    }
    const std::string uidl = "UIDL";
    auto uids = co_await list("uidl", uidl, true);
    if (!uids)
        co_return;
    const std::string list_command = "LIST";
    auto sizes = co_await list("list", list_command, false);
    if (!sizes)
        co_return;
    const bool deleted = co_await delete_requested(*uids);
    if (!deleted)
        co_return;
    result_.total = *count >= deleted_.size() ? *count - deleted_.size() : 0;
    const std::size_t wanted = std::min(request_.max_messages, max_messages_per_fetch);
    for (auto it = sizes->rbegin(); it != sizes->rend() && result_.messages.size() < wanted; ++it) {
        const std::size_t n = it->first;
        if (deleted_.count(n))
            continue;
        const auto size = number(it->second).value_or(0);
        auto uid_entry = uids->find(n);
        const std::string uid = uid_entry != uids->end() ? uid_entry->second : std::to_string(n);
        const bool downloaded = co_await download(n, size, uid);
        if (!downloaded)
            co_return;
    }
    result_.total = *count >= deleted_.size() ? *count - deleted_.size() : 0;
}

} // namespace

asio::awaitable<void> fetch_pop3(Session& session, Pop3Link& link, const FetchRequest& request,
                                 FetchResult& result) {
    Pop3Inbox inbox(session, link, request, result);
    co_await inbox.run();
}

} // namespace maillab::mail_detail
