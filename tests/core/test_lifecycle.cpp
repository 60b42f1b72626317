// The pack-lifecycle valuation (MODEL.md §4): hand-computed cases, properties, published ballparks and a
// seeded fuzz over the schema's ranges.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <set>
#include <string>

#include "core/finance.hpp"
#include "core/lifecycle.hpp"
#include "core/scenario_lifecycle.hpp"
#include "core/sources.hpp"

using namespace packfolio;

namespace {

const RouteResult& route(const LifecycleResults& r, RouteId id) { return r.route(id); }

LifecycleInput lfp_case() {
    LifecycleInput in;
    in.pack.chemistry = Chemistry::lfp;
    return in;
}

bool all_finite(const LifecycleResults& r) {
    auto ok = [](double x) { return std::isfinite(x); };
    for (const RouteResult& rt : r.routes) {
        if (!ok(rt.npv_usd) || !ok(rt.npv_usd_per_kwh) || !ok(rt.co2_kg)) return false;
        for (double c : rt.cash_usd_per_year)
            if (!ok(c)) return false;
        if (rt.soh.years.size() != rt.soh.soh.size() || rt.soh.years.empty()) return false;
        for (std::size_t k = 0; k < rt.soh.years.size(); ++k)
            if (!ok(rt.soh.years[k]) || !ok(rt.soh.soh[k]) || rt.soh.soh[k] < 0.0 || rt.soh.soh[k] > 1.0 + 1e-9)
                return false;
    }
    for (const RecyclingOption& o : r.recycling_options)
        if (!ok(o.npv_usd) || !ok(o.co2_kg)) return false;
    for (double x : {r.margin_usd, r.margin_usd_per_kwh, r.pack_mass_kg, r.retirement_soh, r.first_life_years,
                     r.first_life_efc_per_year, r.second_life_years, r.max_buy_price_usd_per_kwh,
                     r.repurposed_cost_usd_per_kwh})
        if (!ok(x)) return false;
    for (const auto* o : {&r.second_life_lcos_usd_per_mwh, &r.new_ess_lcos_usd_per_mwh, &r.co2_breakeven_second_life_years})
        if (o->has_value() && !ok(**o)) return false;
    return r.margin_usd >= 0.0 && r.routes.size() == 5;
}

}  // namespace

TEST_CASE("recycle value of a 75 kWh NMC811 pack at DATA.md prices, by hand", "[lifecycle]") {
    // Defaults: NMC811, 75 kWh, hydrometallurgical, dismantled to cells, 2025 prices LCE 10, Ni 15.5,
    // Co 33 $/kg, Cu 7.11, Al 1.12, graphite 0.20 $/kg [EVERBATT]; payables 0.72 on Li and on Ni+Co.
    // Recovered value per kWh (content × yield × price × payable):
    //   Li  0.093 × 5.323 × 10  × 0.90 × 0.72 = 3.20785272
    //   Ni  0.626 × 15.5        × 0.98 × 0.72 = 6.84643680
    //   Co  0.079 × 33          × 0.98 × 0.72 = 1.83949920
    //   Cu  0.6   × 7.11        × 0.90        = 3.83940000
    //   Al  0.6   × 1.12        × 0.90        = 0.60480000
    //   C   0.8   × 0.20        × 0.90        = 0.14400000
    //   sum 16.48198872 $/kWh × 75 kWh        = 1236.149154 $
    // Mass 4.99 × 75 = 374.25 kg. Process 2.4 $/kg × 374.25 = 898.20 $. Dismantling (EverBatt) 0.5 + 2 + 2 h
    // × $50 = 225 $. Transport 600 mi: packaging 0.589 × 374.25 = 220.43325 $, freight 1.834 × 600 × 374.25
    // / 10,000 = 41.18247 $, together 261.61572 $.
    // Net: 1236.149154 − 898.20 − 225 − 261.61572 = −148.666566 $ (−1.98 $/kWh; Lander 2021: −21..+22).
    const LifecycleInput in;
    const LifecycleResults r = evaluate_lifecycle(in);
    CHECK(r.pack_mass_kg == Approx(374.25));
    CHECK(route(r, RouteId::recycle_now).npv_usd == Approx(-148.666566).margin(0.005));
    CHECK(route(r, RouteId::recycle_now).npv_usd_per_kwh == Approx(-148.666566 / 75).margin(1e-4));
    // Pyro: no Li, Al or graphite: (6.8464368 + 1.8394992 + 3.8394) × 75 = 939.4002 $; cost 3.4 × 374.25
    // = 1272.45 $ → 939.4002 − 1272.45 − 225 − 261.61572 = −819.66552 $.
    CHECK(r.recycling_options[0].npv_usd == Approx(-819.66552).margin(0.005));
    // Direct: everything at 90 %: (0.093×5.323×10×0.72 + 0.626×15.5×0.72 + 0.079×33×0.72 + 0.6×7.11 + 0.6×1.12
    // + 0.8×0.2) × 0.9 = 15.77293272 $/kWh → 1182.969954 − 2.1 × 374.25 − 225 − 261.61572 = −89.570766 $.
    CHECK(r.recycling_options[2].npv_usd == Approx(-89.570766).margin(0.005));
    CHECK(r.recycling_options[1].npv_usd == route(r, RouteId::recycle_now).npv_usd);
    // CO2: hydro 2.0 kg/kg × 374.25 + truck 0.37425 t × 965.6064 km × 0.1 − 0.51 × 74 × 75 = −2045.862 kg.
    CHECK(route(r, RouteId::recycle_now).co2_kg == Approx(-2045.86218).margin(1e-3));
    // Without the inbound leg (what logistics adds itself): −148.666566 + 261.61572 = 112.949154 $.
    const RetiredPackValue v = value_retired_pack(in, Chemistry::nmc811, 75.0, 0.75, false);
    CHECK(v.recycle_now_usd == Approx(112.949154).margin(0.005));
    CHECK(v.mass_kg == Approx(374.25));
}

