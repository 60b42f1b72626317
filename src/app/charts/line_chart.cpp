// 1. Line chart (charts.hpp): series over shaded bands, with dashed vertical markers and a read-out that
// snaps to the nearest data x.
#define IMGUI_DEFINE_MATH_OPERATORS
#include <algorithm>
#include <cmath>

#include "app/charts.hpp"
#include "app/charts/axes.hpp"
#include "app/charts/dashed_line.hpp"
#include "app/charts/frame.hpp"
#include "app/charts/hover.hpp"
#include "app/charts/text.hpp"

namespace packfolio::app {

namespace {

using namespace chart;

// The series' value at x: the point itself, else linear between its neighbours; none outside the series
// or where a neighbour is missing.
std::optional<double> value_at(const LineSeries& s, double x) {
    const std::size_t n = std::min(s.x.size(), s.y.size());
    if (n == 0) return std::nullopt;
    const double tol = 1e-9 * std::max(1.0, std::fabs(s.x[n - 1] - s.x[0]));
    if (x < s.x[0] - tol || x > s.x[n - 1] + tol) return std::nullopt;
    const auto it = std::lower_bound(s.x.begin(), s.x.begin() + static_cast<std::ptrdiff_t>(n), x - tol);
    std::size_t i = static_cast<std::size_t>(it - s.x.begin());
    if (i >= n) i = n - 1;
    if (std::fabs(s.x[i] - x) <= tol || i == 0) return std::isfinite(s.y[i]) ? std::optional<double>(s.y[i]) : std::nullopt;
    const double t = (x - s.x[i - 1]) / (s.x[i] - s.x[i - 1]);
    const double v = s.y[i - 1] + (s.y[i] - s.y[i - 1]) * t;
    return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

// The data ranges: finite points, band edges and markers.
XYSpec line_spec(const LineChartData& d) {
    double x_lo = HUGE_VAL, x_hi = -HUGE_VAL, y_lo = HUGE_VAL, y_hi = -HUGE_VAL;
    for (const LineSeries& s : d.series) {
        for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i) {
            if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
            finite_range(s.x[i], x_lo, x_hi);
            finite_range(s.y[i], y_lo, y_hi);
        }
    }
    for (const Band& b : d.bands) finite_range(b.x0, x_lo, x_hi), finite_range(b.x1, x_lo, x_hi);
    for (const VerticalMarker& m : d.markers) finite_range(m.x, x_lo, x_hi);
    if (x_lo > x_hi) x_lo = 0.0, x_hi = 1.0;
    if (y_lo > y_hi) y_lo = 0.0, y_hi = 1.0;
    XYSpec spec;
    spec.x = &d.x;
    spec.y = &d.y;
    spec.x_lo = x_lo, spec.x_hi = x_hi, spec.y_lo = y_lo, spec.y_hi = y_hi;
    return spec;
}

// Bands first: they are the background the rest is read against.
void draw_bands(const XYFrame& f, const LineChartData& d) {
    f.dl->PushClipRect(f.plot.Min, f.plot.Max, true);
    for (std::size_t i = 0; i < d.bands.size(); ++i) {
        const Band& b = d.bands[i];
        const ImU32 col = b.colour >= 0 ? with_alpha(series(b.colour, f.c), 0.12f) : (i % 2 ? f.c.band_b : f.c.band_a);
        f.dl->AddRectFilled(ImVec2(f.sx(b.x0), f.plot.Min.y), ImVec2(f.sx(b.x1), f.plot.Max.y), col);
    }
    f.dl->PopClipRect();
}

void draw_series(const XYFrame& f, const LineSeries& s) {
    ImDrawList* dl = f.dl;
    const ImU32 col = series(s.colour, f.c);
    std::vector<ImVec2> pts;
    auto flush = [&]() {
        if (pts.size() >= 2) {
            if (s.dashed) dashed_polyline(dl, pts, col, 2.25f, 7.0f, 4.0f);
            else dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), col, ImDrawFlags_None, 2.25f);
        } else if (pts.size() == 1) {
            dl->AddCircleFilled(pts[0], 2.5f, col);
        }
        pts.clear();
    };
    for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i) {
        if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) flush();  // gaps stay gaps
        else pts.push_back(ImVec2(f.sx(s.x[i]), f.sy(s.y[i])));
    }
    flush();
}

