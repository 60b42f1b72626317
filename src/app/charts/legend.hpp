#pragma once
// The legend above a chart: one swatch and label per entry, flowing into rows that wrap.

#include <imgui.h>

#include <string>
#include <vector>

#include "app/charts/colours.hpp"

namespace packfolio::app::chart {

enum class Swatch { line, dashed, box, circle, square, open_square, ring, shade };

struct LegendEntry {
    std::string label;
    ImU32 colour;
    Swatch swatch;
    ImU32 colour2 = 0;  // shade: the light end
};

// Flows entries into rows that wrap at `width`; returns the height used. Measures only unless `dl`.
float legend(ImDrawList* dl, ImVec2 origin, float width, const std::vector<LegendEntry>& entries, const Colours& c);

}  // namespace packfolio::app::chart
