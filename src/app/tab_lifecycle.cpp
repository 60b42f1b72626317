// The "Pack lifecycle" tab: the answer, the route table, the cash-flow waterfall, SoH over both lives, and
// the analysis of the decision (tornado, breakevens, decision map, Monte Carlo).
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "charts.hpp"
#include "core/finance.hpp"
#include "labels.hpp"
#include "tornado_view.hpp"
#include "views.hpp"

namespace packfolio::app {

namespace {

float chart_height() { return narrow() ? 220.0f : 260.0f; }

// The label of an analysis input: "Lithium carbonate ($/kg)".
std::string input_label(const ParamRef& ref) { return std::string(ref.spec.label) + " (" + ref.spec.unit + ")"; }

// The outcome ids of the lifecycle objective are route ids.
std::string outcome_label(const Objective& o, int k) {
    return k < 0 ? std::string("none") : std::string(route_label(o.outcome_ids[static_cast<std::size_t>(k)]));
}

// Picks one of the objective's inputs by its label; the list shows only inputs a map can sweep.
bool input_combo(const char* id, const Objective& o, int& index) {
    bool changed = false;
    const std::string preview = index >= 0 ? input_label(o.inputs[static_cast<std::size_t>(index)]) : std::string("choose");
    if (ImGui::BeginCombo(id, preview.c_str())) {
        for (std::size_t i = 0; i < o.inputs.size(); ++i) {
            const std::string label = input_label(o.inputs[i]) + "##" + o.inputs[i].path;
            if (ImGui::Selectable(label.c_str(), static_cast<int>(i) == index)) {
                index = static_cast<int>(i);
                changed = true;
            }
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", o.inputs[i].path.c_str());
        }
        ImGui::EndCombo();
    }
    return changed;
}

}  // namespace

void LifecycleView::draw_headline(const ViewContext& ctx) const {
    const Scenario& scenario = ctx.state.scenario();
    const LifecycleResults& r = ctx.state.results().lifecycle;
    const double kwh = scenario.lifecycle.pack.nominal_kwh.value;
    const RouteResult* found = find_route(r, r.best_route);
    if (!found) return;  // no decision to state (the results carry none)
    const RouteResult& best = *found;
    // The answer first, in one sentence with numbers.
    paragraph(printf_text("Best end-of-life route: %s, worth %s per pack (%s), %s more than %s.", route_label(r.best_route),
                money(best.npv_usd).c_str(), per_kwh(best.npv_usd_per_kwh).c_str(), money(r.margin_usd).c_str(),
                route_label(r.next_best_route)));
    note(printf_text("%s %s pack retired at %s SoH after %s; a repurposer can pay up to %s.",
                        format_number(kwh, "kWh").c_str(),
                        chemistry_names[static_cast<std::size_t>(scenario.lifecycle.pack.chemistry)],
                        format_number(r.retirement_soh * 100.0, "%").c_str(),
                        format_number(r.first_life_years, "years").c_str(), per_kwh(r.max_buy_price_usd_per_kwh).c_str()));
}

void LifecycleView::draw(ViewContext& ctx) {
    draw_headline(ctx);
    ImGui::Separator();
    inputs_beside_results(ctx, "lifecycle", "Inputs", Tab::lifecycle, [&] { draw_results(ctx); });
}

void LifecycleView::draw_results(ViewContext& ctx) {
    const LifecycleResults& r = ctx.state.results().lifecycle;
    draw_routes_table(ctx);
    std::string more = "Second life runs " + format_number(r.second_life_years, "years");
    if (r.second_life_lcos_usd_per_mwh && r.new_ess_lcos_usd_per_mwh)
        more += "; its LCOS is " + format_number(*r.second_life_lcos_usd_per_mwh, "$/MWh") + " against " +
                format_number(*r.new_ess_lcos_usd_per_mwh, "$/MWh") + " for a new ESS";
    if (r.co2_breakeven_second_life_years)
        more += "; it saves CO2 against recycling now after " + format_number(*r.co2_breakeven_second_life_years, "years");
    note(more + ".");
    for (const std::string& w : r.warnings) note("Note: " + w);

    if (ImGui::CollapsingHeader("Cash flow by route (present value per year)", ImGuiTreeNodeFlags_DefaultOpen)) {
        const double rate = ctx.state.scenario().lifecycle.market.discount_rate.value;
        std::vector<WaterfallData> routes;
        for (const RouteResult& route : r.routes) {
            WaterfallData w;
            w.name = route_label(route.id);
            w.value = {"Present value", "$", std::nullopt, std::nullopt};
            w.colour = route_colour_index(route.id);
            for (std::size_t t = 0; t < route.cash_usd_per_year.size(); ++t)
                w.steps.push_back({"Year " + std::to_string(t),
                                   route.cash_usd_per_year[t] * discount_factor(rate, static_cast<double>(t))});
            w.total_label = "NPV";
            w.total = route.npv_usd;
            routes.push_back(std::move(w));
        }
        waterfall_chart("waterfall", routes, &waterfall_route_, chart_height());
    }
    if (ImGui::CollapsingHeader("State of health over first and second life", ImGuiTreeNodeFlags_DefaultOpen)) {
        draw_soh_chart(ctx, chart_height());
    }
    const bool sensitivity_open = ImGui::CollapsingHeader("What moves the decision: tornado and breakevens");
    record_item(ctx.rects, "header:sensitivity");
    if (sensitivity_open) draw_sensitivity(ctx);
    const bool map_open = ImGui::CollapsingHeader("Decision map over two inputs");
    record_item(ctx.rects, "header:decision_map");
    if (map_open) draw_decision_map(ctx);
    const bool mc_open = ImGui::CollapsingHeader("Monte Carlo: NPV distribution per route");
    record_item(ctx.rects, "header:monte_carlo");
    if (mc_open) draw_monte_carlo(ctx);
}

void LifecycleView::draw_routes_table(const ViewContext& ctx) const {
    const LifecycleResults& r = ctx.state.results().lifecycle;
    // Phones get three columns, the NPV per kWh under the NPV per pack, so nothing is clipped.
    const bool compact = narrow();
    if (ImGui::BeginTable("routes", compact ? 3 : 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("Route", ImGuiTableColumnFlags_WidthStretch, 2.0f);
        // Value columns fit their numbers; the route names take what is left and wrap.
        const ImGuiTableColumnFlags fit = compact ? ImGuiTableColumnFlags_WidthFixed : ImGuiTableColumnFlags_None;
        ImGui::TableSetupColumn(compact ? "NPV per pack" : "NPV ($/pack)", fit);
        if (!compact) ImGui::TableSetupColumn("NPV ($/kWh)");
        ImGui::TableSetupColumn(compact ? "CO2" : "CO2 (kg CO2e)", fit);
        ImGui::TableHeadersRow();
        for (const RouteResult& route : r.routes) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const bool is_best = route.id == r.best_route;
            // Colour swatch plus a marker for the winner: colour is never the only cue.
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(series_colour(route_colour_index(route.id), ctx.theme)),
                               "%s", is_best ? "\xE2\x96\xB6" : "\xE2\x96\xA0");
            ImGui::SameLine();
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextUnformatted(route_label(route.id));
            ImGui::PopTextWrapPos();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(money(route.npv_usd).c_str());
            if (compact) ImGui::TextDisabled("%s", per_kwh(route.npv_usd_per_kwh).c_str());
            else {
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(per_kwh(route.npv_usd_per_kwh).c_str());
            }
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_number(route.co2_kg, "kg CO2e").c_str());
        }
        ImGui::EndTable();
    }
}

