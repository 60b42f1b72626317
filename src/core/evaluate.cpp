#include "core/evaluate.hpp"

#include <nlohmann/json.hpp>

#include "core/json_input.hpp"
#include "core/scenario_lifecycle.hpp"
#include "core/scenario_logistics.hpp"
#include "core/scenario_portfolio.hpp"

namespace packfolio {

PortfolioContext portfolio_context(const LifecycleInput& in) {
    PortfolioContext ctx;
    ctx.discount_rate = in.market.discount_rate.value;
    // A line can make any chemistry, so the context prices every one with this scenario's metal prices and
    // values a taken-back pack of every chemistry with this scenario's end-of-life routes.
    for (std::size_t c = 0; c < chemistry_count; ++c) {
        const auto chemistry = static_cast<Chemistry>(c);
        ctx.material_cost_usd_per_kwh[c] = metal_cost_usd_per_kwh(chemistry, in.market.metal_prices_usd_per_kg);
        LifecycleInput pack = in;
        pack.pack.chemistry = chemistry;
        ctx.residual_value_usd_per_kwh[c] = residual_value_usd_per_kwh(pack);
    }
    return ctx;
}

LogisticsContext logistics_context(const LifecycleInput& in, const LogisticsInput& net) {
    LogisticsContext ctx;
    for (const PackClass& c : logistics_classes(net)) {
        const double kwh = net.pack_nominal_kwh.value;
        const double soh = soh_band_value(c.soh_band);
        const RetiredPackValue v = value_retired_pack(in, c.chemistry, kwh, soh, c.damaged);
        ctx.classes.push_back(
            {c, kwh, soh, v.mass_kg, v.recycle_now_usd, v.second_life_usd, v.remanufacture_usd, v.reuse_possible});
    }
    return ctx;
}

Results evaluate(const Scenario& s, LogisticsSearch search) {
    Results r;
    r.lifecycle = evaluate_lifecycle(s.lifecycle);
    if (s.portfolio) r.portfolio = optimise_portfolio(*s.portfolio, portfolio_context(s.lifecycle));
    if (s.logistics && search == LogisticsSearch::solve) r.logistics = solve_logistics(*s.logistics, logistics_context(s.lifecycle, *s.logistics));
    return r;
}

namespace {

nlohmann::json results_json(const Results& r) {
    nlohmann::json doc;
    doc["schema"] = scenario_schema;
    doc["lifecycle"] = lifecycle_results_json(r.lifecycle);
    if (r.portfolio) doc["portfolio"] = portfolio_results_json(*r.portfolio);
    if (r.logistics) doc["logistics"] = logistics_results_json(*r.logistics);
    return doc;
}

}  // namespace

std::string results_to_json(const Results& r, int indent) { return dump_json(results_json(r), indent); }

std::string results_to_csv(const Results& r) {
    // One long table for the lifecycle (the CSV most users want), then one row per plan year and per
    // logistics design, each block under its own header so a spreadsheet can split them.
    std::string out = lifecycle_results_csv(r.lifecycle);
    if (r.portfolio) {
        out += "\nyear,calendar_year,ev_lines,ess_lines,ev_gwh,ess_gwh,ev_price_usd_per_kwh,ess_price_usd_per_kwh,"
               "cash_flow_usd\n";
        for (const PortfolioYear& y : r.portfolio->optimum.years) {
            const nlohmann::json row = {y.year,   y.calendar_year, y.ev_lines, y.ess_lines, y.ev_gwh,
                                        y.ess_gwh, y.ev_price_usd_per_kwh, y.ess_price_usd_per_kwh,
                                        y.cash_flow_usd};
            std::string line;
            for (const auto& cell : row) line += (line.empty() ? "" : ",") + cell.dump();
            out += line + "\n";
        }
    }
    if (r.logistics) {
        const LogisticsDesign& d = r.logistics->result;
        out += "\nlogistics_metric,value\n";
        out += "total_cost_usd," + nlohmann::json(d.total_cost_usd).dump() + "\n";
        out += "total_value_usd," + nlohmann::json(d.total_value_usd).dump() + "\n";
        out += "net_value_usd," + nlohmann::json(d.net_value_usd).dump() + "\n";
        out += "co2_kg," + nlohmann::json(d.co2_kg).dump() + "\n";
        out += "packs_routed," + std::to_string(d.packs_routed) + "\n";
    }
    return out;
}

std::string evaluate_json_text(const std::string& scenario_json) {
    const ParsedScenario parsed = parse_scenario(scenario_json);
    if (!parsed.ok()) {
        nlohmann::json errors = nlohmann::json::array();
        for (const FieldError& e : parsed.errors) errors.push_back({{"path", e.path}, {"message", e.message}});
        return dump_json(nlohmann::json{{"errors", errors}}, 2);
    }
    return results_to_json(evaluate(parsed.scenario));
}

}  // namespace packfolio
