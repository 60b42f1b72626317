#include "core/lifecycle.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <string_view>
#include <utility>

#include "core/degradation.hpp"
#include "core/finance.hpp"
#include "core/lifecycle/end_of_life.hpp"
#include "core/lifecycle/fade_memo.hpp"
#include "core/lifecycle/fade_phase.hpp"
#include "core/lifecycle/pack_context.hpp"
#include "core/lifecycle/stationary.hpp"

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
//     life in capacity-years; recycling earns the primary material it displaces, per material recovered
//     (docs/MODEL.md §4.2).
//
// Where the pieces live (src/core/lifecycle/, internal): pack_context (what an evaluation reads once, shipping
// and recycling), fade_phase (yearly phases and fade tracks), stationary (a year of storage operation and
// the new-storage alternative), end_of_life (the three end-of-life routes). This file runs the first life,
// the deploy routes and the decision, and holds the public API.

namespace packfolio {

using namespace lifecycle_detail;

namespace {

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
// The trajectory is the memo's when the evaluation has one (no copy), else held here: not copyable.
struct FirstLife {
    double years = 0.0;
    double soh = 1.0;
    Retired retired;
    const Phase* phase = nullptr;
    PhaseRun own;

    FirstLife() = default;
    FirstLife(const FirstLife&) = delete;
    FirstLife& operator=(const FirstLife&) = delete;
};

// `warnings`: where to say that the first life ended otherwise than asked; nullptr: not wanted.
void run_first_life(const Ctx& x, std::vector<std::string>* warnings, FirstLife& out) {
    const FirstLifeInput& fl = x.in->first_life;
    if (x.second_life_only) {
        // No model of the first life: both ends are inputs (end_by = years keeps the model's own start).
        out.years = fl.years.value;
        out.soh = fl.end_by == FirstLifeEnd::retirement_soh ? fl.retirement_soh.value : x.model->start_fraction_of_new;
        out.retired = {initial_state(*x.model), out.soh};
        Phase& ph = out.own.phase;
        ph.t = {0.0, out.years};
        ph.soh = {1.0, out.soh};
        ph.end_years = out.years;
        ph.end_soh = out.soh;
        out.phase = &ph;
        return;
    }
    // The first life ends at the retirement SoH, or at its years or the floor min_soh, whichever is first.
    const bool to_soh = fl.end_by == FirstLifeEnd::retirement_soh;
    const auto key = [&] {
        FadeKey k(*x.model, x.ev, initial_state(*x.model), x.ev_scalar, 1.0);
        if (to_soh) return k.add(1.0).add(fl.retirement_soh.value);
        return k.add(0.0).add(fl.min_soh.value).add(fl.years.value);
    };
    const PhaseRun& run = run_stage(x, FadeStage::first_life, key, out.own, [&] {
        const PackTrack track = ev_track(x, new_pack(x));
        PhaseRun pr;
        pr.phase = to_soh ? run_phase([&](double t) { return track.soh_at(t); }, fl.retirement_soh.value, max_first_life_years)
                         : run_phase([&](double t) { return track.soh_at(t); }, fl.min_soh.value, fl.years.value);
        pr.end_state = track.state_at(pr.phase.end_years);
        return pr;
    });
    const Phase& ph = run.phase;
    out.phase = &ph;
    if (warnings != nullptr && to_soh) {
        if (!ph.reached_floor) {
            char buf[200];
            std::snprintf(buf, sizeof buf,
                          "first_life: the pack is still at %.3f SoH after %.0f years, above "
                          "first_life.retirement_soh %.3f; it is retired then, at %.3f SoH",
                          ph.end_soh, max_first_life_years, fl.retirement_soh.value, ph.end_soh);
            warnings->push_back(buf);
        }
    } else if (warnings != nullptr) {
        // A pack cannot fade to nothing in a car: the first life stops at the physical floor min_soh.
        if (ph.reached_floor) {
            char buf[220];
            std::snprintf(buf, sizeof buf,
                          "first_life: the pack falls to first_life.min_soh %.3f after %.1f years, before "
                          "first_life.years %.1f; it is retired then, at %.3f SoH",
                          fl.min_soh.value, ph.end_years, fl.years.value, ph.end_soh);
            warnings->push_back(buf);
        }
    }
    out.years = ph.end_years;
    out.soh = ph.end_soh;
    out.retired = {run.end_state, 1.0};
}

RouteId best_of(const std::array<RouteId, 3>& ids, const std::array<double, 3>& npvs, RouteId* second) {
    std::array<std::size_t, 3> order = {0, 1, 2};
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return npvs[a] > npvs[b]; });
    *second = ids[order[1]];
    return ids[order[0]];
}

