#pragma once
// The frame loop both platforms share (docs/ARCHITECTURE.md §1): each backend feeds ImGui its input and
// display size and calls its renderer's NewFrame, then run_frame draws the app (twice when an edit landed
// mid-frame), and present clears and renders. The backends keep only what differs: the window, the input
// and the way a frame is scheduled (a blocking loop natively, the browser's animation frame on the web).

#include <cstdint>
#include <string>
#include <vector>

#include "app/app.hpp"

namespace packfolio::platform {

// ImGui settles a layout over a few frames after each input: that many frames are drawn after the last
// input or the last busy frame, then the platform may sleep until the next input.
class Settle {
public:
    static constexpr int frames = 3;
    void input() { left_ = frames; }
    void after_frame(bool busy) { left_ = busy ? frames : left_ - 1; }
    bool idle() const { return left_ <= 0; }

private:
    int left_ = frames;
};

// NewFrame, App::frame, Render; once more before presenting when an edit changed the scenario mid-frame,
// so the reader sees the new answer with the edit. A defect that throws from the UI ends only that frame.
// Returns true while the app has long work running (App::frame).
bool run_frame(app::App& app);

// Clears the framebuffer (device pixels) to `rgb` and renders ImGui's draw data.
void present(int width, int height, const float rgb[3]);

// The frame just rendered, top row first, as RGBA bytes (GL rows run bottom-up).
std::vector<std::uint8_t> read_frame_rgba(int width, int height);

}  // namespace packfolio::platform
