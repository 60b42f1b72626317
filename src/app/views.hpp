#pragma once
// The tab views: one per tab, each holding only its own view state (what is open, what is chosen, the
// analysis it runs). They read the AppState and change it through its functions; the App (app.hpp) owns
// them, draws the one whose tab is open and steps their long jobs. docs/ARCHITECTURE.md §1.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app_state.hpp"
#include "core/analysis.hpp"
#include "core/sources.hpp"
#include "inputs.hpp"
#include "jobs.hpp"
#include "labels.hpp"
#include "theme.hpp"

namespace packfolio::app {

// What every view draws with: the state it reads and edits, and what all views share for one frame.
struct ViewContext {
    AppState& state;
    InputMemory& inputs;  // why a typed value was refused, per widget: one scenario, edited from every tab
    ItemRects& rects;     // where each item was drawn (window.packfolio.rect)
    Theme theme;
};

// The inputs of one tab's sections (the lifecycle sections, or the portfolio or logistics section) drawn
// from the schema, with the edit or Reset applied to the state.
void draw_inputs(ViewContext& ctx, const char* title, Tab section);
// After a panel over the state's scenario was drawn: its Reset, or its edit (AppState::commit_edit).
void apply_panel(ViewContext& ctx, const InputPanel& panel, Scenario before);

// The inputs beside the results (38 % of the width) on wide screens; on phones the results first, the
// inputs below. `name` prefixes the two children's ids ("lifecycle" → "lifecycle-inputs").
template <class F>
void inputs_beside_results(ViewContext& ctx, const char* name, const char* title, Tab section, F&& draw_results) {
    if (narrow()) {
        draw_results();
        ImGui::Separator();
        draw_inputs(ctx, title, section);
        return;
    }
    ImGui::BeginChild((std::string(name) + "-inputs").c_str(), ImVec2(ImGui::GetContentRegionAvail().x * 0.38f, 0), false);
    draw_inputs(ctx, title, section);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild((std::string(name) + "-results").c_str(), ImVec2(0, 0), false);
    draw_results();
    ImGui::EndChild();
}

// The progress bar and Cancel button of a running job; true when Cancel stopped it (the notice says so).
template <class Job, class Result>
bool job_progress(ViewContext& ctx, SlicedJob<Job, Result>& job, const char* id, const char* what, const char* cancelled) {
    if (!job.running() || !progress_with_cancel(id, *job.progress(), what, &ctx.rects)) return false;
    job.job.reset();
    ctx.state.set_notice(cancelled);
    return true;
}

// "Pack lifecycle": the answer, the route table, the cash-flow waterfall, SoH over both lives, and the
// analysis of the decision (tornado, breakevens, decision map, Monte Carlo).
class LifecycleView {
public:
    void draw(ViewContext& ctx);
    // The parts the embed view shows too.
    void draw_headline(const ViewContext& ctx) const;
    void draw_routes_table(const ViewContext& ctx) const;
    void draw_soh_chart(const ViewContext& ctx, float height) const;

    bool step_jobs(const FrameBudget& budget);  // true when a job finished
    void stop_stale_jobs(std::uint64_t version);  // a Monte Carlo or map of an older scenario stops
    bool busy() const { return map_.running() || mc_.running(); }
    std::optional<double> map_progress() const { return map_.progress(); }
    // Whether the decision map on screen (the full one, or the coarse one of a drag) is of this scenario
    // version, and the sum of its margins (a fingerprint the browser test watches change while an input is
    // dragged).
    bool map_current(std::uint64_t version) const;
    double map_margin_sum(std::uint64_t version) const;
    std::optional<double> monte_carlo_progress() const { return mc_.progress(); }

private:
    void draw_results(ViewContext& ctx);
    void update_sensitivity(const AppState& state);  // the tornado and breakevens of the scenario, if stale
    void draw_sensitivity(const ViewContext& ctx);
    void draw_decision_map(ViewContext& ctx);
    bool draw_map_drag(ViewContext& ctx);  // true when the dragged input changed the scenario
    void start_decision_map(AppState& state);
    const DecisionMapResult* shown_map(std::uint64_t version) const;  // nullptr: none yet
    void draw_monte_carlo(ViewContext& ctx);
    void draw_monte_carlo_result() const;

