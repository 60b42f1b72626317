// Chart primitives drawn with ImDrawList. Shared pieces (number formatting, nice ticks, one axis
// routine, legend, tooltips) come first; each chart below only maps its data onto them.
#define IMGUI_DEFINE_MATH_OPERATORS
#include "charts.hpp"

#include <imgui.h>
#include <imgui_internal.h>  // ImRect and ImVec2 operators; pinned to Dear ImGui 1.86

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <utility>

#include "theme.hpp"

namespace packfolio::app {

namespace {

// ---------------------------------------------------------------------------------------------------
// Numbers

double round_significant(double a, int digits) {
    if (a == 0.0 || !std::isfinite(a)) return a;
    const double p = std::pow(10.0, digits - 1 - static_cast<int>(std::floor(std::log10(a))));
    return std::round(a * p) / p;
}

std::string fixed_trimmed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s = buf;
    if (s.find('.') != std::string::npos) {
        while (!s.empty() && s.back() == '0') s.pop_back();
        if (!s.empty() && s.back() == '.') s.pop_back();
    }
    if (s == "-0") s = "0";
    return s;
}

struct Magnitude {
    double divisor;
    const char* suffix;
};

Magnitude magnitude_of(double a) {
    if (a >= 1e12) return {1e12, "T"};
    if (a >= 1e9) return {1e9, "B"};
    if (a >= 1e6) return {1e6, "M"};
    if (a >= 1e3) return {1e3, "k"};
    return {1.0, ""};
}

// |value| with 3 significant digits and a k/M/B suffix. Rounded before choosing the suffix so that
// 999.7 reads "1k", not "1000".
std::string compact_abs(double a) {
    a = round_significant(std::fabs(a), 3);
    if (a == 0.0) return "0";
    const Magnitude m = magnitude_of(a);
    const double s = a / m.divisor;
    const int decimals = std::clamp(2 - static_cast<int>(std::floor(std::log10(s))), 0, 6);
    return fixed_trimmed(s, decimals) + m.suffix;
}

// Tick labels share one suffix and enough decimals for the step, so a scale reads 0, 2.5k, 5k, 7.5k
// rather than mixing 2500 and 5k. The unit stays in the axis title.
std::vector<std::string> tick_labels(const std::vector<double>& ticks, double step) {
    double largest = 0.0;
    for (double t : ticks) largest = std::max(largest, std::fabs(t));
    const Magnitude m = magnitude_of(largest);
    const double scaled_step = step / m.divisor;
    int decimals = 0;
    while (decimals < 6) {
        const double v = scaled_step * std::pow(10.0, decimals);
        if (std::fabs(v - std::round(v)) < 1e-6 * std::max(1.0, v)) break;
        ++decimals;
    }
    std::vector<std::string> out;
    out.reserve(ticks.size());
    for (double t : ticks) {
        if (std::fabs(t) < step * 1e-9) t = 0.0;
        std::string s = fixed_trimmed(t / m.divisor, decimals);
        out.push_back(s == "0" ? s : s + m.suffix);
    }
    return out;
}

// ---------------------------------------------------------------------------------------------------
// Colours: derived from the active ImGui style each frame, so charts follow apply_theme() unaided.

struct Colours {
    Theme theme;
    ImU32 text, tick, grid, axis, bg, band_a, band_b, neutral;
};

Colours colours() {
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    const float luminance = 0.299f * bg.x + 0.587f * bg.y + 0.114f * bg.z;
    Colours c{};
    c.theme = luminance < 0.5f ? Theme::dark : Theme::light;
    c.text = ImGui::GetColorU32(ImGuiCol_Text);
    c.tick = ImGui::GetColorU32(ImGuiCol_Text, 0.72f);
    c.grid = ImGui::GetColorU32(ImGuiCol_Text, 0.10f);
    c.axis = ImGui::GetColorU32(ImGuiCol_Text, 0.45f);
    c.bg = ImGui::ColorConvertFloat4ToU32(ImVec4(bg.x, bg.y, bg.z, 1.0f));
    c.band_a = ImGui::GetColorU32(ImGuiCol_Text, 0.035f);
    c.band_b = ImGui::GetColorU32(ImGuiCol_Text, 0.08f);
    c.neutral = ImGui::GetColorU32(ImGuiCol_Text, 0.55f);
    return c;
}

ImU32 series(int index, const Colours& c) { return series_colour(index, c.theme); }

ImU32 with_alpha(ImU32 col, float alpha) {
    const ImU32 a = static_cast<ImU32>(static_cast<float>((col >> IM_COL32_A_SHIFT) & 0xFF) * std::clamp(alpha, 0.0f, 1.0f));
    return (col & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT);
}

// Opaque blend, for fills that must not show grid lines through them.
ImU32 mix(ImU32 a, ImU32 b, float t) {
    const ImVec4 x = ImGui::ColorConvertU32ToFloat4(a), y = ImGui::ColorConvertU32ToFloat4(b);
    return ImGui::ColorConvertFloat4ToU32(ImVec4(x.x + (y.x - x.x) * t, x.y + (y.y - x.y) * t, x.z + (y.z - x.z) * t, 1.0f));
}

// ---------------------------------------------------------------------------------------------------
// Text and shapes

float line_h() { return ImGui::GetTextLineHeight(); }
float em() { return ImGui::GetFontSize(); }
float text_w(const std::string& s) { return ImGui::CalcTextSize(s.c_str()).x; }

// Shortens with "…" to fit; the tooltip still shows the whole text.
std::string fit_text(const std::string& s, float max_w) {
    if (text_w(s) <= max_w) return s;
    std::string t = s;
    while (!t.empty()) {
        t.pop_back();
        while (!t.empty() && (static_cast<unsigned char>(t.back()) & 0xC0) == 0x80) t.pop_back();  // UTF-8 continuation
        while (!t.empty() && t.back() == ' ') t.pop_back();
        if (text_w(t + "\xE2\x80\xA6") <= max_w) return t + "\xE2\x80\xA6";
    }
    return "";
}

// Greedy word wrap into at most max_lines lines of max_w; empty if it does not fit.
std::vector<std::string> wrap_words(const std::string& s, float max_w, int max_lines) {
    std::vector<std::string> lines;
    std::string line, word;
    auto flush_word = [&]() -> bool {
        if (word.empty()) return true;
        const std::string joined = line.empty() ? word : line + " " + word;
        if (text_w(joined) <= max_w) line = joined;
        else {
            if (line.empty()) return false;  // a single word wider than the space
            lines.push_back(line);
            line = word;
            if (text_w(line) > max_w) return false;
        }
        word.clear();
        return true;
    };
    for (char ch : s) {
        if (ch == ' ') {
            if (!flush_word()) return {};
        } else word += ch;
    }
    if (!flush_word()) return {};
    if (!line.empty()) lines.push_back(line);
    if (static_cast<int>(lines.size()) > max_lines) return {};
    return lines;
}

std::string with_unit(const std::string& title, const std::string& unit) {
    if (unit.empty()) return title;
    if (title.empty()) return unit;
    return title + " (" + unit + ")";
}

// Text with a background patch, for labels drawn over lines and fills.
void label_with_bg(ImDrawList* dl, ImVec2 pos, const std::string& s, ImU32 col, ImU32 bg) {
    const ImVec2 size = ImGui::CalcTextSize(s.c_str());
    dl->AddRectFilled(pos - ImVec2(2, 0), pos + size + ImVec2(2, 0), with_alpha(bg, 0.85f), 2.0f);
    dl->AddText(pos, col, s.c_str());
}

// Dashes follow the path length so a dashed curve looks even at any slope.
void dashed_polyline(ImDrawList* dl, const std::vector<ImVec2>& pts, ImU32 col, float thickness, float dash, float gap) {
    float phase = 0.0f;  // distance into the current dash+gap period
    const float period = dash + gap;
    for (std::size_t i = 1; i < pts.size(); ++i) {
        const ImVec2 a = pts[i - 1], b = pts[i];
        const ImVec2 d = b - a;
        const float len = std::sqrt(d.x * d.x + d.y * d.y);
        float t = 0.0f;
        while (t < len) {
            const bool on = phase < dash;
            const float step = std::min(len - t, on ? dash - phase : period - phase);
            if (on) dl->AddLine(a + d * (t / len), a + d * ((t + step) / len), col, thickness);
            t += step;
            phase += step;
            if (phase >= period - 1e-4f) phase = 0.0f;
        }
    }
}

void dashed_line(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float thickness = 1.0f) {
    dashed_polyline(dl, {a, b}, col, thickness, 4.0f, 3.0f);
}

// 1-D occupancy for labels along an axis: a label is drawn only if it does not touch one already drawn.
struct Occupancy {
    std::vector<std::pair<float, float>> spans;
    bool take(float a, float b, float gap) {
        for (const auto& s : spans)
            if (a < s.second + gap && b > s.first - gap) return false;
        spans.emplace_back(a, b);
        return true;
    }
};

// ---------------------------------------------------------------------------------------------------
// Legend

enum class Swatch { line, dashed, box, circle, square, open_square, ring, shade };

struct LegendEntry {
    std::string label;
    ImU32 colour;
    Swatch swatch;
    ImU32 colour2 = 0;  // shade: the light end
};

void draw_swatch(ImDrawList* dl, ImVec2 min, float w, float h, const LegendEntry& e, const Colours& c) {
    const ImVec2 mid(min.x + w * 0.5f, min.y + h * 0.5f);
    const float r = h * 0.32f;
    switch (e.swatch) {
    case Swatch::line: dl->AddLine(ImVec2(min.x, mid.y), ImVec2(min.x + w, mid.y), e.colour, 2.5f); break;
    case Swatch::dashed: dashed_polyline(dl, {ImVec2(min.x, mid.y), ImVec2(min.x + w, mid.y)}, e.colour, 2.0f, 4.0f, 3.0f); break;
    case Swatch::box: dl->AddRectFilled(ImVec2(min.x + 2, mid.y - r), ImVec2(min.x + w - 2, mid.y + r), e.colour, 2.0f); break;
    case Swatch::circle: dl->AddCircleFilled(mid, r, e.colour, 16); break;
    case Swatch::square: dl->AddRectFilled(mid - ImVec2(r, r), mid + ImVec2(r, r), e.colour); break;
    case Swatch::open_square:
        dl->AddRectFilled(mid - ImVec2(r, r), mid + ImVec2(r, r), c.bg);
        dl->AddRect(mid - ImVec2(r, r), mid + ImVec2(r, r), e.colour, 0.0f, 0, 2.0f);
        break;
    case Swatch::ring:
        dl->AddCircle(mid, r + 1.0f, c.bg, 16, 4.0f);
        dl->AddCircle(mid, r + 1.0f, e.colour, 16, 2.0f);
        break;
    case Swatch::shade:
        dl->AddRectFilledMultiColor(ImVec2(min.x + 2, mid.y - r), ImVec2(min.x + w - 2, mid.y + r), e.colour2, e.colour, e.colour,
                                    e.colour2);
        break;
    }
}

// Flows entries into rows that wrap at `width`; returns the height used. Measures only unless `dl`.
float legend(ImDrawList* dl, ImVec2 origin, float width, const std::vector<LegendEntry>& entries, const Colours& c) {
    if (entries.empty()) return 0.0f;
    const float sw = em() * 1.4f, gap = em() * 0.35f, spacing = em() * 1.1f, row_h = line_h() + 4.0f;
    float x = 0.0f, y = 0.0f;
    for (const LegendEntry& e : entries) {
        const std::string label = fit_text(e.label, width - sw - gap);
        const float w = sw + gap + text_w(label);
        if (x > 0.0f && x + w > width) {
            x = 0.0f;
            y += row_h;
        }
        if (dl) {
            draw_swatch(dl, ImVec2(origin.x + x, origin.y + y + 2.0f), sw, line_h(), e, c);
            dl->AddText(ImVec2(origin.x + x + sw + gap, origin.y + y + 2.0f), c.text, label.c_str());
        }
        x += w + spacing;
    }
    return y + row_h + em() * 0.3f;
}

// ---------------------------------------------------------------------------------------------------
// Tooltips

void tooltip_row(ImU32 colour, const std::string& label, const std::string& value) {
    const float s = line_h();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddRectFilled(p + ImVec2(1, s * 0.2f), p + ImVec2(s * 0.6f + 1, s * 0.8f), colour, 2.0f);
    ImGui::Dummy(ImVec2(s * 0.6f + 2, s));
    ImGui::SameLine();
    if (label.empty()) ImGui::TextUnformatted(value.c_str());
    else ImGui::Text("%s: %s", label.c_str(), value.c_str());
}

void tooltip_text(const std::string& s) { ImGui::TextUnformatted(s.c_str()); }
void tooltip_note(const std::string& s) { ImGui::TextDisabled("%s", s.c_str()); }

// ---------------------------------------------------------------------------------------------------
// Axes: nice 1-2-5 ticks and a linear scale

double nice_step(double raw) {
    if (!(raw > 0.0) || !std::isfinite(raw)) return 1.0;
    const double p = std::pow(10.0, std::floor(std::log10(raw)));
    const double f = raw / p;
    const double n = f <= 1.0 ? 1.0 : f <= 2.0 ? 2.0 : f <= 5.0 ? 5.0 : 10.0;
    return n * p;
}

struct Scale {
    double lo = 0.0, hi = 1.0;
    float a = 0.0f, b = 1.0f;  // screen positions of lo and hi (for y, a is the bottom)
    float operator()(double v) const { return a + static_cast<float>((v - lo) / (hi - lo)) * (b - a); }
    double inverse(float p) const { return lo + static_cast<double>((p - a) / (b - a)) * (hi - lo); }
};

struct NumericAxis {
    double lo = 0.0, hi = 1.0, step = 1.0;
    std::vector<double> ticks;
    std::vector<std::string> labels;
    float label_w = 0.0f;  // widest label
};

// Chooses the range and ticks for `length` pixels: as many 1-2-5 ticks as fit with room for their
// labels (horizontal) or two and a half lines apart (vertical). The data range widens to whole steps
// unless the axis fixes it.
NumericAxis numeric_axis(double lo, double hi, const Axis& spec, bool include_zero, float length, bool horizontal) {
    if (!std::isfinite(lo) || !std::isfinite(hi) || lo > hi) lo = 0.0, hi = 1.0;
    if (include_zero) lo = std::min(lo, 0.0), hi = std::max(hi, 0.0);
    if (spec.min) lo = *spec.min;
    if (spec.max) hi = *spec.max;
    if (hi - lo <= 1e-12 * std::max(1.0, std::fabs(lo))) {
        const double pad = std::max(std::fabs(lo) * 0.1, 1.0);
        if (!spec.min) lo -= pad;
        if (!spec.max) hi += pad;
        if (!(hi > lo)) hi = lo + pad;
    }
    int max_count = horizontal ? static_cast<int>(length / (em() * 4.0f)) : static_cast<int>(length / (line_h() * 2.4f));
    max_count = std::clamp(max_count, 2, horizontal ? 10 : 8);
    NumericAxis ax;
    for (;; --max_count) {
        ax = NumericAxis();
        ax.step = nice_step((hi - lo) / max_count);
        ax.lo = spec.min ? lo : std::floor(lo / ax.step + 1e-9) * ax.step;
        ax.hi = spec.max ? hi : std::ceil(hi / ax.step - 1e-9) * ax.step;
        const double k0 = std::ceil(ax.lo / ax.step - 1e-9), k1 = std::floor(ax.hi / ax.step + 1e-9);
        for (double k = k0; k <= k1; k += 1.0) ax.ticks.push_back(k * ax.step);
        ax.labels = tick_labels(ax.ticks, ax.step);
        for (const std::string& s : ax.labels) ax.label_w = std::max(ax.label_w, text_w(s));
        if (!horizontal || max_count <= 2) break;
        // Every label plus a gap of one em must fit along the axis.
        if (static_cast<float>(ax.ticks.size()) * (ax.label_w + em()) <= length) break;
    }
    return ax;
}

// ---------------------------------------------------------------------------------------------------
// Chart frame: legend on top, then the y-axis title, the plot, the x tick labels and the x title.

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

Frame open_frame(const std::vector<LegendEntry>& entries) {
    Frame f;
    f.dl = ImGui::GetWindowDrawList();
    f.c = colours();
    f.origin = ImGui::GetCursorScreenPos();
    f.width = std::max(ImGui::GetContentRegionAvail().x, em() * 10.0f);
    f.legend_h = legend(nullptr, f.origin, f.width, entries, f.c);
    return f;
}

// Decides hover, draws the legend and reserves the block in the layout. Returns false when the block is
// scrolled out of view: then nothing else needs drawing.
bool place_frame(Frame& f, const std::vector<LegendEntry>& entries) {
    ImGui::Dummy(ImVec2(f.width, f.total_h));
    if (!ImGui::IsItemVisible()) return false;
    f.mouse = ImGui::GetIO().MousePos;
    f.hovered = ImGui::IsWindowHovered() && ImGui::IsMouseHoveringRect(f.plot.Min, f.plot.Max);
    legend(f.dl, f.origin, f.width, entries, f.c);
    return true;
}

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

XYFrame layout_xy(const XYSpec& s, float height, const std::vector<LegendEntry>& entries) {
    XYFrame f;
    static_cast<Frame&>(f) = open_frame(entries);
    f.x_title = with_unit(s.x->title, s.x->unit);
    f.y_title = with_unit(s.y->title, s.y->unit);
    const float gap = em() * 0.35f;
    const float y_title_h = f.y_title.empty() ? gap : line_h() + gap * 1.5f;
    const float x_title_h = f.x_title.empty() ? 0.0f : line_h() + gap;
    int label_rows = 1;
    for (int pass = 0; pass < 2; ++pass) {
        f.x_labels_h = static_cast<float>(label_rows) * line_h() + gap * 1.5f;
        const float plot_h = std::max(height - y_title_h - f.x_labels_h - x_title_h, line_h() * 3.0f);
        Axis yspec = *s.y;
        f.ya = numeric_axis(s.y_lo, s.y_hi, yspec, s.y_zero, plot_h, false);
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
        if (rows_needed == label_rows) break;
        label_rows = rows_needed;
    }
    f.sy = Scale{f.ya.lo, f.ya.hi, f.plot.Max.y, f.plot.Min.y};
    if (!s.categories) f.sx = Scale{f.xa.lo, f.xa.hi, f.plot.Min.x, f.plot.Max.x};
    else f.sx = Scale{0.0, static_cast<double>(std::max<std::size_t>(s.categories->size(), 1)), f.plot.Min.x, f.plot.Max.x};
    return f;
}

// Draws grid lines, tick labels and both titles: the one axis routine every x-y chart shares.
void draw_xy_axes(const XYFrame& f, bool x_grid = true) {
    ImDrawList* dl = f.dl;
    const float gap = em() * 0.35f;
    if (!f.y_title.empty())
        dl->AddText(ImVec2(f.origin.x, f.plot.Min.y - line_h() - gap * 1.5f), f.c.text, fit_text(f.y_title, f.width).c_str());
    // y: horizontal grid lines, right-aligned labels; a label is skipped if it would leave the block.
    for (std::size_t i = 0; i < f.ya.ticks.size(); ++i) {
        const float y = f.sy(f.ya.ticks[i]);
        dl->AddLine(ImVec2(f.plot.Min.x, y), ImVec2(f.plot.Max.x, y), f.ya.ticks[i] == 0.0 ? f.c.axis : f.c.grid, 1.0f);
        const std::string& s = f.ya.labels[i];
        const float ty = y - line_h() * 0.5f;
        if (ty < f.origin.y + f.legend_h - 1.0f) continue;
        dl->AddText(ImVec2(f.plot.Min.x - em() * 0.4f - text_w(s), ty), f.c.tick, s.c_str());
    }
    const float label_y = f.plot.Max.y + gap;
    if (f.cat_lines.empty()) {
        Occupancy occ;
        for (std::size_t i = 0; i < f.xa.ticks.size(); ++i) {
            const float x = f.sx(f.xa.ticks[i]);
            if (x_grid) dl->AddLine(ImVec2(x, f.plot.Min.y), ImVec2(x, f.plot.Max.y), f.c.grid, 1.0f);
            dl->AddLine(ImVec2(x, f.plot.Max.y), ImVec2(x, f.plot.Max.y + gap * 0.8f), f.c.axis, 1.0f);
            const std::string& s = f.xa.labels[i];
            const float w = text_w(s);
            const float lx = std::clamp(x - w * 0.5f, f.origin.x, f.origin.x + f.width - w);  // never clipped at the edges
            if (occ.take(lx, lx + w, em() * 0.5f)) dl->AddText(ImVec2(lx, label_y), f.c.tick, s.c_str());
        }
    } else {
        for (std::size_t i = 0; i < f.cat_lines.size(); ++i) {
            if (static_cast<int>(i) % f.stride != 0) continue;
            const float cx = f.plot.Min.x + f.slot * (static_cast<float>(i) + 0.5f);
            float ly = label_y;
            for (const std::string& line : f.cat_lines[i]) {
                const float w = text_w(line);
                const float lx = std::clamp(cx - w * 0.5f, f.origin.x, f.origin.x + f.width - w);
                dl->AddText(ImVec2(lx, ly), f.c.tick, line.c_str());
                ly += line_h();
            }
        }
    }
    dl->AddLine(ImVec2(f.plot.Min.x, f.plot.Max.y), ImVec2(f.plot.Max.x, f.plot.Max.y), f.c.axis, 1.0f);
    if (!f.x_title.empty()) {
        const std::string t = fit_text(f.x_title, f.width);
        const float w = text_w(t);
        const float tx = std::clamp(f.plot.GetCenter().x - w * 0.5f, f.origin.x, f.origin.x + f.width - w);
        dl->AddText(ImVec2(tx, f.plot.Max.y + f.x_labels_h), f.c.text, t.c_str());
    }
}

// ---------------------------------------------------------------------------------------------------
// Row frame for horizontal bars (tornado, and the waterfall on phones): one row per category with its
// label at the left, or above the bar when labels would take too much of a narrow screen.

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
        const std::string& s = f.xa.labels[i];
        const float w = text_w(s);
        const float lx = std::clamp(x - w * 0.5f, f.origin.x, f.origin.x + f.width - w);
        if (occ.take(lx, lx + w, em() * 0.5f)) dl->AddText(ImVec2(lx, f.plot.Max.y + gap), f.c.tick, s.c_str());
    }
    dl->AddLine(ImVec2(f.plot.Min.x, f.plot.Max.y), ImVec2(f.plot.Max.x, f.plot.Max.y), f.c.axis, 1.0f);
    for (std::size_t r = 0; r < f.labels.size(); ++r) {
        const std::string& s = f.labels[r];
        if (f.labels_above) dl->AddText(ImVec2(f.origin.x, f.row_top(r) + 2.0f), f.c.text, s.c_str());
        else dl->AddText(ImVec2(f.plot.Min.x - em() * 0.5f - text_w(s), f.bar_top(r) + (f.bar_h - line_h()) * 0.5f), f.c.text, s.c_str());
    }
    if (!f.x_title.empty()) {
        const std::string t = fit_text(f.x_title, f.width);
        const float w = text_w(t);
        const float tx = std::clamp(f.plot.GetCenter().x - w * 0.5f, f.origin.x, f.origin.x + f.width - w);
        dl->AddText(ImVec2(tx, f.plot.Max.y + line_h() + gap * 2.5f), f.c.text, t.c_str());
    }
}

