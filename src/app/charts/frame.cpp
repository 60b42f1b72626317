#define IMGUI_DEFINE_MATH_OPERATORS
#include "app/charts/frame.hpp"

#include <algorithm>
#include <cmath>

#include "app/charts/text.hpp"

namespace packfolio::app::chart {

namespace {

// Fits the category labels into their slots of a plot `plot_w` wide: wrapped to two lines (waterfall) or
// thinned to every stride-th (years). Returns the label rows they need.
int fit_categories(XYFrame& f, const XYSpec& s, float plot_w) {
    const std::size_t n = std::max<std::size_t>(s.categories->size(), 1);
    f.slot = plot_w / static_cast<float>(n);
    f.cat_lines.assign(s.categories->size(), {});
    f.categories_fit = true;
    int rows_needed = 1;
    float widest = 0.0f;
    for (std::size_t i = 0; i < s.categories->size(); ++i) {
        const std::string& label = (*s.categories)[i];
        widest = std::max(widest, text_w(label));
        if (s.wrap_categories) {
            f.cat_lines[i] = wrap_words(label, f.slot - em() * 0.4f, 2);
            if (f.cat_lines[i].empty()) {
                f.categories_fit = false;
                f.cat_lines[i] = {fit_text(label, f.slot - em() * 0.4f)};
            }
            rows_needed = std::max(rows_needed, static_cast<int>(f.cat_lines[i].size()));
        } else {
            f.cat_lines[i] = {label};
        }
    }
    // Thinning keeps a regular rhythm (every 2nd or 5th year) rather than greedy gaps.
    f.stride = s.wrap_categories ? 1 : std::max(1, static_cast<int>(std::ceil((widest + em() * 0.8f) / f.slot)));
    return rows_needed;
}

}  // namespace

Frame open_frame(const std::vector<LegendEntry>& entries) {
    Frame f;
    f.dl = ImGui::GetWindowDrawList();
    f.c = colours();
    f.origin = ImGui::GetCursorScreenPos();
    f.width = std::max(ImGui::GetContentRegionAvail().x, em() * 10.0f);
    f.legend_h = legend(nullptr, f.origin, f.width, entries, f.c);
    return f;
}

bool place_frame(Frame& f, const std::vector<LegendEntry>& entries) {
    ImGui::Dummy(ImVec2(f.width, f.total_h));
    if (!ImGui::IsItemVisible()) return false;
    f.mouse = ImGui::GetIO().MousePos;
    f.hovered = ImGui::IsWindowHovered() && ImGui::IsMouseHoveringRect(f.plot.Min, f.plot.Max);
    legend(f.dl, f.origin, f.width, entries, f.c);
    return true;
}

XYFrame layout_xy(const XYSpec& s, float height, const std::vector<LegendEntry>& entries) {
    XYFrame f;
    static_cast<Frame&>(f) = open_frame(entries);
    f.x_title = with_unit(s.x->title, s.x->unit);
    f.y_title = with_unit(s.y->title, s.y->unit);
    const float gap = em() * 0.35f;
    const float y_title_h = f.y_title.empty() ? gap : line_h() + gap * 1.5f;
    const float x_title_h = f.x_title.empty() ? 0.0f : line_h() + gap;
    // Two passes at most: wrapped category labels may need a second row, which shortens the plot.
    int label_rows = 1;
    for (int pass = 0; pass < 2; ++pass) {
        f.x_labels_h = static_cast<float>(label_rows) * line_h() + gap * 1.5f;
        const float plot_h = std::max(height - y_title_h - f.x_labels_h - x_title_h, line_h() * 3.0f);
        f.ya = numeric_axis(s.y_lo, s.y_hi, *s.y, s.y_zero, plot_h, false);
        const float left = f.ya.label_w + em() * 0.6f;
        const float right = s.categories ? em() * 0.3f : em() * 1.2f;
        const float plot_w = std::max(f.width - left - right, em() * 4.0f);
        const float top = f.origin.y + f.legend_h + y_title_h;
        f.plot = ImRect(f.origin.x + left, top, f.origin.x + left + plot_w, top + plot_h);
        f.total_h = f.legend_h + y_title_h + plot_h + f.x_labels_h + x_title_h;
        if (!s.categories) {
            Axis xspec = *s.x;
            if (!s.x_extend) xspec.min = s.x_lo, xspec.max = s.x_hi;
            f.xa = numeric_axis(s.x_lo, s.x_hi, xspec, false, plot_w, true);
            break;
        }
        const int rows_needed = fit_categories(f, s, plot_w);
        if (rows_needed == label_rows) break;
        label_rows = rows_needed;
    }
    f.sy = Scale{f.ya.lo, f.ya.hi, f.plot.Max.y, f.plot.Min.y};
    if (!s.categories) f.sx = Scale{f.xa.lo, f.xa.hi, f.plot.Min.x, f.plot.Max.x};
    else f.sx = Scale{0.0, static_cast<double>(std::max<std::size_t>(s.categories->size(), 1)), f.plot.Min.x, f.plot.Max.x};
    return f;
}

RowFrame layout_rows(const std::vector<std::string>& labels, const Axis& x, double lo, double hi, bool x_zero, float min_height,
                     const std::vector<LegendEntry>& entries) {
    RowFrame f;
    static_cast<Frame&>(f) = open_frame(entries);
    f.x_title = with_unit(x.title, x.unit);
    float widest = 0.0f;
    for (const std::string& s : labels) widest = std::max(widest, text_w(s));
    f.labels_above = widest > f.width * 0.36f;
    const float label_w = f.labels_above ? 0.0f : widest + em() * 0.7f;
    f.bar_h = line_h() * 1.15f;
    f.row_h = f.labels_above ? line_h() + f.bar_h + em() * 0.6f : f.bar_h + em() * 0.5f;
    const float gap = em() * 0.35f;
    const float axis_h = line_h() + gap * 1.5f + (f.x_title.empty() ? 0.0f : line_h() + gap);
    const float n = static_cast<float>(std::max<std::size_t>(labels.size(), 1));
    // Extra height widens the rows a little; beyond that the chart just keeps its natural size.
    const float wanted = (min_height - axis_h - gap) / n;
    if (wanted > f.row_h) f.row_h = std::min(wanted, f.row_h * 1.5f);
    const float top = f.origin.y + f.legend_h + gap;
    const float right = em() * 1.2f;
    f.plot = ImRect(f.origin.x + label_w, top, f.origin.x + f.width - right, top + f.row_h * n);
    f.xa = numeric_axis(lo, hi, x, x_zero, f.plot.GetWidth(), true);
    f.sx = Scale{f.xa.lo, f.xa.hi, f.plot.Min.x, f.plot.Max.x};
    f.total_h = f.legend_h + gap + f.plot.GetHeight() + axis_h;
    for (const std::string& s : labels) f.labels.push_back(fit_text(s, f.labels_above ? f.width : label_w - em() * 0.5f));
    return f;
}

}  // namespace packfolio::app::chart
