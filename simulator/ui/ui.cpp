#include "ui.hpp"

#include "ui_util.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <imgui_internal.h> // ImGui::ShadeVertsLinearColorGradientKeepAlpha

namespace maillab::sim::ui {
namespace {

constexpr float pi = 3.14159265358979f;
constexpr float field_label_width = 112.0f;
constexpr float drag_threshold = 8.0f;

// Fills the area between a rectangle's corner and its rounded corner (as a fan from the corner),
// so content drawn square shows rounded corners.
void corner_masks(ImDrawList* dl, ImVec2 a, ImVec2 b, float radius, ImU32 col) {
    const ImDrawListFlags saved = dl->Flags;
    dl->Flags &= ~ImDrawListFlags_AntiAliasedFill;
    struct Corner {
        ImVec2 corner, center;
        float a0;
    };
    const Corner corners[] = {
        {{a.x, a.y}, {a.x + radius, a.y + radius}, pi},
        {{b.x, a.y}, {b.x - radius, a.y + radius}, 1.5f * pi},
        {{b.x, b.y}, {b.x - radius, b.y - radius}, 0.0f},
        {{a.x, b.y}, {a.x + radius, b.y - radius}, 0.5f * pi},
    };
    const int segments = std::max(8, static_cast<int>(radius / 2));
    for (const auto& c : corners) {
        for (int i = 0; i < segments; ++i) {
            const float t0 =
                c.a0 + 0.5f * pi * static_cast<float>(i) / static_cast<float>(segments);
            const float t1 =
                c.a0 + 0.5f * pi * static_cast<float>(i + 1) / static_cast<float>(segments);
            dl->AddTriangleFilled(
                c.corner, {c.center.x + std::cos(t0) * radius, c.center.y + std::sin(t0) * radius},
                {c.center.x + std::cos(t1) * radius, c.center.y + std::sin(t1) * radius}, col);
        }
    }
    dl->Flags = saved;
    // Anti-aliased edge along each arc.
    for (const auto& c : corners) {
        dl->PathArcTo(c.center, radius + 0.5f, c.a0, c.a0 + 0.5f * pi, segments);
        dl->PathStroke(col, 0, 1.0f);
    }
}

} // namespace

void ScrollView::clamp() {
    const float max_offset = std::max(0.0f, content_height - viewport_height);
    offset = std::clamp(offset, 0.0f, max_offset);
}

// ------------------------------------------------------------------------------------------------
// Frame

void Ui::begin_frame(ImDrawList* draw_list, ImVec2 screen_origin_px, float scale,
                     const FontSet& fonts, double now, float dt) {
    dl_ = draw_list;
    origin_ = screen_origin_px;
    scale_ = scale;
    fonts_ = &fonts;
    now_ = now;
    dt_ = dt;
    animating_ = false;
    wake_in_ = -1;
    offsets_.assign(1, {0, 0});
    zooms_.clear();
    surfaces_.clear();
    clips_.assign(1, Rect{0, 0, metric::screen_width, metric::screen_height});
    interactive_.assign(1, true);
    targets_.clear();
    tapped_.clear();
    focused_secure_ = false;
    field_order_.clear();
    multiline_focus_ = false;
    view_ = nullptr;
    const ImGuiIO& io = ImGui::GetIO();
    if (io.MouseClicked[0])
        press_cancelled_ = false;
    if (!focus_next_.empty()) {
        focus(focus_next_);
        focus_next_.clear();
    }
}

void Ui::end_frame() {
    // Enter and Tab move between the fields drawn this frame; Enter on the last one is "return".
    if (!focus_.empty()) {
        auto it = std::find(field_order_.begin(), field_order_.end(), focus_);
        if (it != field_order_.end()) {
            const bool tab = key_pressed(ImGuiKey_Tab, true);
            const bool enter = !multiline_focus_ && (key_pressed(ImGuiKey_Enter, false) ||
                                                     key_pressed(ImGuiKey_KeyPadEnter, false));
            if (tab || enter) {
                if (ImGui::GetIO().KeyShift && tab) {
                    focus_next_ = it == field_order_.begin() ? field_order_.back() : *(it - 1);
                } else if (it + 1 != field_order_.end()) {
                    focus_next_ = *(it + 1);
                } else if (tab) {
                    focus_next_ = field_order_.front();
                } else {
                    return_pressed_ = true;
                }
                request_animation_frame();
            }
        }
    }
    prev_targets_ = std::move(targets_);
    targets_.clear();
    prev_field_order_ = std::move(field_order_);
    field_order_.clear();
}

void Ui::request_wake_in(double seconds) {
    if (wake_in_ < 0 || seconds < wake_in_)
        wake_in_ = seconds;
}

ImVec2 Ui::px(float x, float y) const {
    const ImVec2 off = offsets_.back();
    return {origin_.x + (x + off.x) * scale_, origin_.y + (y + off.y) * scale_};
}

ImVec2 Ui::to_points(ImVec2 p) const {
    return {(p.x - origin_.x) / scale_, (p.y - origin_.y) / scale_};
}

void Ui::push_offset(float dx, float dy) {
    const ImVec2 off = offsets_.back();
    offsets_.push_back({off.x + dx, off.y + dy});
}

void Ui::pop_offset() {
    offsets_.pop_back();
}

void Ui::push_clip(const Rect& r) {
    const ImVec2 off = offsets_.back();
    Rect s{r.x + off.x, r.y + off.y, r.w, r.h};
    const Rect& c = clips_.back();
    const float x0 = std::max(s.x, c.x), y0 = std::max(s.y, c.y);
    const float x1 = std::min(s.right(), c.right()), y1 = std::min(s.bottom(), c.bottom());
    Rect clipped{x0, y0, std::max(0.0f, x1 - x0), std::max(0.0f, y1 - y0)};
    clips_.push_back(clipped);
    dl_->PushClipRect({origin_.x + clipped.x * scale_, origin_.y + clipped.y * scale_},
                      {origin_.x + clipped.right() * scale_, origin_.y + clipped.bottom() * scale_},
                      false);
}

void Ui::pop_clip() {
    clips_.pop_back();
    dl_->PopClipRect();
}

void Ui::push_zoom(float factor, float dy) {
    zooms_.push_back({origin_, scale_});
    const ImVec2 off = offsets_.back();
    const float cx = metric::screen_width / 2 + off.x, top = off.y;
    origin_ = {origin_.x + cx * scale_ * (1 - factor),
               origin_.y + top * scale_ * (1 - factor) + dy * scale_};
    scale_ *= factor;
}

void Ui::pop_zoom() {
    origin_ = zooms_.back().first;
    scale_ = zooms_.back().second;
    zooms_.pop_back();
}

void Ui::push_surface(ImVec2 origin_px, float scale, const Rect& bounds) {
    surfaces_.push_back({origin_, scale_, std::move(offsets_), std::move(clips_), view_});
    origin_ = origin_px;
    scale_ = scale;
    offsets_.assign(1, {0, 0});
    clips_.assign(1, bounds);
    view_ = nullptr;
    dl_->PushClipRect(px(bounds.x, bounds.y), px(bounds.right(), bounds.bottom()), false);
}

void Ui::pop_surface() {
    dl_->PopClipRect();
    Surface& s = surfaces_.back();
    origin_ = s.origin;
    scale_ = s.scale;
    offsets_ = std::move(s.offsets);
    clips_ = std::move(s.clips);
    view_ = s.view;
    surfaces_.pop_back();
}

void Ui::fade_since(int vertex_start, float alpha) {
    for (int i = vertex_start; i < dl_->VtxBuffer.Size; ++i)
        dl_->VtxBuffer[i].col = with_alpha(dl_->VtxBuffer[i].col, alpha);
}

void Ui::push_interactive(bool interactive) {
    interactive_.push_back(interactive && interactive_.back());
}
void Ui::pop_interactive() {
    interactive_.pop_back();
}

float Ui::anim(const std::string& key, float target, float speed) {
    auto it = anims_.find(key);
    if (it == anims_.end()) {
        anims_.emplace(key, target);
        return target;
    }
    float& v = it->second;
    if (v != target) {
        const float step = speed * dt_;
        v = std::abs(target - v) <= step ? target : v + (target > v ? step : -step);
        request_animation_frame();
    }
    return v;
}

// ------------------------------------------------------------------------------------------------
// Primitives

void Ui::fill(const Rect& r, ImU32 col, float radius, ImDrawFlags flags) {
    dl_->AddRectFilled(px(r.x, r.y), px(r.right(), r.bottom()), col, radius * scale_, flags);
}

void Ui::stroke(const Rect& r, ImU32 col, float radius, float thickness) {
    dl_->AddRect(px(r.x, r.y), px(r.right(), r.bottom()), col, radius * scale_, 0,
                 thickness * scale_);
}

void Ui::line(float x0, float y0, float x1, float y1, ImU32 col, float thickness) {
    dl_->AddLine(px(x0, y0), px(x1, y1), col, thickness * scale_);
}

void Ui::hairline(float x0, float x1, float y, ImU32 col) {
    // One device pixel (at least), on a pixel boundary.
    ImVec2 a = px(x0, y), b = px(x1, y);
    const float h = std::max(1.0f, std::round(metric::hairline * scale_));
    const float top = std::floor(a.y);
    dl_->AddRectFilled({a.x, top}, {b.x, top + h}, col);
}

void Ui::circle(float cx, float cy, float r, ImU32 col) {
    dl_->AddCircleFilled(px(cx, cy), r * scale_, col, 0);
}

void Ui::chevron(float x, float cy, float height, ImU32 col, bool left, float thickness) {
    const float w = height * 0.5f;
    const float tip = left ? x : x + w, back = left ? x + w : x;
    dl_->PathLineTo(px(back, cy - height / 2));
    dl_->PathLineTo(px(tip, cy));
    dl_->PathLineTo(px(back, cy + height / 2));
    dl_->PathStroke(col, 0, thickness * scale_);
}

void Ui::checkmark(float x, float cy, float size, ImU32 col) {
    dl_->PathLineTo(px(x, cy));
    dl_->PathLineTo(px(x + size * 0.36f, cy + size * 0.38f));
    dl_->PathLineTo(px(x + size, cy - size * 0.5f));
    dl_->PathStroke(col, 0, 2.2f * scale_);
}

void Ui::spinner(float cx, float cy, float radius, ImU32 col) {
    constexpr int spokes = 8;
    const int head = static_cast<int>(now_ * 12.0) % spokes;
    for (int i = 0; i < spokes; ++i) {
        const float a = 2 * pi * static_cast<float>(i) / spokes - pi / 2;
        const int age = (head - i + spokes) % spokes;
        const float alpha = 1.0f - 0.8f * static_cast<float>(age) / spokes;
        const float c = std::cos(a), s = std::sin(a);
        dl_->AddLine(px(cx + c * radius * 0.45f, cy + s * radius * 0.45f),
                     px(cx + c * radius, cy + s * radius), with_alpha(col, alpha),
                     radius * 0.24f * scale_);
    }
    request_wake_in(1.0 / 12.0);
}

void Ui::round_corners(const Rect& r, float radius, ImU32 outside) {
    corner_masks(dl_, px(r.x, r.y), px(r.right(), r.bottom()), radius * scale_, outside);
}

void Ui::gradient(const Rect& r, ImU32 top, ImU32 bottom) {
    dl_->AddRectFilledMultiColor(px(r.x, r.y), px(r.right(), r.bottom()), top, top, bottom, bottom);
}

void Ui::icon(const Icon& ic, float x, float y, float s) {
    const float radius = s * 0.225f;
    // A soft vertical gradient, as on the phone's icons.
    const int v0 = dl_->VtxBuffer.Size;
    fill({x, y, s, s}, color::white, radius);
    const int v1 = dl_->VtxBuffer.Size;
    ImGui::ShadeVertsLinearColorGradientKeepAlpha(dl_, v0, v1, px(x, y), px(x, y + s),
                                                  lerp_color(ic.background, color::white, 0.18f),
                                                  ic.background);
    const float cx = x + s / 2, cy = y + s / 2;
    const ImU32 w = color::white;
    using G = Icon::Glyph;
    switch (ic.glyph) {
    case G::gear: {
        for (int i = 0; i < 8; ++i) {
            const float a = 2 * pi * static_cast<float>(i) / 8;
            dl_->AddLine(px(cx, cy), px(cx + std::cos(a) * s * 0.37f, cy + std::sin(a) * s * 0.37f),
                         w, s * 0.13f * scale_);
        }
        circle(cx, cy, s * 0.28f, w);
        circle(cx, cy, s * 0.16f, ic.background);
        circle(cx, cy, s * 0.09f, w);
        break;
    }
    case G::envelope: {
        const Rect e{cx - s * 0.31f, cy - s * 0.21f, s * 0.62f, s * 0.42f};
        fill(e, w, s * 0.05f);
        dl_->PathLineTo(px(e.x + s * 0.03f, e.y + s * 0.03f));
        dl_->PathLineTo(px(cx, cy + s * 0.03f));
        dl_->PathLineTo(px(e.right() - s * 0.03f, e.y + s * 0.03f));
        dl_->PathStroke(ic.background, 0, std::max(1.0f, s * 0.045f * scale_));
        break;
    }
    case G::wifi: {
        const float by = cy + s * 0.22f;
        for (int i = 1; i <= 2; ++i) {
            dl_->PathArcTo(px(cx, by),
                           s * (0.16f + 0.17f * static_cast<float>(i)) * scale_ -
                               s * 0.08f * scale_,
                           -pi * 0.75f, -pi * 0.25f, 16);
            dl_->PathStroke(w, 0, s * 0.1f * scale_);
        }
        dl_->PathLineTo(px(cx, by));
        dl_->PathArcTo(px(cx, by), s * 0.17f * scale_, -pi * 0.75f, -pi * 0.25f, 10);
        dl_->PathFillConvex(w);
        break;
    }
    case G::bell: {
        dl_->PathArcTo(px(cx, cy - s * 0.05f), s * 0.2f * scale_, pi, 2 * pi, 16);
        dl_->PathLineTo(px(cx + s * 0.27f, cy + s * 0.17f));
        dl_->PathLineTo(px(cx - s * 0.27f, cy + s * 0.17f));
        dl_->PathFillConvex(w);
        circle(cx, cy + s * 0.23f, s * 0.06f, w);
        break;
    }
    case G::key: {
        dl_->AddCircle(px(cx - s * 0.13f, cy), s * 0.14f * scale_, w, 0, s * 0.08f * scale_);
        line(cx, cy, cx + s * 0.3f, cy, w, s * 0.08f);
        line(cx + s * 0.2f, cy, cx + s * 0.2f, cy + s * 0.12f, w, s * 0.08f);
        break;
    }
    case G::person: {
        circle(cx, cy - s * 0.1f, s * 0.14f, w);
        dl_->PathArcTo(px(cx, cy + s * 0.3f), s * 0.26f * scale_, pi, 2 * pi, 20);
        dl_->PathFillConvex(w);
        break;
    }
    case G::moon: {
        circle(cx, cy, s * 0.26f, w);
        circle(cx + s * 0.12f, cy - s * 0.08f, s * 0.22f, ic.background);
        break;
    }
    case G::airplane: {
        line(cx - s * 0.3f, cy + s * 0.05f, cx + s * 0.3f, cy - s * 0.05f, w, s * 0.09f);
        dl_->AddTriangleFilled(px(cx - s * 0.02f, cy), px(cx - s * 0.16f, cy - s * 0.3f),
                               px(cx + s * 0.08f, cy - s * 0.02f), w);
        dl_->AddTriangleFilled(px(cx - s * 0.02f, cy + s * 0.02f),
                               px(cx + s * 0.08f, cy + s * 0.01f),
                               px(cx - s * 0.1f, cy + s * 0.32f), w);
        break;
    }
    case G::letter: {
        const char buf[2] = {ic.letter, 0};
        text_centered(s > 40 ? Font::title2_bold : Font::body_semibold, cx, cy, w, buf);
        break;
    }
    case G::none:
        break;
    }
}

float Ui::text_width(Font font, std::string_view text) const {
    ImFont* f = fonts_->get(font);
    const float size = point_size(font) * scale_;
    return f->CalcTextSizeA(size, FLT_MAX, 0.0f, text.data(), text.data() + text.size()).x / scale_;
}

float Ui::line_height(Font font) const {
    return point_size(font) * 1.2f;
}

float Ui::text(Font font, float x, float y, ImU32 col, std::string_view text) {
    ImFont* f = fonts_->get(font);
    const float size = point_size(font) * scale_;
    ImVec2 p = px(x, y);
    p.x = std::round(p.x);
    p.y = std::round(p.y);
    dl_->AddText(f, size, p, col, text.data(), text.data() + text.size());
    return text_width(font, text);
}

float Ui::text_vcenter(Font font, float x, float cy, ImU32 col, std::string_view t) {
    ImFont* f = fonts_->get(font);
    const float size = point_size(font);
    const float ascent = f->Ascent / f->FontSize * size;
    const float cap = (fonts_->inter ? 0.727f : 0.62f) * size;
    return text(font, x, cy + cap / 2 - ascent, col, t);
}

void Ui::text_centered(Font font, float cx, float cy, ImU32 col, std::string_view t) {
    text_vcenter(font, cx - text_width(font, t) / 2, cy, col, t);
}

std::vector<std::string_view> Ui::wrap_lines(Font font, float width, std::string_view t,
                                             bool keep_last_empty) const {
    ImFont* f = fonts_->get(font);
    const float size = point_size(font) * scale_;
    std::vector<std::string_view> lines;
    const char* p = t.data();
    const char* end = t.data() + t.size();
    while (p < end) {
        const char* eol = f->CalcWordWrapPositionA(size / f->FontSize, p, end, width * scale_);
        if (eol == p)
            ++eol;
        const char* nl =
            static_cast<const char*>(memchr(p, '\n', static_cast<std::size_t>(eol - p)));
        const char* next = eol;
        if (nl) {
            eol = nl;
            next = nl + 1;
        } else if (eol < end && eol[-1] != ' ' && *eol != ' ' && *eol != '\n') {
            // ImGui also breaks after '.' and ','; a host name ("smtp.example.com") stays whole
            // when there is a space to break at instead.
            const char* space = eol;
            while (space > p && space[-1] != ' ')
                --space;
            if (space > p)
                eol = next = space;
        }
        std::string_view line_text(p, static_cast<std::size_t>(eol - p));
        while (!line_text.empty() && line_text.back() == ' ' && !keep_last_empty)
            line_text.remove_suffix(1);
        lines.push_back(line_text);
        p = next;
        while (p < end && *p == ' ' && !keep_last_empty)
            ++p;
    }
    if (keep_last_empty && (t.empty() || t.back() == '\n'))
        lines.push_back(std::string_view(end, 0));
    return lines;
}

std::string Ui::fit(Font font, std::string_view text, float width) const {
    if (text_width(font, text) <= width)
        return std::string(text);
    std::string t(text.substr(0, 160));
    while (!t.empty() && text_width(font, t + "\u2026") > width) {
        t.pop_back();
        while (!t.empty() && (static_cast<unsigned char>(t.back()) & 0xC0) == 0x80)
            t.pop_back();
    }
    while (!t.empty() && t.back() == ' ')
        t.pop_back();
    return t + "\u2026";
}

float Ui::wrapped_height(Font font, float width, std::string_view t) const {
    return static_cast<float>(wrap_lines(font, width, t).size()) * line_height(font);
}

float Ui::text_wrapped(Font font, float x, float y, float width, ImU32 col, std::string_view t,
                       bool center) {
    float yy = y;
    for (std::string_view line_text : wrap_lines(font, width, t)) {
        const float w = text_width(font, line_text);
        text(font, center ? x + (width - w) / 2 : x, yy, col, line_text);
        yy += line_height(font);
    }
    return yy - y;
}

// ------------------------------------------------------------------------------------------------
// Interaction

void Ui::register_target(const Rect& r, std::string_view label, std::string_view kind, bool enabled,
                         std::string_view id) {
    const ImVec2 off = offsets_.back();
    Target t;
    t.label = label;
    t.id = !id.empty() ? std::string(id)
                       : (section_.empty() || !in_group_ ? std::string(label)
                                                         : section_ + "/" + std::string(label));
    t.kind = kind;
    t.rect = {r.x + off.x, r.y + off.y, r.w, r.h};
    t.enabled = enabled;
    const Rect& c = clips_.back();
    const float y0 = std::max(t.rect.y, c.y), y1 = std::min(t.rect.bottom(), c.bottom());
    const float x0 = std::max(t.rect.x, c.x), x1 = std::min(t.rect.right(), c.right());
    t.visible = y0 <= t.rect.y + 0.5f && y1 >= t.rect.bottom() - 0.5f && x1 > x0;
    const float vy = y1 > y0 ? (y0 + y1) / 2 : t.rect.y + t.rect.h / 2;
    t.center_px = {origin_.x + (x1 > x0 ? (x0 + x1) / 2 : t.rect.x + t.rect.w / 2) * scale_,
                   origin_.y + vy * scale_};
    t.view = view_;
    if (view_) {
        t.content_top = r.y - content_origin_y_;
        t.content_bottom = t.content_top + r.h;
    }
    targets_.push_back(std::move(t));
}

Ui::Press Ui::press(const Rect& r, std::string_view label, std::string_view kind, bool enabled,
                    std::string_view id) {
    Press p;
    if (!interactive())
        return p;
    register_target(r, label, kind, enabled, id);
    if (!enabled)
        return p;
    const ImGuiIO& io = ImGui::GetIO();
    const ImVec2 off = offsets_.back();
    const Rect s{r.x + off.x, r.y + off.y, r.w, r.h};
    const Rect& c = clips_.back();
    auto inside = [&](ImVec2 mouse_px) {
        const ImVec2 m = to_points(mouse_px);
        return s.contains(m) && c.contains(m);
    };
    p.hovered = inside(io.MousePos);
    const bool started_inside = inside(io.MouseClickedPos[0]);
    p.held = io.MouseDown[0] && p.hovered && started_inside && !press_cancelled_;
    p.clicked = io.MouseReleased[0] && p.hovered && started_inside && !press_cancelled_;
    if (p.clicked) {
        taps_.emplace_back(label);
        tapped_.push_back(targets_.back());
    }
    if (p.held || p.clicked)
        request_animation_frame();
    return p;
}

void Ui::also_label(std::string_view label) {
    if (!interactive() || targets_.empty())
        return;
    Target copy = targets_.back();
    copy.label = label;
    targets_.push_back(std::move(copy));
}

bool Ui::text_input(std::string& value, bool numeric) {
    ImGuiIO& io = ImGui::GetIO();
    bool changed = false;
    for (ImWchar c : io.InputQueueCharacters) {
        if (c < 0x20 || c == 0x7F)
            continue;
        if (numeric && (c < '0' || c > '9'))
            continue;
        append_utf8(value, c);
        changed = true;
    }
    io.InputQueueCharacters.resize(0);
    if (key_pressed(ImGuiKey_Backspace) && !value.empty()) {
        pop_utf8(value);
        changed = true;
    }
    if ((io.KeyCtrl || io.KeySuper) && key_pressed(ImGuiKey_V, false)) {
        if (const char* clip = ImGui::GetClipboardText()) {
            for (const char* q = clip; *q; ++q)
                if (*q != '\n' && *q != '\r' && (!numeric || (*q >= '0' && *q <= '9')))
                    value += *q;
            changed = true;
        }
    }
    if (changed)
        caret_epoch_ = now_;
    return changed;
}

// ------------------------------------------------------------------------------------------------
// Lists

void Ui::list_begin(ScrollView& view, const Rect& viewport) {
    list_view_ = &view;
    viewport_ = viewport;
    view.viewport_height = viewport.h;
    const ImGuiIO& io = ImGui::GetIO();
    if (interactive()) {
        if (view.reveal_request) {
            const auto [top, bottom] = *view.reveal_request;
            if (top < view.offset + 8)
                view.offset = top - 8;
            else if (bottom > view.offset + viewport.h - 8)
                view.offset = bottom - viewport.h + 8;
            view.reveal_request.reset();
            view.clamp();
        }
        const ImVec2 off = offsets_.back();
        const Rect s{viewport.x + off.x, viewport.y + off.y, viewport.w, viewport.h};
        const ImVec2 m = to_points(io.MousePos);
        if (s.contains(m) && io.MouseWheel != 0) {
            view.offset -= io.MouseWheel * 40.0f;
            view.clamp();
        }
        if (io.MouseDown[0] && s.contains(to_points(io.MouseClickedPos[0]))) {
            const float dy = (io.MousePos.y - io.MouseClickedPos[0].y) / scale_;
            if (std::abs(dy) > drag_threshold && !press_cancelled_) {
                press_cancelled_ = true;
                anims_["scroll-drag-start"] = view.offset;
            }
            if (press_cancelled_) {
                view.offset = anims_["scroll-drag-start"] - dy;
                view.clamp();
                request_animation_frame();
            }
        }
    }
    push_clip(viewport);
    y_ = viewport.y - view.offset;
    list_top_ = y_;
    set_scroll_view(&view, list_top_);
    first_section_ = true;
    section_.clear();
}

void Ui::list_end() {
    y_ += 34.0f; // bottom margin
    list_view_->content_height = y_ - list_top_;
    list_view_->clamp();
    pop_clip();
    view_ = nullptr;
    list_view_ = nullptr;
}

void Ui::large_title(std::string_view title) {
    text_vcenter(Font::large_title, metric::padding, y_ + metric::large_title / 2 - 2, color::label,
                 title);
    y_ += metric::large_title;
    first_section_ = true;
}

void Ui::section(std::string_view header) {
    section_ = header;
    if (header.empty()) {
        y_ += first_section_ ? 20.0f : 35.0f;
    } else {
        y_ += first_section_ ? 22.0f : 31.0f;
        text(Font::footnote, metric::inset + metric::padding, y_, color::section_header, header);
        y_ += 21.0f;
    }
    first_section_ = false;
}

void Ui::section_title(std::string_view title) {
    section_ = title;
    y_ += first_section_ ? 18.0f : 26.0f;
    text_vcenter(Font::title3_semibold, metric::inset + 4, y_ + 12, color::label, title);
    y_ += 34.0f;
    first_section_ = false;
}

void Ui::footer(std::string_view t, ImU32 col) {
    y_ += 7.0f;
    const float w = metric::screen_width - 2 * (metric::inset + metric::padding);
    y_ += text_wrapped(Font::footnote, metric::inset + metric::padding, y_, w, col, t);
}

void Ui::group_begin() {
    in_group_ = true;
    group_top_ = y_;
    group_rows_ = 0;
    splitter_.Split(dl_, 3);
    splitter_.SetCurrentChannel(dl_, 2);
}

void Ui::group_end() {
    const Rect g{metric::inset, group_top_, metric::screen_width - 2 * metric::inset,
                 y_ - group_top_};
    splitter_.SetCurrentChannel(dl_, 0);
    fill(g, color::cell, metric::group_radius);
    splitter_.SetCurrentChannel(dl_, 2);
    // Square highlights drawn in channel 1 get the group's rounded corners back.
    corner_masks(dl_, px(g.x, g.y), px(g.right(), g.bottom()), metric::group_radius * scale_,
                 color::grouped_background);
    splitter_.Merge(dl_);
    in_group_ = false;
}

namespace {
struct RowFrame {
    Rect r;
    float text_x;
};
} // namespace

Ui::Press Ui::row_custom(std::string_view label, float height, Rect& out, bool chevron_shown,
                         float separator_inset) {
    out = {metric::inset, y_, metric::screen_width - 2 * metric::inset, height};
    Press p = press(out, label, "row", true);
    splitter_.SetCurrentChannel(dl_, 1);
    if (p.held)
        fill(out, color::cell_highlight);
    if (group_rows_ > 0)
        hairline(out.x + separator_inset, out.right(), out.y);
    splitter_.SetCurrentChannel(dl_, 2);
    if (chevron_shown)
        chevron(out.right() - metric::padding - 7, out.y + height / 2, 12.5f, color::chevron);
    ++group_rows_;
    y_ += height;
    return p;
}

bool Ui::row(std::string_view label, const RowOptions& o) {
    const Rect r{metric::inset, y_, metric::screen_width - 2 * metric::inset, metric::row};
    const bool actionable = o.enabled && (o.chevron || o.label_color != color::label);
    Press p = press(r, label, "row", o.enabled, o.id);
    const float text_x = r.x + metric::padding + (o.icon ? 29.0f + 15.0f : 0.0f);
    splitter_.SetCurrentChannel(dl_, 1);
    if (p.held && actionable)
        fill(r, color::cell_highlight);
    if (group_rows_ > 0)
        hairline(text_x, r.right(), r.y);
    splitter_.SetCurrentChannel(dl_, 2);
    const float cy = r.y + r.h / 2;
    if (o.icon)
        icon(*o.icon, r.x + metric::padding, cy - 14.5f, 29.0f);
    const ImU32 label_col = o.enabled ? o.label_color : color::secondary_label;
    if (o.centered)
        text_centered(Font::body, r.x + r.w / 2, cy, label_col, label);
    else
        text_vcenter(Font::body, text_x, cy, label_col, label);
    float right = r.right() - metric::padding;
    if (o.chevron) {
        chevron(right - 7, cy, 12.5f, color::chevron);
        right -= 7 + 10;
    }
    if (!o.value.empty()) {
        const float w = text_width(Font::body, o.value);
        text_vcenter(Font::body, right - w, cy, color::secondary_label, o.value);
    }
    ++group_rows_;
    y_ += metric::row;
    return p.clicked && o.enabled;
}

bool Ui::row_subtitle(std::string_view title, std::string_view subtitle, std::string_view id) {
    const float h = 60.0f;
    const Rect r{metric::inset, y_, metric::screen_width - 2 * metric::inset, h};
    Press p = press(r, title, "row", true, id);
    splitter_.SetCurrentChannel(dl_, 1);
    if (p.held)
        fill(r, color::cell_highlight);
    if (group_rows_ > 0)
        hairline(r.x + metric::padding, r.right(), r.y);
    splitter_.SetCurrentChannel(dl_, 2);
    text_vcenter(Font::body, r.x + metric::padding, r.y + 20, color::label, title);
    text_vcenter(Font::callout, r.x + metric::padding, r.y + 41, color::secondary_label, subtitle);
    chevron(r.right() - metric::padding - 7, r.y + h / 2, 12.5f, color::chevron);
    ++group_rows_;
    y_ += h;
    return p.clicked;
}

bool Ui::toggle(std::string_view id, float x, float y, bool& value, bool enabled) {
    const Rect r{x, y, 51, 31};
    Press p = press({x - 6, y - 6, 63, 43}, id, "switch", enabled);
    bool changed = false;
    if (p.clicked) {
        value = !value;
        changed = true;
    }
    const float t = anim(std::string("switch:") + std::string(id), value ? 1.0f : 0.0f, 5.0f);
    const float e = t * t * (3 - 2 * t);
    fill(r, lerp_color(color::switch_off, color::green, e), 15.5f);
    const float knob_x = x + 2 + 13.5f + e * 20.0f;
    const float cy = y + 15.5f;
    dl_->AddCircleFilled(px(knob_x, cy + 1.5f), 13.5f * scale_, IM_COL32(0, 0, 0, 0x18), 0);
    dl_->AddCircleFilled(px(knob_x, cy + 0.5f), 13.8f * scale_, IM_COL32(0, 0, 0, 0x10), 0);
    circle(knob_x, cy, 13.5f, enabled ? color::white : color::rgb(0xF7, 0xF7, 0xF7));
    return changed;
}

bool Ui::row_switch(std::string_view label, bool& value, bool enabled) {
    const Rect r{metric::inset, y_, metric::screen_width - 2 * metric::inset, metric::row};
    splitter_.SetCurrentChannel(dl_, 1);
    if (group_rows_ > 0)
        hairline(r.x + metric::padding, r.right(), r.y);
    splitter_.SetCurrentChannel(dl_, 2);
    const float cy = r.y + r.h / 2;
    text_vcenter(Font::body, r.x + metric::padding, cy,
                 enabled ? color::label : color::secondary_label, label);
    const std::string id =
        section_.empty() ? std::string(label) : section_ + "/" + std::string(label);
    const bool changed = toggle(id, r.right() - metric::padding - 51, cy - 15.5f, value, enabled);
    if (interactive() && !targets_.empty() && targets_.back().kind == "switch") {
        targets_.back().label = label;
        targets_.back().id = id;
    }
    ++group_rows_;
    y_ += metric::row;
    return changed;
}

bool Ui::row_field(std::string_view label, std::string& value, const FieldOptions& o) {
    const Rect r{metric::inset, y_, metric::screen_width - 2 * metric::inset, metric::row};
    const std::string id = !o.id.empty()      ? std::string(o.id)
                           : section_.empty() ? std::string(label)
                                              : section_ + "/" + std::string(label);
    Press p = press(r, label, "field", o.enabled, id);
    if (p.clicked)
        focus(id);
    const bool focused = focus_ == id && o.enabled && interactive();
    if (interactive() && o.enabled)
        field_order_.push_back(id);
    bool changed = false;
    if (focused) {
        focused_secure_ = o.secure;
        changed = text_input(value, o.numeric);
    }

    splitter_.SetCurrentChannel(dl_, 1);
    if (group_rows_ > 0)
        hairline(r.x + metric::padding, r.right(), r.y);
    splitter_.SetCurrentChannel(dl_, 2);
    const float cy = r.y + r.h / 2;
    float fx = r.x + metric::padding;
    if (!label.empty()) {
        text_vcenter(Font::body, fx, cy, color::label, label);
        fx += field_label_width;
    }
    const Rect field{fx, r.y, r.right() - metric::padding - fx, r.h};
    std::string shown;
    if (o.secure)
        for (std::size_t i = 0, n = utf8_length(value); i < n; ++i)
            shown += "\u2022";
    else
        shown = value;
    push_clip({field.x - 1, field.y, field.w + 3, field.h});
    if (shown.empty()) {
        if (!o.placeholder.empty())
            text_vcenter(Font::body, field.x, cy, color::placeholder, o.placeholder);
    } else {
        const float w = text_width(Font::body, shown);
        const float shift = std::max(0.0f, w - field.w + 3);
        text_vcenter(Font::body, field.x - shift, cy,
                     o.enabled ? color::label : color::secondary_label, shown);
    }
    if (focused) {
        const double phase = std::fmod(now_ - caret_epoch_, 1.0);
        if (phase < 0.55) {
            const float w =
                shown.empty() ? 0.0f : std::min(text_width(Font::body, shown), field.w - 2);
            fill({field.x + w + 1, cy - 11, 2, 22}, color::blue, 1);
        }
        request_wake_in(phase < 0.55 ? 0.55 - phase : 1.0 - phase);
    }
    pop_clip();
    ++group_rows_;
    y_ += metric::row;
    return changed;
}

bool Ui::row_check(std::string_view label, bool checked) {
    RowOptions o;
    o.chevron = false;
    const float y = y_;
    const bool clicked = row(label, o);
    if (checked) {
        splitter_.SetCurrentChannel(dl_, 2);
        checkmark(metric::screen_width - metric::inset - metric::padding - 16, y + metric::row / 2,
                  15, color::blue);
    }
    return clicked;
}

bool Ui::segmented(std::string_view id, const std::vector<std::string>& labels, int& selected,
                   bool enabled) {
    const float h = 32.0f;
    const Rect r{metric::inset, y_, metric::screen_width - 2 * metric::inset, h};
    fill(r, color::fill_tertiary, 9);
    const float seg_w = r.w / static_cast<float>(labels.size());
    const float sel =
        anim(std::string("seg:") + std::string(id), static_cast<float>(selected), 12.0f);
    const Rect knob{r.x + 2 + sel * seg_w, r.y + 2, seg_w - 4, h - 4};
    fill({knob.x, knob.y + 1.5f, knob.w, knob.h}, IM_COL32(0, 0, 0, 0x0F), 7);
    fill(knob, color::white, 7);
    bool changed = false;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const Rect s{r.x + seg_w * static_cast<float>(i), r.y, seg_w, h};
        Press p = press(s, labels[i], "segment", enabled, std::string(id) + "/" + labels[i]);
        if (p.clicked && selected != static_cast<int>(i)) {
            selected = static_cast<int>(i);
            changed = true;
        }
        if (i > 0 && static_cast<int>(i) != selected && static_cast<int>(i) - 1 != selected)
            line(s.x, s.y + 8, s.x, s.bottom() - 8, color::rgb(0x8E, 0x8E, 0x93, 0x50), 1.0f);
        const bool on = static_cast<int>(i) == selected;
        text_centered(on ? Font::footnote_semibold : Font::footnote, s.x + s.w / 2, s.y + h / 2,
                      enabled ? color::label : color::secondary_label, labels[i]);
    }
    y_ += h;
    return changed;
}