void LifecycleView::draw_soh_chart(const ViewContext& ctx, float height) const {
    const LifecycleResults& r = ctx.state.results().lifecycle;
    LineChartData d;
    d.x = {"Pack age", "years", 0.0, std::nullopt};
    d.y = {"State of health", "%", std::nullopt, 100.0};
    // Routes that start at retirement are drawn from the retirement age, so both lives share one axis.
    const double retire = r.first_life_years;
    const std::pair<RouteId, double> shown[] = {{RouteId::deploy_ev, 0.0},
                                                {RouteId::second_life, retire},
                                                {RouteId::remanufacture, retire},
                                                {RouteId::deploy_ess, 0.0}};
    for (const auto& [id, offset] : shown) {
        const RouteResult& route = r.route(id);
        if (route.soh.years.size() < 2) continue;
        LineSeries s;
        s.label = route_label(route.id);
        s.colour = route_colour_index(route.id);
        s.dashed = id == RouteId::deploy_ess;
        for (std::size_t i = 0; i < route.soh.years.size(); ++i) {
            s.x.push_back(route.soh.years[i] + offset);
            s.y.push_back(route.soh.soh[i] * 100.0);
        }
        d.series.push_back(std::move(s));
    }
    d.bands.push_back({0.0, retire, "First life (EV)", -1});
    d.markers.push_back({retire, "Retirement at " + format_number(r.retirement_soh * 100.0, "%")});
    line_chart("soh", d, height);
}


