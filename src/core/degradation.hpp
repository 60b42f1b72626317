#pragma once
// Capacity-fade engine (MODEL.md §2). The models follow NREL BLAST-Lite (github.com/NREL/BLAST-Lite @bae8c71,
// `blast/models/*.py`, BSD licence); the equations are re-implemented here from MODEL.md §2.2 and the papers
// those files cite, not copied.
//
// How it fits together:
//   DutyDay ──compute_stressors──▶ Stressors ──▶ FadeTrack / advance ──▶ FadeState ──capacity──▶ q
// A DutyDay is one representative repetition of use (normally one day) that repeats for as long as a life
// phase lasts. compute_stressors() reduces it once to a handful of numbers (EFC/day, DoD, C-rate and the
// time-averaged rate constant of every loss term, MODEL.md §2.1). Each loss term is a power law y = k·x^p
// (or, for the Kokam LAM term, a sigmoid) in a driver x (days or EFC). advance() continues every term from
// its current value at the new rate constant (the "equivalent driver" form of the incremental update in
// MODEL.md §2.3), so a life can switch profile part way (EV first life, then stationary second life) and
// keep its history. In constant mode this is O(1) per phase and independent of the step count.
//
// Everything here is pure and deterministic: no I/O, no globals (the model table is a constant), no
// exceptions. Invalid input is reported through return values (check_duty, Stressors::valid, error strings).
// Units: time in days inside the models, years (365 days, as BLAST-Lite's run.py) at the API edges.
//
// Index: this header is the engine's public face; the code is in src/core/degradation/:
//   fade_law.hpp                 the interface a model implements (FadeLaw), and how to add a model
//   lfp_gr_250ah, nmc111_gr_kokam_75ah, nca_gr_panasonic_3ah, lmo_gr_nissan_leaf_2ndlife, generic (.hpp/.cpp)
//                                one model each: its parameters and equations (.hpp), its FadeLaw (.cpp)
//   catalogue.cpp                the registry (one entry per model), lookup, suggestions, warning texts
//   stressors.hpp/.cpp           check_duty, graphite_potential_v, compute_stressors (one pass over the day)
//   loss_terms.hpp/.cpp          power-law and sigmoid shapes, equivalent drivers, BLAST-Lite's LAM lag
//   integration.cpp              FadeState, FadeTrack, advance (constant and full mode), simulate, years_to_soh
//   duties.cpp                   make_ev_duty, make_stationary_duty
//   input_check.hpp/.cpp         the one-line errors for bad input

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/degradation/generic.hpp"
#include "core/degradation/lfp_gr_250ah.hpp"
#include "core/degradation/lmo_gr_nissan_leaf_2ndlife.hpp"
#include "core/degradation/nca_gr_panasonic_3ah.hpp"
#include "core/degradation/nmc111_gr_kokam_75ah.hpp"

