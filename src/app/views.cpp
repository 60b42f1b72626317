// What the tab views share (views.hpp): the schema-driven inputs applied to the state, and the Sources tab.
#include "views.hpp"

#include <imgui.h>

#include <utility>

namespace packfolio::app {

void draw_inputs(ViewContext& ctx, const char* title, Tab section) {
    ImGui::TextUnformatted(title);
    note("Hover a label for its range and source; a typed value applies when you press Enter or leave the field.");
    Scenario before = ctx.state.scenario();  // restored if an edit fails a cross-field check
    Scenario& scenario = ctx.state.scenario_for_edit();
    InputPanel panel(ctx.inputs, ctx.rects, "");
    // The panel draws the tab's sections from the same schema the scenario files use.
    switch (section) {
        case Tab::portfolio:
            panel.optional_object("portfolio", scenario.portfolio, [](InputPanel& v, PortfolioInput& in) { visit_fields(v, in); });
            break;
        case Tab::logistics:
            panel.optional_object("logistics", scenario.logistics, [](InputPanel& v, LogisticsInput& in) { visit_fields(v, in); });
            break;
        default:
            visit_fields(panel, scenario.lifecycle);
            break;
    }
    apply_panel(ctx, panel, std::move(before));
}

void apply_panel(ViewContext& ctx, const InputPanel& panel, Scenario before) {
    if (!panel.reset_path().empty()) {
        ctx.state.reset_group(panel.reset_path(), std::move(before));
        ctx.inputs = {};
    } else if (panel.changed()) {
        ctx.state.commit_edit(std::move(before));
    }
}

void SourcesView::draw() {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted("Every default with its value, unit, source, year and confidence (A primary, B one credible "
                           "source, C secondary or vendor, D derived here).");
    ImGui::PopTextWrapPos();
    if (sources_.empty()) sources_ = all_sources();
    if (ImGui::BeginTable("sources", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                                            ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_Resizable)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        table_headers({"Default", "Value", "Source", "Year", "Conf."});
        for (const SourceEntry& e : sources_) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", e.name.c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%.6g %s", e.sourced.value, e.sourced.unit);
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", e.sourced.source);
            ImGui::TableNextColumn();
            if (e.sourced.year > 0) ImGui::Text("%d", e.sourced.year);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(e.sourced.confidence);
        }
        ImGui::EndTable();
    }
}

}  // namespace packfolio::app
