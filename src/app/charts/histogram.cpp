// 5. Histogram (charts.hpp): overlaid, semi-transparent distributions with their p5 / p50 / p95 lines.
#define IMGUI_DEFINE_MATH_OPERATORS
#include <algorithm>
#include <cmath>
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

// Bins with both edges and a count.
std::size_t bin_count(const HistogramSeries& s) { return std::min(s.counts.size(), s.edges.size() > 0 ? s.edges.size() - 1 : 0); }

std::vector<LegendEntry> histogram_legend(const HistogramData& d) {
    const Colours c0 = colours();
    std::vector<LegendEntry> entries;
    if (d.series.size() > 1)
        for (const HistogramSeries& s : d.series) entries.push_back({s.label, series(s.colour, c0), Swatch::box});
    bool any_percentile = false;
    for (const HistogramSeries& s : d.series) any_percentile = any_percentile || s.p5 || s.p50 || s.p95;
    if (any_percentile) entries.push_back({"p5 / p50 / p95", c0.text, Swatch::dashed});
    return entries;
}

// Filled bins under a stepped outline; the bin under the mouse (at data x `mx`) is filled stronger.
void draw_bins(const XYFrame& f, const HistogramSeries& s, float fill_alpha, double mx) {
    const ImU32 col = series(s.colour, f.c);
    std::vector<ImVec2> outline;
    for (std::size_t b = 0; b < bin_count(s); ++b) {
        const double v = std::isfinite(s.counts[b]) ? s.counts[b] : 0.0;
        const float x0 = f.sx(s.edges[b]), x1 = f.sx(s.edges[b + 1]), y = f.sy(v), y0 = f.sy(0.0);
        const bool hot = f.hovered && mx >= s.edges[b] && mx < s.edges[b + 1];
        f.dl->AddRectFilled(ImVec2(x0, y), ImVec2(x1, y0), with_alpha(col, hot ? std::min(1.0f, fill_alpha + 0.3f) : fill_alpha));
        if (outline.empty()) outline.push_back(ImVec2(x0, y0));
        outline.push_back(ImVec2(x0, y));
        outline.push_back(ImVec2(x1, y));
    }
    if (!outline.empty()) {
        outline.push_back(ImVec2(outline.back().x, f.sy(0.0)));
        f.dl->AddPolyline(outline.data(), static_cast<int>(outline.size()), col, ImDrawFlags_None, 1.5f);
    }
}

// Percentile lines; labels one row per series at the top, skipped when they would overlap.
void draw_percentiles(const XYFrame& f, const HistogramSeries& s, std::size_t row_index) {
    const ImU32 col = series(s.colour, f.c);
    Occupancy row;
    const std::pair<const char*, std::optional<double>> ps[] = {{"p50", s.p50}, {"p5", s.p5}, {"p95", s.p95}};  // p50 wins a collision
    for (const auto& [name, v] : ps) {
        if (!v || !std::isfinite(*v)) continue;
        const float x = f.sx(*v);
        dashed_line(f.dl, ImVec2(x, f.plot.Min.y), ImVec2(x, f.plot.Max.y), col, std::string(name) == "p50" ? 2.0f : 1.25f);
        const float w = text_w(name);
        float lx = x + 3.0f;
        if (lx + w > f.plot.Max.x) lx = x - 3.0f - w;
        const float ly = f.plot.Min.y + 2.0f + (line_h() + 2.0f) * static_cast<float>(row_index);
        if (row.take(lx, lx + w, 3.0f)) label_with_bg(f.dl, ImVec2(lx, ly), name, col == series(3, f.c) ? f.c.text : col, f.c.bg);
    }
}

// The rule at the mouse and, per series, the bin under it and its percentiles.
void histogram_hover(const XYFrame& f, const HistogramData& d, double mx) {
    hover_rule(f, f.mouse.x);
    ImGui::BeginTooltip();
    tooltip_text(d.x.title + ": " + format_number(mx, d.x.unit.c_str()));
    const char* u = d.x.unit.c_str();
    for (const HistogramSeries& s : d.series) {
        for (std::size_t b = 0; b < bin_count(s); ++b) {
            if (mx < s.edges[b] || mx >= s.edges[b + 1]) continue;
            tooltip_row(series(s.colour, f.c), s.label.empty() ? d.y.title : s.label,
                        format_number(s.counts[b], d.y.unit.c_str()) + " in " + format_number(s.edges[b], u) + " \xE2\x80\x93 " +
                            format_number(s.edges[b + 1], u));
        }
        if (s.p5 || s.p50 || s.p95)
            tooltip_note((s.label.empty() ? std::string() : s.label + " ") + "p5 " + (s.p5 ? format_number(*s.p5, u) : "-") + ", p50 " +
                         (s.p50 ? format_number(*s.p50, u) : "-") + ", p95 " + (s.p95 ? format_number(*s.p95, u) : "-"));
    }
    ImGui::EndTooltip();
}

}  // namespace

void histogram_chart(const char* id, const HistogramData& d, float height) {
    ImGui::PushID(id);
    double x_lo = HUGE_VAL, x_hi = -HUGE_VAL, y_hi = 0.0;
    for (const HistogramSeries& s : d.series) {
        for (double e : s.edges) finite_range(e, x_lo, x_hi);
        for (double v : s.counts) y_hi = std::max(y_hi, std::isfinite(v) ? v : 0.0);
    }
    if (x_lo > x_hi) x_lo = 0.0, x_hi = 1.0;
    const std::vector<LegendEntry> entries = histogram_legend(d);
    XYSpec spec;
    spec.x = &d.x;
    spec.y = &d.y;
    spec.x_lo = x_lo, spec.x_hi = x_hi, spec.y_lo = 0.0, spec.y_hi = y_hi;
    spec.y_zero = true;
    XYFrame f = layout_xy(spec, height, entries);
    if (place_frame(f, entries)) {
        draw_xy_axes(f);
        const float fill_alpha = d.series.size() > 1 ? 0.35f : 0.6f;
        const double mx = f.sx.inverse(f.mouse.x);
        f.dl->PushClipRect(f.plot.Min - ImVec2(0, 2), f.plot.Max + ImVec2(0, 2), true);
        for (const HistogramSeries& s : d.series) draw_bins(f, s, fill_alpha, mx);
        for (std::size_t si = 0; si < d.series.size(); ++si) draw_percentiles(f, d.series[si], si);
        f.dl->PopClipRect();
        if (f.hovered) histogram_hover(f, d, mx);
    }
    ImGui::PopID();
}

}  // namespace packfolio::app
