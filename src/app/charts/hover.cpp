#define IMGUI_DEFINE_MATH_OPERATORS
#include "app/charts/hover.hpp"

namespace packfolio::app::chart {

std::optional<std::size_t> hovered_slot(const XYFrame& f, std::size_t n) {
    if (!f.hovered) return std::nullopt;
    const float s = (f.mouse.x - f.plot.Min.x) / f.slot;
    if (s >= 0.0f && s < static_cast<float>(n)) return static_cast<std::size_t>(s);
    return std::nullopt;
}

void highlight_slot(const XYFrame& f, std::size_t i, ImU32 col) {
    const float x0 = f.plot.Min.x + f.slot * static_cast<float>(i);
    f.dl->AddRectFilled(ImVec2(x0, f.plot.Min.y), ImVec2(x0 + f.slot, f.plot.Max.y), col);
}

std::optional<std::size_t> hovered_row(const RowFrame& f) {
    if (!f.hovered && !(ImGui::IsWindowHovered() && ImGui::IsMouseHoveringRect(ImVec2(f.origin.x, f.plot.Min.y), f.plot.Max)))
        return std::nullopt;
    const float r = (f.mouse.y - f.plot.Min.y) / f.row_h;
    if (r < 0.0f || r >= static_cast<float>(f.labels.size())) return std::nullopt;
    return static_cast<std::size_t>(r);
}

void hover_rule(const Frame& f, float x) {
    f.dl->AddLine(ImVec2(x, f.plot.Min.y), ImVec2(x, f.plot.Max.y), f.c.axis, 1.0f);
}

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

}  // namespace packfolio::app::chart