std::optional<std::size_t> hovered_row(const RowFrame& f) {
    if (!f.hovered && !(ImGui::IsWindowHovered() && ImGui::IsMouseHoveringRect(ImVec2(f.origin.x, f.plot.Min.y), f.plot.Max)))
        return std::nullopt;
    const float r = (f.mouse.y - f.plot.Min.y) / f.row_h;
    if (r < 0.0f || r >= static_cast<float>(f.labels.size())) return std::nullopt;
    return static_cast<std::size_t>(r);
}

void finite_range(double v, double& lo, double& hi) {
    if (!std::isfinite(v)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
}

// ---------------------------------------------------------------------------------------------------
// Line chart helpers

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

// ---------------------------------------------------------------------------------------------------
// Waterfall internals

struct WaterfallColours {
    ImU32 up, down, total;
};

WaterfallColours waterfall_colours(const Colours& c) {
    // Blue up, orange down: the Okabe–Ito pair that stays distinct for all common colour-vision deficiencies.
    return {series(4, c), series(0, c), c.neutral};
}

void waterfall_impl(const WaterfallData& d, float height, std::optional<std::pair<double, double>> shared_range) {
    const std::size_t n = d.steps.size() + 1;  // steps + total
    std::vector<double> before(n), after(n);
    double run = 0.0, lo = 0.0, hi = 0.0;
    for (std::size_t i = 0; i < d.steps.size(); ++i) {
        before[i] = run;
        run += std::isfinite(d.steps[i].value) ? d.steps[i].value : 0.0;
        after[i] = run;
        finite_range(run, lo, hi);
    }
    const double total = d.total ? *d.total : run;
    before[n - 1] = 0.0;
    after[n - 1] = total;
    finite_range(total, lo, hi);
    if (shared_range) lo = std::min(lo, shared_range->first), hi = std::max(hi, shared_range->second);

    std::vector<std::string> labels;
    for (const WaterfallStep& s : d.steps) labels.push_back(s.label);
    labels.push_back(d.total_label);
    const Colours c0 = colours();
    const WaterfallColours wc = waterfall_colours(c0);
    const std::vector<LegendEntry> entries = {{"Increase", wc.up, Swatch::box}, {"Decrease", wc.down, Swatch::box},
                                              {d.total_label, wc.total, Swatch::box}};
    auto colour_of = [&](std::size_t i) { return i == n - 1 ? wc.total : (after[i] >= before[i] ? wc.up : wc.down); };
    const char* unit = d.value.unit.c_str();
    auto tooltip = [&](std::size_t i) {
        ImGui::BeginTooltip();
        tooltip_text(labels[i]);
        if (i == n - 1) {
            tooltip_row(wc.total, "Total", format_number(total, unit));
            if (d.total && std::fabs(*d.total - run) > 1e-9 * std::max(1.0, std::fabs(run)))
                tooltip_note("Sum of the steps: " + format_number(run, unit));
        } else {
            tooltip_row(colour_of(i), "Change", format_signed(d.steps[i].value, unit));
            tooltip_note("Running total: " + format_number(after[i], unit));
        }
        ImGui::EndTooltip();
    };

    XYSpec spec;
    const Axis no_x;  // the step labels name the bars; no x title
    spec.x = &no_x;
    spec.y = &d.value;
    spec.y_lo = lo;
    spec.y_hi = hi;
    spec.y_zero = true;
    spec.categories = &labels;
    spec.wrap_categories = true;
    XYFrame f = layout_xy(spec, height, entries);
    if (f.categories_fit) {
        if (!place_frame(f, entries)) return;
        std::optional<std::size_t> hover;
        if (f.hovered) {
            const float s = (f.mouse.x - f.plot.Min.x) / f.slot;
            if (s >= 0.0f && s < static_cast<float>(n)) hover = static_cast<std::size_t>(s);
        }
        if (hover) {
            const float x0 = f.plot.Min.x + f.slot * static_cast<float>(*hover);
            f.dl->AddRectFilled(ImVec2(x0, f.plot.Min.y), ImVec2(x0 + f.slot, f.plot.Max.y), f.c.band_a);
        }
        draw_xy_axes(f);
        const float bar_w = std::min(f.slot * 0.64f, em() * 5.0f);
        for (std::size_t i = 0; i < n; ++i) {
            const float cx = f.plot.Min.x + f.slot * (static_cast<float>(i) + 0.5f);
            const float y0 = f.sy(before[i]), y1 = f.sy(after[i]);
            const float top = std::min(y0, y1), bottom = std::max(std::max(y0, y1), top + 1.0f);
            f.dl->AddRectFilled(ImVec2(cx - bar_w * 0.5f, top), ImVec2(cx + bar_w * 0.5f, bottom), colour_of(i), 2.0f);
            // Connector to the next bar at the running total, so the eye can follow the cascade.
            if (i + 1 < n) {
                const float nx = f.plot.Min.x + f.slot * (static_cast<float>(i) + 1.5f);
                dashed_line(f.dl, ImVec2(cx + bar_w * 0.5f, y1), ImVec2(nx - bar_w * 0.5f, y1), f.c.axis);
            }
            // Value on the bar end when it fits in the slot and inside the plot.
            const double v = i == n - 1 ? total : d.steps[i].value;
            const std::string s = i == n - 1 ? format_number(v, unit) : format_signed(v, unit);
            const float w = text_w(s);
            if (w > f.slot - 4.0f) continue;
            const bool above = after[i] >= before[i];
            const float ty = above ? top - line_h() - 2.0f : bottom + 2.0f;
            if (ty < f.plot.Min.y - line_h() * 0.2f || ty + line_h() > f.plot.Max.y) continue;
            f.dl->AddText(ImVec2(cx - w * 0.5f, ty), f.c.tick, s.c_str());
        }
        if (hover) tooltip(*hover);
        return;
    }

    // Phones: one row per step, the cascade running downwards.
    RowFrame r = layout_rows(labels, d.value, lo, hi, true, height, entries);
    if (!place_frame(r, entries)) return;
    const std::optional<std::size_t> hover = hovered_row(r);
    draw_row_axes(r, hover);
    for (std::size_t i = 0; i < n; ++i) {
        const float x0 = r.sx(before[i]), x1 = r.sx(after[i]);
        const float left = std::min(x0, x1), right = std::max(std::max(x0, x1), left + 1.0f);
        const float top = r.bar_top(i);
        r.dl->AddRectFilled(ImVec2(left, top), ImVec2(right, top + r.bar_h), colour_of(i), 2.0f);
        if (i + 1 < n) dashed_line(r.dl, ImVec2(x1, top + r.bar_h), ImVec2(x1, r.bar_top(i + 1)), r.c.axis);
        const double v = i == n - 1 ? total : d.steps[i].value;
        const std::string s = i == n - 1 ? format_number(v, unit) : format_signed(v, unit);
        const float w = text_w(s);
        const float ty = top + (r.bar_h - line_h()) * 0.5f;
        // Beside the bar on the side with room; skipped if neither side has it.
        if (right + 4.0f + w <= r.origin.x + r.width) r.dl->AddText(ImVec2(right + 4.0f, ty), r.c.tick, s.c_str());
        else if (left - 4.0f - w >= r.plot.Min.x) r.dl->AddText(ImVec2(left - 4.0f - w, ty), r.c.tick, s.c_str());
    }
    if (hover) tooltip(*hover);
}

// ---------------------------------------------------------------------------------------------------
// Map internals

struct Projection {
    double k = 1.0;                  // cos(mean latitude): keeps shapes right away from the equator
    double x0 = 0.0, y0 = 0.0;       // projected centre
    double scale = 1.0;              // pixels per projected degree
    ImVec2 centre;
    ImVec2 operator()(double lon, double lat) const {
        return ImVec2(centre.x + static_cast<float>((lon * k - x0) * scale), centre.y - static_cast<float>((lat - y0) * scale));
    }
    double lon_at(float px) const { return ((px - centre.x) / scale + x0) / k; }
    double lat_at(float py) const { return y0 - (py - centre.y) / scale; }
};

std::string degrees(double v, bool lon, double step) {
    const int decimals = step < 1.0 ? 1 : 0;
    const std::string num = fixed_trimmed(std::fabs(v), decimals);
    if (num == "0") return "0\xC2\xB0";
    return num + "\xC2\xB0" + (lon ? (v < 0 ? "W" : "E") : (v < 0 ? "S" : "N"));
}

float distance_to_segment(ImVec2 p, ImVec2 a, ImVec2 b) {
    const ImVec2 ab = b - a, ap = p - a;
    const float len2 = ab.x * ab.x + ab.y * ab.y;
    const float t = len2 > 0.0f ? std::clamp((ap.x * ab.x + ap.y * ab.y) / len2, 0.0f, 1.0f) : 0.0f;
    const ImVec2 q = a + ab * t - p;
    return std::sqrt(q.x * q.x + q.y * q.y);
}

}  // namespace

