#include "core/scenario_lifecycle.hpp"

#include <cstdio>

namespace packfolio {

namespace {

nlohmann::json optional_number(const std::optional<double>& x) {
    return x ? nlohmann::json(*x) : nlohmann::json(nullptr);
}


// Route ids, metric names and warnings hold no commas or quotes except warnings, which are quoted.
std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

nlohmann::json revenue_stack_json(const SecondLifeRevenueStack& st) {
    return {{"basis", "one passing pack in second life; [k] is year k + 1, real USD; npv at the discount rate; "
                      "operating = arbitrage + capacity + new_storage_cap - charging - om"},
            {"arbitrage_usd", st.arbitrage_usd},
            {"capacity_usd", st.capacity_usd},
            {"new_storage_cap_usd", st.new_storage_cap_usd},
            {"charging_usd", st.charging_usd},
            {"om_usd", st.om_usd},
            {"npv_usd",
             {{"arbitrage", st.arbitrage_npv_usd},
              {"capacity", st.capacity_npv_usd},
              {"new_storage_cap", st.new_storage_cap_npv_usd},
              {"charging", st.charging_npv_usd},
              {"om", st.om_npv_usd},
              {"operating", st.arbitrage_npv_usd + st.capacity_npv_usd + st.new_storage_cap_npv_usd -
                                st.charging_npv_usd - st.om_npv_usd}}},
            {"discharged_kwh", st.discharged_kwh},
            {"new_storage_equivalent_usd", st.new_storage_equivalent_usd}};
}

}  // namespace

nlohmann::json lifecycle_results_json(const LifecycleResults& r) {
    nlohmann::json routes = nlohmann::json::array();
    for (const RouteResult& route : r.routes) {
        routes.push_back({{"id", route.id},
                          {"npv_usd", route.npv_usd},
                          {"npv_usd_per_kwh", route.npv_usd_per_kwh},
                          {"co2_kg", route.co2_kg},
                          {"cash_usd_per_year", route.cash_usd_per_year},
                          {"soh", {{"years", route.soh.years}, {"soh", route.soh.soh}}}});
    }
    nlohmann::json options = nlohmann::json::array();
    for (const RecyclingOption& o : r.recycling_options)
        options.push_back({{"process", recycling_process_names[static_cast<std::size_t>(o.process)]},
                           {"npv_usd", o.npv_usd},
                           {"co2_kg", o.co2_kg}});
    return {{"cash_timing", "cash_usd_per_year[0] at the route's start, [t] at the end of year t; real USD"},
            {"routes", std::move(routes)},
            {"recycling_options", std::move(options)},
            {"best_route", r.best_route},
            {"next_best_route", r.next_best_route},
            {"margin_usd", r.margin_usd},
            {"margin_usd_per_kwh", r.margin_usd_per_kwh},
            {"best_deploy_route", r.best_deploy_route},
            {"pack_mass_kg", r.pack_mass_kg},
            {"retirement_soh", r.retirement_soh},
            {"first_life_years", r.first_life_years},
            {"first_life_efc_per_year", r.first_life_efc_per_year},
            {"second_life_years", r.second_life_years},
            {"max_buy_price_usd_per_kwh", r.max_buy_price_usd_per_kwh},
            {"repurposed_cost_usd_per_kwh", r.repurposed_cost_usd_per_kwh},
            {"second_life_lcos_usd_per_mwh", optional_number(r.second_life_lcos_usd_per_mwh)},
            {"new_ess_lcos_usd_per_mwh", optional_number(r.new_ess_lcos_usd_per_mwh)},
            {"co2_breakeven_second_life_years", optional_number(r.co2_breakeven_second_life_years)},
            {"second_life_revenue_stack", revenue_stack_json(r.second_life_revenue_stack)},
            {"functional_unit", r.functional_unit},
            {"warnings", r.warnings}};
}

std::string lifecycle_results_csv(const LifecycleResults& r) {
    std::string out = "metric,route,year,value\n";
    auto row = [&](const char* metric, const std::string& route, const std::string& year, const std::string& value) {
        out += metric;
        out += ',' + route + ',' + year + ',' + value + '\n';
    };
    for (const RouteResult& route : r.routes) {
        row("npv_usd", route.id, "", number_text(route.npv_usd));
        row("npv_usd_per_kwh", route.id, "", number_text(route.npv_usd_per_kwh));
        row("co2_kg", route.id, "", number_text(route.co2_kg));
        for (std::size_t t = 0; t < route.cash_usd_per_year.size(); ++t)
            row("cash_usd", route.id, std::to_string(t), number_text(route.cash_usd_per_year[t]));
        for (std::size_t k = 0; k < route.soh.years.size(); ++k)
            row("soh", route.id, number_text(route.soh.years[k]), number_text(route.soh.soh[k]));
    }
    for (const RecyclingOption& o : r.recycling_options) {
        const std::string id = std::string("recycle_now_") + recycling_process_names[static_cast<std::size_t>(o.process)];
        row("npv_usd", id, "", number_text(o.npv_usd));
        row("co2_kg", id, "", number_text(o.co2_kg));
    }
    row("best_route", "", "", r.best_route);
    row("next_best_route", "", "", r.next_best_route);
    row("margin_usd", "", "", number_text(r.margin_usd));
    row("margin_usd_per_kwh", "", "", number_text(r.margin_usd_per_kwh));
    row("best_deploy_route", "", "", r.best_deploy_route);
    row("pack_mass_kg", "", "", number_text(r.pack_mass_kg));
    row("retirement_soh", "", "", number_text(r.retirement_soh));
    row("first_life_years", "", "", number_text(r.first_life_years));
    row("first_life_efc_per_year", "", "", number_text(r.first_life_efc_per_year));
    row("second_life_years", "", "", number_text(r.second_life_years));
    row("max_buy_price_usd_per_kwh", "", "", number_text(r.max_buy_price_usd_per_kwh));
    row("repurposed_cost_usd_per_kwh", "", "", number_text(r.repurposed_cost_usd_per_kwh));
    if (r.second_life_lcos_usd_per_mwh) row("second_life_lcos_usd_per_mwh", "", "", number_text(*r.second_life_lcos_usd_per_mwh));
    if (r.new_ess_lcos_usd_per_mwh) row("new_ess_lcos_usd_per_mwh", "", "", number_text(*r.new_ess_lcos_usd_per_mwh));
    if (r.co2_breakeven_second_life_years)
        row("co2_breakeven_second_life_years", "", "", number_text(*r.co2_breakeven_second_life_years));
    const SecondLifeRevenueStack& st = r.second_life_revenue_stack;
    for (const auto& [name, v] : {std::pair<const char*, double>{"arbitrage", st.arbitrage_npv_usd},
                                  {"capacity", st.capacity_npv_usd},
                                  {"new_storage_cap", st.new_storage_cap_npv_usd},
                                  {"charging", st.charging_npv_usd},
                                  {"om", st.om_npv_usd}})
        row("second_life_revenue_stack_npv_usd", name, "", number_text(v));
    if (!r.functional_unit.empty()) row("functional_unit", "", "", quoted(r.functional_unit));
    for (const std::string& w : r.warnings) row("warning", "", "", quoted(w));
    return out;
}

}  // namespace packfolio
