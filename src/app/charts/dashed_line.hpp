#pragma once
// Dashed lines: the second cue besides colour (projected series, markers, breakevens, connectors).

#include <imgui.h>

#include <vector>

namespace packfolio::app::chart {

// Dashes follow the path length so a dashed curve looks even at any slope.
void dashed_polyline(ImDrawList* dl, const std::vector<ImVec2>& pts, ImU32 col, float thickness, float dash, float gap);

// A straight 4-on, 3-off line.
void dashed_line(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float thickness = 1.0f);

}  // namespace packfolio::app::chart