// ------------------------------------------------------------------------------------------------
// Alert

int Ui::alert(std::string_view title, std::string_view message,
              const std::vector<std::string>& buttons,
              const std::vector<AlertButtonStyle>& styles) {
    fill({0, 0, metric::screen_width, metric::screen_height}, color::dim);
    const float w = 270.0f, text_w = w - 32.0f;
    const float title_h = wrapped_height(Font::body_semibold, text_w, title);
    const float message_h =
        message.empty() ? 0.0f : wrapped_height(Font::footnote, text_w, message);
    bool side_by_side = buttons.size() == 2;
    for (const auto& b : buttons)
        if (text_width(Font::body_semibold, b) > w / 2 - 16)
            side_by_side = false;
    const float button_h = 44.0f;
    const float buttons_h = side_by_side ? button_h : button_h * static_cast<float>(buttons.size());
    const float body_h = 20.0f + title_h + (message.empty() ? 0.0f : 3.0f + message_h) + 20.0f;
    const float h = body_h + buttons_h;
    const Rect box{(metric::screen_width - w) / 2, (metric::screen_height - h) / 2, w, h};
    fill(box, color::alert_background, 14);
    float y = box.y + 20.0f;
    y += text_wrapped(Font::body_semibold, box.x + 16, y, text_w, color::label, title, true);
    if (!message.empty())
        text_wrapped(Font::footnote, box.x + 16, y + 3.0f, text_w, color::label, message, true);
    int pressed = -1;
    const float by = box.y + body_h;
    for (std::size_t i = 0; i < buttons.size(); ++i) {
        Rect b = side_by_side ? Rect{box.x + (w / 2) * static_cast<float>(i), by, w / 2, button_h}
                              : Rect{box.x, by + button_h * static_cast<float>(i), w, button_h};
        Press p = press(b, buttons[i], "alert-button", true, "alert/" + buttons[i]);
        const bool last = side_by_side ? true : i + 1 == buttons.size();
        if (p.held) {
            ImDrawFlags corners = ImDrawFlags_RoundCornersNone;
            if (last && side_by_side)
                corners = i == 0 ? ImDrawFlags_RoundCornersBottomLeft
                                 : ImDrawFlags_RoundCornersBottomRight;
            else if (last)
                corners = ImDrawFlags_RoundCornersBottom;
            fill(b, color::alert_pressed, 14, corners);
        }
        if (p.clicked)
            pressed = static_cast<int>(i);
        hairline(b.x, b.right(), b.y, color::alert_separator);
        if (side_by_side && i == 1)
            fill({b.x, b.y, std::max(1.0f / scale_, 0.5f), b.h}, color::alert_separator);
        const AlertButtonStyle st = i < styles.size() ? styles[i] : AlertButtonStyle{};
        text_centered(st.bold ? Font::body_semibold : Font::body, b.x + b.w / 2, b.y + b.h / 2,
                      st.destructive ? color::red : color::blue, buttons[i]);
    }
    return pressed;
}