void LifecycleView::update_sensitivity(const AppState& state) {
    if (sensitivity_version_ == state.version()) return;
    // A few milliseconds (scripts/bench): recomputed in the frame after an edit.
    sensitivity_objective_ = lifecycle_objective(state.scenario().lifecycle, evaluator_);
    sensitivity_ = run_sensitivity(sensitivity_objective_);
    sensitivity_version_ = state.version();
}

void LifecycleView::draw_sensitivity(const ViewContext& ctx) {
    update_sensitivity(ctx.state);
    const Objective& o = sensitivity_objective_;
    const SensitivityResult& s = sensitivity_;
    const int watched = s.watched_outcome;
    // The lifecycle objective ranks by the decision margin (draw_tornado draws what the run is sorted by).
    draw_tornado("tornado", o, s, static_cast<std::size_t>(watched),
                 "Margin of " + outcome_label(o, s.base_decision.best) + " over the next best route");

    ImGui::TextUnformatted("Breakevens: where the decision flips inside each input's range");
    int quiet = 0;
    for (const InputBreakevens& b : s.breakevens) {
        const ParamRef& ref = o.inputs[static_cast<std::size_t>(b.input)];
        if (b.crossings.empty()) {
            ++quiet;
            continue;
        }
        for (const Crossing& c : b.crossings)
            ImGui::BulletText("%s at %s: %s gives way to %s", ref.spec.label, format_number(c.x, ref.spec.unit).c_str(),
                              outcome_label(o, c.from).c_str(), outcome_label(o, c.to).c_str());
    }
    note(std::to_string(quiet) + " other input" + (quiet == 1 ? "" : "s") + " with a range: no tie in range.");
}

void LifecycleView::draw_decision_map(ViewContext& ctx) {
    update_sensitivity(ctx.state);
    const Objective& o = sensitivity_objective_;
    if (map_x_ < 0 || map_y_ < 0) {
        // The two inputs whose ranges cross a breakeven (else the largest margin swings); a scenario with fewer
        // than two ranges maps retirement (its SoH or, when the first life ends by years, its length) against
        // the lithium price.
        const MapInputs m = default_map_inputs(sensitivity_);
        map_x_ = m.x >= 0 ? m.x
                          : find_input(o, ctx.state.scenario().lifecycle.first_life.end_by == FirstLifeEnd::retirement_soh
                                              ? "first_life.retirement_soh"
                                              : "first_life.years");
        map_y_ = m.y >= 0 ? m.y : find_input(o, "market.metal_prices_usd_per_kg.lithium_carbonate");
    }
    const float w = narrow() ? ImGui::GetContentRegionAvail().x : ImGui::GetContentRegionAvail().x * 0.45f;
    ImGui::SetNextItemWidth(w);
    bool changed = input_combo("x (across)", o, map_x_);
    ImGui::SetNextItemWidth(w);
    changed |= input_combo("y (up)", o, map_y_);
    ImGui::SetNextItemWidth(w);
    changed |= ImGui::SliderInt("cells per axis", &map_cells_, 8, 64);
    const bool dragged = draw_map_drag(ctx);
    const bool stale = map_.result && map_.version != ctx.state.version();
    const bool run = ImGui::Button(map_.result ? "Run again" : "Run the map");
    record_item(ctx.rects, "button:run_map");
    if ((!map_.running() || dragged) && (run || (changed && map_.result) || stale)) {
        start_decision_map(ctx.state);
        // A map restarted by an edit is computed in this frame when it fits (about 10 ms), so that it follows
        // a dragged input frame by frame. One that does not fit is drawn coarse first (a quarter of the cells
        // per axis, a sixteenth of the work) while the full one finishes over the next frames.
        if (dragged) {
            map_.step(FrameBudget(std::chrono::milliseconds(10)));
            if (map_.running()) {
                const int coarse = std::max(8, map_cells_ / 4);
                map_preview_ = run_decision_map(map_objective_, default_axis(map_objective_, map_x_, coarse),
                                                default_axis(map_objective_, map_y_, coarse));
                map_preview_version_ = ctx.state.version();
            }
        }
    }
    job_progress(ctx, map_, "map", "Mapping", "Decision map cancelled");
    const DecisionMapResult* shown = shown_map(ctx.state.version());
    if (!shown) {
        note("Each cell values the pack with the two inputs at its centre and the rest at base, and is coloured by "
             "the winning route. Inputs without a range span their whole allowed range.");
        return;
    }
    const DecisionMapResult& m = *shown;
    const ParamRef& rx = map_objective_.inputs[static_cast<std::size_t>(m.x.input)];
    const ParamRef& ry = map_objective_.inputs[static_cast<std::size_t>(m.y.input)];
    DecisionMapData d;
    d.x = {rx.spec.label, rx.spec.unit, std::nullopt, std::nullopt};
    d.y = {ry.spec.label, ry.spec.unit, std::nullopt, std::nullopt};
    d.x0 = m.x.low;
    d.x1 = m.x.high;
    d.y0 = m.y.low;
    d.y1 = m.y.high;
    d.nx = m.x.cells;
    d.ny = m.y.cells;
    // Categories are the routes that compete for the decision; cells hold their position in that list.
    std::vector<int> category_of(map_objective_.outcome_ids.size(), -1);
    for (int k : map_objective_.decision_set) {
        category_of[static_cast<std::size_t>(k)] = static_cast<int>(d.categories.size());
        d.categories.push_back(route_label(map_objective_.outcome_ids[static_cast<std::size_t>(k)]));
        d.category_colours.push_back(route_colour_index(map_objective_.outcome_ids[static_cast<std::size_t>(k)]));
    }
    for (int k : m.decision) d.cells.push_back(k < 0 ? -1 : category_of[static_cast<std::size_t>(k)]);
    d.values = m.margin;
    d.value_label = "Margin over the next best route";
    d.value_unit = "$";
    d.current_x = m.current_x;
    d.current_y = m.current_y;
    decision_map("decision-map", d, narrow() ? 300.0f : 340.0f);
}

