#include "core/lifecycle.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <string_view>
#include <utility>

#include "core/degradation.hpp"
#include "core/finance.hpp"

// The pack-lifecycle valuation (MODEL.md §4). Choices made where MODEL.md is silent, each defended where it
// is used and listed in the Sources tab:
//   - Perspective. The end-of-life routes value the retired pack for the chain that handles it (owner,
//     repurposer or remanufacturer, recycler): all cash from the day of retirement, no purchase price.
//     The deploy routes value a new pack from its maker's side: the sale into the segment at today's
//     segment pack price, plus the take-back at the end of that use (the residual value of MODEL.md §5).
//     The pack's production cost is common to both deploy routes and left out.
//   - Timing. cash[0] at the route's start, operating cash at the end of each year; flows at fractional
//     times (a second life ending at 6.4 years) are carried to their year's end at the discount rate, so the
//     NPV of the yearly table is exact (finance.hpp add_cash_at).
//   - Screening applies to second life and remanufacture alike; packs that fail are shipped on to the
//     recycler and recycled at once.
//   - Capacity in a year is the trapezoid of the SoH at its ends; power for capacity value follows the faded
//     usable energy (kW = usable kWh / duration).
//   - CO2 is consequential: manufacturing avoided is the new stationary (LFP) system displaced for the share
//     of its lifetime energy the second life delivers, or the EV capacity displaced for its share of a first
//     life in capacity-years; recycling earns the recycled-vs-primary saving [LLAMAS] on the pack's
//     cradle-to-gate footprint.

