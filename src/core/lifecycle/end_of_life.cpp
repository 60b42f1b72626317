// The end-of-life routes of a retired pack (docs/MODEL.md §4.2, §4.4, §4.5): one function per route, each
// filling its part of EndOfLife; value_end_of_life decides which routes are open and calls them.
#include "core/lifecycle/end_of_life.hpp"

#include <algorithm>

#include "core/lifecycle/fade_memo.hpp"

namespace packfolio::lifecycle_detail {

void add_phase_trajectory(SohTrajectory& out, const Phase& ph, double t0) {
    out.years.reserve(out.years.size() + ph.t.size());
    out.soh.reserve(out.soh.size() + ph.t.size());
    for (std::size_t k = 0; k < ph.t.size(); ++k) {
        if (!out.years.empty() && k == 0 && out.years.back() == t0 + ph.t[0]) continue;
        out.years.push_back(t0 + ph.t[k]);
        out.soh.push_back(ph.soh[k]);
    }
}

namespace {

// Recycle now, by each process; the route takes the scenario's process.
void value_recycle_now(const Ctx& x, double soh, bool inbound, EndOfLife& e) {
    const LifecycleInput& in = *x.in;
    const double to_recycler = inbound ? in.transport.recycler_distance_miles.value : 0.0;
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
    if (x.trajectories) {
        e.recycle_now.soh.years = {0.0};
        e.recycle_now.soh.soh = {soh};
    }
}

// The yearly operation of a passing pack over its second-life phase: the revenue stack, capped by what new
// storage charges for the same service, and the operating cash added to the route (π_s ×).
void run_second_life_years(const Ctx& x, double capex, double usable_kwh, EndOfLife& e) {
    const LifecycleInput& in = *x.in;
    const SecondLifeInput& sl = in.second_life;
    const double r = x.rate;
    const double pass = sl.pass_rate.value;
    RouteFlows& f = e.second_life;
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
}

// CO2 follows the service (MODEL.md §4): the second life displaces the manufacture of the new LFP system in
// the share of that system's lifetime discharged energy it delivers, and its charging losses beyond that
// system's are emitted at the grid intensity. No energy delivered, no credit. Also the CO2 break-even: the
// second-life years at which the CO2 saved by its delivered energy repays the repurposing and the extra
// shipment to the repurposer (the recycling leg and process are common to both routes).
void second_life_co2(const Ctx& x, double soh, const Money& inbound_ship, const Money& fail, const Money& end,
                     EndOfLife& e) {
    const LifecycleInput& in = *x.in;
    const SecondLifeInput& sl = in.second_life;
    const double pass = sl.pass_rate.value;
    const double rte = sl.round_trip_efficiency.value;
    const double rte_new = in.market.new_ess_round_trip_efficiency.value;
    const Phase& ph = e.second_life_phase;
    const NewStorage& ne = e.new_storage;
    const double retained_kwh = x.kwh * soh;
    const double new_footprint_kg = chemistry_data(Chemistry::lfp).co2_p50_kg_per_kwh.value * ne.nominal_kwh;
    const double displaced_per_kwh =
        ne.lifetime_discharged_kwh > 0.0 ? new_footprint_kg / ne.lifetime_discharged_kwh : 0.0;
    const double extra_loss_per_kwh = in.market.grid_intensity_kg_per_kwh.value * (1.0 / rte - 1.0 / rte_new);
    const double saved_per_kwh = displaced_per_kwh - extra_loss_per_kwh;
    const double repurposing_co2 = sl.repurposing_co2_kg_per_kwh.value * retained_kwh;
    e.second_life.co2_kg = inbound_ship.co2_kg + (1.0 - pass) * fail.co2_kg +
                           pass * (repurposing_co2 - saved_per_kwh * e.second_life_stack.discharged_kwh + end.co2_kg);

    const double fixed = repurposing_co2 + ship(x, x.mass_kg, in.transport.repurposer_distance_miles.value).co2_kg;
    const double kwh_per_capacity_year = sl.cycles_per_year.value * x.kwh * sl.usable_window.value * rte;
    const std::size_t years = ph.t.size() - 1;
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

// Second life (MODEL.md §4.4): screening, repurposing and integration at the start, then the stationary
// years, then the deferred recycling of the passing packs.
void value_second_life(const Ctx& x, const Retired& retired, double soh, const Money& inbound_ship,
                       const Money& fail, EndOfLife& e) {
    const LifecycleInput& in = *x.in;
    const SecondLifeInput& sl = in.second_life;
    const TransportInput& tr = in.transport;
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
    add(f, 0.0, pre + (1.0 - pass) * fail.usd - pass * (capex + warranty), x.rate);

    const auto key = [&] {
        return FadeKey(*x.model, x.stationary, retired.state, x.stationary_scalar, retired.soh_scale)
            .add(sl.floor_soh.value)
            .add(sl.max_years.value);
    };
    PhaseRun scratch;
    e.second_life_phase = run_stage(x, FadeStage::second_life, key, scratch, [&] {
                              const PackTrack track = stationary_track(x, retired);
                              PhaseRun pr;
                              pr.phase = run_phase([&](double t) { return track.soh_at(t); }, sl.floor_soh.value,
                                                  sl.max_years.value);
                              return pr;
                          }).phase;
    run_second_life_years(x, capex, usable_kwh, e);
    const Phase& ph = e.second_life_phase;
    const Money end = recycle_pack(x, x.process, ph.end_years, true, tr.recycler_distance_miles.value);
    e.second_life_end_usd = end.usd;
    add(f, ph.end_years, pass * end.usd, x.rate);
    second_life_co2(x, soh, inbound_ship, fail, end, e);
    if (x.trajectories) add_phase_trajectory(f.soh, ph, 0.0);
}

// Remanufacture (MODEL.md §4.5): the weakest modules replaced, the pack sold as a replacement EV pack, run
// until its end SoH or years, then recycled.
void value_remanufacture(const Ctx& x, const Retired& retired, double soh, double first_life_years,
                         const Phase* first_life, const Money& inbound_ship, const Money& fail, EndOfLife& e) {
    const LifecycleInput& in = *x.in;
    const RemanufactureInput& rm = in.remanufacture;
    const TransportInput& tr = in.transport;
    const double r = x.rate;
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

    // The replaced share follows a new pack's first-life track, which the key's EV stressors and scalar
    // decide; `first_life` only saves recomputing its yearly samples.
    const auto key = [&] {
        return FadeKey(*x.model, x.ev, retired.state, x.ev_scalar, retired.soh_scale)
            .add(share)
            .add(rm.end_soh.value)
            .add(rm.max_years.value);
    };
    PhaseRun scratch;
    const Phase& ph = run_stage(x, FadeStage::remanufacture, key, scratch, [&] {
                          const RemanufacturedTrack track(x, retired, share, first_life);
                          PhaseRun pr;
                          pr.phase = run_phase([&](double t) { return track.soh_at(t); }, rm.end_soh.value,
                                              rm.max_years.value);
                          return pr;
                      }).phase;
    const Money end = recycle_pack(x, x.process, ph.end_years, true, tr.recycler_distance_miles.value);
    add(f, ph.end_years, built * end.usd, r);
    // CO2: new modules are manufactured; the remanufactured pack displaces a new EV pack for its share of
    // a first life (capacity-years over first-life years).
    const double co2_per_kwh = x.chem->co2_p50_kg_per_kwh.value;
    const double displaced =
        first_life_years > 0.0 ? co2_per_kwh * x.kwh * total_capacity_years(ph) / first_life_years : 0.0;
    f.co2_kg = inbound_ship.co2_kg + (1.0 - built) * fail.co2_kg +
               built * (share * x.kwh * co2_per_kwh + old_ship.co2_kg + old_recycled.co2_kg -
                        std::min(displaced, co2_per_kwh * x.kwh) + end.co2_kg);
    if (x.trajectories) add_phase_trajectory(f.soh, ph, 0.0);
}

}  // namespace

EndOfLife value_end_of_life(const Ctx& x, const Retired& retired, double soh, double first_life_years,
                            const Phase* first_life, bool inbound) {
    const LifecycleInput& in = *x.in;
    const SecondLifeInput& sl = in.second_life;
    const TransportInput& tr = in.transport;
    EndOfLife e;
    value_recycle_now(x, soh, inbound, e);

    // Each route has its own eligibility: the second-life floor does not decide remanufacture.
    e.second_life_possible = sl.permitted && !x.damaged && soh > sl.floor_soh.value;
    e.remanufacture_possible = !x.damaged && soh > in.remanufacture.min_soh.value;
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
    if (e.second_life_possible) value_second_life(x, retired, soh, inbound_ship, fail, e);
    if (e.remanufacture_possible)
        value_remanufacture(x, retired, soh, first_life_years, first_life, inbound_ship, fail, e);
    return e;
}

}  // namespace packfolio::lifecycle_detail
