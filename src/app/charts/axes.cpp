#define IMGUI_DEFINE_MATH_OPERATORS
#include "app/charts/axes.hpp"

#include <algorithm>

namespace packfolio::app::chart {

namespace {

// A numeric x tick label centred on `x` at height `y`, kept inside the block (never clipped at the edges)
// and skipped if it would touch one already drawn.
void x_tick_label(const Frame& f, Occupancy& occ, float x, const std::string& s, float y) {
    const float w = text_w(s);
    const float lx = std::clamp(x - w * 0.5f, f.origin.x, f.origin.x + f.width - w);
    if (occ.take(lx, lx + w, em() * 0.5f)) f.dl->AddText(ImVec2(lx, y), f.c.tick, s.c_str());
}

// The x title centred under the plot at height `y`, kept inside the block.
void x_title(const Frame& f, const std::string& title, float y) {
    if (title.empty()) return;
    const std::string t = fit_text(title, f.width);
    const float w = text_w(t);
    const float tx = std::clamp(f.plot.GetCenter().x - w * 0.5f, f.origin.x, f.origin.x + f.width - w);
    f.dl->AddText(ImVec2(tx, y), f.c.text, t.c_str());
}

// y: horizontal grid lines, right-aligned labels; a label is skipped if it would leave the block.
void y_axis(const XYFrame& f) {
    ImDrawList* dl = f.dl;
    for (std::size_t i = 0; i < f.ya.ticks.size(); ++i) {
        const float y = f.sy(f.ya.ticks[i]);
        dl->AddLine(ImVec2(f.plot.Min.x, y), ImVec2(f.plot.Max.x, y), f.ya.ticks[i] == 0.0 ? f.c.axis : f.c.grid, 1.0f);
        const std::string& s = f.ya.labels[i];
        const float ty = y - line_h() * 0.5f;
        if (ty < f.origin.y + f.legend_h - 1.0f) continue;
        dl->AddText(ImVec2(f.plot.Min.x - em() * 0.4f - text_w(s), ty), f.c.tick, s.c_str());
    }
}

void numeric_x_axis(const XYFrame& f, bool x_grid, float label_y) {
    const float gap = em() * 0.35f;
    Occupancy occ;
    for (std::size_t i = 0; i < f.xa.ticks.size(); ++i) {
        const float x = f.sx(f.xa.ticks[i]);
        if (x_grid) f.dl->AddLine(ImVec2(x, f.plot.Min.y), ImVec2(x, f.plot.Max.y), f.c.grid, 1.0f);
        f.dl->AddLine(ImVec2(x, f.plot.Max.y), ImVec2(x, f.plot.Max.y + gap * 0.8f), f.c.axis, 1.0f);
        x_tick_label(f, occ, x, f.xa.labels[i], label_y);
    }
}

void category_x_axis(const XYFrame& f, float label_y) {
    for (std::size_t i = 0; i < f.cat_lines.size(); ++i) {
        if (static_cast<int>(i) % f.stride != 0) continue;
        const float cx = f.plot.Min.x + f.slot * (static_cast<float>(i) + 0.5f);
        float ly = label_y;
        for (const std::string& line : f.cat_lines[i]) {
            const float w = text_w(line);
            const float lx = std::clamp(cx - w * 0.5f, f.origin.x, f.origin.x + f.width - w);
            f.dl->AddText(ImVec2(lx, ly), f.c.tick, line.c_str());
            ly += line_h();
        }
    }
}

}  // namespace

void draw_xy_axes(const XYFrame& f, bool x_grid) {
    const float gap = em() * 0.35f;
    if (!f.y_title.empty())
        f.dl->AddText(ImVec2(f.origin.x, f.plot.Min.y - line_h() - gap * 1.5f), f.c.text, fit_text(f.y_title, f.width).c_str());
    y_axis(f);
    const float label_y = f.plot.Max.y + gap;
    if (f.cat_lines.empty()) numeric_x_axis(f, x_grid, label_y);
    else category_x_axis(f, label_y);
    f.dl->AddLine(ImVec2(f.plot.Min.x, f.plot.Max.y), ImVec2(f.plot.Max.x, f.plot.Max.y), f.c.axis, 1.0f);
    x_title(f, f.x_title, f.plot.Max.y + f.x_labels_h);
}

void draw_row_axes(const RowFrame& f, std::optional<std::size_t> highlight) {
    ImDrawList* dl = f.dl;
    const float gap = em() * 0.35f;
    if (highlight)
        dl->AddRectFilled(ImVec2(f.origin.x, f.row_top(*highlight)), ImVec2(f.plot.Max.x, f.row_top(*highlight) + f.row_h),
                          f.c.band_a, 3.0f);
    Occupancy occ;
    for (std::size_t i = 0; i < f.xa.ticks.size(); ++i) {
        const float x = f.sx(f.xa.ticks[i]);
        const ImU32 col = f.xa.ticks[i] == 0.0 ? f.c.axis : f.c.grid;
        if (f.labels_above) {  // grid only behind the bars, not through the labels
            for (std::size_t r = 0; r < f.labels.size(); ++r)
                dl->AddLine(ImVec2(x, f.bar_top(r) - 2.0f), ImVec2(x, f.bar_top(r) + f.bar_h + 2.0f), col, 1.0f);
        } else {
            dl->AddLine(ImVec2(x, f.plot.Min.y), ImVec2(x, f.plot.Max.y), col, 1.0f);
        }
        x_tick_label(f, occ, x, f.xa.labels[i], f.plot.Max.y + gap);
    }
    dl->AddLine(ImVec2(f.plot.Min.x, f.plot.Max.y), ImVec2(f.plot.Max.x, f.plot.Max.y), f.c.axis, 1.0f);
    for (std::size_t r = 0; r < f.labels.size(); ++r) {
        const std::string& s = f.labels[r];
        if (f.labels_above) dl->AddText(ImVec2(f.origin.x, f.row_top(r) + 2.0f), f.c.text, s.c_str());
        else dl->AddText(ImVec2(f.plot.Min.x - em() * 0.5f - text_w(s), f.bar_top(r) + (f.bar_h - line_h()) * 0.5f), f.c.text, s.c_str());
    }
    x_title(f, f.x_title, f.plot.Max.y + line_h() + gap * 2.5f);
}

}  // namespace packfolio::app::chart