// ===================================================================================================
// Public API

std::string format_number(double value, const char* unit_c) {
    if (!std::isfinite(value)) return "n/a";
    std::string unit = unit_c ? unit_c : "";
    double a = std::fabs(value);
    // Emissions switch to tonnes rather than "12.3k kg".
    if (unit == "kg CO2e") {
        if (round_significant(a, 3) >= 1e9) a /= 1e9, unit = "Mt CO2e";
        else if (round_significant(a, 3) >= 1e6) a /= 1e6, unit = "kt CO2e";
        else if (round_significant(a, 3) >= 1e3) a /= 1e3, unit = "t CO2e";
    }
    const std::string num = compact_abs(a);
    const std::string sign = value < 0.0 && num != "0" ? "-" : "";
    if (unit.empty()) return sign + num;
    if (unit[0] == '$') return sign + "$" + num + unit.substr(1);  // "$", "$/kWh", "$/pack"
    if (unit == "%") return sign + num + " %";
    if (unit == "years" && num == "1") return sign + num + " year";
    return sign + num + " " + unit;
}

std::string format_signed(double value, const char* unit) {
    const std::string s = format_number(value, unit);
    if (!std::isfinite(value) || s[0] == '-' || s.rfind("0", 0) == 0 || s.rfind("$0", 0) == 0) return s;
    return "+" + s;
}

