// The "Compare" tab: your scenario (A) against a preset (B), the result deltas, and both scenarios' inputs
// side by side (stacked on phones) with the differing fields highlighted. Editing A edits your scenario;
// editing B changes only the comparison.
#include <imgui.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "charts.hpp"
#include "labels.hpp"
#include "views.hpp"

namespace packfolio::app {

void CompareView::reset(const AppState& state) {
    preset_id_ = state.preset_id();
    scenario_ = state.scenario();
    results_ = evaluate(scenario_, LogisticsSearch::defer);
}

void CompareView::draw(ViewContext& ctx) {
    const AppState& state = ctx.state;
    const LifecycleResults& ra = state.results().lifecycle;
    const LifecycleResults& rb = results_.lifecycle;
    const std::vector<FieldChange> diff = scenario_diff(state.scenario(), scenario_);
    paragraph(printf_text("A (your scenario) picks %s at %s per pack; B picks %s at %s. %zu input%s differ, highlighted below.",
                route_label(ra.best_route), money(best_route_npv_usd(ra)).c_str(),
                route_label(rb.best_route), money(best_route_npv_usd(rb)).c_str(),
                diff.size(), diff.size() == 1 ? "" : "s"));
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x * 0.7f, 320.0f));
    if (ImGui::BeginCombo("B##compare", state.preset_title(preset_id_).c_str())) {
        for (const ParsedPreset& p : state.presets())
            if (ImGui::Selectable(p.id.c_str(), preset_id_ == p.id)) {
                if (p.parsed.ok()) {
                    preset_id_ = p.id;
                    scenario_ = p.parsed.scenario;
                    memory_ = {};
                    results_ = evaluate(scenario_, LogisticsSearch::defer);
                }
            }
        ImGui::EndCombo();
    }
    draw_results(ctx);

    std::set<std::string> highlight;
    for (const FieldChange& c : diff) highlight.insert(c.path);
    const bool stack = narrow();
    const float half = stack ? 0.0f : (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    const Scenario before = state.scenario();
    ImGui::BeginChild("compare-a", ImVec2(half, 0.0f), false);  // 0 height: as tall as its content
    ImGui::TextUnformatted("A: your scenario");
    InputPanel panel_a(ctx.inputs, ctx.rects, "", &highlight);
    visit_fields(panel_a, ctx.state.scenario_for_edit());
    if (stack) {
        ImGui::Separator();
        draw_b(state, highlight);
    }
    ImGui::EndChild();
    apply_panel(ctx, panel_a, before);
    if (!stack) {
        ImGui::SameLine();
        ImGui::BeginChild("compare-b", ImVec2(0, 0), false);
        draw_b(state, highlight);
        ImGui::EndChild();
    }
}

// Result deltas: every route, the decision figures, and the portfolio when both have one.
void CompareView::draw_results(const ViewContext& ctx) const {
    const Results& a = ctx.state.results();
    const LifecycleResults& ra = a.lifecycle;
    const LifecycleResults& rb = results_.lifecycle;
    if (!ImGui::BeginTable("compare-results", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                                     ImGuiTableFlags_SizingStretchProp))
        return;
    // On phones the numbers keep their width and the result names wrap.
    const ImGuiTableColumnFlags fit = narrow() ? ImGuiTableColumnFlags_WidthFixed : ImGuiTableColumnFlags_None;
    ImGui::TableSetupColumn("Result", ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn("A", fit);
    ImGui::TableSetupColumn("B", fit);
    ImGui::TableSetupColumn("B - A", fit);
    ImGui::TableHeadersRow();
    const auto row = [](const std::string& name, double va, double vb, const char* unit) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(name.c_str());
        ImGui::PopTextWrapPos();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_number(va, unit).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_number(vb, unit).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_signed(vb - va, unit).c_str());
    };
    for (std::size_t i = 0; i < ra.routes.size() && i < rb.routes.size(); ++i)
        row(std::string(route_label(ra.routes[i].id)) + " (NPV per pack)", ra.routes[i].npv_usd, rb.routes[i].npv_usd, "$");
    row("Retirement SoH", ra.retirement_soh * 100.0, rb.retirement_soh * 100.0, "%");
    row("Most a repurposer can pay", ra.max_buy_price_usd_per_kwh, rb.max_buy_price_usd_per_kwh, "$/kWh");
    row("Second-life years", ra.second_life_years, rb.second_life_years, "years");
    if (a.portfolio && results_.portfolio) row("Portfolio NPV (optimum)", a.portfolio->npv_usd, results_.portfolio->npv_usd, "$");
    ImGui::EndTable();
}

void CompareView::draw_b(const AppState& state, const std::set<std::string>& highlight) {
    ImGui::Text("B: %s", preset_id_.c_str());
    ItemRects ignored;  // B's fields are not addressed by id: A's paths are
    InputPanel panel_b(memory_, ignored, "", &highlight);
    const Scenario before = scenario_;
    visit_fields(panel_b, scenario_);
    if (!panel_b.reset_path().empty()) {
        if (const ParsedPreset* p = state.find_preset(preset_id_)) reset_to_preset(scenario_, p->parsed.scenario, panel_b.reset_path());
        memory_ = {};
    } else if (!panel_b.changed()) {
        return;
    }
    if (check_scenario(scenario_).empty()) results_ = evaluate(scenario_, LogisticsSearch::defer);
    else scenario_ = before;
}

}  // namespace packfolio::app
