// The IMAP inbox: SELECT (EXAMINE when nothing changes), the user's changes (UID STORE, EXPUNGE),
// the unseen count (STATUS), then the newest messages with one FETCH of partial bodies.
#include "mail/mailbox_work.hpp"
#include "mail/message_parser.hpp"
#include "maillab/protocol/imap_fetch.hpp"
#include "protocol/text_util.hpp"

#include <algorithm>

namespace maillab::mail_detail {
namespace {

// "1,5,9" for the valid UIDs in `uids`, in pieces of at most 200 so command lines stay short.
std::vector<std::string> uid_sets(const std::vector<std::string>& uids, Session& s,
                                  std::string_view stage) {
    std::vector<std::string> sets;
    std::string current;
    std::size_t in_current = 0;
    for (const auto& text : uids) {
        auto uid = parse_uid(text);
        if (!uid) {
            s.transcript.note(stage, "skipped an invalid UID");
            continue;
        }
        current += (current.empty() ? "" : ",") + std::to_string(*uid);
        if (++in_current == 200) {
            sets.push_back(std::move(current));
            current.clear();
            in_current = 0;
        }
    }
    if (!current.empty())
        sets.push_back(std::move(current));
    return sets;
}

class ImapInbox {
  public:
    ImapInbox(Session& s, ImapLink& link, const FetchRequest& request, FetchResult& result)
        : s_(s), link_(link), request_(request), result_(result) {}

    asio::awaitable<void> run();

  private:
    // Sends a command; false (after session.fail) unless the server answered OK.
    asio::awaitable<std::optional<verify_detail::ImapReply>>
    ok(std::string_view stage, const std::string& command, const std::string& failure);
    void track(const verify_detail::ImapReply& reply);
    asio::awaitable<bool> store(const std::vector<std::string>& uids, const std::string& flag,
                                std::string_view stage);
    asio::awaitable<void> count_unseen();
    asio::awaitable<void> fetch_newest();

