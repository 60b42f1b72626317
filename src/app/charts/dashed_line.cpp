#define IMGUI_DEFINE_MATH_OPERATORS
#include "app/charts/dashed_line.hpp"

#include <imgui_internal.h>  // ImVec2 operators; pinned to Dear ImGui 1.86

#include <algorithm>
#include <cmath>

namespace packfolio::app::chart {

void dashed_polyline(ImDrawList* dl, const std::vector<ImVec2>& pts, ImU32 col, float thickness, float dash, float gap) {
    float phase = 0.0f;  // distance into the current dash+gap period
    const float period = dash + gap;
    for (std::size_t i = 1; i < pts.size(); ++i) {
        const ImVec2 a = pts[i - 1], b = pts[i];
        const ImVec2 d = b - a;
        const float len = std::sqrt(d.x * d.x + d.y * d.y);
        float t = 0.0f;
        while (t < len) {
            const bool on = phase < dash;
            const float step = std::min(len - t, on ? dash - phase : period - phase);
            if (on) dl->AddLine(a + d * (t / len), a + d * ((t + step) / len), col, thickness);
            t += step;
            phase += step;
            if (phase >= period - 1e-4f) phase = 0.0f;
        }
    }
}

void dashed_line(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float thickness) {
    dashed_polyline(dl, {a, b}, col, thickness, 4.0f, 3.0f);
}

}  // namespace packfolio::app::chart
