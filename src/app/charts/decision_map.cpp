// 4. Decision map (charts.hpp): the winning category over a grid of two swept inputs, optionally shaded
// by a value, with the current scenario marked.
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

ImU32 category_colour(const DecisionMapData& d, int k, const Colours& c) {
    const int idx = k >= 0 && static_cast<std::size_t>(k) < d.category_colours.size() ? d.category_colours[static_cast<std::size_t>(k)] : k;
    return series(idx, c);
}

// The grid on screen: cell (ix, iy) with its edges snapped to whole pixels, so neighbouring cells meet
// without hairline seams.
struct Grid {
    const DecisionMapData& d;
    const XYFrame& f;
    double cw, ch;  // cell size in input units
    Grid(const DecisionMapData& data, const XYFrame& frame)
        : d(data), f(frame), cw((data.x1 - data.x0) / data.nx), ch((data.y1 - data.y0) / data.ny) {}
    ImRect cell(int ix, int iy) const {
        return ImRect(ImVec2(std::floor(f.sx(d.x0 + cw * ix)), std::floor(f.sy(d.y0 + ch * (iy + 1)))),
                      ImVec2(std::floor(f.sx(d.x0 + cw * (ix + 1))), std::floor(f.sy(d.y0 + ch * iy))));
    }
    std::size_t index(int ix, int iy) const { return static_cast<std::size_t>(iy * d.nx + ix); }
};

// Per-cell values shade the cells: stronger = higher.
struct Shading {
    bool on = false;
    double vmin = HUGE_VAL, vmax = -HUGE_VAL;
};

Shading shading(const DecisionMapData& d) {
    Shading s;
    s.on = d.values.size() == d.cells.size() && !d.values.empty();
    if (s.on)
        for (double v : d.values) finite_range(v, s.vmin, s.vmax);
    return s;
}

std::vector<LegendEntry> decision_legend(const DecisionMapData& d, const Shading& sh, const Colours& c0) {
    std::vector<LegendEntry> entries;
    for (std::size_t k = 0; k < d.categories.size(); ++k)
        entries.push_back({d.categories[k], category_colour(d, static_cast<int>(k), c0), Swatch::box});
    if (sh.on && sh.vmax > sh.vmin)
        entries.push_back({"Stronger = higher " + (d.value_label.empty() ? std::string("value") : d.value_label), c0.neutral,
                           Swatch::shade, mix(c0.bg, c0.neutral, 0.25f)});
    if (d.current_x && d.current_y) entries.push_back({d.current_label, c0.text, Swatch::ring});
    return entries;
}

void draw_cells(const Grid& g, const Shading& sh) {
    const DecisionMapData& d = g.d;
    const Colours& c = g.f.c;
    for (int iy = 0; iy < d.ny; ++iy)
        for (int ix = 0; ix < d.nx; ++ix) {
            const std::size_t i = g.index(ix, iy);
            const bool shaded = sh.on && sh.vmax > sh.vmin && std::isfinite(d.values[i]);
            const float strength = shaded ? 0.35f + 0.65f * static_cast<float>((d.values[i] - sh.vmin) / (sh.vmax - sh.vmin)) : 0.85f;
            const ImRect r = g.cell(ix, iy);
            g.f.dl->AddRectFilled(r.Min, r.Max, mix(c.bg, category_colour(d, d.cells[i], c), strength));
        }
}

// Category boundaries: a thin line where neighbours differ makes the regions readable without colour.
void draw_boundaries(const Grid& g) {
    const DecisionMapData& d = g.d;
    for (int iy = 0; iy < d.ny; ++iy)
        for (int ix = 0; ix < d.nx; ++ix) {
            const std::size_t i = g.index(ix, iy);
            const ImRect r = g.cell(ix, iy);  // Min: left, top; Max: right, bottom
            if (ix + 1 < d.nx && d.cells[i + 1] != d.cells[i]) g.f.dl->AddLine(ImVec2(r.Max.x, r.Min.y), r.Max, g.f.c.bg, 1.5f);
            if (iy + 1 < d.ny && d.cells[i + static_cast<std::size_t>(d.nx)] != d.cells[i])
                g.f.dl->AddLine(r.Min, ImVec2(r.Max.x, r.Min.y), g.f.c.bg, 1.5f);
        }
}

