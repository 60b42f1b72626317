// 3. Tornado (charts.hpp): one row per input, its low and high bars from the base case, sorted by swing,
// with the decision's flip line.
#define IMGUI_DEFINE_MATH_OPERATORS
#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

#include "app/charts.hpp"
#include "app/charts/axes.hpp"
#include "app/charts/dashed_line.hpp"
#include "app/charts/frame.hpp"
#include "app/charts/hover.hpp"
#include "app/charts/text.hpp"

namespace packfolio::app {

namespace {

using namespace chart;

// The longer bar first so a shorter one on the same side stays visible on top of it.
void draw_bar(const RowFrame& f, const TornadoBar& b, double base, float top, ImU32 low_col, ImU32 high_col) {
    const float base_x = f.sx(base);
    std::pair<double, ImU32> ends[2] = {{b.output_at_low, low_col}, {b.output_at_high, high_col}};
    if (std::fabs(ends[0].first - base) < std::fabs(ends[1].first - base)) std::swap(ends[0], ends[1]);
    for (int k = 0; k < 2; ++k) {
        if (!std::isfinite(ends[k].first)) continue;
        const float x = f.sx(ends[k].first);
        const float inset = k == 1 && (ends[0].first - base) * (ends[1].first - base) > 0 ? f.bar_h * 0.2f : 0.0f;
        f.dl->AddRectFilled(ImVec2(std::min(x, base_x), top + inset),
                            ImVec2(std::max(std::max(x, base_x), std::min(x, base_x) + 1.0f), top + f.bar_h - inset), ends[k].second,
                            2.0f);
    }
}

// The breakeven line, and a diamond where each flipping bar crosses it.
void draw_flip_line(const RowFrame& f, const TornadoData& d, const std::vector<std::size_t>& order) {
    const float fx = f.sx(*d.flip_at);
    dashed_line(f.dl, ImVec2(fx, f.plot.Min.y), ImVec2(fx, f.plot.Max.y), f.c.text, 1.5f);
    for (std::size_t r = 0; r < order.size(); ++r) {
        if (!d.bars[order[r]].flips) continue;
        const float cy = f.bar_top(r) + f.bar_h * 0.5f, h = f.bar_h * 0.5f;
        f.dl->AddQuadFilled(ImVec2(fx, cy - h), ImVec2(fx + h, cy), ImVec2(fx, cy + h), ImVec2(fx - h, cy), f.c.text);
    }
}

void bar_tooltip(const TornadoData& d, const TornadoBar& b, ImU32 low_col, ImU32 high_col) {
    const char* ou = d.output.unit.c_str();
    const char* iu = b.input_unit.c_str();
    const std::string out_name = d.output.title.empty() ? "Output" : d.output.title;
    ImGui::BeginTooltip();
    tooltip_text(b.input);
    tooltip_row(low_col, "Low " + format_number(b.input_low, iu),
                out_name + " " + format_number(b.output_at_low, ou) + " (" + format_signed(b.output_at_low - d.base, ou) + ")");
    tooltip_row(high_col, "High " + format_number(b.input_high, iu),
                out_name + " " + format_number(b.output_at_high, ou) + " (" + format_signed(b.output_at_high - d.base, ou) + ")");
    tooltip_note("Swing " + format_number(std::fabs(b.output_at_high - b.output_at_low), ou) + " around the base " +
                 format_number(d.base, ou));
    if (b.flips) tooltip_note("The decision flips inside this input's range.");
    ImGui::EndTooltip();
}

}  // namespace

void tornado_chart(const char* id, const TornadoData& d, float height) {
    ImGui::PushID(id);
    std::vector<std::size_t> order(d.bars.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    auto swing = [&](std::size_t i) { return std::fabs(d.bars[i].output_at_high - d.bars[i].output_at_low); };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return swing(a) > swing(b); });

    double lo = d.base, hi = d.base;
    std::vector<std::string> labels;
    for (std::size_t i : order) {
        finite_range(d.bars[i].output_at_low, lo, hi);
        finite_range(d.bars[i].output_at_high, lo, hi);
        labels.push_back(with_unit(d.bars[i].input, d.bars[i].input_unit) + (d.bars[i].flips ? " \xE2\x80\x94 flips the decision" : ""));
    }
    if (d.flip_at) finite_range(*d.flip_at, lo, hi);
    const Colours c0 = colours();
    const ImU32 low_col = series(1, c0), high_col = series(5, c0);  // sky blue vs vermillion
    std::vector<LegendEntry> entries = {{"Input at low value", low_col, Swatch::box},
                                        {"Input at high value", high_col, Swatch::box},
                                        {"Base case " + format_number(d.base, d.output.unit.c_str()), c0.text, Swatch::line}};
    if (d.flip_at) entries.push_back({"Decision flips", c0.text, Swatch::dashed});
    RowFrame f = layout_rows(labels, d.output, lo, hi, false, height, entries);
    if (place_frame(f, entries)) {
        const std::optional<std::size_t> hover = hovered_row(f);
        draw_row_axes(f, hover);
        for (std::size_t r = 0; r < order.size(); ++r) draw_bar(f, d.bars[order[r]], d.base, f.bar_top(r), low_col, high_col);
        const float base_x = f.sx(d.base);
        f.dl->AddLine(ImVec2(base_x, f.plot.Min.y), ImVec2(base_x, f.plot.Max.y), f.c.text, 1.5f);
        if (d.flip_at) draw_flip_line(f, d, order);
        if (hover) bar_tooltip(d, d.bars[order[*hover]], low_col, high_col);
    }
    ImGui::PopID();
}

}  // namespace packfolio::app