TEST_CASE("second life: the upfront cash by hand", "[lifecycle]") {
    // Retirement at SoH 0.75 (end_by = retirement_soh), 75 kWh NMC811. Per pack entering screening:
    //   inbound 100 mi: 0.589 × 374.25 + 1.834 × 100 × 374.25 / 10,000 = 227.296995 $; removal 0.5 h × $50
    //   = 25 $; screening 100 $ → −352.296995 $.
    //   A failing pack (50 %): shipped 600 mi (−261.61572 $) and recycled without the removal step:
    //   1236.149154 − 898.20 − 4 h × $50 = 137.949154 → −123.666566 $.
    //   A passing pack (50 %): repurposing 35.1 $/kWh × 56.25 retained kWh = 1974.375 $; integration 50 $/kWh
    //   × 45 usable kWh (× 0.8 window) = 2250 $; warranty 5 % = 211.21875 $ → −4435.59375 $.
    //   cash[0] = −352.296995 + 0.5 × (−123.666566) − 0.5 × 4435.59375 = −2631.927153 $.
    LifecycleInput in;
    in.first_life.end_by = FirstLifeEnd::retirement_soh;
    in.first_life.temperature_c = 35.0;  // a warm climate, so the pack reaches 0.75 well within 30 years
    const LifecycleResults r = evaluate_lifecycle(in);
    REQUIRE(r.first_life_years < 25.0);
    REQUIRE(r.retirement_soh == Approx(0.75).margin(1e-9));
    CHECK(route(r, RouteId::second_life).cash_usd_per_year.at(0) == Approx(-2631.927153).margin(0.005));
}

