#include "core/scenario_portfolio.hpp"

namespace packfolio {

namespace {

constexpr double kwh_per_gwh = 1.0e6;

nlohmann::json year_json(const PortfolioYear& y) {
    nlohmann::json segments = nlohmann::json::array();
    for (MarketSegment s : y.line_segments) segments.push_back(market_segment_names[static_cast<std::size_t>(s)]);
    return {{"year", y.year},
            {"calendar_year", y.calendar_year},
            {"ev_lines", y.ev_lines},
            {"ess_lines", y.ess_lines},
            {"lines_retooled", y.lines_retooled},
            {"line_segments", std::move(segments)},
            {"ev_gwh", y.ev_gwh},
            {"ess_gwh", y.ess_gwh},
            {"ev_capacity_gwh", y.ev_capacity_gwh},
            {"ess_capacity_gwh", y.ess_capacity_gwh},
            {"ev_volume_cap_gwh", y.ev_volume_cap_gwh},
            {"ev_price_usd_per_kwh", y.ev_price_usd_per_kwh},
            {"ess_price_usd_per_kwh", y.ess_price_usd_per_kwh},
            {"ev_margin_usd_per_kwh", y.ev_margin_usd_per_kwh},
            {"ess_margin_usd_per_kwh", y.ess_margin_usd_per_kwh},
            {"ev_margin_usd_per_gwh", y.ev_margin_usd_per_kwh * kwh_per_gwh},
            {"ess_margin_usd_per_gwh", y.ess_margin_usd_per_kwh * kwh_per_gwh},
            {"ev_utilisation", y.ev_utilisation},
            {"ess_utilisation", y.ess_utilisation},
            {"utilisation", y.utilisation},
            {"revenue_usd", y.revenue_usd},
            {"material_cost_usd", y.material_cost_usd},
            {"labour_cost_usd", y.labour_cost_usd},
            {"scrap_cost_usd", y.scrap_cost_usd},
            {"fixed_cost_usd", y.fixed_cost_usd},
            {"capital_charge_usd", y.capital_charge_usd},
            {"retool_cost_usd", y.retool_cost_usd},
            {"credit_45x_usd", y.credit_45x_usd},
            {"residual_credit_usd", y.residual_credit_usd},
            {"operating_cash_before_credits_usd", y.operating_cash_before_credits_usd},
            {"margin_before_credits", y.margin_before_credits},
            {"cash_flow_usd", y.cash_flow_usd},
            {"cash_flow_usd_per_gwh", y.cash_flow_usd_per_gwh}};
}

nlohmann::json plan_json(const PortfolioPlan& p) {
    nlohmann::json years = nlohmann::json::array();
    for (const PortfolioYear& y : p.years) years.push_back(year_json(y));
    return years;
}

nlohmann::json baseline_json(const PortfolioPlan& p) {
    return {{"npv_usd", p.npv_usd}, {"margin_before_credits", p.margin_before_credits}, {"plan", plan_json(p)}};
}

}  // namespace

nlohmann::json portfolio_results_json(const PortfolioResults& r) {
    nlohmann::json best_static = baseline_json(r.best_static);
    best_static["ess_lines"] = r.best_static_ess_lines;
    return {{"timing", "end_of_year"},
            {"npv_usd", r.npv_usd},
            {"value_of_flexibility_usd", r.value_of_flexibility_usd},
            {"year1_ess_lines", r.year1_ess_lines()},
            {"margin_before_credits", r.optimum.margin_before_credits},
            {"conversion_order", r.conversion_order},
            {"plan", plan_json(r.optimum)},
            {"baselines",
             {{"all_ev", baseline_json(r.all_ev)},
              {"all_ess", baseline_json(r.all_ess)},
              {"no_switch", baseline_json(r.no_switch)},
              {"best_static", std::move(best_static)}}},
            {"warnings", r.warnings}};
}

}  // namespace packfolio