void line_chart(const char* id, const LineChartData& d, float height) {
    ImGui::PushID(id);
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

    const Colours c0 = colours();
    std::vector<LegendEntry> entries;
    if (d.series.size() > 1)
        for (const LineSeries& s : d.series) entries.push_back({s.label, series(s.colour, c0), s.dashed ? Swatch::dashed : Swatch::line});

    XYSpec spec;
    spec.x = &d.x;
    spec.y = &d.y;
    spec.x_lo = x_lo, spec.x_hi = x_hi, spec.y_lo = y_lo, spec.y_hi = y_hi;
    XYFrame f = layout_xy(spec, height, entries);
    if (!place_frame(f, entries)) {
        ImGui::PopID();
        return;
    }
    ImDrawList* dl = f.dl;
    // Bands first: they are the background the rest is read against.
    dl->PushClipRect(f.plot.Min, f.plot.Max, true);
    for (std::size_t i = 0; i < d.bands.size(); ++i) {
        const Band& b = d.bands[i];
        const ImU32 col = b.colour >= 0 ? with_alpha(series(b.colour, f.c), 0.12f) : (i % 2 ? f.c.band_b : f.c.band_a);
        dl->AddRectFilled(ImVec2(f.sx(b.x0), f.plot.Min.y), ImVec2(f.sx(b.x1), f.plot.Max.y), col);
    }
    dl->PopClipRect();
    draw_xy_axes(f);
    dl->PushClipRect(f.plot.Min - ImVec2(0, 2), f.plot.Max + ImVec2(0, 2), true);
    for (const LineSeries& s : d.series) {
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
    // Band labels on the top row, marker labels on the second, each skipped if it would collide.
    const float pad = em() * 0.3f;
    Occupancy band_row, marker_row;
    for (const Band& b : d.bands) {
        const float x0 = std::max(f.sx(b.x0), f.plot.Min.x), x1 = std::min(f.sx(b.x1), f.plot.Max.x);
        const float w = text_w(b.label);
        if (b.label.empty() || w + pad * 2 > x1 - x0) continue;
        if (band_row.take(x0 + pad, x0 + pad + w, pad)) label_with_bg(dl, ImVec2(x0 + pad, f.plot.Min.y + 2.0f), b.label, f.c.tick, f.c.bg);
    }
    for (const VerticalMarker& m : d.markers) {
        const float x = f.sx(m.x);
        dashed_line(dl, ImVec2(x, f.plot.Min.y), ImVec2(x, f.plot.Max.y), f.c.text, 1.25f);
        const float w = text_w(m.label);
        float lx = x + pad;
        if (lx + w > f.plot.Max.x) lx = x - pad - w;  // flip to the left of the line near the right edge
        const float ly = f.plot.Min.y + line_h() + 6.0f;
        if (!m.label.empty() && marker_row.take(lx, lx + w, pad)) label_with_bg(dl, ImVec2(lx, ly), m.label, f.c.text, f.c.bg);
    }
    dl->PopClipRect();

    if (f.hovered) {
        // Snap the cursor to the nearest data x so the read-out shows real points, not interpolations.
        const double mx = f.sx.inverse(f.mouse.x);
        double best = mx, best_d = HUGE_VAL;
        for (const LineSeries& s : d.series)
            for (double x : s.x)
                if (std::isfinite(x) && std::fabs(x - mx) < best_d) best_d = std::fabs(x - mx), best = x;
        const float cx = f.sx(best);
        dl->AddLine(ImVec2(cx, f.plot.Min.y), ImVec2(cx, f.plot.Max.y), f.c.axis, 1.0f);
        ImGui::BeginTooltip();
        tooltip_text(d.x.title.empty() ? format_number(best, d.x.unit.c_str()) : d.x.title + ": " + format_number(best, d.x.unit.c_str()));
        for (const Band& b : d.bands)
            if (!b.label.empty() && best >= std::min(b.x0, b.x1) && best <= std::max(b.x0, b.x1)) tooltip_note(b.label);
        for (const LineSeries& s : d.series) {
            const std::optional<double> v = value_at(s, best);
            if (!v) continue;
            const ImU32 col = series(s.colour, f.c);
            dl->AddCircleFilled(ImVec2(cx, f.sy(*v)), 4.5f, f.c.bg);
            dl->AddCircleFilled(ImVec2(cx, f.sy(*v)), 3.5f, col);
            tooltip_row(col, s.label.empty() ? d.y.title : s.label, format_number(*v, d.y.unit.c_str()));
        }
        for (const VerticalMarker& m : d.markers)
            if (std::fabs(f.sx(m.x) - f.mouse.x) < em() * 0.6f) tooltip_note(m.label + " at " + format_number(m.x, d.x.unit.c_str()));
        ImGui::EndTooltip();
    }
    ImGui::PopID();
}

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
    int sel = selected ? std::clamp(*selected, 0, static_cast<int>(routes.size()) - 1) : 0;
    // Radio buttons that wrap onto new lines rather than a combo: every route stays one tap away.
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
    if (selected) *selected = sel;
    double lo = 0.0, hi = 0.0;
    for (const WaterfallData& d : routes) {
        double run = 0.0;
        for (const WaterfallStep& s : d.steps) {
            run += std::isfinite(s.value) ? s.value : 0.0;
            finite_range(run, lo, hi);
        }
        finite_range(d.total ? *d.total : run, lo, hi);
    }
    waterfall_impl(routes[static_cast<std::size_t>(sel)], height, std::make_pair(lo, hi));
    ImGui::PopID();
}

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
    if (!place_frame(f, entries)) {
        ImGui::PopID();
        return;
    }
    const std::optional<std::size_t> hover = hovered_row(f);
    draw_row_axes(f, hover);
    const float base_x = f.sx(d.base);
    for (std::size_t r = 0; r < order.size(); ++r) {
        const TornadoBar& b = d.bars[order[r]];
        const float top = f.bar_top(r);
        // The longer bar first so a shorter one on the same side stays visible on top of it.
        std::pair<double, ImU32> ends[2] = {{b.output_at_low, low_col}, {b.output_at_high, high_col}};
        if (std::fabs(ends[0].first - d.base) < std::fabs(ends[1].first - d.base)) std::swap(ends[0], ends[1]);
        for (int k = 0; k < 2; ++k) {
            if (!std::isfinite(ends[k].first)) continue;
            const float x = f.sx(ends[k].first);
            const float inset = k == 1 && (ends[0].first - d.base) * (ends[1].first - d.base) > 0 ? f.bar_h * 0.2f : 0.0f;
            f.dl->AddRectFilled(ImVec2(std::min(x, base_x), top + inset), ImVec2(std::max(std::max(x, base_x), std::min(x, base_x) + 1.0f),
                                                                                 top + f.bar_h - inset),
                                ends[k].second, 2.0f);
        }
    }
    f.dl->AddLine(ImVec2(base_x, f.plot.Min.y), ImVec2(base_x, f.plot.Max.y), f.c.text, 1.5f);
    if (d.flip_at) {
        // The breakeven line, and a diamond where each flipping bar crosses it.
        const float fx = f.sx(*d.flip_at);
        dashed_line(f.dl, ImVec2(fx, f.plot.Min.y), ImVec2(fx, f.plot.Max.y), f.c.text, 1.5f);
        for (std::size_t r = 0; r < order.size(); ++r) {
            if (!d.bars[order[r]].flips) continue;
            const float cy = f.bar_top(r) + f.bar_h * 0.5f, h = f.bar_h * 0.5f;
            f.dl->AddQuadFilled(ImVec2(fx, cy - h), ImVec2(fx + h, cy), ImVec2(fx, cy + h), ImVec2(fx - h, cy), f.c.text);
        }
    }
    if (hover) {
        const TornadoBar& b = d.bars[order[*hover]];
        const char* ou = d.output.unit.c_str();
        const char* iu = b.input_unit.c_str();
        const std::string out_name = d.output.title.empty() ? "Output" : d.output.title;
        ImGui::BeginTooltip();
        tooltip_text(b.input);
        tooltip_row(low_col, "Low " + format_number(b.input_low, iu), out_name + " " + format_number(b.output_at_low, ou) + " (" +
                                                                           format_signed(b.output_at_low - d.base, ou) + ")");
        tooltip_row(high_col, "High " + format_number(b.input_high, iu), out_name + " " + format_number(b.output_at_high, ou) + " (" +
                                                                             format_signed(b.output_at_high - d.base, ou) + ")");
        tooltip_note("Swing " + format_number(std::fabs(b.output_at_high - b.output_at_low), ou) + " around the base " +
                     format_number(d.base, ou));
        if (b.flips) tooltip_note("The decision flips inside this input's range.");
        ImGui::EndTooltip();
    }
    ImGui::PopID();
}

