#include "theme.hpp"

namespace packfolio::app {

void apply_theme(Theme theme) {
    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle();
    if (theme == Theme::dark) ImGui::StyleColorsDark(&style);
    else ImGui::StyleColorsLight(&style);
    style.WindowRounding = 0.0f;
    style.FrameRounding = 4.0f;
    style.TabRounding = 4.0f;
    style.GrabRounding = 4.0f;
    style.FramePadding = ImVec2(8.0f, 5.0f);
    style.ItemSpacing = ImVec2(8.0f, 6.0f);
    style.WindowPadding = ImVec2(12.0f, 10.0f);
    style.ScrollbarSize = 16.0f;  // wide enough to grab on a phone
    if (theme == Theme::light) {
        style.Colors[ImGuiCol_WindowBg] = ImVec4(0.98f, 0.98f, 0.97f, 1.0f);
        style.Colors[ImGuiCol_Text] = ImVec4(0.08f, 0.09f, 0.11f, 1.0f);
    }
}

ImU32 series_colour(int index, Theme theme) {
    // Okabe–Ito: orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple, grey/black.
    static const ImU32 palette[] = {
        IM_COL32(230, 159, 0, 255), IM_COL32(86, 180, 233, 255), IM_COL32(0, 158, 115, 255),
        IM_COL32(240, 228, 66, 255), IM_COL32(0, 114, 178, 255), IM_COL32(213, 94, 0, 255),
        IM_COL32(204, 121, 167, 255),
    };
    const int n = static_cast<int>(sizeof palette / sizeof palette[0]);
    if (index < 0) return theme == Theme::dark ? IM_COL32(200, 200, 200, 255) : IM_COL32(60, 60, 60, 255);
    return palette[index % n];
}

}  // namespace packfolio::app
