// The web app: the UI in a WebGL2 canvas. GLFW (Emscripten's built-in port) creates the context; the frame
// loop sizes the backing store to the canvas's CSS size × devicePixelRatio (HiDPI) and follows resizes,
// applies the queued input (web_input.cpp), and draws through the shared frame (platform/frame_loop.hpp).
// The page's side (hooks, settings, the pf_* exports) is the JS bridge (js_bridge.cpp). docs/toolchain.md
// lists the gaps of Emscripten 3.1.6's GLFW that this fills.
#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "app/app.hpp"
#include "app/fonts.hpp"
#include "js_bridge.hpp"
#include "platform/frame_loop.hpp"
#include "web_input.hpp"

namespace packfolio::web {

namespace {

struct WebState {
    GLFWwindow* window = nullptr;
    std::unique_ptr<app::App> app;
    double css_w = 0, css_h = 0;
    float ratio = 1.0f;
    platform::Settle settle;  // frames still to render after the last input
    bool first_frame_sent = false;
};

WebState loop;

void resize_canvas() {
    double w = 0, h = 0;
    emscripten_get_element_css_size("#canvas", &w, &h);
    const float ratio = static_cast<float>(emscripten_get_device_pixel_ratio());
    if (w < 1 || h < 1) return;
    if (w == loop.css_w && h == loop.css_h && ratio == loop.ratio) return;
    const bool ratio_changed = ratio != loop.ratio;
    loop.css_w = w;
    loop.css_h = h;
    loop.ratio = ratio;
    // Backing store in device pixels, layout in CSS pixels: crisp on HiDPI (imgui #7519).
    emscripten_set_canvas_element_size("#canvas", static_cast<int>(std::lround(w * ratio)),
                                       static_cast<int>(std::lround(h * ratio)));
    if (ratio_changed && ImGui::GetCurrentContext()) {
        app::load_fonts(ratio);
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    request_frames();
}

EM_BOOL on_resize(int, const EmscriptenUiEvent*, void*) {
    resize_canvas();
    return EM_FALSE;
}

int device_px(double css) { return static_cast<int>(std::lround(css * loop.ratio)); }

void frame() {
    resize_canvas();
    const bool has_input = has_queued_input();
    if (!has_input && loop.settle.idle()) return;  // idle: nothing to draw, no CPU burnt
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(loop.css_w), static_cast<float>(loop.css_h));
    io.DisplayFramebufferScale = ImVec2(loop.ratio, loop.ratio);
    static double last_time = emscripten_get_now() / 1000.0;
    const double now = emscripten_get_now() / 1000.0;
    io.DeltaTime = static_cast<float>(std::max(1e-4, now - last_time));
    last_time = now;
    apply_queued_input();

    ImGui_ImplOpenGL3_NewFrame();
    const bool busy = platform::run_frame(*loop.app);
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    const float rgb[3] = {bg.x, bg.y, bg.z};
    const int w = device_px(loop.css_w), h = device_px(loop.css_h);
    platform::present(w, h, rgb);
    // Read before the browser presents the frame.
    if (loop.app->take_png_request()) offer_png(loop.app->png_name(), w, h, platform::read_frame_rgba(w, h).data());
    loop.settle.after_frame(busy || has_queued_input());
    if (!loop.first_frame_sent) {
        loop.first_frame_sent = true;
        first_frame_drawn();
    }
}

}  // namespace

app::App* running_app() { return loop.app.get(); }
void request_frames() { loop.settle.input(); }

// Creates the context, the app and the callbacks, then hands the loop to the browser.
int start() {
    if (!glfwInit()) return 1;
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    loop.window = glfwCreateWindow(1280, 800, "Packfolio", nullptr, nullptr);
    if (!loop.window) return 1;
    glfwMakeContextCurrent(loop.window);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no file system on the web; state lives in the URL and localStorage
    // Ctrl+C in a text field copies to the browser's clipboard; pasting comes only from the page's paste
    // event (pf_paste), so ImGui's own Ctrl+V finds nothing to insert twice.
    io.SetClipboardTextFn = [](void*, const char* text) { copy_to_clipboard(text); };
    io.GetClipboardTextFn = [](void*) { return ""; };
    resize_canvas();
    app::load_fonts(loop.ratio);
    ImGui_ImplOpenGL3_Init("#version 300 es");

    const app::Platform platform = page_platform();
    app::AppOptions options = page_options();
    try {
        loop.app = std::make_unique<app::App>(platform, options);
    } catch (...) {
        // Only a defect gets here (the app refuses a bad link or autosave itself and says why): start clean
        // rather than not at all.
        clear_saved_state();
        options.share_state.clear();
        options.saved_state.clear();
        loop.app = std::make_unique<app::App>(platform, options);
    }
    install_input(request_frames);
    emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, on_resize);
    emscripten_set_main_loop(frame, 0, false);
    return 0;
}

}  // namespace packfolio::web

int main() { return packfolio::web::start(); }
