#pragma once
// Catalogue of cell chemistries and their sourced defaults (MODEL.md §1, DATA.md §1, §4, §6).

#include <array>
#include <string>
#include <vector>

#include "core/sourced.hpp"

namespace packfolio {

enum class Chemistry { lfp, nmc811, nmc622, nmc111, nca, lmo, na_ion };
inline constexpr std::array<const char*, 7> chemistry_names = {"LFP", "NMC811", "NMC622", "NMC111",
                                                               "NCA", "LMO", "Na-ion"};
inline constexpr std::size_t chemistry_count = chemistry_names.size();

// Recoverable content per kWh of nominal pack capacity, as elements (lithium as Li metal).
struct MaterialContent {
    Sourced lithium_kg_per_kwh;
    Sourced nickel_kg_per_kwh;
    Sourced cobalt_kg_per_kwh;
    Sourced manganese_kg_per_kwh;
    Sourced copper_kg_per_kwh;
    Sourced aluminium_kg_per_kwh;
    Sourced graphite_kg_per_kwh;
};

struct ChemistryData {
    Chemistry id;
    const char* name;
    Sourced pack_mass_kg_per_kwh;
    MaterialContent content;
    Sourced co2_p5_kg_per_kwh;   // cradle-to-gate pack manufacturing
    Sourced co2_p50_kg_per_kwh;
    Sourced co2_p95_kg_per_kwh;
    Sourced ev_pack_price_usd_per_kwh;   // new pack, EV segment
    Sourced ess_pack_price_usd_per_kwh;  // new pack, stationary segment
    const char* degradation_model;       // id in degradation.hpp
    Sourced pack_calibration_scalar;     // multiplies every fade increment under EV duty (MODEL.md §2.3)
    Sourced stationary_calibration_scalar;  // the same under stationary duty (docs/MODEL.md §2.3)
};

const ChemistryData& chemistry_data(Chemistry c);

}  // namespace packfolio