    int waterfall_route_ = 3;  // second_life: the route most readers come for
    // Shared by every tornado and map run, so that the analysis of an edited scenario reuses the fade stages
    // the edit left alone (docs/MODEL.md §4.9): while a price is dragged, every fade stage is reused. The
    // Monte Carlo keeps its own: its draws never repeat.
    std::shared_ptr<LifecycleEvaluator> evaluator_ = std::make_shared<LifecycleEvaluator>();
    // Tornado and breakevens: cheap enough (a few ms) to recompute when the scenario changes.
    std::uint64_t sensitivity_version_ = ~std::uint64_t{0};
    Objective sensitivity_objective_;
    SensitivityResult sensitivity_;
    // Decision map over two inputs (indices into the lifecycle objective's inputs).
    int map_x_ = -1, map_y_ = -1;
    int map_cells_ = 48;
    int map_drag_ = -1;              // the input the "drag" slider moves
    bool map_drag_started_ = false;  // the slider's current drag has made its undo step
    Objective map_objective_;
    SlicedJob<DecisionMapJob, DecisionMapResult> map_{16};
    // The coarse map of a dragged value whose full map did not fit in its frame, shown until that finishes.
    std::optional<DecisionMapResult> map_preview_;
    std::uint64_t map_preview_version_ = 0;
    // Monte Carlo over every input with a range and a distribution.
    int mc_draws_ = 10000;
    int mc_seed_ = 1;
    Objective mc_objective_;
    SlicedJob<MonteCarloJob, MonteCarloResult> mc_{64};
};

// "EV vs ESS portfolio": how the optimum splits the lines year by year, against the static plans.
class PortfolioView {
public:
    void draw(ViewContext& ctx);
    bool draw_headline(const ViewContext& ctx) const;  // false when the scenario has no portfolio results
    void draw_lines(const ViewContext& ctx, float height) const;
    // The year-1 breakevens of the current scenario, one "\nPortfolio breakeven: ..." line each (text mirror).
    std::string mirror_text(std::uint64_t version) const;

    bool step_jobs(const FrameBudget& budget);  // true when the sensitivity finished
    void stop_stale_jobs(std::uint64_t version);
    bool busy() const { return sensitivity_.running(); }
    std::optional<double> sensitivity_progress() const { return sensitivity_.progress(); }

private:
    void draw_results(ViewContext& ctx);
    void draw_sensitivity(ViewContext& ctx);

    // Tornado and line-conversion breakevens (~80 ms natively): sliced, started when shown.
    Objective objective_;
    SlicedJob<SensitivityJob, SensitivityResult> sensitivity_{8};
};

// "Reverse logistics": which hubs to open, where packs go, and what the network earns and emits. Its one
// long job, the hub search, belongs to the state (its result is part of the results).
class LogisticsView {
public:
    void draw(ViewContext& ctx);
    bool draw_headline(ViewContext& ctx) const;  // false while there are no logistics results
    void draw_network_map(const ViewContext& ctx, float height) const;

private:
    void draw_designs(const LogisticsResults& r) const;
};

// "Compare": your scenario (A) against a preset (B), result deltas and both inputs side by side.
class CompareView {
public:
    void reset(const AppState& state);  // B starts as A
    void draw(ViewContext& ctx);

private:
    void draw_results(const ViewContext& ctx) const;
    void draw_b(const AppState& state, const std::set<std::string>& highlight);

    std::string preset_id_;
    Scenario scenario_;
    InputMemory memory_;
    Results results_;
};

// "Sources": every default with its value, unit, source, year and confidence.
class SourcesView {
public:
    void draw();

private:
    std::vector<SourceEntry> sources_;  // all_sources(), listed once
};

}  // namespace packfolio::app
