// The portfolio as an analysis Objective (portfolio_analysis.hpp): its outcomes against optimise_portfolio on
// the same scenario, the cached valuation context against a fresh one, the "line converts" thresholds against
// direct re-evaluation, and inputs restored by sliced and cancelled jobs.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/analysis.hpp"
#include "core/evaluate.hpp"
#include "core/portfolio_analysis.hpp"
#include "core/scenario.hpp"
#include "preset_file.hpp"

using namespace packfolio;

namespace {

constexpr int npv = static_cast<int>(PortfolioOutcome::npv_usd);
constexpr int lines1 = static_cast<int>(PortfolioOutcome::year1_ess_lines);

using test::load_preset;

Scenario us_tariff() { return load_preset("us-tariff-wall-korean-conversion"); }

// The outcomes as optimise_portfolio reports them for this scenario, computed from scratch.
std::vector<double> direct_outcomes(const Scenario& s) {
    const PortfolioResults r = optimise_portfolio(*s.portfolio, portfolio_context(s.lifecycle));
    REQUIRE_FALSE(r.optimum.years.empty());
    std::vector<double> v(portfolio_outcome_ids.size());
    v[npv] = r.npv_usd;
    v[static_cast<int>(PortfolioOutcome::all_ev)] = r.all_ev.npv_usd;
    v[static_cast<int>(PortfolioOutcome::all_ess)] = r.all_ess.npv_usd;
    v[static_cast<int>(PortfolioOutcome::no_switch)] = r.no_switch.npv_usd;
    v[static_cast<int>(PortfolioOutcome::value_of_flexibility_usd)] = r.value_of_flexibility_usd;
    v[lines1] = r.year1_ess_lines();
    return v;
}

std::vector<double> evaluate_now(const Objective& o) {
    std::vector<double> v(o.outcome_ids.size());
    REQUIRE(evaluate_checked(o, v.data()));
    return v;
}

Param& input(const Objective& o, const std::string& path) {
    const int i = find_input(o, path);
    INFO(path);
    REQUIRE(i >= 0);
    return *o.inputs[static_cast<std::size_t>(i)].param;
}

std::vector<double> input_values(const Objective& o) {
    std::vector<double> v;
    for (const ParamRef& r : o.inputs) v.push_back(r.param->value);
    return v;
}

}  // namespace

TEST_CASE("portfolio objective: outcomes, inputs, decision set and thresholds", "[portfolio_analysis]") {
    const Scenario s = us_tariff();
    const Objective o = portfolio_objective(s);

    REQUIRE(o.outcome_ids == std::vector<std::string>(portfolio_outcome_ids.begin(), portfolio_outcome_ids.end()));
    CHECK(evaluate_now(o) == direct_outcomes(s));  // the same computation: equal to the last bit
    CHECK(evaluate_now(o)[lines1] == 4.0);          // the preset's story: three conversions next to the ESS line

    // Inputs: every lifecycle Param (paths as in the scenario file), then every portfolio Param, in schema order.
    Scenario copy = s;
    copy.logistics.reset();
    const ParamList all = scenario_params(copy);
    REQUIRE(o.inputs.size() == all.size());
    for (std::size_t i = 0; i < all.size(); ++i) CHECK(o.inputs[i].path == all[i].path);
    for (const char* path : {"portfolio.ess.price_usd_per_kwh", "portfolio.lines[7].utilisation",
                             "portfolio.costs.retool_cost_musd_per_gwh", "market.discount_rate",
                             "market.metal_prices_usd_per_kg.lithium_carbonate", "pack.nominal_kwh"})
        CHECK(find_input(o, path) >= 0);

    // The optimum and the three baselines compete; the optimum wins, listed first.
    CHECK(o.decision_set == std::vector<int>{npv, 1, 2, 3});
    const std::vector<double> v = evaluate_now(o);
    const Decision d = decide(o, v.data());
    CHECK(d.best == npv);
    CHECK(d.margin == Approx(v[npv] - std::max({v[1], v[2], v[3]})));

    // One ESS line today among eight: seven "converts" levels above it, one "returns" level below it.
    REQUIRE(o.thresholds.size() == 8);
    for (int j = 1; j <= 7; ++j) {
        const Threshold& t = o.thresholds[static_cast<std::size_t>(j - 1)];
        CHECK(t.id == "line_" + std::to_string(j) + "_converts");
        CHECK(t.outcome == lines1);
        CHECK(t.level == j + 0.5);
    }
    CHECK(o.thresholds.back().id == "ess_line_1_returns");
    CHECK(o.thresholds.back().level == 0.5);

    // The objective works on its own copy: the scenario it came from is untouched.
    input(o, "portfolio.ess.price_usd_per_kwh").value = 50.0;
    CHECK(s.portfolio->ess.price_usd_per_kwh.value == 164.0);

    Scenario lifecycle_only = load_preset("robotaxi-fleet-churn");
    REQUIRE_FALSE(lifecycle_only.portfolio);
    CHECK_THROWS_AS(portfolio_objective(lifecycle_only), std::invalid_argument);
}

