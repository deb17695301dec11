// The drawing and interaction context of one frame: the phone's point coordinates mapped onto
// the window, iOS primitives drawn with ImGui draw lists, taps and typing from ImGuiIO, and the
// registry of tappable elements that scripts and tests use to find things by their label.
#pragma once

#include "fonts.hpp"
#include "theme.hpp"

#include <imgui.h>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace maillab::sim::ui {

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
    float right() const { return x + w; }
    float bottom() const { return y + h; }
    bool contains(ImVec2 p) const { return p.x >= x && p.x < x + w && p.y >= y && p.y < y + h; }
    bool operator==(const Rect&) const = default;
};

class ScrollView;

// One thing a person can tap, as last drawn.
struct Target {
    std::string id;    // section-qualified ("INCOMING MAIL SERVER/Password") or the label
    std::string label; // as shown
    std::string kind;  // row, field, switch, segment, button, back, alert-button, icon
    Rect rect;         // in screen points (after scrolling and animation)
    ImVec2 center_px;  // where a tap lands, in window coordinates
    bool enabled = true;
    bool visible = true; // inside its scroll view's viewport
    ScrollView* view = nullptr;
    float content_top = 0, content_bottom = 0; // in the view's content coordinates
};

// Vertical scrolling of one screen's content (wheel and drag).
class ScrollView {
  public:
    float offset = 0;
    float content_height = 0;
    float viewport_height = 0;
    std::optional<std::pair<float, float>> reveal_request; // content top/bottom to bring into view

    void clamp();
    void reveal(float top, float bottom) { reveal_request = {{top, bottom}}; }
};

struct Icon {
    ImU32 background = color::gray;
    enum class Glyph {
        none,
        gear,
        envelope,
        wifi,
        bell,
        key,
        person,
        moon,
        airplane,
        letter
    } glyph = Glyph::none;
    char letter = 0;
};

struct FieldOptions {
    std::string_view placeholder = {};
    bool secure = false;
    bool numeric = false;
    bool enabled = true;
    std::string_view id = {}; // defaults to section/label
};

struct RowOptions {
    const Icon* icon = nullptr;
    std::string_view value = {}; // grey, right-aligned before the chevron
    bool chevron = true;
    bool enabled = true;
    ImU32 label_color = color::label;
    bool centered = false;
    std::string_view id = {};
};

struct AlertButtonStyle {
    bool bold = false;
    bool destructive = false;
};

class Ui {
  public:
    // Per-frame setup: where the phone's screen is in the window and how large a point is.
    void begin_frame(ImDrawList* draw_list, ImVec2 screen_origin_px, float scale,
                     const FontSet& fonts, double now, float dt);
    void end_frame();

    // --- coordinates and layers ---------------------------------------------------------------
    ImVec2 px(float x, float y) const; // screen points → window pixels
    ImVec2 to_points(ImVec2 px) const; // window pixels → screen points (no offset)
    float scale() const { return scale_; }
    void push_offset(float dx, float dy);
    void pop_offset();
    void push_clip(const Rect& r); // intersects with the current clip
    void pop_clip();
    // Draws smaller around the screen's top centre (the screen behind a sheet, an opening app).
    void push_zoom(float factor, float dy);
    void pop_zoom();
    // Another surface in the same frame (a second device beside the phone): its own origin
    // (pixels), scale and bounds (its points, which also clip). Targets, taps and the keyboard
    // focus stay shared with the phone, so scripts find its labels and typing reaches its fields.
    void push_surface(ImVec2 origin_px, float scale, const Rect& bounds);
    void pop_surface();
    // Multiplies the alpha of everything drawn since `vertex_start` (draw_list()->VtxBuffer.Size).
    void fade_since(int vertex_start, float alpha);
    void push_interactive(bool interactive); // false: draw only (animating, under an alert)
    void pop_interactive();
    bool interactive() const { return interactive_.back(); }
    ImDrawList* draw_list() const { return dl_; }
    double now() const { return now_; }
    float dt() const { return dt_; }
    // Something on screen moves: the app keeps drawing frames.
    void request_animation_frame() { animating_ = true; }
    void request_wake_in(double seconds);
    bool animating() const { return animating_; }
    double wake_in() const { return wake_in_; }

