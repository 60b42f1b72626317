// The input sweep: on every preset, each numeric lifecycle input is moved up by a small step inside its range
// and the pack re-evaluated. Each route's NPV must move in the direction documented below for that input
// ("no effect" is a direction too), so an input of one route's section moves no other route except through
// the couplings written down here (docs/MODEL.md §4).
//
// Signs per route, in the order deploy_ev, deploy_ess, recycle_now, second_life, remanufacture:
//   '+' never falls, '-' never rises, '>' rises, '<' falls, '0' does not move anywhere in the input's
//   allowed range, '?' no direction claimed (the why says what it depends on), 'B' deploy_ev follows the best end-of-life route (it sells the pack, then takes it back into
//   that route), so it never falls when all three end-of-life routes are '+' or '0', never rises when all are
//   '-' or '0', and is '?' otherwise.
// Every input has a row: a new input fails the sweep until its signs are written down.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "core/lifecycle.hpp"
#include "preset_file.hpp"

using namespace packfolio;

namespace {

constexpr int route_count = 5;

struct Expectation {
    const char* path;
    const char* signs;  // 5 characters, route_ids order
    const char* why;
};

// clang-format off
const std::vector<Expectation> expectations = {
    // ---- pack and first life: the retired pack's SoH and fade state feed every reuse route ----
    {"pack.nominal_kwh",                 "?????", "per-pack costs (labour, screening) make every value affine, not proportional, in kWh"},
    {"pack.fade_multiplier",             "??0??", "recycling now is SoH-independent; reuse and the ESS route fade faster, with values of either sign"},
    {"first_life.retirement_soh",        "?00??", "the first life's end moves the SoH and timing of the reuse routes; deploy_ess and recycling now have no first life"},
    {"first_life.years",                 "?00??", "as retirement_soh"},
    {"first_life.km_per_year",           "?00??", "the EV duty sets the retired pack's fade state"},
    {"first_life.range_km",              "?00??", "the EV duty sets the retired pack's fade state"},
    {"first_life.usable_fraction",       "?00??", "the EV duty sets the retired pack's fade state"},
    {"first_life.fast_charge_share",     "?00??", "the EV duty sets the retired pack's fade state"},
    {"first_life.temperature_c",         "?00??", "the EV duty sets the retired pack's fade state"},
    {"first_life.min_soh",              "?00??", "the physical floor that ends a first life in years mode; moves the retired pack as retirement_soh"},
    // ---- market: metal prices and payables raise every recycling, now or deferred ----
    {"market.discount_rate",             "??0??", "recycling now is all at t = 0; the other routes have later cash of either sign"},
    {"market.metal_prices_usd_per_kg.lithium_carbonate", "+++++", "recovered value, now (recycle_now, failed screening) or at the end (deferred recycling)"},
    {"market.metal_prices_usd_per_kg.nickel",    "+++++", "as lithium"},
    {"market.metal_prices_usd_per_kg.cobalt",    "+++++", "as lithium"},
    {"market.metal_prices_usd_per_kg.copper",    "+++++", "as lithium"},
    {"market.metal_prices_usd_per_kg.aluminium", "+++++", "as lithium"},
    {"market.metal_prices_usd_per_kg.graphite",  "+++++", "as lithium"},
    {"market.metal_price_trend_per_year", "++0++", "raises the value of deferred recycling; recycling now is at today's prices"},
    {"market.nickel_cobalt_payable",     "+++++", "as the metal prices"},
    {"market.lithium_payable",           "+++++", "as the metal prices"},
    {"market.pack_price_multiplier",     "++00?", "the EV and ESS sales; remanufacture sells at and buys modules at the EV pack price (net of either sign)"},
    {"market.new_ess_system_price_usd_per_kwh", "B00+0", "a second life is worth at most what new storage costs for the same service: dearer new storage never lowers it"},
    {"market.new_ess_life_years",        "B?0?0", "the ESS route's life; the new-storage alternative that caps a second life"},
    {"market.charging_price_usd_per_mwh", "B00-0", "a second life buys its charging energy, losses included; where the new-storage cap binds (data centre), the new system buys the same energy and the cap rises with it"},
    {"market.new_ess_round_trip_efficiency", "B?0-0", "a more efficient new system is cheaper storage: it lowers the cap on a second life's revenue"},
    {"market.grid_intensity_kg_per_kwh", "00000", "CO2 only (charging losses)"},
    // ---- recycling: the recycler's costs lower every route that recycles, now or later ----
    {"recycling.pyro_cost_usd_per_kg",   "-----", "process cost of the chosen process (no effect when another is chosen)"},
    {"recycling.hydro_cost_usd_per_kg",  "-----", "as pyro"},
    {"recycling.direct_cost_usd_per_kg", "-----", "as pyro"},
    {"recycling.labour_usd_per_hour",    "-----", "dismantling and removal labour; remanufacturing labour"},
    {"recycling.pyro_co2_kg_per_kg",     "00000", "CO2 only"},
    {"recycling.hydro_co2_kg_per_kg",    "00000", "CO2 only"},
    {"recycling.direct_co2_kg_per_kg",   "00000", "CO2 only"},
    {"recycling.pyro_material_credit",   "00000", "CO2 only"},
    {"recycling.hydro_material_credit",  "00000", "CO2 only"},
    {"recycling.direct_material_credit", "00000", "CO2 only"},
    {"recycling.avoided_primary_co2_kg_per_kg.lithium_carbonate", "00000", "CO2 only"},
    {"recycling.avoided_primary_co2_kg_per_kg.nickel", "00000", "CO2 only"},
    {"recycling.avoided_primary_co2_kg_per_kg.cobalt", "00000", "CO2 only"},
    {"recycling.avoided_primary_co2_kg_per_kg.copper", "00000", "CO2 only"},
    {"recycling.avoided_primary_co2_kg_per_kg.aluminium", "00000", "CO2 only"},
    {"recycling.avoided_primary_co2_kg_per_kg.graphite", "00000", "CO2 only"},
    {"recycling.module_mass_share",      "?????", "the mass left for the process after dismantling to modules: less process cost against more dismantling labour, by dismantle_to"},
    {"recycling.cell_mass_share",        "?????", "as module_mass_share, dismantling to cells"},
    // ---- second life: moves second_life only, except the stationary duty and floor, which the deploy_ess
    //      route runs under (and the new system that caps a second life's revenue, docs/MODEL.md §4) ----
    {"second_life.screening_usd_per_pack", "B00-0", "screening; remanufacture screens on its own"},
    {"second_life.pass_rate",            "B00?0", "a passing pack earns the second life, a failing one is recycled"},
    {"second_life.repurposing_usd_per_kwh", "B00-0", "second-life capex"},
    {"second_life.integration_usd_per_kwh", "B00-0", "second-life capex"},
    {"second_life.warranty_reserve_fraction", "B00-0", "second-life capex"},
    {"second_life.usable_window",        "B?0?0", "more energy sold against more capex and fade; the ESS route's duty depth"},
    {"second_life.cycles_per_year",      "B?0?0", "more energy sold against faster fade; the ESS route's duty"},
    {"second_life.duration_h",           "B?0?0", "less power per kWh (capacity value) against a gentler C-rate; the ESS route's duty"},
    {"second_life.round_trip_efficiency", "B00+0", "more energy sold per cycle"},
    {"second_life.arbitrage_spread_usd_per_mwh", "B00+0", "revenue"},
    {"second_life.capacity_value_usd_per_kw_year", "B00+0", "revenue"},
    {"second_life.om_fraction_of_capex_per_year", "B00?0", "operating cost of the second life, and of the new system that caps its revenue (docs/MODEL.md §4): where the cap binds, dearer new-storage O&M raises the cap"},
    {"second_life.revenue_decline_per_year", "B00-0", "revenue falls faster"},
    {"second_life.floor_soh",            "??0?0", "ends the second life (and the ESS route) earlier; remanufacture has its own eligibility"},
    {"second_life.max_years",            "B00?0", "more years of revenue against later recycling"},
    {"second_life.temperature_c",        "B?0?0", "the stationary fade; the ESS route's duty"},
    {"second_life.repurposing_co2_kg_per_kwh", "00000", "CO2 only"},
    // ---- remanufacture: moves remanufacture only ----
    {"remanufacture.screening_usd_per_pack", "B000-", "screening"},
    {"remanufacture.pass_rate",          "B000?", "a passing pack may be remanufactured and sold, a failing one is recycled"},
    {"remanufacture.min_soh",            "B000?", "eligibility: below it the route equals recycling now, which may be worth more or less"},
    {"remanufacture.sold_share",         "B000?", "more packs built and sold: worth more where a remanufactured pack earns more than recycling it"},
    {"remanufacture.replaced_module_share", "B000?", "dearer new modules against a healthier, dearer pack"},
    {"remanufacture.module_price_fraction_of_pack", "B000-", "cost of the new modules"},
    {"remanufacture.labour_hours",       "B000-", "labour"},
    {"remanufacture.price_factor",       "B000+", "sale price"},
    {"remanufacture.end_soh",            "B000?", "a shorter service life brings the end-of-life recycling forward"},
    {"remanufacture.max_years",          "B000?", "as end_soh"},
    {"remanufacture.warranty_reserve_fraction", "B000-", "reserve on the sale"},
    // ---- transport: shipping costs lower every route that ships; the repurposer's distance only the reuse routes ----
    {"transport.recycler_distance_miles", "-----", "freight to the recycler, now or at the end"},
    {"transport.repurposer_distance_miles", "B00--", "the reuse routes collect the pack at this distance"},
    {"transport.freight_usd_per_mile",   "-----", "freight"},
    {"transport.truck_payload_kg",       "+++++", "a pack's share of a truckload"},
    {"transport.packaging_usd_per_kg",   "-----", "hazmat packaging"},
    {"transport.damaged_packaging_multiplier", "-----", "damaged packs only; no effect otherwise"},
    {"transport.co2_kg_per_tonne_km",    "00000", "CO2 only"},
};
// clang-format on

const Expectation* find_expectation(const std::string& path) {
    for (const Expectation& e : expectations)
        if (path == e.path) return &e;
    return nullptr;
}

std::array<double, route_count> route_npvs(const LifecycleInput& in) {
    const LifecycleResults r = evaluate_lifecycle(in, LifecycleDetail::routes);
    std::array<double, route_count> v{};
    for (int i = 0; i < route_count; ++i) v[static_cast<std::size_t>(i)] = r.routes[static_cast<std::size_t>(i)].npv_usd;
    return v;
}

// The sign deploy_ev must follow: the direction all three end-of-life routes agree on, else none.
char best_route_sign(const char* signs) {
    bool up = true, down = true;
    for (int k = 2; k < 5; ++k) {
        up &= signs[k] == '+' || signs[k] == '0';
        down &= signs[k] == '-' || signs[k] == '0';
    }
    return up && down ? '0' : up ? '+' : down ? '-' : '?';
}

// Moves every input of every preset and checks the signs.
void sweep() {
    for (const std::string& id : test::preset_ids()) {
        Scenario s = test::load_preset(id);
        LifecycleInput& in = s.lifecycle;
        ParamList inputs = test::lifecycle_inputs(in);
        const std::array<double, route_count> base = route_npvs(in);
        for (const ParamRef& ref : inputs) {
            INFO(id << ": " << ref.path);
            const Expectation* e = find_expectation(ref.path);
            if (!e) {
                FAIL_CHECK("no expected signs for " << ref.path << ": add a row to the table");
                continue;
            }
            Param& p = *ref.param;
            const double x0 = p.value;
            // A step of 1 % of the input's range (its low-high range, else its value or its allowed span),
            // upwards unless that leaves the range or breaks a cross-field check; then downwards.
            const double lo = p.has_range() ? p.low : ref.spec.min, hi = p.has_range() ? p.high : ref.spec.max;
            const double span = p.has_range() ? p.high - p.low : std::fabs(x0) > 0.0 ? std::fabs(x0) : 0.01 * (hi - lo);
            const double h = 0.01 * span;
            double dir = 0.0;
            for (double d : {1.0, -1.0}) {
                const double x = x0 + d * h;
                if (x < lo || x > hi || !in_range(ref.spec, x)) continue;
                p.value = x;
                if (check_lifecycle(in).empty()) {
                    dir = d;
                    break;
                }
            }
            if (dir == 0.0) {
                p.value = x0;
                continue;  // no valid step (a range of one point)
            }
            const std::array<double, route_count> moved = route_npvs(in);
            // "No effect" must hold across the whole allowed range, not only near the preset's value: a
            // coupling may act at a threshold (a floor above the retirement SoH). Probed at five points.
            std::vector<std::array<double, route_count>> far;
            for (double f : {0.05, 0.25, 0.5, 0.75, 0.95}) {
                p.value = ref.spec.min + f * (ref.spec.max - ref.spec.min);
                if (in_range(ref.spec, p.value) && check_lifecycle(in).empty()) far.push_back(route_npvs(in));
            }
            p.value = x0;
            for (int k = 0; k < route_count; ++k) {
                const auto kk = static_cast<std::size_t>(k);
                const char want = e->signs[k] == 'B' ? best_route_sign(e->signs) : e->signs[k];
                if (want == '?') continue;
                // Per unit of upward movement; tolerance above the root-finding noise of a phase's end.
                const double delta = (moved[kk] - base[kk]) * dir;
                const double tol = 1e-6 * (1.0 + std::fabs(base[kk]));
                INFO(route_ids[kk] << " moves by " << delta << " per upward step (" << e->why << ")");
                if (want == '+') CHECK(delta >= -tol);
                if (want == '-') CHECK(delta <= tol);
                if (want == '>') CHECK(delta > tol);
                if (want == '<') CHECK(delta < -tol);
                if (want == '0') {
                    CHECK(std::fabs(moved[kk] - base[kk]) <= tol);
                    for (const auto& v : far) {
                        INFO(route_ids[kk] << " is " << v[kk] << " somewhere in the allowed range, " << base[kk] << " at the preset's value");
                        CHECK(std::fabs(v[kk] - base[kk]) <= tol);
                    }
                }
            }
        }
    }
}

}  // namespace

TEST_CASE("input sweep: every route moves in its documented direction, and no other", "[sweep]") { sweep(); }