namespace packfolio {

namespace {

constexpr double li_to_lce = 5.323;  // kg Li2CO3 per kg Li: 73.89 / (2 × 6.941)
constexpr double km_per_mile = 1.609344;
// EverBatt disassembly labour [EVERBATT]: remove the pack 0.5 h, pack to modules 2 h, modules to cells 2 h.
constexpr double removal_hours = 0.5;
constexpr double pack_to_modules_hours = 2.0;
constexpr double modules_to_cells_hours = 2.0;
// The first life stops here if the retirement SoH is never reached.
constexpr double max_first_life_years = 30.0;
constexpr double co2_breakeven_horizon_years = 50.0;
constexpr double time_tolerance_years = 1e-5;  // ~5 minutes: where a SoH threshold is crossed

// Share of each element's content a process recovers (pyro, hydro, direct). Li, Cu, Al and graphite from
// EverBatt 2019 Table 12 as coded in [EBA]; Ni and Co at 98 % for matte smelting and leaching and 90 % for
// direct (cathode recovered whole at [EBA]'s 90 %).
struct RecoveryYields {
    double lithium, nickel, cobalt, copper, aluminium, graphite;
};
constexpr std::array<RecoveryYields, 3> recovery_yields = {{
    {0.0, 0.98, 0.98, 0.90, 0.0, 0.0},     // pyro: Li, Al and graphite end in slag or burn
    {0.90, 0.98, 0.98, 0.90, 0.90, 0.90},  // hydro
    {0.90, 0.90, 0.90, 0.90, 0.90, 0.90},  // direct
}};

std::size_t idx(RecyclingProcess p) { return static_cast<std::size_t>(p); }

double dismantle_hours(DismantleLevel level, bool with_removal) {
    double h = with_removal ? removal_hours : 0.0;
    if (level != DismantleLevel::pack) h += pack_to_modules_hours;
    if (level == DismantleLevel::cells) h += modules_to_cells_hours;
    return h;
}

// The share of the pack's mass that goes through the process: what hand dismantling leaves of it.
double feed_mass_share(const RecyclingInput& r, DismantleLevel level) {
    switch (level) {
        case DismantleLevel::modules: return r.module_mass_share.value;
        case DismantleLevel::cells: return r.cell_mass_share.value;
        case DismantleLevel::pack: break;
    }
    return 1.0;
}

// Recovered value per nominal kWh at today's prices: Σ content × yield × price. One value chain (docs/MODEL.md
// §4): the recycler refines and sells products at their price and pays its whole process cost, as EverBatt
// models all three processes [EVERBATT]: pyro smelts and refines the alloy, hydro leaches to salts, direct
// relithiates the cathode. A black-mass payable (~72 % [FM-BM]) is what a refiner pays for the same metals
// net of its own refining cost and margin, so applying it on top of the process cost would count the refiner
// twice. Manganese has no price in DATA.md, so it earns nothing.
double material_value_usd_per_kwh(const ChemistryData& chem, const MarketInput& m, RecyclingProcess process) {
    const RecoveryYields& y = recovery_yields[idx(process)];
    const MaterialContent& c = chem.content;
    const MetalPrices& p = m.metal_prices_usd_per_kg;
    return c.lithium_kg_per_kwh.value * li_to_lce * p.lithium_carbonate.value * y.lithium +
           c.nickel_kg_per_kwh.value * p.nickel.value * y.nickel +
           c.cobalt_kg_per_kwh.value * p.cobalt.value * y.cobalt +
           c.copper_kg_per_kwh.value * p.copper.value * y.copper +
           c.aluminium_kg_per_kwh.value * p.aluminium.value * y.aluminium +
           c.graphite_kg_per_kwh.value * p.graphite.value * y.graphite;
}

// The recycling CO2 credit per nominal kWh: Σ content × yield × primary emissions of the material displaced,
// as EverBatt credits avoided virgin material [EBA]. It follows the chemistry (what is in the pack) and the
// process (what it recovers: pyro loses Li, Al and graphite).
double avoided_co2_kg_per_kwh(const ChemistryData& chem, const AvoidedPrimaryCo2& f, RecyclingProcess process) {
    const RecoveryYields& y = recovery_yields[idx(process)];
    const MaterialContent& c = chem.content;
    return c.lithium_kg_per_kwh.value * li_to_lce * f.lithium_carbonate.value * y.lithium +
           c.nickel_kg_per_kwh.value * f.nickel.value * y.nickel + c.cobalt_kg_per_kwh.value * f.cobalt.value * y.cobalt +
           c.copper_kg_per_kwh.value * f.copper.value * y.copper +
           c.aluminium_kg_per_kwh.value * f.aluminium.value * y.aluminium +
           c.graphite_kg_per_kwh.value * f.graphite.value * y.graphite;
}

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
    Stressors ev;
    double ev_scalar;
    double ev_efc_per_year;
    std::string ev_error;
    Stressors stationary;
    double stationary_scalar;
    std::string stationary_error;
    DutyDay stationary_day;  // the second-life duty's day, which a new LFP system under the same duty reuses
};

// The fade model a chemistry names (chemistry.cpp); the catalogue only names ids degradation.hpp defines.
const FadeModel& fade_model_of(const ChemistryData& chem) {
    const FadeModel* m = find_fade_model(chem.degradation_model);
    return m ? *m : fade_models()[fade_model_count - 1];
}

StationaryDutyInput stationary_duty_input(const SecondLifeInput& s) {
    StationaryDutyInput d;
    d.cycles_per_day = s.cycles_per_year.value / fade_days_per_year;
    d.dod = s.usable_window.value;
    d.duration_h = s.duration_h.value;
    d.temperature_c = s.temperature_c.value;
    return d;
}

EvDutyInput ev_duty_input(const FirstLifeInput& f) {
    EvDutyInput d;
    d.km_per_year = f.km_per_year.value;
    d.range_km = f.range_km.value;
    d.usable_fraction = f.usable_fraction.value;
    d.fast_charge_share = f.fast_charge_share.value;
    d.temperature_c = f.temperature_c.value;
    return d;
}

// `with_ev`: the EV duty is built only where a first life or a remanufactured life is valued.
// `same_duty`: a context of the same scenario whose stationary duty this one shares (a new LFP system
// compared with the pack's second life); its day, and its stressors when the fade model is the same, are reused.
Ctx make_ctx(const LifecycleInput& in, Chemistry c, double kwh, bool damaged, bool with_ev = true,
             const Ctx* same_duty = nullptr) {
    Ctx x;
    x.in = &in;
    x.chemistry = c;
    x.chem = &chemistry_data(c);
    x.kwh = kwh;
    x.mass_kg = x.chem->pack_mass_kg_per_kwh.value * kwh;
    x.damaged = damaged;
    x.rate = in.market.discount_rate.value;
    x.trend = in.market.metal_price_trend_per_year.value;
    const RecyclingInput& r = in.recycling;
    for (RecyclingProcess p : {RecyclingProcess::pyro, RecyclingProcess::hydro, RecyclingProcess::direct})
        x.value_per_kwh[idx(p)] = material_value_usd_per_kwh(*x.chem, in.market, p);
    x.cost_per_kg = {r.pyro_cost_usd_per_kg.value, r.hydro_cost_usd_per_kg.value, r.direct_cost_usd_per_kg.value};
    x.co2_per_kg = {r.pyro_co2_kg_per_kg.value, r.hydro_co2_kg_per_kg.value, r.direct_co2_kg_per_kg.value};
    for (RecyclingProcess p : {RecyclingProcess::pyro, RecyclingProcess::hydro, RecyclingProcess::direct})
        x.credit_per_kwh[idx(p)] = avoided_co2_kg_per_kwh(*x.chem, r.avoided_primary_co2_kg_per_kg, p);
    x.process = r.process;
    x.labour = r.labour_usd_per_hour.value;

    x.model = &fade_model_of(*x.chem);
    x.second_life_only = x.model->start_fraction_of_new < 1.0;
    const double scalar = x.chem->pack_calibration_scalar.value * in.pack.fade_multiplier.value;
    x.ev_scalar = scalar;
    x.ev_efc_per_year = 0.0;
    if (with_ev) {
        const EvDuty ev = make_ev_duty(ev_duty_input(in.first_life));
        x.ev_error = ev.error;
        x.ev = compute_stressors(*x.model, ev.day);  // an empty day (error) gives invalid stressors: no fade
        x.ev_scalar = scalar * ev.fade_scalar_multiplier;
        x.ev_efc_per_year = ev.efc_per_year;
    }
    if (same_duty != nullptr) {
        x.stationary_error = same_duty->stationary_error;
        x.stationary = x.model == same_duty->model ? same_duty->stationary
                                                   : compute_stressors(*x.model, same_duty->stationary_day);
    } else {
        StationaryDuty st = make_stationary_duty(stationary_duty_input(in.second_life));
        x.stationary_error = std::move(st.error);
        x.stationary = compute_stressors(*x.model, st.day);
        x.stationary_day = std::move(st.day);
    }
    // Stationary duty has its own calibration (chemistry.cpp): the EV fleet scalar is not transferred.
    x.stationary_scalar = x.chem->stationary_calibration_scalar.value * in.pack.fade_multiplier.value;
    return x;
}

struct Money {
    double usd = 0.0;
    double co2_kg = 0.0;
};

// One hazmat shipment: packaging by mass (× the damaged-pack multiplier) plus a shared truckload's freight
// by mass share (freight × miles × mass / payload) [EVERBATT].
Money ship(const Ctx& x, double mass_kg, double miles) {
    const TransportInput& t = x.in->transport;
    const double packaging = t.packaging_usd_per_kg.value * (x.damaged ? t.damaged_packaging_multiplier.value : 1.0);
    Money m;
    m.usd = -(packaging * mass_kg + t.freight_usd_per_mile.value * miles * mass_kg / t.truck_payload_kg.value);
    m.co2_kg = mass_kg / 1000.0 * miles * km_per_mile * t.co2_kg_per_tonne_km.value;
    return m;
}

// Recycling `kwh` nominal of this pack's chemistry (mass in proportion) at time t by `process`: recovered
// value at trended prices − process cost on the mass left after dismantling − dismantling labour. Shipping is
// added by the caller.
Money recycle(const Ctx& x, RecyclingProcess process, double kwh, double t_years, bool with_removal,
              DismantleLevel level) {
    const double feed_kg = x.chem->pack_mass_kg_per_kwh.value * kwh * feed_mass_share(x.in->recycling, level);
    const std::size_t i = idx(process);
    Money m;
    m.usd = x.value_per_kwh[i] * kwh * std::pow(1.0 + x.trend, t_years) - x.cost_per_kg[i] * feed_kg -
            x.labour * dismantle_hours(level, with_removal);
    m.co2_kg = x.co2_per_kg[i] * feed_kg - x.credit_per_kwh[i] * kwh;
    return m;
}

// A whole pack to the recycler: ship `miles`, then recycle with the chosen process and dismantling level.
Money recycle_pack(const Ctx& x, RecyclingProcess process, double t_years, bool with_removal, double miles) {
    const Money s = ship(x, x.mass_kg, miles);
    const Money r = recycle(x, process, x.kwh, t_years, with_removal, x.in->recycling.dismantle_to);
    return {s.usd + r.usd, s.co2_kg + r.co2_kg};
}

// ---- fade phases sampled yearly ----

// A life phase sampled at t = 0, 1, 2, ... and at its end T (fractional): the yearly table of the route.
struct Phase {
    std::vector<double> t;
    std::vector<double> soh;
    double end_years = 0.0;
    double end_soh = 0.0;
    bool reached_floor = false;
};

// Runs `soh_at` (t ↦ SoH, non-increasing) until it falls to `floor_soh` or `max_years` pass. The crossing
// inside the last year is found by Brent's method on the O(1) closed form.
template <class SohAt>
Phase run_phase(SohAt&& soh_at, double floor_soh, double max_years) {
    Phase ph;
    const std::size_t samples = static_cast<std::size_t>(std::ceil(std::min(max_years, 100.0))) + 2;
    ph.t.reserve(samples);
    ph.soh.reserve(samples);
    const double s0 = soh_at(0.0);
    ph.t.push_back(0.0);
    ph.soh.push_back(s0);
    if (s0 <= floor_soh || max_years <= 0.0) {
        ph.end_years = 0.0;
        ph.end_soh = s0;
        ph.reached_floor = s0 <= floor_soh;
        return ph;
    }
    double t_prev = 0.0, s_prev = s0;
    for (int k = 1;; ++k) {
        const double tk = std::min(static_cast<double>(k), max_years);
        const double sk = soh_at(tk);
        if (sk <= floor_soh) {
            // Brent starts from the bracket's ends: reuse their SoH rather than evaluate the fade again.
            const auto excess = [&](double t) {
                return (t == t_prev ? s_prev : t == tk ? sk : soh_at(t)) - floor_soh;
            };
            const RootResult root = brent_root(excess, t_prev, tk, time_tolerance_years);
            const double end = root.status == RootStatus::found ? root.x : tk;
            ph.t.push_back(end);
            ph.soh.push_back(floor_soh);
            ph.end_years = end;
            ph.end_soh = floor_soh;
            ph.reached_floor = true;
            return ph;
        }
        ph.t.push_back(tk);
        ph.soh.push_back(sk);
        if (tk >= max_years) break;
        t_prev = tk;
        s_prev = sk;
    }
    ph.end_years = max_years;
    ph.end_soh = ph.soh.back();
    return ph;
}

// The end of a phase when its yearly trajectory is not wanted: SoH never rises, so a pack still above the
// floor at max_years never crossed it, and one fade evaluation replaces the yearly scan (the phase then holds
// its two ends only). Otherwise the scan finds the crossing exactly as run_phase does.
template <class SohAt>
Phase run_phase_ends(SohAt&& soh_at, double floor_soh, double max_years) {
    if (max_years > 0.0) {
        const double s_end = soh_at(max_years);
        if (s_end > floor_soh) {
            Phase ph;
            ph.t = {0.0, max_years};
            ph.soh = {soh_at(0.0), s_end};
            ph.end_years = max_years;
            ph.end_soh = s_end;
            return ph;
        }
    }
    return run_phase(soh_at, floor_soh, max_years);
}

// Capacity-years (∫ SoH dt) of year k of a phase (k = 1 .. number of buckets), by the trapezoid rule.
double capacity_years(const Phase& ph, std::size_t k) {
    return 0.5 * (ph.soh[k - 1] + ph.soh[k]) * (ph.t[k] - ph.t[k - 1]);
}

double total_capacity_years(const Phase& ph) {
    double s = 0.0;
    for (std::size_t k = 1; k < ph.t.size(); ++k) s += capacity_years(ph, k);
    return s;
}

// ---- stationary operation ----

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
                               double rte, double decline) {
    const double usable_kwh_years = nominal_kwh * soh_years * s.usable_window.value;
    const double discharged = s.cycles_per_year.value * usable_kwh_years * rte;
    const double charge_price = m.charging_price_usd_per_mwh.value / 1000.0;
    StationaryYear y;
    y.arbitrage_usd = discharged * (charge_price + decline * s.arbitrage_spread_usd_per_mwh.value / 1000.0);
    y.capacity_usd = decline * s.capacity_value_usd_per_kw_year.value * usable_kwh_years / s.duration_h.value;
    y.charging_usd = discharged / rte * charge_price;
    y.discharged_kwh = discharged;
    y.usable_kwh_years = usable_kwh_years;
    return y;
}

