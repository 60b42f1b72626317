// EV vs ESS portfolio (MODEL.md §5): a hand-computed plant, the dynamic programme against brute force over
// every plan, the plan's properties (never below a baseline, monotone in the ESS price, static under
// prohibitive switching costs, myopic without them), bad input with field paths, and the JSON output.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/evaluate.hpp"
#include "core/lifecycle.hpp"
#include "core/portfolio.hpp"
#include "core/scenario.hpp"
#include "core/scenario_json.hpp"
#include "core/scenario_portfolio.hpp"
#include "preset_file.hpp"

using namespace packfolio;

namespace {

constexpr std::size_t idx(Chemistry c) { return static_cast<std::size_t>(c); }

// One 10 GWh/yr line at 80 % (8 GWh/yr), at the reference size so that no scale factor applies.
// Unit costs: EV = NMC811 metals 15 + other 20 + pack 20 + labour 5 = 60 $/kWh;
//             ESS = LFP metals 5 + other 20 + DC block 10 + labour 5 = 40 $/kWh.
// EV at 100 $/kWh capped at 2 GWh/yr; ESS p0 70 $/kWh up to V0 = 4 GWh, 20 % drop per doubling.
// Fixed 10 $M/yr, retool 10 $M/GWh (100 $M for the line), 6 months downtime; 10 %/yr discount.
// No scrap and no capital charge; the maker is the whole tender market (M = V0), where the clearing price
// p0·(1 + (V − V0)/M)^(−b) is p0·(V/V0)^(−b).
PortfolioInput hand_input() {
    PortfolioInput in;
    in.horizon_years = 3;
    in.start_year = 2026;
    PortfolioLine line;
    line.capacity_gwh_per_year = 10.0;
    line.utilisation = 0.8;
    line.chemistry = Chemistry::nmc811;
    line.ess_chemistry = Chemistry::lfp;
    line.segment = MarketSegment::ev;
    in.lines = {line};
    in.costs.other_materials_usd_per_kwh = 20.0;
    in.costs.labour_usd_per_kwh = 5.0;
    in.costs.fixed_cost_musd_per_line_year = 10.0;
    in.costs.retool_cost_musd_per_gwh = 10.0;
    in.costs.retool_downtime_months = 6.0;
    in.costs.reference_line_gwh_per_year = 10.0;
    in.ev.price_usd_per_kwh = 100.0;
    in.ev.price_trend_per_year = 0.0;
    in.ev.integration_usd_per_kwh = 20.0;
    in.ev.take_back_share = 0.0;
    in.ev.volume_gwh_per_year = 2.0;
    in.ev.volume_growth_per_year = 0.0;
    in.ev.shock = 0.0;
    in.ess.price_usd_per_kwh = 70.0;
    in.ess.price_trend_per_year = 0.0;
    in.ess.reference_volume_gwh_per_year = 4.0;
    in.ess.reference_volume_growth_per_year = 0.0;
    in.ess.drop_per_doubling = 0.2;
    in.ess.integration_usd_per_kwh = 10.0;
    in.ess.market_gwh_per_year = 4.0;
    in.costs.yield_fraction = 1.0;
    in.costs.capex_musd_per_gwh = 0.0;
    return in;
}

PortfolioContext hand_context() {
    PortfolioContext ctx;
    ctx.discount_rate = 0.10;
    ctx.material_cost_usd_per_kwh[idx(Chemistry::nmc811)] = 15.0;
    ctx.material_cost_usd_per_kwh[idx(Chemistry::lfp)] = 5.0;
    ctx.residual_value_usd_per_kwh[idx(Chemistry::nmc811)] = 8.0;
    return ctx;
}

const std::vector<MarketSegment> ev1 = {MarketSegment::ev};
const std::vector<MarketSegment> ess1 = {MarketSegment::ess};

// ---- random instances ----

double uniform(std::mt19937& rng, double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); }
int pick(std::mt19937& rng, int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }

// Markets and costs drawn wide enough that every kind of plan wins somewhere: idle EV lines, withheld ESS
// volume, switches back and forth, credits, negative residual values.
PortfolioInput random_input(std::mt19937& rng, int n_lines, int years, bool identical) {
    PortfolioInput in;
    in.horizon_years = years;
    in.start_year = pick(rng, 2026, 2034);
    static const std::array<Chemistry, 3> ev_chems = {Chemistry::nmc811, Chemistry::lfp, Chemistry::nca};
    static const std::array<Chemistry, 2> ess_chems = {Chemistry::lfp, Chemistry::na_ion};
    in.lines.clear();
    for (int i = 0; i < n_lines; ++i) {
        PortfolioLine l;
        if (identical && i > 0) l = in.lines.front();
        else {
            l.capacity_gwh_per_year = uniform(rng, 2.0, 12.0);
            l.utilisation = uniform(rng, 0.6, 0.95);
            l.chemistry = ev_chems[static_cast<std::size_t>(pick(rng, 0, 2))];
            l.ess_chemistry = ess_chems[static_cast<std::size_t>(pick(rng, 0, 1))];
        }
        l.segment = pick(rng, 0, 1) ? MarketSegment::ess : MarketSegment::ev;
        in.lines.push_back(l);
    }
    in.costs.other_materials_usd_per_kwh = uniform(rng, 15.0, 28.0);
    in.costs.labour_usd_per_kwh = uniform(rng, 4.0, 12.0);
    in.costs.fixed_cost_musd_per_line_year = uniform(rng, 5.0, 40.0);
    in.costs.retool_cost_musd_per_gwh = uniform(rng, 0.0, 30.0);
    in.costs.retool_downtime_months = uniform(rng, 0.0, 12.0);
    in.costs.labour_scale_exponent = uniform(rng, 0.7, 0.9);
    in.costs.capital_scale_exponent = uniform(rng, 0.9, 0.95);
    in.ev.price_usd_per_kwh = uniform(rng, 60.0, 140.0);
    in.ev.price_trend_per_year = uniform(rng, -0.1, 0.05);
    in.ev.integration_usd_per_kwh = uniform(rng, 15.0, 30.0);
    in.ev.take_back_share = uniform(rng, 0.0, 0.5);
    if (pick(rng, 0, 1)) {
        for (int t = 0; t < years; ++t) in.ev.volume_gwh_by_year.push_back(uniform(rng, 0.0, 12.0 * n_lines));
    } else {
        in.ev.volume_gwh_per_year = uniform(rng, 0.0, 10.0 * n_lines);
        in.ev.volume_growth_per_year = uniform(rng, -0.1, 0.1);
        in.ev.shock = uniform(rng, -0.6, 0.2);
        in.ev.shock_year = pick(rng, 1, years);
    }
    in.ess.price_usd_per_kwh = uniform(rng, 40.0, 130.0);
    in.ess.price_trend_per_year = uniform(rng, -0.15, 0.1);
    in.ess.reference_volume_gwh_per_year = uniform(rng, 2.0, 20.0);
    in.ess.drop_per_doubling = uniform(rng, 0.0, 0.4);
    in.ess.reference_volume_growth_per_year = uniform(rng, 0.0, 0.3);
    in.ess.integration_usd_per_kwh = uniform(rng, 10.0, 28.0);
    in.credit_45x.enabled = pick(rng, 0, 1) == 1;
    // The tender market, yield and capital come from a second generator seeded by this instance, so that `rng`
    // draws the same instances as before these inputs existed. The maker places 50-100 % of the market at
    // the reference price (half the time all of it, the steepest case), so its volume moves the price.
    std::mt19937 more(static_cast<unsigned>(in.ess.price_usd_per_kwh.value * 1e6));
    in.ess.market_gwh_per_year = in.ess.reference_volume_gwh_per_year.value * (pick(more, 0, 1) ? 1.0 : uniform(more, 1.0, 2.0));
    in.ess.market_growth_per_year = in.ess.reference_volume_growth_per_year.value;
    in.costs.yield_fraction = uniform(more, 0.9, 1.0);
    in.costs.capex_musd_per_gwh = uniform(more, 0.0, 100.0);
    in.costs.depreciation_years = uniform(more, 5.0, 15.0);
    return in;
}