// "Drag to explore": a slider over one input that is not on the map's axes (by default the one that moves
// the decision most), written into the scenario as it moves. The whole drag is one undo step.
bool LifecycleView::draw_map_drag(ViewContext& ctx) {
    const Objective& o = sensitivity_objective_;
    if (map_drag_ < 0)
        for (const packfolio::TornadoBar& bar : sensitivity_.tornado)
            if (bar.input != map_x_ && bar.input != map_y_) {
                map_drag_ = bar.input;
                break;
            }
    if (map_drag_ < 0) return false;
    const float w = narrow() ? ImGui::GetContentRegionAvail().x : ImGui::GetContentRegionAvail().x * 0.45f;
    ImGui::SetNextItemWidth(w);
    input_combo("drag to explore", o, map_drag_);
    // The value shown is the analysis copy's, which update_sensitivity keeps at the scenario's; the
    // scenario's own copy is looked up only when the slider moves it.
    const ParamRef& ref = o.inputs[static_cast<std::size_t>(map_drag_)];
    const Param& shown = *ref.param;
    const double lo = shown.has_range() ? shown.low : ref.spec.min, hi = shown.has_range() ? shown.high : ref.spec.max;
    double value = shown.value;
    const std::string format = "%.4g " + std::string(ref.spec.unit);
    ImGui::SetNextItemWidth(w);
    const bool moved = ImGui::SliderScalar("##map-drag", ImGuiDataType_Double, &value, &lo, &hi, format.c_str());
    record_item(ctx.rects, "map.drag");
    const bool active = ImGui::IsItemActive();
    bool changed = false;
    if (moved && value != shown.value && in_range(ref.spec, value)) {
        Scenario before = ctx.state.scenario();
        ParamList params;
        ParamCollector collector(params);
        visit_fields(collector, ctx.state.scenario_for_edit().lifecycle);
        params[static_cast<std::size_t>(map_drag_)].param->value = value;
        ctx.state.commit_edit(std::move(before), map_drag_started_);
        map_drag_started_ = active;
        changed = true;
    }
    if (!active) map_drag_started_ = false;
    return changed;
}

const DecisionMapResult* LifecycleView::shown_map(std::uint64_t version) const {
    if (map_.running() && map_preview_ && map_preview_version_ == version) return &*map_preview_;
    return map_.result ? &*map_.result : nullptr;
}

bool LifecycleView::map_current(std::uint64_t version) const {
    if (map_.running()) return map_preview_ && map_preview_version_ == version;
    return map_.result && map_.version == version;
}

double LifecycleView::map_margin_sum(std::uint64_t version) const {
    double sum = 0.0;
    if (const DecisionMapResult* m = shown_map(version))
        for (double x : m->margin) sum += x;
    return sum;
}

