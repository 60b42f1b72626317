#include "fonts.hpp"

#include <imgui.h>

extern const unsigned char ui_font_ttf[];
extern const unsigned ui_font_ttf_size;

namespace packfolio::app {

void load_fonts(float pixel_ratio) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;  // the bytes are static data
    config.OversampleH = 2;
    config.OversampleV = 1;
    config.PixelSnapH = false;
    static const ImWchar ranges[] = {0x0020, 0x00FF, 0x2013, 0x2030, 0x2070, 0x2089, 0x20AC, 0x20AC,
                                     0x2190, 0x2193, 0x2212, 0x2212, 0x2248, 0x2248, 0x2260, 0x2265,
                                     0x25A0, 0x25A0, 0x25B2, 0x25BC, 0x2713, 0x2715, 0};
    const float size_css_px = 15.0f;
    io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(ui_font_ttf), static_cast<int>(ui_font_ttf_size),
                                   size_css_px * pixel_ratio, &config, ranges);
    io.FontGlobalScale = 1.0f / pixel_ratio;
}

}  // namespace packfolio::app
