#pragma once
// Internal to the lifecycle valuation: the three end-of-life routes of a retired pack (recycle now, second
// life, remanufacture) as cash flows, CO2 and SoH trajectories (docs/MODEL.md §4.2, §4.4, §4.5). Not part of
// the core's API.

#include <array>
#include <vector>

#include "core/finance.hpp"
#include "core/lifecycle/fade_phase.hpp"
#include "core/lifecycle/pack_context.hpp"
#include "core/lifecycle/stationary.hpp"

namespace packfolio::lifecycle_detail {

struct RouteFlows {
    std::vector<double> cash{0.0};
    double co2_kg = 0.0;
    SohTrajectory soh;
};

inline void add(RouteFlows& f, double t, double usd, double rate) { add_cash_at(f.cash, t, usd, rate); }

// Appends a phase's samples, shifted by t0, to a route's trajectory (its first point once).
void add_phase_trajectory(SohTrajectory& out, const Phase& ph, double t0);

struct EndOfLife {
    RouteFlows recycle_now;
    std::array<Money, 3> recycle_options;  // pyro, hydro, direct (inbound shipping included)
    RouteFlows second_life;
    RouteFlows remanufacture;
    bool second_life_possible = true;  // permitted, neither damaged nor at or below second_life.floor_soh
    bool remanufacture_possible = true;  // neither damaged nor at or below remanufacture.min_soh
    Phase second_life_phase;
    double second_life_capex_usd = 0.0;           // repurposing + integration + warranty of a passing pack
    double second_life_usable_kwh = 0.0;          // at the start
    double second_life_pre_costs_usd = 0.0;       // inbound shipping, removal, screening (per pack in)
    double second_life_fail_usd = 0.0;            // a failing pack: shipped on and recycled
    double second_life_end_usd = 0.0;             // deferred recycling of a passing pack, at its end
    double second_life_discharged_pv_kwh = 0.0;    // Σ E_t d_t of a passing pack
    double second_life_operating_cost_pv_usd = 0.0;  // Σ (O&M_t + charging_t) d_t of a passing pack
    SecondLifeRevenueStack second_life_stack;
    NewStorage new_storage;
    double co2_breakeven_years = -1.0;
};

// Values the end of life of a retired pack. `first_life_years` is used only to size the EV life a
// remanufactured pack displaces; `first_life` is the phase of a new pack under the EV duty, if one was run
// (RemanufacturedTrack); `inbound` says whether the first shipment (to the recycler or repurposer) is counted.
EndOfLife value_end_of_life(const Ctx& x, const Retired& retired, double soh, double first_life_years,
                            const Phase* first_life, bool inbound);

}  // namespace packfolio::lifecycle_detail