// The current scenario: a ring with dashed leaders to both axes. Returns whether the mouse is on it.
bool draw_current(const XYFrame& f, const DecisionMapData& d) {
    const ImVec2 p(f.sx(*d.current_x), f.sy(*d.current_y));
    f.dl->PushClipRect(f.plot.Min, f.plot.Max, true);
    dashed_line(f.dl, ImVec2(p.x, f.plot.Max.y), ImVec2(p.x, p.y + 7.0f), f.c.text);
    dashed_line(f.dl, ImVec2(f.plot.Min.x, p.y), ImVec2(p.x - 7.0f, p.y), f.c.text);
    f.dl->AddCircle(p, 6.0f, f.c.bg, 20, 5.0f);
    f.dl->AddCircle(p, 6.0f, f.c.text, 20, 2.5f);
    f.dl->PopClipRect();
    const ImVec2 dm = f.mouse - p;
    return f.hovered && dm.x * dm.x + dm.y * dm.y < em() * em();
}

// Outlines the cell under the mouse and reads it out (and the current scenario when the mouse is on it).
void cell_hover(const Grid& g, const Shading& sh, bool near_current) {
    const DecisionMapData& d = g.d;
    const XYFrame& f = g.f;
    const int ix = std::clamp(static_cast<int>((f.sx.inverse(f.mouse.x) - d.x0) / g.cw), 0, d.nx - 1);
    const int iy = std::clamp(static_cast<int>((f.sy.inverse(f.mouse.y) - d.y0) / g.ch), 0, d.ny - 1);
    const std::size_t i = g.index(ix, iy);
    const ImRect r = g.cell(ix, iy);
    f.dl->AddRect(r.Min, r.Max, f.c.text, 0.0f, 0, 1.5f);
    ImGui::BeginTooltip();
    if (near_current) {
        tooltip_text(d.current_label);
        tooltip_note(d.x.title + ": " + format_number(*d.current_x, d.x.unit.c_str()) + ", " + d.y.title + ": " +
                     format_number(*d.current_y, d.y.unit.c_str()));
        ImGui::Separator();
    }
    tooltip_text(d.x.title + ": " + format_number(d.x0 + g.cw * (ix + 0.5), d.x.unit.c_str()));
    tooltip_text(d.y.title + ": " + format_number(d.y0 + g.ch * (iy + 0.5), d.y.unit.c_str()));
    const int k = d.cells[i];
    const std::string name = k >= 0 && static_cast<std::size_t>(k) < d.categories.size() ? d.categories[static_cast<std::size_t>(k)] : "-";
    tooltip_row(category_colour(d, k, f.c), "Best", name);
    if (sh.on) tooltip_note((d.value_label.empty() ? "Value" : d.value_label) + ": " + format_number(d.values[i], d.value_unit.c_str()));
    ImGui::EndTooltip();
}

void draw_grid(const XYFrame& f, const DecisionMapData& d, const Shading& sh) {
    draw_xy_axes(f, false);
    const bool valid = d.nx > 0 && d.ny > 0 && d.cells.size() >= static_cast<std::size_t>(d.nx) * static_cast<std::size_t>(d.ny);
    if (!valid) {
        f.dl->AddText(f.plot.Min + ImVec2(em(), em()), f.c.tick, "No decision map data");
        return;
    }
    const Grid g(d, f);
    draw_cells(g, sh);
    draw_boundaries(g);
    bool near_current = false;
    if (d.current_x && d.current_y) near_current = draw_current(f, d);
    if (f.hovered) cell_hover(g, sh, near_current);
}

}  // namespace

void decision_map(const char* id, const DecisionMapData& d, float height) {
    ImGui::PushID(id);
    const Shading sh = shading(d);
    const std::vector<LegendEntry> entries = decision_legend(d, sh, colours());
    XYSpec spec;
    spec.x = &d.x;
    spec.x_lo = d.x0, spec.x_hi = d.x1, spec.y_lo = d.y0, spec.y_hi = d.y1;
    spec.x_extend = false;  // the grid owns its edges; ticks fall inside
    Axis yfixed = d.y;
    yfixed.min = d.y0, yfixed.max = d.y1;
    spec.y = &yfixed;
    XYFrame f = layout_xy(spec, height, entries);
    if (place_frame(f, entries)) draw_grid(f, d, sh);
    ImGui::PopID();
}

}  // namespace packfolio::app
