// A screen draws itself from state (the device, a flow) and turns taps into events: navigation
// requests and calls on flow controllers. The navigator owns screens and animates between them.
#pragma once

#include "../ui/ui.hpp"

#include <memory>
#include <string>
#include <utility>

namespace maillab::sim {

class App;

struct NavButton {
    enum class Look { text, send }; // send: Mail's round blue arrow (its label names it)
    std::string label = {};         // empty: no button
    bool bold = false;
    bool enabled = true;
    Look look = Look::text;
};

struct NavBarSpec {
    std::string title = {};
    bool large_title = false; // a large title in the content that collapses into the bar
    bool back = true;         // a back button naming the previous screen
    NavButton left = {};      // replaces the back button (e.g. Cancel)
    NavButton right = {};
    bool busy = false;   // "Verifying…" with a spinner in place of the title
    bool hidden = false; // no bar at all (home screen)
};

enum class Presentation {
    push,  // slides in from the right
    sheet, // slides up as a card over the screen below
    app,   // opened from the home screen (zooms in)
};

class Screen {
  public:
    virtual ~Screen() = default;
    virtual std::string id() const = 0; // stable name for scripts, tests and --dump-state
    virtual NavBarSpec nav(const App& app) const = 0;
    // Draws the content inside `viewport` (points, below the navigation bar).
    virtual void body(ui::Ui& ui, App& app, const ui::Rect& viewport) = 0;
    virtual void on_nav_button(App& /*app*/, bool /*right*/) {}
    virtual Presentation presentation() const { return Presentation::push; }
    virtual bool light_status_bar() const { return false; }
    virtual ImU32 background() const { return ui::color::grouped_background; }
    // Escape: back, or Cancel on a sheet. Returns false when the screen has no way out.
    virtual bool on_escape(App& app);

    ui::ScrollView scroll;
};

// The root screen of an app opened from the home screen: a large title, no back button, and
// Escape goes back to the home screen.
class AppRootScreen : public Screen {
  public:
    explicit AppRootScreen(std::string title) : title_(std::move(title)) {}
    Presentation presentation() const override { return Presentation::app; }
    NavBarSpec nav(const App&) const override {
        NavBarSpec s;
        s.title = title_;
        s.large_title = true;
        s.back = false;
        return s;
    }
    bool on_escape(App& app) override;

  private:
    std::string title_;
};

} // namespace maillab::sim