// Band labels on the top row, marker lines with their labels on the second, each label skipped if it
// would collide.
void draw_band_and_marker_labels(const XYFrame& f, const LineChartData& d) {
    const float pad = em() * 0.3f;
    Occupancy band_row, marker_row;
    for (const Band& b : d.bands) {
        const float x0 = std::max(f.sx(b.x0), f.plot.Min.x), x1 = std::min(f.sx(b.x1), f.plot.Max.x);
        const float w = text_w(b.label);
        if (b.label.empty() || w + pad * 2 > x1 - x0) continue;
        if (band_row.take(x0 + pad, x0 + pad + w, pad)) label_with_bg(f.dl, ImVec2(x0 + pad, f.plot.Min.y + 2.0f), b.label, f.c.tick, f.c.bg);
    }
    for (const VerticalMarker& m : d.markers) {
        const float x = f.sx(m.x);
        dashed_line(f.dl, ImVec2(x, f.plot.Min.y), ImVec2(x, f.plot.Max.y), f.c.text, 1.25f);
        const float w = text_w(m.label);
        float lx = x + pad;
        if (lx + w > f.plot.Max.x) lx = x - pad - w;  // flip to the left of the line near the right edge
        const float ly = f.plot.Min.y + line_h() + 6.0f;
        if (!m.label.empty() && marker_row.take(lx, lx + w, pad)) label_with_bg(f.dl, ImVec2(lx, ly), m.label, f.c.text, f.c.bg);
    }
}

// Snaps the cursor to the nearest data x so the read-out shows real points, not interpolations.
void line_hover(const XYFrame& f, const LineChartData& d) {
    const double mx = f.sx.inverse(f.mouse.x);
    double best = mx, best_d = HUGE_VAL;
    for (const LineSeries& s : d.series)
        for (double x : s.x)
            if (std::isfinite(x) && std::fabs(x - mx) < best_d) best_d = std::fabs(x - mx), best = x;
    const float cx = f.sx(best);
    hover_rule(f, cx);
    ImGui::BeginTooltip();
    tooltip_text(d.x.title.empty() ? format_number(best, d.x.unit.c_str()) : d.x.title + ": " + format_number(best, d.x.unit.c_str()));
    for (const Band& b : d.bands)
        if (!b.label.empty() && best >= std::min(b.x0, b.x1) && best <= std::max(b.x0, b.x1)) tooltip_note(b.label);
    for (const LineSeries& s : d.series) {
        const std::optional<double> v = value_at(s, best);
        if (!v) continue;
        const ImU32 col = series(s.colour, f.c);
        f.dl->AddCircleFilled(ImVec2(cx, f.sy(*v)), 4.5f, f.c.bg);
        f.dl->AddCircleFilled(ImVec2(cx, f.sy(*v)), 3.5f, col);
        tooltip_row(col, s.label.empty() ? d.y.title : s.label, format_number(*v, d.y.unit.c_str()));
    }
    for (const VerticalMarker& m : d.markers)
        if (std::fabs(f.sx(m.x) - f.mouse.x) < em() * 0.6f) tooltip_note(m.label + " at " + format_number(m.x, d.x.unit.c_str()));
    ImGui::EndTooltip();
}

}  // namespace

void line_chart(const char* id, const LineChartData& d, float height) {
    ImGui::PushID(id);
    const Colours c0 = colours();
    std::vector<LegendEntry> entries;
    if (d.series.size() > 1)
        for (const LineSeries& s : d.series) entries.push_back({s.label, series(s.colour, c0), s.dashed ? Swatch::dashed : Swatch::line});
    XYFrame f = layout_xy(line_spec(d), height, entries);
    if (place_frame(f, entries)) {
        draw_bands(f, d);
        draw_xy_axes(f);
        f.dl->PushClipRect(f.plot.Min - ImVec2(0, 2), f.plot.Max + ImVec2(0, 2), true);
        for (const LineSeries& s : d.series) draw_series(f, s);
        draw_band_and_marker_labels(f, d);
        f.dl->PopClipRect();
        if (f.hovered) line_hover(f, d);
    }
    ImGui::PopID();
}

}  // namespace packfolio::app
