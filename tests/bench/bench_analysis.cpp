// Analysis on the default pack (MODEL.md §4.7 "The decision", §4.9 "Incremental evaluation"). Budgets, all
// stated for WebAssembly (the slower target; the same budgets are printed for native): one 60 Hz frame for
// a 64×64 decision map (16 ms), 10,000 Monte Carlo draws before the next frame would need a progress bar
// (50 ms), and 1 ms for an evaluation with its tornado and breakevens.
#include "bench.hpp"
#include "core/analysis.hpp"

namespace {

packfolio::LifecycleInput bench_input;
packfolio::Objective bench_objective;

void setup() {
    bench_input = packfolio::LifecycleInput{};
    bench_objective = packfolio::lifecycle_objective(bench_input);
}

// Each repetition starts from an empty fade memo (a fresh objective), as the first run after an edit does:
// a memo kept from the previous repetition would make every repetition after the first all hits.
packfolio::Objective cold_objective() { return packfolio::lifecycle_objective(bench_input); }

}  // namespace

PACKFOLIO_BENCH({"analysis.eval_tornado_breakevens", 1e-3, 21, setup, [] {
                     const packfolio::LifecycleResults r = packfolio::evaluate_lifecycle(bench_input);
                     const packfolio::SensitivityResult s = packfolio::run_sensitivity(cold_objective());
                     packfolio::bench::keep(r.margin_usd + s.tornado.front().swing);
                 }});

PACKFOLIO_BENCH({"analysis.decision_map_64x64", 16e-3, 5, setup, [] {
                     const int soh = packfolio::find_input(bench_objective, "first_life.retirement_soh");
                     const int li =
                         packfolio::find_input(bench_objective, "market.metal_prices_usd_per_kg.lithium_carbonate");
                     const packfolio::DecisionMapResult m = packfolio::run_decision_map(
                         cold_objective(), packfolio::default_axis(bench_objective, soh, 64),
                         packfolio::default_axis(bench_objective, li, 64));
                     packfolio::bench::keep(m.margin[2080]);
                 }});

// The same map over two inputs that both change the fade (the first life's temperature and the second
// life's cycles), so that the second life's phase differs in every cell.
PACKFOLIO_BENCH({"analysis.decision_map_64x64_fade_axes", 16e-3, 5, setup, [] {
                     const int t = packfolio::find_input(bench_objective, "first_life.temperature_c");
                     const int cycles = packfolio::find_input(bench_objective, "second_life.cycles_per_year");
                     const packfolio::DecisionMapResult m = packfolio::run_decision_map(
                         cold_objective(), packfolio::default_axis(bench_objective, t, 64),
                         packfolio::default_axis(bench_objective, cycles, 64));
                     packfolio::bench::keep(m.margin[2080]);
                 }});

PACKFOLIO_BENCH({"analysis.monte_carlo_10000", 50e-3, 5, setup, [] {
                     const packfolio::MonteCarloResult r =
                         packfolio::run_monte_carlo(cold_objective(), {10000, 1, 40});
                     packfolio::bench::keep(r.outcomes[3].mean);
                 }});
