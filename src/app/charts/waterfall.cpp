// 2. Waterfall (charts.hpp): a route's cash flow as a cascade of signed steps and its total, in columns
// when the step labels fit and in rows on phones; several routes share a selector and one value scale.
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

// The bars of one route: where each starts and ends; the last one is the total, from 0.
struct Cascade {
    std::vector<double> before, after;
    std::vector<std::string> labels;
    double run = 0.0;    // the sum of the steps (non-finite steps count as 0)
    double total = 0.0;  // the route's result as computed by core, else `run`
    double lo = 0.0, hi = 0.0;  // the value range, 0 included
    std::size_t size() const { return labels.size(); }
};

Cascade cascade(const WaterfallData& d) {
    Cascade k;
    const std::size_t n = d.steps.size() + 1;  // steps + total
    k.before.resize(n);
    k.after.resize(n);
    for (std::size_t i = 0; i < d.steps.size(); ++i) {
        k.before[i] = k.run;
        k.run += std::isfinite(d.steps[i].value) ? d.steps[i].value : 0.0;
        k.after[i] = k.run;
        finite_range(k.run, k.lo, k.hi);
    }
    k.total = d.total ? *d.total : k.run;
    k.before[n - 1] = 0.0;
    k.after[n - 1] = k.total;
    finite_range(k.total, k.lo, k.hi);
    for (const WaterfallStep& s : d.steps) k.labels.push_back(s.label);
    k.labels.push_back(d.total_label);
    return k;
}

// One route's cascade with its colours: blue up, orange down (the Okabe–Ito pair that stays distinct for
// all common colour-vision deficiencies), the total neutral.
struct Waterfall {
    const WaterfallData& d;
    Cascade k;
    ImU32 up_col, down_col, total_col;
    const char* unit;

    Waterfall(const WaterfallData& data, const Colours& c)
        : d(data), k(cascade(data)), up_col(series(4, c)), down_col(series(0, c)), total_col(c.neutral), unit(data.value.unit.c_str()) {}
    bool is_total(std::size_t i) const { return i == k.size() - 1; }
    ImU32 colour_of(std::size_t i) const { return is_total(i) ? total_col : (k.after[i] >= k.before[i] ? up_col : down_col); }
    // The value written on a bar: signed for a step, plain for the total.
    std::string value_text(std::size_t i) const {
        return is_total(i) ? format_number(k.total, unit) : format_signed(d.steps[i].value, unit);
    }
    std::vector<LegendEntry> legend_entries() const {
        return {{"Increase", up_col, Swatch::box}, {"Decrease", down_col, Swatch::box}, {d.total_label, total_col, Swatch::box}};
    }
    void tooltip(std::size_t i) const {
        ImGui::BeginTooltip();
        tooltip_text(k.labels[i]);
        if (is_total(i)) {
            tooltip_row(total_col, "Total", format_number(k.total, unit));
            if (d.total && std::fabs(*d.total - k.run) > 1e-9 * std::max(1.0, std::fabs(k.run)))
                tooltip_note("Sum of the steps: " + format_number(k.run, unit));
        } else {
            tooltip_row(colour_of(i), "Change", format_signed(d.steps[i].value, unit));
            tooltip_note("Running total: " + format_number(k.after[i], unit));
        }
        ImGui::EndTooltip();
    }
};

// Columns, with a dashed connector at each running total and the value on the bar end where it fits.
void draw_columns(XYFrame& f, const Waterfall& w) {
    const std::size_t n = w.k.size();
    const std::optional<std::size_t> hover = hovered_slot(f, n);
    if (hover) highlight_slot(f, *hover, f.c.band_a);
    draw_xy_axes(f);
    const float bar_w = std::min(f.slot * 0.64f, em() * 5.0f);
    for (std::size_t i = 0; i < n; ++i) {
        const float cx = f.plot.Min.x + f.slot * (static_cast<float>(i) + 0.5f);
        const float y0 = f.sy(w.k.before[i]), y1 = f.sy(w.k.after[i]);
        const float top = std::min(y0, y1), bottom = std::max(std::max(y0, y1), top + 1.0f);
        f.dl->AddRectFilled(ImVec2(cx - bar_w * 0.5f, top), ImVec2(cx + bar_w * 0.5f, bottom), w.colour_of(i), 2.0f);
        // Connector to the next bar at the running total, so the eye can follow the cascade.
        if (i + 1 < n) {
            const float nx = f.plot.Min.x + f.slot * (static_cast<float>(i) + 1.5f);
            dashed_line(f.dl, ImVec2(cx + bar_w * 0.5f, y1), ImVec2(nx - bar_w * 0.5f, y1), f.c.axis);
        }
        // Value on the bar end when it fits in the slot and inside the plot.
        const std::string s = w.value_text(i);
        const float tw = text_w(s);
        if (tw > f.slot - 4.0f) continue;
        const bool above = w.k.after[i] >= w.k.before[i];
        const float ty = above ? top - line_h() - 2.0f : bottom + 2.0f;
        if (ty < f.plot.Min.y - line_h() * 0.2f || ty + line_h() > f.plot.Max.y) continue;
        f.dl->AddText(ImVec2(cx - tw * 0.5f, ty), f.c.tick, s.c_str());
    }
    if (hover) w.tooltip(*hover);
}