// Deploy into an EV: sold at the EV pack price, taken back at retirement into the best end-of-life route.
RouteFlows deploy_ev(const Ctx& x, const FirstLife& first, const RouteFlows& best) {
    RouteFlows ev;
    const double r = x.rate;
    ev.cash = {x.chem->ev_pack_price_usd_per_kwh.value * x.in->market.pack_price_multiplier.value * x.kwh};
    ev.cash.reserve(static_cast<std::size_t>(std::ceil(first.years)) + best.cash.size() + 1);
    for (std::size_t k = 0; k < best.cash.size(); ++k) add(ev, first.years + static_cast<double>(k), best.cash[k], r);
    ev.co2_kg = x.chem->co2_p50_kg_per_kwh.value * x.kwh + best.co2_kg;
    if (!x.trajectories) return ev;
    ev.soh.years.reserve(first.phase->t.size() + best.soh.years.size());
    ev.soh.soh.reserve(first.phase->t.size() + best.soh.years.size());
    add_phase_trajectory(ev.soh, *first.phase, 0.0);
    for (std::size_t k = 1; k < best.soh.years.size(); ++k) {  // the retirement point (k = 0) is already there
        ev.soh.years.push_back(first.years + best.soh.years[k]);
        ev.soh.soh.push_back(best.soh.soh[k]);
    }
    return ev;
}

// Deploy straight into stationary storage: sold at the stationary pack price, run under the second-life
// duty from new until the floor SoH or the new-ESS life, then recycled. Its value needs only the phase's
// end; the yearly SoH is for the full detail's trajectory.
RouteFlows deploy_ess(const Ctx& x, LifecycleDetail detail) {
    const LifecycleInput& in = *x.in;
    RouteFlows ess;
    ess.cash = {x.chem->ess_pack_price_usd_per_kwh.value * in.market.pack_price_multiplier.value * x.kwh};
    const double floor = in.second_life.floor_soh.value, life = in.market.new_ess_life_years.value;
    const bool yearly = detail == LifecycleDetail::full;
    const auto key = [&] {
        return FadeKey(*x.model, x.stationary, initial_state(*x.model), x.stationary_scalar, 1.0)
            .add(floor)
            .add(life)
            .add(yearly ? 1.0 : 0.0);
    };
    PhaseRun scratch;
    const Phase& ph = run_stage(x, FadeStage::deploy_ess, key, scratch, [&] {
                          const PackTrack track = stationary_track(x, new_pack(x));
                          const auto soh_at = [&](double t) { return track.soh_at(t); };
                          PhaseRun pr;
                          pr.phase = yearly ? run_phase(soh_at, floor, life) : run_phase_ends(soh_at, floor, life);
                          return pr;
                      }).phase;
    const Money end = recycle_pack(x, x.process, ph.end_years, true, in.transport.recycler_distance_miles.value);
    add(ess, ph.end_years, end.usd, x.rate);
    ess.co2_kg = x.chem->co2_p50_kg_per_kwh.value * x.kwh + end.co2_kg;
    if (x.trajectories) add_phase_trajectory(ess.soh, ph, 0.0);
    return ess;
}

// The warnings on the end-of-life routes: a gate fee, and a reuse route that is closed and why.
void append_end_of_life_warnings(const Ctx& x, const EndOfLife& eol, double recycle_now_usd,
                                 std::vector<std::string>& warnings) {
    if (recycle_now_usd < 0.0) {
        char buf[200];
        std::snprintf(buf, sizeof buf,
                      "recycle_now: recycling this pack costs $%.0f, a gate fee of $%.2f/kg (a valid result for "
                      "low-value chemistries such as LFP and Na-ion)",
                      -recycle_now_usd, -recycle_now_usd / x.mass_kg);
        warnings.push_back(buf);
    }
    if (x.damaged)
        warnings.push_back("second_life, remanufacture: a damaged pack is not reused; both equal recycle_now");
    else if (!eol.remanufacture_possible)
        warnings.push_back("remanufacture: the retirement SoH is at or below remanufacture.min_soh; it equals "
                           "recycle_now");
    if (eol.second_life_possible) return;
    if (!x.in->second_life.permitted)
        warnings.push_back("second_life: the scenario's rules do not permit it (second_life.permitted is "
                           "false); it equals recycle_now");
    else if (!x.damaged)
        warnings.push_back("second_life: the retirement SoH is at or below second_life.floor_soh; it "
                           "equals recycle_now");
}

