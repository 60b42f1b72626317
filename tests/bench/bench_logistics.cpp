// Reverse-logistics routing and the pack registry (MODEL.md §6). Budgets:
//   logistics.hub_search_500x25x24   ≤ 2 s natively: 500 sites × 25 candidate hubs × 24 classes, hubs chosen;
//   logistics.fixed_hubs_resolve     ≤ 50 ms in WebAssembly: the same network with its hub set fixed;
//   registry.load_1M_rows            ≤ 1 s natively: a 1,000,000-row CSV parsed and aggregated.
// Budgets for routing that grows linearly with the sites, 25 candidate hubs and 24 classes:
//   logistics.sites_10k              ≤ 0.5 s natively, the whole hub search on 10,000 sites;
//   logistics.sites_100k             ≤ 5 s natively, on 100,000 sites;
//   logistics.growth_exponent        ≤ 1.2: log(t_100k / t_1k) / log(100), from the medians of sites_1k
//                                    and sites_100k (1 for linear growth, 2 for quadratic).
// Inputs are generated from fixed seeds, so every run times the same work. Outcome values come from the
// lifecycle model (value_retired_pack), as in a real scenario.
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <random>
#include <string>

#include "bench.hpp"
#include "core/lifecycle.hpp"
#include "core/logistics.hpp"
#include "core/registry.hpp"

namespace {

using namespace packfolio;

// `sites` sites scattered over the contiguous US, 25 candidate hubs, 9 outlets; 3 chemistries × 4 SoH
// bands × damaged or not = 24 classes at every site. Hub capacities and fixed costs scale with the
// site count from the 500-site network's, so every size poses the same design problem with more sites.
LogisticsInput network_of(int sites) {
    std::mt19937_64 rng(20250607);
    std::uniform_real_distribution<double> lat(30.0, 47.0), lon(-122.0, -72.0), unit(0.0, 1.0);
    LogisticsInput in;
    const Chemistry chems[] = {Chemistry::lfp, Chemistry::nmc811, Chemistry::nca};
    const double scale = sites / 500.0;
    for (int s = 0; s < sites; ++s) {
        LogisticsSite site;
        site.id = "site-" + std::to_string(s);
        site.kind = static_cast<SiteKind>(s % 5);
        site.lat = lat(rng);
        site.lon = lon(rng);
        in.sites.push_back(site);
        for (Chemistry c : chems)
            for (std::size_t b = 0; b < soh_band_count; ++b)
                for (bool damaged : {false, true}) {
                    SiteSupply sup;
                    sup.site = site.id;
                    sup.chemistry = c;
                    sup.soh_band = static_cast<SohBand>(b);
                    sup.damaged = damaged;
                    sup.packs_per_year = 1 + static_cast<int>(unit(rng) * (damaged ? 4.0 : 40.0));
                    in.supply.push_back(sup);
                }
    }
    for (int h = 0; h < 25; ++h) {
        CandidateHub hub;
        hub.id = "hub-" + std::to_string(h);
        hub.lat = lat(rng);
        hub.lon = lon(rng);
        hub.capacity_packs_per_year = static_cast<int>(scale * (20000 + static_cast<int>(unit(rng) * 40000.0)));
        hub.fixed_cost_usd_per_year = scale * (5.0e6 + unit(rng) * 15.0e6);
        hub.screen = true;
        hub.shred = unit(rng) < 0.7;
        hub.repurpose = unit(rng) < 0.4;
        in.hubs.push_back(hub);
    }
    const OutletKind kinds[] = {OutletKind::recycler, OutletKind::recycler, OutletKind::recycler, OutletKind::recycler,
                                OutletKind::second_life_buyer, OutletKind::second_life_buyer,
                                OutletKind::second_life_buyer, OutletKind::remanufacturer, OutletKind::remanufacturer};
    for (int o = 0; o < 9; ++o) {
        Outlet out;
        out.id = "outlet-" + std::to_string(o);
        out.kind = kinds[o];
        out.lat = lat(rng);
        out.lon = lon(rng);
        in.outlets.push_back(out);
    }
    in.outlets[0].gate_prices.push_back({Chemistry::lfp, Param(0.0)});
    in.outlets[4].second_life_prices.push_back({Chemistry::lfp, Param(37.5)});
    return in;
}

LogisticsContext context_for(const LogisticsInput& net) {
    const LifecycleInput lifecycle;
    LogisticsContext ctx;
    for (const PackClass& c : logistics_classes(net)) {
        const double soh = soh_band_value(c.soh_band);
        const RetiredPackValue v = value_retired_pack(lifecycle, c.chemistry, net.pack_nominal_kwh.value, soh, c.damaged);
        ctx.classes.push_back({c, net.pack_nominal_kwh.value, soh, v.mass_kg, v.recycle_now_usd, v.second_life_usd,
                               v.remanufacture_usd, v.reuse_possible});
    }
    return ctx;
}

LogisticsInput network;
LogisticsContext context;
std::string registry_csv;

void setup_network() {
    network = network_of(500);
    context = context_for(network);
}

// 1,000,000 packs over 500 sites; about 1 row in 2,000 is broken in one of the ways a real export breaks.
void setup_registry() {
    std::mt19937_64 rng(1000000);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const char* chems[] = {"LFP", "NMC811", "NMC622", "NCA", "NMC111"};
    registry_csv.clear();
    registry_csv.reserve(60u * 1000000u);
    registry_csv += "id,chemistry,nominal_kwh,soh,site_id,damaged\n";
    char row[128];
    for (int i = 0; i < 1000000; ++i) {
        const double r = unit(rng);
        const char* chem = r < 0.0005 ? "NMC81" : chems[static_cast<int>(unit(rng) * 5.0)];
        const double soh = r > 0.9995 ? 1.2 : 0.45 + 0.5 * unit(rng);
        std::snprintf(row, sizeof row, "VIN%09d,%s,%.1f,%.3f,site-%d,%s\n", i, chem, 40.0 + 60.0 * unit(rng), soh,
                      static_cast<int>(unit(rng) * 500.0), unit(rng) < 0.03 ? "true" : "false");
        registry_csv += row;
    }
}

}  // namespace