TEST_CASE("routes hang together", "[lifecycle]") {
    for (Chemistry c : {Chemistry::nmc811, Chemistry::lfp, Chemistry::nca}) {
        LifecycleInput in;
        in.pack.chemistry = c;
        const LifecycleResults r = evaluate_lifecycle(in);
        INFO(chemistry_names[static_cast<std::size_t>(c)]);
        REQUIRE(all_finite(r));
        for (std::size_t i = 0; i < 5; ++i) {
            CHECK(r.routes[i].id == route_ids[i]);
            // Each route's NPV is the NPV of its own yearly table.
            CHECK(r.routes[i].npv_usd == Approx(npv(r.routes[i].cash_usd_per_year, 0.08)).epsilon(1e-12));
        }
        // The decision is the best of the three end-of-life routes, with a margin to the next.
        const double best = std::max({route(r, RouteId::recycle_now).npv_usd, route(r, RouteId::second_life).npv_usd,
                                      route(r, RouteId::remanufacture).npv_usd});
        for (const RouteResult& rt : r.routes)
            if (rt.id == r.best_route) CHECK(rt.npv_usd == best);
        CHECK(r.best_route != r.next_best_route);
        // Deploy into an EV = sale at the EV pack price + the best end-of-life NPV discounted over the first life.
        const ChemistryData& d = chemistry_data(c);
        CHECK(route(r, RouteId::deploy_ev).npv_usd ==
              Approx(d.ev_pack_price_usd_per_kwh.value * 75 + best * std::pow(1.08, -r.first_life_years)).epsilon(1e-9));
        // The residual value is the same discounted best end-of-life value, per kWh.
        CHECK(residual_value_usd_per_kwh(in) == Approx(best / 75 * std::pow(1.08, -r.first_life_years)).epsilon(1e-9));
        // The max buy price is the second-life NPV per kWh.
        CHECK(r.max_buy_price_usd_per_kwh == Approx(route(r, RouteId::second_life).npv_usd_per_kwh));
        // Second life ends at the floor or after its maximum years.
        CHECK(r.second_life_years <= in.second_life.max_years.value + 1e-9);
        CHECK(route(r, RouteId::second_life).soh.soh.back() >= in.second_life.floor_soh.value - 1e-6);
        // value_retired_pack agrees with evaluate_lifecycle once the inbound legs are put back.
        const RetiredPackValue v = value_retired_pack(in, c, 75.0, r.retirement_soh, false);
        CHECK(v.reuse_possible);
        const double to_recycler = -(0.589 + 1.834 * 600 / 10000) * r.pack_mass_kg;
        const double to_repurposer = -(0.589 + 1.834 * 100 / 10000) * r.pack_mass_kg;
        CHECK(v.recycle_now_usd + to_recycler == Approx(route(r, RouteId::recycle_now).npv_usd).margin(1e-6));
        // (The pack's fade state is found again from its SoH, to the root finder's 1e-5 years: cents.)
        CHECK(v.second_life_usd + to_repurposer == Approx(route(r, RouteId::second_life).npv_usd).margin(0.05));
        CHECK(v.remanufacture_usd + to_repurposer == Approx(route(r, RouteId::remanufacture).npv_usd).margin(0.05));
    }
}

TEST_CASE("damaged packs and packs below the floor are not reused", "[lifecycle]") {
    LifecycleInput in;
    in.pack.damaged = true;
    const LifecycleResults r = evaluate_lifecycle(in);
    CHECK(route(r, RouteId::second_life).npv_usd == route(r, RouteId::recycle_now).npv_usd);
    CHECK(route(r, RouteId::remanufacture).npv_usd == route(r, RouteId::recycle_now).npv_usd);
    CHECK(r.best_route == "recycle_now");
    CHECK_FALSE(r.warnings.empty());
    // Damaged packaging: × 5 on 0.589 $/kg → 4 × 220.43325 = 881.733 $ more than an intact pack.
    const LifecycleResults intact = evaluate_lifecycle(LifecycleInput{});
    CHECK(route(intact, RouteId::recycle_now).npv_usd - route(r, RouteId::recycle_now).npv_usd ==
          Approx(4 * 220.43325).margin(1e-6));
    const RetiredPackValue v = value_retired_pack(LifecycleInput{}, Chemistry::nmc811, 75.0, 0.55, false);
    CHECK_FALSE(v.reuse_possible);
    CHECK(v.second_life_usd == v.recycle_now_usd);
}

