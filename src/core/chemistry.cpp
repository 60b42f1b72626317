#include "core/chemistry.hpp"

// The chemistry catalogue (MODEL.md §1). Every number carries its source key from DATA.md, the year of
// the data and a confidence tag (A primary, B one credible source, C secondary or vendor, D derived here).
//
// Derivations used below (D):
//   - Element content = cathode active material (CAM) kg/kWh × element mass fraction of the formula.
//     NMC111 (LiNi1/3Mn1/3Co1/3O2, 96.46 g/mol) has no CAM figure in DATA.md: its CAM is scaled from
//     NMC622's 1.46 kg/kWh by specific capacity, 1.46 × 175/160 = 1.60 kg/kWh (the same scaling takes
//     NMC622 to NMC811's 1.30 within 2 %). Then Li 1.60·6.94/96.46 = 0.115, Ni 1.60·19.56/96.46 = 0.325,
//     Mn 1.60·18.31/96.46 = 0.304, Co 1.60·19.64/96.46 = 0.326 kg/kWh.
//     LMO (LiMn2O4, 180.8 g/mol, ~110 mAh/g at 4.0 V = 0.44 Wh/g) → CAM 1/0.44 = 2.27 kg/kWh; Li
//     2.27·6.94/180.8 = 0.087, Mn 2.27·109.9/180.8 = 1.380 kg/kWh. The Leaf's small nickelate share is
//     ignored.
//   - Copper and graphite sit in the anode and scale with ampere-hours per kWh: LFP cells run at 3.2 V
//     against ~3.65 V for NMC, so LFP carries 3.65/3.2 = 1.14 × the generic NMC pack's Cu 0.6 and
//     graphite 0.8 kg/kWh [BIOINS]: 0.68 and 0.91. Aluminium (foil and casing) scales with pack mass:
//     LFP 0.6 × 6.66/4.99 = 0.80 kg/kWh.
//   - Stationary pack prices for chemistries without a segment figure apply the LFP ratio of stationary to
//     all-segment pack price, 70/81 = 0.864 [BNEF25], to their EV pack price.

#include <stdexcept>

