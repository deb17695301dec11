// Mail's compose sheet: full-width fields with a grey label ("To:", "Subject:") and the
// multi-line body below them.
#include "ui.hpp"
#include "ui_util.hpp"

#include <algorithm>
#include <cmath>

namespace maillab::sim::ui {
namespace {

constexpr float caret_on = 0.55f; // of each second

} // namespace

bool Ui::line_field(std::string_view label, std::string& value, const FieldOptions& o) {
    const Rect r{0, y_, metric::screen_width, metric::row};
    const std::string id = !o.id.empty() ? std::string(o.id) : std::string(label);
    Press p = press(r, label, "field", o.enabled, id);
    if (p.clicked)
        focus(id);
    const bool focused = focus_ == id && o.enabled && interactive();
    if (interactive() && o.enabled)
        field_order_.push_back(id);
    const bool changed = focused && text_input(value, false);

    const float cy = r.y + r.h / 2;
    const std::string shown_label = std::string(label) + ":";
    const float fx = metric::padding + text_width(Font::body, shown_label) + 6;
    text_vcenter(Font::body, metric::padding, cy, color::secondary_label, shown_label);
    const Rect field{fx, r.y, r.right() - metric::padding - fx, r.h};
    push_clip({field.x - 1, field.y, field.w + 3, field.h});
    if (value.empty()) {
        if (!o.placeholder.empty())
            text_vcenter(Font::body, field.x, cy, color::placeholder, o.placeholder);
    } else {
        const float w = text_width(Font::body, value);
        const float shift = focused ? std::max(0.0f, w - field.w + 3) : 0.0f;
        text_vcenter(Font::body, field.x - shift, cy, color::label, value);
    }
    if (focused) {
        const double phase = std::fmod(now_ - caret_epoch_, 1.0);
        if (phase < caret_on) {
            const float w = std::min(text_width(Font::body, value), field.w - 2);
            fill({field.x + w + 1, cy - 11, 2, 22}, color::blue, 1);
        }
        request_wake_in(phase < caret_on ? caret_on - phase : 1.0 - phase);
    }
    pop_clip();
    hairline(metric::padding, r.right(), r.bottom() - metric::hairline);
    y_ += metric::row;
    return changed;
}

bool Ui::text_area(std::string_view id, std::string& value, float min_height,
                   std::string_view placeholder) {
    const float top_pad = 12.0f;
    const float width = metric::screen_width - 2 * metric::padding;
    const float lh = line_height(Font::body);
    const auto lines = wrap_lines(Font::body, width, value, true);
    const float h = std::max(min_height, top_pad * 2 + lh * static_cast<float>(lines.size()));
    const Rect r{0, y_, metric::screen_width, h};
    Press p = press(r, id, "field", true, id);
    if (p.clicked)
        focus(id);
    const bool focused = focus_ == id && interactive();
    if (interactive())
        field_order_.push_back(std::string(id));
    bool changed = false;
    if (focused) {
        multiline_focus_ = true;
        changed = text_input(value, false);
        if (key_pressed(ImGuiKey_Enter) || key_pressed(ImGuiKey_KeyPadEnter)) {
            value += '\n';
            changed = true;
            caret_epoch_ = now_;
        }
    }
    // Drawn from the text as it is now (typing this frame included).
    const auto shown = changed ? wrap_lines(Font::body, width, value, true) : lines;
    float y = r.y + top_pad;
    if (value.empty() && !placeholder.empty())
        text(Font::body, metric::padding, y, color::placeholder, placeholder);
    for (std::string_view line_text : shown) {
        text(Font::body, metric::padding, y, color::label, line_text);
        y += lh;
    }
    if (focused) {
        const double phase = std::fmod(now_ - caret_epoch_, 1.0);
        if (phase < caret_on) {
            const float w = shown.empty() ? 0.0f : text_width(Font::body, shown.back());
            const float line_top =
                r.y + top_pad + lh * static_cast<float>(std::max<std::size_t>(1, shown.size()) - 1);
            fill({metric::padding + w + 1, line_top + (lh - 22) / 2, 2, 22}, color::blue, 1);
        }
        request_wake_in(phase < caret_on ? caret_on - phase : 1.0 - phase);
    }
    y_ += h;
    return changed;
}

} // namespace maillab::sim::ui
