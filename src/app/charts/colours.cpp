#include "app/charts/colours.hpp"

#include <algorithm>

namespace packfolio::app::chart {

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

ImU32 mix(ImU32 a, ImU32 b, float t) {
    const ImVec4 x = ImGui::ColorConvertU32ToFloat4(a), y = ImGui::ColorConvertU32ToFloat4(b);
    return ImGui::ColorConvertFloat4ToU32(ImVec4(x.x + (y.x - x.x) * t, x.y + (y.y - x.y) * t, x.z + (y.z - x.z) * t, 1.0f));
}

}  // namespace packfolio::app::chart
