#pragma once
// Chart colours: derived from the active ImGui style each frame, so charts follow apply_theme() unaided.

#include <imgui.h>

#include "app/theme.hpp"

namespace packfolio::app::chart {

struct Colours {
    Theme theme;
    ImU32 text, tick, grid, axis, bg, band_a, band_b, neutral;
};

Colours colours();

// The palette colour (series_colour) for the theme the style shows.
ImU32 series(int index, const Colours& c);

ImU32 with_alpha(ImU32 col, float alpha);

// Opaque blend, for fills that must not show grid lines through them.
ImU32 mix(ImU32 a, ImU32 b, float t);

}  // namespace packfolio::app::chart
