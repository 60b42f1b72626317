// Stationary operation and the new-storage alternative (docs/MODEL.md §4.4).
#include "core/lifecycle/stationary.hpp"

#include "core/lifecycle/fade_memo.hpp"
#include "core/lifecycle/fade_phase.hpp"

namespace packfolio::lifecycle_detail {

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

LcosTerms lcos_terms(std::size_t samples) {
    LcosTerms terms;
    terms.om_usd.reserve(samples);
    terms.charging_usd.reserve(samples);
    terms.discharged_kwh.reserve(samples);
    return terms;
}

NewStorage new_storage(const Ctx& x, double usable_kwh) {
    const LifecycleInput& in = *x.in;
    const SecondLifeInput& sl = in.second_life;
    NewStorage out;
    if (!(usable_kwh > 0.0)) return out;
    out.nominal_kwh = usable_kwh / sl.usable_window.value;
    Ctx lfp = make_ctx(in, Chemistry::lfp, out.nominal_kwh, false, false, &x);
    lfp.stationary_scalar = lfp.chem->stationary_calibration_scalar.value;  // a new system: no scenario multiplier
    const auto key = [&] {
        return FadeKey(*lfp.model, lfp.stationary, initial_state(*lfp.model), lfp.stationary_scalar, 1.0)
            .add(sl.floor_soh.value)
            .add(in.market.new_ess_life_years.value);
    };
    PhaseRun scratch;
    const Phase& ph = run_stage(lfp, FadeStage::new_storage, key, scratch, [&] {
                          const PackTrack track = stationary_track(lfp, new_pack(lfp));
                          PhaseRun pr;
                          pr.phase = run_phase([&](double t) { return track.soh_at(t); }, sl.floor_soh.value,
                                              in.market.new_ess_life_years.value);
                          return pr;
                      }).phase;
    const double rte = in.market.new_ess_round_trip_efficiency.value;
    // The LCOS itself is a figure of the full detail only (the one that records trajectories); the cap on
    // second-life revenue needs only the fixed cost per usable kWh-year.
    const bool lcos = x.trajectories;
    LcosTerms terms = lcos ? lcos_terms(ph.t.size()) : LcosTerms{};
    terms.capex_usd = in.market.new_ess_system_price_usd_per_kwh.value * usable_kwh;
    const double om = sl.om_fraction_of_capex_per_year.value * terms.capex_usd;
    double fixed_pv = terms.capex_usd, usable_pv = 0.0, d = 1.0;
    for (std::size_t k = 1; k < ph.t.size(); ++k) {
        const StationaryYear y = stationary_year(sl, in.market, lfp.kwh, capacity_years(ph, k), rte, 1.0);
        d /= 1.0 + x.rate;  // year k, as lcos_usd_per_mwh discounts it
        const double om_usd = om * (ph.t[k] - ph.t[k - 1]);
        if (lcos) {
            terms.discharged_kwh.push_back(y.discharged_kwh);
            terms.om_usd.push_back(om_usd);
            terms.charging_usd.push_back(y.charging_usd);
        }
        fixed_pv += om_usd * d;
        usable_pv += y.usable_kwh_years * d;
        out.lifetime_discharged_kwh += y.discharged_kwh;
    }
    terms.end_of_life_cost_usd =
        -recycle_pack(lfp, lfp.process, ph.end_years, true, in.transport.recycler_distance_miles.value).usd;
    fixed_pv += terms.end_of_life_cost_usd * d / (1.0 + x.rate);  // year N + 1
    out.fixed_usd_per_usable_kwh_year = usable_pv > 0.0 ? fixed_pv / usable_pv : 0.0;
    if (lcos) out.lcos_usd_per_mwh = lcos_usd_per_mwh(terms, x.rate);
    return out;
}

}  // namespace packfolio::lifecycle_detail
