// fetch_messages: log in as verification does, then let the protocol's mailbox work run.
#include "mail/mailbox_work.hpp"

#include <algorithm>
#include <charconv>

namespace maillab {
namespace mail_detail {

std::size_t receive_limit_for(const FetchRequest& request) {
    const std::size_t messages = std::min(request.max_messages, max_messages_per_fetch);
    const std::size_t listings = 8 * 1024 * 1024;
    return messages * (raw_bytes_per_message(request) + 1024) + listings;
}

std::optional<std::uint32_t> parse_uid(std::string_view text) {
    std::uint32_t uid = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), uid);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || uid == 0)
        return std::nullopt;
    return uid;
}

} // namespace mail_detail

FetchResult fetch_messages(const IncomingServer& incoming, const NetOptions& options,
                           const FetchRequest& request) {
    FetchResult result;
    const auto role = incoming.role();
    if (role == ServerRole::incoming_pop3) {
        const verify_detail::Pop3Work work = [&](verify_detail::Session& s,
                                                 verify_detail::Pop3Link& link) {
            return mail_detail::fetch_pop3(s, link, request, result);
        };
        result.check = verify_detail::run_check(
            role, incoming.server, options,
            [&work](verify_detail::Session& s) { return verify_detail::run_pop3(s, &work); });
    } else {
        const verify_detail::ImapWork work = [&](verify_detail::Session& s,
                                                 verify_detail::ImapLink& link) {
            return mail_detail::fetch_imap(s, link, request, result);
        };
        result.check = verify_detail::run_check(
            role, incoming.server, options,
            [&work](verify_detail::Session& s) { return verify_detail::run_imap(s, &work); });
    }
    if (!result.check.ok())
        result.messages.clear(); // a half-done download is not shown
    return result;
}

} // namespace maillab
