// --record FILE: what a person does on the phone, written as a --play script (script.hpp) that
// replays to the same end state:
//   tap "NAME"          each tap, by the label (or, where the label is ambiguous, the id) the
//                       script player finds the same element by
//   type "text"         characters typed into a field (Backspace edits what was just typed;
//                       Ctrl+V pastes count as typing)
//   key Enter|Tab|Backspace|Escape
//   wait-screen ID      when another screen is on top and has settled (a navigation, the
//                       server fields of Add Mail Account, ...)
//   wait-alert "Title"  when an alert or action sheet appeared
//   wait-lab KIND "ADDRESS"  when a message the phone sent reached the lab (message_delivered,
//                       message_discarded) before the next action
// Passwords never reach the file: text typed into a secure field is written as
// `type-password "ADDRESS"` when it is a lab user's current password (replay types the lab's
// password for that user), and is otherwise left out with a comment and a warning (the replay
// then differs there). A tap outside an action sheet is written as a tap on its Cancel button.
// Lab actions from the trainer console, scrolling and taps on nothing are not recorded.
#pragma once

#include "maillab/result.hpp"

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace maillab::sim {

class App;

class Recorder {
  public:
    // `scenario`: the scenario being played, named in the file's header (empty: none).
    explicit Recorder(std::string scenario = {});

    // After ImGui::NewFrame(), before App::frame(): the characters typed in this frame (the
    // phone's fields take them during the frame).
    void before_app_frame();
    // After App::frame(): taps, keys, where the typing went, screens, alerts, the lab's events.
    void after_app_frame(const App& app);

    // The script so far (anything pending written out).
    std::string script(const App& app);
    Result<Done> save(const std::filesystem::path& file, const App& app);
    // Passwords that were left out (the field and the length only).
    const std::vector<std::string>& warnings() const { return warnings_; }

  private:
    void flush_typing(const App& app);
    void flush_lab_wait();
    void before_action(const App& app);
    void note_lab_events(const App& app);
    std::string tap_name(const App& app, const std::string& id, const std::string& label) const;

    std::string scenario_;
    std::vector<std::string> lines_;
    std::string frame_chars_; // typed in this frame (UTF-8)
    std::string typing_;      // typed and not yet written (may be a password: memory only)
    std::string typing_field_;
    bool typing_secure_ = false;
    bool keyboard_elsewhere_ = false;     // a trainer console field had the keyboard
    std::set<std::string> secure_fields_; // fields ever drawn secure
    std::string screen_;                  // the last screen written (or started on)
    bool started_ = false;
    std::size_t alerts_seen_ = 0;
    std::size_t answered_ = 0; // alerts up to this one were answered
    std::uint64_t lab_seen_ = 0;
    std::string lab_wait_; // a wait-lab line for the next action
    std::vector<std::string> warnings_;
};

} // namespace maillab::sim
