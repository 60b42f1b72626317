// Degradation engine speed. Budgets: 15 years of a daily profile in constant mode ≤ 50 µs natively;
// a monthly SoH trajectory for 30 years ≤ 1 ms. Two more figures the lifecycle valuation leans on (it calls
// them inside Monte Carlo loops against a 10 µs whole-pack budget) are reported alongside.
#include <vector>

#include "bench.hpp"
#include "core/degradation.hpp"

namespace {

using namespace packfolio;

// The BLAST-Lite harness's daily_cycle_25c profile: 25 hourly samples, 0.8 EFC/day.
DutyDay daily_cycle_day() {
    DutyDay d;
    const double soc[25] = {0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.7, 0.5, 0.3, 0.1,
                            0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.3, 0.5, 0.7, 0.9, 0.9, 0.9};
    for (int h = 0; h <= 24; ++h) {
        d.time_s.push_back(3600.0 * h);
        d.soc.push_back(soc[h]);
        d.temperature_c.push_back(25.0 + 5.0 * (h % 2));  // vary T so no plateau shortcut hides the work
    }
    return d;
}

DutyDay bench_day;
std::vector<double> bench_years;
Stressors bench_stressors;
double bench_temperature = 25.0;

const FadeModel& kokam() { return *find_fade_model("nmc111-gr-kokam-75ah"); }
const FadeModel& lfp() { return *find_fade_model("lfp-gr-250ah"); }

}  // namespace

// Stressors from the 25-sample day, then 15 years in constant mode sampled every year (Kokam: three loss
// terms including the LAM sigmoid, the most expensive model).
PACKFOLIO_BENCH({"degradation.daily_profile_15y_constant", 50e-6, 501,
                 [] {
                     bench_day = daily_cycle_day();
                     bench_years.clear();
                     for (int y = 1; y <= 15; ++y) bench_years.push_back(y);
                 },
                 [] {
                     const FadeModel& m = kokam();
                     const Stressors st = compute_stressors(m, bench_day);
                     FadeState s = initial_state(m);
                     const std::vector<FadePoint> pts = simulate(m, bench_day, st, s, bench_years, FadeOptions{});
                     bench::keep(pts.back().q);
                 }});

// 30 years × 12 months + 1 points from a precomputed track (the chart series).
PACKFOLIO_BENCH({"degradation.monthly_trajectory_30y", 1e-3, 201,
                 [] { bench_stressors = compute_stressors(kokam(), daily_cycle_day()); },
                 [] {
                     const FadeTrack tr = make_fade_track(kokam(), bench_stressors, initial_state(kokam()), 2.75);
                     const std::vector<FadePoint> pts = monthly_trajectory(tr, 30.0);
                     bench::keep(pts.back().q);
                 }});

// The lifecycle's fade work per pack: EV duty → stressors → years to 80 %, then stationary duty → stressors →
// years from there to a 60 % floor. Budget: a share of the 10 µs whole-pack valuation.
PACKFOLIO_BENCH({"degradation.lifecycle_fade_per_pack", 5e-6, 2001, [] {},
                 [] {
                     bench_temperature = bench_temperature == 25.0 ? 25.5 : 25.0;  // defeat caching between runs
                     const FadeModel& m = lfp();
                     EvDutyInput ev_in;
                     ev_in.temperature_c = bench_temperature;
                     const EvDuty ev = make_ev_duty(ev_in);
                     const FadeTrack first = make_fade_track(m, compute_stressors(m, ev.day), initial_state(m),
                                                             m.default_pack_scalar * ev.fade_scalar_multiplier);
                     const YearsToSoh retire = years_to_soh(first, 0.8, 30.0);
                     StationaryDutyInput ess_in;
                     ess_in.temperature_c = bench_temperature;
                     const StationaryDuty ess = make_stationary_duty(ess_in);
                     const FadeTrack second = make_fade_track(m, compute_stressors(m, ess.day),
                                                              first.state_at(retire.years), m.default_pack_scalar);
                     const YearsToSoh floor = years_to_soh(second, 0.6, 30.0);
                     bench::keep(retire.years + floor.years);
                 }});