TEST_CASE("property: a dearer lithium carbonate never lowers recycle_now", "[lifecycle]") {
    for (std::size_t c = 0; c < chemistry_count; ++c) {
        for (RecyclingProcess p : {RecyclingProcess::pyro, RecyclingProcess::hydro, RecyclingProcess::direct}) {
            LifecycleInput in;
            in.pack.chemistry = static_cast<Chemistry>(c);
            in.recycling.process = p;
            double previous = -1e300;
            for (double lce = 0.0; lce <= 100.0; lce += 2.5) {
                in.market.metal_prices_usd_per_kg.lithium_carbonate.value = lce;
                const double v = value_retired_pack(in, in.pack.chemistry, 75.0, 0.75, false).recycle_now_usd;
                CHECK(v >= previous);
                previous = v;
            }
        }
    }
    // ... and it rises strictly where lithium is recovered and paid for: +1 $/kg LCE on hydro NMC811 adds
    // 0.093 × 5.323 × 0.9 × 0.72 × 75 = 24.0589 $.
    LifecycleInput in;
    const double a = evaluate_lifecycle(in).route(RouteId::recycle_now).npv_usd;
    in.market.metal_prices_usd_per_kg.lithium_carbonate.value += 1.0;
    const double b = evaluate_lifecycle(in).route(RouteId::recycle_now).npv_usd;
    CHECK(b - a == Approx(0.093 * 5.323 * 0.9 * 0.72 * 75).margin(1e-9));
}

TEST_CASE("property: a higher retirement SoH never lowers second_life", "[lifecycle]") {
    // Holds wherever a retained kWh in second life is worth more than it costs, which is when second life is
    // chosen at all: if it loses money per kWh, more kWh lose more. The cases below earn per kWh (the
    // second-life NPV per passing pack is positive at the lowest SoH tried): PJM's capacity price, the ERCOT
    // 1-h spread of Sep 2024, flat revenue, and new storage dear enough that its price does not cap the
    // revenue (under the cap the value is the LCOS margin to new storage, which need not grow with SoH).
    for (Chemistry c : {Chemistry::nmc811, Chemistry::lfp, Chemistry::nca, Chemistry::nmc111}) {
        LifecycleInput in;
        in.pack.chemistry = c;
        in.second_life.capacity_value_usd_per_kw_year = 120.0;  // PJM capacity [PJM]
        in.second_life.arbitrage_spread_usd_per_mwh = 63.0;     // [MODO]
        in.second_life.revenue_decline_per_year = 0.0;
        in.market.new_ess_system_price_usd_per_kwh = 600.0;
        in.first_life.end_by = FirstLifeEnd::retirement_soh;
        double previous = -1e300;
        for (double soh = 0.62; soh <= 0.95; soh += 0.01) {
            in.first_life.retirement_soh = soh;
            const LifecycleResults r = evaluate_lifecycle(in);
            const double v = route(r, RouteId::second_life).npv_usd;
            INFO(chemistry_names[static_cast<std::size_t>(c)] << " SoH " << soh);
            CHECK(v >= previous - 1e-9);
            previous = v;
            // value_retired_pack, the form logistics uses, obeys it too.
        }
        double prev_v = -1e300;
        for (double soh = 0.62; soh <= 0.95; soh += 0.01) {
            const double v = value_retired_pack(in, c, 75.0, soh, false).second_life_usd;
            CHECK(v >= prev_v - 1e-9);
            prev_v = v;
        }
    }
}

TEST_CASE("property: NPV falls as the discount rate rises for a route that only earns later", "[lifecycle]") {
    // Second life with high metal prices at its end and a capacity market: every flow after year 0 is an
    // income, so the NPV must fall with the rate. (New storage is dear here so that its LCOS, which rises
    // with the rate, does not cap the revenue.)
    LifecycleInput in;
    in.market.metal_prices_usd_per_kg.lithium_carbonate = 40.0;
    in.market.metal_prices_usd_per_kg.cobalt = 50.0;
    in.second_life.capacity_value_usd_per_kw_year = 120.0;
    in.market.new_ess_system_price_usd_per_kwh = 600.0;
    double previous = 1e300;
    for (double rate = 0.0; rate <= 0.20 + 1e-12; rate += 0.01) {
        in.market.discount_rate = rate;
        const LifecycleResults r = evaluate_lifecycle(in);
        const RouteResult& sl = route(r, RouteId::second_life);
        for (std::size_t t = 1; t < sl.cash_usd_per_year.size(); ++t) REQUIRE(sl.cash_usd_per_year[t] >= 0.0);
        CHECK(sl.npv_usd < previous);
        previous = sl.npv_usd;
    }
}