namespace packfolio {

namespace {

constexpr Sourced src(double v, const char* unit, const char* source, int year, const char* conf) {
    return Sourced{v, unit, source, year, conf};
}

constexpr const char* kg_kwh = "kg/kWh";
constexpr const char* co2_kwh = "kg CO2e/kWh";
constexpr const char* usd_kwh = "$/kWh";
constexpr const char* none = "-";

// Shared records, cited once.
constexpr Sourced generic_cu = src(0.6, kg_kwh, "[BIOINS] generic NMC pack, DATA.md §4", 2023, "C");
constexpr Sourced generic_al = src(0.6, kg_kwh, "[BIOINS] generic NMC pack, DATA.md §4", 2023, "C");
constexpr Sourced generic_graphite = src(0.8, kg_kwh, "[BIOINS] generic NMC pack, DATA.md §4", 2023, "C");
constexpr Sourced zero_content = src(0.0, kg_kwh, "not in this cathode (stoichiometry)", 2024, "D");

constexpr Sourced nmc_co2_p5 = src(59, co2_kwh, "[PEIS] NMC811 cradle-to-gate p5, DATA.md §6", 2024, "A");
constexpr Sourced nmc_co2_p50 = src(74, co2_kwh, "[PEIS] NMC811 cradle-to-gate p50, DATA.md §6", 2024, "A");
constexpr Sourced nmc_co2_p95 = src(115, co2_kwh, "[PEIS] NMC811 cradle-to-gate p95, DATA.md §6", 2024, "A");
constexpr Sourced nmc_like_co2_p5 =
    src(59, co2_kwh, "assumption: NMC811 value [PEIS] (same Ni-Co cathode route), DATA.md §6", 2024, "D");
constexpr Sourced nmc_like_co2_p50 =
    src(74, co2_kwh, "assumption: NMC811 value [PEIS] (same Ni-Co cathode route), DATA.md §6", 2024, "D");
constexpr Sourced nmc_like_co2_p95 =
    src(115, co2_kwh, "assumption: NMC811 value [PEIS] (same Ni-Co cathode route), DATA.md §6", 2024, "D");
constexpr Sourced lfp_co2_p5 = src(54, co2_kwh, "[PEIS] LFP cradle-to-gate p5, DATA.md §6", 2024, "A");
constexpr Sourced lfp_co2_p50 = src(62, co2_kwh, "[PEIS] LFP cradle-to-gate p50, DATA.md §6", 2024, "A");
constexpr Sourced lfp_co2_p95 = src(69, co2_kwh, "[PEIS] LFP cradle-to-gate p95, DATA.md §6", 2024, "A");
constexpr Sourced lfp_like_co2_p5 =
    src(54, co2_kwh, "assumption: LFP value [PEIS] (Ni- and Co-free cathode), DATA.md §6", 2024, "D");
constexpr Sourced lfp_like_co2_p50 =
    src(62, co2_kwh, "assumption: LFP value [PEIS] (Ni- and Co-free cathode), DATA.md §6", 2024, "D");
constexpr Sourced lfp_like_co2_p95 =
    src(69, co2_kwh, "assumption: LFP value [PEIS] (Ni- and Co-free cathode), DATA.md §6", 2024, "D");

constexpr Sourced nmc_ev_price = src(128, usd_kwh, "[BNEF25] NMC pack average, DATA.md §1", 2025, "A");
constexpr Sourced nmc_ess_price =
    src(110.6, usd_kwh, "D: NMC pack 128 × LFP stationary/all-segment ratio 70/81 [BNEF25]", 2025, "D");

constexpr Sourced nmc_model_scalar =
    src(2.75, none, "[BLAST] pack calibration of NMC111 to Tesla fleet data, MODEL.md §2.3", 2023, "B");
constexpr Sourced nmc_proxy_scalar = src(
    2.75, none, "assumption: NMC111 pack calibration [BLAST] (model is the NMC111 Kokam proxy)", 2023, "D");

// BLAST-Lite's pack scalars are fitted to Tesla EV fleet data: they carry the EV duty's hot, fast-charged,
// unevenly aged pack. A stationary system is conditioned and cycled gently, and the cell models were fitted to
// lab cycling of that kind; no stationary pack calibration is published, so stationary duty runs the cell
// models as fitted (scalar 1). Checked against LFP storage: ~8,000 EFC to 80 % at 25 °C [BLAST] is ~20 years
// of daily cycling, the life vendors warrant [TENER]; at × 2.75 LFP would end a decade of daily cycling below
// NCA, the reverse of what storage buyers see.
constexpr Sourced stationary_cell_scalar =
    src(1.0, none, "[BLAST] cell model as fitted to lab cycling; LFP ~8,000 EFC to 80 % = ~20 yr daily, as [TENER] "
                   "warrants; the EV fleet scalar is not transferred (docs/MODEL.md §2.3)",
        2023, "D");

// The NMC111 Kokam model stands in for NMC811 and NMC622 packs, whose cells last fewer cycles: under the
// reference run (25 °C, 0.9 DoD) NMC111 Kokam reaches 80 % after 4,700 EFC, NMC622 DENSO after 3,350
// [BLAST]. The proxy's stationary scalar carries that ratio (the fade drivers scale with scalar × EFC).
constexpr Sourced nmc_proxy_stationary_scalar =
    src(1.40, none, "D: [BLAST] runs at 25 °C, 0.9 DoD: NMC111 Kokam 4,700 EFC to 80 % / NMC622 DENSO 3,350 = 1.40 on "
                    "the proxy's throughput (DATA.md §2)",
        2023, "D");

const std::array<ChemistryData, chemistry_count> catalogue = {{
    {Chemistry::lfp,
     "LFP",
     src(6.66, kg_kwh, "[BATPAC] 100-kWh LFP pack, DATA.md §4", 2023, "B"),
     {src(0.088, kg_kwh, "stoichiometry × CAM 2.00 kg/kWh [BATPAC], DATA.md §4", 2023, "D"), zero_content,
      zero_content, zero_content,
      src(0.68, kg_kwh, "D: generic 0.6 [BIOINS] × 3.65/3.2 V (more Ah per kWh)", 2023, "D"),
      src(0.80, kg_kwh, "D: generic 0.6 [BIOINS] × pack mass 6.66/4.99", 2023, "D"),
      src(0.91, kg_kwh, "D: generic 0.8 [BIOINS] × 3.65/3.2 V (more Ah per kWh)", 2023, "D")},
     lfp_co2_p5,
     lfp_co2_p50,
     lfp_co2_p95,
     src(81, usd_kwh, "[BNEF25] LFP pack average (all segments), DATA.md §1", 2025, "A"),
     src(70, usd_kwh, "[BNEF25] stationary-storage pack, DATA.md §1", 2025, "A"),
     "lfp-gr-250ah",
     src(2.75, none, "[BLAST] pack calibration of LFP to Tesla fleet data, MODEL.md §2.3", 2023, "B"),
     stationary_cell_scalar},
    {Chemistry::nmc811,
     "NMC811",
     src(4.99, kg_kwh, "[BATPAC] 100-kWh NMC811 pack, DATA.md §4", 2023, "B"),
     {src(0.093, kg_kwh, "stoichiometry × CAM 1.30 kg/kWh [BATPAC], DATA.md §4", 2023, "D"),
      src(0.626, kg_kwh, "stoichiometry × CAM 1.30 kg/kWh [BATPAC], DATA.md §4", 2023, "D"),
      src(0.079, kg_kwh, "stoichiometry × CAM 1.30 kg/kWh [BATPAC], DATA.md §4", 2023, "D"),
      src(0.073, kg_kwh, "stoichiometry × CAM 1.30 kg/kWh [BATPAC], DATA.md §4", 2023, "D"), generic_cu,
      generic_al, generic_graphite},
     nmc_co2_p5,
     nmc_co2_p50,
     nmc_co2_p95,
     nmc_ev_price,
     nmc_ess_price,
     // BLAST-Lite's NMC811-Si cells are poor outliers (550-1,000 EFC, DATA.md §2); the NMC111 Kokam model
     // is the proxy for modern graphite-anode NMC packs.
     "nmc111-gr-kokam-75ah",
     nmc_proxy_scalar,
     nmc_proxy_stationary_scalar},
    {Chemistry::nmc622,
     "NMC622",
     src(5.23, kg_kwh, "[BATPAC] 100-kWh NMC622 pack, DATA.md §4", 2023, "B"),
     {src(0.105, kg_kwh, "stoichiometry × CAM 1.46 kg/kWh [BATPAC], DATA.md §4", 2023, "D"),
      src(0.532, kg_kwh, "stoichiometry × CAM 1.46 kg/kWh [BATPAC], DATA.md §4", 2023, "D"),
      src(0.178, kg_kwh, "stoichiometry × CAM 1.46 kg/kWh [BATPAC], DATA.md §4", 2023, "D"),
      src(0.166, kg_kwh, "stoichiometry × CAM 1.46 kg/kWh [BATPAC], DATA.md §4", 2023, "D"), generic_cu,
      generic_al, generic_graphite},
     nmc_like_co2_p5,
     nmc_like_co2_p50,
     nmc_like_co2_p95,
     nmc_ev_price,
     nmc_ess_price,
     "nmc111-gr-kokam-75ah",
     nmc_proxy_scalar,
     nmc_proxy_stationary_scalar},
    {Chemistry::nmc111,
     "NMC111",
     // Lower specific energy than NMC622: pack mass scaled by CAM capacity 175/160 on the cathode share
     // is ~5.6; no pack figure in DATA.md.
     src(5.6, kg_kwh, "assumption: NMC622 5.23 [BATPAC] scaled for a 9 % lower cathode capacity", 2023, "D"),
     {src(0.115, kg_kwh, "D: LiNi1/3Mn1/3Co1/3O2 × CAM 1.60 kg/kWh (see file header)", 2023, "D"),
      src(0.325, kg_kwh, "D: LiNi1/3Mn1/3Co1/3O2 × CAM 1.60 kg/kWh (see file header)", 2023, "D"),
      src(0.326, kg_kwh, "D: LiNi1/3Mn1/3Co1/3O2 × CAM 1.60 kg/kWh (see file header)", 2023, "D"),
      src(0.304, kg_kwh, "D: LiNi1/3Mn1/3Co1/3O2 × CAM 1.60 kg/kWh (see file header)", 2023, "D"), generic_cu,
      generic_al, generic_graphite},
     nmc_like_co2_p5,
     nmc_like_co2_p50,
     nmc_like_co2_p95,
     nmc_ev_price,
     nmc_ess_price,
     "nmc111-gr-kokam-75ah",
     nmc_model_scalar,
     stationary_cell_scalar},
    {Chemistry::nca,
     "NCA",
     src(5.11, kg_kwh, "[BATPAC] 100-kWh NCA pack, DATA.md §4", 2023, "B"),
     {src(0.100, kg_kwh, "stoichiometry × CAM 1.38 kg/kWh [BATPAC], DATA.md §4", 2023, "D"),
      src(0.674, kg_kwh, "stoichiometry × CAM 1.38 kg/kWh [BATPAC], DATA.md §4", 2023, "D"),
      src(0.127, kg_kwh, "stoichiometry × CAM 1.38 kg/kWh [BATPAC], DATA.md §4", 2023, "D"), zero_content,
      generic_cu, generic_al, generic_graphite},
     nmc_like_co2_p5,
     nmc_like_co2_p50,
     nmc_like_co2_p95,
     nmc_ev_price,
     nmc_ess_price,
     "nca-gr-panasonic-3ah",
     src(1.0, none, "[BLAST] NCA pack calibration to Tesla fleet data, MODEL.md §2.3", 2023, "B"),
     stationary_cell_scalar},
    {Chemistry::lmo,
     "LMO",
     // First-generation Nissan Leaf: 24 kWh, about 294 kg with its steel casing and air cooling.
     src(12.25, kg_kwh, "assumption: Nissan Leaf 24 kWh pack of ~294 kg (maker specification)", 2011, "C"),
     {src(0.087, kg_kwh, "D: LiMn2O4 × CAM 2.27 kg/kWh (see file header)", 2011, "D"), zero_content,
      zero_content, src(1.380, kg_kwh, "D: LiMn2O4 × CAM 2.27 kg/kWh (see file header)", 2011, "D"),
      generic_cu, generic_al, generic_graphite},
     lfp_like_co2_p5,
     lfp_like_co2_p50,
     lfp_like_co2_p95,
     // Legacy chemistry, no longer sold new: priced at the all-segment average.
     src(108, usd_kwh, "assumption: all-segment pack average [BNEF25] (LMO no longer sold new)", 2025, "D"),
     src(93.3, usd_kwh, "D: 108 × LFP stationary/all-segment ratio 70/81 [BNEF25]", 2025, "D"),
     "lmo-gr-nissan-leaf-2ndlife",
     src(1.0, none, "[BLAST] cell-level second-life model, no pack calibration published", 2023, "D"),
     src(1.0, none, "[BLAST] cell-level second-life model, no pack calibration published", 2023, "D")},
    {Chemistry::na_ion,
     "Na-ion",
     src(8.33, kg_kwh, "assumption: LFP 6.66 × 1.25 (Na-ion ~20-30 % heavier, MODEL.md §1)", 2025, "D"),
     // No Li, Ni or Co to recover (DATA.md §9 preset 7); aluminium foil on both electrodes replaces the
     // copper anode foil, and the hard-carbon anode holds no graphite.
     {zero_content, zero_content, zero_content, zero_content,
      src(0.15, kg_kwh, "assumption: busbars and cables only (Al anode foil)", 2025, "D"),
      src(1.0, kg_kwh, "assumption: Al foil on both electrodes plus casing", 2025, "D"),
      src(0.0, kg_kwh, "hard-carbon anode: no graphite", 2025, "D")},
     lfp_like_co2_p5,
     lfp_like_co2_p50,
     lfp_like_co2_p95,
     src(81, usd_kwh, "[PAVA] LFP parity: LFP pack average 81 [BNEF25]", 2025, "B"),
     src(70, usd_kwh, "[PAVA] LFP parity: stationary pack 70 [BNEF25]", 2025, "B"),
     "generic",
     src(1.0, none, "assumption: the generic model's own parameters set the fade (MODEL.md §2.2)", 2025, "D"),
     src(1.0, none, "assumption: the generic model's own parameters set the fade (MODEL.md §2.2)", 2025, "D")},
}};

}  // namespace

const ChemistryData& chemistry_data(Chemistry c) {
    const auto i = static_cast<std::size_t>(c);
    if (i >= catalogue.size()) throw std::out_of_range("chemistry_data: unknown chemistry");
    return catalogue[i];
}

}  // namespace packfolio
