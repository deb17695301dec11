// Pieces the Mail app's screens share: the texts (dates, previews, the toolbar's status), the
// bottom toolbar and a message row of a list.
#pragma once

#include "../ui/glyphs.hpp"
#include "../ui/ui.hpp"
#include "maillab/mail/mail.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace maillab::sim {

class App;

// --- texts (mail_format.cpp) ---------------------------------------------------------------------
// A date as a message list shows it: "9:41 AM" today, "Yesterday", the weekday within a week,
// else "12/3/24". Local time; `now` and `date` in seconds since the epoch.
std::string list_date(std::int64_t date, std::int64_t now);
// "December 3, 2024 at 9:41 AM".
std::string long_date(std::int64_t date);
// "Updated Just Now", "Updated 5 minutes ago", ...; `age` in seconds.
std::string updated_text(double age);
// A message body as one line of text (white space collapsed), at most about `max_chars` long.
std::string preview_text(std::string_view body, std::size_t max_chars = 240);
// "sam@lab.test" from "Sam Chen <sam@lab.test>" (the text itself when there are no brackets).
std::string address_of(std::string_view display);
// The addresses in a To/Cc/Bcc field ("a@x, b@y; c@z").
std::vector<std::string> split_addresses(std::string_view field);
std::string join(const std::vector<std::string>& items, std::string_view separator = ", ");
// "1 Unsent Message", "3 Unread", ...
std::string count_text(std::size_t n, std::string_view one, std::string_view many);

// --- the toolbar (mail_toolbar.cpp) ------------------------------------------------------------
// What the toolbar's middle says about some accounts' mailboxes.
struct MailStatus {
    std::string line;   // "Updated Just Now", "Checking for Mail…", "Account Error", ...
    std::string detail; // "3 Unread", "1 Unsent Message", or empty
    bool spinner = false;
};
MailStatus mail_status(const App& app, const std::vector<std::string>& emails, ui::Ui& ui);

struct ToolbarButton {
    ui::Glyph glyph;
    std::string label; // for scripts and tests
};
inline constexpr float mail_toolbar_height = 49.0f + ui::metric::home_indicator;
// The bar at the bottom: the first button at the left, the last at the right, others between;
// the status (when given) in the middle. Returns the label of the tapped button, or empty.
std::string mail_toolbar(ui::Ui& ui, const std::vector<ToolbarButton>& buttons,
                         const MailStatus* status = nullptr);

// --- a row of a message list (mail_row.cpp) ----------------------------------------------------
struct MessageRow {
    std::string id;    // target id ("message/UID")
    std::string title; // the sender (bold), or "To: …" in Sent and the Outbox
    std::string subject;
    std::string preview; // up to two lines
    std::string date;
    bool unread = false;
    bool opens = true; // a chevron: tapping shows the message
    ImU32 preview_color = ui::color::secondary_label;
};
// Draws the row at the list's cursor; tappable by its subject and by its title.
bool message_row(ui::Ui& ui, const MessageRow& row, const ui::Rect& viewport);

// A list screen above the mail toolbar (Sent, the Outbox): the large title, the rows, "No Mail"
// when there are none. Returns the index of the row tapped, if any.
std::optional<std::size_t> message_list(ui::Ui& ui, ui::ScrollView& scroll,
                                        const ui::Rect& viewport, const std::string& title,
                                        const std::vector<MessageRow>& rows);

} // namespace maillab::sim
