#include "laptop_view.hpp"

#include "laptop_style.hpp"
#include "mail_parts.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <tuple>

namespace maillab::sim {
namespace {

namespace style = laptop_style;
using ui::Font;
using ui::Rect;
namespace color = ui::color;

constexpr float menu_bar_height = 20;
constexpr float toolbar_height = 46;
constexpr float status_height = 24;
constexpr float sidebar_width = 150;
constexpr float list_width = 236;
constexpr float row_height = 62;

std::string protocol_words(const flows::IncomingSettings& s) {
    if (s.protocol == IncomingProtocol::imap)
        return "IMAP \u00b7 mail stays on the server";
    return s.leave_on_server ? "POP3 \u00b7 leaves messages on the server"
                             : "POP3 \u00b7 deletes from the server after retrieving";
}

void envelope_glyph(ui::Ui& ui, float x, float cy, ImU32 col) {
    const Rect e{x, cy - 5.5f, 16, 11};
    ui.stroke(e, col, 1.5f, 1.3f);
    ui.line(e.x + 1, e.y + 1, e.x + e.w / 2, e.y + 6.5f, col, 1.3f);
    ui.line(e.right() - 1, e.y + 1, e.x + e.w / 2, e.y + 6.5f, col, 1.3f);
}

void gear_glyph(ui::Ui& ui, float cx, float cy, ImU32 col, ImU32 background) {
    for (int i = 0; i < 8; ++i) {
        const float a = 3.14159265f * static_cast<float>(i) / 4;
        ui.line(cx, cy, cx + std::cos(a) * 7.5f, cy + std::sin(a) * 7.5f, col, 2.6f);
    }
    ui.circle(cx, cy, 5.8f, col);
    ui.circle(cx, cy, 2.6f, background);
}

// The laptop itself: the lid with its screen, and the base; returns the screen (points).
Rect draw_laptop_body(ui::Ui& ui, float width, float height, const std::string& owner) {
    const float lid_w = std::min(width - 70, (height - 120) * 1.5f);
    const float lid_h = lid_w * 0.66f;
    const float base_h = 14;
    const Rect lid{(width - lid_w) / 2, (height - lid_h - base_h) / 2, lid_w, lid_h};
    if (!owner.empty())
        ui.text_centered(Font::callout, width / 2, lid.y - 26, style::caption,
                         owner + "\u2019s laptop");
    ui.fill({lid.x - 1, lid.y - 1, lid.w + 2, lid.h + 2}, style::lid_rim, 19);
    ui.fill(lid, style::lid, 18);
    ui.circle(width / 2, lid.y + 8, 2.2f, style::rgb(0x33, 0x35, 0x3A)); // the camera
    const Rect base{lid.x - 24, lid.bottom() - 1, lid.w + 48, base_h};
    ui.gradient({base.x, base.y, base.w, base.h - 5}, style::base_top, style::base_bottom);
    ui.fill({base.x, base.bottom() - 8, base.w, 8}, style::base_bottom, 7,
            ImDrawFlags_RoundCornersBottom);
    ui.fill({width / 2 - 56, base.y, 112, 5}, style::rgb(0x9C, 0x9E, 0xA4), 4,
            ImDrawFlags_RoundCornersBottom); // the notch for opening the lid
    return {lid.x + 14, lid.y + 16, lid.w - 28, lid.h - 30};
}

void draw_menu_bar(ui::Ui& ui, const Rect& screen) {
    const Rect bar{screen.x, screen.y, screen.w, menu_bar_height};
    ui.fill(bar, style::menu_bar);
    const float cy = bar.y + bar.h / 2;
    float x = bar.x + 14;
    x += ui.text_vcenter(Font::footnote_semibold, x, cy, color::label, "Mail") + 16;
    for (const char* item : {"File", "Edit", "View", "Mailbox", "Message", "Window", "Help"})
        x += ui.text_vcenter(Font::caption, x, cy, color::label, item) + 14;
    const char* clock = "Wed 9:41";
    ui.text_vcenter(Font::caption, bar.right() - 12 - ui.text_width(Font::caption, clock), cy,
                    color::label, clock);
}

} // namespace

bool laptop_button(ui::Ui& ui, const Rect& r, std::string_view label, std::string_view id,
                   bool primary, bool enabled) {
    const auto p = ui.press(r, id, "button", enabled, id);
    const ImU32 face = primary ? (p.held ? style::rgb(0x15, 0x5F, 0xD0) : style::selection)
                               : (p.held ? style::button_pressed : style::button);
    ui.fill({r.x, r.y + 0.8f, r.w, r.h}, style::rgb(0, 0, 0, 0x18), 5);
    ui.fill(r, face, 5);
    if (!primary)
        ui.stroke(r, style::button_border, 5, 0.7f);
    const ImU32 text = !enabled ? color::secondary_label : primary ? color::white : color::label;
    ui.text_centered(Font::footnote, r.x + r.w / 2, r.y + r.h / 2, text, label);
    return p.clicked;
}

const std::vector<flows::LaptopMessage>&
LaptopView::shown(const flows::SecondDevice& device) const {
    return folder_ == Folder::kept_on_laptop && !device.kept_on_laptop().empty()
               ? device.kept_on_laptop()
               : device.inbox();
}

void LaptopView::draw(ui::Ui& ui, flows::SecondDevice& device, const Rect& column_px, float scale) {
    const float k = scale * style::zoom;
    const Rect bounds{0, 0, column_px.w / k, column_px.h / k};
    ui.push_surface({column_px.x, column_px.y}, k, bounds);
    const Rect screen = draw_laptop_body(ui, bounds.w, bounds.h, device.owner());
    ui.push_clip(screen);
    ui.gradient(screen, style::wallpaper_top, style::wallpaper_bottom);
    draw_menu_bar(ui, screen);
    const Rect window{screen.x + 12, screen.y + menu_bar_height + 10, screen.w - 24,
                      screen.h - menu_bar_height - 20};
    draw_window(ui, device, window);
    ui.pop_clip();
    ui.pop_surface();
}

void LaptopView::draw_window(ui::Ui& ui, flows::SecondDevice& device, const Rect& window) {
    ui.fill({window.x - 2, window.y + 3, window.w + 4, window.h + 4}, style::shadow, 12);
    ui.fill(window, color::white, 10);
    ui.push_clip(window);
    ui.push_interactive(!sheet_.open);
    const Rect bar{window.x, window.y, window.w, toolbar_height};
    const Rect status{window.x, window.bottom() - status_height, window.w, status_height};
    const float body_top = bar.bottom(), body_h = status.y - body_top;
    draw_sidebar(ui, device, {window.x, body_top, sidebar_width, body_h});
    draw_list(ui, device, {window.x + sidebar_width, body_top, list_width, body_h});
    const float preview_x = window.x + sidebar_width + list_width;
    draw_message(ui, device, {preview_x, body_top, window.right() - preview_x, body_h});
    draw_status(ui, device, status);
    draw_toolbar(ui, device, bar);
    ui.pop_interactive();
    if (sheet_.open) {
        ui.fill(window, style::dim);
        draw_laptop_settings_sheet(ui, device, sheet_, window);
    }
    ui.pop_clip();
    ui.stroke(window, style::rgb(0, 0, 0, 0x30), 10, 0.7f);
}

void LaptopView::draw_toolbar(ui::Ui& ui, flows::SecondDevice& device, const Rect& bar) {
    ui.fill(bar, style::title_bar_top, 10, ImDrawFlags_RoundCornersTop);
    ui.fill({bar.x, bar.y, sidebar_width, bar.h}, style::sidebar, 10,
            ImDrawFlags_RoundCornersTopLeft);
    ui.hairline(bar.x, bar.right(), bar.bottom() - 0.5f, style::divider);
    const float cy = bar.y + bar.h / 2;
    const ImU32 lights[] = {style::light_red, style::light_yellow, style::light_green};
    for (int i = 0; i < 3; ++i)
        ui.circle(bar.x + 16 + 19.0f * static_cast<float>(i), cy, 6, lights[i]);

    const bool kept = folder_ == Folder::kept_on_laptop && !device.kept_on_laptop().empty();
    const float title_x = bar.x + sidebar_width + 14;
    ui.text(Font::footnote_semibold, title_x, cy - 16, color::label, kept ? "On My Mac" : "Inbox");
    ui.text(Font::caption, title_x, cy + 1, color::secondary_label,
            count_text(shown(device).size(), "message", "messages"));

    // Get Mail and Account Settings, at the right.
    const float h = 28;
    const Rect settings{bar.right() - 12 - 150, cy - h / 2, 150, h};
    const Rect get_mail{settings.x - 10 - 104, cy - h / 2, 104, h};
    for (const auto& [r, label, id] :
         {std::tuple{get_mail, "Get Mail", "Laptop/Get Mail"},
          std::tuple{settings, "Account Settings", "Laptop/Account Settings"}}) {
        const auto p = ui.press(r, id, "button", true, id);
        ui.fill(r, p.held ? style::button_pressed : style::button, 6);
        ui.stroke(r, style::button_border, 6, 0.7f);
        const bool mail = std::string_view(id) == "Laptop/Get Mail";
        if (mail)
            envelope_glyph(ui, r.x + 10, cy, color::label);
        else
            gear_glyph(ui, r.x + 17, cy, color::label,
                       p.held ? style::button_pressed : style::button);
        ui.text_vcenter(Font::footnote, r.x + (mail ? 32 : 31), cy, color::label, label);
        if (!p.clicked)
            continue;
        if (mail) {
            device.get_mail();
        } else {
            sheet_ = {};
            sheet_.open = true;
            sheet_.draft = device.settings();
            sheet_.port_text = std::to_string(sheet_.draft.port);
        }
    }
}

void LaptopView::draw_sidebar(ui::Ui& ui, const flows::SecondDevice& device, const Rect& area) {
    ui.fill(area, style::sidebar);
    ui.line(area.right(), area.y, area.right(), area.bottom(), style::divider, 0.7f);
    float y = area.y + 12;
    ui.text(Font::caption, area.x + 14, y, color::secondary_label, "Mailboxes");
    y += 20;
    struct Item {
        Folder folder;
        const char* label;
        const char* id;
        std::size_t count;
    };
    std::vector<Item> items{{Folder::inbox, "Inbox", "Laptop/Inbox", device.inbox().size()}};
    if (!device.kept_on_laptop().empty())
        items.push_back({Folder::kept_on_laptop, "On My Mac", "Laptop/On My Mac",
                         device.kept_on_laptop().size()});
    if (device.kept_on_laptop().empty())
        folder_ = Folder::inbox;
    for (const auto& item : items) {
        const Rect r{area.x + 8, y, area.w - 16, 26};
        if (ui.press(r, item.id, "row", true, item.id).clicked) {
            folder_ = item.folder;
            selected_uid_.clear();
        }
        if (folder_ == item.folder)
            ui.fill(r, style::sidebar_selection, 6);
        const float cy = r.y + r.h / 2;
        envelope_glyph(ui, r.x + 8, cy, style::selection);
        ui.text_vcenter(Font::footnote, r.x + 32, cy, color::label, item.label);
        const std::string n = std::to_string(item.count);
        ui.text_vcenter(Font::caption, r.right() - 8 - ui.text_width(Font::caption, n), cy,
                        color::secondary_label, n);
        y += 28;
    }
    // The account, at the bottom: which protocol this laptop uses.
    const auto s = device.settings();
    const float bottom = area.bottom() - 12;
    ui.text(Font::caption, area.x + 14, bottom - 32, color::label,
            ui.fit(Font::caption, device.account().email, area.w - 22));
    ui.text(Font::caption, area.x + 14, bottom - 16, color::secondary_label,
            s.protocol == IncomingProtocol::imap ? "IMAP"
            : s.leave_on_server                  ? "POP3, leaves mail on server"
                                                 : "POP3, removes from server");
}

void LaptopView::draw_list(ui::Ui& ui, const flows::SecondDevice& device, const Rect& area) {
    ui.line(area.right(), area.y, area.right(), area.bottom(), style::divider, 0.7f);
    const auto& messages = shown(device);
    if (messages.empty()) {
        ui.text_centered(Font::footnote, area.x + area.w / 2, area.y + area.h / 2,
                         color::secondary_label,
                         device.checking() ? "Checking for mail\u2026" : "No messages");
        return;
    }
    ui.push_clip(area);
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    float y = area.y;
    for (const auto& m : messages) {
        const Rect r{area.x, y, area.w, row_height};
        const std::string id = "Laptop/" + m.message.subject;
        const auto p = ui.press(r, id, "row", true, id);
        if (p.clicked)
            selected_uid_ = m.message.uid;
        const bool selected = selected_uid_ == m.message.uid;
        if (selected)
            ui.fill({r.x + 6, r.y + 2, r.w - 12, r.h - 4}, style::selection, 6);
        const ImU32 main = selected ? color::white : color::label;
        const ImU32 dim = selected ? style::rgb(0xE4, 0xEC, 0xFB) : color::secondary_label;
        const float x = r.x + 18, right = r.right() - 14;
        const std::string date = list_date(m.message.date, now);
        const float date_w = ui.text_width(Font::caption, date);
        ui.text(Font::caption, right - date_w, r.y + 9, dim, date);
        const std::string& from =
            m.message.from_name.empty() ? m.message.from : m.message.from_name;
        ui.text(Font::footnote_semibold, x, r.y + 8, main,
                ui.fit(Font::footnote_semibold, from, right - x - date_w - 8));
        ui.text(Font::caption, x, r.y + 26, main,
                ui.fit(Font::caption, m.message.subject, right - x));
        ui.text(Font::caption, x, r.y + 42, dim,
                ui.fit(Font::caption, preview_text(m.message.body, 120), right - x));
        if (!selected)
            ui.hairline(x, r.right(), r.bottom() - 0.5f, style::rgb(0xE2, 0xE2, 0xE6));
        y += row_height;
    }
    ui.pop_clip();
}

void LaptopView::draw_message(ui::Ui& ui, const flows::SecondDevice& device, const Rect& area) {
    const auto& messages = shown(device);
    auto it = std::find_if(messages.begin(), messages.end(), [&](const flows::LaptopMessage& m) {
        return m.message.uid == selected_uid_;
    });
    if (it == messages.end()) {
        ui.text_centered(Font::callout, area.x + area.w / 2, area.y + area.h / 2,
                         color::secondary_label, "No Message Selected");
        return;
    }
    const MailMessage& m = it->message;
    const float x = area.x + 18, w = area.w - 36;
    float y = area.y + 14;
    ui.push_clip(area);
    ui.text(Font::footnote_semibold, x, y, color::label,
            ui.fit(Font::footnote_semibold, m.from_name.empty() ? m.from : m.from_name, w));
    y += 18;
    ui.text(Font::caption, x, y, color::label, ui.fit(Font::caption, m.subject, w));
    y += 16;
    ui.text(Font::caption, x, y, color::secondary_label, ui.fit(Font::caption, "To: " + m.to, w));
    y += 16;
    ui.text(Font::caption, x, y, color::secondary_label, long_date(m.date));
    y += 22;
    ui.hairline(x, x + w, y, style::divider);
    y += 12;
    if (it->removed_from_server) {
        y += ui.text_wrapped(Font::caption, x, y, w, style::error,
                             "Only on this laptop: removed from the server after retrieving.");
        y += 8;
    }
    ui.text_wrapped(Font::footnote, x, y, w, color::label, m.body);
    ui.pop_clip();
}

void LaptopView::draw_status(ui::Ui& ui, const flows::SecondDevice& device, const Rect& area) {
    ui.fill(area, style::title_bar_bottom, 10, ImDrawFlags_RoundCornersBottom);
    ui.hairline(area.x, area.right(), area.y, style::divider);
    if (const double next = device.seconds_to_next_check(); next >= 0)
        ui.request_wake_in(next);
    const float cy = area.y + area.h / 2;
    float x = area.x + 12;
    std::string line;
    ImU32 col = color::secondary_label;
    const auto& check = device.last_check();
    if (device.checking()) {
        ui.spinner(x + 6, cy, 6);
        x += 18;
        line = "Checking for mail on " + device.settings().host + "\u2026";
    } else if (check && !check->ok()) {
        line = "Cannot get mail: " + check->message;
        col = style::error;
    } else if (check) {
        const double age = std::chrono::duration<double>(flows::SecondDevice::Clock::now() -
                                                         *device.last_check_at())
                               .count();
        line = updated_text(age);
        if (device.removed_from_server() > 0)
            line += " \u00b7 " + count_text(device.removed_from_server(), "message", "messages") +
                    " removed from the server";
        ui.request_wake_in(30);
    } else {
        line = "Not checked yet";
    }
    const std::string right = protocol_words(device.settings());
    const float right_w = ui.text_width(Font::caption, right);
    ui.text_vcenter(Font::caption, x, cy, col,
                    ui.fit(Font::caption, line, area.right() - x - right_w - 28));
    ui.text_vcenter(Font::caption, area.right() - 12 - right_w, cy, color::secondary_label, right);
}

} // namespace maillab::sim