TEST_CASE("cross-field checks", "[lifecycle]") {
    LifecycleInput in;
    CHECK(check_lifecycle(in).empty());
    in.first_life.end_by = FirstLifeEnd::retirement_soh;
    in.second_life.floor_soh = 0.8;  // above the 0.75 retirement SoH
    auto errors = check_lifecycle(in);
    REQUIRE_FALSE(errors.empty());
    CHECK(errors[0].path == "second_life.floor_soh");
    CHECK(errors[0].message.find("first_life.retirement_soh") != std::string::npos);
    // Retiring by years instead: the floor is then checked against the computed SoH, with a warning.
    in.first_life.end_by = FirstLifeEnd::years;
    CHECK(check_lifecycle(in).empty());
}

TEST_CASE("results serialise with the contract's keys", "[lifecycle]") {
    const LifecycleResults r = evaluate_lifecycle(LifecycleInput{});
    const nlohmann::json j = lifecycle_results_json(r);
    for (const char* key : {"routes", "best_route", "retirement_soh", "second_life_years", "max_buy_price_usd_per_kwh",
                            "warnings", "second_life_lcos_usd_per_mwh", "new_ess_lcos_usd_per_mwh",
                            "co2_breakeven_second_life_years", "first_life_years"})
        CHECK(j.contains(key));
    REQUIRE(j["routes"].size() == 5);
    std::set<std::string> ids;
    for (const auto& rt : j["routes"]) {
        ids.insert(rt["id"].get<std::string>());
        for (const char* key : {"id", "npv_usd", "npv_usd_per_kwh", "co2_kg", "cash_usd_per_year", "soh"})
            CHECK(rt.contains(key));
    }
    CHECK(ids == std::set<std::string>{"deploy_ev", "deploy_ess", "recycle_now", "second_life", "remanufacture"});
    const std::string csv = lifecycle_results_csv(r);
    CHECK(csv.rfind("metric,route,year,value\n", 0) == 0);
    CHECK(csv.find("npv_usd,recycle_now,,-148.66") != std::string::npos);
    CHECK(csv.find("best_route,,," + r.best_route) != std::string::npos);
}

TEST_CASE("every sourced default is listed once with its source", "[lifecycle]") {
    const std::vector<SourceEntry> all = all_sources();
    std::set<std::string> names;
    bool has_discount = false, has_lce = false;
    for (const SourceEntry& e : all) {
        INFO(e.name);
        CHECK(names.insert(e.name).second);
        CHECK(std::string(e.sourced.source).size() > 5);
        CHECK(std::string("ABCD").find(e.sourced.confidence) != std::string::npos);
        CHECK(std::isfinite(e.sourced.value));
        has_discount |= e.name.rfind("market.discount_rate", 0) == 0;
        has_lce |= e.name.rfind("market.metal_prices_usd_per_kg.lithium_carbonate", 0) == 0;
    }
    CHECK(has_discount);
    CHECK(has_lce);
    // One entry per number of the lifecycle input.
    LifecycleInput in;
    ParamList params;
    ParamCollector collector(params);
    visit_fields(collector, in);
    CHECK(all.size() >= params.size() + chemistry_count * 14);
    CHECK(grade_source("[BNEF25] pack").year == 2025);
    CHECK(std::string(grade_source("D: 165 - 70 [BNEF-ESS24]").confidence) == "D");
    CHECK(std::string(grade_source("assumption: flat").confidence) == "C");
}