    // --- primitives (points) --------------------------------------------------------------------
    void fill(const Rect& r, ImU32 col, float radius = 0, ImDrawFlags flags = 0);
    void stroke(const Rect& r, ImU32 col, float radius, float thickness);
    void line(float x0, float y0, float x1, float y1, ImU32 col, float thickness);
    void hairline(float x0, float x1, float y, ImU32 col = color::separator);
    void circle(float cx, float cy, float r, ImU32 col);
    void chevron(float x, float cy, float height, ImU32 col, bool left = false,
                 float thickness = 2.0f);
    void checkmark(float x, float cy, float size, ImU32 col);
    void spinner(float cx, float cy, float radius, ImU32 col = color::gray);
    void icon(const Icon& icon, float x, float y, float size);
    void gradient(const Rect& r, ImU32 top, ImU32 bottom);
    // Gives square content rounded corners by painting the corners outside them in `outside`.
    void round_corners(const Rect& r, float radius, ImU32 outside);

    float text_width(Font font, std::string_view text) const;
    float line_height(Font font) const;
    // Draws with the text's top at y; returns the width.
    float text(Font font, float x, float y, ImU32 col, std::string_view text);
    // Centres the text's capitals on cy.
    float text_vcenter(Font font, float x, float cy, ImU32 col, std::string_view text);
    void text_centered(Font font, float cx, float cy, ImU32 col, std::string_view text);
    // Word-wrapped, each line centred on cx (align_center) or starting at x; returns the height.
    float text_wrapped(Font font, float x, float y, float width, ImU32 col, std::string_view text,
                       bool center = false);
    float wrapped_height(Font font, float width, std::string_view text) const;
    // The text, cut with an ellipsis to fit `width`.
    std::string fit(Font font, std::string_view text, float width) const;
    // The lines `text` wraps into at `width` (a new line at each '\n'); with `keep_last_empty`
    // an empty last line after a final '\n' (where a caret goes).
    std::vector<std::string_view> wrap_lines(Font font, float width, std::string_view text,
                                             bool keep_last_empty = false) const;

    // --- interaction ---------------------------------------------------------------------------
    struct Press {
        bool hovered = false;
        bool held = false;    // pressed and still inside: draw the highlight
        bool clicked = false; // released inside, not a scroll drag
    };
    // A tappable area; registers a Target when interactive.
    Press press(const Rect& r, std::string_view label, std::string_view kind, bool enabled = true,
                std::string_view id = {});
    const std::vector<Target>& targets() const { return prev_targets_; }
    // The labels tapped since the last call (for the session report).
    std::vector<std::string> take_taps() { return std::exchange(taps_, {}); }
    // The targets tapped in this frame (for --record).
    const std::vector<Target>& tapped() const { return tapped_; }
    // Registers the last tappable area again under another label (a message row answers to its
    // subject and to its sender).
    void also_label(std::string_view label);
    void set_scroll_view(ScrollView* view, float content_origin_y) {
        view_ = view;
        content_origin_y_ = content_origin_y;
    }

    // Keyboard focus (text fields).
    const std::string& focused() const { return focus_; }
    // Whether the focused field, as drawn in this frame, hides what is typed (a password).
    bool focused_secure() const { return focused_secure_; }
    void focus(std::string_view id) {
        focus_ = id;
        caret_epoch_ = now_;
    }
    void clear_focus() { focus_.clear(); }
    // Return pressed on the last field of the screen (screens map it to Next/Done).
    bool take_return() {
        bool r = return_pressed_;
        return_pressed_ = false;
        return r;
    }

    // --- inset grouped lists ---------------------------------------------------------------------
    // Lays out top to bottom from `top` (points) inside `viewport`, scrolled by `view`.
    void list_begin(ScrollView& view, const Rect& viewport);
    void list_end();
    float cursor() const { return y_; }
    void advance(float dy) { y_ += dy; }
    void large_title(std::string_view title);
    void section(std::string_view header = {}); // spacing and an optional header (as given)
    void section_title(std::string_view title); // a bold header (Mail's account sections)
    void footer(std::string_view text, ImU32 col = color::section_header);
    void group_begin();
    void group_end();
    bool row(std::string_view label, const RowOptions& options = {});
    bool row_subtitle(std::string_view title, std::string_view subtitle, std::string_view id = {});
    bool row_switch(std::string_view label, bool& value, bool enabled = true);
    bool row_field(std::string_view label, std::string& value, const FieldOptions& options = {});
    bool row_check(std::string_view label, bool checked);
    // A row drawn by the caller: returns the rect and press state. The separator above it starts
    // `separator_inset` points into the row (the text's start).
    Press row_custom(std::string_view label, float height, Rect& out_rect, bool chevron = false,
                     float separator_inset = metric::padding);
    bool segmented(std::string_view id, const std::vector<std::string>& labels, int& selected,
                   bool enabled = true);
    bool toggle(std::string_view id, float x, float y, bool& value, bool enabled = true);