void decision_map(const char* id, const DecisionMapData& d, float height) {
    ImGui::PushID(id);
    const Colours c0 = colours();
    auto category_colour = [&](int k, const Colours& c) {
        const int idx = k >= 0 && static_cast<std::size_t>(k) < d.category_colours.size() ? d.category_colours[static_cast<std::size_t>(k)] : k;
        return series(idx, c);
    };
    const bool shaded = d.values.size() == d.cells.size() && !d.values.empty();
    double vmin = HUGE_VAL, vmax = -HUGE_VAL;
    if (shaded)
        for (double v : d.values) finite_range(v, vmin, vmax);
    std::vector<LegendEntry> entries;
    for (std::size_t k = 0; k < d.categories.size(); ++k)
        entries.push_back({d.categories[k], category_colour(static_cast<int>(k), c0), Swatch::box});
    if (shaded && vmax > vmin)
        entries.push_back({"Stronger = higher " + (d.value_label.empty() ? std::string("value") : d.value_label), c0.neutral,
                           Swatch::shade, mix(c0.bg, c0.neutral, 0.25f)});
    if (d.current_x && d.current_y) entries.push_back({d.current_label, c0.text, Swatch::ring});

    XYSpec spec;
    spec.x = &d.x;
    spec.y = &d.y;
    spec.x_lo = d.x0, spec.x_hi = d.x1, spec.y_lo = d.y0, spec.y_hi = d.y1;
    spec.x_extend = false;  // the grid owns its edges; ticks fall inside
    Axis yfixed = d.y;
    yfixed.min = d.y0, yfixed.max = d.y1;
    spec.y = &yfixed;
    XYFrame f = layout_xy(spec, height, entries);
    if (!place_frame(f, entries)) {
        ImGui::PopID();
        return;
    }
    draw_xy_axes(f, false);
    const bool valid = d.nx > 0 && d.ny > 0 && d.cells.size() >= static_cast<std::size_t>(d.nx) * static_cast<std::size_t>(d.ny);
    if (!valid) {
        f.dl->AddText(f.plot.Min + ImVec2(em(), em()), f.c.tick, "No decision map data");
        ImGui::PopID();
        return;
    }
    const double cw = (d.x1 - d.x0) / d.nx, ch = (d.y1 - d.y0) / d.ny;
    auto cell_colour = [&](std::size_t i) {
        const ImU32 base = category_colour(d.cells[i], f.c);
        if (!shaded || !(vmax > vmin) || !std::isfinite(d.values[i])) return mix(f.c.bg, base, 0.85f);
        const float t = static_cast<float>((d.values[i] - vmin) / (vmax - vmin));
        return mix(f.c.bg, base, 0.35f + 0.65f * t);
    };
    for (int iy = 0; iy < d.ny; ++iy)
        for (int ix = 0; ix < d.nx; ++ix) {
            const std::size_t i = static_cast<std::size_t>(iy) * static_cast<std::size_t>(d.nx) + static_cast<std::size_t>(ix);
            // Snap to whole pixels so neighbouring cells meet without hairline seams.
            const ImVec2 a(std::floor(f.sx(d.x0 + cw * ix)), std::floor(f.sy(d.y0 + ch * (iy + 1))));
            const ImVec2 b(std::floor(f.sx(d.x0 + cw * (ix + 1))), std::floor(f.sy(d.y0 + ch * iy)));
            f.dl->AddRectFilled(a, b, cell_colour(i));
        }
    // Category boundaries: a thin line where neighbours differ makes the regions readable without colour.
    for (int iy = 0; iy < d.ny; ++iy)
        for (int ix = 0; ix < d.nx; ++ix) {
            const std::size_t i = static_cast<std::size_t>(iy * d.nx + ix);
            const float xr = std::floor(f.sx(d.x0 + cw * (ix + 1))), yt = std::floor(f.sy(d.y0 + ch * (iy + 1)));
            const float xl = std::floor(f.sx(d.x0 + cw * ix)), yb = std::floor(f.sy(d.y0 + ch * iy));
            if (ix + 1 < d.nx && d.cells[i + 1] != d.cells[i]) f.dl->AddLine(ImVec2(xr, yt), ImVec2(xr, yb), f.c.bg, 1.5f);
            if (iy + 1 < d.ny && d.cells[i + static_cast<std::size_t>(d.nx)] != d.cells[i])
                f.dl->AddLine(ImVec2(xl, yt), ImVec2(xr, yt), f.c.bg, 1.5f);
        }
    bool near_current = false;
    if (d.current_x && d.current_y) {
        const ImVec2 p(f.sx(*d.current_x), f.sy(*d.current_y));
        f.dl->PushClipRect(f.plot.Min, f.plot.Max, true);
        dashed_line(f.dl, ImVec2(p.x, f.plot.Max.y), ImVec2(p.x, p.y + 7.0f), f.c.text);
        dashed_line(f.dl, ImVec2(f.plot.Min.x, p.y), ImVec2(p.x - 7.0f, p.y), f.c.text);
        f.dl->AddCircle(p, 6.0f, f.c.bg, 20, 5.0f);
        f.dl->AddCircle(p, 6.0f, f.c.text, 20, 2.5f);
        f.dl->PopClipRect();
        const ImVec2 dm = f.mouse - p;
        near_current = f.hovered && dm.x * dm.x + dm.y * dm.y < em() * em();
    }
    if (f.hovered) {
        const int ix = std::clamp(static_cast<int>((f.sx.inverse(f.mouse.x) - d.x0) / cw), 0, d.nx - 1);
        const int iy = std::clamp(static_cast<int>((f.sy.inverse(f.mouse.y) - d.y0) / ch), 0, d.ny - 1);
        const std::size_t i = static_cast<std::size_t>(iy * d.nx + ix);
        f.dl->AddRect(ImVec2(std::floor(f.sx(d.x0 + cw * ix)), std::floor(f.sy(d.y0 + ch * (iy + 1)))),
                      ImVec2(std::floor(f.sx(d.x0 + cw * (ix + 1))), std::floor(f.sy(d.y0 + ch * iy))), f.c.text, 0.0f, 0, 1.5f);
        ImGui::BeginTooltip();
        if (near_current) {
            tooltip_text(d.current_label);
            tooltip_note(d.x.title + ": " + format_number(*d.current_x, d.x.unit.c_str()) + ", " + d.y.title + ": " +
                         format_number(*d.current_y, d.y.unit.c_str()));
            ImGui::Separator();
        }
        tooltip_text(d.x.title + ": " + format_number(d.x0 + cw * (ix + 0.5), d.x.unit.c_str()));
        tooltip_text(d.y.title + ": " + format_number(d.y0 + ch * (iy + 0.5), d.y.unit.c_str()));
        const int k = d.cells[i];
        const std::string name = k >= 0 && static_cast<std::size_t>(k) < d.categories.size() ? d.categories[static_cast<std::size_t>(k)] : "-";
        tooltip_row(category_colour(k, f.c), "Best", name);
        if (shaded) tooltip_note((d.value_label.empty() ? "Value" : d.value_label) + ": " + format_number(d.values[i], d.value_unit.c_str()));
        ImGui::EndTooltip();
    }
    ImGui::PopID();
}

