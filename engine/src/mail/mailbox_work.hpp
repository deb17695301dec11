// The Mail app's work on a mailbox once logged in: IMAP and POP3 (see fetch_messages).
#pragma once

#include "maillab/mail/mail.hpp"
#include "verify/session.hpp"

namespace maillab::mail_detail {

using verify_detail::ImapLink;
using verify_detail::Pop3Link;
using verify_detail::Session;
namespace asio = boost::asio;
using net::Clock;

// Messages are downloaded up to this many bytes each: enough for max_body_bytes of text even in
// base64 (4/3 larger) plus a generous header.
inline constexpr std::size_t header_allowance = 32 * 1024;
inline std::size_t raw_bytes_per_message(const FetchRequest& request) {
    return request.max_body_bytes / 3 * 4 + 4 + header_allowance;
}
inline constexpr std::size_t max_messages_per_fetch = 500;

// What the session may receive in all: the messages, the listings, the protocol.
std::size_t receive_limit_for(const FetchRequest& request);

// A UID as the API shows it ("7"); nullopt when `text` is not a valid IMAP UID.
std::optional<std::uint32_t> parse_uid(std::string_view text);

asio::awaitable<void> fetch_imap(Session& session, ImapLink& link, const FetchRequest& request,
                                 FetchResult& result);
asio::awaitable<void> fetch_pop3(Session& session, Pop3Link& link, const FetchRequest& request,
                                 FetchResult& result);

} // namespace maillab::mail_detail
