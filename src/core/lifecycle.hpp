#pragma once
// What one battery pack is worth, route by route (MODEL.md §4): deploy a new pack into an EV or straight
// into stationary storage; at the end of its first life recycle it now (pyro, hydro or direct), give it a
// second life in stationary storage, or remanufacture it for EV use. For each route: NPV per pack and per
// nominal kWh, CO2, a yearly cash flow and the SoH trajectory; then the decision between the end-of-life
// routes, the maximum price a repurposer can pay, the second-life LCOS against a new ESS, and the CO2
// break-even years of the second life.
//
// Conventions (MODEL.md): real 2025 USD discounted at market.discount_rate; cash[0] is at the start of the
// route, cash[t] at the end of year t (end-of-year timing, finance.hpp); energy in nominal kWh unless a name
// says usable; CO2 in kg CO2e. The end-of-life routes start at retirement (t = 0 is the day the pack leaves
// the vehicle); the deploy routes start with a new pack. Every result is finite.

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/chemistry.hpp"
#include "core/fields.hpp"
#include "core/param.hpp"

namespace packfolio {

// ---- inputs ----

// Spot prices in $/kg. Lithium is priced as lithium carbonate (1 kg Li = 5.323 kg Li2CO3); copper,
// aluminium and graphite at EverBatt's recovered-product values, which are what a recycler sells.
struct MetalPrices {
    Param lithium_carbonate{10.0, 9.6, 22.0};
    Param nickel{15.5, 14.5, 16.9};
    Param cobalt{33.0, 33.0, 50.35};
    Param copper{7.11};
    Param aluminium{1.12};
    Param graphite{0.20};
};

template <class V>
void visit_fields(V& v, MetalPrices& m) {
    v.param({"lithium_carbonate", "Lithium carbonate", "$/kg", 0.0, 200.0,
             "[INFOLINK][METALS] China spot: $9.6/kg (Jul 2025) to $21.9/kg (Jan 2026), DATA.md §4"},
            m.lithium_carbonate);
    v.param({"nickel", "Nickel", "$/kg", 0.0, 200.0, "[METALS] LME $14.5-16.5/kg in 2025, $16.9 early 2026, DATA.md §4"},
            m.nickel);
    v.param({"cobalt", "Cobalt", "$/kg", 0.0, 200.0,
             "[METALS] $33/kg (2025, DATA.md §4 contained-value basis); EverBatt default $50.35/kg [EVERBATT]"},
            m.cobalt);
    v.param({"copper", "Copper (recovered)", "$/kg", 0.0, 50.0, "[EVERBATT] recovered-product value, DATA.md §4"},
            m.copper);
    v.param({"aluminium", "Aluminium (recovered)", "$/kg", 0.0, 20.0,
             "[EVERBATT] recovered-product value, DATA.md §4"},
            m.aluminium);
    v.param({"graphite", "Graphite (recovered)", "$/kg", 0.0, 20.0, "[EVERBATT] recovered-product value, DATA.md §4"},
            m.graphite);
}

struct PackInput {
    Chemistry chemistry = Chemistry::nmc811;
    Param nominal_kwh{75.0};
    // Multiplies the chemistry's pack calibration scalar (MODEL.md §2.3). BLAST-Lite's distribution runs use
    // σ = 0.15 on the scalar: low/high are ±2σ.
    Param fade_multiplier{1.0, 0.7, 1.3, Distribution::normal};
    bool damaged = false;  // damaged/defective/recalled (DDR): no reuse, hazmat packaging × multiplier
};

template <class V>
void visit_fields(V& v, PackInput& p) {
    v.choice("chemistry", p.chemistry, chemistry_names);
    v.param({"nominal_kwh", "Nominal capacity", "kWh", 0.0, 2000.0,
             "assumption: a 75 kWh mid-size EV pack (Tesla Model 3 class)", true},
            p.nominal_kwh);
    v.param({"fade_multiplier", "Fade multiplier", "x", 0.1, 5.0,
             "[BLAST] pack-calibration scalar spread σ = 0.15, MODEL.md §2.3"},
            p.fade_multiplier);
    v.flag("damaged", p.damaged);
}

// How the first life ends: at a retirement SoH (its length then follows from the fade model under the EV
// duty) or after a number of years (the retirement SoH then follows). A chemistry whose fade model covers
// the second life only (LMO) takes both from the inputs: retirement_soh and years. The default retires the
// pack with its vehicle after 15 years ([NREL-B2U]): vehicles are scrapped at about that age, and at 25 °C
// the BLAST-Lite models take longer than that to reach 70-80 % SoH.
enum class FirstLifeEnd { retirement_soh, years };
inline constexpr std::array<const char*, 2> first_life_end_names = {"retirement_soh", "years"};

struct FirstLifeInput {
    FirstLifeEnd end_by = FirstLifeEnd::years;
    Param retirement_soh{0.75, 0.70, 0.80};
    Param years{15.0};
    Param km_per_year{21700.0};
    Param range_km{470.0, 350.0, 600.0};
    Param usable_fraction{0.9};
    Param fast_charge_share{0.0, 0.0, 0.3};
    Param temperature_c{25.0};
    Param min_soh{0.5};
};

template <class V>
void visit_fields(V& v, FirstLifeInput& f) {
    v.choice("end_by", f.end_by, first_life_end_names);
    v.param({"retirement_soh", "SoH at retirement (when end_by = retirement_soh)", "fraction", 0.3, 0.99,
             "[NREL-B2U] ~70 % after ~15 yr; [ADL] 70-80 % typical, DATA.md §2"},
            f.retirement_soh);
    v.param({"years", "First-life years (when end_by = years)", "years", 0.0, 30.0,
             "[NREL-B2U] ~15 yr in the vehicle, DATA.md §2", true},
            f.years);
    v.param({"km_per_year", "Distance driven", "km/yr", 0.0, 250000.0,
             "[CTECH] 13,500 mi/yr private car; BLAST Model 3 duty 21,700 km/yr, MODEL.md §2.3", true},
            f.km_per_year);
    v.param({"range_km", "Range on a full new pack", "km", 20.0, 3000.0,
             "assumption: 75 kWh at 0.16 kWh/km (mid-size BEV) = 469 km; 21,700 km/yr then gives 51 EFC/yr, "
             "near BLAST's 55-64 for a Model 3 (MODEL.md §2.3)"},
            f.range_km);
    v.param({"usable_fraction", "Usable fraction of the pack", "fraction", 0.5, 1.0,
             "assumption: ~90 % of nominal capacity usable in EVs (buffers at both ends)", true},
            f.usable_fraction);
    v.param({"fast_charge_share", "Share of energy from DC fast charging", "fraction", 0.0, 1.0,
             "[GEOTAB] DC fast charging: up to 3.0 %/yr fade against ~1.5 %/yr on AC; assumption: home "
             "charging by default, up to 30 % DC"},
            f.fast_charge_share);
    v.param({"temperature_c", "Cell temperature", "°C", -20.0, 55.0, "[BLAST] reference runs at 25 °C, DATA.md §2"},
            f.temperature_c);
    v.param({"min_soh", "Lowest SoH a vehicle runs to (the first life ends there, with a warning)", "fraction", 0.1,
             0.95,
             "[RWE] retired packs arrive with >50 % left; the BLAST-Lite fits stop near 70-80 % [BLAST], so the "
             "fade far below is extrapolation (docs/MODEL.md §2.3)"},
            f.min_soh);
}

struct MarketInput {
    Param discount_rate{0.08, 0.05, 0.11};
    MetalPrices metal_prices_usd_per_kg;
    Param metal_price_trend_per_year{0.0, -0.05, 0.05};
    Param pack_price_multiplier{1.0, 0.78, 1.21};
    Param new_ess_system_price_usd_per_kwh{165.0, 85.0, 217.0};
    Param new_ess_life_years{20.0};
    Param new_ess_round_trip_efficiency{0.85};
    Param charging_price_usd_per_mwh{50.0};
    Param grid_intensity_kg_per_kwh{0.466, 0.293, 0.700};
};

template <class V>
void visit_fields(V& v, MarketInput& m) {
    v.param({"discount_rate", "Discount rate (real)", "fraction/yr", 0.0, 0.20,
             "MODEL.md conventions: 8 %/yr real; assumption: ±3 points for sensitivity"},
            m.discount_rate);
    v.object("metal_prices_usd_per_kg", [&](V& w) { visit_fields(w, m.metal_prices_usd_per_kg); });
    v.param({"metal_price_trend_per_year", "Real metal price trend", "fraction/yr", -0.20, 0.20,
             "assumption: flat real prices; ±5 %/yr for sensitivity"},
            m.metal_price_trend_per_year);
    v.param({"pack_price_multiplier", "Regional pack price multiplier", "x", 0.1, 5.0,
             "[BNEF25] China 84 / NA +44 % / EU +56 % against the 108 $/kWh average: 0.78-1.21"},
            m.pack_price_multiplier);
    v.param({"new_ess_system_price_usd_per_kwh", "New ESS turnkey price", "$/kWh", 0.0, 1000.0,
             "[BNEF-ESS24] global average 165, China 4-h 85; [ANZA] US AC 217, DATA.md §1", true},
            m.new_ess_system_price_usd_per_kwh);
    v.param({"new_ess_life_years", "New ESS life", "years", 1.0, 40.0,
             "[LAZ24] 20-yr project life in LCOS; [TENER] 20-yr vendor claim"},
            m.new_ess_life_years);
    v.param({"new_ess_round_trip_efficiency", "New ESS round-trip efficiency", "fraction", 0.3, 1.0,
             "[ATB] 85 % AC for new Li-ion storage, DATA.md §7", true},
            m.new_ess_round_trip_efficiency);
    v.param({"charging_price_usd_per_mwh", "Charging electricity price", "$/MWh", 0.0, 1000.0,
             "assumption: wholesale off-peak energy ~50 $/MWh; every MWh a storage system buys, losses "
             "included, is paid at it (MODEL.md §4); no DATA.md figure"},
            m.charging_price_usd_per_mwh);
    v.param({"grid_intensity_kg_per_kwh", "Grid emissions of charging energy", "kg CO2e/kWh", 0.0, 2.0,
             "[EVERBATT] GREET at the wall: US 0.466, California 0.293, Korea 0.575, China 0.700; "
             "[EMBER] generation 2023, DATA.md §6"},
            m.grid_intensity_kg_per_kwh);
}

// Emissions of making each recovered material from primary sources, per kg of material (lithium as
// carbonate): what a kg recovered by recycling displaces (docs/MODEL.md §4).
struct AvoidedPrimaryCo2 {
    Param lithium_carbonate{8.5};
    Param nickel{13.0};
    Param cobalt{13.0};
    Param copper{5.5};
    Param aluminium{11.5};
    Param graphite{4.0};
};

template <class V>
void visit_fields(V& v, AvoidedPrimaryCo2& a) {
    const char* everbatt = "[EBA] avoided virgin-material emissions in EverBatt's GREET-based inventory";
    v.param({"lithium_carbonate", "Primary lithium carbonate", "kg CO2e/kg", 0.0, 100.0, everbatt},
            a.lithium_carbonate);
    v.param({"nickel", "Primary nickel", "kg CO2e/kg", 0.0, 200.0,
             "[NI-LCA] Nickel Institute life-cycle data, class 1 nickel ~13 kg CO2e/kg (reference year 2017)"},
            a.nickel);
    v.param({"cobalt", "Primary cobalt", "kg CO2e/kg", 0.0, 200.0,
             "assumption: the nickel figure [NI-LCA] (cobalt is refined alongside nickel from the same ores); no "
             "primary cobalt figure in DATA.md (gap)"},
            a.cobalt);
    v.param({"copper", "Primary copper", "kg CO2e/kg", 0.0, 100.0, everbatt}, a.copper);
    v.param({"aluminium", "Primary aluminium", "kg CO2e/kg", 0.0, 100.0, everbatt}, a.aluminium);
    v.param({"graphite", "Primary graphite", "kg CO2e/kg", 0.0, 100.0, everbatt}, a.graphite);
}

enum class RecyclingProcess { pyro, hydro, direct };
inline constexpr std::array<const char*, 3> recycling_process_names = {"pyro", "hydro", "direct"};

// How far a recycler takes the pack apart by hand before processing (EverBatt labour steps). Deeper
// dismantling costs labour and takes the housing, cooling plates, electronics and module casings out of the
// feed, so the process is paid for on less mass (docs/MODEL.md §4).
enum class DismantleLevel { pack, modules, cells };
inline constexpr std::array<const char*, 3> dismantle_level_names = {"pack", "modules", "cells"};

struct RecyclingInput {
    RecyclingProcess process = RecyclingProcess::hydro;
    DismantleLevel dismantle_to = DismantleLevel::cells;
    Param pyro_cost_usd_per_kg{3.4, 2.5, 3.5};
    Param hydro_cost_usd_per_kg{2.4, 2.0, 2.8};
    Param direct_cost_usd_per_kg{2.1, 1.2, 2.1};
    Param labour_usd_per_hour{50.0, 3.0, 50.0};
    Param module_mass_share{0.85, 0.80, 0.95};
    Param cell_mass_share{0.70, 0.60, 0.80};
    Param pyro_co2_kg_per_kg{2.1};
    Param hydro_co2_kg_per_kg{2.0};
    Param direct_co2_kg_per_kg{0.5};
    AvoidedPrimaryCo2 avoided_primary_co2_kg_per_kg;
};

template <class V>
void visit_fields(V& v, RecyclingInput& r) {
    v.choice("process", r.process, recycling_process_names);
    v.choice("dismantle_to", r.dismantle_to, dismantle_level_names);
    v.param({"pyro_cost_usd_per_kg", "Pyrometallurgical process cost", "$/kg", 0.0, 50.0,
             "[EBA] EverBatt via Xu et al. 2020 ~3.4 $/kg; industry 2.5-3.5"},
            r.pyro_cost_usd_per_kg);
    v.param({"hydro_cost_usd_per_kg", "Hydrometallurgical process cost", "$/kg", 0.0, 50.0,
             "[EBA] EverBatt via Xu et al. 2020 ~2.4 $/kg; industry 2.0-2.8"},
            r.hydro_cost_usd_per_kg);
    v.param({"direct_cost_usd_per_kg", "Direct recycling process cost", "$/kg", 0.0, 50.0,
             "[EBA] EverBatt via Xu et al. 2020 ~2.1 $/kg; industry 1.2-1.8"},
            r.direct_cost_usd_per_kg);
    v.param({"labour_usd_per_hour", "Dismantling labour rate", "$/h", 0.0, 500.0,
             "[EVERBATT] $50/h default; US $38/h, China $3/h (DATA.md §9 preset 6)"},
            r.labour_usd_per_hour);
    v.param({"module_mass_share", "Module mass / pack mass (feed after dismantling to modules)", "fraction", 0.3,
             1.0,
             "assumption: half of the non-cell mass is pack-level (housing, cooling plate, BMS, cables) between "
             "[BATDES]'s cell-to-pack 70 % and 1"},
            r.module_mass_share);
    v.param({"cell_mass_share", "Cell mass / pack mass (feed after dismantling to cells)", "fraction", 0.3, 1.0,
             "[BATDES] cell-to-pack mass ratio: Tesla Model 3 ~70 %, BMW i3 84 %, BYD Han (cell-to-pack) 90 %"},
            r.cell_mass_share);
    v.param({"pyro_co2_kg_per_kg", "Pyro process emissions", "kg CO2e/kg", 0.0, 20.0,
             "D: EverBatt Table 10 energy and reagents per kg [EBA] with GREET factors, incl. burnt graphite"},
            r.pyro_co2_kg_per_kg);
    v.param({"hydro_co2_kg_per_kg", "Hydro process emissions", "kg CO2e/kg", 0.0, 20.0,
             "D: EverBatt Table 10 energy and reagents per kg [EBA] with GREET factors"},
            r.hydro_co2_kg_per_kg);
    v.param({"direct_co2_kg_per_kg", "Direct process emissions", "kg CO2e/kg", 0.0, 20.0,
             "D: EverBatt Table 10 energy and reagents per kg [EBA] with GREET factors"},
            r.direct_co2_kg_per_kg);
    v.object("avoided_primary_co2_kg_per_kg", [&](V& w) { visit_fields(w, r.avoided_primary_co2_kg_per_kg); });
}

struct SecondLifeInput {
    // Whether the region's rules let a retired EV pack into the storage this model values (a 4-h system on
    // merchant revenue). China's energy regulator has barred retired EV batteries from new large-scale
    // storage since 2021 [NEA21]; no US or EU rule does (docs/MODEL.md §4). When false the second life is
    // closed and its value equals recycling now.
    bool permitted = true;
    Param screening_usd_per_pack{100.0, 25.0, 900.0};
    Param pass_rate{0.5, 0.3, 0.7};
    Param repurposing_usd_per_kwh{35.1, 29.2, 41.0};
    Param integration_usd_per_kwh{50.0, 35.0, 95.0};
    Param warranty_reserve_fraction{0.05, 0.02, 0.10};
    Param usable_window{0.8, 0.6, 0.9};
    Param cycles_per_year{365.0, 250.0, 365.0};
    Param duration_h{4.0};
    Param round_trip_efficiency{0.85, 0.80, 0.90};
    Param arbitrage_spread_usd_per_mwh{34.5, 28.0, 63.0};
    Param capacity_value_usd_per_kw_year{23.0, 0.0, 120.0};
    Param revenue_decline_per_year{0.05, 0.0, 0.15};
    Param om_fraction_of_capex_per_year{0.025};
    Param floor_soh{0.6, 0.5, 0.65};
    Param max_years{10.0, 8.0, 12.0};
    Param temperature_c{25.0};
    Param repurposing_co2_kg_per_kwh{12.0, 5.0, 15.0};
};

template <class V>
void visit_fields(V& v, SecondLifeInput& s) {
    v.flag("permitted", s.permitted);
    v.param({"screening_usd_per_pack", "Screening test", "$/pack", 0.0, 100000.0,
             "assumption: 2 h at EverBatt's $50/h [EVERBATT]; pulse tests take seconds [PULSE]; "
             "high end $12/kWh x 75 kWh [FORUM]"},
            s.screening_usd_per_pack);
    v.param({"pass_rate", "Screening pass rate", "fraction", 0.0, 1.0,
             "assumption (DATA.md §9 preset 5): 50 %, 30-70 %; no primary figure (gap)"},
            s.pass_rate);
    v.param({"repurposing_usd_per_kwh", "Repurposing cost", "$/kWh", 0.0, 1000.0,
             "[LIESK] EUR 27-38/kWh (Tesla S/X packs) at 1.08 $/EUR (2024 average), per retained kWh"},
            s.repurposing_usd_per_kwh);
    v.param({"integration_usd_per_kwh", "Integration and balance of system", "$/kWh usable", 0.0, 1000.0,
             "D: second-life systems sell at $75-100/kWh [CURR] less ~$40/kWh usable repurposing [LIESK]; "
             "China turnkey 85 - pack 50 = 35; global 165 - 70 = 95 [BNEF-ESS24][BNEF25][TELEO]"},
            s.integration_usd_per_kwh);
    v.param({"warranty_reserve_fraction", "Warranty reserve", "fraction of capex", 0.0, 1.0,
             "assumption: 5 % of repurposing and integration capex (2-10 %)"},
            s.warranty_reserve_fraction);
    v.param({"usable_window", "Usable SoC window (DoD)", "fraction", 0.05, 1.0,
             "assumption: 80 % window for aged cells; NREL B2U used 50 % DoD [NREL-B2U]", true},
            s.usable_window);
    v.param({"cycles_per_year", "Cycles per year", "cycles/yr", 0.0, 1000.0,
             "[ATB] ~1 cycle/day, DATA.md §7"},
            s.cycles_per_year);
    v.param({"duration_h", "Storage duration", "h", 0.25, 24.0, "[LAZ24] 100 MW / 400 MWh reference: 4 h", true},
            s.duration_h);
    v.param({"round_trip_efficiency", "Round-trip efficiency", "fraction", 0.3, 1.0,
             "[ATB] 85 % AC, DATA.md §7", true},
            s.round_trip_efficiency);
    v.param({"arbitrage_spread_usd_per_mwh", "Arbitrage spread (discharge minus charge price)", "$/MWh", 0.0, 2000.0,
             "D: calibrated so a 4-h system at 365 cycles and 85 % RTE earns ERCOT's 2024 average $55/kW-yr "
             "[MODO] (58 % arbitrage = $31.9/kW-yr net of charging: 31.9 / 1.241 MWh/kW + losses 0.176 x "
             "$50 = 34.5); low 28: CAISO Dec 2024 run rate $24/kW-yr [MODO]; high 63: ERCOT 1-h spread "
             "Sep 2024 [MODO], DATA.md §7"},
            s.arbitrage_spread_usd_per_mwh);
    v.param({"capacity_value_usd_per_kw_year", "Capacity or demand value", "$/kW-yr", 0.0, 1000.0,
             "D: ERCOT $55/kW-yr x 42 % non-arbitrage share [MODO]; PJM ~$120 [PJM]; data-centre demand "
             "charges $180-240 [DC]"},
            s.capacity_value_usd_per_kw_year);
    v.param({"revenue_decline_per_year", "Storage revenue decline (cannibalisation)", "fraction/yr", 0.0, 0.5,
             "assumption: 5 %/yr real fall of spread and capacity value as storage fleets grow; observed "
             "single-year falls were -36 % (CAISO 2024) and -71 % (ERCOT 2024) [MODO], not sustained; 0-15 %"},
            s.revenue_decline_per_year);
    v.param({"om_fraction_of_capex_per_year", "Fixed O&M", "fraction of capex/yr", 0.0, 0.5,
             "[ATB] fixed O&M 2.5 % of capital cost per year"},
            s.om_fraction_of_capex_per_year);
    v.param({"floor_soh", "SoH at which the second life ends", "fraction", 0.1, 0.99,
             "assumption: 60 %; Redwood receives packs with >50 % left [RWE]"},
            s.floor_soh);
    v.param({"max_years", "Maximum second-life years", "years", 0.0, 30.0,
             "[NREL-B2U] ~10 yr at 50 % DoD daily, DATA.md §2", true},
            s.max_years);
    v.param({"temperature_c", "Cell temperature", "°C", -20.0, 55.0, "assumption: conditioned enclosure at 25 °C"},
            s.temperature_c);
    v.param({"repurposing_co2_kg_per_kwh", "Repurposing emissions", "kg CO2e/kWh", 0.0, 100.0,
             "D: inverted from [WILSON] 4.25-6 yr break-even against new LFP at 62 kg/kWh [PEIS] over 20 yr "
             "at ~0.8 SoH (10.5-15); no primary figure (gap)"},
            s.repurposing_co2_kg_per_kwh);
}

struct RemanufactureInput {
    Param min_soh{0.7, 0.65, 0.75};
    Param screening_usd_per_pack{100.0, 25.0, 900.0};
    Param pass_rate{0.5, 0.3, 0.7};
    Param sold_share{0.5, 0.13, 1.0};
    Param replaced_module_share{0.2, 0.1, 0.3};
    Param module_price_fraction_of_pack{0.85, 0.78, 0.95};
    Param labour_hours{6.5};
    Param price_factor{0.6, 0.4, 0.8};
    Param end_soh{0.65};
    Param max_years{7.0, 5.0, 10.0};
    Param warranty_reserve_fraction{0.05, 0.02, 0.10};
};

template <class V>
void visit_fields(V& v, RemanufactureInput& r) {
    v.param({"min_soh", "Lowest retirement SoH a remanufacturer accepts", "fraction", 0.1, 0.99,
             "[RECUR] EV warranties replace packs that fall below ~70 % within 8 years: a replacement pack built "
             "around weaker modules would be a warranty case; assumption: 65-75 %"},
            r.min_soh);
    // Its own screening and pass rate, so that no second-life input moves remanufacture (docs/MODEL.md §4);
    // the defaults are the second life's, for want of a remanufacture-specific figure.
    v.param({"screening_usd_per_pack", "Screening test", "$/pack", 0.0, 100000.0,
             "assumption: as second_life.screening_usd_per_pack, 2 h at EverBatt's $50/h [EVERBATT]; pulse tests "
             "take seconds [PULSE]; high end $12/kWh x 75 kWh [FORUM]"},
            r.screening_usd_per_pack);
    v.param({"pass_rate", "Screening pass rate", "fraction", 0.0, 1.0,
             "assumption: as second_life.pass_rate (DATA.md §9 preset 5): 50 %, 30-70 %; no primary figure (gap)"},
            r.pass_rate);
    v.param({"sold_share", "Share of remanufactured packs that find a buyer", "fraction", 0.0, 1.0,
             "D: replacement demand is small against retiring packs: 2.5 % of EVs had a pack replaced outside "
             "recalls, 13 % of pre-2015 cars [RECUR]; assumption: half sell at the price factor (13 % to all); the "
             "rest are recycled unbuilt"},
            r.sold_share);
    v.param({"replaced_module_share", "Share of modules replaced", "fraction", 0.0, 1.0,
             "assumption: the weakest 20 %; module SoH varies up to 15 % within a pack [REJ]"},
            r.replaced_module_share);
    v.param({"module_price_fraction_of_pack", "New module price / new pack price", "fraction", 0.1, 1.5,
             "D: cells are 78 % of pack price [BNEF23]; module assembly adds some"},
            r.module_price_fraction_of_pack);
    v.param({"labour_hours", "Remanufacturing labour", "h/pack", 0.0, 200.0,
             "assumption: EverBatt's 0.5 h removal + 2 h pack to modules [EVERBATT], plus 2 h reassembly and 2 h "
             "end-of-line test"},
            r.labour_hours);
    v.param({"price_factor", "Sale price factor", "x new EV pack price x SoH", 0.0, 2.0,
             "assumption: remanufactured packs sell at 40-80 % of new per retained kWh"},
            r.price_factor);
    v.param({"end_soh", "SoH at which the remanufactured pack retires", "fraction", 0.1, 0.99,
             "assumption: older vehicles accept a lower range"},
            r.end_soh);
    v.param({"max_years", "Years of service of the remanufactured pack", "years", 0.0, 30.0,
             "assumption: replacement packs go into 8-10-year-old vehicles, scrapped at ~15-18 years [NREL-B2U]"},
            r.max_years);
    v.param({"warranty_reserve_fraction", "Warranty reserve", "fraction of sale price", 0.0, 1.0,
             "assumption: 5 % of the sale price (2-10 %)"},
            r.warranty_reserve_fraction);
}

struct TransportInput {
    Param recycler_distance_miles{600.0};
    Param repurposer_distance_miles{100.0};
    Param freight_usd_per_mile{1.834, 0.25, 2.084};
    Param truck_payload_kg{10000.0};
    Param packaging_usd_per_kg{0.589};
    Param damaged_packaging_multiplier{5.0, 3.0, 10.0};
    Param co2_kg_per_tonne_km{0.1};
};

template <class V>
void visit_fields(V& v, TransportInput& t) {
    v.param({"recycler_distance_miles", "Distance to the recycler", "mi", 0.0, 20000.0,
             "[EVERBATT] collection to disassembly 100 mi + to pre-processor 500 mi"},
            t.recycler_distance_miles);
    v.param({"repurposer_distance_miles", "Distance to the repurposer", "mi", 0.0, 20000.0,
             "[EVERBATT] collection to disassembly 100 mi"},
            t.repurposer_distance_miles);
    v.param({"freight_usd_per_mile", "Hazmat truck freight", "$/mi", 0.0, 100.0,
             "[EVERBATT] US heavy-duty hazmat $1.834/mi (medium $2.084); China $0.25/mi"},
            t.freight_usd_per_mile);
    v.param({"truck_payload_kg", "Truck payload", "kg", 0.0, 100000.0, "[EVERBATT] heavy-duty truck 10 t", true},
            t.truck_payload_kg);
    v.param({"packaging_usd_per_kg", "Hazmat packaging", "$/kg", 0.0, 100.0,
             "[EVERBATT] hazardous packaging $0.589/kg battery"},
            t.packaging_usd_per_kg);
    v.param({"damaged_packaging_multiplier", "Damaged-pack packaging multiplier", "x", 1.0, 100.0,
             "assumption: 3-10 x for DDR packs; no source found (DATA.md §5 gap)"},
            t.damaged_packaging_multiplier);
    v.param({"co2_kg_per_tonne_km", "Truck emissions", "kg CO2e/t-km", 0.0, 10.0,
             "assumption: ~0.1 kg/t-km for a loaded heavy-duty diesel truck; no DATA.md figure"},
            t.co2_kg_per_tonne_km);
}

struct LifecycleInput {
    PackInput pack;
    FirstLifeInput first_life;
    MarketInput market;
    RecyclingInput recycling;
    SecondLifeInput second_life;
    RemanufactureInput remanufacture;
    TransportInput transport;
};

// Each section is a top-level object of the scenario file.
template <class V>
void visit_fields(V& v, LifecycleInput& in) {
    v.object("pack", [&](V& w) { visit_fields(w, in.pack); });
    v.object("first_life", [&](V& w) { visit_fields(w, in.first_life); });
    v.object("market", [&](V& w) { visit_fields(w, in.market); });
    v.object("recycling", [&](V& w) { visit_fields(w, in.recycling); });
    v.object("second_life", [&](V& w) { visit_fields(w, in.second_life); });
    v.object("remanufacture", [&](V& w) { visit_fields(w, in.remanufacture); });
    v.object("transport", [&](V& w) { visit_fields(w, in.transport); });
}

// Cross-field checks a single range cannot express (e.g. the second-life floor must lie below the
// retirement SoH). Paths are full scenario paths ("second_life.floor_soh").
std::vector<FieldError> check_lifecycle(const LifecycleInput& in);

// ---- results ----

inline constexpr std::array<const char*, 5> route_ids = {"deploy_ev", "deploy_ess", "recycle_now", "second_life",
                                                         "remanufacture"};
enum class RouteId { deploy_ev, deploy_ess, recycle_now, second_life, remanufacture };

struct SohTrajectory {
    std::vector<double> years;  // from the route's start
    std::vector<double> soh;    // pack capacity / nominal
};

struct RouteResult {
    std::string id;
    double npv_usd = 0.0;
    double npv_usd_per_kwh = 0.0;  // per nominal kWh
    double co2_kg = 0.0;           // net: emitted minus credits (negative = saves CO2)
    std::vector<double> cash_usd_per_year;  // [0] at the route's start, [t] at the end of year t
    SohTrajectory soh;
};

struct RecyclingOption {
    RecyclingProcess process = RecyclingProcess::hydro;
    double npv_usd = 0.0;  // recycle now by this process, transport included
    double co2_kg = 0.0;
};

// Where the second life's money comes from: one passing pack's stationary operation, per year (index k is
// year k + 1 of the second life, its cash at the end of that year or at the life's end) and as NPV at the
// scenario's discount rate. operating = arbitrage + capacity + new_storage_cap − charging − om.
struct SecondLifeRevenueStack {
    std::vector<double> arbitrage_usd;        // discharged energy sold at charging price + spread
    std::vector<double> capacity_usd;         // capacity or demand value of the faded power
    std::vector<double> new_storage_cap_usd;  // <= 0: revenue above what new storage charges for the service
    std::vector<double> charging_usd;         // energy bought, losses included, at the charging price
    std::vector<double> om_usd;               // fixed O&M
    double arbitrage_npv_usd = 0.0;
    double capacity_npv_usd = 0.0;
    double new_storage_cap_npv_usd = 0.0;
    double charging_npv_usd = 0.0;
    double om_npv_usd = 0.0;
    double discharged_kwh = 0.0;  // undiscounted, over the second life
    // What the same service (usable capacity-years and discharged energy) costs from a new LFP system,
    // present value: the cap on the second life's revenue (MODEL.md §4).
    double new_storage_equivalent_usd = 0.0;
};

struct LifecycleResults {
    std::vector<RouteResult> routes;  // in route_ids order
    std::array<RecyclingOption, 3> recycling_options{};  // pyro, hydro, direct; recycle_now uses the chosen one