TEST_CASE("portfolio objective: the cached context follows every lifecycle input", "[portfolio_analysis]") {
    const Scenario base = us_tariff();
    const Objective o = portfolio_objective(base);
    const std::vector<double> at_base = evaluate_now(o);

    // Take-back on, so that the residual value (every lifecycle input) reaches the plan.
    Scenario s = base;
    s.portfolio->ev.take_back_share.value = 0.3;
    input(o, "portfolio.ev.take_back_share").value = 0.3;
    CHECK(evaluate_now(o) == direct_outcomes(s));

    struct Change {
        const char* path;
        double value;
        Param& (*field)(Scenario&);
    };
    const std::vector<Change> changes = {
        {"market.metal_prices_usd_per_kg.lithium_carbonate", 25.0,
         [](Scenario& x) -> Param& { return x.lifecycle.market.metal_prices_usd_per_kg.lithium_carbonate; }},
        {"market.metal_prices_usd_per_kg.nickel", 22.0,
         [](Scenario& x) -> Param& { return x.lifecycle.market.metal_prices_usd_per_kg.nickel; }},
        {"market.discount_rate", 0.12, [](Scenario& x) -> Param& { return x.lifecycle.market.discount_rate; }},
        {"remanufacture.price_factor", 0.7,
         [](Scenario& x) -> Param& { return x.lifecycle.remanufacture.price_factor; }},
    };
    for (const Change& c : changes) {
        INFO(c.path);
        Param& p = input(o, c.path);
        const double was = p.value;
        p.value = c.value;
        Scenario changed = s;
        c.field(changed).value = c.value;
        const std::vector<double> v = evaluate_now(o);
        CHECK(v == direct_outcomes(changed));
        CHECK(v != evaluate_now(portfolio_objective(s)));  // the change does reach the plan
        p.value = was;
        CHECK(evaluate_now(o) == direct_outcomes(s));  // and undoing it recomputes the context again
    }

    input(o, "portfolio.ev.take_back_share").value = base.portfolio->ev.take_back_share.value;
    CHECK(evaluate_now(o) == at_base);
}