// LCOS terms with room for a phase of `samples` points (one year fewer).
LcosTerms lcos_terms(std::size_t samples) {
    LcosTerms terms;
    terms.om_usd.reserve(samples);
    terms.charging_usd.reserve(samples);
    terms.discharged_kwh.reserve(samples);
    return terms;
}

// ---- fade tracks ----

// Where the fade of a retired pack continues from: the model state and the SoH that the model's q = 1
// stands for (1 for a new cell; for a second-life-only model, the SoH at retirement).
struct Retired {
    FadeState state;
    double soh_scale;
};

// A pack's SoH under one duty from a start: scale × q, with q floored at 0 (degradation.hpp leaves the raw
// power law below 0 far outside the data and flags it).
class PackTrack {
public:
    PackTrack(const FadeModel& m, const Stressors& st, const FadeState& start, double scalar, double scale)
        : track_(make_fade_track(m, st, start, scalar)), scale_(scale) {}
    double soh_at(double years) const { return scale_ * std::max(0.0, track_.q_at(years)); }
    FadeState state_at(double years) const { return track_.state_at(years); }

private:
    FadeTrack track_;
    double scale_;
};

PackTrack ev_track(const Ctx& x, const Retired& from) {
    return PackTrack(*x.model, x.ev, from.state, x.ev_scalar, from.soh_scale);
}

PackTrack stationary_track(const Ctx& x, const Retired& from) {
    return PackTrack(*x.model, x.stationary, from.state, x.stationary_scalar, from.soh_scale);
}

Retired new_pack(const Ctx& x) { return {initial_state(*x.model), 1.0}; }

// A remanufactured pack: the kept modules continue from the retirement state, the replaced share starts
// new, both under the EV duty; capacity is the capacity-weighted mix. The new share follows the track of a
// new pack's first life: where `first_life` (that track's phase, or nullptr) sampled it, its SoH is reused.
class RemanufacturedTrack {
public:
    RemanufacturedTrack(const Ctx& x, const Retired& retired, double share, const Phase* first_life)
        : old_(ev_track(x, retired)), new_(ev_track(x, new_pack(x))), share_(share), first_life_(first_life) {}
    double soh_at(double years) const { return (1.0 - share_) * old_.soh_at(years) + share_ * new_soh_at(years); }

private:
    double new_soh_at(double years) const {
        if (first_life_ != nullptr && years < static_cast<double>(first_life_->t.size())) {
            // Whole years before the phase's end are samples of soh_at; the end itself may be a floor crossing.
            const auto k = static_cast<std::size_t>(years);
            if (first_life_->t[k] == years && k + 1 < first_life_->t.size()) return first_life_->soh[k];
        }
        return new_.soh_at(years);
    }

    PackTrack old_, new_;
    double share_;
    const Phase* first_life_;
};

// Appends describe_warnings' lines for `bits`, each after `prefix`. (Recomputed on every call: the core keeps
// no state between calls, not even a cache.)
void append_fade_warning_lines(std::vector<std::string>& out, const FadeModel& m, unsigned bits,
                               std::string_view prefix) {
    for (const std::string& w : describe_warnings(m, bits)) out.push_back(std::string(prefix) + w);
}

void append_fade_warnings(const Ctx& x, std::vector<std::string>& warnings) {
    const std::string_view model = x.model->id;
    if (!x.ev_error.empty()) warnings.push_back("first_life: " + x.ev_error + "; no first-life fade computed");
    if (!x.stationary_error.empty())
        warnings.push_back("second_life: " + x.stationary_error + "; no stationary fade computed");
    if (x.second_life_only)
        warnings.push_back("first_life: the " + std::string(model) +
                           " model covers the second life only; the first life takes first_life.years and "
                           "first_life.retirement_soh as given");
    if (x.chemistry == Chemistry::nmc811 || x.chemistry == Chemistry::nmc622)
        warnings.push_back(std::string("pack.chemistry: ") + x.chem->name + " fades with the " + std::string(model) +
                           " model as a proxy (BLAST-Lite has no graphite-anode model of it)");
    append_fade_warning_lines(warnings, *x.model, x.ev.warnings, "first_life: ");
    append_fade_warning_lines(warnings, *x.model, x.stationary.warnings & ~fade_warning::generic_assumption,
                              "second_life: ");
}

