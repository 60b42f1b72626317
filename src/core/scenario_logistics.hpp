#pragma once
// Logistics results and registry summaries as JSON (the scenario module is the only part of the core that
// knows JSON). `packfolio eval` prints the results under "logistics"; `packfolio registry` prints the
// summary.

#include <nlohmann/json.hpp>

#include "core/logistics.hpp"
#include "core/registry.hpp"

namespace packfolio {

// {"method", "cancelled", "optimality_gap_usd" (null when unknown), "evaluations", "cost_resolution_usd",
//  "packs_in", "open_hubs", "total_cost_usd", "transport_cost_usd", "fixed_cost_usd", "total_value_usd",
//  "net_value_usd", "co2_kg", "hazmat_tonne_km", "non_hazmat_tonne_km", "packs_routed",
//  "packs_unroutable", "packs_per_route": {"recycle_whole", "shred_black_mass", "second_life",
//  "remanufacture"},
//  "flows": [{"site", "chemistry", "soh_band", "damaged", "hub", "outcome", "outlet", "packs", "cost_usd",
//             "value_usd", "co2_kg"}],
//  "unroutable": [{"site", "chemistry", "soh_band", "damaged", "packs", "reason"}],
//  "designs": {"centralised", "decentralised", "optimum"}: each null or {"open_hubs", the cost, value,
//             CO2 and tonne-km figures above, "packs_routed", "packs_unroutable", "packs_per_route"},
//  "warnings"}. Money in $/yr, packs in packs/yr, CO2 in kg/yr (transport only).
nlohmann::json logistics_results_json(const LogisticsResults& r);

// {"header_error" (null when fine), "rows_loaded", "rows_bad", "bad_rows": [{"line", "reason"}],
//  "bad_rows_listed", "classes": [{"site", "chemistry", "soh_band", "damaged", "packs",
//  "mean_nominal_kwh", "mean_soh"}], "soh_bands"}.
nlohmann::json registry_summary_json(const RegistrySummary& s);

}  // namespace packfolio