PortfolioContext random_context(std::mt19937& rng) {
    PortfolioContext ctx;
    ctx.discount_rate = uniform(rng, 0.0, 0.15);
    for (std::size_t c = 0; c < chemistry_count; ++c) {
        ctx.material_cost_usd_per_kwh[c] = uniform(rng, 0.0, 25.0);
        ctx.residual_value_usd_per_kwh[c] = uniform(rng, -5.0, 15.0);
    }
    return ctx;
}

// ---- brute force ----

// The best NPV over every plan of a family, by enumerating every sequence of per-year states (depth-first
// over T years). `segments(s)` gives each line's segment in state s; `initial` is today's state. Year cash
// comes from evaluate_portfolio_year, line by line, independent of the optimiser's prefix sums.
double brute_force(const PortfolioInput& in, const PortfolioContext& ctx, int n_states, int initial,
                   const std::function<std::vector<MarketSegment>(int)>& segments) {
    const int T = in.horizon_years;
    std::vector<std::vector<MarketSegment>> seg;
    for (int s = 0; s < n_states; ++s) seg.push_back(segments(s));
    std::vector<double> table(static_cast<std::size_t>(T * n_states * n_states));
    auto at = [&](int t, int from, int to) -> double& {
        return table[static_cast<std::size_t>((t * n_states + from) * n_states + to)];
    };
    for (int t = 0; t < T; ++t)
        for (int a = 0; a < n_states; ++a)
            for (int b = 0; b < n_states; ++b)
                at(t, a, b) = evaluate_portfolio_year(in, ctx, t + 1, seg[static_cast<std::size_t>(a)],
                                                      seg[static_cast<std::size_t>(b)]).cash_flow_usd /
                              std::pow(1.0 + ctx.discount_rate, t + 1);
    double best = -std::numeric_limits<double>::infinity();
    std::function<void(int, int, double)> walk = [&](int t, int prev, double acc) {
        if (t == T) {
            best = std::max(best, acc);
            return;
        }
        for (int s = 0; s < n_states; ++s) walk(t + 1, s, acc + at(t, prev, s));
    };
    walk(0, initial, 0.0);
    return best;
}

// Every per-line plan: state = bit mask of the lines in ESS.
double brute_force_all_plans(const PortfolioInput& in, const PortfolioContext& ctx) {
    const int n = static_cast<int>(in.lines.size());
    int initial = 0;
    for (int i = 0; i < n; ++i)
        if (in.lines[static_cast<std::size_t>(i)].segment == MarketSegment::ess) initial |= 1 << i;
    return brute_force(in, ctx, 1 << n, initial, [n](int mask) {
        std::vector<MarketSegment> s(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) s[static_cast<std::size_t>(i)] = (mask >> i) & 1 ? MarketSegment::ess : MarketSegment::ev;
        return s;
    });
}

// Every plan of the optimiser's policy class: state k = the first k lines of the conversion order in ESS.
double brute_force_ordered_plans(const PortfolioInput& in, const PortfolioContext& ctx, const std::vector<int>& order) {
    const int n = static_cast<int>(in.lines.size());
    int k0 = 0;
    for (const PortfolioLine& l : in.lines) k0 += l.segment == MarketSegment::ess;
    // The order puts today's ESS lines first, so today's split is state k0.
    for (int j = 0; j < k0; ++j) REQUIRE(in.lines[static_cast<std::size_t>(order[static_cast<std::size_t>(j)])].segment == MarketSegment::ess);
    return brute_force(in, ctx, n + 1, k0, [&](int k) {
        std::vector<MarketSegment> s(static_cast<std::size_t>(n), MarketSegment::ev);
        for (int j = 0; j < k; ++j) s[static_cast<std::size_t>(order[static_cast<std::size_t>(j)])] = MarketSegment::ess;
        return s;
    });
}

bool all_finite(const PortfolioPlan& p) {
    for (const PortfolioYear& y : p.years)
        for (double x : {y.ev_gwh, y.ess_gwh, y.ev_price_usd_per_kwh, y.ess_price_usd_per_kwh, y.ev_margin_usd_per_kwh,
                         y.ess_margin_usd_per_kwh, y.ev_utilisation, y.ess_utilisation, y.utilisation, y.cash_flow_usd,
                         y.cash_flow_usd_per_gwh, y.operating_cash_before_credits_usd, y.margin_before_credits})
            if (!std::isfinite(x)) return false;
    return std::isfinite(p.npv_usd);
}

std::vector<FieldError> read_portfolio(const nlohmann::json& section, PortfolioInput& in) {
    std::vector<FieldError> errors;
    const nlohmann::json doc = {{"portfolio", section}};
    std::optional<PortfolioInput> parsed;
    JsonReader r(doc, errors);
    r.optional_object("portfolio", parsed, [](JsonReader& p, PortfolioInput& x) { visit_fields(p, x); });
    r.finish_object();
    if (parsed) in = *parsed;
    return errors;
}