// ---- the new-storage alternative ----

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

NewStorage new_storage(const Ctx& x, double usable_kwh) {
    const LifecycleInput& in = *x.in;
    const SecondLifeInput& sl = in.second_life;
    NewStorage out;
    if (!(usable_kwh > 0.0)) return out;
    out.nominal_kwh = usable_kwh / sl.usable_window.value;
    Ctx lfp = make_ctx(in, Chemistry::lfp, out.nominal_kwh, false, false, &x);
    lfp.stationary_scalar = lfp.chem->stationary_calibration_scalar.value;  // a new system: no scenario multiplier
    const PackTrack track = stationary_track(lfp, new_pack(lfp));
    const Phase ph = run_phase([&](double t) { return track.soh_at(t); }, sl.floor_soh.value,
                               in.market.new_ess_life_years.value);
    const double rte = in.market.new_ess_round_trip_efficiency.value;
    LcosTerms terms = lcos_terms(ph.t.size());
    terms.capex_usd = in.market.new_ess_system_price_usd_per_kwh.value * usable_kwh;
    const double om = sl.om_fraction_of_capex_per_year.value * terms.capex_usd;
    double fixed_pv = terms.capex_usd, usable_pv = 0.0, d = 1.0;
    for (std::size_t k = 1; k < ph.t.size(); ++k) {
        const StationaryYear y = stationary_year(sl, in.market, lfp.kwh, capacity_years(ph, k), rte, 1.0);
        d /= 1.0 + x.rate;  // year k, as lcos_usd_per_mwh discounts it
        terms.discharged_kwh.push_back(y.discharged_kwh);
        terms.om_usd.push_back(om * (ph.t[k] - ph.t[k - 1]));
        terms.charging_usd.push_back(y.charging_usd);
        fixed_pv += terms.om_usd.back() * d;
        usable_pv += y.usable_kwh_years * d;
        out.lifetime_discharged_kwh += y.discharged_kwh;
    }
    terms.end_of_life_cost_usd =
        -recycle_pack(lfp, lfp.process, ph.end_years, true, in.transport.recycler_distance_miles.value).usd;
    fixed_pv += terms.end_of_life_cost_usd * d / (1.0 + x.rate);  // year N + 1
    out.fixed_usd_per_usable_kwh_year = usable_pv > 0.0 ? fixed_pv / usable_pv : 0.0;
    out.lcos_usd_per_mwh = lcos_usd_per_mwh(terms, x.rate);
    return out;
}

// ---- the routes ----

struct RouteFlows {
    std::vector<double> cash{0.0};
    double co2_kg = 0.0;
    SohTrajectory soh;
};

void add(RouteFlows& f, double t, double usd, double rate) { add_cash_at(f.cash, t, usd, rate); }

