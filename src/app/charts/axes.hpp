#pragma once
// The axes of a frame: grid lines, tick labels that never collide or leave the block, and the titles.

#include <cstddef>
#include <optional>

#include "app/charts/frame.hpp"

namespace packfolio::app::chart {

// Grid lines, tick labels and both titles: the one axis routine every x-y chart shares. `x_grid` off
// leaves the vertical grid lines out (the decision map's cells are their own grid).
void draw_xy_axes(const XYFrame& f, bool x_grid = true);

// The x axis under horizontal bars and the row labels; `highlight` shades one row (the hovered one).
void draw_row_axes(const RowFrame& f, std::optional<std::size_t> highlight);

}  // namespace packfolio::app::chart
