// 6. Stacked bars (charts.hpp): one bar per category, positive values stacked up from zero and negative
// ones down.
#define IMGUI_DEFINE_MATH_OPERATORS
#include <algorithm>
#include <cmath>

#include "app/charts.hpp"
#include "app/charts/axes.hpp"
#include "app/charts/frame.hpp"
#include "app/charts/hover.hpp"
#include "app/charts/text.hpp"

namespace packfolio::app {

namespace {

using namespace chart;

void draw_stacks(const XYFrame& f, const StackedBarData& d) {
    const float bar_w = std::max(f.slot * 0.7f, 1.0f);
    // A one-pixel background gap between segments keeps adjacent colours apart for every reader.
    const float sep = bar_w > 6.0f ? 1.0f : 0.0f;
    for (std::size_t i = 0; i < d.categories.size(); ++i) {
        const float cx = f.plot.Min.x + f.slot * (static_cast<float>(i) + 0.5f);
        double up = 0.0, down = 0.0;
        for (const StackedSeries& s : d.series) {
            if (i >= s.values.size() || !std::isfinite(s.values[i]) || s.values[i] == 0.0) continue;
            double& base = s.values[i] >= 0 ? up : down;
            const float y0 = f.sy(base), y1 = f.sy(base + s.values[i]);
            base += s.values[i];
            f.dl->AddRectFilled(ImVec2(cx - bar_w * 0.5f, std::min(y0, y1) + sep), ImVec2(cx + bar_w * 0.5f, std::max(y0, y1)),
                                series(s.colour, f.c));
        }
    }
}

void stack_tooltip(const XYFrame& f, const StackedBarData& d, std::size_t i, double total) {
    const char* u = d.y.unit.c_str();
    ImGui::BeginTooltip();
    tooltip_text(d.x.title.empty() ? d.categories[i] : d.x.title + " " + d.categories[i]);
    for (std::size_t k = d.series.size(); k-- > 0;) {  // top segment first, as on screen
        const StackedSeries& s = d.series[k];
        tooltip_row(series(s.colour, f.c), s.label, i < s.values.size() ? format_number(s.values[i], u) : "n/a");
    }
    ImGui::Separator();
    tooltip_text("Total: " + format_number(total, u));
    ImGui::EndTooltip();
}

}  // namespace

void stacked_bar_chart(const char* id, const StackedBarData& d, float height) {
    ImGui::PushID(id);
    const std::size_t n = d.categories.size();
    std::vector<double> pos(n, 0.0), neg(n, 0.0);
    for (const StackedSeries& s : d.series)
        for (std::size_t i = 0; i < std::min(n, s.values.size()); ++i) {
            const double v = std::isfinite(s.values[i]) ? s.values[i] : 0.0;
            (v >= 0 ? pos[i] : neg[i]) += v;
        }
    double lo = 0.0, hi = 0.0;
    for (std::size_t i = 0; i < n; ++i) lo = std::min(lo, neg[i]), hi = std::max(hi, pos[i]);
    const Colours c0 = colours();
    std::vector<LegendEntry> entries;
    if (d.series.size() > 1)
        for (const StackedSeries& s : d.series) entries.push_back({s.label, series(s.colour, c0), Swatch::box});
    XYSpec spec;
    spec.x = &d.x;
    spec.y = &d.y;
    spec.y_lo = lo, spec.y_hi = hi;
    spec.y_zero = true;
    spec.categories = &d.categories;
    XYFrame f = layout_xy(spec, height, entries);
    if (place_frame(f, entries)) {
        const std::optional<std::size_t> hover = hovered_slot(f, n);
        if (hover) highlight_slot(f, *hover, f.c.band_b);
        draw_xy_axes(f);
        draw_stacks(f, d);
        if (hover) stack_tooltip(f, d, *hover, pos[*hover] + neg[*hover]);
    }
    ImGui::PopID();
}

}  // namespace packfolio::app
