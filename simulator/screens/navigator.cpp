#include "navigator.hpp"

#include "../app/app.hpp"
#include "../ui/glyphs.hpp"

#include <algorithm>
#include <cmath>

namespace maillab::sim {
namespace {

using namespace ui;

constexpr float W = metric::screen_width;
constexpr float H = metric::screen_height;
constexpr float sheet_top = metric::status_bar + metric::sheet_top_gap;
constexpr float sheet_bar = 56.0f;

float ease_out(float t) {
    return 1 - std::pow(1 - t, 3.0f);
}

} // namespace

bool Screen::on_escape(App& app) {
    if (app.nav().stack_ids().size() <= 2)
        return false;
    app.nav().pop();
    return true;
}

bool AppRootScreen::on_escape(App& app) {
    app.go_home();
    return true;
}

int draw_nav_bar(Ui& ui, const NavBarSpec& spec, const std::string& back_title, float top,
                 float bar_height, float scroll, bool sheet) {
    int pressed = 0;
    const bool opaque = spec.large_title ? scroll > 4 : (sheet ? scroll > 2 : true);
    if (opaque) {
        ui.fill({0, sheet ? top : 0, W, (sheet ? 0 : top) + bar_height}, color::nav_bar,
                sheet ? 10.0f : 0.0f, sheet ? ImDrawFlags_RoundCornersTop : 0);
        ui.hairline(0, W, top + bar_height - 0.5f, color::nav_hairline);
    }
    const float cy = top + bar_height / 2;
    float left_w = 0, right_w = 0;
    if (!spec.left.label.empty()) {
        const Rect r{0, top, ui.text_width(Font::body, spec.left.label) + 32, bar_height};
        auto p =
            ui.press(r, spec.left.label, "button", spec.left.enabled, "nav/" + spec.left.label);
        const ImU32 c = !spec.left.enabled ? color::placeholder
                        : p.held           ? color::blue_disabled
                                           : color::blue;
        ui.text_vcenter(spec.left.bold ? Font::body_semibold : Font::body, 16, cy, c,
                        spec.left.label);
        left_w = r.w;
        if (p.clicked)
            pressed = 1;
    } else if (spec.back && !back_title.empty()) {
        const std::string label = ui.text_width(Font::body, back_title) > 110 ? "Back" : back_title;
        const Rect r{0, top, ui.text_width(Font::body, label) + 40, bar_height};
        auto p = ui.press(r, label, "back", true, "back");
        const ImU32 c = p.held ? color::blue_disabled : color::blue;
        ui.chevron(9, cy, 20, c, true, 3.0f);
        ui.text_vcenter(Font::body, 28, cy, c, label);
        left_w = r.w;
        if (p.clicked)
            pressed = 1;
    }
    if (!spec.right.label.empty() && spec.right.look == NavButton::Look::send) {
        const Rect r{W - 56, top, 56, bar_height};
        auto p =
            ui.press(r, spec.right.label, "button", spec.right.enabled, "nav/" + spec.right.label);
        draw_send_button(ui, W - 16 - 15, cy, p.held ? 14.0f : 15.0f, spec.right.enabled);
        right_w = r.w;
        if (p.clicked)
            pressed = 2;
    } else if (!spec.right.label.empty()) {
        const Font f = spec.right.bold ? Font::body_semibold : Font::body;
        const float w = ui.text_width(f, spec.right.label);
        const Rect r{W - w - 32, top, w + 32, bar_height};
        auto p =
            ui.press(r, spec.right.label, "button", spec.right.enabled, "nav/" + spec.right.label);
        const ImU32 c = !spec.right.enabled ? color::placeholder
                        : p.held            ? color::blue_disabled
                                            : color::blue;
        ui.text_vcenter(f, W - 16 - w, cy, c, spec.right.label);
        right_w = r.w;
        if (p.clicked)
            pressed = 2;
    }
    const float side = std::max(left_w, right_w);
    if (spec.busy) {
        const std::string label = "Verifying\u2026";
        const float w = ui.text_width(Font::body_semibold, label) + 26;
        ui.spinner(W / 2 - w / 2 + 9, cy, 9);
        ui.text_vcenter(Font::body_semibold, W / 2 - w / 2 + 26, cy, color::label, label);
    } else {
        float alpha = 1;
        if (spec.large_title)
            alpha = std::clamp((scroll - 30.0f) / 14.0f, 0.0f, 1.0f);
        if (alpha > 0) {
            const std::string title = ui.fit(Font::body_semibold, spec.title, W - 2 * side - 8);
            const unsigned a = static_cast<unsigned>(alpha * 255);
            ui.text_centered(Font::body_semibold, W / 2, cy, color::rgb(0, 0, 0, a), title);
        }
    }
    return pressed;
}

void Navigator::reset(std::unique_ptr<Screen> root) {
    stack_.clear();
    stack_.push_back(std::move(root));
    transition_.reset();
    pending_.clear();
}

void Navigator::push(std::unique_ptr<Screen> screen) {
    // std::function needs a copyable callable: the screen waits in a shared holder.
    auto holder = std::make_shared<std::unique_ptr<Screen>>(std::move(screen));
    pending_.push_back([this, holder](double now) {
        const Presentation how = (*holder)->presentation();
        const Kind kind = how == Presentation::sheet ? Kind::present
                          : how == Presentation::app ? Kind::open
                                                     : Kind::push;
        stack_.push_back(std::move(*holder));
        transition_ = Transition{kind, now, nullptr, {}, stack_.size() - 1};
    });
}

void Navigator::open_app(std::vector<std::unique_ptr<Screen>> screens) {
    auto holder = std::make_shared<std::vector<std::unique_ptr<Screen>>>(std::move(screens));
    pending_.push_back([this, holder](double now) {
        if (holder->empty())
            return;
        const std::size_t base = stack_.size();
        for (auto& s : *holder)
            stack_.push_back(std::move(s));
        transition_ = Transition{Kind::open, now, nullptr, {}, base};
    });
}

void Navigator::pop() {
    pending_.push_back([this](double now) {
        if (stack_.size() <= 1)
            return;
        auto leaving = std::move(stack_.back());
        stack_.pop_back();
        const Kind kind =
            leaving->presentation() == Presentation::sheet ? Kind::dismiss : Kind::pop;
        transition_ = Transition{kind, now, std::move(leaving), {}, 0};
    });
}

void Navigator::pop_to(std::string id) {
    pending_.push_back([this, id](double now) {
        auto it = std::find_if(stack_.begin(), stack_.end(),
                               [&](const auto& s) { return s->id() == id; });
        if (it == stack_.end() || it + 1 == stack_.end())
            return;
        Transition t{Kind::pop, now, nullptr, {}, 0};
        while (stack_.back()->id() != id) {
            auto s = std::move(stack_.back());
            stack_.pop_back();
            if (!t.leaving)
                t.leaving = std::move(s);
            else
                t.also_leaving.push_back(std::move(s));
        }
        // Dismissing a sheet that was over the destination: slide it down.
        if (t.leaving->presentation() == Presentation::sheet && t.also_leaving.empty())
            t.kind = Kind::dismiss;
        transition_ = std::move(t);
    });
}

void Navigator::go_home() {
    pending_.push_back([this](double) {
        stack_.resize(1);
        transition_.reset();
    });
}

void Navigator::apply_pending(double now) {
    auto pending = std::move(pending_);
    pending_.clear();
    for (auto& f : pending)
        f(now);
    if (transition_ && now - transition_->start > metric::push_seconds + 0.05)
        transition_.reset();
}

std::vector<std::string> Navigator::stack_ids() const {
    std::vector<std::string> ids;
    for (const auto& s : stack_)
        ids.push_back(s->id());
    return ids;
}

Screen* Navigator::find(const std::string& id) const {
    for (const auto& s : stack_)
        if (s->id() == id)
            return s.get();
    return nullptr;
}

bool Navigator::animating(double now) const {
    return !pending_.empty() ||
           (transition_ && now - transition_->start <= metric::push_seconds + 0.05);
}

float Navigator::progress(double now) const {
    if (!transition_)
        return 1;
    return ease_out(std::clamp(
        static_cast<float>((now - transition_->start) / metric::push_seconds), 0.0f, 1.0f));
}

void Navigator::draw_screen(Ui& ui, App& app, std::size_t index, Screen& screen, bool interactive,
                            const Screen* below) {
    ui.push_interactive(interactive);
    const NavBarSpec spec = screen.nav(app);
    const bool sheet = screen.presentation() == Presentation::sheet;
    const std::string back =
        below && screen.presentation() == Presentation::push ? below->nav(app).title : "";
    if (sheet) {
        const float h = H - sheet_top;
        ui.push_offset(0, sheet_top);
        ui.fill({0, 0, W, h + 20}, screen.background(), 10.0f, ImDrawFlags_RoundCornersTop);
        ui.push_clip({0, 0, W, h});
        screen.body(ui, app, {0, sheet_bar, W, h - sheet_bar});
        const int pressed = draw_nav_bar(ui, spec, back, 0, sheet_bar, screen.scroll.offset, true);
        ui.pop_clip();
        ui.pop_offset();
        if (pressed && interactive)
            screen.on_nav_button(app, pressed == 2);
    } else {
        ui.fill({0, 0, W, H}, screen.background());
        const float top = spec.hidden ? 0 : metric::status_bar + metric::nav_bar;
        screen.body(ui, app, {0, top, W, H - top});
        if (!spec.hidden) {
            const int pressed = draw_nav_bar(ui, spec, back, metric::status_bar, metric::nav_bar,
                                             screen.scroll.offset, false);
            if (pressed == 1 && spec.left.label.empty())
                app.nav().pop();
            else if (pressed && interactive)
                screen.on_nav_button(app, pressed == 2);
        }
    }
    (void)index;
    ui.pop_interactive();
}

// Draws stack_[0, count) as it looks at rest: the last full screen, and a sheet over it.
void Navigator::draw_with_sheets(Ui& ui, App& app, std::size_t count, bool interactive) {
    if (count == 0)
        return;
    std::size_t base = count - 1;
    while (base > 0 && stack_[base]->presentation() == Presentation::sheet)
        --base;
    const bool has_sheet = base + 1 < count;
    if (!has_sheet) {
        draw_screen(ui, app, base, *stack_[base], interactive,
                    base > 0 ? stack_[base - 1].get() : nullptr);
        return;
    }
    ui.fill({0, 0, W, H}, color::black);
    ui.push_zoom(0.92f, metric::status_bar * 0.2f);
    const int v0 = ui.draw_list()->VtxBuffer.Size;
    draw_screen(ui, app, base, *stack_[base], false, base > 0 ? stack_[base - 1].get() : nullptr);
    ui.fade_since(v0, 0.6f);
    ui.round_corners({0, 0, W, H}, 10, color::black);
    ui.pop_zoom();
    draw_screen(ui, app, count - 1, *stack_[count - 1], interactive, nullptr);
}

void Navigator::draw(Ui& ui, App& app) {
    const double now = ui.now();
    if (!transition_) {
        draw_with_sheets(ui, app, stack_.size(), true);
        return;
    }
    ui.request_animation_frame();
    const float p = progress(now);
    const std::size_t n = stack_.size();
    switch (transition_->kind) {
    case Kind::push:
    case Kind::pop: {
        // `from` slides left and dims, `to` comes in from the right (reversed for pop).
        const bool push = transition_->kind == Kind::push;
        const float t = push ? p : 1 - p;
        Screen& front = push ? *stack_.back() : *transition_->leaving;
        const std::size_t back_count = push ? n - 1 : n;
        ui.push_offset(-0.3f * W * t, 0);
        draw_with_sheets(ui, app, back_count, false);
        ui.pop_offset();
        ui.fill({0, 0, W, H}, color::rgb(0, 0, 0, static_cast<unsigned>(25 * t)));
        const float x = W * (1 - t);
        ui.draw_list()->AddRectFilledMultiColor(ui.px(x - 10, 0), ui.px(x, H), IM_COL32(0, 0, 0, 0),
                                                IM_COL32(0, 0, 0, 28), IM_COL32(0, 0, 0, 28),
                                                IM_COL32(0, 0, 0, 0));
        ui.push_offset(x, 0);
        const Screen* below = push ? (n >= 2 ? stack_[n - 2].get() : nullptr) : stack_.back().get();
        draw_screen(ui, app, push ? n - 1 : n, front, false, below);
        ui.pop_offset();
        break;
    }
    case Kind::present:
    case Kind::dismiss: {
        const bool present = transition_->kind == Kind::present;
        const float t = present ? p : 1 - p;
        Screen& sheet = present ? *stack_.back() : *transition_->leaving;
        const std::size_t base_count = present ? n - 1 : n;
        ui.fill({0, 0, W, H}, color::black);
        ui.push_zoom(1 - 0.08f * t, metric::status_bar * 0.2f * t);
        const int v0 = ui.draw_list()->VtxBuffer.Size;
        draw_with_sheets(ui, app, base_count, false);
        ui.fade_since(v0, 1 - 0.4f * t);
        ui.round_corners({0, 0, W, H}, 10 * t, color::black);
        ui.pop_zoom();
        ui.push_offset(0, (H - sheet_top) * (1 - t));
        draw_screen(ui, app, n, sheet, false, nullptr);
        ui.pop_offset();
        break;
    }
    case Kind::open: {
        const std::size_t base = std::min(transition_->base, n - 1);
        draw_with_sheets(ui, app, base, false);
        ui.push_zoom(0.6f + 0.4f * p, H * 0.2f * (1 - p));
        const int v0 = ui.draw_list()->VtxBuffer.Size;
        draw_screen(ui, app, n - 1, *stack_.back(), false,
                    n >= 2 && n - 2 >= base ? stack_[n - 2].get() : nullptr);
        ui.fade_since(v0, std::min(1.0f, p * 1.6f));
        ui.pop_zoom();
        break;
    }
    }
}

} // namespace maillab::sim