    Session& s_;
    ImapLink& link_;
    const FetchRequest& request_;
    FetchResult& result_;
    std::string mailbox_; // as an IMAP astring
    std::size_t exists_ = 0;
};

void ImapInbox::track(const verify_detail::ImapReply& reply) {
    for (const auto& line : reply.untagged) {
        auto values = imap::parse_values(std::string_view(line).substr(0, line.find('\r')));
        if (!values || values->size() < 3 || (*values)[1].kind != imap::Value::Kind::number)
            continue;
        const auto& word = (*values)[2].text;
        const auto n = static_cast<std::size_t>(std::stoull((*values)[1].text));
        if (text::iequals(word, "EXISTS"))
            exists_ = n;
        else if (text::iequals(word, "EXPUNGE") && exists_ > 0)
            --exists_;
    }
}

asio::awaitable<std::optional<verify_detail::ImapReply>>
ImapInbox::ok(std::string_view stage, const std::string& command, const std::string& failure) {
    auto reply = co_await link_.command(stage, command);
    if (!reply)
        co_return std::nullopt;
    track(*reply);
    if (reply->response.status != "OK") {
        s_.result.server_reply = reply->line;
        s_.fail(Outcome::protocol_error, failure + ": " + reply->response.text);
        co_return std::nullopt;
    }
    co_return reply;
}

asio::awaitable<bool> ImapInbox::store(const std::vector<std::string>& uids,
                                       const std::string& flag, std::string_view stage) {
    for (const auto& set : uid_sets(uids, s_, stage)) {
        const std::string command = "UID STORE " + set + " +FLAGS.SILENT (" + flag + ")";
        const std::string failure = "the server did not set " + flag;
        auto reply = co_await ok(stage, command, failure);
        if (!reply)
            co_return false;
    }
    co_return true;
}

asio::awaitable<void> ImapInbox::count_unseen() {
    const std::string command = "STATUS " + mailbox_ + " (UNSEEN)";
    auto reply = co_await link_.command("status", command);
    if (!reply)
        co_return;
    if (reply->response.status != "OK") {
        s_.transcript.note("status", "no unseen count: " + reply->response.text);
        co_return;
    }
    for (const auto& line : reply->untagged) {
        auto values = imap::parse_values(line);
        if (!values || values->size() != 4 || !text::iequals((*values)[1].text, "STATUS") ||
            (*values)[3].kind != imap::Value::Kind::list)
            continue;
        const auto& items = (*values)[3].items;
        for (std::size_t i = 0; i + 1 < items.size(); i += 2)
            if (text::iequals(items[i].text, "UNSEEN") &&
                items[i + 1].kind == imap::Value::Kind::number)
                result_.unseen = static_cast<std::size_t>(std::stoull(items[i + 1].text));
    }
}

asio::awaitable<void> ImapInbox::fetch_newest() {
    const std::size_t wanted = std::min({request_.max_messages, max_messages_per_fetch, exists_});
    if (wanted == 0)
        co_return;
    const std::size_t partial = raw_bytes_per_message(request_);
    const std::string command = "FETCH " + std::to_string(exists_ - wanted + 1) + ":" +
                                std::to_string(exists_) + " (UID FLAGS RFC822.SIZE BODY.PEEK[]<0." +
                                std::to_string(partial) + ">)";
    const std::string failure = "the server did not send the messages";
    auto reply = co_await ok("fetch", command, failure);
    if (!reply)
        co_return;
    for (const auto& response : reply->untagged) {
        auto data = imap::parse_fetch(response);
        if (!data || !data->body || !data->uid)
            continue; // other untagged data, or a flag update
        const bool cut =
            data->size ? data->body->size() < *data->size : data->body->size() >= partial;
        MailMessage message = parse_message(*data->body, request_.max_body_bytes, cut);
        message.uid = std::to_string(*data->uid);
        message.size = data->size.value_or(data->body->size());
        for (const auto& flag : data->flags) {
            message.seen = message.seen || text::iequals(flag, "\\Seen");
            message.flagged = message.flagged || text::iequals(flag, "\\Flagged");
        }
        result_.messages.push_back(std::move(message));
    }
    std::sort(result_.messages.begin(), result_.messages.end(),
              [](const MailMessage& a, const MailMessage& b) {
                  return parse_uid(a.uid).value_or(0) > parse_uid(b.uid).value_or(0);
              });
}

asio::awaitable<void> ImapInbox::run() {
    auto name = imap::make_astring(request_.mailbox);
    if (name.literal) {
        s_.fail(Outcome::protocol_error,
                "MailLab cannot open a mailbox whose name is not plain ASCII");
        co_return;
    }
    mailbox_ = name.text;
    s_.connection.raise_receive_limit(receive_limit_for(request_));
    const bool changes = !request_.mark_seen_uids.empty() || !request_.delete_uids.empty();
    const std::string select = (changes ? "SELECT " : "EXAMINE ") + mailbox_;
    const std::string select_failure = "the mailbox " + request_.mailbox + " cannot be opened";
    auto selected = co_await ok("select", select, select_failure);
    if (!selected)
        co_return;
    if (!request_.mark_seen_uids.empty()) {
        const std::string seen = "\\Seen";
        const bool stored = co_await store(request_.mark_seen_uids, seen, "store");
        if (!stored)
            co_return;
    }
    if (!request_.delete_uids.empty()) {
        const std::string deleted = "\\Deleted";
        const bool stored = co_await store(request_.delete_uids, deleted, "store");
        if (!stored)
            co_return;
        const std::string expunge_failure = "the server did not remove the deleted messages";
        if (link_.has_capability("UIDPLUS")) {
            // Only the messages the user deleted, not others marked \Deleted elsewhere.
            for (const auto& set : uid_sets(request_.delete_uids, s_, "expunge")) {
                const std::string command = "UID EXPUNGE " + set;
                auto expunged = co_await ok("expunge", command, expunge_failure);
                if (!expunged)
                    co_return;
            }
        } else {
            const std::string command = "EXPUNGE";
            auto expunged = co_await ok("expunge", command, expunge_failure);
            if (!expunged)
                co_return;
        }
    }
    co_await count_unseen();
    if (s_.finished())
        co_return;
    result_.total = exists_;
    co_await fetch_newest();
}

} // namespace

asio::awaitable<void> fetch_imap(Session& session, ImapLink& link, const FetchRequest& request,
                                 FetchResult& result) {
    ImapInbox inbox(session, link, request, result);
    co_await inbox.run();
}

} // namespace maillab::mail_detail