TEST_CASE("portfolio breakevens: the ESS tender price at which line 1 converts", "[portfolio_analysis]") {
    Scenario s = us_tariff();
    // In the US market of 48 GWh/yr the maker's own volume depresses the price so much that no more than
    // three lines convert in year 1 even at $240/kWh (docs/MODEL.md §5). A market 100 times as large makes
    // the maker a price taker, so that every line's conversion price lies inside the scan.
    s.portfolio->ess.market_gwh_per_year = Param(100.0 * s.portfolio->ess.market_gwh_per_year.value);
    Param& price = s.portfolio->ess.price_usd_per_kwh;
    price.low = 40.0;
    price.high = 240.0;
    const Objective o = portfolio_objective(s);
    const int in = find_input(o, "portfolio.ess.price_usd_per_kwh");
    REQUIRE(in >= 0);
    SensitivityOptions opt;
    opt.scan_segments = 8;
    const SensitivityResult r = run_sensitivity(o, opt);
    REQUIRE(r.complete);

    const InputBreakevens* be = nullptr;
    for (const InputBreakevens& b : r.breakevens)
        if (b.input == in) be = &b;
    REQUIRE(be);
    CHECK(be->status == BreakevenStatus::found);
    CHECK(be->crossings.empty());  // the optimum never loses to a baseline

    // Year-1 ESS lines rise with the ESS price: every "converts" level is crossed once, rising, in level order.
    double previous = price.low;
    for (int j = 1; j <= 7; ++j) {
        const std::string id = "line_" + std::to_string(j) + "_converts";
        INFO(id);
        const LevelCrossing* c = nullptr;
        int found = 0;
        for (const LevelCrossing& lc : be->level_crossings)
            if (o.thresholds[static_cast<std::size_t>(lc.threshold)].id == id) {
                c = &lc;
                ++found;
            }
        REQUIRE(found == 1);
        CHECK(c->rising);
        CHECK(c->x > price.low);
        CHECK(c->x < price.high);
        CHECK(c->x >= previous);
        previous = c->x;

        // Re-evaluating independently just below and just above the crossing puts year-1 ESS lines on either
        // side of the level (Brent's bracket is 1e-9 of the range wide; step 1e-6 of it).
        const double level = j + 0.5, step = 1e-6 * (price.high - price.low);
        Scenario below = s, above = s;
        below.portfolio->ess.price_usd_per_kwh.value = c->x - step;
        above.portfolio->ess.price_usd_per_kwh.value = c->x + step;
        CHECK(direct_outcomes(below)[lines1] < level);
        CHECK(direct_outcomes(above)[lines1] > level);
        // The tender price at which the first EV line moves to ESS lies below the preset's whole ESS price
        // range (118-217 $/kWh): in a market this large, line 1 converts in all of it.
        if (j == 1) CHECK(c->x < 118.0);
    }
    // The preset's ESS line never returns to EV contracts in this range.
    for (const LevelCrossing& lc : be->level_crossings)
        CHECK(o.thresholds[static_cast<std::size_t>(lc.threshold)].id != "ess_line_1_returns");

    // The decision is the optimum everywhere, even where a baseline is the optimal plan (all lines in ESS at a
    // high price): the tie goes to the optimum, listed first.
    Param& p = input(o, "portfolio.ess.price_usd_per_kwh");
    const double was = p.value;
    p.value = 240.0;
    const std::vector<double> high = evaluate_now(o);
    CHECK(high[lines1] == 8.0);
    CHECK(decide(o, high.data()).best == npv);
    p.value = was;
}

TEST_CASE("portfolio analysis restores its inputs between slices and after cancel", "[portfolio_analysis]") {
    const Scenario s = us_tariff();
    const Objective o = portfolio_objective(s);
    const std::vector<double> base_inputs = input_values(o);
    const std::vector<double> base_outcomes = evaluate_now(o);

    SensitivityOptions opt;
    const SensitivityResult once = run_sensitivity(o, opt);
    REQUIRE(once.complete);
    CHECK(input_values(o) == base_inputs);

    SensitivityJob job(o, opt);
    int slices = 0;
    while (!job.done()) {
        job.step(7);
        ++slices;
        REQUIRE(input_values(o) == base_inputs);
    }
    CHECK(slices > 10);
    const SensitivityResult& sliced = job.result();
    REQUIRE(sliced.complete);
    CHECK(sliced.evaluations == once.evaluations);
    REQUIRE(sliced.tornado.size() == once.tornado.size());
    for (std::size_t i = 0; i < once.tornado.size(); ++i) {
        CHECK(sliced.tornado[i].input == once.tornado[i].input);
        CHECK(sliced.tornado[i].values_at_low == once.tornado[i].values_at_low);
        CHECK(sliced.tornado[i].values_at_high == once.tornado[i].values_at_high);
    }
    REQUIRE(sliced.breakevens.size() == once.breakevens.size());
    for (std::size_t i = 0; i < once.breakevens.size(); ++i) {
        REQUIRE(sliced.breakevens[i].level_crossings.size() == once.breakevens[i].level_crossings.size());
        for (std::size_t k = 0; k < once.breakevens[i].level_crossings.size(); ++k)
            CHECK(sliced.breakevens[i].level_crossings[k].x == once.breakevens[i].level_crossings[k].x);
    }

    MonteCarloOptions mc;
    mc.draws = 40;
    mc.seed = 7;
    MonteCarloJob draws(o, mc);
    draws.step(5);
    CHECK(input_values(o) == base_inputs);
    draws.cancel();
    CHECK(input_values(o) == base_inputs);

    const MapAxis x = default_axis(o, find_input(o, "portfolio.ess.price_usd_per_kwh"), 4);
    const MapAxis y = default_axis(o, find_input(o, "market.metal_prices_usd_per_kg.lithium_carbonate"), 3);
    DecisionMapJob map(o, x, y);
    map.step(5);
    CHECK(input_values(o) == base_inputs);

    // After all of it (lifecycle inputs changed and restored many times), the cached context is the base one.
    CHECK(evaluate_now(o) == base_outcomes);
}