void add_phase_trajectory(SohTrajectory& out, const Phase& ph, double t0) {
    out.years.reserve(out.years.size() + ph.t.size());
    out.soh.reserve(out.soh.size() + ph.t.size());
    for (std::size_t k = 0; k < ph.t.size(); ++k) {
        if (!out.years.empty() && k == 0 && out.years.back() == t0 + ph.t[0]) continue;
        out.years.push_back(t0 + ph.t[k]);
        out.soh.push_back(ph.soh[k]);
    }
}

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
                            const Phase* first_life, bool inbound) {
    const LifecycleInput& in = *x.in;
    const SecondLifeInput& sl = in.second_life;
    const RemanufactureInput& rm = in.remanufacture;
    const TransportInput& tr = in.transport;
    const double r = x.rate;
    EndOfLife e;

    // Recycle now, each process.
    const double to_recycler = inbound ? tr.recycler_distance_miles.value : 0.0;
    for (RecyclingProcess p : {RecyclingProcess::pyro, RecyclingProcess::hydro, RecyclingProcess::direct}) {
        Money m = recycle(x, p, x.kwh, 0.0, true, in.recycling.dismantle_to);
        if (inbound) {
            const Money s = ship(x, x.mass_kg, to_recycler);
            m.usd += s.usd;
            m.co2_kg += s.co2_kg;
        }
        e.recycle_options[idx(p)] = m;
    }
    const Money now = e.recycle_options[idx(x.process)];
    e.recycle_now.cash = {now.usd};
    e.recycle_now.co2_kg = now.co2_kg;
    e.recycle_now.soh.years = {0.0};
    e.recycle_now.soh.soh = {soh};

    // Each route has its own eligibility: the second-life floor does not decide remanufacture.
    e.second_life_possible = sl.permitted && !x.damaged && soh > sl.floor_soh.value;
    e.remanufacture_possible = !x.damaged && soh > rm.min_soh.value;
    if (!e.second_life_possible) {
        e.second_life = e.recycle_now;
        e.second_life_phase.t = {0.0};
        e.second_life_phase.soh = {soh};
        e.second_life_phase.end_soh = soh;
    }
    if (!e.remanufacture_possible) e.remanufacture = e.recycle_now;
    if (!e.second_life_possible && !e.remanufacture_possible) return e;

    const Money inbound_ship = inbound ? ship(x, x.mass_kg, tr.repurposer_distance_miles.value) : Money{};
    // A failing pack was removed from the vehicle already; it is shipped on and recycled.
    const Money fail = recycle_pack(x, x.process, 0.0, false, tr.recycler_distance_miles.value);

    // ---- second life ----
    if (e.second_life_possible) {
        RouteFlows& f = e.second_life;
        const double pass = sl.pass_rate.value;
        const double pre = inbound_ship.usd - x.labour * removal_hours - sl.screening_usd_per_pack.value;
        e.second_life_pre_costs_usd = pre;
        e.second_life_fail_usd = fail.usd;
        const double retained_kwh = x.kwh * soh;
        const double usable_kwh = retained_kwh * sl.usable_window.value;
        const double capex = sl.repurposing_usd_per_kwh.value * retained_kwh + sl.integration_usd_per_kwh.value * usable_kwh;
        const double warranty = sl.warranty_reserve_fraction.value * capex;
        e.second_life_capex_usd = capex + warranty;
        e.second_life_usable_kwh = usable_kwh;
        add(f, 0.0, pre + (1.0 - pass) * fail.usd - pass * (capex + warranty), r);

        const PackTrack track = stationary_track(x, retired);
        e.second_life_phase = run_phase([&](double t) { return track.soh_at(t); }, sl.floor_soh.value,
                                        sl.max_years.value);
        const Phase& ph = e.second_life_phase;
        const double om = sl.om_fraction_of_capex_per_year.value * capex;
        const double rte = sl.round_trip_efficiency.value;
        const double rte_new = in.market.new_ess_round_trip_efficiency.value;
        const std::size_t years = ph.t.size() - 1;
        SecondLifeRevenueStack& st = e.second_life_stack;
        for (auto* v : {&st.arbitrage_usd, &st.capacity_usd, &st.new_storage_cap_usd, &st.charging_usd, &st.om_usd})
            v->reserve(years);
        std::vector<double> discount(years);
        double revenue_pv = 0.0, usable_pv = 0.0, decline = 1.0, whole_years = 1.0;
        for (std::size_t k = 1; k <= years; ++k) {
            const StationaryYear y = stationary_year(sl, in.market, x.kwh, capacity_years(ph, k), rte, decline);
            decline *= 1.0 - sl.revenue_decline_per_year.value;
            // Whole years discount by one more factor; only a fractional last year needs pow.
            whole_years /= 1.0 + r;
            discount[k - 1] = ph.t[k] == static_cast<double>(k) ? whole_years : discount_factor(r, ph.t[k]);
            st.arbitrage_usd.push_back(y.arbitrage_usd);
            st.capacity_usd.push_back(y.capacity_usd);
            st.charging_usd.push_back(y.charging_usd);
            st.om_usd.push_back(om * (ph.t[k] - ph.t[k - 1]));
            st.discharged_kwh += y.discharged_kwh;
            revenue_pv += (y.arbitrage_usd + y.capacity_usd) * discount[k - 1];
            usable_pv += y.usable_kwh_years * discount[k - 1];
            e.second_life_discharged_pv_kwh += y.discharged_kwh * discount[k - 1];
        }
        // A buyer of storage pays the repurposed system no more than the same service costs from new storage
        // (NREL B2U [NREL12]; Kamath et al. 2020; Bach et al. 2024: LCOS parity): its usable capacity-years
        // at the new system's fixed cost (scaled by RTE / RTE_new, so that for a cycling duty this is exactly
        // LCOS_new × Σ E_t d_t) plus its discharged energy at the new system's charging cost per MWh
        // (MODEL.md §4). Revenue above that is cut in the same proportion every year.
        e.new_storage = new_storage(x, usable_kwh);
        const NewStorage& ne = e.new_storage;
        st.new_storage_equivalent_usd = ne.fixed_usd_per_usable_kwh_year * rte / rte_new * usable_pv +
                                        in.market.charging_price_usd_per_mwh.value / 1000.0 / rte_new *
                                            e.second_life_discharged_pv_kwh;
        const double keep = revenue_pv > st.new_storage_equivalent_usd ? st.new_storage_equivalent_usd / revenue_pv : 1.0;
        f.cash.reserve(ph.t.size() + 1);
        for (std::size_t k = 1; k <= years; ++k) {
            const std::size_t i = k - 1;
            st.new_storage_cap_usd.push_back((keep - 1.0) * (st.arbitrage_usd[i] + st.capacity_usd[i]));
            const double operating = st.arbitrage_usd[i] + st.capacity_usd[i] + st.new_storage_cap_usd[i] -
                                     st.charging_usd[i] - st.om_usd[i];
            add(f, ph.t[k], pass * operating, r);
            st.arbitrage_npv_usd += st.arbitrage_usd[i] * discount[i];
            st.capacity_npv_usd += st.capacity_usd[i] * discount[i];
            st.new_storage_cap_npv_usd += st.new_storage_cap_usd[i] * discount[i];
            st.charging_npv_usd += st.charging_usd[i] * discount[i];
            st.om_npv_usd += st.om_usd[i] * discount[i];
        }
        e.second_life_operating_cost_pv_usd = st.charging_npv_usd + st.om_npv_usd;
        const Money end = recycle_pack(x, x.process, ph.end_years, true, tr.recycler_distance_miles.value);
        e.second_life_end_usd = end.usd;
        add(f, ph.end_years, pass * end.usd, r);

        // CO2 follows the service (MODEL.md §4): the second life displaces the manufacture of the new LFP
        // system above in the share of that system's lifetime discharged energy it delivers, and its charging
        // losses beyond that system's are emitted at the grid intensity. No energy delivered, no credit.
        const double new_footprint_kg = chemistry_data(Chemistry::lfp).co2_p50_kg_per_kwh.value * ne.nominal_kwh;
        const double displaced_per_kwh =
            ne.lifetime_discharged_kwh > 0.0 ? new_footprint_kg / ne.lifetime_discharged_kwh : 0.0;
        const double extra_loss_per_kwh = in.market.grid_intensity_kg_per_kwh.value * (1.0 / rte - 1.0 / rte_new);
        const double saved_per_kwh = displaced_per_kwh - extra_loss_per_kwh;
        const double repurposing_co2 = sl.repurposing_co2_kg_per_kwh.value * retained_kwh;
        f.co2_kg = inbound_ship.co2_kg + (1.0 - pass) * fail.co2_kg +
                   pass * (repurposing_co2 - saved_per_kwh * st.discharged_kwh + end.co2_kg);
        add_phase_trajectory(f.soh, ph, 0.0);

        // CO2 break-even: the second-life years at which the CO2 saved by its delivered energy repays the
        // repurposing and the extra shipment to the repurposer (the recycling leg and process are common to
        // both routes).
        const double fixed = repurposing_co2 + ship(x, x.mass_kg, tr.repurposer_distance_miles.value).co2_kg;
        const double kwh_per_capacity_year = sl.cycles_per_year.value * x.kwh * sl.usable_window.value * rte;
        double repaid = 0.0;
        for (std::size_t k = 1; k <= years && e.co2_breakeven_years < 0.0; ++k) {
            const double step = saved_per_kwh * kwh_per_capacity_year * capacity_years(ph, k);
            if (repaid + step >= fixed && step > 0.0) {
                // Linear inside the year.
                e.co2_breakeven_years = ph.t[k - 1] + (fixed - repaid) / step * (ph.t[k] - ph.t[k - 1]);
            }
            repaid += step;
        }
        if (e.co2_breakeven_years < 0.0) {
            // Beyond the simulated life, the capacity is held at its last value.
            const double rate_per_year = saved_per_kwh * kwh_per_capacity_year * ph.end_soh;
            if (rate_per_year > 0.0) {
                const double t = ph.end_years + (fixed - repaid) / rate_per_year;
                if (t <= co2_breakeven_horizon_years) e.co2_breakeven_years = t;
            }
        }
    }

    // ---- remanufacture ----
    if (e.remanufacture_possible) {
        RouteFlows& f = e.remanufacture;
        // The market limit: replacement-pack demand is small against retiring packs [RECUR], so only
        // sold_share of the passing packs are built and sold; the others are recycled unbuilt, like failures.
        const double built = rm.pass_rate.value * rm.sold_share.value;
        const double share = rm.replaced_module_share.value;
        const double ev_price = x.chem->ev_pack_price_usd_per_kwh.value * in.market.pack_price_multiplier.value;
        const double pre = inbound_ship.usd - rm.screening_usd_per_pack.value;
        // Failing packs only needed removing; passing packs carry the full remanufacturing labour (which
        // includes the removal).
        const double fail_usd = fail.usd - x.labour * removal_hours;
        const double new_modules = share * x.kwh * ev_price * rm.module_price_fraction_of_pack.value;
        const double labour = x.labour * rm.labour_hours.value;
        // The replaced modules go to the recycler as modules (no further pack dismantling).
        const Money old_ship = ship(x, share * x.mass_kg, tr.recycler_distance_miles.value);
        const Money old_recycled = recycle(x, x.process, share * x.kwh, 0.0, false, DismantleLevel::pack);
        const double soh_after = (1.0 - share) * soh + share;
        const double sale = rm.price_factor.value * ev_price * soh_after * x.kwh;
        const double warranty = rm.warranty_reserve_fraction.value * sale;
        add(f, 0.0,
            pre + (1.0 - built) * fail_usd +
                built * (-new_modules - labour + old_ship.usd + old_recycled.usd + sale - warranty),
            r);

        const RemanufacturedTrack track(x, retired, share, first_life);
        const Phase ph = run_phase([&](double t) { return track.soh_at(t); }, rm.end_soh.value, rm.max_years.value);
        const Money end = recycle_pack(x, x.process, ph.end_years, true, tr.recycler_distance_miles.value);
        add(f, ph.end_years, built * end.usd, r);
        // CO2: new modules are manufactured; the remanufactured pack displaces a new EV pack for its share of
        // a first life (capacity-years over first-life years).
        const double displaced = first_life_years > 0.0 ? x.chem->co2_p50_kg_per_kwh.value * x.kwh *
                                                              total_capacity_years(ph) / first_life_years
                                                        : 0.0;
        f.co2_kg = inbound_ship.co2_kg + (1.0 - built) * fail.co2_kg +
                   built * (share * x.kwh * x.chem->co2_p50_kg_per_kwh.value + old_ship.co2_kg + old_recycled.co2_kg -
                           std::min(displaced, x.chem->co2_p50_kg_per_kwh.value * x.kwh) + end.co2_kg);
        add_phase_trajectory(f.soh, ph, 0.0);
    }
    return e;
}