    // Decision among the end-of-life routes (recycle_now, second_life, remanufacture), by NPV.
    std::string best_route;
    std::string next_best_route;
    double margin_usd = 0.0;  // best NPV − next best NPV, >= 0
    double margin_usd_per_kwh = 0.0;
    std::string best_deploy_route;  // deploy_ev or deploy_ess

    double pack_mass_kg = 0.0;
    double retirement_soh = 0.0;
    double first_life_years = 0.0;
    double first_life_efc_per_year = 0.0;
    double second_life_years = 0.0;  // of a pack that passes screening

    // The most a repurposer can pay for the retired pack, per nominal kWh: the second-life NPV per pack
    // before any purchase price (screening, failures recycled, repurposing, operation, deferred recycling),
    // i.e. the price at which the repurposer's NPV is zero. Negative means the pack has to come with money.
    double max_buy_price_usd_per_kwh = 0.0;
    // The price a repurposed system must fetch per usable kWh to cover the pack (at its recycle-now value,
    // the first owner's alternative), screening, failures, repurposing and the warranty reserve; compare
    // with NREL's $38-132/kWh repurposed-battery prices [NREL12].
    double repurposed_cost_usd_per_kwh = 0.0;

    std::optional<double> second_life_lcos_usd_per_mwh;  // absent when the second life discharges nothing
    std::optional<double> new_ess_lcos_usd_per_mwh;
    // Years of second life at which its CO2 equals recycling now; absent when the second life never
    // catches up within 50 years (e.g. no displaced manufacturing).
    std::optional<double> co2_breakeven_second_life_years;