// ------------------------------------------------------------------------------------------------
// Phone chrome

PhoneLayout fit_phone(Rect area) {
    const float outer_w = metric::screen_width + 2 * metric::bezel;
    const float outer_h = metric::screen_height + 2 * metric::bezel;
    const float margin = 16.0f;
    const float scale =
        std::max(0.1f, std::min((area.w - 2 * margin) / outer_w, (area.h - 2 * margin) / outer_h));
    const ImVec2 origin{std::round(area.x + (area.w - metric::screen_width * scale) / 2),
                        std::round(area.y + (area.h - metric::screen_height * scale) / 2)};
    return {origin, scale};
}

void draw_phone_frame(Ui& ui) {
    ImDrawList* dl = ui.draw_list();
    const float s = ui.scale();
    const ImVec2 a = ui.px(0, 0), b = ui.px(metric::screen_width, metric::screen_height);
    corner_masks(dl, a, b, metric::screen_radius * s, color::bezel);
    const float half = metric::bezel / 2 * s;
    dl->AddRect({a.x - half, a.y - half}, {b.x + half, b.y + half}, color::bezel,
                (metric::screen_radius + metric::bezel / 2) * s, 0, metric::bezel * s + 1);
    const float rim = (metric::bezel + 1.5f) * s;
    dl->AddRect({a.x - rim, a.y - rim}, {b.x + rim, b.y + rim}, color::rim,
                (metric::screen_radius + metric::bezel + 1.5f) * s, 0, 2.5f * s);
}

