// The EV vs ESS optimiser (MODEL.md §5). Budget: N = 64 lines over T = 30 years in ≤ 5 ms
// natively (≤ 10 ms in WebAssembly).
// The plant mixes four kinds of line (sizes 5-12 GWh/yr, NMC811, NCA and LFP EV cells, LFP or Na-ion ESS
// cells), a quarter of them in ESS today, under an EV volume cap that binds and falls by 30 % from year 3
// and an ESS price curve steep enough that the maker withholds volume: the merit-order walks of the
// optimiser run, not just its shortcuts for identical lines. Material costs and the residual value come from
// the lifecycle model of a default scenario, as in `packfolio eval`.
#include "bench.hpp"
#include "core/lifecycle.hpp"
#include "core/portfolio.hpp"

namespace {

using namespace packfolio;

PortfolioInput bench_input;
PortfolioContext bench_context;

void setup() {
    bench_input = PortfolioInput{};
    bench_input.horizon_years = 30;
    bench_input.lines.clear();
    const double sizes[] = {8.4, 5.0, 12.0, 8.4};
    const Chemistry ev_chems[] = {Chemistry::nmc811, Chemistry::lfp, Chemistry::nca, Chemistry::nmc811};
    const Chemistry ess_chems[] = {Chemistry::lfp, Chemistry::lfp, Chemistry::lfp, Chemistry::na_ion};
    for (int i = 0; i < 64; ++i) {
        PortfolioLine l;
        l.capacity_gwh_per_year = sizes[i % 4];
        l.chemistry = ev_chems[i % 4];
        l.ess_chemistry = ess_chems[i % 4];
        l.segment = i % 4 == 1 ? MarketSegment::ess : MarketSegment::ev;
        bench_input.lines.push_back(l);
    }
    bench_input.ev.volume_gwh_per_year = 300.0;  // of ~460 GWh/yr effective capacity
    bench_input.ev.volume_growth_per_year = 0.03;
    bench_input.ev.shock = -0.3;
    bench_input.ev.shock_year = 3;
    bench_input.ess.reference_volume_gwh_per_year = 25.0;
    bench_input.ess.drop_per_doubling = 0.15;
    bench_input.ess.reference_volume_growth_per_year = 0.05;
    bench_input.credit_45x.enabled = true;
    bench_input.ev.take_back_share = 0.2;

    const LifecycleInput life;
    bench_context.discount_rate = life.market.discount_rate.value;
    for (std::size_t c = 0; c < chemistry_count; ++c) {
        bench_context.material_cost_usd_per_kwh[c] =
            metal_cost_usd_per_kwh(static_cast<Chemistry>(c), life.market.metal_prices_usd_per_kg);
        LifecycleInput pack = life;
        pack.pack.chemistry = static_cast<Chemistry>(c);
        bench_context.residual_value_usd_per_kwh[c] = residual_value_usd_per_kwh(pack);
    }
}

}  // namespace

PACKFOLIO_BENCH({"portfolio.optimise_64x30", 5e-3, 51, setup, [] {
                     // Vary the tender price a little each run so nothing can be cached between runs.
                     Param& p0 = bench_input.ess.price_usd_per_kwh;
                     p0.value = p0.value == 70.0 ? 70.01 : 70.0;
                     const PortfolioResults r = optimise_portfolio(bench_input, bench_context);
                     bench::keep(r.npv_usd);
                 },
                 10e-3});
