// The chemistry catalogue (MODEL.md §1) against DATA.md and stoichiometry, and the cathode metal cost.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <string>

#include "core/chemistry.hpp"
#include "core/lifecycle.hpp"

using namespace packfolio;

namespace {

void check_sourced(const Sourced& s, const std::string& what) {
    INFO(what);
    CHECK(std::isfinite(s.value));
    CHECK(s.value >= 0.0);
    REQUIRE(s.unit != nullptr);
    REQUIRE(s.source != nullptr);
    CHECK(std::strlen(s.source) > 5);
    CHECK(s.year >= 2010);
    CHECK(s.year <= 2026);
    REQUIRE(s.confidence != nullptr);
    CHECK(std::string("ABCD").find(s.confidence) != std::string::npos);
    CHECK(std::strlen(s.confidence) == 1);
}

}  // namespace

TEST_CASE("every chemistry has a complete, sourced record in enum order", "[chemistry]") {
    for (std::size_t i = 0; i < chemistry_count; ++i) {
        const auto c = static_cast<Chemistry>(i);
        const ChemistryData& d = chemistry_data(c);
        INFO(chemistry_names[i]);
        CHECK(d.id == c);
        CHECK(std::string(d.name) == chemistry_names[i]);
        check_sourced(d.pack_mass_kg_per_kwh, "mass");
        CHECK(d.pack_mass_kg_per_kwh.value > 3.0);
        const MaterialContent& m = d.content;
        for (const Sourced* s : {&m.lithium_kg_per_kwh, &m.nickel_kg_per_kwh, &m.cobalt_kg_per_kwh,
                                 &m.manganese_kg_per_kwh, &m.copper_kg_per_kwh, &m.aluminium_kg_per_kwh,
                                 &m.graphite_kg_per_kwh})
            check_sourced(*s, "content");
        check_sourced(d.co2_p5_kg_per_kwh, "co2 p5");
        check_sourced(d.co2_p50_kg_per_kwh, "co2 p50");
        check_sourced(d.co2_p95_kg_per_kwh, "co2 p95");
        CHECK(d.co2_p5_kg_per_kwh.value <= d.co2_p50_kg_per_kwh.value);
        CHECK(d.co2_p50_kg_per_kwh.value <= d.co2_p95_kg_per_kwh.value);
        check_sourced(d.ev_pack_price_usd_per_kwh, "ev price");
        check_sourced(d.ess_pack_price_usd_per_kwh, "ess price");
        CHECK(d.ess_pack_price_usd_per_kwh.value <= d.ev_pack_price_usd_per_kwh.value);
        check_sourced(d.pack_calibration_scalar, "scalar");
        check_sourced(d.stationary_calibration_scalar, "scalar");
        CHECK(d.pack_calibration_scalar.value > 0.0);
        REQUIRE(d.degradation_model != nullptr);
    }
}

TEST_CASE("catalogue values match DATA.md", "[chemistry]") {
    const auto& nmc811 = chemistry_data(Chemistry::nmc811);
    CHECK(nmc811.pack_mass_kg_per_kwh.value == 4.99);
    CHECK(nmc811.content.lithium_kg_per_kwh.value == 0.093);
    CHECK(nmc811.content.nickel_kg_per_kwh.value == 0.626);
    CHECK(nmc811.content.cobalt_kg_per_kwh.value == 0.079);
    CHECK(nmc811.content.manganese_kg_per_kwh.value == 0.073);
    CHECK(nmc811.co2_p50_kg_per_kwh.value == 74);
    const auto& lfp = chemistry_data(Chemistry::lfp);
    CHECK(lfp.pack_mass_kg_per_kwh.value == 6.66);
    CHECK(lfp.content.lithium_kg_per_kwh.value == 0.088);
    CHECK(lfp.content.nickel_kg_per_kwh.value == 0.0);
    CHECK(lfp.content.cobalt_kg_per_kwh.value == 0.0);
    CHECK(lfp.co2_p5_kg_per_kwh.value == 54);
    CHECK(lfp.co2_p95_kg_per_kwh.value == 69);
    CHECK(lfp.ess_pack_price_usd_per_kwh.value == 70);
    CHECK(lfp.pack_calibration_scalar.value == 2.75);
    CHECK(std::string(lfp.degradation_model) == "lfp-gr-250ah");
    CHECK(chemistry_data(Chemistry::nca).pack_calibration_scalar.value == 1.0);
    // Stationary duty runs the cell models as fitted (the EV fleet scalar is not transferred); the NMC111 model
    // as a proxy for NMC811 and NMC622 carries the cycle-life ratio of their cells, 4,700 / 3,350.
    for (Chemistry c : {Chemistry::lfp, Chemistry::nmc111, Chemistry::nca, Chemistry::lmo, Chemistry::na_ion})
        CHECK(chemistry_data(c).stationary_calibration_scalar.value == 1.0);
    for (Chemistry c : {Chemistry::nmc811, Chemistry::nmc622})
        CHECK(chemistry_data(c).stationary_calibration_scalar.value == Approx(4700.0 / 3350.0).margin(0.005));
    CHECK(chemistry_data(Chemistry::nca).content.nickel_kg_per_kwh.value == 0.674);
    CHECK(chemistry_data(Chemistry::nmc622).content.cobalt_kg_per_kwh.value == 0.178);
    // Na-ion: about 25 % heavier than LFP (MODEL.md §1), no Li, Ni or Co.
    const auto& na = chemistry_data(Chemistry::na_ion);
    CHECK(na.pack_mass_kg_per_kwh.value / lfp.pack_mass_kg_per_kwh.value == Approx(1.25).margin(0.05));
    CHECK(na.content.lithium_kg_per_kwh.value == 0.0);
    CHECK(std::string(na.degradation_model) == "generic");
}