namespace packfolio {

inline constexpr double fade_days_per_year = 365.0;

// ---------------------------------------------------------------------------------------------------------
// Duty profile (MODEL.md §2.1)

// One representative repetition (normally one day) of use, repeated for as long as a phase lasts. The
// repetition period is time_s.back() − time_s.front(), as in BLAST-Lite (degradation_model.py,
// _extract_stressors: delta_t_days = t_days[-1] − t_days[0]).
struct DutyDay {
    std::vector<double> time_s;         // strictly increasing
    std::vector<double> soc;            // state of charge, fraction 0–1
    std::vector<double> temperature_c;  // cell temperature
};

// "" when the day is usable, otherwise one line naming the field, the value and what was expected, e.g.
// "profile.soc[3] = 1.2: expected 0 to 1 (fraction)". Checks: ≥ 2 samples, equal lengths, finite values,
// strictly increasing times, SOC in [0, 1], temperature in [−100, 150] °C (physically meaningful; the model's
// own data range is a separate, softer check: FadeRanges).
std::string check_duty(const DutyDay& day, std::string_view prefix = "profile");

// Graphite anode potential vs Li/Li+ in volts, Ua(SOC), after Safari & Delacourt (J. Electrochem. Soc. 158
// (2011) A562), with the lithiation fraction Xa = 0.0085 + SOC·(0.78 − 0.0085) (MODEL.md §2.1;
// BLAST-Lite degradation_model.py, _get_Ua).
double graphite_potential_v(double soc);

// ---------------------------------------------------------------------------------------------------------
// Models (MODEL.md §2.2). Each has a file pair in degradation/: its parameter struct, named as in the paper /
// BLAST-Lite file so the equations read like the source, and its FadeLaw (degradation/fade_law.hpp).

// Range of the aging data behind a model (BLAST-Lite `experimental_range` and docstrings). Outside
// temperature_*: the CLI rejects the profile, the core warns. The rest only warn.
struct FadeRanges {
    double temperature_min_c, temperature_max_c;  // envelope of all aging tests (calendar ∪ cycling)
    double cycling_temperature_min_c, cycling_temperature_max_c;
    double dod_min, dod_max;  // checked only when the duty cycles (EFC/day ≥ 0.01)
    double max_charge_c_rate, max_discharge_c_rate;
};

// One per model, in catalogue order (catalogue.cpp); generic stays last.
enum class FadeModelKind {
    lfp_gr_250ah,
    nmc111_gr_kokam_75ah,
    nca_gr_panasonic_3ah,
    lmo_gr_nissan_leaf_2ndlife,
    generic
};

struct FadeLaw;  // a model's equations (degradation/fade_law.hpp)

struct FadeModel {
    const char* id;
    const char* display_name;
    FadeModelKind kind;
    double default_pack_scalar;    // pack calibration scalar (MODEL.md §2.3); cells use 1.0
    double start_fraction_of_new;  // capacity at q = 1 relative to a new cell (LMO second life: 0.7)
    FadeRanges ranges;
    const char* source;
    const FadeLaw* law = nullptr;  // never null in a catalogue model
    // The parameters; only the struct matching `kind` is read (by `law`).
    LfpGr250AhParams lfp{};
    Nmc111GrKokam75AhParams nmc111{};
    NcaGrPanasonic3AhParams nca{};
    LmoGrNissanLeafParams lmo{};
    GenericParams generic{};
    // The text of each warning bit (index = bit position), written once when the model is made: they name
    // the model's ranges, and a Monte Carlo asks for them thousands of times.
    std::array<std::string, 10> warning_texts{};
};

// generic is the last kind: the catalogue's fallback.
inline constexpr std::size_t fade_model_count = static_cast<std::size_t>(FadeModelKind::generic) + 1;
// The catalogue, in FadeModelKind order: lfp-gr-250ah, nmc111-gr-kokam-75ah, nca-gr-panasonic-3ah,
// lmo-gr-nissan-leaf-2ndlife, generic (with the default GenericParams).
const std::array<FadeModel, fade_model_count>& fade_models();
// nullptr when the id is unknown.
const FadeModel* find_fade_model(std::string_view id);
// The closest id to a mistyped one (prefix, substring or edit distance), or "" when nothing is close.
std::string suggest_fade_model(std::string_view id);
// make_generic_model (the generic model with user parameters) is in degradation/generic.hpp.

// ---------------------------------------------------------------------------------------------------------
// Warnings: a bit set carried by Stressors and FadeState; describe_warnings() turns it into text.
namespace fade_warning {
inline constexpr unsigned temperature_data = 1u << 0;     // a sample outside the model's aging-data temperatures
inline constexpr unsigned cycling_temperature = 1u << 1;  // cycling outside the cycle-aging temperatures
inline constexpr unsigned dod = 1u << 2;                  // cycling DoD outside the cycle-aging data
inline constexpr unsigned charge_rate = 1u << 3;          // a charge step faster than the data
inline constexpr unsigned discharge_rate = 1u << 4;       // a discharge step faster than the data
inline constexpr unsigned lam_rate_clamped = 1u << 5;     // Kokam q5 fell below q5_min and was clamped
inline constexpr unsigned generic_assumption = 1u << 6;   // generic power law: an assumption, not a fit
inline constexpr unsigned capacity_floor = 1u << 7;       // q fell to 0 or below: far beyond any data
inline constexpr unsigned invalid_duty = 1u << 8;         // the duty failed check_duty: no fade computed
inline constexpr unsigned soc_clipped = 1u << 9;          // full mode: rescaled SOC clipped at 0 or 1
}  // namespace fade_warning

std::vector<std::string> describe_warnings(const FadeModel& m, unsigned warnings);
// The same lines, each after `prefix`, appended to `out` (one allocation per line).
void append_warnings(const FadeModel& m, unsigned warnings, std::string_view prefix, std::vector<std::string>& out);

// ---------------------------------------------------------------------------------------------------------
// Stressors (MODEL.md §2.1), computed once per profile.
struct Stressors {
    bool valid = false;               // false: the day failed check_duty; all rates are 0 and advancing is a no-op
    double period_days = 0.0;         // one repetition of the profile
    double efc_per_day = 0.0;         // Σ|ΔSOC|/2 per repetition ÷ period_days
    double dod = 0.0;                 // max SOC − min SOC
    double c_rate = 0.0;              // |ΔSOC/Δt| per step in 1/h, < 0.01 → 0, time-averaged over the repetition
                                      // (trapezoid over step end times ÷ span, as BLAST-Lite; stressors.cpp)
    double mean_soc = 0.0;            // arithmetic mean of the samples (BLAST-Lite np.mean(soc), Kokam q5)
    double mean_temperature_c = 0.0;  // trapezoid time average
    double min_temperature_c = 0.0, max_temperature_c = 0.0;
    double max_charge_c_rate = 0.0, max_discharge_c_rate = 0.0;
    // Time-averaged (trapezoid) rate constants of the loss terms.
    double k_calendar = 0.0;  // loss per day^p_calendar
    double k_cycle = 0.0;     // loss per EFC^p_cycle
    double k_lam = 0.0;       // Kokam LAM: 1/q5 per EFC (0 for other models)
    unsigned warnings = 0;    // fade_warning bits
};

Stressors compute_stressors(const FadeModel& m, const DutyDay& day);

// ---------------------------------------------------------------------------------------------------------
// State and integration (MODEL.md §2.3)

struct FadeState {
    double calendar_loss = 0.0;  // time-driven loss (LLI_t for Kokam)
    double cycle_loss = 0.0;     // throughput-driven loss (LLI_EFC for Kokam)
    double lam_loss = 0.0;       // Kokam loss of active material (0 for other models)
    double days = 0.0;           // time since the model's start
    double efc = 0.0;            // equivalent full cycles since the model's start
    unsigned warnings = 0;       // union of the warnings of every phase so far
};

// The state at the model's start (q = 1). Kokam's LAM starts at 1e-8 as in BLAST-Lite.
FadeState initial_state(const FadeModel& m);
// Capacity relative to the model's start. Finite, never NaN, but NOT clamped at 0: far outside their data the
// power laws go below 0, and BLAST-Lite reports that raw value (fade_warning::capacity_floor flags it).
// Callers that need a physical capacity use std::max(0.0, q).
double capacity(const FadeState& s, const FadeModel& m);

enum class FadeMode {
    constant,  // stressors from the day as given, once per profile (default; the validated mode)
    full,      // every repetition: SOC swing rescaled by 1/q (clipped to 0–1) and stressors recomputed, so
               // throughput is conserved as the cell fades (BLAST-Lite is_conserve_energy_throughput)
};

struct FadeOptions {
    FadeMode mode = FadeMode::constant;
    double scalar = 1.0;  // calibration: multiplies every state increment dy (MODEL.md §2.3); must be > 0
};

// Constant mode, O(1): advance every loss term by `days` of the profile at its stressors. The scalar s
// multiplies the rate of every state equation, dy/dx = s·f(y), exactly as BLAST-Lite's degradation_scalar
// multiplies each increment; its step-count-independent solution advances the equivalent driver by s·dx.
// No-op when the stressors are invalid or days/scalar are not positive and finite.
void advance(FadeState& s, const FadeModel& m, const Stressors& st, double days, double scalar = 1.0);

// Either mode. Full mode steps one repetition at a time (at most one stressor update per day) and needs the
// day itself; constant mode ignores `day` and calls the O(1) advance.
void advance(FadeState& s, const FadeModel& m, const DutyDay& day, const Stressors& st, double days,
             const FadeOptions& o);

// A phase under constant stressors from a fixed start, precomputed for O(1) queries at any time. This is
// the fast path for the lifecycle valuation (Monte Carlo inner loop).
struct FadeTrack {
    const FadeModel* model = nullptr;
    FadeState start{};
    Stressors stressors{};
    double scalar = 1.0;
    // Equivalent drivers at the start: x0 = (y0/k)^(1/p) (days, EFC) and u0 = k·x0 for the sigmoid.
    double x0_calendar_days = 0.0, x0_cycle_efc = 0.0, u0_lam = 0.0;
    // ln of each driver's rate per day (scalar; scalar × EFC/day), set for drivers that start at 0.
    double ln_calendar_rate = 0.0, ln_cycle_rate = 0.0;
    // Kokam LAM, the same for every query (see sigmoid_advance and lam_inert_driver in degradation/loss_terms): half of
    // BLAST-Lite's Euler step in u and ½·step·ln(dy/du) at u0 (both 0 when the lag correction is off), and the
    // driver below which LAM cannot set q.
    double lam_half_step = 0.0, lam_lag_at_start = 0.0, lam_inert_driver = 0.0;
    // The model's constants that every query reads (its FadeLaw's exponents and LAM term), copied once: asking
    // the law on each of a valuation's ~70 queries cost about 5 % of it.
    double p_calendar = 0.0, p_cycle = 0.0;
    bool has_lam = false;
    double lam_p = 0.0, lam_capacity = 0.0;

