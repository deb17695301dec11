// An ImGui context without a window or renderer: the font atlas is built on the CPU and frames
// are produced and thrown away. Used by --headless and by the simulator tests.
#pragma once

#include "../ui/fonts.hpp"

#include <imgui.h>

namespace maillab::sim {

class App;
class ScriptPlayer;
class Recorder;

class HeadlessSession {
  public:
    explicit HeadlessSession(ImVec2 display_size = {446, 900});
    ~HeadlessSession();
    HeadlessSession(const HeadlessSession&) = delete;
    HeadlessSession& operator=(const HeadlessSession&) = delete;

    const ui::FontSet& fonts() const { return fonts_; }
    // One frame of `dt` simulated seconds; the player (if any) injects its input first.
    void frame(App& app, ScriptPlayer* player = nullptr, float dt = 1.0f / 60.0f);
    double now() const { return now_; }
    // --record: sees every frame (not owned; null: none).
    void set_recorder(Recorder* recorder) { recorder_ = recorder; }

  private:
    ImGuiContext* context_ = nullptr;
    ui::FontSet fonts_;
    double now_ = 1.0;
    Recorder* recorder_ = nullptr;
};

} // namespace maillab::sim