// The full detail's comparison figures: the repurposed system's cost per usable kWh, the chain's LCOS and
// the new system's, and the functional unit.
void add_second_life_comparisons(const Ctx& x, const EndOfLife& eol, double retirement_soh, LifecycleResults& res) {
    const SecondLifeInput& sl = x.in->second_life;
    const double pass = sl.pass_rate.value;
    const double recycle_now_usd = res.route(RouteId::recycle_now).npv_usd;
    // The pack changes hands at its recycle-now value (its first owner's alternative), or for nothing when
    // recycling it would cost a gate fee.
    const double purchase = std::max(recycle_now_usd, 0.0);
    if (pass > 0.0 && eol.second_life_usable_kwh > 0.0) {
        const double repurposing_only = (sl.repurposing_usd_per_kwh.value * x.kwh * retirement_soh) *
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
            const double end = eol.second_life_end_usd * discount_factor(x.rate, eol.second_life_phase.end_years);
            res.second_life_lcos_usd_per_mwh =
                (capex + eol.second_life_operating_cost_pv_usd - end) / eol.second_life_discharged_pv_kwh * 1000.0;
        }
    }
    res.new_ess_lcos_usd_per_mwh = eol.new_storage.lcos_usd_per_mwh;
    const SecondLifeRevenueStack& st = res.second_life_revenue_stack;
    char buf[240];
    std::snprintf(buf, sizeof buf,
                  "one retired %s pack of %.4g kWh at %.3f SoH; a passing pack's second life serves %.4g MWh "
                  "over %.3g years, credited with the new LFP storage that would serve the same",
                  x.chem->name, x.kwh, retirement_soh, st.discharged_kwh / 1000.0, res.second_life_years);
    res.functional_unit = buf;
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

namespace {

LifecycleResults evaluate_with(const LifecycleInput& in, LifecycleDetail detail, FadeMemo* memo) {
    LifecycleResults res;
    Ctx x = make_ctx(in, in.pack.chemistry, in.pack.nominal_kwh.value, in.pack.damaged, true, nullptr, memo);
    x.trajectories = detail == LifecycleDetail::full;
    const double r = x.rate;
    res.pack_mass_kg = x.mass_kg;
    const bool warn = detail != LifecycleDetail::values;
    if (warn) append_fade_warnings(x, res.warnings);

    FirstLife first;
    run_first_life(x, warn ? &res.warnings : nullptr, first);
    res.first_life_years = first.years;
    res.retirement_soh = first.soh;
    res.first_life_efc_per_year = x.ev_efc_per_year;

    EndOfLife eol =
        value_end_of_life(x, first.retired, first.soh, first.years, x.second_life_only ? nullptr : first.phase, true);
    for (RecyclingProcess p : {RecyclingProcess::pyro, RecyclingProcess::hydro, RecyclingProcess::direct})
        res.recycling_options[idx(p)] = {p, eol.recycle_options[idx(p)].usd, eol.recycle_options[idx(p)].co2_kg};

    // The end-of-life decision.
    const std::array<RouteId, 3> eol_ids = {RouteId::recycle_now, RouteId::second_life, RouteId::remanufacture};
    const std::array<const RouteFlows*, 3> eol_flows = {&eol.recycle_now, &eol.second_life, &eol.remanufacture};
    std::array<double, 3> eol_npv{};
    for (std::size_t i = 0; i < 3; ++i) eol_npv[i] = npv(eol_flows[i]->cash, r);
    RouteId next = RouteId::recycle_now;
    const RouteId best = best_of(eol_ids, eol_npv, &next);
    res.best_route = route_ids[static_cast<std::size_t>(best)];
    res.next_best_route = route_ids[static_cast<std::size_t>(next)];
    res.margin_usd = eol_npv[static_cast<std::size_t>(best) - 2] - eol_npv[static_cast<std::size_t>(next) - 2];
    res.margin_usd_per_kwh = res.margin_usd / x.kwh;

    RouteFlows ev = deploy_ev(x, first, *eol_flows[static_cast<std::size_t>(best) - 2]);
    RouteFlows ess = deploy_ess(x, detail);
    res.routes.reserve(5);
    const double ev_npv = npv(ev.cash, r), ess_npv = npv(ess.cash, r);
    res.routes.push_back(make_route(RouteId::deploy_ev, std::move(ev), x.kwh, ev_npv));
    res.routes.push_back(make_route(RouteId::deploy_ess, std::move(ess), x.kwh, ess_npv));
    res.routes.push_back(make_route(RouteId::recycle_now, std::move(eol.recycle_now), x.kwh, eol_npv[0]));
    res.routes.push_back(make_route(RouteId::second_life, std::move(eol.second_life), x.kwh, eol_npv[1]));
    res.routes.push_back(make_route(RouteId::remanufacture, std::move(eol.remanufacture), x.kwh, eol_npv[2]));
    res.best_deploy_route = res.routes[0].npv_usd >= res.routes[1].npv_usd ? route_ids[0] : route_ids[1];
    if (warn) append_end_of_life_warnings(x, eol, res.route(RouteId::recycle_now).npv_usd, res.warnings);

    // Second-life figures.
    res.second_life_years = eol.second_life_phase.end_years;
    res.max_buy_price_usd_per_kwh = res.route(RouteId::second_life).npv_usd_per_kwh;
    if (!eol.second_life_possible) return res;
    if (eol.co2_breakeven_years >= 0.0) res.co2_breakeven_second_life_years = eol.co2_breakeven_years;
    res.second_life_revenue_stack = std::move(eol.second_life_stack);
    if (detail == LifecycleDetail::full) add_second_life_comparisons(x, eol, first.soh, res);
    return res;
}

}  // namespace