// Phones: one row per step, the cascade running downwards, each value beside its bar.
void draw_rows(const RowFrame& r, const Waterfall& w) {
    const std::size_t n = w.k.size();
    const std::optional<std::size_t> hover = hovered_row(r);
    draw_row_axes(r, hover);
    for (std::size_t i = 0; i < n; ++i) {
        const float x0 = r.sx(w.k.before[i]), x1 = r.sx(w.k.after[i]);
        const float left = std::min(x0, x1), right = std::max(std::max(x0, x1), left + 1.0f);
        const float top = r.bar_top(i);
        r.dl->AddRectFilled(ImVec2(left, top), ImVec2(right, top + r.bar_h), w.colour_of(i), 2.0f);
        if (i + 1 < n) dashed_line(r.dl, ImVec2(x1, top + r.bar_h), ImVec2(x1, r.bar_top(i + 1)), r.c.axis);
        const std::string s = w.value_text(i);
        const float tw = text_w(s);
        const float ty = top + (r.bar_h - line_h()) * 0.5f;
        // Beside the bar on the side with room; skipped if neither side has it.
        if (right + 4.0f + tw <= r.origin.x + r.width) r.dl->AddText(ImVec2(right + 4.0f, ty), r.c.tick, s.c_str());
        else if (left - 4.0f - tw >= r.plot.Min.x) r.dl->AddText(ImVec2(left - 4.0f - tw, ty), r.c.tick, s.c_str());
    }
    if (hover) w.tooltip(*hover);
}

// `shared_range` widens the value scale to all routes', so that switching routes compares like with like.
void waterfall_impl(const WaterfallData& d, float height, std::optional<std::pair<double, double>> shared_range) {
    const Waterfall w(d, colours());
    double lo = w.k.lo, hi = w.k.hi;
    if (shared_range) lo = std::min(lo, shared_range->first), hi = std::max(hi, shared_range->second);
    const std::vector<LegendEntry> entries = w.legend_entries();
    XYSpec spec;
    const Axis no_x;  // the step labels name the bars; no x title
    spec.x = &no_x;
    spec.y = &d.value;
    spec.y_lo = lo;
    spec.y_hi = hi;
    spec.y_zero = true;
    spec.categories = &w.k.labels;
    spec.wrap_categories = true;
    XYFrame f = layout_xy(spec, height, entries);
    if (f.categories_fit) {
        if (place_frame(f, entries)) draw_columns(f, w);
        return;
    }
    RowFrame r = layout_rows(w.k.labels, d.value, lo, hi, true, height, entries);
    if (place_frame(r, entries)) draw_rows(r, w);
}

// Radio buttons that wrap onto new lines rather than a combo: every route stays one tap away. Returns the
// selected route, `selected` clamped to the routes.
int route_selector(const std::vector<WaterfallData>& routes, const int* selected) {
    int sel = selected ? std::clamp(*selected, 0, static_cast<int>(routes.size()) - 1) : 0;
    const ImGuiStyle& style = ImGui::GetStyle();
    const float avail = ImGui::GetContentRegionAvail().x;
    float used = 0.0f;
    const Colours c = colours();
    for (std::size_t i = 0; i < routes.size(); ++i) {
        const float swatch = routes[i].colour >= 0 ? em() * 0.8f : 0.0f;
        const float w = ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + text_w(routes[i].name) + swatch;
        if (i > 0) {
            if (used + style.ItemSpacing.x + w <= avail) {
                ImGui::SameLine();
                used += style.ItemSpacing.x;
            } else used = 0.0f;
        }
        used += w;
        ImGui::PushID(static_cast<int>(i));
        if (routes[i].colour >= 0) {
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const float h = ImGui::GetFrameHeight();
            ImGui::GetWindowDrawList()->AddRectFilled(p + ImVec2(0, h * 0.3f), p + ImVec2(em() * 0.5f, h * 0.7f),
                                                      series(routes[i].colour, c), 2.0f);
            ImGui::SetCursorScreenPos(p + ImVec2(swatch, 0));
        }
        ImGui::RadioButton(routes[i].name.c_str(), &sel, static_cast<int>(i));
        ImGui::PopID();
    }
    return sel;
}

}  // namespace

void waterfall_chart(const char* id, const WaterfallData& data, float height) {
    ImGui::PushID(id);
    waterfall_impl(data, height, std::nullopt);
    ImGui::PopID();
}

void waterfall_chart(const char* id, const std::vector<WaterfallData>& routes, int* selected, float height) {
    ImGui::PushID(id);
    if (routes.empty()) {
        ImGui::TextDisabled("No routes to show.");
        ImGui::PopID();
        return;
    }
    const int sel = route_selector(routes, selected);
    if (selected) *selected = sel;
    double lo = 0.0, hi = 0.0;
    for (const WaterfallData& d : routes) {
        const Cascade k = cascade(d);
        lo = std::min(lo, k.lo), hi = std::max(hi, k.hi);
    }
    waterfall_impl(routes[static_cast<std::size_t>(sel)], height, std::make_pair(lo, hi));
    ImGui::PopID();
}

}  // namespace packfolio::app