TEST_CASE("ballpark: default cases land in MODEL.md §4's published ranges", "[lifecycle]") {
    const LifecycleResults nmc = evaluate_lifecycle(LifecycleInput{});
    const LifecycleResults lfp = evaluate_lifecycle(lfp_case());
    for (const LifecycleResults* r : {&nmc, &lfp}) {
        // NREL B2U: repurposed batteries at $38-132/kWh [NREL12].
        CHECK(r->repurposed_cost_usd_per_kwh >= 38.0);
        CHECK(r->repurposed_cost_usd_per_kwh <= 132.0);
        // New 4-h storage: between BNEF's $78/MWh benchmark and Lazard's $170-296/MWh.
        REQUIRE(r->new_ess_lcos_usd_per_mwh.has_value());
        CHECK(*r->new_ess_lcos_usd_per_mwh >= 78.0);
        CHECK(*r->new_ess_lcos_usd_per_mwh <= 296.0);
    }
    // Kamath 2020: second life cuts the cost of storage by 12-57 %. That held against 2020 new-battery
    // prices; against today's new systems the cut shrinks. At US turnkey prices (217 $/kWh AC, [ANZA]) the
    // default LFP second life lands in the band (~21 %); at the 165 $/kWh global average it is ~7 %, and at
    // China's 85 $/kWh a second-life system costs more per MWh than a new one (the cheap-new-ESS story of
    // DATA.md §9 preset 1). The default NMC811 second life is short (~5 years: the NMC111 Kokam proxy fades
    // fast at 80 % DoD daily), so it only ties new storage at US prices.
    auto cut = [](const LifecycleResults& r) {
        REQUIRE(r.second_life_lcos_usd_per_mwh.has_value());
        return 1.0 - *r.second_life_lcos_usd_per_mwh / *r.new_ess_lcos_usd_per_mwh;
    };
    LifecycleInput us = lfp_case();
    us.market.new_ess_system_price_usd_per_kwh = 217.0;
    const double us_cut = cut(evaluate_lifecycle(us));
    CHECK(us_cut >= 0.12);
    CHECK(us_cut <= 0.57);
    CHECK(cut(lfp) > 0.0);
    CHECK(cut(lfp) < us_cut);
    LifecycleInput china = lfp_case();
    china.market.new_ess_system_price_usd_per_kwh = 85.0;
    CHECK(cut(evaluate_lifecycle(china)) < 0.0);
    // Ma et al. 2024: reuse-then-recycle beats immediate recycling for LFP (+58 % profit). Not on merchant
    // revenue at its 2024 level (ERCOT $55/kW-yr [MODO], falling 5 %/yr): a 4-h system then earns ~$44/MWh
    // against the ~$120/MWh its storage costs, so the LFP second life loses more than recycling's gate fee.
    // With a capacity payment at PJM's ~$120/kW-yr [PJM] it wins, in Ma's direction.
    CHECK(route(lfp, RouteId::second_life).npv_usd < route(lfp, RouteId::recycle_now).npv_usd);
    LifecycleInput pjm = lfp_case();
    pjm.second_life.capacity_value_usd_per_kw_year = 120.0;
    const LifecycleResults lfp_pjm = evaluate_lifecycle(pjm);
    CHECK(route(lfp_pjm, RouteId::second_life).npv_usd > route(lfp_pjm, RouteId::recycle_now).npv_usd);
    CHECK(lfp_pjm.best_route == "second_life");
    // ... and NMC earns more from immediate recycling when metal prices are high (2022-like: LCE $70/kg,
    // Ni $25/kg, Co $80/kg).
    LifecycleInput high;
    high.market.metal_prices_usd_per_kg.lithium_carbonate = 70.0;
    high.market.metal_prices_usd_per_kg.nickel = 25.0;
    high.market.metal_prices_usd_per_kg.cobalt = 80.0;
    const LifecycleResults nmc_high = evaluate_lifecycle(high);
    CHECK(route(nmc_high, RouteId::recycle_now).npv_usd > route(nmc_high, RouteId::second_life).npv_usd);
    // (Ma's +19 % for NMC reuse does not show at the defaults: the short NMC second life above loses to
    // recycling, and remanufacturing beats both.)
    // Wilson 2021: reuse wins on CO2 once the second life exceeds 4.25-6 years. The model's break-even comes
    // from the energy the second life delivers against the lifetime energy of the new LFP system it displaces
    // (that system fades too, so each delivered MWh displaces more of it than a capacity-year count did):
    // 3.0 years for the default LFP pack, below Wilson's band. The repurposing emissions (12 kg/kWh) have no
    // primary source yet (lifecycle.hpp); a higher figure would move the break-even into the band.
    REQUIRE(lfp.co2_breakeven_second_life_years.has_value());
    CHECK(*lfp.co2_breakeven_second_life_years == Approx(3.03).margin(0.1));
    CHECK(*lfp.co2_breakeven_second_life_years < lfp.second_life_years);
}

