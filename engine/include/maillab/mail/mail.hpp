// Reading and sending real mail with an account's settings: the Mail app's inbox (IMAP or POP3)
// and its Send button (SMTP submission). Every call connects, logs in exactly as verification
// does (same TLS rules, same deadlines and stages, same redacted transcript), does its work and
// leaves. A failure is a CheckResult with the phone's words, like a failed verification.
#pragma once

#include "maillab/model/account.hpp"
#include "maillab/verify/check_result.hpp"
#include "maillab/verify/verify.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace maillab {

// One message as the inbox and the message view show it. Header fields are decoded (RFC 2047)
// to UTF-8; the body is the first text/plain part, decoded (quoted-printable, base64), at most
// FetchRequest::max_body_bytes.
struct MailMessage {
    std::string uid;          // IMAP UID or POP3 UIDL: stable across sessions
    std::string from;         // display form: "Sam Chen <sam@lab.maillab.test>"
    std::string from_name;    // "Sam Chen" (the address when there is no name)
    std::string to;           // display form of To
    std::string cc;
    std::string subject;
    std::string date_header;  // as sent
    std::int64_t date = 0;    // seconds since the epoch (UTC), 0 when unparsable
    std::string body;         // UTF-8 text
    bool body_truncated = false;
    bool seen = false;        // POP3: always false (the phone keeps its own read state)
    bool flagged = false;
    std::size_t size = 0;     // RFC822.SIZE / LIST size in bytes
};

struct FetchRequest {
    std::string mailbox = "INBOX";     // IMAP only; plain ASCII names
    std::size_t max_messages = 50;     // the newest ones (at most 500)
    // Text kept per message. Each message is downloaded up to about 4/3 of this plus 32 KiB for
    // the header (IMAP BODY.PEEK[]<0.N>; POP3 RETR, or TOP for a larger message); a message cut
    // there has body_truncated set.
    std::size_t max_body_bytes = 64 * 1024;
    // Applied before fetching, so a refresh also uploads what the user did on the phone.
    std::vector<std::string> mark_seen_uids;  // IMAP: STORE +FLAGS (\Seen)
    std::vector<std::string> delete_uids;     // IMAP: \Deleted + EXPUNGE; POP3: DELE
    // POP3 only: DELE each message right after RETR fetched it, as a desktop client set to
    // "Remove from server after retrieving" does; a message with body_truncated (only its start
    // was kept) stays on the server.
    // The messages still come back in `messages`; `total` counts what stays on the server.
    bool delete_after_retrieving = false;
};

struct FetchResult {
    CheckResult check;                 // the session: ok, or why it failed (phone's words)
    std::vector<MailMessage> messages; // newest first; empty when the check failed
    std::size_t total = 0;             // messages in the mailbox on the server (after deletions)
    std::size_t unseen = 0;            // IMAP only (STATUS UNSEEN)
};

// The check's stages after the login: IMAP select, store, expunge, status, fetch; POP3 stat,
// uidl, list, dele, retr, top. Message text never goes into the transcript.
FetchResult fetch_messages(const IncomingServer& incoming, const NetOptions& options,
                           const FetchRequest& request);

struct OutgoingMessage {
    std::string from_name;
    std::string from_address;
    std::vector<std::string> to, cc, bcc; // addresses
    std::string subject;
    std::string body; // UTF-8 text, LF or CRLF
};

// The RFC 5322 message as it goes out in DATA (CRLF line ends, no dot-stuffing yet): Date,
// From, To, Cc (never Bcc), Subject (RFC 2047 when not ASCII), Message-ID, MIME headers,
// quoted-printable body when it is not plain short-lined ASCII.
std::string format_message(const OutgoingMessage& message, std::int64_t now_utc_seconds,
                           const std::string& message_id_domain);

// Submits the message: EHLO, STARTTLS as configured, AUTH (none when auth is none), MAIL FROM,
// one RCPT TO per recipient (To, Cc and Bcc), DATA. ok only when the server accepted the message.
// The same SMTP session as verify --send-test. A refused login is auth_failed; a refused
// recipient is protocol_error with failed_stage "rcpt"; an address with white space, control
// characters or <> is refused before connecting (failed_stage "compose", no steps).
CheckResult send_message(const ServerSettings& smtp, const NetOptions& options,
                         const OutgoingMessage& message);

} // namespace maillab
