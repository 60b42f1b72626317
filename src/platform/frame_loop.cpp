#include "frame_loop.hpp"

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#else
#include <GL/gl.h>
#endif
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_internal.h>  // ErrorCheckEndFrameRecover

#include <cstdio>
#include <cstring>
#include <exception>

namespace packfolio::platform {

namespace {

// One App::frame. An exception from the UI (a defect) must not end the main loop, which would leave a dead
// page: the frame's open windows are closed and the next frame runs as usual.
bool guarded_frame(app::App& app) {
    try {
        return app.frame();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "packfolio: a frame failed: %s\n", e.what());
    } catch (...) {
        std::fprintf(stderr, "packfolio: a frame failed\n");
    }
    ImGui::ErrorCheckEndFrameRecover(nullptr);
    return false;
}

}  // namespace

bool run_frame(app::App& app) {
    ImGui::NewFrame();
    bool busy = guarded_frame(app);
    ImGui::Render();
    if (app.take_redraw_request()) {  // an edit landed mid-frame: draw again before presenting
        ImGui::NewFrame();
        busy = guarded_frame(app);
        ImGui::Render();
    }
    return busy;
}

void present(int width, int height, const float rgb[3]) {
    glViewport(0, 0, width, height);
    glClearColor(rgb[0], rgb[1], rgb[2], 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

std::vector<std::uint8_t> read_frame_rgba(int width, int height) {
    const std::size_t row = static_cast<std::size_t>(width) * 4;
    std::vector<std::uint8_t> pixels(row * static_cast<std::size_t>(height)), flipped(pixels.size());
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    for (int y = 0; y < height; ++y)
        std::memcpy(&flipped[static_cast<std::size_t>(y) * row], &pixels[static_cast<std::size_t>(height - 1 - y) * row], row);
    return flipped;
}

}  // namespace packfolio::platform
