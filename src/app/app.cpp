#include "app.hpp"

#include <imgui.h>

#include <utility>

namespace packfolio::app {

namespace {

struct TabInfo {
    Tab tab;
    const char* label;
    const char* pending;  // what this tab will show, said plainly until its core lands
};

constexpr TabInfo tabs[] = {
    {Tab::lifecycle, "Pack lifecycle",
     "Not built yet: the route-by-route valuation of one pack (second life, recycling, remanufacture) "
     "arrives with the lifecycle core."},
    {Tab::portfolio, "EV vs ESS portfolio",
     "Not built yet: the year-by-year split of a cell maker's lines between EV contracts and ESS tenders "
     "arrives with the portfolio core."},
    {Tab::logistics, "Reverse logistics",
     "Not built yet: where retired packs are screened, repurposed or shredded arrives with the logistics core."},
    {Tab::compare, "Compare", "Not built yet: two scenarios side by side with their differences highlighted."},
    {Tab::sources, "Sources", "Not built yet: every default with its value, unit, source, year and confidence."},
};

}  // namespace

App::App(Platform platform, AppOptions options) : platform_(std::move(platform)), options_(std::move(options)) {
    apply_theme(options_.theme);
    if (platform_.set_title) platform_.set_title("Packfolio: battery-pack economics");
    publish_text_mirror();
}

void App::set_theme(Theme theme) {
    options_.theme = theme;
    apply_theme(theme);
}

bool App::frame() {
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("Packfolio", nullptr, flags);
    draw_header();
    if (ImGui::BeginTabBar("tabs", ImGuiTabBarFlags_FittingPolicyScroll)) {
        for (const TabInfo& t : tabs) {
            const bool select_now = t.tab == options_.tab && ImGui::GetFrameCount() <= 1;
            if (ImGui::BeginTabItem(t.label, nullptr, select_now ? ImGuiTabItemFlags_SetSelected : 0)) {
                options_.tab = t.tab;
                draw_tab_body(t.tab);
                ImGui::EndTabItem();
            }
        }
        ImGui::EndTabBar();
    }
    ImGui::End();
    return false;
}

void App::draw_header() {
    ImGui::TextUnformatted("Packfolio");
    ImGui::SameLine();
    ImGui::TextDisabled("battery-pack economics: second life, recycling, remanufacture, EV vs ESS");
    ImGui::Separator();
}

void App::draw_tab_body(Tab tab) {
    for (const TabInfo& t : tabs) {
        if (t.tab != tab) continue;
        ImGui::Spacing();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(t.pending);
        ImGui::PopTextWrapPos();
    }
}

void App::publish_text_mirror() {
    std::string text = "Packfolio. ";
    for (const TabInfo& t : tabs) text += std::string(t.label) + ": " + t.pending + " ";
    mirror_ = text;
    if (platform_.set_text_mirror) platform_.set_text_mirror(mirror_);
}

}  // namespace packfolio::app
