// Address lists in From, To and Cc (RFC 5322 3.4) as the Mail app shows them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace maillab::mail_detail {

struct Mailbox {
    std::string name;    // decoded display name (RFC 2047), may be empty
    std::string address; // addr-spec, may be empty for a broken entry
    // "Sam Chen <sam@example.com>", or the address alone, or the name alone.
    std::string display() const;
};

// Splits an unfolded field value into mailboxes: quoted names, comments ("sam@x (Sam)" gives the
// name Sam), groups ("team: a@x, b@x;") and RFC 2047 names. At most 1000 mailboxes.
std::vector<Mailbox> parse_address_list(std::string_view value);

// The mailboxes' display forms joined by ", ".
std::string display_list(const std::vector<Mailbox>& mailboxes);

// Whether an address may go into MAIL FROM, RCPT TO and a header: "local@domain" with no white
// space, control characters, "<", ">", ",", ";" or quotes, at most 254 bytes.
bool is_safe_address(std::string_view address);

} // namespace maillab::mail_detail
