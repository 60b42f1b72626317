#pragma once
// The chart frame every chart draws into: the legend on top, the plot box, and the room its axes take.
//   Frame    - legend + plot box + hover state (the map uses it bare)
//   XYFrame  - + numeric y, numeric or categorical x (line, waterfall columns, histogram, stacked bars,
//              decision map)
//   RowFrame - + one horizontal bar per row, numeric x (tornado, waterfall rows on phones)
// A chart lays its frame out, places it (which also decides hover), draws the axes (axes.hpp), then its
// marks, then its hover layer (hover.hpp).

#include <imgui.h>
#include <imgui_internal.h>  // ImRect; pinned to Dear ImGui 1.86

#include <cstddef>
#include <string>
#include <vector>

#include "app/charts.hpp"
#include "app/charts/colours.hpp"
#include "app/charts/legend.hpp"
#include "app/charts/scale.hpp"
#include "app/charts/text.hpp"

namespace packfolio::app::chart {

struct Frame {
    ImDrawList* dl = nullptr;
    Colours c;
    ImVec2 origin;
    float width = 0.0f, total_h = 0.0f;
    float legend_h = 0.0f;
    ImRect plot;
    bool hovered = false;  // mouse over the plot, not blocked by a popup or an active widget
    ImVec2 mouse;
};

// Starts a frame at the cursor, as wide as the content region, with room for the legend.
Frame open_frame(const std::vector<LegendEntry>& entries);

// Decides hover, draws the legend and reserves the block in the layout. Returns false when the block is
// scrolled out of view: then nothing else needs drawing.
bool place_frame(Frame& f, const std::vector<LegendEntry>& entries);

struct XYSpec {
    const Axis* x = nullptr;
    const Axis* y = nullptr;
    double x_lo = 0, x_hi = 1, y_lo = 0, y_hi = 1;  // data ranges
    bool y_zero = false;
    bool x_extend = true;  // widen x to whole steps (lines); off for grids that own their edges
    const std::vector<std::string>* categories = nullptr;  // categorical x instead of numeric
    bool wrap_categories = false;  // wrap labels to two lines (waterfall) instead of thinning (years)
};

struct XYFrame : Frame {
    NumericAxis xa, ya;
    Scale sx, sy;
    // Categorical x: slot per category, label lines, and every `stride`-th label shown.
    float slot = 0.0f;
    std::vector<std::vector<std::string>> cat_lines;
    int stride = 1;
    bool categories_fit = true;
    std::string x_title, y_title;
    float x_labels_h = 0.0f;
};

// Legend on top, then the y-axis title, the plot, the x tick labels and the x title, in `height`.
XYFrame layout_xy(const XYSpec& s, float height, const std::vector<LegendEntry>& entries);

// One row per category with its label at the left, or above the bar when labels would take too much of a
// narrow screen.
struct RowFrame : Frame {
    NumericAxis xa;
    Scale sx;
    bool labels_above = false;
    float row_h = 0.0f, bar_h = 0.0f;
    std::vector<std::string> labels;  // fitted
    std::string x_title;
    float bar_top(std::size_t i) const {
        return plot.Min.y + row_h * static_cast<float>(i) + (labels_above ? line_h() + 2.0f : (row_h - bar_h) * 0.5f);
    }
    float row_top(std::size_t i) const { return plot.Min.y + row_h * static_cast<float>(i); }
};

// `min_height` widens the rows a little; beyond that the chart keeps its natural size.
RowFrame layout_rows(const std::vector<std::string>& labels, const Axis& x, double lo, double hi, bool x_zero, float min_height,
                     const std::vector<LegendEntry>& entries);

}  // namespace packfolio::app::chart
