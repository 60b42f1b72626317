#pragma once
// Lifecycle results as JSON and CSV (the scenario module is the only part of the core that knows JSON).
// `packfolio eval` prints the JSON under "lifecycle".

#include <nlohmann/json.hpp>
#include <string>

#include "core/lifecycle.hpp"

namespace packfolio {

// {"routes": [{"id", "npv_usd", "npv_usd_per_kwh", "co2_kg", "cash_usd_per_year", "soh": {"years", "soh"}}],
//  "best_route", "retirement_soh", "second_life_years", "max_buy_price_usd_per_kwh", "warnings", ...}.
// Optional figures (LCOS, CO2 break-even) are null when absent.
nlohmann::json lifecycle_results_json(const LifecycleResults& r);

// One long table, header "metric,route,year,value": scalar results have empty route and year, route figures
// name their route, yearly series (cash, SoH) give the year.
std::string lifecycle_results_csv(const LifecycleResults& r);

}  // namespace packfolio
