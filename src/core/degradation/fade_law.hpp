#pragma once
// The interface every fade model implements (docs/MODEL.md §2.2), and what the engine asks of it.
//
// The engine (stressors.cpp, integration.cpp) is the same for every model: loss terms that are power laws
// y = k·x^p in days and in EFC, plus an optional loss-of-active-material sigmoid. A model supplies only its
// equations, as a FadeLaw: the exponents, the rate constants at one sample of the day, the day-level factors,
// and its LAM term if it has one. Each model lives in one file pair, degradation/MODEL_ID.hpp (its parameter
// struct, the equations in words, and its law's name) and .cpp (the law).
//
// Adding a model: the file pair; an enumerator in FadeModelKind and a parameter member in FadeModel
// (degradation.hpp); and its entry in the catalogue (catalogue.cpp): id, name, data ranges, source, law.

#include "core/degradation.hpp"

#include <cmath>

namespace packfolio {

inline constexpr double kelvin_offset = 273.15;

// The two temperature laws the BLAST-Lite cells share (docs/MODEL.md §2.2), T in kelvin:
// a·e^((b + c_x)/T), a calendar rate with its stress term c_x (c·Ua or c·SOC) in the exponent,
inline double arrhenius_rate(double a, double b, double c_x, double t_k) { return a * std::exp((b + c_x) / t_k); }
// and e^(d/T) + e^(−e/T), the temperature factor of a cycle rate.
inline double two_sided_arrhenius(double d, double e, double t_k) { return std::exp(d / t_k) + std::exp(-e / t_k); }

// The exponents p of the power-law loss terms y = k·x^p.
struct FadeExponents {
    double calendar;  // on days
    double cycle;     // on EFC
};

// A loss-of-active-material sigmoid, LAM = tanh((k_lam·EFC)^p / 2), with q = min(1 − LLI, capacity − LAM)
// (docs/MODEL.md §2.2, Kokam).
struct LamTerm {
    double p;                   // curvature of the sigmoid
    double initial;             // LAM at the model's start
    double capacity;            // q_LAM = capacity − LAM
    bool match_blast_stepping;  // reproduce BLAST-Lite's daily Euler lag (sigmoid_advance in loss_terms.cpp)
};

// A model's equations, read from its parameter member of FadeModel. Plain function pointers: each model file
// holds one constant FadeLaw, and FadeModel::law points at it.
//
// The rate constants: BLAST-Lite evaluates them at every sample of the day and averages them over time with the
// trapezoid rule (np.trapz(k, t)/Δt in each model's update_rates). So a model gives the parts that vary along the
// day with SOC and temperature, per sample (calendar_rate, cycle_temperature_factor), and applies the factors
// that depend only on day-level stressors (DoD, C-rate, mean SOC) to their averages (day_rates); that gives
// the same number because the trapezoid average is linear. The engine (stressors.cpp) does the sampling and
// the reuse of repeated points.
struct FadeLaw {
    FadeExponents (*exponents)(const FadeModel& m);
    // The calendar rate constant (loss per day^p) at SOC `soc` and temperature `t_k` in kelvin.
    double (*calendar_rate)(const FadeModel& m, double soc, double t_k);
    // The temperature factor of the cycle rate constant at `t_k`; nullptr when the cycle rate has none (1).
    double (*cycle_temperature_factor)(const FadeModel& m, double t_k);
    // The day-level rate constants: k_cycle (and k_lam) from the finished stressors (DoD, C-rate, mean SOC,
    // mean temperature) and the time average `cycle_t` of the temperature factor; may set fade_warning bits.
    void (*day_rates)(const FadeModel& m, double cycle_t, Stressors& st);
    // The LAM term; nullptr for a model without one (q is then 1 − calendar − cycle loss).
    LamTerm (*lam)(const FadeModel& m);
};

}  // namespace packfolio