RouteResult make_route(RouteId id, RouteFlows&& f, double kwh, double npv_usd) {
    RouteResult out;
    out.id = route_ids[static_cast<std::size_t>(id)];
    out.npv_usd = npv_usd;
    out.npv_usd_per_kwh = out.npv_usd / kwh;
    out.co2_kg = f.co2_kg;
    out.cash_usd_per_year = std::move(f.cash);
    out.soh = std::move(f.soh);
    return out;
}

// The first life under the EV duty: its length, the SoH and fade state at retirement, and its trajectory.
struct FirstLife {
    double years = 0.0;
    double soh = 1.0;
    Retired retired;
    Phase phase;
};

FirstLife run_first_life(const Ctx& x, std::vector<std::string>& warnings) {
    const FirstLifeInput& fl = x.in->first_life;
    FirstLife out;
    if (x.second_life_only) {
        // No model of the first life: both ends are inputs (end_by = years keeps the model's own start).
        out.years = fl.years.value;
        out.soh = fl.end_by == FirstLifeEnd::retirement_soh ? fl.retirement_soh.value : x.model->start_fraction_of_new;
        out.retired = {initial_state(*x.model), out.soh};
        out.phase.t = {0.0, out.years};
        out.phase.soh = {1.0, out.soh};
        out.phase.end_years = out.years;
        out.phase.end_soh = out.soh;
        return out;
    }
    const PackTrack track = ev_track(x, new_pack(x));
    if (fl.end_by == FirstLifeEnd::retirement_soh) {
        out.phase = run_phase([&](double t) { return track.soh_at(t); }, fl.retirement_soh.value, max_first_life_years);
        if (!out.phase.reached_floor) {
            char buf[200];
            std::snprintf(buf, sizeof buf,
                          "first_life: the pack is still at %.3f SoH after %.0f years, above "
                          "first_life.retirement_soh %.3f; it is retired then, at %.3f SoH",
                          out.phase.end_soh, max_first_life_years, fl.retirement_soh.value, out.phase.end_soh);
            warnings.push_back(buf);
        }
    } else {
        // A pack cannot fade to nothing in a car: the first life stops at the physical floor min_soh.
        out.phase = run_phase([&](double t) { return track.soh_at(t); }, fl.min_soh.value, fl.years.value);
        if (out.phase.reached_floor) {
            char buf[220];
            std::snprintf(buf, sizeof buf,
                          "first_life: the pack falls to first_life.min_soh %.3f after %.1f years, before "
                          "first_life.years %.1f; it is retired then, at %.3f SoH",
                          fl.min_soh.value, out.phase.end_years, fl.years.value, out.phase.end_soh);
            warnings.push_back(buf);
        }
    }
    out.years = out.phase.end_years;
    out.soh = out.phase.end_soh;
    out.retired = {track.state_at(out.years), 1.0};
    return out;
}

RouteId best_of(const std::array<RouteId, 3>& ids, const std::array<double, 3>& npvs, RouteId* second) {
    std::array<std::size_t, 3> order = {0, 1, 2};
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return npvs[a] > npvs[b]; });
    *second = ids[order[1]];
    return ids[order[0]];
}

}  // namespace

// ---- public API ----

double metal_cost_usd_per_kwh(Chemistry c, const MetalPrices& p) {
    const MaterialContent& m = chemistry_data(c).content;
    return m.lithium_kg_per_kwh.value * li_to_lce * p.lithium_carbonate.value +
           m.nickel_kg_per_kwh.value * p.nickel.value + m.cobalt_kg_per_kwh.value * p.cobalt.value;
}

std::vector<SourceEntry> lifecycle_constant_sources() {
    std::vector<SourceEntry> out;
    out.push_back({"Lithium carbonate per kg lithium", {li_to_lce, "kg/kg", "molar masses: 73.89 / (2 x 6.941)", 2024, "D"}});
    out.push_back({"Pack removal labour", {removal_hours, "h/pack", "[EVERBATT] disassembly defaults", 2023, "A"}});
    out.push_back({"Pack to modules labour", {pack_to_modules_hours, "h/pack", "[EVERBATT] disassembly defaults", 2023, "A"}});
    out.push_back({"Modules to cells labour", {modules_to_cells_hours, "h/pack", "[EVERBATT] disassembly defaults", 2023, "A"}});
    static constexpr std::array<const char*, 3> process_label = {"Pyro", "Hydro", "Direct"};
    for (std::size_t p = 0; p < recovery_yields.size(); ++p) {
        const RecoveryYields& y = recovery_yields[p];
        const std::string name = std::string(process_label[p]) + " recovery yield, ";
        const char* li_cu_al_gr = "EverBatt 2019 Table 12 as coded in [EBA]";
        const char* ni_co = p == 2 ? "[EBA] direct recycling recovers the cathode at 90 %"
                                   : "assumption: >=95 % Ni/Co recovery of matte smelting and leaching";
        out.push_back({name + "lithium", {y.lithium, "fraction", li_cu_al_gr, 2019, "C"}});
        out.push_back({name + "nickel", {y.nickel, "fraction", ni_co, 2019, "C"}});
        out.push_back({name + "cobalt", {y.cobalt, "fraction", ni_co, 2019, "C"}});
        out.push_back({name + "copper", {y.copper, "fraction", li_cu_al_gr, 2019, "C"}});
        out.push_back({name + "aluminium", {y.aluminium, "fraction", li_cu_al_gr, 2019, "C"}});
        out.push_back({name + "graphite", {y.graphite, "fraction", li_cu_al_gr, 2019, "C"}});
    }
    return out;
}

