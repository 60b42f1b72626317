// The model catalogue: the registry of fade models (one entry each), lookup by id, suggestions, and the text of
// the warning bits (docs/MODEL.md §2.1, §2.2).
#include "core/degradation.hpp"

#include "core/degradation/fade_law.hpp"
#include "core/degradation/input_check.hpp"
#include "core/fields.hpp"

#include <cctype>

namespace packfolio {

namespace {

// The registry, in FadeModelKind order: one entry per model, naming it and the data behind it; its equations
// are in its file (fade_law.hpp). The warning texts are written below.
std::array<FadeModel, fade_model_count> registered_models() {
    using K = FadeModelKind;
    return {{
        // Ranges from each BLAST-Lite file's experimental_range and docstring: cycling 10–45 °C, DoD 0.8–1,
        // charge ≤ 0.65C, discharge ≤ 1C. The calendar test temperatures are not listed there; we assume the
        // same 10–45 °C envelope. Pack scalar 2.75: [BLAST] calibration to Tesla fleet data (MODEL.md §2.3).
        {"lfp-gr-250ah", "LFP-Gr 250 Ah prismatic (BLAST-Lite)", K::lfp_gr_250ah, 2.75, 1.0,
         {10.0, 45.0, 10.0, 45.0, 0.8, 1.0, 0.65, 1.0},
         "BLAST-Lite lfp_gr_250AhPrismatic_2019.py; Gasper et al., J. Energy Storage 73 (2023) 109042",
         &lfp_gr_250ah_law},
        // Calendar and cycle tests 0–55 °C; experimental_range cycling 0–45 °C, DoD 0.8–1, 1C/1C. Pack scalar
        // 2.75 as LFP's.
        {"nmc111-gr-kokam-75ah", "NMC111-Gr Kokam 75 Ah (BLAST-Lite)", K::nmc111_gr_kokam_75ah, 2.75, 1.0,
         {0.0, 55.0, 0.0, 45.0, 0.8, 1.0, 1.0, 1.0}, "BLAST-Lite nmc111_gr_Kokam75Ah_2017.py",
         &nmc111_gr_kokam_75ah_law},
        // Calendar 25/40/50 °C (Keil 2016); experimental_range cycling 15–35 °C, DoD 0.8–1, 0.5C charge, 2C
        // discharge. Pack scalar 1: [BLAST] NCA calibration to Tesla fleet data.
        {"nca-gr-panasonic-3ah", "NCA-Gr Panasonic 3 Ah (BLAST-Lite)", K::nca_gr_panasonic_3ah, 1.0, 1.0,
         {15.0, 50.0, 15.0, 35.0, 0.8, 1.0, 0.5, 2.0},
         "BLAST-Lite nca_gr_Panasonic3Ah_2018.py; Keil et al. 2016; Preger et al. 2020", &nca_gr_panasonic_3ah_law},
        // Calendar tests 25–45 °C (Braco et al. 2022, our reading); cycling only at 25 °C, 100 % DoD, 1C
        // (experimental_range 20–30 °C, DoD 0.8–1). q relative to the start of second life (~70 % of new). Pack
        // scalar 1: a cell-level second-life model, no pack calibration published [BLAST].
        {"lmo-gr-nissan-leaf-2ndlife", "LMO-Gr Nissan Leaf, second life (BLAST-Lite)", K::lmo_gr_nissan_leaf_2ndlife,
         1.0, LmoGrNissanLeafParams{}.start_fraction_of_new, {20.0, 45.0, 20.0, 30.0, 0.8, 1.0, 1.0, 1.0},
         "BLAST-Lite lmo_gr_NissanLeaf66Ah_2ndLife_2020.py; Braco et al. 2020, 2022", &lmo_gr_nissan_leaf_2ndlife_law},
        // Not fitted to data: the ranges are assumptions that keep the Arrhenius extrapolation modest. Pack
        // scalar 1: the user's parameters are the whole model. Last: the fallback for an unknown id
        // (lifecycle.cpp).
        {"generic", "Generic power law (assumption, e.g. Na-ion)", K::generic, 1.0, 1.0,
         {-20.0, 60.0, 0.0, 45.0, 0.0, 1.0, 3.0, 3.0},
         "MODEL.md §2.2 generic power law; parameters are user assumptions", &generic_law},
    }};
}

int bit_index(unsigned bit) {
    int i = 0;
    while ((bit >>= 1) != 0) ++i;
    return i;
}

// The text of every warning bit of a model, from its id and ranges (describe_warnings hands them out).
void write_warning_texts(FadeModel& m) {
    const auto num = fade_number_text;
    const FadeRanges& r = m.ranges;
    const std::string id = m.id;
    auto set = [&](unsigned bit, std::string text) {
        m.warning_texts[static_cast<std::size_t>(bit_index(bit))] = std::move(text);
    };
    set(fade_warning::invalid_duty, "the duty profile is invalid (see check_duty); no fade computed");
    set(fade_warning::temperature_data, "temperature outside the " + id + " aging data (" + num(r.temperature_min_c) +
                                            " to " + num(r.temperature_max_c) + " °C): fade is extrapolated");
    set(fade_warning::cycling_temperature, "cycling temperature outside the " + id + " cycle-aging data (" +
                                               num(r.cycling_temperature_min_c) + " to " +
                                               num(r.cycling_temperature_max_c) + " °C): cycle fade is extrapolated");
    set(fade_warning::dod, "DoD outside the " + id + " cycle-aging data (" + num(r.dod_min) + " to " + num(r.dod_max) +
                               "): cycle fade is extrapolated");
    set(fade_warning::charge_rate, "charge rate above the " + id + " data (" + num(r.max_charge_c_rate) +
                                       "C): fade at this rate is not in the model");
    set(fade_warning::discharge_rate, "discharge rate above the " + id + " data (" + num(r.max_discharge_c_rate) +
                                          "C): fade at this rate is not in the model");
    set(fade_warning::lam_rate_clamped,
        "loss-of-active-material rate clamped (q5 below its floor): conditions far outside the data");
    set(fade_warning::soc_clipped,
        "full mode: the rescaled SOC swing was clipped to 0–1, so throughput is no longer conserved");
    set(fade_warning::capacity_floor,
        "capacity fell to 0 or below: far beyond the model's data (the raw model value is reported)");
    set(fade_warning::generic_assumption, "generic power law: an assumption, not a model fitted to aging data");
}

std::array<FadeModel, fade_model_count> build_catalogue() {
    std::array<FadeModel, fade_model_count> models = registered_models();
    for (FadeModel& m : models) write_warning_texts(m);
    return models;
}

}  // namespace

const std::array<FadeModel, fade_model_count>& fade_models() {
    static const std::array<FadeModel, fade_model_count> catalogue = build_catalogue();
    return catalogue;
}

const FadeModel* find_fade_model(std::string_view id) {
    for (const FadeModel& m : fade_models())
        if (id == m.id) return &m;
    return nullptr;
}

std::string suggest_fade_model(std::string_view id) {
    std::string q(id);
    for (char& c : q) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (q.empty()) return {};
    // A prefix or a piece of an id ("lfp", "kokam", "nissan") points straight at it.
    std::vector<std::string> ids;
    for (const FadeModel& m : fade_models()) {
        const std::string_view mid = m.id;
        if (mid.substr(0, q.size()) == q || mid.find(q) != std::string_view::npos) return m.id;
        ids.emplace_back(m.id);
    }
    return did_you_mean(q, ids);  // a typo: the nearest id by edit distance
}

void append_warnings(const FadeModel& m, unsigned w, std::string_view prefix, std::vector<std::string>& out) {
    // In a fixed reading order: what went wrong with the input first, then extrapolation, then notes.
    for (unsigned bit : {fade_warning::invalid_duty, fade_warning::temperature_data, fade_warning::cycling_temperature,
                         fade_warning::dod, fade_warning::charge_rate, fade_warning::discharge_rate,
                         fade_warning::lam_rate_clamped, fade_warning::soc_clipped, fade_warning::capacity_floor,
                         fade_warning::generic_assumption}) {
        if (!(w & bit)) continue;
        const std::string& text = m.warning_texts[static_cast<std::size_t>(bit_index(bit))];
        std::string line;
        line.reserve(prefix.size() + text.size());
        line.append(prefix).append(text);
        out.push_back(std::move(line));
    }
}

std::vector<std::string> describe_warnings(const FadeModel& m, unsigned w) {
    std::vector<std::string> out;
    append_warnings(m, w, {}, out);
    return out;
}

}  // namespace packfolio
