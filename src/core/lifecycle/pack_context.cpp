// The pack context and the shipping and recycling of a pack (docs/MODEL.md §4.1, §4.2).
#include "core/lifecycle/pack_context.hpp"

#include "core/lifecycle/fade_memo.hpp"

#include <cmath>
#include <string_view>
#include <utility>

namespace packfolio::lifecycle_detail {

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

Ctx make_ctx(const LifecycleInput& in, Chemistry c, double kwh, bool damaged, bool with_ev, const Ctx* same_duty,
             FadeMemo* memo) {
    Ctx x;
    x.in = &in;
    x.memo = memo;
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
    if (same_duty != nullptr) x.memo = same_duty->memo;
    if (with_ev) {
        const EvDutyInput input = ev_duty_input(in.first_life);
        const auto run = [&] {
            const EvDuty ev = make_ev_duty(input);
            DutyRun d;
            d.stressors = compute_stressors(*x.model, ev.day);  // an empty day (error) gives invalid stressors: no fade
            d.fade_scalar_multiplier = ev.fade_scalar_multiplier;
            d.efc_per_year = ev.efc_per_year;
            d.error = ev.error;
            return d;
        };
        const auto key = [&] {
            return FadeKey()
                .add(static_cast<double>(x.model->kind))
                .add(input.km_per_year)
                .add(input.range_km)
                .add(input.usable_fraction)
                .add(input.fast_charge_share)
                .add(input.temperature_c);
        };
        DutyRun scratch;
        const DutyRun& ev = run_stage(x, FadeStage::ev_duty, key, scratch, run);
        x.ev_error = ev.error;
        x.ev = ev.stressors;
        x.ev_scalar = scalar * ev.fade_scalar_multiplier;
        x.ev_efc_per_year = ev.efc_per_year;
    }
    if (x.memo != nullptr) {
        // Through the memo the day is rebuilt on a miss rather than kept for a context of the same duty.
        const StationaryDutyInput input = stationary_duty_input(in.second_life);
        const auto key = [&] {
            return FadeKey()
                .add(static_cast<double>(x.model->kind))
                .add(input.cycles_per_day)
                .add(input.dod)
                .add(input.duration_h)
                .add(input.temperature_c);
        };
        DutyRun scratch;
        const DutyRun& st = run_stage(x, FadeStage::stationary_duty, key, scratch, [&] {
            const StationaryDuty duty = make_stationary_duty(input);
            DutyRun d;
            d.stressors = compute_stressors(*x.model, duty.day);
            d.error = duty.error;
            return d;
        });
        x.stationary_error = st.error;
        x.stationary = st.stressors;
    } else if (same_duty != nullptr) {
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
    append_warnings(*x.model, x.ev.warnings, "first_life: ", warnings);
    append_warnings(*x.model, x.stationary.warnings & ~fade_warning::generic_assumption, "second_life: ", warnings);
}

}  // namespace packfolio::lifecycle_detail