TEST_CASE("fuzz: results stay finite over random valid inputs", "[lifecycle]") {
    std::mt19937_64 rng(20250401);
    std::uniform_real_distribution<double> u01(0.0, 1.0);
    int evaluated = 0;
    for (int n = 0; n < 3000; ++n) {
        LifecycleInput in;
        in.pack.chemistry = static_cast<Chemistry>(rng() % chemistry_count);
        in.pack.damaged = rng() % 8 == 0;
        in.first_life.end_by = rng() % 2 ? FirstLifeEnd::years : FirstLifeEnd::retirement_soh;
        in.recycling.process = static_cast<RecyclingProcess>(rng() % 3);
        in.recycling.dismantle_to = static_cast<DismantleLevel>(rng() % 3);
        ParamList params;
        ParamCollector collector(params);
        visit_fields(collector, in);
        const bool wide = n % 2 == 0;  // half over the whole schema range, half over the defaults' ranges
        for (ParamRef& p : params) {
            double lo = wide ? p.spec.min : p.param->low;
            double hi = wide ? p.spec.max : p.param->high;
            double x = lo + (hi - lo) * u01(rng);
            if (p.spec.min_exclusive && x <= p.spec.min) x = p.spec.min + 1e-6 * (p.spec.max - p.spec.min);
            *p.param = Param(x);
        }
        if (!check_lifecycle(in).empty()) {
            // Put the floor below the retirement SoH, as a valid file must.
            in.second_life.floor_soh = Param(in.first_life.retirement_soh.value * u01(rng) * 0.99);
            if (in.second_life.floor_soh.value < 0.1) continue;
            if (!check_lifecycle(in).empty()) continue;
        }
        const LifecycleResults r = evaluate_lifecycle(in);
        INFO("draw " << n);
        REQUIRE(all_finite(r));
        const RetiredPackValue v = value_retired_pack(in, in.pack.chemistry, in.pack.nominal_kwh.value,
                                                      r.retirement_soh, in.pack.damaged);
        REQUIRE(std::isfinite(v.recycle_now_usd));
        REQUIRE(std::isfinite(v.second_life_usd));
        REQUIRE(std::isfinite(v.remanufacture_usd));
        REQUIRE(std::isfinite(residual_value_usd_per_kwh(in)));
        ++evaluated;
    }
    CHECK(evaluated > 2000);
}

TEST_CASE("evaluation is deterministic", "[lifecycle]") {
    LifecycleInput in = lfp_case();
    const nlohmann::json a = lifecycle_results_json(evaluate_lifecycle(in));
    const nlohmann::json b = lifecycle_results_json(evaluate_lifecycle(in));
    CHECK(a == b);
}

TEST_CASE("duties the degradation engine cannot build are input errors", "[lifecycle]") {
    LifecycleInput in;
    in.second_life.duration_h = 13.0;  // a 13-h charge and a 13-h discharge do not fit in a day
    auto errors = check_lifecycle(in);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].path == "second_life.duration_h");
    LifecycleInput far;
    far.first_life.km_per_year = 240000.0;  // 24 full charges a day are not enough on a 20 km range
    far.first_life.range_km = 20.0;
    errors = check_lifecycle(far);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].path == "first_life.km_per_year");
}

TEST_CASE("the routes-only detail gives the same routes and decision as the full evaluation", "[lifecycle]") {
    for (const Chemistry c : {Chemistry::lfp, Chemistry::nmc811, Chemistry::nca, Chemistry::na_ion}) {
        LifecycleInput in;
        in.pack.chemistry = c;
        const LifecycleResults full = evaluate_lifecycle(in);
        const LifecycleResults routes = evaluate_lifecycle(in, LifecycleDetail::routes);
        INFO(chemistry_names[static_cast<std::size_t>(c)]);
        REQUIRE(routes.routes.size() == full.routes.size());
        for (std::size_t i = 0; i < full.routes.size(); ++i) {
            CHECK(routes.routes[i].npv_usd == full.routes[i].npv_usd);
            CHECK(routes.routes[i].co2_kg == full.routes[i].co2_kg);
            CHECK(routes.routes[i].cash_usd_per_year == full.routes[i].cash_usd_per_year);
        }
        CHECK(routes.best_route == full.best_route);
        CHECK(routes.max_buy_price_usd_per_kwh == full.max_buy_price_usd_per_kwh);
        CHECK(routes.warnings == full.warnings);
        // Only the full evaluation carries the comparison figures.
        CHECK(full.new_ess_lcos_usd_per_mwh.has_value());
        CHECK_FALSE(routes.new_ess_lcos_usd_per_mwh.has_value());
    }
}