bool has_error(const std::vector<FieldError>& errors, const std::string& path, const std::string& fragment = "") {
    for (const FieldError& e : errors)
        if (e.path == path && e.message.find(fragment) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("one line, year by year, by hand", "[portfolio]") {
    const PortfolioInput in = hand_input();
    const PortfolioContext ctx = hand_context();
    REQUIRE(check_portfolio(in).empty());
    const double b = -std::log2(1.0 - 0.2);  // 0.321928

    SECTION("staying in EV: 2 GWh sold at a 40 $/kWh margin") {
        const PortfolioYear y = evaluate_portfolio_year(in, ctx, 1, ev1, ev1);
        // 2 GWh × (100 − 60) $/kWh = 80 $M, less 10 $M fixed = 70 $M.
        CHECK(y.ev_gwh == Approx(2.0));
        CHECK(y.ev_capacity_gwh == Approx(8.0));
        CHECK(y.ev_margin_usd_per_kwh == Approx(40.0));
        CHECK(y.revenue_usd == Approx(200e6));
        CHECK(y.cash_flow_usd == Approx(70e6));
        CHECK(y.ev_utilisation == Approx(0.2));  // 2 of 10 GWh nameplate
        // With no ESS lines, the ESS margin is what the line would earn there: 70 − 40.
        CHECK(y.ess_margin_usd_per_kwh == Approx(30.0));
    }
    SECTION("converting in year 1: half a year of output, all of it at p0") {
        const PortfolioYear y = evaluate_portfolio_year(in, ctx, 1, ev1, ess1);
        // 8 GWh × 6/12 = 4 GWh = V0, so all of it sells at 70: 4 × 30 = 120 $M; less 10 fixed, 100 retool = 10 $M.
        CHECK(y.lines_retooled == 1);
        CHECK(y.ess_capacity_gwh == Approx(4.0));
        CHECK(y.ess_gwh == Approx(4.0));
        CHECK(y.ess_price_usd_per_kwh == Approx(70.0));
        CHECK(y.retool_cost_usd == Approx(100e6));
        CHECK(y.cash_flow_usd == Approx(10e6));
    }
    SECTION("a full ESS year: the maker withholds volume where marginal revenue meets cost") {
        const PortfolioYear y = evaluate_portfolio_year(in, ctx, 2, ess1, ess1);
        // (1 − b)·70·(V/4)^(−b) = 40  ⇒  V = 4·(0.678072·70/40)^(1/b) = 4·1.186627^3.106284 = 6.806 GWh < 8,
        // at p = 40/(1 − b) = 58.99 $/kWh; contribution 6.806 × 18.99 = 129.25 $M, cash 119.25 $M.
        const double v = 4.0 * std::pow((1.0 - b) * 70.0 / 40.0, 1.0 / b);
        const double p = 40.0 / (1.0 - b);
        CHECK(v == Approx(6.806).epsilon(1e-3));
        CHECK(y.ess_gwh == Approx(v));
        CHECK(y.ess_price_usd_per_kwh == Approx(p));
        CHECK(y.ess_price_usd_per_kwh == Approx(70.0 * std::pow(v / 4.0, -b)));
        CHECK(y.ess_utilisation == Approx(v / 10.0));
        CHECK(y.cash_flow_usd == Approx(v * 1e6 * (p - 40.0) - 10e6));
    }
    SECTION("the optimum converts at once: 3 years of ESS beat 3 capped EV years") {
        // All EV: 70 $M × (1/1.1 + 1/1.21 + 1/1.331) = 174.08 $M.
        // ESS from year 1: 10/1.1 + 119.25/1.21 + 119.25/1.331 = 9.09 + 98.55 + 89.59 = 197.24 $M.
        const double annuity = 1.0 / 1.1 + 1.0 / 1.21 + 1.0 / 1.331;
        const double v = 4.0 * std::pow((1.0 - b) * 70.0 / 40.0, 1.0 / b);
        const double ess_year = v * 1e6 * (40.0 / (1.0 - b) - 40.0) - 10e6;
        const double ess_npv = 10e6 / 1.1 + ess_year / 1.21 + ess_year / 1.331;
        const PortfolioResults r = optimise_portfolio(in, ctx);
        REQUIRE(r.optimum.years.size() == 3);
        CHECK(r.all_ev.npv_usd == Approx(70e6 * annuity));
        CHECK(r.all_ess.npv_usd == Approx(ess_npv));
        CHECK(r.npv_usd == Approx(ess_npv));
        for (const PortfolioYear& y : r.optimum.years) CHECK(y.ess_lines == 1);
        CHECK(r.year1_ess_lines() == 1);
        CHECK(r.best_static_ess_lines == 1);
        CHECK(r.value_of_flexibility_usd == Approx(0.0).margin(1e-6));
        CHECK(r.no_switch.npv_usd == Approx(r.all_ev.npv_usd));
        // Brute force over all 2^3 plans agrees.
        CHECK(brute_force_all_plans(in, ctx) == Approx(ess_npv));
    }
}

TEST_CASE("scale rule, 45X phase-down and the residual credit by hand", "[portfolio]") {
    PortfolioInput in = hand_input();
    PortfolioContext ctx = hand_context();

    SECTION("a line twice the reference size") {
        in.lines[0].capacity_gwh_per_year = 20.0;  // 16 GWh effective
        in.costs.labour_scale_exponent = 0.8;
        in.costs.capital_scale_exponent = 0.925;
        in.ev.volume_gwh_per_year = 100.0;
        const PortfolioYear y = evaluate_portfolio_year(in, ctx, 1, ev1, ev1);
        // Labour 5 × 2^(−0.2) = 4.3528 $/kWh; fixed 10 $M × 2^0.925 = 18.987 $M.
        const double labour = 5.0 * std::pow(2.0, -0.2), capital = std::pow(2.0, 0.925);
        CHECK(labour == Approx(4.3528).epsilon(1e-4));
        CHECK(y.labour_cost_usd == Approx(16e6 * labour));
        CHECK(y.fixed_cost_usd == Approx(10e6 * capital));
        CHECK(y.cash_flow_usd == Approx(16e6 * (100.0 - 55.0 - labour) - 10e6 * capital));
        // Retool: 10 $M/GWh × 10 GWh × 2^0.925 = 189.87 $M.
        CHECK(evaluate_portfolio_year(in, ctx, 1, ev1, ess1).retool_cost_usd == Approx(100e6 * capital));
    }
    SECTION("45X at 50 % in 2031 and half the EV packs taken back") {
        in.start_year = 2031;
        in.credit_45x.enabled = true;
        in.ev.take_back_share = 0.5;
        const PortfolioYear y = evaluate_portfolio_year(in, ctx, 1, ev1, ev1);
        // Credit (35 + 10) × 0.5 = 22.5 $/kWh; residual 0.5 × 8 = 4 $/kWh; margin 100 + 22.5 − (60 − 4) = 66.5.
        CHECK(y.calendar_year == 2031);
        CHECK(y.credit_45x_usd == Approx(2e6 * 22.5));
        CHECK(y.residual_credit_usd == Approx(2e6 * 4.0));
        CHECK(y.ev_margin_usd_per_kwh == Approx(66.5));
        CHECK(y.cash_flow_usd == Approx(2e6 * 66.5 - 10e6));
        // 2032: 25 %; 2033: none.
        CHECK(evaluate_portfolio_year(in, ctx, 2, ev1, ev1).credit_45x_usd == Approx(2e6 * 11.25));
        CHECK(evaluate_portfolio_year(in, ctx, 3, ev1, ev1).credit_45x_usd == 0.0);
    }
    SECTION("an EV volume shock and year-by-year volumes") {
        in.ev.volume_gwh_per_year = 6.0;
        in.ev.volume_growth_per_year = 0.1;
        in.ev.shock = -0.3;
        in.ev.shock_year = 2;
        // Year 1: 6; year 2: 6 × 1.1 × 0.7 = 4.62; year 3: 6 × 1.21 × 0.7 = 5.082.
        CHECK(evaluate_portfolio_year(in, ctx, 1, ev1, ev1).ev_volume_cap_gwh == Approx(6.0));
        CHECK(evaluate_portfolio_year(in, ctx, 2, ev1, ev1).ev_gwh == Approx(4.62));
        CHECK(evaluate_portfolio_year(in, ctx, 3, ev1, ev1).ev_gwh == Approx(5.082));
        in.ev.volume_gwh_by_year = {1.0, 9.0, 3.0};
        CHECK(evaluate_portfolio_year(in, ctx, 2, ev1, ev1).ev_gwh == Approx(8.0));  // capped by the line's 8 GWh
        CHECK(evaluate_portfolio_year(in, ctx, 3, ev1, ev1).ev_gwh == Approx(3.0));
    }
    SECTION("EV contracts below cost leave the EV line idle") {
        in.ev.price_usd_per_kwh = 55.0;  // cost 60
        const PortfolioYear y = evaluate_portfolio_year(in, ctx, 1, ev1, ev1);
        CHECK(y.ev_gwh == 0.0);
        CHECK(y.cash_flow_usd == Approx(-10e6));
        CHECK(y.ev_margin_usd_per_kwh == Approx(-5.0));
    }
}

TEST_CASE("the 45X phase-down is listed for the Sources tab", "[portfolio]") {
    const std::vector<SourceEntry> sources = portfolio_constant_sources();
    REQUIRE(sources.size() == 5);
    const double expected[] = {1.0, 0.75, 0.5, 0.25, 0.0};  // 2029 .. 2033+, IRC §45X(b)(3)
    for (std::size_t i = 0; i < 5; ++i) CHECK(sources[i].sourced.value == expected[i]);
}

TEST_CASE("the optimum equals brute force over every per-line plan when lines are identical", "[portfolio]") {
    std::mt19937 rng(6001);
    int switching_optima = 0;
    for (int trial = 0; trial < 60; ++trial) {
        // N ≤ 4, T ≤ 6; the largest case (4 lines, 6 years) enumerates 16^6 = 16.8 M plans.
        const int n = trial == 0 ? 4 : pick(rng, 1, 4);
        const int T = trial == 0 ? 6 : pick(rng, 1, n >= 4 ? 4 : 6);
        const PortfolioInput in = random_input(rng, n, T, true);
        const PortfolioContext ctx = random_context(rng);
        REQUIRE(check_portfolio(in).empty());
        const PortfolioResults r = optimise_portfolio(in, ctx);
        INFO("trial " << trial << ", " << n << " lines, " << T << " years");
        REQUIRE(r.optimum.years.size() == static_cast<std::size_t>(T));
        const double brute = brute_force_all_plans(in, ctx);
        CHECK(r.npv_usd == Approx(brute).epsilon(1e-9).margin(1e-3));
        CHECK(all_finite(r.optimum));
        for (const PortfolioYear& y : r.optimum.years)
            if (y.lines_retooled > 0 && y.year > 1) ++switching_optima;
    }
    // The instances exercise switching after year 1, not just a one-off split.
    CHECK(switching_optima > 5);
}

TEST_CASE("with differing lines the optimum equals brute force over its policy class", "[portfolio]") {
    std::mt19937 rng(6002);
    int gaps = 0;
    for (int trial = 0; trial < 40; ++trial) {
        const int n = pick(rng, 2, 4);
        const int T = pick(rng, 1, n >= 4 ? 4 : 6);
        const PortfolioInput in = random_input(rng, n, T, false);
        const PortfolioContext ctx = random_context(rng);
        REQUIRE(check_portfolio(in).empty());
        const PortfolioResults r = optimise_portfolio(in, ctx);
        INFO("trial " << trial);
        // Exact over every plan that moves lines in conversion_order ((N+1)^T sequences of counts) ...
        CHECK(r.npv_usd == Approx(brute_force_ordered_plans(in, ctx, r.conversion_order)).epsilon(1e-9).margin(1e-3));
        // ... and never above the best unrestricted per-line plan.
        const double all = brute_force_all_plans(in, ctx);
        CHECK(r.npv_usd <= all + 1e-3 + 1e-9 * std::fabs(all));
        if (r.npv_usd < all - 1e-6 * std::fabs(all)) ++gaps;
        CHECK(!r.warnings.empty());  // says which policy class was searched
    }
    WARN("differing lines: the ordered policy class missed the per-line optimum in " << gaps << " of 40 instances");
}

TEST_CASE("the optimum is never below a baseline", "[portfolio]") {
    std::mt19937 rng(6003);
    for (int trial = 0; trial < 200; ++trial) {
        const int n = pick(rng, 1, 12);
        const PortfolioInput in = random_input(rng, n, pick(rng, 1, 30), trial % 2 == 0);
        const PortfolioResults r = optimise_portfolio(in, random_context(rng));
        INFO("trial " << trial);
        CHECK(r.npv_usd >= r.all_ev.npv_usd);
        CHECK(r.npv_usd >= r.all_ess.npv_usd);
        CHECK(r.npv_usd >= r.no_switch.npv_usd);
        CHECK(r.npv_usd >= r.best_static.npv_usd);
        CHECK(r.best_static.npv_usd >= std::max({r.all_ev.npv_usd, r.all_ess.npv_usd, r.no_switch.npv_usd}));
        CHECK(r.value_of_flexibility_usd == Approx(r.npv_usd - r.best_static.npv_usd));
        CHECK(r.value_of_flexibility_usd >= 0.0);
        CHECK(all_finite(r.optimum));
        for (const PortfolioYear& y : r.all_ess.years) CHECK(y.ess_lines == n);
        for (const PortfolioYear& y : r.all_ev.years) CHECK(y.ev_lines == n);
    }
}

TEST_CASE("a higher ESS price never lowers the ESS lines of year 1", "[portfolio]") {
    std::mt19937 rng(6004);
    for (int trial = 0; trial < 60; ++trial) {
        const int n = pick(rng, 1, 16);
        PortfolioInput in = random_input(rng, n, pick(rng, 1, 15), trial % 2 == 0);
        const PortfolioContext ctx = random_context(rng);
        int previous = -1;
        for (double p0 = 30.0; p0 <= 250.0; p0 += 2.5) {
            in.ess.price_usd_per_kwh = p0;
            const int k = optimise_portfolio(in, ctx).year1_ess_lines();
            INFO("trial " << trial << ", p0 " << p0);
            CHECK(k >= previous);
            previous = k;
        }
    }
}

TEST_CASE("prohibitive switching costs give the best static plan, free switching the best of each year", "[portfolio]") {
    std::mt19937 rng(6005);
    for (int trial = 0; trial < 40; ++trial) {
        const int n = pick(rng, 1, 10);
        const PortfolioInput in = random_input(rng, n, pick(rng, 1, 20), trial % 2 == 0);
        const PortfolioContext ctx = random_context(rng);
        INFO("trial " << trial);
        {
            // $1B per GWh (the field's maximum, ~10x a greenfield plant) against at most 185 $/kWh a year of
            // margin (price 140 + 45X 45) over at most 4 years: no switch can pay back.
            PortfolioInput prohibitive = in;
            prohibitive.horizon_years = std::min(4, in.horizon_years);
            prohibitive.ev.price_trend_per_year = std::min(0.0, in.ev.price_trend_per_year.value);
            prohibitive.ess.price_trend_per_year = std::min(0.0, in.ess.price_trend_per_year.value);
            prohibitive.costs.retool_cost_musd_per_gwh = 1000.0;
            const PortfolioResults r = optimise_portfolio(prohibitive, ctx);
            for (const PortfolioYear& y : r.optimum.years) CHECK(y.lines_retooled == 0);
            CHECK(r.npv_usd == Approx(r.no_switch.npv_usd));
            CHECK(r.npv_usd == Approx(r.best_static.npv_usd));
            CHECK(r.value_of_flexibility_usd == Approx(0.0).margin(1e-6));
        }
        {
            PortfolioInput costless = in;
            costless.costs.retool_cost_musd_per_gwh = 0.0;
            costless.costs.retool_downtime_months = 0.0;
            // Without switching costs the plan can chase each year's best split: NPV = Σ_t max_k cash_t(k)/(1+r)^t,
            // with k over the conversion order's prefixes.
            const PortfolioResults r = optimise_portfolio(costless, ctx);
            double expected = 0.0;
            for (int t = 1; t <= costless.horizon_years; ++t) {
                double best = -std::numeric_limits<double>::infinity();
                for (int k = 0; k <= n; ++k) {
                    std::vector<MarketSegment> s(static_cast<std::size_t>(n), MarketSegment::ev);
                    for (int j = 0; j < k; ++j) s[static_cast<std::size_t>(r.conversion_order[static_cast<std::size_t>(j)])] = MarketSegment::ess;
                    best = std::max(best, evaluate_portfolio_year(costless, ctx, t, s, s).cash_flow_usd);
                }
                expected += best / std::pow(1.0 + ctx.discount_rate, t);
            }
            CHECK(r.npv_usd == Approx(expected).epsilon(1e-9));
        }
    }
}

TEST_CASE("the optimiser is deterministic and reports every year and line", "[portfolio]") {
    std::mt19937 rng(6006);
    const PortfolioInput in = random_input(rng, 64, 30, false);
    const PortfolioContext ctx = random_context(rng);
    const PortfolioResults a = optimise_portfolio(in, ctx), b = optimise_portfolio(in, ctx);
    CHECK(a.npv_usd == b.npv_usd);
    REQUIRE(a.optimum.years.size() == 30);
    for (std::size_t t = 0; t < 30; ++t) {
        CHECK(a.optimum.years[t].ess_lines == b.optimum.years[t].ess_lines);
        CHECK(a.optimum.years[t].line_segments.size() == 64);
        CHECK(a.optimum.years[t].ev_lines + a.optimum.years[t].ess_lines == 64);
    }
    std::vector<int> sorted = a.conversion_order;
    std::sort(sorted.begin(), sorted.end());
    for (int i = 0; i < 64; ++i) CHECK(sorted[static_cast<std::size_t>(i)] == i);
}

TEST_CASE("bad portfolio input gets a clear error with its field path", "[portfolio]") {
    PortfolioInput in;
    SECTION("zero lines") {
        const auto errors = read_portfolio({{"lines", nlohmann::json::array()}}, in);
        CHECK(errors.empty());  // the reader accepts an empty array; the cross-field check names it
        CHECK(has_error(check_portfolio(in), "lines", "no production lines"));
        const ParsedScenario parsed =
            parse_scenario(R"({"schema": "packfolio/1", "portfolio": {"lines": []}})");
        CHECK(has_error(parsed.errors, "portfolio.lines", "expected 1 to 64 lines"));
    }
    SECTION("65 lines") {
        in.lines.assign(65, PortfolioLine{});
        CHECK(has_error(check_portfolio(in), "lines", "65 lines"));
    }
    SECTION("a negative price") {
        const auto errors = read_portfolio({{"ev", {{"price_usd_per_kwh", -5}}}}, in);
        CHECK(has_error(errors, "portfolio.ev.price_usd_per_kwh", "$/kWh"));
        CHECK(has_error(errors, "portfolio.ev.price_usd_per_kwh", "-5 is out of range"));
    }
    SECTION("no tender market, no yield, no depreciation life") {
        // Each divides: the clearing price by the market, the scrap by the yield, the capex by the life.
        const auto errors = read_portfolio({{"ess", {{"market_gwh_per_year", 0}}},
                                            {"costs", {{"yield_fraction", 0}, {"depreciation_years", 0}}}},
                                           in);
        CHECK(has_error(errors, "portfolio.ess.market_gwh_per_year", "GWh/yr"));
        CHECK(has_error(errors, "portfolio.costs.yield_fraction", "0 is out of range"));
        CHECK(has_error(errors, "portfolio.costs.depreciation_years", "0 is out of range"));
        in.costs.yield_fraction.value = std::numeric_limits<double>::quiet_NaN();
        CHECK(has_error(check_portfolio(in), "costs.yield_fraction", "not a finite number"));
    }
    SECTION("a horizon of 0 or over 30") {
        CHECK(has_error(read_portfolio({{"horizon_years", 0}}, in), "portfolio.horizon_years", "expected 1 to 30 years"));
        CHECK(has_error(read_portfolio({{"horizon_years", 31}}, in), "portfolio.horizon_years", "31 is out of range"));
        in.horizon_years = 0;
        CHECK(has_error(check_portfolio(in), "horizon_years", "expected 1 to 30 years"));
    }
    SECTION("NaN") {
        // JSON has no NaN literal: the parser rejects it; a NaN set in code is caught by the check.
        CHECK_FALSE(parse_scenario(R"({"schema": "packfolio/1", "portfolio": {"horizon_years": NaN}})").ok());
        in.ess.drop_per_doubling.value = std::numeric_limits<double>::quiet_NaN();
        CHECK(has_error(check_portfolio(in), "ess.drop_per_doubling", "not a finite number"));
        in.ess.drop_per_doubling = 0.05;
        in.lines[2].utilisation.high = std::numeric_limits<double>::infinity();
        CHECK(has_error(check_portfolio(in), "lines[2].utilisation.high", "not a finite number"));
    }
    SECTION("a bad line field, segment or chemistry") {
        const auto errors = read_portfolio(
            {{"lines", {{{"capacity_gwh_per_year", 0}, {"segment", "grid"}, {"chemistry", "NMC812"}, {"capacty", 1}}}}},
            in);
        CHECK(has_error(errors, "portfolio.lines[0].capacity_gwh_per_year", "more than 0"));
        CHECK(has_error(errors, "portfolio.lines[0].segment", "expected one of: ev, ess"));
        CHECK(has_error(errors, "portfolio.lines[0].chemistry", "did you mean \"NMC811\""));
        CHECK(has_error(errors, "portfolio.lines[0].capacty", "unknown key"));
    }
    SECTION("year-by-year volumes shorter than the horizon") {
        const ParsedScenario parsed = parse_scenario(
            R"({"schema": "packfolio/1", "portfolio": {"horizon_years": 4, "ev": {"volume_gwh_by_year": [10, 8, 6]}}})");
        CHECK(has_error(parsed.errors, "portfolio.ev.volume_gwh_by_year", "3 entries for a 4-year horizon"));
    }
    SECTION("the optimiser refuses bad input without producing numbers") {
        in.lines.clear();
        const PortfolioResults r = optimise_portfolio(in, PortfolioContext{});
        CHECK(r.optimum.years.empty());
        REQUIRE_FALSE(r.warnings.empty());
        CHECK(r.warnings.front().find("lines") != std::string::npos);
        PortfolioContext bad;
        bad.material_cost_usd_per_kwh[idx(Chemistry::lfp)] = std::numeric_limits<double>::infinity();
        CHECK(optimise_portfolio(PortfolioInput{}, bad).optimum.years.empty());
    }
}

TEST_CASE("the portfolio section round-trips and its results serialise", "[portfolio]") {
    Scenario s;
    s.portfolio = PortfolioInput{};
    s.portfolio->lines[1].segment = MarketSegment::ess;
    s.portfolio->ev.volume_gwh_by_year = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    s.portfolio->ess.drop_per_doubling = Param(0.05, 0.0, 0.15);
    s.portfolio->credit_45x.enabled = true;
    const ParsedScenario back = parse_scenario(scenario_to_json(s));
    REQUIRE(back.ok());
    REQUIRE(back.scenario.portfolio);
    CHECK(scenario_to_json(back.scenario) == scenario_to_json(s));

    PortfolioContext ctx;
    ctx.material_cost_usd_per_kwh[idx(Chemistry::nmc811)] = 17.3;
    ctx.material_cost_usd_per_kwh[idx(Chemistry::lfp)] = 4.7;
    const PortfolioResults r = optimise_portfolio(*s.portfolio, ctx);
    const nlohmann::json j = portfolio_results_json(r);
    REQUIRE(j.at("plan").size() == 10);
    const nlohmann::json& y1 = j.at("plan").at(0);
    for (const char* key : {"year", "ev_lines", "ess_lines", "ev_gwh", "ess_gwh", "cash_flow_usd", "ev_price_usd_per_kwh",
                            "ess_price_usd_per_kwh", "ev_margin_usd_per_kwh", "ess_margin_usd_per_kwh", "utilisation",
                            "revenue_usd", "credit_45x_usd", "retool_cost_usd", "scrap_cost_usd", "capital_charge_usd",
                            "operating_cash_before_credits_usd", "margin_before_credits"})
        CHECK(y1.contains(key));
    CHECK(j.at("margin_before_credits").get<double>() == r.optimum.margin_before_credits);
    CHECK(y1.at("year") == 1);
    CHECK(y1.at("ess_lines") == r.year1_ess_lines());
    CHECK(y1.at("line_segments").size() == 4);
    CHECK(j.at("npv_usd").get<double>() == r.npv_usd);
    CHECK(j.at("value_of_flexibility_usd").get<double>() == r.value_of_flexibility_usd);
    for (const char* b : {"all_ev", "all_ess", "no_switch", "best_static"}) {
        CHECK(j.at("baselines").at(b).at("npv_usd").is_number());
        CHECK(j.at("baselines").at(b).at("margin_before_credits").is_number());
    }
    CHECK(j.at("baselines").at("no_switch").at("plan").at(0).at("ess_lines") == 1);
    CHECK(j.at("warnings").is_array());
}

namespace {

PortfolioResults run_preset(const std::string& id, Scenario& scenario) {
    scenario = test::load_preset(id);
    REQUIRE(scenario.portfolio);
    return optimise_portfolio(*scenario.portfolio, portfolio_context(scenario.lifecycle));
}

}  // namespace

// Each preset's story says what its optimum does; these keep the stories true.
TEST_CASE("the portfolio presets tell the stories their text tells", "[portfolio]") {
    Scenario s;
    SECTION("US tariff wall: three lines convert at once, four stay on EV contracts") {
        const PortfolioResults r = run_preset("us-tariff-wall-korean-conversion", s);
        REQUIRE(r.optimum.years.size() == 10);
        CHECK(r.optimum.years[0].lines_retooled == 3);
        for (const PortfolioYear& y : r.optimum.years) CHECK(y.ev_lines == 4);
        CHECK(r.npv_usd > r.no_switch.npv_usd);
        // Selling beyond its contracted volume, the maker pushes the US price below the $164 reference.
        CHECK(r.optimum.years[1].ess_price_usd_per_kwh < 0.8 * 164.0);
    }
    SECTION("China LFP glut: today's split is kept and capacity idles") {
        const PortfolioResults r = run_preset("china-lfp-glut-2025", s);
        for (const PortfolioYear& y : r.optimum.years) {
            CHECK(y.lines_retooled == 0);
            CHECK(y.utilisation < 0.6);
        }
        CHECK(r.npv_usd == Approx(r.no_switch.npv_usd));
    }
    SECTION("GM: storage first, then lines return to EV packs; flexibility is worth something") {
        const PortfolioResults r = run_preset("gm-ultium-lfp-retool", s);
        CHECK(r.year1_ess_lines() > 0);
        CHECK(r.optimum.years.back().ess_lines < r.year1_ess_lines());
        CHECK(r.value_of_flexibility_usd > 0.0);
        // LFP packs taken back cost a little at 2025 lithium prices: on merchant revenue at its 2024 level their
        // second life does not pay, and the best end of life (remanufacture) is a small loss (docs/MODEL.md §4).
        CHECK(r.optimum.years.back().residual_credit_usd < 0.0);
    }
    SECTION("StarPlus: two lines convert at once, a third when EV volume collapses") {
        const PortfolioResults r = run_preset("starplus-after-automaker-exit", s);
        CHECK(r.optimum.years[0].ess_lines == 2);
        CHECK(r.optimum.years[1].ess_lines == 3);
        CHECK(r.optimum.years.back().ev_lines == 1);
        // After 45X the storage lines bid less than they can make.
        CHECK(r.optimum.years.back().ess_gwh < r.optimum.years.back().ess_capacity_gwh);
    }
}

// The story of the sodium-ion entrant: its cell cost carries no lithium, so its portfolio is a hedge.
TEST_CASE("sodium-ion entrant: the lithium hedge lives in the cell cost", "[portfolio]") {
    Scenario s;
    const PortfolioResults r = run_preset("sodium-ion-ess-entrant", s);
    REQUIRE(r.optimum.years.size() == 10);
    CHECK(r.npv_usd > 0.0);
    // Both lines stay in storage: 3.4 GWh of EV packs do not repay a line's retool.
    for (const PortfolioYear& y : r.optimum.years) CHECK(y.ess_lines == 2);
    // No Na-ion number moves with lithium carbonate between $9.6 and $24.2/kg ...
    Scenario cheap = s, dear = s;
    cheap.lifecycle.market.metal_prices_usd_per_kg.lithium_carbonate = 9.6;
    dear.lifecycle.market.metal_prices_usd_per_kg.lithium_carbonate = 24.2;
    const PortfolioContext low = portfolio_context(cheap.lifecycle), high = portfolio_context(dear.lifecycle);
    CHECK(optimise_portfolio(*s.portfolio, low).npv_usd == Approx(r.npv_usd));
    CHECK(optimise_portfolio(*s.portfolio, high).npv_usd == Approx(r.npv_usd));
    // ... while the same plant making LFP (its own materials, $20.4 + the LFP metals) loses with lithium.
    PortfolioInput lfp = *s.portfolio;
    lfp.costs.other_materials_usd_per_kwh = 20.4;
    for (PortfolioLine& l : lfp.lines) l.chemistry = l.ess_chemistry = Chemistry::lfp;
    CHECK(optimise_portfolio(lfp, high).npv_usd < optimise_portfolio(lfp, low).npv_usd);
    CHECK(optimise_portfolio(lfp, portfolio_context(s.lifecycle)).npv_usd < r.npv_usd);
}

// docs/MODEL.md §5: gross margin before credits (cost of sales with depreciation, before 45X), the way the
// cell makers report it, held against the published range of each preset's region.
TEST_CASE("each portfolio preset's margin before credits lies in its region's published range", "[portfolio]") {
    struct Case {
        const char* id;
        double low, high;
    };
    // US: LG Energy Solution's Q4 2024 operating margin without the 45X credit (AMPC) was -9.3 %, and a gross
    // margin lies above the operating margin; its 2024 gross margin without 45X was 11.9-13.3 % (revenue KRW
    // 25.62 T, gross profit KRW 3.05-3.41 T, 2024 results); Samsung SDI and SK On lost money (2025).
    // China: CATL's 2024 gross margin, 24.4 % (annual report 2024), is the cost leader's ceiling; a glut-market
    // maker or a new entrant earns less, and one that keeps selling earns more than nothing.
    const Case cases[] = {{"us-tariff-wall-korean-conversion", -0.093, 0.133},
                          {"starplus-after-automaker-exit", -0.093, 0.133},
                          {"gm-ultium-lfp-retool", -0.093, 0.133},
                          {"china-lfp-glut-2025", 0.0, 0.244},
                          {"sodium-ion-ess-entrant", 0.0, 0.244}};
    for (const Case& c : cases) {
        Scenario s;
        const PortfolioResults r = run_preset(c.id, s);
        INFO(c.id << ": margin before credits " << r.optimum.margin_before_credits);
        CHECK(r.optimum.margin_before_credits >= c.low);
        CHECK(r.optimum.margin_before_credits <= c.high);
    }
}

// BNEF's +44 % for North America is on China's $84 pack (2025 survey), not on the global $99 BEV pack.
TEST_CASE("US EV prices are on the base BNEF's regional premium uses", "[portfolio]") {
    const double china = 84.0, us = china * 1.44;  // 120.96
    for (const char* id : {"us-tariff-wall-korean-conversion", "starplus-after-automaker-exit"}) {
        const Scenario s = test::load_preset(id);
        CHECK(s.portfolio->ev.price_usd_per_kwh.value == Approx(us).margin(0.05));
        CHECK(s.portfolio->ev.price_usd_per_kwh.value < 99.0 * 1.44 - 20.0);
        CHECK(s.portfolio->ev.integration_usd_per_kwh.value < 31.4);  // was 22 % of 99 x 1.44
    }
    // GM's LFP packs: the global LFP average $81 x the US/global ratio 121/108.
    const Scenario gm = test::load_preset("gm-ultium-lfp-retool");
    CHECK(gm.portfolio->ev.price_usd_per_kwh.value == Approx(81.0 * us / 108.0).margin(0.1));
}

TEST_CASE("the plant's own volume lowers the tender price in proportion to its share of the market", "[portfolio]") {
    PortfolioInput in = hand_input();
    const PortfolioContext ctx = hand_context();
    in.lines[0].capacity_gwh_per_year = 50.0;  // 40 GWh effective, far above V0 = 4
    in.costs.reference_line_gwh_per_year = 50.0;
    in.ess.drop_per_doubling = 0.5;  // b = 1: unit elasticity
    auto year_price = [&](double market_gwh, double v0, double& sold) {
        in.ess.market_gwh_per_year = market_gwh;
        in.ess.reference_volume_gwh_per_year = v0;
        const PortfolioYear y = evaluate_portfolio_year(in, ctx, 2, ess1, ess1);
        sold = y.ess_gwh;
        return y.ess_price_usd_per_kwh;
    };
    double sold = 0.0;
    SECTION("the clearing price follows p0 / (1 + (V - V0)/M) for b = 1") {
        const double p = year_price(100.0, 4.0, sold);
        REQUIRE(sold > 4.0);
        CHECK(p == Approx(70.0 / (1.0 + (sold - 4.0) / 100.0)));
        CHECK(p < 70.0);
    }
    SECTION("a larger market absorbs the same plant at a higher price and the plant sells more") {
        double sold_small = 0.0, sold_large = 0.0;
        const double small = year_price(20.0, 4.0, sold_small), large = year_price(400.0, 4.0, sold_large);
        CHECK(large > small);
        CHECK(sold_large > sold_small);
        // With a market 100 times the plant, the price hardly moves: the maker is nearly a price taker.
        CHECK(year_price(1e5, 4.0, sold) > 69.0);
        CHECK(sold == Approx(40.0));
    }
    SECTION("the marginal revenue of the bid volume meets the line's unit cost") {
        const double m = 100.0, v0 = 4.0;
        const double p = year_price(m, v0, sold);
        // b = 1: MR = p·(1 − V/(M − V0 + V)) = 40 $/kWh, the line's ESS cost.
        CHECK(p * (1.0 - sold / (m - v0 + sold)) == Approx(40.0).epsilon(1e-9));
    }
    SECTION("the maker never places more than the whole market at the reference price, and says so") {
        in.ess.market_gwh_per_year = 3.0;
        in.ess.reference_volume_gwh_per_year = 4.0;
        const PortfolioResults r = optimise_portfolio(in, ctx);
        REQUIRE(!r.warnings.empty());
        CHECK(r.warnings.front().find("exceeds the tender market") != std::string::npos);
    }
}

TEST_CASE("scrap and the capital charge by hand; credits stay apart from operating cash", "[portfolio]") {
    PortfolioInput in = hand_input();
    const PortfolioContext ctx = hand_context();
    in.costs.yield_fraction = 0.8;      // 0.25 scrapped cell per good cell
    in.costs.capex_musd_per_gwh = 50.0;  // 500 $M for the 10 GWh line
    in.costs.depreciation_years = 10.0;  // 50 $M/yr
    const PortfolioYear y = evaluate_portfolio_year(in, ctx, 1, ev1, ev1);
    // EV cell materials 15 + 20 = 35 $/kWh: scrap 8.75 $/kWh; unit cost 60 + 8.75; 2 GWh sold at 100.
    CHECK(y.scrap_cost_usd == Approx(2e6 * 8.75));
    CHECK(y.capital_charge_usd == Approx(50e6));
    CHECK(y.operating_cash_before_credits_usd == Approx(2e6 * (100.0 - 68.75) - 10e6));
    CHECK(y.margin_before_credits == Approx((2e6 * 31.25 - 10e6 - 50e6) / 200e6));
    CHECK(y.cash_flow_usd == Approx(y.operating_cash_before_credits_usd - 50e6));

    SECTION("45X and the residual credit move cash, not the operating cash or the margin") {
        in.credit_45x.enabled = true;
        in.ev.take_back_share = 0.5;
        const PortfolioYear c = evaluate_portfolio_year(in, ctx, 1, ev1, ev1);
        REQUIRE(c.ev_gwh == Approx(y.ev_gwh));
        CHECK(c.credit_45x_usd == Approx(2e6 * 45.0));
        CHECK(c.residual_credit_usd == Approx(2e6 * 4.0));
        CHECK(c.operating_cash_before_credits_usd == Approx(y.operating_cash_before_credits_usd));
        CHECK(c.margin_before_credits == Approx(y.margin_before_credits));
        CHECK(c.cash_flow_usd == Approx(c.operating_cash_before_credits_usd + c.credit_45x_usd +
                                        c.residual_credit_usd - c.capital_charge_usd - c.retool_cost_usd));
    }
    SECTION("every plan year of every preset keeps the identity") {
        for (const char* id : {"us-tariff-wall-korean-conversion", "gm-ultium-lfp-retool", "china-lfp-glut-2025"}) {
            Scenario s;
            const PortfolioResults r = run_preset(id, s);
            for (const PortfolioYear& py : r.optimum.years)
                CHECK(py.cash_flow_usd == Approx(py.operating_cash_before_credits_usd + py.credit_45x_usd +
                                                 py.residual_credit_usd - py.capital_charge_usd - py.retool_cost_usd));
        }
    }
}

// Seed story 003: bigger tenders mean more price pressure; tenders are low-bid and low-margin.
TEST_CASE("ESS tenders are low-bid and low-margin", "[portfolio]") {
    Scenario s;
    const PortfolioResults r = run_preset("china-lfp-glut-2025", s);
    for (const PortfolioYear& y : r.optimum.years) {
        REQUIRE(y.ess_gwh > 0.0);
        CHECK(y.ess_price_usd_per_kwh <= s.portfolio->ess.price_usd_per_kwh.value);
        // A tender kWh earns under 15 % of its price before fixed costs and depreciation, less than EV.
        CHECK(y.ess_margin_usd_per_kwh < 0.15 * y.ess_price_usd_per_kwh);
        CHECK(y.ess_margin_usd_per_kwh < y.ev_margin_usd_per_kwh);
    }
}
