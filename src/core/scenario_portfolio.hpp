#pragma once
// Portfolio results as JSON (the scenario module is the only part of the core that knows JSON).
// `packfolio eval` prints them under "portfolio".

#include <nlohmann/json.hpp>

#include "core/portfolio.hpp"

namespace packfolio {

// {"timing": "end_of_year", "npv_usd", "value_of_flexibility_usd", "year1_ess_lines", "margin_before_credits",
//  "conversion_order",
//  "plan": [{"year", "calendar_year", "ev_lines", "ess_lines", "lines_retooled", "line_segments",
//            "ev_gwh", "ess_gwh", "ev_capacity_gwh", "ess_capacity_gwh", "ev_volume_cap_gwh",
//            "ev_price_usd_per_kwh", "ess_price_usd_per_kwh", "ev_margin_usd_per_kwh", "ess_margin_usd_per_kwh",
//            "ev_margin_usd_per_gwh", "ess_margin_usd_per_gwh", "ev_utilisation", "ess_utilisation",
//            "utilisation", "revenue_usd", "material_cost_usd", "labour_cost_usd", "scrap_cost_usd",
//            "fixed_cost_usd", "capital_charge_usd", "retool_cost_usd", "credit_45x_usd", "residual_credit_usd",
//            "operating_cash_before_credits_usd", "margin_before_credits", "cash_flow_usd",
//            "cash_flow_usd_per_gwh"}],
//  "baselines": {"all_ev", "all_ess", "no_switch", "best_static": {"npv_usd", "margin_before_credits", "plan"}
//                (best_static also "ess_lines")},
// margin_before_credits: gross margin before credits, (operating cash before credits − capital charge) /
// revenue, per year and over each plan (docs/MODEL.md §5).
//  "warnings"}
nlohmann::json portfolio_results_json(const PortfolioResults& r);

}  // namespace packfolio
