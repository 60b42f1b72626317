#pragma once
// Internal to the lifecycle valuation: a year of stationary operation (revenue, charging, energy) and the new
// LFP system a second life is priced against (docs/MODEL.md §4.4). Not part of the core's API.

#include <cstddef>
#include <optional>

#include "core/finance.hpp"
#include "core/lifecycle/pack_context.hpp"

namespace packfolio::lifecycle_detail {

// One year (or part year) of a storage system whose usable energy is nominal_kwh × SoH × window
// (MODEL.md §4). soh_years = ∫ SoH dt over the year: usable energy-years of the system per nominal kWh.
// Discharged energy E = cycles × usable kWh-years × RTE is sold at the charging price plus the spread; the
// energy bought, E / RTE (losses included), is paid at the charging price; power (kW = usable kWh /
// duration) earns the capacity value. `decline` scales the spread and the capacity value (cannibalisation).
struct StationaryYear {
    double arbitrage_usd;
    double capacity_usd;
    double charging_usd;
    double discharged_kwh;
    double usable_kwh_years;
};

StationaryYear stationary_year(const SecondLifeInput& s, const MarketInput& m, double nominal_kwh, double soh_years,
                               double rte, double decline);

// LCOS terms with room for a phase of `samples` points (one year fewer).
LcosTerms lcos_terms(std::size_t samples);

// A new stationary LFP system (the stationary standard) built for the same usable energy and power as the
// second-life system and run under the same duty to the floor SoH or its life, then recycled. A buyer of
// storage chooses between it and a repurposed system (MODEL.md §4), so it prices the service:
//   fixed_usd_per_usable_kwh_year = [capex + Σ_t O&M_t d_t + EoL d_{N+1}] / Σ_t U_t d_t,
//   LCOS_new = [capex + Σ_t (O&M_t + charging_t) d_t + EoL d_{N+1}] / Σ_t E_t d_t      (Schmidt et al. 2019),
// with U_t its usable kWh-years and E_t = cycles × U_t × RTE_new its discharged energy in year t, so that
// LCOS_new = fixed / (cycles × RTE_new) + charging price / RTE_new. The fixed form stays defined when the
// duty does not cycle.
struct NewStorage {
    std::optional<double> lcos_usd_per_mwh;  // absent when it discharges nothing
    double fixed_usd_per_usable_kwh_year = 0.0;
    double lifetime_discharged_kwh = 0.0;  // undiscounted, over its life
    double nominal_kwh = 0.0;
};

NewStorage new_storage(const Ctx& x, double usable_kwh);

}  // namespace packfolio::lifecycle_detail