void draw_status_bar(Ui& ui, bool light, std::string_view time) {
    const ImU32 fg = light ? color::white : color::black;
    const float cy = 27.0f;
    ui.text_centered(Font::body_semibold, 81.0f, cy, fg, time);
    // Dynamic Island
    ui.fill({(metric::screen_width - 125) / 2, 11, 125, 37}, color::black, 18.5f);
    // Signal: four bars
    float x = 294.0f;
    for (int i = 0; i < 4; ++i) {
        const float h = 4.5f + 2.5f * static_cast<float>(i);
        ui.fill({x, cy + 5.5f - h, 3.2f, h}, fg, 1.0f);
        x += 4.6f;
    }
    // Wi-Fi: three sectors
    ImDrawList* dl = ui.draw_list();
    const float wx = 326.0f, wy = cy + 5.0f;
    for (int i = 0; i < 3; ++i) {
        const float r = 4.0f + 3.9f * static_cast<float>(i);
        if (i == 0) {
            dl->PathLineTo(ui.px(wx, wy));
            dl->PathArcTo(ui.px(wx, wy), r * ui.scale(), -2.36f, -0.78f, 10);
            dl->PathFillConvex(fg);
        } else {
            dl->PathArcTo(ui.px(wx, wy), (r - 1.1f) * ui.scale(), -2.36f, -0.78f, 18);
            dl->PathStroke(fg, 0, 2.3f * ui.scale());
        }
    }
    // Battery
    const Rect body{341.0f, cy - 6.5f, 25.0f, 13.0f};
    ui.stroke(body, light ? IM_COL32(255, 255, 255, 0x70) : IM_COL32(0, 0, 0, 0x60), 4.0f, 1.0f);
    ui.fill({body.x + 2, body.y + 2, body.w - 4, body.h - 4}, fg, 2.5f);
    ui.fill({body.right() + 1.5f, cy - 2.2f, 1.6f, 4.4f},
            light ? IM_COL32(255, 255, 255, 0x70) : IM_COL32(0, 0, 0, 0x60), 1.0f,
            ImDrawFlags_RoundCornersRight);
}

void draw_home_indicator(Ui& ui, bool light) {
    ui.fill({(metric::screen_width - 134) / 2, metric::screen_height - 8 - 5, 134, 5},
            light ? color::white : color::black, 2.5f);
}

} // namespace maillab::sim::ui