std::vector<FieldError> check_lifecycle(const LifecycleInput& in) {
    std::vector<FieldError> errors;
    auto num = [](double v) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.6g", v);
        return std::string(buf);
    };
    const double floor = in.second_life.floor_soh.value;
    if (in.first_life.end_by == FirstLifeEnd::retirement_soh && !(floor < in.first_life.retirement_soh.value))
        errors.push_back({"second_life.floor_soh", num(floor) + " must be below first_life.retirement_soh (" +
                                                       num(in.first_life.retirement_soh.value) + ") fraction"});
    // The ranges of the two must not overlap either, or a tornado or Monte Carlo draw would cross them.
    if (in.first_life.end_by == FirstLifeEnd::retirement_soh &&
        !(in.second_life.floor_soh.high < in.first_life.retirement_soh.low))
        errors.push_back({"second_life.floor_soh.high",
                          num(in.second_life.floor_soh.high) + " must be below first_life.retirement_soh.low (" +
                              num(in.first_life.retirement_soh.low) + ") fraction"});
    // The first life cannot be asked to end below the floor it stops at.
    if (in.first_life.end_by == FirstLifeEnd::retirement_soh &&
        !(in.first_life.min_soh.value < in.first_life.retirement_soh.low))
        errors.push_back({"first_life.min_soh", num(in.first_life.min_soh.value) +
                                                    " must be below first_life.retirement_soh.low (" +
                                                    num(in.first_life.retirement_soh.low) + ") fraction"});
    // Dismantling to cells leaves less mass than dismantling to modules.
    if (!(in.recycling.cell_mass_share.high <= in.recycling.module_mass_share.low))
        errors.push_back({"recycling.cell_mass_share.high",
                          num(in.recycling.cell_mass_share.high) + " must not exceed recycling.module_mass_share.low (" +
                              num(in.recycling.module_mass_share.low) + ") fraction"});
    // The duties must be buildable: the degradation engine names the duty field it rejects.
    auto duty_error = [&](const std::string& error, const char* prefix,
                          std::initializer_list<std::pair<const char*, const char*>> paths) {
        if (error.empty()) return;
        std::string path = prefix;
        for (const auto& [field, scenario_path] : paths)
            if (error.find(std::string(".") + field + " ") != std::string::npos) path = scenario_path;
        errors.push_back({path, error});
    };
    duty_error(make_ev_duty(ev_duty_input(in.first_life)).error, "first_life",
               {{"km_per_year", "first_life.km_per_year"},
                {"range_km", "first_life.range_km"},
                {"usable_fraction", "first_life.usable_fraction"},
                {"fast_charge_share", "first_life.fast_charge_share"},
                {"temperature_c", "first_life.temperature_c"}});
    duty_error(make_stationary_duty(stationary_duty_input(in.second_life)).error, "second_life",
               {{"cycles_per_day", "second_life.cycles_per_year"},
                {"dod", "second_life.usable_window"},
                {"duration_h", "second_life.duration_h"},
                {"temperature_c", "second_life.temperature_c"}});
    return errors;
}

