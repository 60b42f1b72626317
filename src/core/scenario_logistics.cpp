#include "core/scenario_logistics.hpp"

namespace packfolio {

namespace {

void put_class(nlohmann::json& j, const PackClass& c) {
    j["chemistry"] = chemistry_names[static_cast<std::size_t>(c.chemistry)];
    j["soh_band"] = soh_band_names[static_cast<std::size_t>(c.soh_band)];
    j["damaged"] = c.damaged;
}

// The figures of a design, without its flows.
nlohmann::json design_summary(const LogisticsDesign& d) {
    nlohmann::json routes = nlohmann::json::object();
    for (std::size_t o = 0; o < outcome_count; ++o) routes[outcome_names[o]] = d.packs_per_outcome[o];
    return {{"open_hubs", d.open_hubs},
            {"transport_cost_usd", d.transport_cost_usd},
            {"fixed_cost_usd", d.fixed_cost_usd},
            {"total_cost_usd", d.total_cost_usd},
            {"total_value_usd", d.total_value_usd},
            {"net_value_usd", d.net_value_usd},
            {"co2_kg", d.co2_kg},
            {"hazmat_tonne_km", d.hazmat_tonne_km},
            {"non_hazmat_tonne_km", d.non_hazmat_tonne_km},
            {"packs_routed", d.packs_routed},
            {"packs_unroutable", d.packs_unroutable},
            {"packs_per_route", routes}};
}

nlohmann::json optional_design(const std::optional<LogisticsDesign>& d) {
    return d ? design_summary(*d) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json logistics_results_json(const LogisticsResults& r) {
    nlohmann::json j = design_summary(r.result);
    j["method"] = r.method;
    j["cancelled"] = r.cancelled;
    j["optimality_gap_usd"] = r.optimality_gap_usd ? nlohmann::json(*r.optimality_gap_usd) : nlohmann::json(nullptr);
    j["evaluations"] = r.evaluations;
    j["cost_resolution_usd"] = r.cost_resolution_usd;
    j["packs_in"] = r.packs_in;
    nlohmann::json flows = nlohmann::json::array();
    for (const LogisticsFlow& f : r.result.flows) {
        nlohmann::json x = {{"site", f.site}};
        put_class(x, f.pack_class);
        x["hub"] = f.hub;
        x["outcome"] = outcome_names[static_cast<std::size_t>(f.outcome)];
        x["outlet"] = f.outlet;
        x["packs"] = f.packs;
        x["cost_usd"] = f.transport_cost_usd;
        x["value_usd"] = f.value_usd;
        x["co2_kg"] = f.co2_kg;
        flows.push_back(std::move(x));
    }
    j["flows"] = std::move(flows);
    nlohmann::json unroutable = nlohmann::json::array();
    for (const UnroutablePacks& u : r.result.unroutable) {
        nlohmann::json x = {{"site", u.site}};
        put_class(x, u.pack_class);
        x["packs"] = u.packs;
        x["reason"] = u.reason;
        unroutable.push_back(std::move(x));
    }
    j["unroutable"] = std::move(unroutable);
    j["designs"] = {{"centralised", optional_design(r.centralised)},
                    {"decentralised", optional_design(r.decentralised)},
                    {"optimum", optional_design(r.optimum)}};
    j["warnings"] = r.warnings;
    return j;
}

nlohmann::json registry_summary_json(const RegistrySummary& s) {
    nlohmann::json bad = nlohmann::json::array();
    for (const RegistryIssue& i : s.bad_rows) bad.push_back({{"line", i.line}, {"reason", i.reason}});
    nlohmann::json classes = nlohmann::json::array();
    for (const RegistryClassCount& c : s.classes) {
        nlohmann::json x = {{"site", c.site}};
        put_class(x, c.pack_class);
        x["packs"] = c.packs;
        x["mean_nominal_kwh"] = c.mean_nominal_kwh;
        x["mean_soh"] = c.mean_soh;
        classes.push_back(std::move(x));
    }
    return {{"header_error", s.header_error.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.header_error)},
            {"rows_loaded", s.rows_loaded},
            {"rows_bad", s.rows_bad},
            {"bad_rows", std::move(bad)},
            {"bad_rows_listed", s.bad_rows.size()},
            {"classes", std::move(classes)},
            {"soh_bands", soh_band_names}};
}

}  // namespace packfolio
