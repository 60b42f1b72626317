// The native app: the same UI as the web page in a GLFW + OpenGL 3.3 window. Used for development
// and for tests under xvfb-run:  packfolio-app --frames 3 --screenshot out.png
#define GL_GLEXT_PROTOTYPES
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "app/fonts.hpp"
#include "platform/frame_loop.hpp"
#include "png_writer.hpp"

namespace {

struct Options {
    int frames = 0;  // 0: run until the window closes
    std::string screenshot;
    int width = 1280;
    int height = 800;
    packfolio::app::AppOptions app;
};

int usage(const char* error) {
    if (error) std::fprintf(stderr, "packfolio-app: %s\n", error);
    std::fprintf(stderr,
                 "usage: packfolio-app [--frames N] [--screenshot out.png] [--size WxH] [--dark] [--tab NAME]\n"
                 "                     [--preset ID] [--embed] [--state SHARE]\n"
                 "  --frames N          render N frames, then exit (with --screenshot, capture the last)\n"
                 "  --screenshot FILE   write the last frame as PNG\n"
                 "  --size WxH          window size in pixels (default 1280x800)\n"
                 "  --dark              dark theme\n"
                 "  --tab NAME          lifecycle|portfolio|logistics|compare|sources\n"
                 "  --preset ID         open a preset (a file name in presets/ without .json)\n"
                 "  --embed             the compact embed view (as ?embed=1 on the web)\n"
                 "  --state SHARE       restore a share state (the part of a share link after #)\n");
    return 2;
}


// Reads the command line into `opt`; returns -1 to go on, else the exit code (after --help or an error).
int parse_options(int argc, char** argv, Options& opt) {
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool has_value = i + 1 < argc;
        if (a == "--frames" && has_value) {
            char* end = nullptr;
            const long n = std::strtol(argv[++i], &end, 10);
            if (*end || n < 1 || n > 100000) return usage("--frames expects a whole number from 1 to 100000");
            opt.frames = static_cast<int>(n);
        } else if (a == "--screenshot" && has_value) {
            opt.screenshot = argv[++i];
        } else if (a == "--size" && has_value) {
            if (std::sscanf(argv[++i], "%dx%d", &opt.width, &opt.height) != 2 || opt.width < 200 || opt.height < 200 ||
                opt.width > 8192 || opt.height > 8192)
                return usage("--size expects WxH, each from 200 to 8192 pixels");
        } else if (a == "--dark") {
            opt.app.theme = packfolio::app::Theme::dark;
        } else if (a == "--tab" && has_value) {
            if (!packfolio::app::parse_tab(argv[++i], opt.app.tab)) return usage("--tab expects lifecycle|portfolio|logistics|compare|sources");
        } else if (a == "--preset" && has_value) {
            opt.app.preset = argv[++i];
        } else if (a == "--embed") {
            opt.app.embed = true;
        } else if (a == "--state" && has_value) {
            opt.app.share_state = argv[++i];
        } else if (a == "--help" || a == "-h") {
            usage(nullptr);
            return 0;
        } else {
            return usage(("unknown argument " + a).c_str());
        }
    }
    if (!opt.screenshot.empty() && opt.frames == 0) opt.frames = 3;
    return -1;
}

// A GLFW window with an OpenGL 3.3 core context and ImGui on it; null (with the reason on stderr) if none.
GLFWwindow* open_window(const Options& opt) {
    if (!glfwInit()) {
        std::fprintf(stderr, "packfolio-app: cannot initialise GLFW (no display? use xvfb-run)\n");
        return nullptr;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    GLFWwindow* window = glfwCreateWindow(opt.width, opt.height, "Packfolio", nullptr, nullptr);
    if (!window) {
        std::fprintf(stderr, "packfolio-app: cannot create an OpenGL 3.3 window\n");
        glfwTerminate();
        return nullptr;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    float scale_x = 1.0f, scale_y = 1.0f;
    glfwGetWindowContentScale(window, &scale_x, &scale_y);
    packfolio::app::load_fonts(scale_x);
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 150");
    return window;
}

packfolio::app::Platform native_platform(GLFWwindow* window) {
    packfolio::app::Platform platform;
    platform.set_title = [window](const std::string& t) { glfwSetWindowTitle(window, t.c_str()); };
    platform.copy_to_clipboard = [window](const std::string& t) { glfwSetClipboardString(window, t.c_str()); };
    // Native share links use a custom scheme: the state after # is what the web page's hash would hold.
    platform.share_url = [](const std::string& state, bool embed) {
        return std::string("packfolio:") + (embed ? "?embed=1" : "") + "#" + state;
    };
    // Downloads land in the working directory under the name the web page would offer.
    platform.download = [](const std::string& name, const std::string&, const std::string& data) {
        if (std::FILE* f = std::fopen(name.c_str(), "wb")) {
            std::fwrite(data.data(), 1, data.size(), f);
            std::fclose(f);
            std::fprintf(stderr, "packfolio-app: wrote %s\n", name.c_str());
        }
    };
    return platform;
}

// The frame loop: poll while ImGui settles or long work runs, then sleep until the next input. Returns the
// exit code (1 if a screenshot could not be written).
int run(GLFWwindow* window, const Options& opt, packfolio::app::App& app) {
    int rc = 0;
    packfolio::platform::Settle settle;
    for (int frame = 1; !glfwWindowShouldClose(window); ++frame) {
        if (!settle.idle() || opt.frames > 0) {
            glfwPollEvents();
        } else {
            glfwWaitEvents();
            settle.input();
        }
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        settle.after_frame(packfolio::platform::run_frame(app));
        int w = 0, h = 0;
        glfwGetFramebufferSize(window, &w, &h);
        const float grey[3] = {0.5f, 0.5f, 0.5f};
        packfolio::platform::present(w, h, grey);
        const bool last = opt.frames > 0 && frame >= opt.frames;
        const bool export_png = app.take_png_request();
        if ((last && !opt.screenshot.empty()) || export_png) {
            const std::string file = export_png ? app.png_name() : opt.screenshot;
            if (!packfolio::native::write_png_rgba(file, w, h, packfolio::platform::read_frame_rgba(w, h))) {
                std::fprintf(stderr, "packfolio-app: cannot write %s\n", file.c_str());
                rc = 1;
            }
        }
        glfwSwapBuffers(window);
        if (last) break;
    }
    return rc;
}

}  // namespace

int main(int argc, char** argv) {
    Options opt;
    if (const int rc = parse_options(argc, argv, opt); rc >= 0) return rc;
    GLFWwindow* window = open_window(opt);
    if (!window) return 1;
    int rc = 0;
    {
        packfolio::app::App app(native_platform(window), opt.app);
        rc = run(window, opt, app);
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return rc;
}