    FadeState state_at(double years) const;
    double q_at(double years) const;
};
FadeTrack make_fade_track(const FadeModel& m, const Stressors& st, const FadeState& start, double scalar = 1.0);

// ---------------------------------------------------------------------------------------------------------
// Helpers for the rest of the core

struct FadePoint {
    double years;  // since the start of this run
    double q;      // capacity relative to the model's start
    double efc;    // cumulative EFC of the state
};

// q and EFC at each of `at_years` (any order, each ≥ 0) advancing `state` under one profile; `state` ends at
// the largest time. Points come back in the order asked.
std::vector<FadePoint> simulate(const FadeModel& m, const DutyDay& day, const Stressors& st, FadeState& state,
                                const std::vector<double>& at_years, const FadeOptions& o);

// Monthly SoH trajectory for charts (constant mode): 12·years + 1 points at t = 0, 1/12, ... years.
std::vector<FadePoint> monthly_trajectory(const FadeTrack& track, double years);

struct YearsToSoh {
    bool reached = false;  // false: q stays above the threshold for all of max_years
    double years = 0.0;    // when reached: time to the threshold; otherwise max_years
    double q_end = 0.0;    // q at `years`
};
// Time for q to fall to `q_threshold` under constant stressors (bracketed Illinois regula falsi on the
// monotone O(1) track, to 1e-9 years). Reached at 0 when the start is already at or below the threshold.
YearsToSoh years_to_soh(const FadeTrack& track, double q_threshold, double max_years);

// EV first-life duty (MODEL.md §2.3). SOC is the displayed SOC (the usable window, 0–1), so
// EFC/yr = km_per_year / (range_km × usable_fraction): range_km is the range of a full nominal pack.
// Shape of the day: with one charge a day, charged overnight to charge_target_soc, two 1-h drives (07:00 and
// 17:00), charged on arrival at 18:00 at the home rate; when the daily distance needs more than one
// charge_target_soc − min_soc swing (taxis, fleets), the day splits into equal slots of driving then a DC top-up.
struct EvDutyInput {
    double km_per_year = 15000.0;
    double range_km = 400.0;          // on a full new pack (100 % nominal)
    double usable_fraction = 0.9;     // usable window / nominal
    double fast_charge_share = 0.0;   // share of energy from DC fast chargers, 0–1
    double temperature_c = 25.0;      // climate / pack temperature
    double charge_target_soc = 0.9;   // habit: daily charge limit
    double min_soc = 0.1;             // lowest SOC before the driver charges
    double home_charge_c_rate = 0.1;  // AC charging (7 kW on a 70 kWh pack)
    double fast_charge_c_rate = 1.0;  // DC top-ups when one charge a day is not enough
};
struct EvDuty {
    DutyDay day;
    double efc_per_year = 0.0;
    int sessions_per_day = 0;             // drive + charge sessions needed to cover the daily distance
    double fade_scalar_multiplier = 1.0;  // 1 + fast_charge_share: DC fast charging 3.0 %/yr vs 1.5 %/yr
                                          // fleet fade (DATA.md §2 [GEOTAB]); multiply the pack scalar by it
    std::string error;                    // "" when the inputs are in range
};
EvDuty make_ev_duty(const EvDutyInput& in);

// Stationary duty: `cycles_per_day` cycles of depth `dod` centred on `mean_soc`; each charge and each
// discharge takes duration_h at rated power (C-rate dod/duration_h), with equal rests at the top and the
// bottom so the time-averaged SOC is mean_soc (the window is shifted inside 0–1 when mean_soc ± dod/2 would
// leave it). The repetition holds
// m = max(1, round(cycles_per_day)) cycles over m / cycles_per_day days, so EFC/day is exact for any rate.
// cycles_per_day = 0 gives storage at mean_soc.
struct StationaryDutyInput {
    double cycles_per_day = 1.0;
    double dod = 0.8;
    double duration_h = 4.0;
    double mean_soc = 0.5;
    double temperature_c = 25.0;
};
struct StationaryDuty {
    DutyDay day;
    std::string error;  // "" when the inputs are in range
};
StationaryDuty make_stationary_duty(const StationaryDutyInput& in);

}  // namespace packfolio
