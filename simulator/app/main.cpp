// maillab-sim: the phone in a GLFW + OpenGL 3 window (or headless). Idle costs nothing: the loop
// waits for events and draws only for input, animations, timers and engine results.
#include "../flows/embedded_lab.hpp"
#include "app.hpp"
#include "headless.hpp"
#include "options.hpp"
#include "script.hpp"

#define GLFW_INCLUDE_NONE
#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <stb_image_write.h>

#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

namespace maillab::sim {
namespace {

const auto program_start = std::chrono::steady_clock::now();

// --timing: for benchmarks (tests/bench/sim_bench.sh reads these lines).
class FrameTiming {
  public:
    explicit FrameTiming(bool on) : on_(on) {}
    ~FrameTiming() {
        if (!on_)
            return;
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        const double cpu_ms = (static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3) +
                              (static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3);
        std::cerr << "maillab-sim timing: frames " << frames_ << " cpu-ms " << std::lround(cpu_ms)
                  << " max-rss-kib " << usage.ru_maxrss << std::endl;
    }
    void frame_shown() {
        if (on_ && frames_++ == 0)
            std::cerr << "maillab-sim timing: first-frame-ms "
                      << std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now() - program_start)
                             .count()
                      << std::endl;
    }

  private:
    bool on_;
    long frames_ = 0;
};

int fail_usage(const std::string& message) {
    std::cerr << "maillab-sim: " << message << "\n" << usage();
    return 2;
}

bool write_text(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    return static_cast<bool>(out.flush());
}

flows::EmbeddedLabOptions lab_options(const Options& o) {
    flows::EmbeddedLabOptions options;
    if (o.lab_state)
        options.state_dir = *o.lab_state;
    if (o.lab_world)
        options.world_file = *o.lab_world;
    return options;
}

// The phone's lab provider; nullptr (with a warning) when it cannot start or is not wanted.
std::unique_ptr<flows::EmbeddedLab> start_lab(const Options& o) {
    if (o.no_lab)
        return nullptr;
    auto lab = flows::EmbeddedLab::start(lab_options(o));
    if (!lab) {
        std::cerr << "maillab-sim: " << lab.error().message
                  << " (going on without it: real DNS and servers only)\n";
        return nullptr;
    }
    return std::move(*lab);
}

AppOptions app_options(const Options& o, flows::EmbeddedLab* lab) {
    AppOptions a;
    if (o.state)
        a.state_file = *o.state;
    a.engine.resolver = o.resolver;
    a.engine.ca_file = o.ca_file;
    if (lab) {
        a.lab = &lab->lab();
        a.engine.zone = lab->zone();
        const auto lab_ca = lab->addresses().ca_file;
        a.engine.ca_file = lab_ca.string();
        if (o.ca_file) {
            auto both = flows::combine_ca_files(*o.ca_file, lab_ca, lab_ca.parent_path());
            if (both)
                a.engine.ca_file = both->string();
            else
                std::cerr << "maillab-sim: --ca-file: " << both.error().message << "\n";
        }
    }
    return a;
}

// --lab-only: serve until SIGINT or SIGTERM.
int run_lab_only(const Options& o) {
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr); // before the lab's thread starts
    auto lab = flows::EmbeddedLab::start(lab_options(o));
    if (!lab) {
        std::cerr << "maillab-sim: " << lab.error().message << "\n";
        return 1;
    }
    std::cout << (*lab)->describe() << "Serving; stop with Ctrl-C." << std::endl;
    int received = 0;
    sigwait(&stop_signals, &received);
    (*lab)->lab().stop();
    std::cout << "Stopped." << std::endl;
    return 0;
}

// Finishes a run: the state dump and the exit status.
int finish(const Options& o, App& app, const ScriptPlayer* player) {
    int status = 0;
    if (player && player->failed()) {
        std::cerr << "maillab-sim: " << player->error() << "\n";
        status = 1;
    }
    if (o.dump_state && !write_text(*o.dump_state, app.dump_state_json())) {
        std::cerr << "maillab-sim: cannot write " << *o.dump_state << "\n";
        status = status ? status : 1;
    }
    return status;
}

int run_headless(const Options& o, std::unique_ptr<ScriptPlayer> player) {
    HeadlessSession session;
    FrameTiming timing(o.timing);
    auto lab = start_lab(o);
    App app(app_options(o, lab.get()));
    app.set_fonts(&session.fonts());
    int after = o.frames > 0 ? o.frames : 3;
    while (true) {
        session.frame(app, player.get());
        timing.frame_shown();
        if (player && !player->done()) {
            // Real time must pass for the engine and for wait-ms; animations run on frames.
            if (app.engine_busy())
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            continue;
        }
        if (--after <= 0)
            break;
    }
    return finish(o, app, player.get());
}

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

int run_window(const Options& o, std::unique_ptr<ScriptPlayer> player) {
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
    auto lab = start_lab(o);
    {
        App app(app_options(o, lab.get()));
        app.set_wake([] { glfwPostEmptyEvent(); });
        ui::FontSet fonts;
        float raster = 0;
        auto rebuild_fonts = [&] {
            int ww = 0, wh = 0, fw = 0, fh = 0;
            glfwGetWindowSize(window, &ww, &wh);
            glfwGetFramebufferSize(window, &fw, &fh);
            if (ww <= 0 || wh <= 0)
                return;
            const float fb_scale = static_cast<float>(fw) / static_cast<float>(ww);
            const float wanted =
                ui::fit_phone({static_cast<float>(ww), static_cast<float>(wh)}).scale * fb_scale;
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
            const bool busy = app.wants_frames() || scripted || o.screenshot || settle > 0;
            if (busy) {
                glfwPollEvents();
            } else {
                double wake = app.wake_in();
                if (app.engine_busy())
                    wake = wake < 0 ? 0.1 : std::min(wake, 0.1);
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
            rebuild_fonts();

            ImGui_ImplOpenGL3_NewFrame();
            ImGui_ImplGlfw_NewFrame();
            io.DeltaTime = dt;
            if (player)
                player->before_frame(app);
            ImGui::NewFrame();
            app.frame(std::chrono::duration<double>(now_tp - start).count() + 1.0, dt);
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
        const int finished = finish(o, app, player.get());
        status = status ? status : finished;
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return status;
}

} // namespace
} // namespace maillab::sim

int main(int argc, char** argv) {
    using namespace maillab::sim;
    auto options = parse_options(std::vector<std::string>(argv + 1, argv + argc));
    if (!options)
        return fail_usage(options.error().message);
    if (options->help) {
        std::cout << usage();
        return 0;
    }
    if (options->lab_only)
        return run_lab_only(*options);
    std::unique_ptr<ScriptPlayer> player;
    if (options->play) {
        std::ifstream in(*options->play, std::ios::binary);
        if (!in)
            return fail_usage("--play: cannot read " + *options->play);
        std::stringstream text;
        text << in.rdbuf();
        auto script = parse_script(text.str());
        if (!script)
            return fail_usage("--play " + *options->play + ": " + script.error().message);
        player = std::make_unique<ScriptPlayer>(std::move(*script));
    }
    const int status = options->headless ? run_headless(*options, std::move(player))
                                         : run_window(*options, std::move(player));
    maillab::sim::flows::wait_for_engine_background_work();
    return status;
}
