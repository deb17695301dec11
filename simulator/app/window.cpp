// The phone in a GLFW + OpenGL 3 window. Idle costs nothing: the loop waits for events and
// draws only for input, animations, timers and engine results.
#include "app.hpp"
#include "frame_timing.hpp"
#include "run.hpp"
#include "touch_indicator.hpp"

#define GLFW_INCLUDE_NONE
#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <algorithm>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <chrono>
#include <cmath>
#include <iostream>
#include <stb_image_write.h>
#include <thread>

namespace maillab::sim {
namespace {

bool save_png(const std::string& path, int width, int height) {
    std::vector<unsigned char> pixels(static_cast<std::size_t>(width) *
                                      static_cast<std::size_t>(height) * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    const std::size_t row = static_cast<std::size_t>(width) * 4;
    for (int y = 0; y < height / 2; ++y)
        std::swap_ranges(
            pixels.begin() + static_cast<std::ptrdiff_t>(row * static_cast<std::size_t>(y)),
            pixels.begin() + static_cast<std::ptrdiff_t>(row * static_cast<std::size_t>(y + 1)),
            pixels.begin() +
                static_cast<std::ptrdiff_t>(row * static_cast<std::size_t>(height - 1 - y)));
    for (std::size_t i = 3; i < pixels.size(); i += 4)
        pixels[i] = 255;
    return stbi_write_png(path.c_str(), width, height, 4, pixels.data(), static_cast<int>(row)) !=
           0;
}

} // namespace

int run_window(const Options& o, std::unique_ptr<ScriptPlayer> player,
               std::unique_ptr<flows::EngineServices> engine) {
    glfwSetErrorCallback([](int code, const char* text) {
        std::cerr << "maillab-sim: GLFW error " << code << ": " << text << "\n";
    });
    if (!glfwInit()) {
        std::cerr
            << "maillab-sim: cannot open a window (no display?): use --headless, or xvfb-run\n";
        return 1;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    const int width = static_cast<int>(std::lround(446 * o.scale));
    const int height = static_cast<int>(std::lround(900 * o.scale));
    GLFWwindow* window = glfwCreateWindow(width, height, "MailLab \u2014 iPhone", nullptr, nullptr);
    if (!window) {
        glfwTerminate();
        std::cerr << "maillab-sim: cannot create an OpenGL 3.3 window\n";
        return 1;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");

    int status = 0;
    FrameTiming timing(o.timing);
    {
        auto lab = engine ? nullptr : start_lab(o);
        App app(app_options(o, lab.get()), std::move(engine));
        if (auto error = begin_chosen_scenario(o, app); !error.empty())
            app.warn("scenario: " + error); // the phone still opens, without the scenario
        app.set_wake([] { glfwPostEmptyEvent(); });
        auto recorder = make_recorder(o);
        // The window grows or shrinks when a part beside the phone comes or goes.
        DeskParts shown_parts;
        auto fit_window = [&] {
            const DeskParts parts = app.desk_parts();
            if (parts == shown_parts)
                return;
            shown_parts = parts;
            const ImVec2 size = desk_size(parts);
            glfwSetWindowSize(window, static_cast<int>(std::lround(size.x * o.scale)),
                              static_cast<int>(std::lround(size.y * o.scale)));
        };
        fit_window();
        ui::FontSet fonts;
        float raster = 0;
        auto rebuild_fonts = [&] {
            int ww = 0, wh = 0, fw = 0, fh = 0;
            glfwGetWindowSize(window, &ww, &wh);
            glfwGetFramebufferSize(window, &fw, &fh);
            if (ww <= 0 || wh <= 0)
                return;
            const float fb_scale = static_cast<float>(fw) / static_cast<float>(ww);
            const DeskLayout desk =
                layout_desk({static_cast<float>(ww), static_cast<float>(wh)}, app.desk_parts());
            const float wanted = ui::fit_phone(desk.phone).scale * fb_scale;
            if (raster > 0 && std::abs(wanted - raster) / raster < 0.08f)
                return;
            raster = wanted;
            ImGui_ImplOpenGL3_DestroyFontsTexture();
            fonts = ui::load_fonts(*io.Fonts, raster);
            if (!fonts.warning.empty())
                app.warn(fonts.warning);
            ImGui_ImplOpenGL3_CreateFontsTexture();
            app.set_fonts(&fonts);
        };
        rebuild_fonts();

        const int after_script = o.frames > 0 ? o.frames : 3;
        int frames_left = after_script;
        int settle = 3;
        const auto start = std::chrono::steady_clock::now();
        auto last = start;
        while (!glfwWindowShouldClose(window)) {
            const bool scripted = player && !player->done();
            // Scripted taps show (not in --screenshot runs: documentation pictures stay clean).
            const bool show_touches = player && !o.screenshot;
            const bool touch_fading =
                show_touches && touch_visible(*player, std::chrono::steady_clock::now());
            const bool counting = player && o.frames > 0; // --play with --frames N: N, then exit
            const bool busy = app.wants_frames() || scripted || touch_fading || counting ||
                              o.screenshot || settle > 0;
            if (busy) {
                glfwPollEvents();
            } else {
                double wake = app.wake_in();
                if (app.engine_busy())
                    wake = wake < 0 ? 0.1 : std::min(wake, 0.1);
                if (app.console()) // the lab's log and events arrive without an input event
                    wake = wake < 0 ? 0.25 : std::min(wake, 0.25);
                if (wake >= 0)
                    glfwWaitEventsTimeout(wake);
                else
                    glfwWaitEvents();
                settle = 2;
            }
            if (settle > 0)
                --settle;
            // At most 60 frames a second, even where buffer swaps do not wait for the display.
            const auto frame_start = std::chrono::steady_clock::now();
            const auto since = frame_start - last;
            if (since < std::chrono::microseconds(16000))
                std::this_thread::sleep_for(std::chrono::microseconds(16000) - since);
            const auto now_tp = std::chrono::steady_clock::now();
            const float dt =
                std::clamp(std::chrono::duration<float>(now_tp - last).count(), 0.001f, 0.1f);
            last = now_tp;
            fit_window();
            rebuild_fonts();

            ImGui_ImplOpenGL3_NewFrame();
            ImGui_ImplGlfw_NewFrame();
            io.DeltaTime = dt;
            if (player)
                player->before_frame(app);
            ImGui::NewFrame();
            if (recorder)
                recorder->before_app_frame();
            app.frame(std::chrono::duration<double>(now_tp - start).count() + 1.0, dt);
            if (recorder)
                recorder->after_app_frame(app);
            if (show_touches)
                draw_touch_indicator(ImGui::GetForegroundDrawList(), *player, now_tp,
                                     app.ui().scale());
            ImGui::Render();
            int fw = 0, fh = 0;
            glfwGetFramebufferSize(window, &fw, &fh);
            glViewport(0, 0, fw, fh);
            glClearColor(0.17f, 0.18f, 0.19f, 1.0f);
            glClear(GL_COLOR_BUFFER_BIT);
            ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
            if (player)
                if (auto shot = player->take_screenshot()) {
                    if (!save_png(*shot, fw, fh)) {
                        std::cerr << "maillab-sim: cannot write " << *shot << "\n";
                        status = 1;
                    }
                }
            if (player && player->failed())
                break;
            if (o.screenshot && !scripted && --frames_left <= 0) {
                if (!save_png(*o.screenshot, fw, fh)) {
                    std::cerr << "maillab-sim: cannot write " << *o.screenshot << "\n";
                    status = 1;
                }
                break;
            }
            if (player && player->done() && !o.screenshot && o.frames > 0 && --frames_left <= 0)
                break;
            glfwSwapBuffers(window);
            timing.frame_shown();
        }
        const int finished = finish_run(o, app, player.get(), recorder.get());
        status = status ? status : finished;
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return status;
}

} // namespace maillab::sim