LifecycleResults evaluate_lifecycle(const LifecycleInput& in, LifecycleDetail detail) {
    return evaluate_with(in, detail, nullptr);
}

// ---- incremental evaluation ----

std::vector<std::string> fade_stage_inputs(FadeStage stage, const LifecycleInput& in) {
    // What each stage's key holds (pack_context.cpp, lifecycle.cpp, end_of_life.cpp, stationary.cpp): the
    // duty that builds its stressors, its scalars, its floor and horizon, and the state it starts from.
    using Paths = std::vector<std::string>;
    const bool to_soh = in.first_life.end_by == FirstLifeEnd::retirement_soh;
    const bool modelled = fade_model_of(chemistry_data(in.pack.chemistry)).start_fraction_of_new >= 1.0;
    const Paths ev_duty = {"first_life.km_per_year", "first_life.range_km", "first_life.usable_fraction",
                           "first_life.fast_charge_share", "first_life.temperature_c"};
    const Paths stationary_duty = {"second_life.cycles_per_year", "second_life.usable_window",
                                   "second_life.duration_h", "second_life.temperature_c"};
    const Paths first_life_end = to_soh ? Paths{"first_life.retirement_soh"} : Paths{"first_life.min_soh", "first_life.years"};
    // Where the second life and remanufacture start: the end of the modelled first life, or (a model of the
    // second life only) the retirement SoH as given, when the first life ends at it.
    Paths retired;
    if (modelled) {
        retired = ev_duty;
        retired.push_back("pack.fade_multiplier");
        retired.insert(retired.end(), first_life_end.begin(), first_life_end.end());
    } else if (to_soh) {
        retired = {"first_life.retirement_soh"};
    }
    Paths out;
    auto take = [&](const Paths& paths) { out.insert(out.end(), paths.begin(), paths.end()); };
    switch (stage) {
        case FadeStage::ev_duty: take(ev_duty); break;
        case FadeStage::stationary_duty: take(stationary_duty); break;
        case FadeStage::first_life:
            take(ev_duty);
            take(first_life_end);
            take({"pack.fade_multiplier"});
            break;
        case FadeStage::deploy_ess:
            take(stationary_duty);
            take({"pack.fade_multiplier", "second_life.floor_soh", "market.new_ess_life_years"});
            break;
        case FadeStage::second_life:
            take(retired);
            take(stationary_duty);
            take({"pack.fade_multiplier", "second_life.floor_soh", "second_life.max_years"});
            break;
        case FadeStage::remanufacture:  // the kept modules continue under the EV duty; the new share starts new
            take(retired);
            take(ev_duty);
            take({"pack.fade_multiplier", "remanufacture.replaced_module_share", "remanufacture.end_soh",
                  "remanufacture.max_years"});
            break;
        case FadeStage::new_storage:  // a new LFP system: its own calibration, no scenario fade multiplier
            take(stationary_duty);
            take({"second_life.floor_soh", "market.new_ess_life_years"});
            break;
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

LifecycleEvaluator::LifecycleEvaluator() : memo_(std::make_unique<FadeMemo>()) {}
LifecycleEvaluator::~LifecycleEvaluator() = default;
LifecycleEvaluator::LifecycleEvaluator(LifecycleEvaluator&&) noexcept = default;
LifecycleEvaluator& LifecycleEvaluator::operator=(LifecycleEvaluator&&) noexcept = default;

LifecycleResults LifecycleEvaluator::evaluate(const LifecycleInput& in, LifecycleDetail detail) {
    return evaluate_with(in, detail, memo_.get());
}

const FadeStageCounts& LifecycleEvaluator::counts() const { return memo_->counts; }

RetiredPackValue value_retired_pack(const LifecycleInput& in, Chemistry c, double nominal_kwh, double soh,
                                    bool damaged) {
    Ctx x = make_ctx(in, c, nominal_kwh, damaged);
    x.trajectories = false;  // values only
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