TEST_CASE("derived NMC111 and LMO contents follow their formulas", "[chemistry]") {
    // LiNi1/3Mn1/3Co1/3O2: element mass ratios follow the molar masses Li 6.94, Ni 58.69/3, Mn 54.94/3,
    // Co 58.93/3; checked independently of the rounded table values to 1 %.
    const auto& n = chemistry_data(Chemistry::nmc111).content;
    CHECK(n.nickel_kg_per_kwh.value / n.lithium_kg_per_kwh.value == Approx(58.69 / 3 / 6.94).epsilon(0.01));
    CHECK(n.cobalt_kg_per_kwh.value / n.nickel_kg_per_kwh.value == Approx(58.93 / 58.69).epsilon(0.01));
    CHECK(n.manganese_kg_per_kwh.value / n.nickel_kg_per_kwh.value == Approx(54.94 / 58.69).epsilon(0.01));
    // Total cathode metal + Li + O2 mass = CAM 1.60 kg/kWh: Li+Ni+Mn+Co = 1.60 × (96.46 − 32.00)/96.46
    const double metals = n.lithium_kg_per_kwh.value + n.nickel_kg_per_kwh.value + n.manganese_kg_per_kwh.value +
                          n.cobalt_kg_per_kwh.value;
    CHECK(metals == Approx(1.60 * 64.46 / 96.46).epsilon(0.01));
    // LiMn2O4: Mn/Li = 2 × 54.94 / 6.94 = 15.83
    const auto& l = chemistry_data(Chemistry::lmo).content;
    CHECK(l.manganese_kg_per_kwh.value / l.lithium_kg_per_kwh.value == Approx(2 * 54.94 / 6.94).epsilon(0.01));
    // The same capacity scaling carries NMC622's CAM (1.46) to NMC811's (1.30) within 2 %: 1.46 × 175/200.
    CHECK(1.46 * 175.0 / 200.0 == Approx(1.30).epsilon(0.02));
}

TEST_CASE("cathode metal cost per kWh matches DATA.md's contained values", "[chemistry]") {
    MetalPrices p;  // 2025: LCE 10, Ni 15.5, Co 33 $/kg
    // NMC811: 0.093 × 5.323 × 10 + 0.626 × 15.5 + 0.079 × 33 = 4.95039 + 9.703 + 2.607 = 17.26039 $/kWh
    // (DATA.md §4: "NMC811 ~$17").
    CHECK(metal_cost_usd_per_kwh(Chemistry::nmc811, p) == Approx(17.26039).margin(1e-9));
    // LFP: 0.088 × 5.323 × 10 = 4.68424 $/kWh ("LFP ~$5, Li only").
    CHECK(metal_cost_usd_per_kwh(Chemistry::lfp, p) == Approx(4.68424).margin(1e-9));
    // Early 2026 (LCE 22, Ni 16.9, Co 50): NMC811 0.093×5.323×22 + 0.626×16.9 + 0.079×50
    //   = 10.890858 + 10.5794 + 3.95 = 25.420258 ("~$26"); LFP 0.088 × 5.323 × 22 = 10.305328 ("~$10").
    p.lithium_carbonate = 22.0;
    p.nickel = 16.9;
    p.cobalt = 50.0;
    CHECK(metal_cost_usd_per_kwh(Chemistry::nmc811, p) == Approx(25.420258).margin(1e-9));
    CHECK(metal_cost_usd_per_kwh(Chemistry::lfp, p) == Approx(10.305328).margin(1e-9));
    CHECK(metal_cost_usd_per_kwh(Chemistry::na_ion, p) == 0.0);
}
