#pragma once
// Light and dark themes and the colour-blind-safe palette (Okabe & Ito 2008) used for routes and series.

#include <imgui.h>

namespace packfolio::app {

enum class Theme { light, dark };

void apply_theme(Theme theme);

// Okabe–Ito colours, distinguishable under the common colour-vision deficiencies.
ImU32 series_colour(int index, Theme theme);

}  // namespace packfolio::app