PACKFOLIO_BENCH({"logistics.hub_search_500x25x24", 2.0, 5, setup_network, [] {
                     const LogisticsResults r = solve_logistics(network, context);
                     packfolio::bench::keep(r.result.net_value_usd);
                 }});

PACKFOLIO_BENCH({"logistics.fixed_hubs_resolve", 0.050, 21,
                 [] {
                     setup_network();
                     // The hubs the search opens, fixed: what a slider move re-solves.
                     network.open_hubs = solve_logistics(network, context).result.open_hubs;
                 },
                 [] {
                     // Vary one input a little each run so nothing can be cached between runs.
                     Param& rate = network.transport.hazmat_usd_per_mile;
                     rate.value = rate.value == 1.834 ? 1.835 : 1.834;
                     const LogisticsResults r = solve_logistics(network, context);
                     packfolio::bench::keep(r.result.net_value_usd);
                 }});

// The hub search on `sites` sites; the medians are kept for logistics.growth_exponent.
std::map<int, double> search_median_s;

packfolio::bench::Case sites_case(const char* name, int sites, double budget_s, int repetitions) {
    auto net = std::make_shared<LogisticsInput>();
    auto ctx = std::make_shared<LogisticsContext>();
    packfolio::bench::Case c{name, budget_s, repetitions,
                             [=] {
                                 *net = network_of(sites);
                                 *ctx = context_for(*net);
                             },
                             [=] {
                                 const LogisticsResults r = solve_logistics(*net, *ctx);
                                 packfolio::bench::keep(r.result.net_value_usd);
                             }};
    c.teardown = [=] {
        *net = LogisticsInput{};  // 100k sites with 24 classes each: free them before the next case
        *ctx = LogisticsContext{};
    };
    c.on_median = [sites](double median_s) { search_median_s[sites] = median_s; };
    return c;
}

const packfolio::bench::Registrar sites_1k(sites_case("logistics.sites_1k", 1000, 0.05, 5));
const packfolio::bench::Registrar sites_10k(sites_case("logistics.sites_10k", 10000, 0.5, 5));
const packfolio::bench::Registrar sites_100k(sites_case("logistics.sites_100k", 100000, 5.0, 3));

// Not a time: the exponent of the growth from 1k to 100k sites, from the two medians above (run them in
// the same invocation; without them it reports NaN, which fails its budget).
PACKFOLIO_BENCH({"logistics.growth_exponent", 1.2, 1, {}, {}, 0.0, [] {
                     const auto a = search_median_s.find(1000), b = search_median_s.find(100000);
                     if (a == search_median_s.end() || b == search_median_s.end()) return std::nan("");
                     return std::log(b->second / a->second) / std::log(100.0);
                 }});

PACKFOLIO_BENCH({"registry.load_1M_rows", 1.0, 5, setup_registry, [] {
                     const RegistrySummary s = load_registry(registry_csv, {});
                     packfolio::bench::keep(static_cast<double>(s.rows_loaded));
                 }});