    SecondLifeRevenueStack second_life_revenue_stack;  // empty when the pack is not reused
    // The unit every route's CO2 and NPV refer to (full detail only), e.g. "one retired pack of 75 kWh at
    // 0.79 SoH; a passing pack's second life serves 146 MWh over 10 years".
    std::string functional_unit;

    std::vector<std::string> warnings;

    const RouteResult& route(RouteId id) const { return routes[static_cast<std::size_t>(id)]; }
};

// `routes` values the routes and decides (everything but the three comparison figures below); `full` adds
// repurposed_cost_usd_per_kwh and the LCOS of the second life and of a new ESS, which cost as much again as
// the routes; `values`, the inner loop of analysis, is `routes` without the warnings (whose text costs as
// much as a fade stage reused from the memo). All three give identical route values (NPV, cash, CO2) and
// decisions; `routes` and `values` leave the routes' SoH trajectories empty.
enum class LifecycleDetail { full, routes, values };
LifecycleResults evaluate_lifecycle(const LifecycleInput& in, LifecycleDetail detail = LifecycleDetail::full);

// ---- incremental evaluation (docs/MODEL.md §4.9) ----

// The fade stages of an evaluation, which an analysis need not rerun when their inputs are unchanged: the
// two duties turned into stressors (per fade model: the pack's, and LFP's for the new-storage comparison),
// and the five phases run to a floor SoH.
enum class FadeStage { ev_duty, stationary_duty, first_life, deploy_ess, second_life, remanufacture, new_storage };
inline constexpr std::size_t fade_stage_count = 7;
inline constexpr std::array<const char*, fade_stage_count> fade_stage_names = {
    "ev_duty", "stationary_duty", "first_life", "deploy_ess", "second_life", "remanufacture", "new_storage"};

// The dependency table: the scenario inputs (paths) whose value decides a stage in the scenario `in`,
// directly or through the stage it continues from (second life and remanufacture start where the first life
// ends, so a first-life input reruns them when it moves that end). It depends on `in` only through the two
// choices that are not numbers and decide which numbers a stage reads: the pack's chemistry (a fade model
// of the second life only has no first life) and first_life.end_by (a retirement SoH, or years and a floor). Every input not listed for any stage (prices,
// costs, rates, distances) reads no fade: changing it reruns none.
std::vector<std::string> fade_stage_inputs(FadeStage stage, const LifecycleInput& in);

struct FadeStageCounts {
    std::array<long, fade_stage_count> computed{};  // phases run, per stage
    std::array<long, fade_stage_count> reused{};    // phases taken from an earlier evaluation
};

namespace lifecycle_detail {
class FadeMemo;
}

// Evaluates scenarios one after another and reuses each fade phase whose inputs (fade_stage_inputs) have
// not changed since an earlier evaluation: the inner loop of a decision map or tornado then reruns only
// the stages its inputs reach. The results are evaluate_lifecycle's, bit for bit.
class LifecycleEvaluator {
public:
    LifecycleEvaluator();
    ~LifecycleEvaluator();
    LifecycleEvaluator(LifecycleEvaluator&&) noexcept;
    LifecycleEvaluator& operator=(LifecycleEvaluator&&) noexcept;