LifecycleResults evaluate_lifecycle(const LifecycleInput& in, LifecycleDetail detail) {
    LifecycleResults res;
    const Ctx x = make_ctx(in, in.pack.chemistry, in.pack.nominal_kwh.value, in.pack.damaged);
    const double r = x.rate;
    res.pack_mass_kg = x.mass_kg;
    append_fade_warnings(x, res.warnings);

    const FirstLife first = run_first_life(x, res.warnings);
    res.first_life_years = first.years;
    res.retirement_soh = first.soh;
    res.first_life_efc_per_year = x.ev_efc_per_year;

    EndOfLife eol =
        value_end_of_life(x, first.retired, first.soh, first.years, x.second_life_only ? nullptr : &first.phase, true);
    for (RecyclingProcess p : {RecyclingProcess::pyro, RecyclingProcess::hydro, RecyclingProcess::direct})
        res.recycling_options[idx(p)] = {p, eol.recycle_options[idx(p)].usd, eol.recycle_options[idx(p)].co2_kg};

    // The end-of-life decision.
    const std::array<RouteId, 3> eol_ids = {RouteId::recycle_now, RouteId::second_life, RouteId::remanufacture};
    const std::array<const RouteFlows*, 3> eol_flows = {&eol.recycle_now, &eol.second_life, &eol.remanufacture};
    std::array<double, 3> eol_npv{};
    for (std::size_t i = 0; i < 3; ++i) eol_npv[i] = npv(eol_flows[i]->cash, r);
    RouteId next = RouteId::recycle_now;
    const RouteId best = best_of(eol_ids, eol_npv, &next);
    const RouteFlows& best_flows = *eol_flows[static_cast<std::size_t>(best) - 2];
    res.best_route = route_ids[static_cast<std::size_t>(best)];
    res.next_best_route = route_ids[static_cast<std::size_t>(next)];
    res.margin_usd = eol_npv[static_cast<std::size_t>(best) - 2] - eol_npv[static_cast<std::size_t>(next) - 2];
    res.margin_usd_per_kwh = res.margin_usd / x.kwh;

    // Deploy into an EV: sold at the EV pack price, taken back at retirement into the best end-of-life route.
    RouteFlows ev;
    const double price_mult = in.market.pack_price_multiplier.value;
    ev.cash = {x.chem->ev_pack_price_usd_per_kwh.value * price_mult * x.kwh};
    ev.cash.reserve(static_cast<std::size_t>(std::ceil(first.years)) + best_flows.cash.size() + 1);
    for (std::size_t k = 0; k < best_flows.cash.size(); ++k)
        add(ev, first.years + static_cast<double>(k), best_flows.cash[k], r);
    ev.co2_kg = x.chem->co2_p50_kg_per_kwh.value * x.kwh + best_flows.co2_kg;
    ev.soh.years.reserve(first.phase.t.size() + best_flows.soh.years.size());
    ev.soh.soh.reserve(first.phase.t.size() + best_flows.soh.years.size());
    add_phase_trajectory(ev.soh, first.phase, 0.0);
    for (std::size_t k = 0; k < best_flows.soh.years.size(); ++k) {
        if (k == 0) continue;  // the retirement point is already there
        ev.soh.years.push_back(first.years + best_flows.soh.years[k]);
        ev.soh.soh.push_back(best_flows.soh.soh[k]);
    }

    // Deploy straight into stationary storage: sold at the stationary pack price, run under the second-life
    // duty from new until the floor SoH or the new-ESS life, then recycled.
    RouteFlows ess;
    ess.cash = {x.chem->ess_pack_price_usd_per_kwh.value * price_mult * x.kwh};
    {
        const PackTrack track = stationary_track(x, new_pack(x));
        // Its value needs only the phase's end; the yearly SoH is for the full detail's trajectory.
        const auto soh_at = [&](double t) { return track.soh_at(t); };
        const double floor = in.second_life.floor_soh.value, life = in.market.new_ess_life_years.value;
        const Phase ph = detail == LifecycleDetail::full ? run_phase(soh_at, floor, life)
                                                         : run_phase_ends(soh_at, floor, life);
        const Money end = recycle_pack(x, x.process, ph.end_years, true, in.transport.recycler_distance_miles.value);
        add(ess, ph.end_years, end.usd, r);
        ess.co2_kg = x.chem->co2_p50_kg_per_kwh.value * x.kwh + end.co2_kg;
        add_phase_trajectory(ess.soh, ph, 0.0);
    }

    res.routes.reserve(5);
    const double ev_npv = npv(ev.cash, r), ess_npv = npv(ess.cash, r);
    res.routes.push_back(make_route(RouteId::deploy_ev, std::move(ev), x.kwh, ev_npv));
    res.routes.push_back(make_route(RouteId::deploy_ess, std::move(ess), x.kwh, ess_npv));
    res.routes.push_back(make_route(RouteId::recycle_now, std::move(eol.recycle_now), x.kwh, eol_npv[0]));
    res.routes.push_back(make_route(RouteId::second_life, std::move(eol.second_life), x.kwh, eol_npv[1]));
    res.routes.push_back(make_route(RouteId::remanufacture, std::move(eol.remanufacture), x.kwh, eol_npv[2]));
    res.best_deploy_route = res.routes[0].npv_usd >= res.routes[1].npv_usd ? route_ids[0] : route_ids[1];

    const double recycle_now_usd = res.route(RouteId::recycle_now).npv_usd;
    if (recycle_now_usd < 0.0) {
        char buf[200];
        std::snprintf(buf, sizeof buf,
                      "recycle_now: recycling this pack costs $%.0f, a gate fee of $%.2f/kg (a valid result for "
                      "low-value chemistries such as LFP and Na-ion)",
                      -recycle_now_usd, -recycle_now_usd / x.mass_kg);
        res.warnings.push_back(buf);
    }

    // Second-life figures.
    res.second_life_years = eol.second_life_phase.end_years;
    res.max_buy_price_usd_per_kwh = res.route(RouteId::second_life).npv_usd_per_kwh;
    if (x.damaged)
        res.warnings.push_back("second_life, remanufacture: a damaged pack is not reused; both equal recycle_now");
    else if (!eol.remanufacture_possible)
        res.warnings.push_back("remanufacture: the retirement SoH is at or below remanufacture.min_soh; it equals "
                               "recycle_now");
    if (!eol.second_life_possible) {
        if (!in.second_life.permitted)
            res.warnings.push_back("second_life: the scenario's rules do not permit it (second_life.permitted is "
                                   "false); it equals recycle_now");
        else if (!x.damaged)
            res.warnings.push_back("second_life: the retirement SoH is at or below second_life.floor_soh; it "
                                   "equals recycle_now");
        return res;
    }
    if (eol.co2_breakeven_years >= 0.0) res.co2_breakeven_second_life_years = eol.co2_breakeven_years;
    res.second_life_revenue_stack = std::move(eol.second_life_stack);
    if (detail == LifecycleDetail::routes) return res;
    const SecondLifeInput& sl = in.second_life;
    const double pass = sl.pass_rate.value;
    // The pack changes hands at its recycle-now value (its first owner's alternative), or for nothing when
    // recycling it would cost a gate fee.
    const double purchase = std::max(recycle_now_usd, 0.0);
    if (pass > 0.0 && eol.second_life_usable_kwh > 0.0) {
        const double repurposing_only = (sl.repurposing_usd_per_kwh.value * x.kwh * first.soh) *
                                        (1.0 + sl.warranty_reserve_fraction.value);
        res.repurposed_cost_usd_per_kwh =
            (purchase - eol.second_life_pre_costs_usd - (1.0 - pass) * eol.second_life_fail_usd +
             pass * repurposing_only) /
            (pass * eol.second_life_usable_kwh);

        // The chain's LCOS, with the cash flows' own timing: per passing pack, the pack at its recycle-now
        // value (the first owner's alternative; negative when recycling costs a gate fee), the pre-costs and
        // the failed packs' recycling shared over the packs that pass, repurposing, integration, warranty,
        // O&M, charging and the deferred recycling. With it, second life beats recycling now only if
        // LCOS_sl < LCOS_new (MODEL.md §4): NPV_sl − NPV_recycle_now <= pass × (LCOS_new − LCOS_sl) × Σ E_t d_t.
        if (eol.second_life_discharged_pv_kwh > 0.0) {
            const double capex = (recycle_now_usd - eol.second_life_pre_costs_usd - (1.0 - pass) * eol.second_life_fail_usd) / pass +
                                 eol.second_life_capex_usd;
            const double end = eol.second_life_end_usd * discount_factor(r, eol.second_life_phase.end_years);
            res.second_life_lcos_usd_per_mwh =
                (capex + eol.second_life_operating_cost_pv_usd - end) / eol.second_life_discharged_pv_kwh * 1000.0;
        }
    }
    res.new_ess_lcos_usd_per_mwh = eol.new_storage.lcos_usd_per_mwh;
    {
        const SecondLifeRevenueStack& st = res.second_life_revenue_stack;
        char buf[240];
        std::snprintf(buf, sizeof buf,
                      "one retired %s pack of %.4g kWh at %.3f SoH; a passing pack's second life serves %.4g MWh "
                      "over %.3g years, credited with the new LFP storage that would serve the same",
                      x.chem->name, x.kwh, first.soh, st.discharged_kwh / 1000.0, res.second_life_years);
        res.functional_unit = buf;
    }
    return res;
}

RetiredPackValue value_retired_pack(const LifecycleInput& in, Chemistry c, double nominal_kwh, double soh,
                                    bool damaged) {
    const Ctx x = make_ctx(in, c, nominal_kwh, damaged);
    RetiredPackValue out;
    out.mass_kg = x.mass_kg;
    // The fade state of a pack that reached this SoH under the scenario's EV duty. When the duty does not
    // fade it that far within the first-life horizon, the pack keeps the state at the horizon and the rest of
    // its loss is a uniform capacity offset (a harsher past than this duty): SoH = soh/q_h × q(t). A second-
    // life-only model starts from its own q = 1 at this SoH.
    Retired retired{initial_state(*x.model), soh};
    double years = x.in->first_life.years.value;
    Phase ph;
    if (!x.second_life_only) {
        const PackTrack ev = ev_track(x, new_pack(x));
        ph = run_phase([&](double t) { return ev.soh_at(t); }, soh, max_first_life_years);
        years = ph.end_years;
        retired = {ev.state_at(years), ph.reached_floor || !(ph.end_soh > 0.0) ? 1.0 : soh / ph.end_soh};
    }
    const EndOfLife e = value_end_of_life(x, retired, soh, years, x.second_life_only ? nullptr : &ph, false);
    out.recycle_now_usd = npv(e.recycle_now.cash, x.rate);
    out.second_life_usd = npv(e.second_life.cash, x.rate);
    out.remanufacture_usd = npv(e.remanufacture.cash, x.rate);
    out.reuse_possible = e.second_life_possible || e.remanufacture_possible;
    return out;
}

double residual_value_usd_per_kwh(const LifecycleInput& in) {
    const LifecycleResults r = evaluate_lifecycle(in);
    const RouteResult* best = nullptr;
    for (const RouteResult& route : r.routes)
        if (route.id == r.best_route) best = &route;
    return best->npv_usd_per_kwh * discount_factor(in.market.discount_rate.value, r.first_life_years);
}

}  // namespace packfolio
