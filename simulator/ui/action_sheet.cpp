// The iOS action sheet: a card of choices above a separate Cancel card, sliding up from the
// bottom over a dimmed screen.
#include "ui.hpp"
#include "ui_util.hpp"

#include <algorithm>
#include <cmath>

namespace maillab::sim::ui {

int Ui::action_sheet(std::string_view title, std::string_view message,
                     const std::vector<std::string>& buttons,
                     const std::vector<AlertButtonStyle>& styles, float t) {
    if (buttons.empty())
        return -1;
    t = std::clamp(t, 0.0f, 1.0f);
    if (t < 1)
        request_animation_frame();
    const float e = 1 - std::pow(1 - t, 3.0f);
    fill({0, 0, metric::screen_width, metric::screen_height},
         color::rgb(0, 0, 0, static_cast<unsigned>(std::lround(0x55 * e))));

    const float margin = 8, gap = 8, button_h = 57, radius = 13;
    const float w = metric::screen_width - 2 * margin, text_w = w - 32;
    const bool has_header = !title.empty() || !message.empty();
    float header_h = 0;
    if (has_header) {
        header_h = 28;
        if (!title.empty())
            header_h += wrapped_height(Font::footnote_semibold, text_w, title);
        if (!message.empty())
            header_h += wrapped_height(Font::footnote, text_w, message) + (title.empty() ? 0 : 2);
    }
    const std::size_t choices = buttons.size() - 1;
    const float card_h = header_h + button_h * static_cast<float>(choices);
    const Rect cancel{margin, metric::screen_height - metric::home_indicator - button_h, w,
                      button_h};
    const Rect card{margin, cancel.y - (choices ? gap + card_h : 0), w, card_h};
    const float dy = (1 - e) * (metric::screen_height - card.y);

    // A tap outside both cards is Cancel.
    int pressed = -1;
    if (interactive() && t >= 1) {
        const ImGuiIO& io = ImGui::GetIO();
        auto outside = [&](ImVec2 p) {
            const ImVec2 m = to_points(p);
            return !(choices && card.contains(m)) && !cancel.contains(m);
        };
        if (io.MouseReleased[0] && outside(io.MousePos) && outside(io.MouseClickedPos[0]))
            pressed = static_cast<int>(buttons.size()) - 1;
    }

    push_offset(0, dy);
    push_interactive(t >= 1); // nothing to tap while it moves
    auto draw_button = [&](std::size_t i, const Rect& b, ImDrawFlags corners, bool separator) {
        Press p = press(b, buttons[i], "alert-button", true, "alert/" + buttons[i]);
        if (p.held)
            fill(b, color::alert_pressed, radius, corners);
        if (p.clicked)
            pressed = static_cast<int>(i);
        if (separator)
            hairline(b.x, b.right(), b.y, color::alert_separator);
        const AlertButtonStyle st = i < styles.size() ? styles[i] : AlertButtonStyle{};
        text_centered(st.bold ? Font::title3_semibold : Font::title3, b.x + b.w / 2, b.y + b.h / 2,
                      st.destructive ? color::red : color::blue, buttons[i]);
    };
    if (choices) {
        fill(card, color::action_sheet_background, radius);
        float y = card.y;
        if (has_header) {
            y += 14;
            if (!title.empty())
                y += text_wrapped(Font::footnote_semibold, card.x + 16, y, text_w,
                                  color::secondary_label, title, true) +
                     (message.empty() ? 0 : 2);
            if (!message.empty())
                y += text_wrapped(Font::footnote, card.x + 16, y, text_w, color::secondary_label,
                                  message, true);
            y = card.y + header_h;
        }
        for (std::size_t i = 0; i < choices; ++i) {
            const bool first = i == 0 && !has_header, last = i + 1 == choices;
            ImDrawFlags corners = ImDrawFlags_RoundCornersNone;
            if (first && last)
                corners = ImDrawFlags_RoundCornersAll;
            else if (first)
                corners = ImDrawFlags_RoundCornersTop;
            else if (last)
                corners = ImDrawFlags_RoundCornersBottom;
            draw_button(i, {card.x, y, w, button_h}, corners, i > 0 || has_header);
            y += button_h;
        }
    }
    fill(cancel, color::white, radius);
    draw_button(buttons.size() - 1, cancel, ImDrawFlags_RoundCornersAll, false);
    pop_interactive();
    pop_offset();
    return pressed;
}

} // namespace maillab::sim::ui
