#define IMGUI_DEFINE_MATH_OPERATORS
#include "app/charts/legend.hpp"

#include <imgui_internal.h>  // ImVec2 operators; pinned to Dear ImGui 1.86

#include "app/charts/dashed_line.hpp"
#include "app/charts/text.hpp"

namespace packfolio::app::chart {

namespace {

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

}  // namespace

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

}  // namespace packfolio::app::chart
