// The stack of screens (home, then an app's screens, sheets on top) and the transitions between
// them: push/pop slide, sheet up/down, app zoom. Requests made while drawing are applied after
// the frame, so a screen never destroys itself mid-draw.
#pragma once

#include "screen.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace maillab::sim {

class Navigator {
  public:
    void reset(std::unique_ptr<Screen> root);
    void push(std::unique_ptr<Screen> screen);   // Presentation decides the animation
    // Opens an app from the home screen at a screen deeper than its root (Mail opens at the
    // Inbox, with Mailboxes behind it): one zoom, the screens pushed at once.
    void open_app(std::vector<std::unique_ptr<Screen>> screens);
    void pop();
    void pop_to(std::string id);                 // pops (animated) down to the screen with this id
    void go_home();                              // back to the root, no animation
    void apply_pending(double now);

    Screen& top() const { return *stack_.back(); }
    std::string top_id() const { return stack_.back()->id(); }
    std::vector<std::string> stack_ids() const;
    Screen* find(const std::string& id) const;
    bool animating(double now) const;
    bool transition_active() const { return transition_.has_value(); }

    void draw(ui::Ui& ui, App& app);

  private:
    enum class Kind { push, pop, present, dismiss, open };
    struct Transition {
        Kind kind;
        double start;
        std::unique_ptr<Screen> leaving; // the popped screen, drawn until the end
        std::vector<std::unique_ptr<Screen>> also_leaving;
        std::size_t base = 0; // open: the screens below the app
    };
    void draw_screen(ui::Ui& ui, App& app, std::size_t index, Screen& screen, bool interactive,
                     const Screen* below);
    void draw_with_sheets(ui::Ui& ui, App& app, std::size_t count, bool interactive);
    float progress(double now) const;

    std::vector<std::unique_ptr<Screen>> stack_;
    std::optional<Transition> transition_;
    std::vector<std::function<void(double)>> pending_;
};

// The navigation bar of `screen`, drawn at `top` (points); the back button names `back_title`.
// Returns 0 nothing, 1 left/back pressed, 2 right pressed.
int draw_nav_bar(ui::Ui& ui, const NavBarSpec& spec, const std::string& back_title, float top,
                 float bar_height, float scroll, bool sheet);

} // namespace maillab::sim
