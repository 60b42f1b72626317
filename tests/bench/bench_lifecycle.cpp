// Valuing all routes of one pack (MODEL.md §4), the inner loop of decision maps and Monte Carlo.
// Budget: ≤ 10 µs natively; WebAssembly no slower than 2× native, so ≤ 20 µs there.
// `eval` adds the comparison figures (LCOS of the second life and of a new ESS): reported beside it with the
// same budget doubled, as their cost is about that of the routes again.
#include "bench.hpp"
#include "core/lifecycle.hpp"

namespace {

packfolio::LifecycleInput bench_input;

}  // namespace

PACKFOLIO_BENCH({"lifecycle.evaluate_all_routes", 10e-6, 201, [] { bench_input = packfolio::LifecycleInput{}; },
                 [] {
                     // Vary one input a little each run so nothing can be cached between runs.
                     bench_input.market.discount_rate.value = bench_input.market.discount_rate.value == 0.08 ? 0.0801 : 0.08;
                     const packfolio::LifecycleResults r =
                         packfolio::evaluate_lifecycle(bench_input, packfolio::LifecycleDetail::routes);
                     packfolio::bench::keep(r.routes[3].npv_usd);
                 },
                 20e-6});

PACKFOLIO_BENCH({"lifecycle.evaluate_with_comparisons", 20e-6, 201, [] { bench_input = packfolio::LifecycleInput{}; },
                 [] {
                     bench_input.market.discount_rate.value = bench_input.market.discount_rate.value == 0.08 ? 0.0801 : 0.08;
                     const packfolio::LifecycleResults r = packfolio::evaluate_lifecycle(bench_input);
                     packfolio::bench::keep(*r.new_ess_lcos_usd_per_mwh);
                 },
                 40e-6});
