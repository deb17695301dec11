// One message in a list (Inbox, Sent, Outbox): the unread dot, the sender in bold, the date at
// the right with a chevron, the subject and two lines of the body.
#include "mail_parts.hpp"

namespace maillab::sim {

using namespace ui;

namespace {
constexpr float row_height = 100.0f;
constexpr float text_x = 32.0f;
} // namespace

bool message_row(Ui& ui, const MessageRow& row, const Rect& viewport) {
    const float W = metric::screen_width;
    const Rect r{0, ui.cursor(), W, row_height};
    auto p = ui.press(r, row.subject.empty() ? "(No Subject)" : row.subject, "row", true, row.id);
    ui.also_label(row.title);
    ui.advance(row_height);
    if (r.bottom() < viewport.y || r.y > viewport.bottom())
        return p.clicked; // off screen: registered for scripts, not drawn
    if (p.held && row.opens)
        ui.fill(r, color::cell_highlight);
    const float right = W - metric::padding;
    if (row.unread)
        ui.circle(16, r.y + 21, 5.5f, color::unread_dot);
    if (row.opens)
        ui.chevron(right - 6, r.y + 21, 11, color::chevron, false, 1.8f);
    const float date_w = ui.text_width(Font::callout, row.date);
    const float date_x = right - (row.opens ? 14 : 0) - date_w;
    ui.text_vcenter(Font::callout, date_x, r.y + 21, color::secondary_label, row.date);
    const float title_w = date_x - 8 - text_x;
    ui.text_vcenter(Font::body_semibold, text_x, r.y + 21, color::label,
                    ui.fit(Font::body_semibold, row.title, title_w));
    const float text_w = right - text_x;
    ui.text_vcenter(
        Font::callout, text_x, r.y + 42, color::label,
        ui.fit(Font::callout, row.subject.empty() ? "(No Subject)" : row.subject, text_w));
    const auto lines = ui.wrap_lines(Font::callout, text_w, row.preview);
    const float lh = 19.0f;
    for (std::size_t i = 0; i < lines.size() && i < 2; ++i) {
        std::string shown(lines[i]);
        if (i == 1 && lines.size() > 2) {
            const std::size_t from = static_cast<std::size_t>(lines[1].data() - row.preview.data());
            shown = ui.fit(Font::callout, std::string_view(row.preview).substr(from), text_w);
        }
        ui.text_vcenter(Font::callout, text_x, r.y + 62 + lh * static_cast<float>(i),
                        row.preview_color, shown);
    }
    ui.hairline(text_x, W, r.bottom() - metric::hairline);
    return p.clicked;
}

std::optional<std::size_t> message_list(Ui& ui, ScrollView& scroll, const Rect& viewport,
                                        const std::string& title,
                                        const std::vector<MessageRow>& rows) {
    const Rect list{viewport.x, viewport.y, viewport.w,
                    metric::screen_height - mail_toolbar_height - viewport.y};
    ui.list_begin(scroll, list);
    ui.large_title(title);
    ui.advance(6);
    std::optional<std::size_t> tapped;
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (message_row(ui, rows[i], list) && !tapped)
            tapped = i;
    if (rows.empty())
        ui.text_centered(Font::title3_semibold, metric::screen_width / 2, list.y + list.h / 2 - 40,
                         color::label, "No Mail");
    ui.list_end();
    return tapped;
}

} // namespace maillab::sim