    // --- plain (full-width) layouts: Mail's compose sheet ------------------------------------
    // A full-width field: the grey label with a colon ("To:"), the text after it, a hairline
    // below. Its id is `options.id` or the label.
    bool line_field(std::string_view label, std::string& value, const FieldOptions& options = {});
    // A multi-line field at the cursor, full width, at least `min_height` tall; Enter inserts a
    // new line. Returns whether the text changed.
    bool text_area(std::string_view id, std::string& value, float min_height,
                   std::string_view placeholder = {});

    // --- desktop windows (the second device) ---------------------------------------------------
    // A one-line text box at `r` with a border (a focus ring when focused), the text in `font`;
    // typing goes into `value` while it has the focus. Its id is `options.id` or the label.
    // Returns whether the text changed.
    bool text_box(const Rect& r, std::string_view label, std::string& value, Font font,
                  const FieldOptions& options = {});

    // An iOS alert centred on the screen; returns the pressed button index or -1.
    int alert(std::string_view title, std::string_view message,
              const std::vector<std::string>& buttons, const std::vector<AlertButtonStyle>& styles);
    // An iOS action sheet sliding up from the bottom (`t`: 0 hidden .. 1 shown): the buttons in a
    // card, the last one (Cancel) in its own card below; a tap outside presses the last one.
    int action_sheet(std::string_view title, std::string_view message,
                     const std::vector<std::string>& buttons,
                     const std::vector<AlertButtonStyle>& styles, float t);

  private:
    void register_target(const Rect& r, std::string_view label, std::string_view kind, bool enabled,
                         std::string_view id);
    bool text_input(std::string& value, bool numeric);
    float anim(const std::string& key, float target, float speed);

    ImDrawList* dl_ = nullptr;
    ImVec2 origin_{};
    float scale_ = 1;
    const FontSet* fonts_ = nullptr;
    double now_ = 0;
    float dt_ = 0;
    bool animating_ = false;
    double wake_in_ = -1;
    std::vector<ImVec2> offsets_{{0, 0}};
    std::vector<std::pair<ImVec2, float>> zooms_;
    struct Surface {
        ImVec2 origin;
        float scale;
        std::vector<ImVec2> offsets;
        std::vector<Rect> clips;
        ScrollView* view;
    };
    std::vector<Surface> surfaces_;
    std::vector<Rect> clips_;
    std::vector<bool> interactive_{true};

    std::vector<Target> targets_, prev_targets_;
    std::vector<std::string> taps_;
    std::vector<Target> tapped_;
    bool press_cancelled_ = false; // the current press became a scroll drag
    ScrollView* view_ = nullptr;
    float content_origin_y_ = 0;

    std::string focus_;
    bool focused_secure_ = false;
    std::vector<std::string> field_order_, prev_field_order_;
    std::string focus_next_;
    bool return_pressed_ = false;
    bool multiline_focus_ = false; // the focused field takes Enter as a new line
    double caret_epoch_ = 0;

    std::map<std::string, float, std::less<>> anims_;

    // list layout
    ScrollView* list_view_ = nullptr;
    Rect viewport_{};
    float y_ = 0;
    float list_top_ = 0;
    bool first_section_ = true;
    std::string section_;
    bool in_group_ = false;
    float group_top_ = 0;
    int group_rows_ = 0;
    ImDrawListSplitter splitter_;
};

// The phone: bezel and rounded screen corners, status bar, home indicator.
void draw_phone_frame(Ui& ui);
void draw_status_bar(Ui& ui, bool light_content, std::string_view time = "9:41");
void draw_home_indicator(Ui& ui, bool light);

// Where the phone goes in a window of `size` (ImGui coordinates): origin of the screen and scale.
struct PhoneLayout {
    ImVec2 screen_origin;
    float scale;
};
// The phone centred in this area (pixels), as large as fits with a margin.
PhoneLayout fit_phone(Rect area);

} // namespace maillab::sim::ui
