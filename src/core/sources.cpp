#include "core/sources.hpp"

#include <array>
#include <cstring>
#include <string>

#include "core/chemistry.hpp"
#include "core/fields.hpp"
#include "core/lifecycle.hpp"
#include "core/scenario.hpp"

namespace packfolio {

namespace {

// Year of the data and confidence of each DATA.md source key used by the lifecycle fields (DATA.md's tables).
struct KeyGrade {
    const char* key;
    int year;
    const char* confidence;
};
constexpr std::array<KeyGrade, 41> key_grades = {{
    {"[ADL]", 2024, "A"},        {"[ANZA]", 2025, "B"},     {"[ATB]", 2020, "A"},      {"[BATPAC]", 2023, "B"},
    {"[BATDES]", 2023, "C"},
    {"[BIOINS]", 2023, "C"},     {"[BLAST]", 2023, "B"},    {"[BNEF-ESS24]", 2024, "A"}, {"[BNEF23]", 2023, "A"},
    {"[BNEF25]", 2025, "A"},     {"[CTECH]", 2024, "C"},    {"[CURR]", 2023, "C"},     {"[DC]", 2025, "C"},
    {"[EBA]", 2023, "C"},        {"[EVERBATT]", 2023, "A"}, {"[FM-BM]", 2024, "A"},    {"[FORUM]", 2025, "C"},      {"[GEOTAB]", 2026, "A"},
    {"[INFOLINK]", 2025, "A"},   {"[LAZ24]", 2024, "A"},    {"[LIESK]", 2024, "B"},    {"[LLAMAS]", 2023, "A"},
    {"[METALS]", 2025, "A"},     {"[MODO]", 2024, "A"},     {"[NI-LCA]", 2020, "B"},   {"[NREL-B2U]", 2015, "A"}, {"[PEIS]", 2024, "A"},
    {"[PJM]", 2025, "A"},        {"[PULSE]", 2025, "B"},    {"[RECUR]", 2024, "B"},    {"[REJ]", 2023, "B"},      {"[RWE]", 2025, "B"},
    {"[TENER]", 2024, "C"},      {"[WILSON]", 2021, "B"},
    {"[EESA24]", 2025, "B"},     {"[ESSD25]", 2025, "B"},   {"[WM-ACP25]", 2025, "A"}, {"[TRENDFORCE24]", 2024, "B"},
    {"[LGES24]", 2025, "A"},     {"[EMBER]", 2023, "A"},    {"[NEA21]", 2021, "A"},
}};

constexpr int base_year = 2025;

// Lists the default of every number in a section with its FieldSpec.
class SpecCollector : public PathVisitor<SpecCollector> {
public:
    explicit SpecCollector(std::vector<SourceEntry>& out) : out_(out) {}

    void param(const FieldSpec& s, Param& p) { add(s, p.value); }
    void number(const FieldSpec& s, double& x) { add(s, x); }
    void integer(const FieldSpec& s, int& x) { add(s, static_cast<double>(x)); }
    void number_array(const FieldSpec&, std::vector<double>&) {}
    // Optional sections and arrays list the defaults of one default-constructed element, so the sources of
    // the portfolio and logistics fields show even when a scenario leaves those sections out.
    template <class T, class F>
    void optional_object(const char* key, std::optional<T>&, F&& fn) {
        T defaults{};
        object(key, [&](SpecCollector& c) { fn(c, defaults); });
    }
    template <class T, class F>
    void array(const char* key, std::vector<T>&, F&& fn) {
        T element{};
        object((std::string(key) + "[]").c_str(), [&](SpecCollector& c) { fn(c, element); });
    }

private:
    void add(const FieldSpec& s, double value) {
        const SourceGrade g = grade_source(s.source);
        out_.push_back({join_path(path_, s.key) + " (" + s.label + ")", Sourced{value, s.unit, s.source, g.year, g.confidence}});
    }
    std::vector<SourceEntry>& out_;
};

void add_chemistry(std::vector<SourceEntry>& out, const ChemistryData& d) {
    const std::string n = d.name;
    out.push_back({n + " pack mass", d.pack_mass_kg_per_kwh});
    out.push_back({n + " lithium content", d.content.lithium_kg_per_kwh});
    out.push_back({n + " nickel content", d.content.nickel_kg_per_kwh});
    out.push_back({n + " cobalt content", d.content.cobalt_kg_per_kwh});
    out.push_back({n + " manganese content", d.content.manganese_kg_per_kwh});
    out.push_back({n + " copper content", d.content.copper_kg_per_kwh});
    out.push_back({n + " aluminium content", d.content.aluminium_kg_per_kwh});
    out.push_back({n + " graphite content", d.content.graphite_kg_per_kwh});
    out.push_back({n + " cradle-to-gate CO2 p5", d.co2_p5_kg_per_kwh});
    out.push_back({n + " cradle-to-gate CO2 p50", d.co2_p50_kg_per_kwh});
    out.push_back({n + " cradle-to-gate CO2 p95", d.co2_p95_kg_per_kwh});
    out.push_back({n + " new EV pack price", d.ev_pack_price_usd_per_kwh});
    out.push_back({n + " new stationary pack price", d.ess_pack_price_usd_per_kwh});
    out.push_back({n + " pack calibration scalar (" + d.degradation_model + ")", d.pack_calibration_scalar});
    out.push_back({n + " stationary calibration scalar (" + d.degradation_model + ")",
                   d.stationary_calibration_scalar});
}

}  // namespace

SourceGrade grade_source(const char* source_text) {
    const std::string s = source_text ? source_text : "";
    if (s.rfind("D:", 0) == 0) {
        for (const KeyGrade& k : key_grades)
            if (s.find(k.key) != std::string::npos) return {k.year, "D"};
        return {base_year, "D"};
    }
    if (s.rfind("assumption", 0) == 0) return {base_year, "C"};
    // The first key in the text decides.
    std::size_t first = std::string::npos;
    SourceGrade g{base_year, "C"};
    for (const KeyGrade& k : key_grades) {
        const std::size_t at = s.find(k.key);
        if (at < first) {
            first = at;
            g = {k.year, k.confidence};
        }
    }
    return g;
}

std::vector<SourceEntry> all_sources() {
    std::vector<SourceEntry> out;
    for (std::size_t i = 0; i < chemistry_count; ++i) add_chemistry(out, chemistry_data(static_cast<Chemistry>(i)));
    for (SourceEntry& e : lifecycle_constant_sources()) out.push_back(std::move(e));
    for (SourceEntry& e : portfolio_constant_sources()) out.push_back(std::move(e));
    Scenario defaults;
    SpecCollector collector(out);
    visit_fields(collector, defaults);
    return out;
}

}  // namespace packfolio