    LifecycleResults evaluate(const LifecycleInput& in, LifecycleDetail detail = LifecycleDetail::full);
    const FadeStageCounts& counts() const;

private:
    std::unique_ptr<lifecycle_detail::FadeMemo> memo_;
};

// ---- functions other modules call ----

// The constants of the valuation that are not scenario fields (recovery yields, EverBatt labour hours, the
// carbonate conversion), with their sources, for the Sources tab.
std::vector<SourceEntry> lifecycle_constant_sources();

// Cathode metal cost of new cells per nominal kWh from content × price: lithium (as carbonate, 1 kg Li =
// 5.323 kg Li2CO3), nickel and cobalt. Manganese, iron and phosphorus carry no price in DATA.md and are
// left out (they are cents per kWh).
double metal_cost_usd_per_kwh(Chemistry c, const MetalPrices& prices);

// Per-pack NPV of each end-of-life route for a retired pack of the given chemistry, size, SoH and
// condition, priced with the market, recycling, second-life, remanufacture and transport sections of `in`.
// Excludes the inbound transport from where the pack is to the first processor (the caller routes it);
// onward legs (a failed pack to the recycler, the deferred recycling) are included. Damaged packs are not
// reused; a pack at or below second_life.floor_soh, or one whose second life is not permitted, has no second
// life, and one at or below remanufacture.min_soh is not remanufactured: that route's value then equals
// recycle_now. reuse_possible is false when neither reuse route is open.
struct RetiredPackValue {
    double mass_kg = 0.0;
    double recycle_now_usd = 0.0;
    double second_life_usd = 0.0;
    double remanufacture_usd = 0.0;
    bool reuse_possible = true;
};
RetiredPackValue value_retired_pack(const LifecycleInput& in, Chemistry c, double nominal_kwh, double soh,
                                    bool damaged);

// The value today, per nominal kWh, of a pack the maker takes back at the end of its first life: the best
// end-of-life NPV (inbound transport included) per nominal kWh, discounted over the first-life years.
double residual_value_usd_per_kwh(const LifecycleInput& in);

}  // namespace packfolio
