#pragma once
// Sensitivity of the EV vs ESS portfolio (MODEL.md §5): the portfolio as an Objective, so that the
// tornado, breakevens, decision maps and Monte Carlo of analysis.hpp run on it unchanged.
//
// Inputs: every Param of the scenario except the logistics section's, in schema order — the lifecycle
// sections first ("market.metal_prices_usd_per_kg.lithium_carbonate", "market.discount_rate", ...), then the
// portfolio section ("portfolio.ess.price_usd_per_kwh", "portfolio.lines[0].utilisation", ...). The lifecycle
// Params matter through portfolio_context (evaluate.hpp): the discount rate, the metal prices (the cathode
// metal cost of every chemistry) and, through the residual value of a taken-back EV pack, every other
// lifecycle input. The context is cached and recomputed only when a lifecycle input's value has changed
// since the last evaluation, so scanning a portfolio input costs one optimise_portfolio per evaluation.
//
// Outcomes (portfolio_outcome_ids): the optimum's NPV, the three baselines' NPVs, the value of flexibility
// (optimum − best static split) and the optimum's year-1 ESS line count, all as optimise_portfolio reports
// them for the same scenario. An evaluation whose portfolio is invalid (optimise_portfolio returns no plan)
// gives NaN for every outcome, which analysis reports as an invalid evaluation.
//
// Decision set: the plans the maker could commit to — the optimum, all_ev, all_ess and no_switch, in that
// order. The optimum is never below a baseline (each baseline is a plan the dynamic programme considers), and
// ties go to the one listed first, so the decision is always the optimum; what analysis reports through it
// is the margin, optimum − the best of the three simple plans: what planning the switches is worth over the
// best simple commitment, and (sort by margin) which inputs move that. The decision therefore never flips;
// the plan's own moves are the thresholds.
//
// Thresholds: with k0 lines in ESS today and N lines, "line_j_converts" (j = 1 .. N − k0) is year1_ess_lines
// crossing k0 + j − 0.5: the j-th EV line to move to ESS in year 1 ("the ESS tender price at which line 1
// converts" is the crossing of line_1_converts in a scan of portfolio.ess.price_usd_per_kwh). When lines are
// in ESS today, "ess_line_j_returns" (j = 1 .. k0) is year1_ess_lines crossing k0 − j + 0.5: the j-th of them
// to go back to EV contracts in year 1.

#include <array>

#include "core/analysis.hpp"
#include "core/scenario.hpp"

namespace packfolio {

enum class PortfolioOutcome { npv_usd, all_ev, all_ess, no_switch, value_of_flexibility_usd, year1_ess_lines };
inline constexpr std::array<const char*, 6> portfolio_outcome_ids = {
    "npv_usd", "all_ev", "all_ess", "no_switch", "value_of_flexibility_usd", "year1_ess_lines"};

// Throws std::invalid_argument when the scenario has no portfolio section.
Objective portfolio_objective(const Scenario& s);

}  // namespace packfolio
