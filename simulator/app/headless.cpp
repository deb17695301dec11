#include "headless.hpp"

#include "app.hpp"
#include "recorder.hpp"
#include "script.hpp"

#include <iostream>

namespace maillab::sim {

HeadlessSession::HeadlessSession(ImVec2 display_size) {
    IMGUI_CHECKVERSION();
    context_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.DisplaySize = display_size;
    set_glfw_key_map(io);
    const ui::PhoneLayout layout = ui::fit_phone({0, 0, display_size.x, display_size.y});
    fonts_ = ui::load_fonts(*io.Fonts, layout.scale);
    if (!fonts_.warning.empty())
        std::cerr << "maillab-sim: " << fonts_.warning << "\n";
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    io.Fonts->SetTexID(nullptr);
}

HeadlessSession::~HeadlessSession() {
    ImGui::DestroyContext(context_);
}

void HeadlessSession::frame(App& app, ScriptPlayer* player, float dt) {
    ImGui::SetCurrentContext(context_);
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = dt;
    now_ += dt;
    if (player)
        player->before_frame(app);
    ImGui::NewFrame();
    if (recorder_)
        recorder_->before_app_frame();
    app.frame(now_, dt);
    if (recorder_)
        recorder_->after_app_frame(app);
    ImGui::Render();
}

} // namespace maillab::sim
