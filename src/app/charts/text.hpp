#pragma once
// Text in a chart: measuring, fitting, wrapping and placing labels so that they never collide.

#include <imgui.h>

#include <string>
#include <utility>
#include <vector>

namespace packfolio::app::chart {

float line_h();
float em();
float text_w(const std::string& s);

// Shortens with "…" to fit; the tooltip still shows the whole text.
std::string fit_text(const std::string& s, float max_w);

// Greedy word wrap into at most max_lines lines of max_w; empty if it does not fit.
std::vector<std::string> wrap_words(const std::string& s, float max_w, int max_lines);

// "title (unit)", or whichever of the two is not empty.
std::string with_unit(const std::string& title, const std::string& unit);

// Text with a background patch, for labels drawn over lines and fills.
void label_with_bg(ImDrawList* dl, ImVec2 pos, const std::string& s, ImU32 col, ImU32 bg);

// 1-D occupancy for labels along an axis: a label is drawn only if it does not touch one already drawn.
struct Occupancy {
    std::vector<std::pair<float, float>> spans;
    bool take(float a, float b, float gap);
};

}  // namespace packfolio::app::chart