void LifecycleView::start_decision_map(AppState& state) {
    map_objective_ = lifecycle_objective(state.scenario().lifecycle, evaluator_);
    const MapAxis x = default_axis(map_objective_, map_x_, map_cells_);
    const MapAxis y = default_axis(map_objective_, map_y_, map_cells_);
    const std::vector<FieldError> errors = check_axes(map_objective_, x, y);
    if (!errors.empty()) {
        state.set_notice("Decision map: " + format_error(errors.front()));
        map_.result.reset();
        return;
    }
    map_.start(state.version(), map_objective_, x, y);
}

void LifecycleView::draw_monte_carlo(ViewContext& ctx) {
    const float w = std::min(ImGui::GetContentRegionAvail().x * 0.45f, 220.0f);
    ImGui::SetNextItemWidth(w);
    if (ImGui::InputInt("draws", &mc_draws_, 1000, 10000, ImGuiInputTextFlags_EnterReturnsTrue))
        mc_draws_ = std::clamp(mc_draws_, 100, 1000000);
    record_item(ctx.rects, "monte_carlo.draws");
    if (!narrow()) ImGui::SameLine();
    ImGui::SetNextItemWidth(w);
    if (ImGui::InputInt("seed", &mc_seed_)) mc_seed_ = std::max(mc_seed_, 0);
    const bool run = !mc_.running() && ImGui::Button(mc_.result ? "Run again" : "Run Monte Carlo");
    if (!mc_.running()) record_item(ctx.rects, "button:run_monte_carlo");
    if (run) {
        mc_objective_ = lifecycle_objective(ctx.state.scenario().lifecycle);
        MonteCarloOptions options;
        options.draws = mc_draws_;
        options.seed = static_cast<std::uint64_t>(mc_seed_);
        mc_.start(ctx.state.version(), mc_objective_, options);
    }
    job_progress(ctx, mc_, "mc", "Drawing", "Monte Carlo cancelled");
    if (!mc_.result) {
        note("Draws every input that has a range and a distribution, independently; the same seed gives the same "
             "numbers here, in the CLI (packfolio analyse --montecarlo N --seed S) and in WebAssembly.");
        return;
    }
    if (mc_.version != ctx.state.version()) note("These draws are from the scenario before your last edit: run again.");
    draw_monte_carlo_result();
}

void LifecycleView::draw_monte_carlo_result() const {
    const MonteCarloResult& m = *mc_.result;
    const Objective& o = mc_objective_;
    const double p = probability_greater(m, static_cast<int>(RouteId::second_life), static_cast<int>(RouteId::recycle_now));
    paragraph(printf_text("Second life beats recycling now in %s of %d valid draws (seed %llu, %zu uncertain inputs).",
                format_number(p * 100.0, "%").c_str(), m.valid_draws, static_cast<unsigned long long>(m.seed),
                m.sampled_inputs.size()));
    HistogramData h;
    h.x = {"NPV", "$", std::nullopt, std::nullopt};
    for (int k : o.decision_set) {
        const OutcomeStats& s = m.outcomes[static_cast<std::size_t>(k)];
        HistogramSeries series;
        series.label = route_label(o.outcome_ids[static_cast<std::size_t>(k)]);
        series.colour = route_colour_index(o.outcome_ids[static_cast<std::size_t>(k)]);
        series.edges = s.edges;
        series.counts.assign(s.counts.begin(), s.counts.end());
        series.p5 = s.p5;
        series.p50 = s.p50;
        series.p95 = s.p95;
        h.series.push_back(std::move(series));
    }
    histogram_chart("mc-histogram", h, chart_height());
    if (ImGui::BeginTable("mc-stats", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        table_headers({"Route", "P5 ($)", "Median ($)", "P95 ($)", "Best in"});
        for (int k : o.decision_set) {
            const OutcomeStats& s = m.outcomes[static_cast<std::size_t>(k)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(route_label(o.outcome_ids[static_cast<std::size_t>(k)]));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(money(s.p5).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(money(s.p50).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(money(s.p95).c_str());
            ImGui::TableNextColumn();
            const double share = m.valid_draws > 0 ? 100.0 * s.times_best / m.valid_draws : 0.0;
            ImGui::TextUnformatted(format_number(share, "%").c_str());
        }
        ImGui::EndTable();
    }
}

bool LifecycleView::step_jobs(const FrameBudget& budget) {
    const bool map_done = map_.step(budget);
    return mc_.step(budget) || map_done;
}

void LifecycleView::stop_stale_jobs(std::uint64_t version) {
    // A Monte Carlo of the old scenario is stopped; a decision map restarts itself when drawn.
    if (mc_.version != version) mc_.job.reset();
    if (map_.version != version) map_.job.reset();
}

}  // namespace packfolio::app
