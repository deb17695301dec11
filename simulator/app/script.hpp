// --play: a small script of UI actions, one a line:
//   tap "Label"          tap the element shown with this label (or its id, "SECTION/Label")
//   type "text"          type into the focused field (\" and \\ escapes)
//   type-password "ADDRESS"  type that lab user's current password (what --record writes for a
//                        password: a recording never holds one; needs the lab provider)
//   key Enter|Tab|Backspace|Escape
//   wait-screen NAME     until the top screen is NAME and nothing moves
//   wait-alert "Title"   until an alert with this title is shown (or an action sheet with this
//                        button)
//   wait-ms N            let N milliseconds pass
//   screenshot FILE      capture the next frame (windowed runs only)
//   lab ... / wait-lab ...  the embedded lab provider's admin actions and events (lab_script.hpp)
//   console tab "NAME" | console start ID | console reset | console diagnose "ADDRESS"
//                        the trainer console's buttons (windowed runs with the console)
//   dns-check "DOMAIN"   runs the DNS checks of `maillab dns` (App::dns_check(): the lab's DNS
//                        server for lab names) and waits until they are done
// Blank lines and lines starting with # are ignored. Taps wait for their element to appear
// (scrolling it into view) and for animations to finish; every wait gives up after a timeout.
#pragma once

#include "../ui/ui.hpp"
#include "lab_script.hpp"
#include "maillab/result.hpp"

#include <chrono>
#include <imgui.h>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace maillab::sim {

class App;

struct ScriptCommand {
    enum class Kind {
        tap,
        type,
        key,
        wait_screen,
        wait_alert,
        wait_ms,
        screenshot,
        lab,
        wait_lab,
        console,
        dns_check,
        type_password
    } kind;
    std::string arg;
    int line = 0;
    std::optional<LabAction> lab_action; // lab
    std::optional<LabWait> lab_wait;     // wait-lab
};

Result<std::vector<ScriptCommand>> parse_script(std::string_view text);

// The element `tap "NAME"` taps: the first target with this id, else the first with this label.
const ui::Target* find_script_target(const std::vector<ui::Target>& targets, std::string_view name);

// Where and when the player last pressed (--play and --autoplay show it in a window).
struct TouchMark {
    ImVec2 position;
    std::chrono::steady_clock::time_point time;
};

class ScriptPlayer {
  public:
    explicit ScriptPlayer(std::vector<ScriptCommand> commands,
                          std::chrono::milliseconds timeout = std::chrono::seconds(60));

    // Before ImGui::NewFrame() (after the platform backend's NewFrame): injects this frame's input.
    void before_frame(App& app);
    bool done() const { return next_ >= commands_.size() || failed(); }
    bool failed() const { return !error_.empty(); }
    const std::string& error() const { return error_; }
    // Taps, typing and keys wait this long first (--autoplay in a window: a person can follow).
    void set_pace(std::chrono::milliseconds pace) { pace_ = pace; }
    // A screenshot the script asked for, once.
    std::optional<std::string> take_screenshot();
    // Waiting for the engine or an animation (the loop should not sleep long).
    bool waiting() const { return !done(); }
    const std::optional<TouchMark>& last_touch() const { return last_touch_; }

  private:
    void fail(const std::string& message);
    void advance();

    std::vector<ScriptCommand> commands_;
    std::chrono::milliseconds timeout_;
    std::chrono::milliseconds pace_{0};
    std::size_t next_ = 0;
    int phase_ = 0;
    std::chrono::steady_clock::time_point started_;
    bool started_set_ = false;
    int key_index_ = -1;
    ImVec2 tap_pos_{};
    std::optional<std::string> screenshot_;
    std::optional<TouchMark> last_touch_;
    std::optional<std::uint64_t> lab_cursor_; // lab events up to this one are behind the script
    int stale_frames_ = 0; // frames whose targets may be stale (after a console line)
    std::string error_;
};

// The ImGui key map of the GLFW backend (GLFW key codes), for runs without a window.
void set_glfw_key_map(ImGuiIO& io);

} // namespace maillab::sim
