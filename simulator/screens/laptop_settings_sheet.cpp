// The laptop's Account Settings sheet: the incoming server type (POP3 or IMAP), server name,
// port, security and, for POP3, whether messages stay on the server after retrieving them.
#include "../ui/ui_util.hpp"
#include "laptop_style.hpp"
#include "laptop_view.hpp"

#include <charconv>
#include <optional>

namespace maillab::sim {
namespace {

namespace style = laptop_style;
using ui::Font;
using ui::Rect;
namespace color = ui::color;

constexpr float label_column = 150; // right edge of the labels, from the sheet's left
constexpr float row_gap = 32;

void form_label(ui::Ui& ui, const Rect& sheet, float cy, std::string_view label) {
    ui.text_vcenter(Font::footnote, sheet.x + label_column - ui.text_width(Font::footnote, label),
                    cy, color::label, label);
}

// A row of segments; true when another one was chosen.
bool segments(ui::Ui& ui, float x, float cy, const std::vector<std::string>& labels,
              int& selected) {
    const float h = 24, w = 86;
    const Rect r{x, cy - h / 2, w * static_cast<float>(labels.size()), h};
    ui.fill(r, style::button, 6);
    ui.stroke(r, style::button_border, 6, 0.7f);
    bool changed = false;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const Rect s{r.x + w * static_cast<float>(i), r.y, w, h};
        const bool on = static_cast<int>(i) == selected;
        const std::string id = "Laptop/" + labels[i];
        if (ui.press(s, id, "segment", true, id).clicked && !on) {
            selected = static_cast<int>(i);
            changed = true;
        }
        if (on)
            ui.fill({s.x + 1.5f, s.y + 1.5f, s.w - 3, s.h - 3}, style::selection, 5);
        ui.text_centered(Font::footnote, s.x + s.w / 2, cy, on ? color::white : color::label,
                         labels[i]);
    }
    return changed;
}

bool radio(ui::Ui& ui, float x, float cy, std::string_view label, bool on) {
    const float w = 22 + ui.text_width(Font::footnote, label);
    const std::string id = "Laptop/" + std::string(label);
    const bool clicked = ui.press({x - 2, cy - 11, w + 4, 22}, id, "radio", true, id).clicked;
    ui.circle(x + 8, cy, 8, on ? style::selection : style::button_border);
    ui.circle(x + 8, cy, on ? 7 : 7.3f, on ? style::selection : color::white);
    if (on)
        ui.circle(x + 8, cy, 3, color::white);
    ui.text_vcenter(Font::footnote, x + 22, cy, color::label, label);
    return clicked;
}

std::optional<std::uint16_t> port_number(const std::string& text) {
    int port = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
    if (text.empty() || ec != std::errc{} || p != text.data() + text.size() || port < 1 ||
        port > 65535)
        return std::nullopt;
    return static_cast<std::uint16_t>(port);
}

void save(flows::SecondDevice& device, LaptopView::SettingsSheet& sheet, ui::Ui& ui) {
    const auto port = port_number(sheet.port_text);
    if (!port) {
        sheet.problem = "Enter a port number from 1 to 65535.";
        return;
    }
    sheet.draft.port = *port;
    sheet.problem = device.save_settings(sheet.draft);
    if (sheet.problem.empty()) {
        sheet.open = false;
        ui.clear_focus();
    }
}

} // namespace

void draw_laptop_settings_sheet(ui::Ui& ui, flows::SecondDevice& device,
                                LaptopView::SettingsSheet& sheet, const Rect& window) {
    const bool pop3 = sheet.draft.protocol == IncomingProtocol::pop3;
    const float h = pop3 ? 316 : 300;
    const Rect r{window.x + (window.w - 470) / 2, window.y + 42, 470, h};
    ui.fill({r.x - 1, r.y + 2, r.w + 2, r.h + 2}, style::shadow, 11);
    ui.fill(r, style::sheet, 10);
    ui.stroke(r, style::rgb(0, 0, 0, 0x30), 10, 0.7f);

    float y = r.y + 18;
    ui.text_centered(Font::footnote_semibold, r.x + r.w / 2, y + 6, color::label,
                     "Account Settings");
    y += 18;
    const Account& account = device.account();
    ui.text_centered(Font::caption, r.x + r.w / 2, y + 6, color::secondary_label,
                     account.name + " <" + account.email + ">");
    y += 34;
    const float field_x = r.x + label_column + 10, field_w = r.right() - 24 - field_x;

    form_label(ui, r, y, "Incoming server type:");
    int type = pop3 ? 0 : 1;
    if (segments(ui, field_x, y, {"POP3", "IMAP"}, type)) {
        sheet.draft = flows::with_protocol(sheet.draft, type == 0 ? IncomingProtocol::pop3
                                                                  : IncomingProtocol::imap);
        sheet.port_text = std::to_string(sheet.draft.port);
    }
    y += row_gap;
    form_label(ui, r, y, "Server:");
    ui.text_box({field_x, y - 11, field_w, 22}, "Laptop/Server", sheet.draft.host, Font::footnote);
    y += row_gap;
    form_label(ui, r, y, "Port:");
    ui.text_box({field_x, y - 11, 70, 22}, "Laptop/Port", sheet.port_text, Font::footnote,
                {.numeric = true});
    y += row_gap;
    form_label(ui, r, y, "Security:");
    int security = sheet.draft.security == Security::tls        ? 0
                   : sheet.draft.security == Security::starttls ? 1
                                                                : 2;
    if (segments(ui, field_x, y, {"SSL/TLS", "STARTTLS", "None"}, security)) {
        sheet.draft.security = security == 0   ? Security::tls
                               : security == 1 ? Security::starttls
                                               : Security::none;
        sheet.draft.port = default_port(sheet.draft.protocol, sheet.draft.security);
        sheet.port_text = std::to_string(sheet.draft.port);
    }
    y += row_gap;
    form_label(ui, r, y, "User name:");
    ui.text_vcenter(Font::footnote, field_x, y, color::secondary_label,
                    ui.fit(Font::footnote, account.incoming.server.username, field_w));
    y += row_gap;
    if (pop3) {
        form_label(ui, r, y, "After retrieving:");
        if (radio(ui, field_x, y, "Leave messages on server", sheet.draft.leave_on_server))
            sheet.draft.leave_on_server = true;
        y += 26;
        if (radio(ui, field_x, y, "Delete from server after retrieving",
                  !sheet.draft.leave_on_server))
            sheet.draft.leave_on_server = false;
    } else {
        ui.text_wrapped(Font::caption, field_x, y - 8, field_w, color::secondary_label,
                        "IMAP keeps the mail on the server: every device shows the same "
                        "mailbox.");
    }
    const float by = r.bottom() - 16 - 24;
    if (!sheet.problem.empty()) // left of the buttons
        ui.text_wrapped(Font::caption, r.x + 20, by - 2, r.w - 20 - 20 - 80 - 12 - 80 - 12,
                        style::error, sheet.problem);
    const bool enter =
        ui.focused().starts_with("Laptop/") &&
        (ui::key_pressed(ImGuiKey_Enter, false) || ui::key_pressed(ImGuiKey_KeyPadEnter, false));
    if (laptop_button(ui, {r.right() - 20 - 80, by, 80, 24}, "Save", "Laptop/Save", true) || enter)
        save(device, sheet, ui);
    if (laptop_button(ui, {r.right() - 20 - 80 - 12 - 80, by, 80, 24}, "Cancel", "Laptop/Cancel",
                      false)) {
        sheet = {};
        ui.clear_focus();
    }
}

} // namespace maillab::sim
