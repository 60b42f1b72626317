#pragma once
// Analysis results (analysis.hpp) as JSON and CSV, for `packfolio analyse` and the app. Inputs are named by
// their scenario path, outcomes by their id; numbers that do not exist (no tie in range) are absent, never
// a number.

#include <nlohmann/json.hpp>
#include <string>

#include "core/analysis.hpp"

namespace packfolio {

// {"watched_outcome", "margin_of", "sorted_by": "margin_swing" | "swing",
//  "base": {"values": {id: v}, "best", "next_best", "margin"}, "evaluations",
//  "default_map_axes": [x path, y path] (default_map_inputs; null with fewer than two bars),
//  "bars": [{"input", "label", "unit", "base", "low", "high", "valid", "values_at_low": {id: v},
//            "values_at_high", "decision_at_low", "decision_at_high", "margin_at_low", "margin_at_high",
//            "swing", "margin_swing", "flips_decision"}]}   (bars in the order of sorted_by, largest first)
nlohmann::json tornado_json(const Objective& objective, const SensitivityResult& r);

// {"base": {...as above}, "inputs": [{"input", "unit", "low", "high", "status": "found" | "no_tie_in_range" |
//  "not_finite", "crossings": [{"x", "from", "to"}], "thresholds": [{"id", "level", "outcome",
//  "crossings": [{"x", "direction": "rising" | "falling"}]}]}]}   (inputs in schema order)
nlohmann::json breakevens_json(const Objective& objective, const SensitivityResult& r);

// {"outcomes": [ids], "x": {"input", "unit", "low", "high", "cells", "centres"}, "y": {...},
//  "decision": [outcome index per cell, -1 when invalid], "margin": [...], "values": {id: [...]},
//  "current": {"x", "y", "ix", "iy"}, "invalid_cells", "layout"}; cells row-major, x fastest.
nlohmann::json decision_map_json(const Objective& objective, const DecisionMapResult& r);

// {"seed", "draws", "valid_draws", "sampled_inputs": [paths], "outcomes": [{"id", "mean", "sd", "min", "p5",
//  "p50", "p95", "max", "share_best", "histogram": {"edges", "counts"}}],
//  "p_greater": [{"a", "b", "p"}] for every ordered pair of the decision set}
nlohmann::json monte_carlo_json(const Objective& objective, const MonteCarloResult& r);

// CSV, one table each, header first:
//   tornado     input,unit,low,high,outcome,value_at_low,value_at_high,swing,margin_at_low,margin_at_high,
//               decision_at_low,decision_at_high,margin_swing,flips_decision
//               (the watched outcome; one row per input, in the tornado's order; flips_decision 1 or 0)
//   breakevens  input,unit,low,high,kind,id,status,x,from,to
//               kind "decision" (from/to are outcome ids) or "threshold" (id names it, from/to are below/above);
//               an input with no tie has one row with its status and an empty x
//   map         x,y,ix,iy,current,decision,margin,<one column per outcome>
//   monte carlo metric,outcome,bin_low,bin_high,value
//               metrics mean, sd, min, p5, p50, p95, max, share_best, histogram (count per bin) and
//               p_greater (outcome "a>b")
std::string tornado_csv(const Objective& objective, const SensitivityResult& r);
std::string breakevens_csv(const Objective& objective, const SensitivityResult& r);
std::string decision_map_csv(const Objective& objective, const DecisionMapResult& r);
std::string monte_carlo_csv(const Objective& objective, const MonteCarloResult& r);

}  // namespace packfolio