void histogram_chart(const char* id, const HistogramData& d, float height) {
    ImGui::PushID(id);
    double x_lo = HUGE_VAL, x_hi = -HUGE_VAL, y_hi = 0.0;
    for (const HistogramSeries& s : d.series) {
        for (double e : s.edges) finite_range(e, x_lo, x_hi);
        for (double v : s.counts) y_hi = std::max(y_hi, std::isfinite(v) ? v : 0.0);
    }
    if (x_lo > x_hi) x_lo = 0.0, x_hi = 1.0;
    const Colours c0 = colours();
    std::vector<LegendEntry> entries;
    if (d.series.size() > 1)
        for (const HistogramSeries& s : d.series) entries.push_back({s.label, series(s.colour, c0), Swatch::box});
    bool any_percentile = false;
    for (const HistogramSeries& s : d.series) any_percentile = any_percentile || s.p5 || s.p50 || s.p95;
    if (any_percentile) entries.push_back({"p5 / p50 / p95", c0.text, Swatch::dashed});

    XYSpec spec;
    spec.x = &d.x;
    spec.y = &d.y;
    spec.x_lo = x_lo, spec.x_hi = x_hi, spec.y_lo = 0.0, spec.y_hi = y_hi;
    spec.y_zero = true;
    XYFrame f = layout_xy(spec, height, entries);
    if (!place_frame(f, entries)) {
        ImGui::PopID();
        return;
    }
    draw_xy_axes(f);
    ImDrawList* dl = f.dl;
    const float fill_alpha = d.series.size() > 1 ? 0.35f : 0.6f;
    const double mx = f.sx.inverse(f.mouse.x);
    dl->PushClipRect(f.plot.Min - ImVec2(0, 2), f.plot.Max + ImVec2(0, 2), true);
    for (const HistogramSeries& s : d.series) {
        const ImU32 col = series(s.colour, f.c);
        const std::size_t bins = std::min(s.counts.size(), s.edges.size() > 0 ? s.edges.size() - 1 : 0);
        std::vector<ImVec2> outline;
        for (std::size_t b = 0; b < bins; ++b) {
            const double v = std::isfinite(s.counts[b]) ? s.counts[b] : 0.0;
            const float x0 = f.sx(s.edges[b]), x1 = f.sx(s.edges[b + 1]), y = f.sy(v), y0 = f.sy(0.0);
            const bool hot = f.hovered && mx >= s.edges[b] && mx < s.edges[b + 1];
            dl->AddRectFilled(ImVec2(x0, y), ImVec2(x1, y0), with_alpha(col, hot ? std::min(1.0f, fill_alpha + 0.3f) : fill_alpha));
            if (outline.empty()) outline.push_back(ImVec2(x0, y0));
            outline.push_back(ImVec2(x0, y));
            outline.push_back(ImVec2(x1, y));
        }
        if (!outline.empty()) {
            outline.push_back(ImVec2(outline.back().x, f.sy(0.0)));
            dl->AddPolyline(outline.data(), static_cast<int>(outline.size()), col, ImDrawFlags_None, 1.5f);
        }
    }
    // Percentile lines; labels one row per series at the top, skipped when they would overlap.
    for (std::size_t si = 0; si < d.series.size(); ++si) {
        const HistogramSeries& s = d.series[si];
        const ImU32 col = series(s.colour, f.c);
        Occupancy row;
        const std::pair<const char*, std::optional<double>> ps[] = {{"p50", s.p50}, {"p5", s.p5}, {"p95", s.p95}};  // p50 wins a collision
        for (const auto& [name, v] : ps) {
            if (!v || !std::isfinite(*v)) continue;
            const float x = f.sx(*v);
            dashed_line(dl, ImVec2(x, f.plot.Min.y), ImVec2(x, f.plot.Max.y), col, std::string(name) == "p50" ? 2.0f : 1.25f);
            const float w = text_w(name);
            float lx = x + 3.0f;
            if (lx + w > f.plot.Max.x) lx = x - 3.0f - w;
            const float ly = f.plot.Min.y + 2.0f + (line_h() + 2.0f) * static_cast<float>(si);
            if (row.take(lx, lx + w, 3.0f)) label_with_bg(dl, ImVec2(lx, ly), name, col == series(3, f.c) ? f.c.text : col, f.c.bg);
        }
    }
    dl->PopClipRect();
    if (f.hovered) {
        dl->AddLine(ImVec2(f.mouse.x, f.plot.Min.y), ImVec2(f.mouse.x, f.plot.Max.y), f.c.axis, 1.0f);
        ImGui::BeginTooltip();
        tooltip_text(d.x.title + ": " + format_number(mx, d.x.unit.c_str()));
        for (const HistogramSeries& s : d.series) {
            const std::size_t bins = std::min(s.counts.size(), s.edges.size() > 0 ? s.edges.size() - 1 : 0);
            for (std::size_t b = 0; b < bins; ++b) {
                if (mx < s.edges[b] || mx >= s.edges[b + 1]) continue;
                tooltip_row(series(s.colour, f.c), s.label.empty() ? d.y.title : s.label,
                            format_number(s.counts[b], d.y.unit.c_str()) + " in " + format_number(s.edges[b], d.x.unit.c_str()) +
                                " \xE2\x80\x93 " + format_number(s.edges[b + 1], d.x.unit.c_str()));
            }
            if (s.p5 || s.p50 || s.p95) {
                const char* u = d.x.unit.c_str();
                tooltip_note((s.label.empty() ? std::string() : s.label + " ") + "p5 " + (s.p5 ? format_number(*s.p5, u) : "-") + ", p50 " +
                             (s.p50 ? format_number(*s.p50, u) : "-") + ", p95 " + (s.p95 ? format_number(*s.p95, u) : "-"));
            }
        }
        ImGui::EndTooltip();
    }
    ImGui::PopID();
}

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
    if (!place_frame(f, entries)) {
        ImGui::PopID();
        return;
    }
    std::optional<std::size_t> hover;
    if (f.hovered && n > 0) {
        const float s = (f.mouse.x - f.plot.Min.x) / f.slot;
        if (s >= 0.0f && s < static_cast<float>(n)) hover = static_cast<std::size_t>(s);
    }
    if (hover) {
        const float x0 = f.plot.Min.x + f.slot * static_cast<float>(*hover);
        f.dl->AddRectFilled(ImVec2(x0, f.plot.Min.y), ImVec2(x0 + f.slot, f.plot.Max.y), f.c.band_b);
    }
    draw_xy_axes(f);
    const float bar_w = std::max(f.slot * 0.7f, 1.0f);
    // A one-pixel background gap between segments keeps adjacent colours apart for every reader.
    const float sep = bar_w > 6.0f ? 1.0f : 0.0f;
    for (std::size_t i = 0; i < n; ++i) {
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
    if (hover) {
        const std::size_t i = *hover;
        const char* u = d.y.unit.c_str();
        ImGui::BeginTooltip();
        tooltip_text(d.x.title.empty() ? d.categories[i] : d.x.title + " " + d.categories[i]);
        for (std::size_t k = d.series.size(); k-- > 0;) {  // top segment first, as on screen
            const StackedSeries& s = d.series[k];
            tooltip_row(series(s.colour, f.c), s.label, i < s.values.size() ? format_number(s.values[i], u) : "n/a");
        }
        ImGui::Separator();
        tooltip_text("Total: " + format_number(pos[i] + neg[i], u));
        ImGui::EndTooltip();
    }
    ImGui::PopID();
}

