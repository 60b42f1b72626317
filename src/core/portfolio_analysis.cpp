#include "core/portfolio_analysis.hpp"

#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/evaluate.hpp"

namespace packfolio {

namespace {

// The working copy the inputs point into, with the cached valuation context.
struct PortfolioObjectiveState {
    LifecycleInput lifecycle;
    PortfolioInput portfolio;
    std::vector<const Param*> lifecycle_params;  // the inputs the context depends on
    std::vector<double> context_key;             // their values when `context` was computed
    PortfolioContext context;
    bool has_context = false;

    const PortfolioContext& current_context() {
        bool stale = !has_context;
        for (std::size_t i = 0; i < lifecycle_params.size() && !stale; ++i)
            stale = !(lifecycle_params[i]->value == context_key[i]);  // a NaN never matches: recompute
        if (stale) {
            context = portfolio_context(lifecycle);
            for (std::size_t i = 0; i < lifecycle_params.size(); ++i) context_key[i] = lifecycle_params[i]->value;
            has_context = true;
        }
        return context;
    }
};

}  // namespace

Objective portfolio_objective(const Scenario& s) {
    if (!s.portfolio) throw std::invalid_argument("portfolio analysis: the scenario has no portfolio section");
    auto state = std::make_shared<PortfolioObjectiveState>();
    state->lifecycle = s.lifecycle;
    state->portfolio = *s.portfolio;

    Objective o;
    ParamCollector collector(o.inputs);
    visit_fields(collector, state->lifecycle);
    for (const ParamRef& ref : o.inputs) state->lifecycle_params.push_back(ref.param);
    state->context_key.assign(state->lifecycle_params.size(), 0.0);
    collector.object("portfolio", [&](ParamCollector& w) { visit_fields(w, state->portfolio); });

    o.outcome_ids.assign(portfolio_outcome_ids.begin(), portfolio_outcome_ids.end());
    // The plans the maker could commit to; the optimum first so that it wins its ties (see the header).
    o.decision_set = {static_cast<int>(PortfolioOutcome::npv_usd), static_cast<int>(PortfolioOutcome::all_ev),
                      static_cast<int>(PortfolioOutcome::all_ess), static_cast<int>(PortfolioOutcome::no_switch)};

    const int n = static_cast<int>(state->portfolio.lines.size());
    int today = 0;
    for (const PortfolioLine& l : state->portfolio.lines) today += l.segment == MarketSegment::ess ? 1 : 0;
    const int lines_outcome = static_cast<int>(PortfolioOutcome::year1_ess_lines);
    for (int j = 1; j <= n - today; ++j)
        o.thresholds.push_back({"line_" + std::to_string(j) + "_converts", lines_outcome, today + j - 0.5});
    for (int j = 1; j <= today; ++j)
        o.thresholds.push_back({"ess_line_" + std::to_string(j) + "_returns", lines_outcome, today - j + 0.5});

    PortfolioObjectiveState* st = state.get();
    o.evaluate = [st](double* values) {
        const PortfolioResults r = optimise_portfolio(st->portfolio, st->current_context());
        if (r.optimum.years.empty()) {  // invalid input: optimise_portfolio made no plan
            for (std::size_t i = 0; i < portfolio_outcome_ids.size(); ++i)
                values[i] = std::numeric_limits<double>::quiet_NaN();
            return;
        }
        values[static_cast<int>(PortfolioOutcome::npv_usd)] = r.npv_usd;
        values[static_cast<int>(PortfolioOutcome::all_ev)] = r.all_ev.npv_usd;
        values[static_cast<int>(PortfolioOutcome::all_ess)] = r.all_ess.npv_usd;
        values[static_cast<int>(PortfolioOutcome::no_switch)] = r.no_switch.npv_usd;
        values[static_cast<int>(PortfolioOutcome::value_of_flexibility_usd)] = r.value_of_flexibility_usd;
        values[static_cast<int>(PortfolioOutcome::year1_ess_lines)] = static_cast<double>(r.year1_ess_lines());
    };
    o.state = std::move(state);
    return o;
}

}  // namespace packfolio
