#pragma once
// Internal to the lifecycle valuation (src/core/lifecycle.cpp and src/core/lifecycle/): the pack context, what
// one evaluation reads once from its input, and the shipping and recycling of a pack (docs/MODEL.md §4.1,
// §4.2). Not part of the core's API: include core/lifecycle.hpp instead.

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "core/degradation.hpp"
#include "core/lifecycle.hpp"

namespace packfolio::lifecycle_detail {

class FadeMemo;

inline constexpr double li_to_lce = 5.323;  // kg Li2CO3 per kg Li: 73.89 / (2 × 6.941)
inline constexpr double km_per_mile = 1.609344;
// EverBatt disassembly labour [EVERBATT]: remove the pack 0.5 h, pack to modules 2 h, modules to cells 2 h.
inline constexpr double removal_hours = 0.5;
inline constexpr double pack_to_modules_hours = 2.0;
inline constexpr double modules_to_cells_hours = 2.0;
// The first life stops here if the retirement SoH is never reached.
inline constexpr double max_first_life_years = 30.0;
inline constexpr double co2_breakeven_horizon_years = 50.0;
inline constexpr double time_tolerance_years = 1e-5;  // ~5 minutes: where a SoH threshold is crossed

// Share of each element's content a process recovers (pyro, hydro, direct). Li, Cu, Al and graphite from
// EverBatt 2019 Table 12 as coded in [EBA]; Ni and Co at 98 % for matte smelting and leaching and 90 % for
// direct (cathode recovered whole at [EBA]'s 90 %).
struct RecoveryYields {
    double lithium, nickel, cobalt, copper, aluminium, graphite;
};
inline constexpr std::array<RecoveryYields, 3> recovery_yields = {{
    {0.0, 0.98, 0.98, 0.90, 0.0, 0.0},     // pyro: Li, Al and graphite end in slag or burn
    {0.90, 0.98, 0.98, 0.90, 0.90, 0.90},  // hydro
    {0.90, 0.90, 0.90, 0.90, 0.90, 0.90},  // direct
}};

inline std::size_t idx(RecyclingProcess p) { return static_cast<std::size_t>(p); }

// Everything one evaluation needs, read once from the input.
struct Ctx {
    const LifecycleInput* in;
    Chemistry chemistry;
    const ChemistryData* chem;
    double kwh;
    double mass_kg;
    bool damaged;
    double rate;
    double trend;
    std::array<double, 3> value_per_kwh;  // today, by process
    std::array<double, 3> cost_per_kg;
    std::array<double, 3> co2_per_kg;
    std::array<double, 3> credit_per_kwh;  // avoided primary-material CO2 per nominal kWh, by process
    RecyclingProcess process;
    double labour;
    // Fade (degradation.hpp, constant mode): the chemistry's model, the stressors of the two duties and the
    // calibration scalars (the pack scalar × the scenario's fade multiplier; the EV phase also × the
    // fast-charge multiplier).
    const FadeModel* model;
    bool second_life_only;  // the model's q = 1 is a used pack (LMO): no first-life fade model
    // Whether routes record their SoH trajectories (the full detail shows them; analysis and logistics do not).
    bool trajectories = true;
    Stressors ev;
    double ev_scalar;
    double ev_efc_per_year;
    std::string ev_error;
    Stressors stationary;
    double stationary_scalar;
    std::string stationary_error;
    DutyDay stationary_day;  // the second-life duty's day, which a new LFP system under the same duty reuses
    FadeMemo* memo = nullptr;  // where fade phases are reused (LifecycleEvaluator); nullptr: run every phase
};

struct Money {
    double usd = 0.0;
    double co2_kg = 0.0;
};

// Hand-dismantling hours to `level` [EVERBATT], with the pack's removal from the vehicle when asked.
double dismantle_hours(DismantleLevel level, bool with_removal);
// The share of the pack's mass that goes through the process: what hand dismantling leaves of it.
double feed_mass_share(const RecyclingInput& r, DismantleLevel level);
// Recovered value per nominal kWh at today's prices, and the avoided primary-material CO2 per nominal kWh,
// of a process (docs/MODEL.md §4.2).
double material_value_usd_per_kwh(const ChemistryData& chem, const MarketInput& m, RecyclingProcess process);
double avoided_co2_kg_per_kwh(const ChemistryData& chem, const AvoidedPrimaryCo2& f, RecyclingProcess process);

const FadeModel& fade_model_of(const ChemistryData& chem);
StationaryDutyInput stationary_duty_input(const SecondLifeInput& s);
EvDutyInput ev_duty_input(const FirstLifeInput& f);

// `with_ev`: the EV duty is built only where a first life or a remanufactured life is valued.
// `same_duty`: a context of the same scenario whose stationary duty this one shares (a new LFP system
// compared with the pack's second life); its day, and its stressors when the fade model is the same, are
// reused, and so is its memo. `memo`: where the context's fade stages are reused (fade_memo.hpp).
Ctx make_ctx(const LifecycleInput& in, Chemistry c, double kwh, bool damaged, bool with_ev = true,
             const Ctx* same_duty = nullptr, FadeMemo* memo = nullptr);

// One hazmat shipment of `mass_kg` over `miles` (docs/MODEL.md §4.1).
Money ship(const Ctx& x, double mass_kg, double miles);
// Recycling `kwh` nominal of this pack's chemistry at time t by `process`, dismantled to `level`; shipping
// is the caller's (docs/MODEL.md §4.2).
Money recycle(const Ctx& x, RecyclingProcess process, double kwh, double t_years, bool with_removal,
              DismantleLevel level);
// A whole pack to the recycler: ship `miles`, then recycle with the chosen process and dismantling level.
Money recycle_pack(const Ctx& x, RecyclingProcess process, double t_years, bool with_removal, double miles);

// The context's fade warnings (duty errors, proxies, extrapolation), each prefixed with its phase.
void append_fade_warnings(const Ctx& x, std::vector<std::string>& warnings);

}  // namespace packfolio::lifecycle_detail