void map_chart(const char* id, const MapData& d, float height) {
    ImGui::PushID(id);
    const Colours c0 = colours();
    const ImU32 site_col = series(1, c0), hub_col = series(5, c0), flow_col = series(4, c0);
    std::vector<LegendEntry> entries;
    if (!d.sites.empty()) entries.push_back({"Collection site", site_col, Swatch::circle});
    bool any_open = false, any_closed = false;
    for (const MapHub& h : d.hubs) (h.open ? any_open : any_closed) = true;
    if (any_open) entries.push_back({"Hub, open (size = throughput)", hub_col, Swatch::square});
    if (any_closed) entries.push_back({"Hub, closed", c0.neutral, Swatch::open_square});
    if (!d.flows.empty()) entries.push_back({"Flow (width = volume)", with_alpha(flow_col, 0.7f), Swatch::line});

    Frame f = open_frame(entries);
    const float gap = em() * 0.35f;
    f.plot = ImRect(f.origin.x, f.origin.y + f.legend_h + gap, f.origin.x + f.width, f.origin.y + f.legend_h + gap + std::max(height, em() * 6));
    f.total_h = f.plot.Max.y - f.origin.y;
    if (!place_frame(f, entries)) {
        ImGui::PopID();
        return;
    }
    ImDrawList* dl = f.dl;
    dl->AddRectFilled(f.plot.Min, f.plot.Max, f.c.band_a, 4.0f);
    dl->AddRect(f.plot.Min, f.plot.Max, f.c.grid, 4.0f);

    double lon_lo = HUGE_VAL, lon_hi = -HUGE_VAL, lat_lo = HUGE_VAL, lat_hi = -HUGE_VAL;
    auto add = [&](double lon, double lat) {
        if (!std::isfinite(lon) || !std::isfinite(lat)) return;
        finite_range(lon, lon_lo, lon_hi);
        finite_range(lat, lat_lo, lat_hi);
    };
    for (const MapSite& s : d.sites) add(s.lon, s.lat);
    for (const MapHub& h : d.hubs) add(h.lon, h.lat);
    for (const MapFlow& fl : d.flows) add(fl.from_lon, fl.from_lat), add(fl.to_lon, fl.to_lat);
    if (lon_lo > lon_hi) {
        dl->AddText(f.plot.Min + ImVec2(em(), em()), f.c.tick, "No locations to show");
        ImGui::PopID();
        return;
    }
    Projection pr;
    pr.k = std::cos((lat_lo + lat_hi) * 0.5 * 3.14159265358979 / 180.0);
    pr.k = std::max(pr.k, 0.1);
    const double span_x = std::max((lon_hi - lon_lo) * pr.k, 0.5), span_y = std::max(lat_hi - lat_lo, 0.5);
    // Padding leaves room for the largest hub square and the graticule labels along the edges.
    const float pad_px = em() * 2.2f;
    const float box_w = std::max(f.plot.GetWidth() - 2 * pad_px, 10.0f), box_h = std::max(f.plot.GetHeight() - 2 * pad_px, 10.0f);
    pr.scale = std::min(box_w / span_x, box_h / span_y);
    pr.x0 = (lon_lo + lon_hi) * 0.5 * pr.k;
    pr.y0 = (lat_lo + lat_hi) * 0.5;
    pr.centre = f.plot.GetCenter();

    // Graticule: the visible range in degrees, then a 1-2-5 step (capped at 10°) giving a few lines.
    const double vlon0 = pr.lon_at(f.plot.Min.x), vlon1 = pr.lon_at(f.plot.Max.x);
    const double vlat0 = pr.lat_at(f.plot.Max.y), vlat1 = pr.lat_at(f.plot.Min.y);
    const int max_lines = std::clamp(static_cast<int>(std::min(f.plot.GetWidth(), f.plot.GetHeight()) / (em() * 5.0f)), 2, 6);
    const double step = std::min(10.0, nice_step(std::max(vlon1 - vlon0, vlat1 - vlat0) / max_lines));
    dl->PushClipRect(f.plot.Min, f.plot.Max, true);
    Occupancy lon_occ, lat_occ;
    for (double g = std::ceil(vlon0 / step) * step; g <= vlon1; g += step) {
        const float x = pr(g, 0.0).x;
        dl->AddLine(ImVec2(x, f.plot.Min.y), ImVec2(x, f.plot.Max.y), f.c.grid);
        const std::string s = degrees(g, true, step);
        const float w = text_w(s);
        if (x - w * 0.5f > f.plot.Min.x + 2 && x + w * 0.5f < f.plot.Max.x - 2 && lon_occ.take(x - w * 0.5f, x + w * 0.5f, em() * 0.5f))
            dl->AddText(ImVec2(x - w * 0.5f, f.plot.Max.y - line_h() - 2.0f), f.c.tick, s.c_str());
    }
    for (double g = std::ceil(vlat0 / step) * step; g <= vlat1; g += step) {
        const float y = pr(0.0, g).y;
        dl->AddLine(ImVec2(f.plot.Min.x, y), ImVec2(f.plot.Max.x, y), f.c.grid);
        const std::string s = degrees(g, false, step);
        const float ty = y - line_h() - 1.0f;
        // Latitude labels sit just above their line at the left edge, clear of the longitude row.
        if (ty > f.plot.Min.y + 2 && ty + line_h() < f.plot.Max.y - line_h() - 4 && lat_occ.take(ty, ty + line_h(), 2.0f))
            dl->AddText(ImVec2(f.plot.Min.x + 4.0f, ty), f.c.tick, s.c_str());
    }

    // Flows under the points, wider for more packs.
    double max_packs = 0.0, max_tp = 0.0;
    for (const MapFlow& fl : d.flows) max_packs = std::max(max_packs, std::isfinite(fl.packs) ? fl.packs : 0.0);
    for (const MapHub& h : d.hubs) max_tp = std::max(max_tp, std::isfinite(h.throughput) ? h.throughput : 0.0);
    auto flow_w = [&](const MapFlow& fl) {
        return 1.0f + 7.0f * static_cast<float>(max_packs > 0 ? std::max(fl.packs, 0.0) / max_packs : 0.0);
    };
    auto hub_half = [&](const MapHub& h) {
        // Area ∝ throughput reads truer than side ∝ throughput.
        return em() * 0.3f + em() * 0.55f * static_cast<float>(max_tp > 0 ? std::sqrt(std::max(h.throughput, 0.0) / max_tp) : 0.0);
    };
    const float site_r = 3.5f;

    // Hover: hubs first (largest targets), then sites, then flows.
    int hover_hub = -1, hover_site = -1, hover_flow = -1;
    if (f.hovered) {
        float best = HUGE_VALF;
        for (std::size_t i = 0; i < d.hubs.size(); ++i) {
            const ImVec2 p = pr(d.hubs[i].lon, d.hubs[i].lat), m = f.mouse - p;
            const float dist = std::max(std::fabs(m.x), std::fabs(m.y)) - hub_half(d.hubs[i]);
            if (dist < 4.0f && dist < best) best = dist, hover_hub = static_cast<int>(i);
        }
        if (hover_hub < 0)
            for (std::size_t i = 0; i < d.sites.size(); ++i) {
                const ImVec2 m = f.mouse - pr(d.sites[i].lon, d.sites[i].lat);
                const float dist = std::sqrt(m.x * m.x + m.y * m.y);
                if (dist < site_r + 5.0f && dist < best) best = dist, hover_site = static_cast<int>(i);
            }
        if (hover_hub < 0 && hover_site < 0)
            for (std::size_t i = 0; i < d.flows.size(); ++i) {
                const MapFlow& fl = d.flows[i];
                const float dist = distance_to_segment(f.mouse, pr(fl.from_lon, fl.from_lat), pr(fl.to_lon, fl.to_lat)) - flow_w(fl) * 0.5f;
                if (dist < 4.0f && dist < best) best = dist, hover_flow = static_cast<int>(i);
            }
    }

    for (std::size_t i = 0; i < d.flows.size(); ++i) {
        const MapFlow& fl = d.flows[i];
        const bool hot = static_cast<int>(i) == hover_flow;
        dl->AddLine(pr(fl.from_lon, fl.from_lat), pr(fl.to_lon, fl.to_lat), with_alpha(flow_col, hot ? 1.0f : 0.55f), flow_w(fl));
    }
    for (std::size_t i = 0; i < d.sites.size(); ++i) {
        const ImVec2 p = pr(d.sites[i].lon, d.sites[i].lat);
        dl->AddCircleFilled(p, site_r + 1.5f, f.c.bg, 12);
        dl->AddCircleFilled(p, site_r, site_col, 12);
        if (static_cast<int>(i) == hover_site) dl->AddCircle(p, site_r + 3.0f, f.c.text, 16, 1.5f);
    }
    for (std::size_t i = 0; i < d.hubs.size(); ++i) {
        const MapHub& h = d.hubs[i];
        const ImVec2 p = pr(h.lon, h.lat);
        const float r = hub_half(h);
        dl->AddRectFilled(p - ImVec2(r + 1.5f, r + 1.5f), p + ImVec2(r + 1.5f, r + 1.5f), f.c.bg);
        if (h.open) dl->AddRectFilled(p - ImVec2(r, r), p + ImVec2(r, r), hub_col);
        else dl->AddRect(p - ImVec2(r - 1, r - 1), p + ImVec2(r - 1, r - 1), f.c.neutral, 0.0f, 0, 2.0f);
        if (static_cast<int>(i) == hover_hub) dl->AddRect(p - ImVec2(r + 3, r + 3), p + ImVec2(r + 3, r + 3), f.c.text, 0.0f, 0, 1.5f);
    }
    dl->PopClipRect();

    if (hover_hub >= 0 || hover_site >= 0 || hover_flow >= 0) {
        ImGui::BeginTooltip();
        if (hover_hub >= 0) {
            const MapHub& h = d.hubs[static_cast<std::size_t>(hover_hub)];
            tooltip_text(h.name);
            tooltip_row(h.open ? hub_col : f.c.neutral, h.open ? "Open hub, throughput" : "Closed hub, throughput",
                        format_number(h.throughput, h.unit.c_str()));
            if (!h.detail.empty()) tooltip_note(h.detail);
            tooltip_note(degrees(h.lat, false, 0.1) + ", " + degrees(h.lon, true, 0.1));
        } else if (hover_site >= 0) {
            const MapSite& s = d.sites[static_cast<std::size_t>(hover_site)];
            tooltip_text(s.name);
            tooltip_row(site_col, "Collected", format_number(s.value, s.unit.c_str()));
            if (!s.detail.empty()) tooltip_note(s.detail);
            tooltip_note(degrees(s.lat, false, 0.1) + ", " + degrees(s.lon, true, 0.1));
        } else {
            const MapFlow& fl = d.flows[static_cast<std::size_t>(hover_flow)];
            tooltip_text(fl.label.empty() ? "Flow" : fl.label);
            tooltip_row(flow_col, "Volume", format_number(fl.packs, fl.unit.c_str()));
        }
        ImGui::EndTooltip();
    }
    ImGui::PopID();
}

}  // namespace packfolio::app
