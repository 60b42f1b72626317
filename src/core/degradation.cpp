// Capacity-fade engine: see degradation.hpp for the picture and MODEL.md §2 for the specification.
// Equations re-implemented from MODEL.md §2.2 and the BLAST-Lite model files named next to each one.

#include "core/degradation.hpp"

#include "core/fields.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>

namespace packfolio {

namespace {

constexpr double seconds_per_day = 86400.0;
constexpr double seconds_per_hour = 3600.0;
constexpr double kelvin_offset = 273.15;
constexpr double gas_constant_j_per_mol_k = 8.314462618;
constexpr double generic_reference_k = 298.15;     // 25 °C: where the generic calendar loss is given
constexpr double crate_floor_per_h = 0.01;         // MODEL.md §2.1: step C-rates below this count as rest
constexpr double cycling_efc_per_day_min = 0.01;   // below this a duty counts as storage for the range checks
constexpr double range_tolerance = 1e-9;           // so that e.g. DoD 0.8 computed as 0.7999999999 is in range
constexpr double duty_temperature_min_c = -100.0;  // physical sanity (keeps every e^(x/T) finite)
constexpr double duty_temperature_max_c = 150.0;

std::string num(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
    return number_text(v);
}

bool finite(double v) { return std::isfinite(v); }

// ---- the loss-term shapes (BLAST-Lite degradation_model.py: _update_power_state, _update_sigmoid_state) ----

// x^p for x ≥ 0 as e^(p·ln x): within a few ulp of pow and cheaper, above all in WebAssembly, where pow costs
// about three times exp. The fade terms take one or two per query, and queries run thousands of times.
double power(double x, double p) { return std::exp(p * std::log(x)); }

// Power law y = k·x^p: the driver x that gives y at rate constant k (MODEL.md §2.3). Integrating the state
// equation dy/dx = k·p·(y/k)^((p−1)/p) from y0 over dx gives exactly y1 = k·(x0 + dx)^p with x0 = (y0/k)^(1/p),
// for any split of dx, so the update is step-count independent and keeps history when k changes.
double equivalent_driver(double y0, double k, double p) {
    if (!(y0 > 0.0) || !(k > 0.0)) return 0.0;
    return power(y0 / k, 1.0 / p);
}

double power_law(double k, double x, double p) { return k * power(x, p); }

// Sigmoid y = 2·y_inf·(1/2 − 1/(1 + e^((k·x)^p))) = y_inf·tanh((k·x)^p / 2) with y_inf = 1 (Kokam LAM). In the
// dimensionless driver u = k·x: u0 = (2·atanh(y0))^(1/p), and y1 = tanh((u0 + k·dx)^p / 2).
double sigmoid_equivalent_driver(double y0, double p) {
    if (!(y0 > 0.0)) return 0.0;
    const double y = std::min(y0, 1.0 - 1e-15);
    return power(2.0 * std::atanh(y), 1.0 / p);
}

// A value of the sigmoid's driver u with ln u and v = u^p / 2 = e^(p·ln u) / 2, its half-argument: y = tanh v.
struct SigmoidDriver {
    double u, ln_u, v;
};
SigmoidDriver sigmoid_driver(double u, double p) {
    const double ln_u = std::log(u);
    return {u, ln_u, 0.5 * std::exp(p * ln_u)};
}

// L(u) = ln(dy/du) of that sigmoid up to a constant, (p − 1)·ln u − 2·ln cosh v, and its first two
// derivatives. With e = e^(−2v), tanh v = (1 − e)/(1 + e) and ln cosh v = v + ln((1 + e)/2): one exp serves
// both and never overflows. For small v both lose relative accuracy but keep an absolute one of ~1e-16, all
// that the solve in sigmoid_advance needs (it adds L to u; exp and log are also much cheaper than expm1 and
// log1p, above all in WebAssembly).
struct LogSlope {
    double value, du, du2;
};
LogSlope sigmoid_log_slope(const SigmoidDriver& d, double p) {
    const double e = std::exp(-2.0 * d.v);
    const double tanh_v = (1.0 - e) / (1.0 + e);
    const double pv = p * d.v;  // u·dv/du
    const double inv_u = 1.0 / d.u;
    return {(p - 1.0) * d.ln_u - 2.0 * (d.v + std::log(0.5 + 0.5 * e)), ((p - 1.0) - 2.0 * pv * tanh_v) * inv_u,
            (-(p - 1.0) - 2.0 * pv * ((p - 1.0) * tanh_v + (1.0 - tanh_v * tanh_v) * pv)) * inv_u * inv_u};
}

// BLAST-Lite's lag of the sigmoid on a track (see sigmoid_advance): half its Euler step h in u, and ½·h·L(u0),
// the part of the lag that every advance from the track's start shares. Both 0 turn the correction off.
struct SigmoidLag {
    double half_step = 0.0;
    double at_start = 0.0;
};
SigmoidLag sigmoid_lag(double u0, double du_step, double p) {
    if (!(du_step > 0.0) || !(u0 > 0.0)) return {};
    return {0.5 * du_step, 0.5 * du_step * sigmoid_log_slope(sigmoid_driver(u0, p), p).value};
}

// Advance the sigmoid's driver from u0 to `exact` = u0 + du, reproducing BLAST-Lite's integration, and return
// v1 = u1^p / 2 at the lagged driver u1 (the LAM is tanh v1). BLAST-Lite takes one forward-Euler step of the
// state equation per repetition of the day (_update_sigmoid_state), and with p = 10 the Euler step lags the
// exact curve in the knee by up to 0.012 in q (Kokam, 2 EFC/day at 25 °C, year 7) — more than the ±0.003 bar.
// The lag has a closed form: per step of size h the equivalent driver falls behind by ½·h²·f''/f', which sums
// to ½·h·ln(f'(u1)/f'(u0)) (the modified equation of forward Euler). Solving u1 = u0 + du − ½·h·(L(u1) − L(u0)),
// L = ln f', brings the difference to ~1e-5, and since the lag telescopes, splitting du into pieces gives the
// same u1: still step-count independent. The equation has no closed form. Halley's method (Newton's with a
// curvature term: cubic convergence) solves it in two steps where Newton's took four: from the exact curve the
// first step leaves an error of ~1e-9 relative, the second one at rounding. A lag of {} (correction off)
// gives the exact curve.
double sigmoid_advance(double u0, const SigmoidDriver& exact, const SigmoidLag& lag, double p) {
    if (!(lag.half_step > 0.0) || !(u0 > 0.0)) return exact.v;
    // Saturated: y = tanh(> 18) = 1 to double precision, the lag no longer matters (past the inflection the
    // lag is negative, u1 > exact, so switching here is continuous in y).
    if (exact.v > 18.0) return exact.v;
    const double target = exact.u + lag.at_start;
    SigmoidDriver d = exact;
    for (int i = 0; i < 12; ++i) {
        const LogSlope l = sigmoid_log_slope(d, p);
        const double g = d.u + lag.half_step * l.value - target;
        const double dg = 1.0 + lag.half_step * l.du;
        // Outside the small-lag regime (steps of many EFC on a steep knee) the expansion does not hold: keep the
        // exact curve rather than a wrong correction.
        if (!(dg > 0.2)) return exact.v;
        // Halley's step g·g' / (g'² − g·g''/2); far from the root, where the curvature term is not small,
        // Newton's g/g'.
        const double curvature = 0.5 * g * lag.half_step * l.du2;
        const double step = std::abs(curvature) < 0.5 * dg * dg ? g * dg / (dg * dg - curvature) : g / dg;
        const double next = d.u - step;
        if (!std::isfinite(next) || next <= u0) return exact.v;
        // The error left after a step of relative size r is ~r³: below 1e-7, `next` is exact to rounding, and
        // so is its v from the last one by (1 + r)^p to third order.
        const double r = -step / d.u;
        if (std::abs(r) <= 1e-7)
            return d.v * (1.0 + p * r * (1.0 + 0.5 * (p - 1.0) * r * (1.0 + (p - 2.0) / 3.0 * r)));
        d = sigmoid_driver(next, p);
    }
    return d.v;
}

// Whether only q = min(1 − LLI, lam_capacity − LAM) is wanted and LAM cannot be the smaller term, so the
// sigmoid can be skipped. LAM ≤ 1 always. And while L still rises at the exact driver (L'(exact) ≥ 0, i.e.
// p − 1 ≥ 2p·v·tanh v with v = v_exact, implied by p − 1 ≥ 2p·v²), the lag only delays the curve: L is concave
// for p ≥ 1, so the root of sigmoid_advance lies in (u0, exact], and LAM ≤ tanh v ≤ v. The factor 2 covers
// rounding in the lagged driver.
bool lam_cannot_bind(double v_exact, double q_lli, double lam_capacity, double p) {
    if (q_lli <= lam_capacity - 1.0) return true;
    return p >= 1.0 && 2.0 * p * v_exact * v_exact <= p - 1.0 && 2.0 * v_exact <= lam_capacity - q_lli;
}

// The exact driver below which lam_cannot_bind holds for every q_lli ≤ 1 (v ≤ (lam_capacity − 1)/4, and
// 2p·v² ≤ (p − 1)/2), so q_at can skip even the pow that gives v; 0 when there is no such range.
double lam_inert_driver(const Nmc111GrKokam75AhParams& k) {
    const double p = k.p_lam;
    if (!(p >= 1.0) || !(k.lam_capacity > 1.0)) return 0.0;
    const double v = std::min(0.25 * (k.lam_capacity - 1.0), std::sqrt((p - 1.0) / (4.0 * p)));
    return power(2.0 * v, 1.0 / p);
}

struct Exponents {
    double calendar;  // on days
    double cycle;     // on EFC
    double lam;       // sigmoid curvature (Kokam only)
};

Exponents exponents(const FadeModel& m) {
    switch (m.kind) {
        case FadeModelKind::lfp_gr_250ah:
            return {m.lfp.pcal, m.lfp.pcyc, 0.0};
        case FadeModelKind::nmc111_gr_kokam_75ah:
            return {m.nmc111.q2, m.nmc111.q4, m.nmc111.p_lam};
        case FadeModelKind::nca_gr_panasonic_3ah:
            return {m.nca.qcal_p, m.nca.qcyc_p, 0.0};
        case FadeModelKind::lmo_gr_nissan_leaf_2ndlife:
            return {m.lmo.qcal_p, m.lmo.qcyc_p, 0.0};
        case FadeModelKind::generic:
            return {m.generic.b, m.generic.d, 0.0};
    }
    return {1.0, 1.0, 0.0};
}

// Generic calendar coefficient per day^b at 25 °C: a·years^b = (a / 365^b)·days^b with a = loss10 / 10^b.
double generic_calendar_per_day(const GenericParams& p) {
    return p.calendar_loss_10y_25c / std::pow(10.0 * fade_days_per_year, p.b);
}

// ---- per-sample rates ----
// The parts of each rate constant that vary along the day with temperature and SOC. BLAST-Lite evaluates the
// rate at every sample and averages it over time with the trapezoid rule (np.trapz(k, t)/Δt in each model's
// update_rates); the factors that depend only on day-level stressors (DoD, C-rate, mean SOC) are applied after
// averaging, which gives the same number because the trapezoid average is linear.
struct SampleRates {
    double calendar;  // full calendar rate constant at this sample
    double cycle_t;   // temperature factor of the cycle rate constant
};

// `same_t`: the rates of a sample at the same temperature, whose temperature factor can be reused (most duty
// days hold one temperature for hours or all day).
SampleRates sample_rates(const FadeModel& m, double soc, double temperature_c, const SampleRates* same_t) {
    const double t_k = temperature_c + kelvin_offset;
    switch (m.kind) {
        case FadeModelKind::lfp_gr_250ah: {
            // lfp_gr_250AhPrismatic_2019.py: kcal = |p1|·e^(p2/T)·e^(p3·Ua/T); kcyc ∝ e^(p7/T) + e^(−p8/T)
            const LfpGr250AhParams& p = m.lfp;
            const double ua = graphite_potential_v(soc);
            return {std::abs(p.p1) * std::exp((p.p2 + p.p3 * ua) / t_k),
                    same_t ? same_t->cycle_t : std::exp(p.p7 / t_k) + std::exp(-p.p8 / t_k)};
        }
        case FadeModelKind::nmc111_gr_kokam_75ah: {
            // nmc111_gr_Kokam75Ah_2017.py: q1 = q1_0·e^(q1_1/TN)·e^(q1_2·UaN/TN); q3 ∝ e^(q3_1/TN)
            const Nmc111GrKokam75AhParams& p = m.nmc111;
            const double tn = t_k / p.t_ref_k;
            const double uan = graphite_potential_v(soc) / p.ua_ref_v;
            return {p.q1_0 * std::exp((p.q1_1 + p.q1_2 * uan) / tn), same_t ? same_t->cycle_t : std::exp(p.q3_1 / tn)};
        }
        case FadeModelKind::nca_gr_panasonic_3ah: {
            // nca_gr_Panasonic3Ah_2018.py: kcal = A·e^(B/T)·e^(C·SOC/T); kcyc ∝ e^(D/T) + e^(−E/T)
            const NcaGrPanasonic3AhParams& p = m.nca;
            return {p.qcal_a * std::exp((p.qcal_b + p.qcal_c * soc) / t_k),
                    same_t ? same_t->cycle_t : std::exp(p.qcyc_d / t_k) + std::exp(-p.qcyc_e / t_k)};
        }
        case FadeModelKind::lmo_gr_nissan_leaf_2ndlife: {
            // lmo_gr_NissanLeaf66Ah_2ndLife_2020.py: kcal = A·e^(B/T)·e^(C·SOC/T); cycle rate is a constant
            const LmoGrNissanLeafParams& p = m.lmo;
            return {p.qcal_a * std::exp((p.qcal_b + p.qcal_c * soc) / t_k), 1.0};
        }
        case FadeModelKind::generic: {
            // MODEL.md §2.2 generic: Arrhenius on the calendar term around 25 °C; no SOC dependence, so the
            // whole rate repeats at the same temperature.
            if (same_t) return *same_t;
            const GenericParams& p = m.generic;
            const double arrhenius = std::exp(-p.activation_energy_j_per_mol / gas_constant_j_per_mol_k *
                                              (1.0 / t_k - 1.0 / generic_reference_k));
            return {generic_calendar_per_day(p) * arrhenius, 1.0};
        }
    }
    return {0.0, 0.0};
}

bool outside(double v, double lo, double hi) { return v < lo - range_tolerance || v > hi + range_tolerance; }

// Stressors of one repetition (MODEL.md §2.1). `soc_at(i)` gives the SOC used at sample i (the day's own SOC
// in constant mode, the 1/q-rescaled one in full mode) and `health` is the q that BLAST-Lite multiplies EFC and
// C-rate by (degradation_model.py, _extract_stressors: "EFC is in units of amp*hours per amp*hours nominal").
template <class SocAt>
Stressors stressors_impl(const FadeModel& m, const DutyDay& d, SocAt soc_at, double health) {
    Stressors st;
    const std::size_t n = d.time_s.size();
    const double span_s = d.time_s[n - 1] - d.time_s[0];

    double sum_abs_dsoc = 0.0, crate_time = 0.0, rate_prev = 0.0, sum_soc = 0.0;
    double calendar_time = 0.0, cycle_t_time = 0.0, temperature_time = 0.0;
    double cyc_t_min = std::numeric_limits<double>::infinity(), cyc_t_max = -cyc_t_min;

    double soc_prev = soc_at(0);
    double t_prev_c = d.temperature_c[0];
    SampleRates r_prev = sample_rates(m, soc_prev, t_prev_c, nullptr);
    struct Seen {
        double soc, temperature_c;
        SampleRates rates;
    };
    std::array<Seen, 4> seen{};  // the last distinct points, overwritten in turn
    seen[0] = {soc_prev, t_prev_c, r_prev};
    std::size_t seen_count = 1, seen_next = 1;
    double soc_min = soc_prev, soc_max = soc_prev;
    double temp_min = t_prev_c, temp_max = t_prev_c;
    sum_soc += soc_prev;

    for (std::size_t i = 1; i < n; ++i) {
        const double soc = soc_at(i);
        const double temp_c = d.temperature_c[i];
        const double dt_s = d.time_s[i] - d.time_s[i - 1];
        const double dsoc = soc - soc_prev;

        sum_abs_dsoc += std::abs(dsoc);
        sum_soc += soc;
        soc_min = std::min(soc_min, soc);
        soc_max = std::max(soc_max, soc);
        temp_min = std::min(temp_min, temp_c);
        temp_max = std::max(temp_max, temp_c);

        // C-rate of the step in 1/h; rests (and trickles below 0.01/h) count as 0 (MODEL.md §2.1). The average
        // over the repetition is BLAST-Lite's exactly (degradation_model.py, _extract_stressors:
        // np.trapz(rates, t[1:]) / Δt): each step's rate is placed at the step's end time, the trapezoid rule
        // runs over those points and the integral is divided by the whole span, rests included. On coarsely
        // sampled days this spreads a step's rate into the neighbouring rests (a day given as two samples has
        // C-rate 0), but it is what the model was validated with, and the acceptance bar is BLAST-Lite itself.
        const double raw_rate = std::abs(dsoc) / (dt_s / seconds_per_hour);
        if (dsoc > 0.0) st.max_charge_c_rate = std::max(st.max_charge_c_rate, raw_rate);
        if (dsoc < 0.0) st.max_discharge_c_rate = std::max(st.max_discharge_c_rate, raw_rate);
        const double rate = raw_rate >= crate_floor_per_h ? raw_rate : 0.0;
        if (i >= 2) crate_time += 0.5 * (rate_prev + rate) * dt_s;
        rate_prev = rate;
        if (rate > 0.0) {
            cyc_t_min = std::min({cyc_t_min, t_prev_c, temp_c});
            cyc_t_max = std::max({cyc_t_max, t_prev_c, temp_c});
        }

        // Duty days revisit a few (SOC, temperature) points (plateaus, the top and bottom of every cycle): reuse
        // their rates instead of re-evaluating the exponentials.
        const bool same_t = temp_c == t_prev_c;
        const SampleRates* known = nullptr;
        for (std::size_t k = 0; k < seen_count && known == nullptr; ++k)
            if (seen[k].soc == soc && seen[k].temperature_c == temp_c) known = &seen[k].rates;
        const SampleRates r = known ? *known : sample_rates(m, soc, temp_c, same_t ? &r_prev : nullptr);
        if (known == nullptr) {
            seen[seen_next] = {soc, temp_c, r};
            seen_next = (seen_next + 1) % seen.size();
            seen_count = std::min(seen_count + 1, seen.size());
        }
        calendar_time += 0.5 * (r_prev.calendar + r.calendar) * dt_s;
        cycle_t_time += 0.5 * (r_prev.cycle_t + r.cycle_t) * dt_s;
        temperature_time += 0.5 * (t_prev_c + temp_c) * dt_s;

        soc_prev = soc;
        t_prev_c = temp_c;
        r_prev = r;
    }

    st.period_days = span_s / seconds_per_day;
    st.efc_per_day = sum_abs_dsoc / 2.0 * health / st.period_days;
    st.dod = soc_max - soc_min;
    st.c_rate = crate_time / span_s * health;
    st.mean_soc = sum_soc / static_cast<double>(n);
    st.mean_temperature_c = temperature_time / span_s;
    st.min_temperature_c = temp_min;
    st.max_temperature_c = temp_max;
    st.k_calendar = calendar_time / span_s;
    const double cycle_t = cycle_t_time / span_s;

    switch (m.kind) {
        case FadeModelKind::lfp_gr_250ah: {
            const LfpGr250AhParams& p = m.lfp;
            st.k_cycle = (p.p4 + p.p5 * st.dod + p.p6 * st.c_rate) * cycle_t;
            break;
        }
        case FadeModelKind::nmc111_gr_kokam_75ah: {
            const Nmc111GrKokam75AhParams& p = m.nmc111;
            st.k_cycle = p.q3_0 * cycle_t * std::exp(p.q3_2 * std::exp(st.dod * st.dod));
            // q5 is linear in T, so its time average uses the mean temperature; BLAST-Lite takes the plain
            // mean of the SOC samples here (np.mean(soc)), and so do we.
            double q5 = p.q5_0 + p.q5_1 * (st.mean_temperature_c - 55.0) * st.dod * (st.mean_soc / 0.6);
            if (!(q5 >= p.q5_min)) {
                q5 = p.q5_min;
                st.warnings |= fade_warning::lam_rate_clamped;
            }
            st.k_lam = 1.0 / q5;
            break;
        }
        case FadeModelKind::nca_gr_panasonic_3ah: {
            const NcaGrPanasonic3AhParams& p = m.nca;
            st.k_cycle = (p.qcyc_a + p.qcyc_b * st.c_rate + p.qcyc_c * st.dod) * cycle_t;
            break;
        }
        case FadeModelKind::lmo_gr_nissan_leaf_2ndlife:
            st.k_cycle = m.lmo.qcyc_a;
            break;
        case FadeModelKind::generic:
            st.k_cycle = 0.2 / std::pow(m.generic.cycles_to_80pct, m.generic.d);
            st.warnings |= fade_warning::generic_assumption;
            break;
    }

    // Range checks: never a silent extrapolation.
    const FadeRanges& rg = m.ranges;
    if (outside(temp_min, rg.temperature_min_c, rg.temperature_max_c) ||
        outside(temp_max, rg.temperature_min_c, rg.temperature_max_c))
        st.warnings |= fade_warning::temperature_data;
    if (st.efc_per_day >= cycling_efc_per_day_min) {
        if (outside(st.dod, rg.dod_min, rg.dod_max)) st.warnings |= fade_warning::dod;
        if (outside(cyc_t_min, rg.cycling_temperature_min_c, rg.cycling_temperature_max_c) ||
            outside(cyc_t_max, rg.cycling_temperature_min_c, rg.cycling_temperature_max_c))
            st.warnings |= fade_warning::cycling_temperature;
    }
    if (st.max_charge_c_rate > rg.max_charge_c_rate + range_tolerance) st.warnings |= fade_warning::charge_rate;
    if (st.max_discharge_c_rate > rg.max_discharge_c_rate + range_tolerance)
        st.warnings |= fade_warning::discharge_rate;

    st.valid = finite(st.period_days) && st.period_days > 0.0 && finite(st.efc_per_day) && finite(st.c_rate) &&
               finite(st.k_calendar) && st.k_calendar >= 0.0 && finite(st.k_cycle) && st.k_cycle >= 0.0 &&
               finite(st.k_lam) && finite(st.mean_temperature_c);
    if (!st.valid) {
        const unsigned w = st.warnings;
        st = Stressors{};
        st.warnings = w | fade_warning::invalid_duty;
    }
    return st;
}

// State after `days` of constant stressors from the track's start (the O(1) core of every advance). With
// `q_only` the caller wants only capacity(): the LAM sigmoid, the dearest term, is then skipped where it cannot
// set q (lam_cannot_bind), and lam_loss keeps its start value, which gives the same q; nor are warnings set.
FadeState state_after_days(const FadeTrack& tr, double days, bool q_only = false) {
    FadeState s = tr.start;
    if (tr.model == nullptr) return s;
    const Stressors& st = tr.stressors;
    s.warnings |= st.warnings;
    if (!st.valid || !(days > 0.0) || !finite(days) || !(tr.scalar > 0.0) || !finite(tr.scalar)) return s;
    const FadeModel& m = *tr.model;
    const Exponents e = exponents(m);
    const double defc = st.efc_per_day * days;
    // A driver that starts at 0 (a new pack) reaches x = r·days, r = its rate per day, and k·x^p =
    // k·e^(p·(ln r + ln days)): the two terms then share one log instead of taking a pow each.
    const double ln_days = tr.x0_calendar_days == 0.0 || tr.x0_cycle_efc == 0.0 ? std::log(days) : 0.0;
    auto loss = [&](double k, double x0, double ln_rate, double rate, double p) {
        return x0 == 0.0 ? k * std::exp(p * (ln_rate + ln_days)) : power_law(k, x0 + rate * days, p);
    };
    if (st.k_calendar > 0.0)
        s.calendar_loss = loss(st.k_calendar, tr.x0_calendar_days, tr.ln_calendar_rate, tr.scalar, e.calendar);
    if (st.k_cycle > 0.0 && defc > 0.0)
        s.cycle_loss = loss(st.k_cycle, tr.x0_cycle_efc, tr.ln_cycle_rate, tr.scalar * st.efc_per_day, e.cycle);
    if (m.kind == FadeModelKind::nmc111_gr_kokam_75ah && st.k_lam > 0.0 && defc > 0.0) {
        const double exact = tr.u0_lam + st.k_lam * tr.scalar * defc;
        const double q_lli = 1.0 - s.calendar_loss - s.cycle_loss;
        if (!(q_only && exact <= tr.lam_inert_driver && q_lli <= 1.0)) {
            const SigmoidDriver exact_driver = sigmoid_driver(exact, e.lam);
            if (!(q_only && lam_cannot_bind(exact_driver.v, q_lli, m.nmc111.lam_capacity, e.lam))) {
                const SigmoidLag lag{tr.lam_half_step, tr.lam_lag_at_start};
                s.lam_loss = std::tanh(sigmoid_advance(tr.u0_lam, exact_driver, lag, e.lam));
            }
        }
    }
    s.days += days;
    s.efc += defc;
    if (!q_only && !(capacity(s, m) > 0.0)) s.warnings |= fade_warning::capacity_floor;
    return s;
}

constexpr FadeRanges lfp_ranges{10.0, 45.0, 10.0, 45.0, 0.8, 1.0, 0.65, 1.0};
constexpr FadeRanges nmc111_ranges{0.0, 55.0, 0.0, 45.0, 0.8, 1.0, 1.0, 1.0};
constexpr FadeRanges nca_ranges{15.0, 50.0, 15.0, 35.0, 0.8, 1.0, 0.5, 2.0};
constexpr FadeRanges lmo_ranges{20.0, 45.0, 20.0, 30.0, 0.8, 1.0, 1.0, 1.0};
constexpr FadeRanges generic_ranges{-20.0, 60.0, 0.0, 45.0, 0.0, 1.0, 3.0, 3.0};

int bit_index(unsigned bit) {
    int i = 0;
    while ((bit >>= 1) != 0) ++i;
    return i;
}

// The text of every warning bit of a model, from its id and ranges (describe_warnings hands them out).
void write_warning_texts(FadeModel& m) {
    const FadeRanges& r = m.ranges;
    const std::string id = m.id;
    auto set = [&](unsigned bit, std::string text) { m.warning_texts[static_cast<std::size_t>(bit_index(bit))] = std::move(text); };
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

FadeModel make_model(const char* id, const char* name, FadeModelKind kind, double scalar, double start_fraction,
                     const FadeRanges& ranges, const char* source) {
    FadeModel m{id, name, kind, scalar, start_fraction, ranges, source};
    write_warning_texts(m);
    return m;
}

std::array<FadeModel, fade_model_count> build_catalogue() {
    return {{
        // Ranges from each BLAST-Lite file's experimental_range and docstring: cycling 10–45 °C, DoD 0.8–1,
        // charge ≤ 0.65C, discharge ≤ 1C. The calendar test temperatures are not listed there; we assume the
        // same 10–45 °C envelope.
        make_model("lfp-gr-250ah", "LFP-Gr 250 Ah prismatic (BLAST-Lite)", FadeModelKind::lfp_gr_250ah, 2.75, 1.0,
                   lfp_ranges,
                   "BLAST-Lite lfp_gr_250AhPrismatic_2019.py; Gasper et al., J. Energy Storage 73 (2023) 109042"),
        // Calendar and cycle tests 0–55 °C; experimental_range cycling 0–45 °C, DoD 0.8–1, 1C/1C.
        make_model("nmc111-gr-kokam-75ah", "NMC111-Gr Kokam 75 Ah (BLAST-Lite)", FadeModelKind::nmc111_gr_kokam_75ah,
                   2.75, 1.0, nmc111_ranges, "BLAST-Lite nmc111_gr_Kokam75Ah_2017.py"),
        // Calendar 25/40/50 °C (Keil 2016); experimental_range cycling 15–35 °C, DoD 0.8–1, 0.5C charge, 2C discharge.
        make_model("nca-gr-panasonic-3ah", "NCA-Gr Panasonic 3 Ah (BLAST-Lite)", FadeModelKind::nca_gr_panasonic_3ah,
                   1.0, 1.0, nca_ranges,
                   "BLAST-Lite nca_gr_Panasonic3Ah_2018.py; Keil et al. 2016; Preger et al. 2020"),
        // Calendar tests 25–45 °C (Braco et al. 2022, our reading); cycling only at 25 °C, 100 % DoD, 1C
        // (experimental_range 20–30 °C, DoD 0.8–1). q relative to the start of second life (~70 % of new).
        make_model("lmo-gr-nissan-leaf-2ndlife", "LMO-Gr Nissan Leaf, second life (BLAST-Lite)",
                   FadeModelKind::lmo_gr_nissan_leaf_2ndlife, 1.0, 0.7, lmo_ranges,
                   "BLAST-Lite lmo_gr_NissanLeaf66Ah_2ndLife_2020.py; Braco et al. 2020, 2022"),
        // Not fitted to data: the ranges are assumptions that keep the Arrhenius extrapolation modest.
        make_model("generic", "Generic power law (assumption, e.g. Na-ion)", FadeModelKind::generic, 1.0, 1.0,
                   generic_ranges, "MODEL.md §2.2 generic power law; parameters are user assumptions"),
    }};
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------

std::string check_duty(const DutyDay& d, std::string_view prefix) {
    const std::string_view p = prefix;  // only turned into text on an error: this runs on the hot path
    const std::size_t n = d.time_s.size();
    if (n < 2) return std::string(p) + ".time_s: " + std::to_string(n) + " samples: expected at least 2";
    if (d.soc.size() != n)
        return std::string(p) + ".soc: " + std::to_string(d.soc.size()) + " values: expected " + std::to_string(n) +
               " (one per time_s sample)";
    if (d.temperature_c.size() != n)
        return std::string(p) + ".temperature_c: " + std::to_string(d.temperature_c.size()) + " values: expected " +
               std::to_string(n) + " (one per time_s sample)";
    for (std::size_t i = 0; i < n; ++i) {
        const double t = d.time_s[i];
        if (!finite(t))
            return std::string(p) + ".time_s[" + std::to_string(i) + "] = " + num(t) + ": expected a finite number (s)";
        if (i > 0 && !(t > d.time_s[i - 1]))
            return std::string(p) + ".time_s[" + std::to_string(i) + "] = " + num(t) + ": expected more than time_s[" +
                   std::to_string(i - 1) + "] = " + num(d.time_s[i - 1]) + " (strictly increasing, s)";
    }
    for (std::size_t i = 0; i < n; ++i) {
        const double s = d.soc[i];
        if (!(s >= 0.0 && s <= 1.0))
            return std::string(p) + ".soc[" + std::to_string(i) + "] = " + num(s) + ": expected 0 to 1 (fraction)";
    }
    for (std::size_t i = 0; i < n; ++i) {
        const double t = d.temperature_c[i];
        if (!(t >= duty_temperature_min_c && t <= duty_temperature_max_c))
            return std::string(p) + ".temperature_c[" + std::to_string(i) + "] = " + num(t) + ": expected " +
                   num(duty_temperature_min_c) + " to " + num(duty_temperature_max_c) + " °C";
    }
    return {};
}

double graphite_potential_v(double soc) {
    // Safari & Delacourt 2011, as written in MODEL.md §2.1 (BLAST-Lite degradation_model.py, _get_Ua).
    // tanh x as 1 − 2/(e^(2x) + 1): one exp, cheaper than tanh (several times so in WebAssembly), as accurate
    // in absolute terms, which is what this sum of terms needs, and right at the ends (e^(2x) = 0 or ∞).
    const auto tanh = [](double x) { return 1.0 - 2.0 / (std::exp(2.0 * x) + 1.0); };
    const double xa = 0.0085 + soc * (0.78 - 0.0085);
    return 0.6379 + 0.5416 * std::exp(-305.5309 * xa) + 0.044 * tanh(-(xa - 0.1958) / 0.1088) -
           0.1978 * tanh((xa - 1.0571) / 0.0854) - 0.6875 * tanh((xa + 0.0117) / 0.0529) -
           0.0175 * tanh((xa - 0.5692) / 0.0875);
}

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

FadeModel make_generic_model(const GenericParams& p, std::string* error) {
    FadeModel m = *find_fade_model("generic");
    auto fail = [&](const char* field, double v, const char* expected) {
        if (error != nullptr) *error = std::string("generic.") + field + " = " + num(v) + ": expected " + expected;
        return m;  // the default generic model
    };
    if (!(p.calendar_loss_10y_25c >= 0.0 && p.calendar_loss_10y_25c <= 0.9))
        return fail("calendar_loss_10y_25c", p.calendar_loss_10y_25c, "0 to 0.9 (fraction lost in 10 years at 25 °C)");
    if (!(p.cycles_to_80pct >= 1.0 && p.cycles_to_80pct <= 1e6))
        return fail("cycles_to_80pct", p.cycles_to_80pct, "1 to 1e6 (EFC)");
    if (!(p.b > 0.0 && p.b <= 2.0)) return fail("b", p.b, "more than 0 and at most 2 (time exponent)");
    if (!(p.d > 0.0 && p.d <= 3.0)) return fail("d", p.d, "more than 0 and at most 3 (EFC exponent)");
    if (!(p.activation_energy_j_per_mol >= 0.0 && p.activation_energy_j_per_mol <= 200e3))
        return fail("activation_energy_j_per_mol", p.activation_energy_j_per_mol, "0 to 200000 (J/mol)");
    if (error != nullptr) error->clear();
    m.generic = p;
    return m;
}

std::vector<std::string> describe_warnings(const FadeModel& m, unsigned w) {
    std::vector<std::string> out;
    // In a fixed reading order: what went wrong with the input first, then extrapolation, then notes.
    for (unsigned bit : {fade_warning::invalid_duty, fade_warning::temperature_data, fade_warning::cycling_temperature,
                         fade_warning::dod, fade_warning::charge_rate, fade_warning::discharge_rate,
                         fade_warning::lam_rate_clamped, fade_warning::soc_clipped, fade_warning::capacity_floor,
                         fade_warning::generic_assumption})
        if (w & bit) out.push_back(m.warning_texts[static_cast<std::size_t>(bit_index(bit))]);
    return out;
}

Stressors compute_stressors(const FadeModel& m, const DutyDay& day) {
    if (!check_duty(day).empty()) {
        Stressors st;
        st.warnings = fade_warning::invalid_duty;
        return st;
    }
    return stressors_impl(
        m, day, [&](std::size_t i) { return day.soc[i]; }, 1.0);
}

FadeState initial_state(const FadeModel& m) {
    FadeState s;
    if (m.kind == FadeModelKind::nmc111_gr_kokam_75ah) s.lam_loss = m.nmc111.lam_initial;
    return s;
}

double capacity(const FadeState& s, const FadeModel& m) {
    double q = 1.0 - s.calendar_loss - s.cycle_loss;
    if (m.kind == FadeModelKind::nmc111_gr_kokam_75ah) q = std::min(q, m.nmc111.lam_capacity - s.lam_loss);
    // Not clamped at 0: far outside the data the power laws take q below 0 and BLAST-Lite reports that value
    // (e.g. LMO cycled daily at 35 °C for 15 years); FadeWarning capacity_floor flags it. NaN cannot arise from
    // finite losses, but guard anyway so no NaN ever leaves the engine.
    return std::isnan(q) ? 0.0 : q;
}

FadeTrack make_fade_track(const FadeModel& m, const Stressors& st, const FadeState& start, double scalar) {
    FadeTrack tr;
    tr.model = &m;
    tr.start = start;
    tr.stressors = st;
    tr.scalar = scalar;
    const Exponents e = exponents(m);
    tr.x0_calendar_days = equivalent_driver(start.calendar_loss, st.k_calendar, e.calendar);
    tr.x0_cycle_efc = equivalent_driver(start.cycle_loss, st.k_cycle, e.cycle);
    if (tr.x0_calendar_days == 0.0) tr.ln_calendar_rate = std::log(scalar);
    if (tr.x0_cycle_efc == 0.0) tr.ln_cycle_rate = std::log(scalar * st.efc_per_day);
    if (m.kind == FadeModelKind::nmc111_gr_kokam_75ah) {
        tr.u0_lam = sigmoid_equivalent_driver(start.lam_loss, e.lam);
        // BLAST-Lite's step: one repetition of the day.
        const double du_step = m.nmc111.lam_match_blast_stepping
                                   ? st.k_lam * scalar * st.efc_per_day * st.period_days
                                   : 0.0;
        const SigmoidLag lag = sigmoid_lag(tr.u0_lam, du_step, e.lam);
        tr.lam_half_step = lag.half_step;
        tr.lam_lag_at_start = lag.at_start;
        tr.lam_inert_driver = lam_inert_driver(m.nmc111);
    }
    return tr;
}

FadeState FadeTrack::state_at(double years) const { return state_after_days(*this, years * fade_days_per_year); }

double FadeTrack::q_at(double years) const {
    if (model == nullptr) return 0.0;
    return capacity(state_after_days(*this, years * fade_days_per_year, true), *model);
}

void advance(FadeState& s, const FadeModel& m, const Stressors& st, double days, double scalar) {
    s = state_after_days(make_fade_track(m, st, s, scalar), days);
}

void advance(FadeState& s, const FadeModel& m, const DutyDay& day, const Stressors& st, double days,
             const FadeOptions& o) {
    if (o.mode == FadeMode::constant || !st.valid) {
        advance(s, m, st, days, o.scalar);
        return;
    }
    if (!(days > 0.0) || !finite(days)) return;
    // One stressor update per repetition, as BLAST-Lite's full mode does for days under 1 EFC (one chunk per
    // repetition); short repetitions are grouped so the update runs at most once per day. (BLAST-Lite also
    // splits a day above 1 EFC into chunks between cycles; we do not.)
    const double reps_per_block = st.period_days >= 1.0 ? 1.0 : std::ceil(1.0 / st.period_days);
    const double block_days = reps_per_block * st.period_days;
    const double blocks = std::ceil(days / block_days - 1e-9);
    const double soc0 = day.soc[0];
    for (double b = 0.0; b < blocks; b += 1.0) {
        const double dt = (b + 1.0 >= blocks) ? days - b * block_days : block_days;
        if (!(dt > 0.0)) break;
        const double q = capacity(s, m);
        // BLAST-Lite rescale_soc: the SOC swing from the first sample scaled by 1/q, clipped to [0, 1].
        const double gain = 1.0 / std::max(q, 1e-3);
        bool clipped = false;
        const Stressors sq = stressors_impl(
            m, day,
            [&](std::size_t i) {
                const double v = soc0 + (day.soc[i] - soc0) * gain;
                if (v < 0.0 || v > 1.0) {
                    clipped = true;
                    return std::clamp(v, 0.0, 1.0);
                }
                return v;
            },
            q);
        if (clipped) s.warnings |= fade_warning::soc_clipped;
        advance(s, m, sq, dt, o.scalar);
    }
}

std::vector<FadePoint> simulate(const FadeModel& m, const DutyDay& day, const Stressors& st, FadeState& state,
                                const std::vector<double>& at_years, const FadeOptions& o) {
    std::vector<std::size_t> order(at_years.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto years_of = [&](std::size_t i) {
        const double y = at_years[i];
        return (finite(y) && y > 0.0) ? y : 0.0;  // negative or non-finite count as 0
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return years_of(a) < years_of(b); });
    std::vector<FadePoint> out(at_years.size());
    double now = 0.0;
    for (std::size_t i : order) {
        const double y = years_of(i);
        if (y > now) {
            advance(state, m, day, st, (y - now) * fade_days_per_year, o);
            now = y;
        }
        out[i] = {y, capacity(state, m), state.efc};
    }
    return out;
}

std::vector<FadePoint> monthly_trajectory(const FadeTrack& track, double years) {
    std::vector<FadePoint> out;
    if (track.model == nullptr) return out;
    const double span = (finite(years) && years > 0.0) ? std::min(years, 1000.0) : 0.0;
    const auto months = static_cast<std::size_t>(std::floor(span * 12.0 + 1e-9));
    out.reserve(months + 2);
    for (std::size_t i = 0; i <= months; ++i) {
        const double y = static_cast<double>(i) / 12.0;
        const FadeState s = track.state_at(y);
        out.push_back({y, capacity(s, *track.model), s.efc});
    }
    if (span - static_cast<double>(months) / 12.0 > 1e-9) {
        const FadeState s = track.state_at(span);
        out.push_back({span, capacity(s, *track.model), s.efc});
    }
    return out;
}

YearsToSoh years_to_soh(const FadeTrack& track, double q_threshold, double max_years) {
    YearsToSoh r;
    if (track.model == nullptr) return r;
    const double q0 = capacity(track.start, *track.model);
    if (q0 <= q_threshold) return {true, 0.0, q0};
    if (!(max_years > 0.0) || !finite(max_years)) return {false, 0.0, q0};
    const double q_max = track.q_at(max_years);
    if (q_max > q_threshold) return {false, max_years, q_max};
    // f(t) = q(t) − threshold is continuous and non-increasing: f(a) > 0 ≥ f(b). Illinois regula falsi keeps
    // the bracket and converges superlinearly on these smooth power laws.
    double a = 0.0, fa = q0 - q_threshold, b = max_years, fb = q_max - q_threshold;
    int side = 0;
    double c = b, fc = fb;
    for (int it = 0; it < 200; ++it) {
        c = (a * fb - b * fa) / (fb - fa);
        if (!(c > a && c < b)) c = 0.5 * (a + b);
        fc = track.q_at(c) - q_threshold;
        if (fc > 0.0) {
            a = c;
            fa = fc;
            if (side == 1) fb *= 0.5;
            side = 1;
        } else {
            b = c;
            fb = fc;
            if (side == -1) fa *= 0.5;
            side = -1;
        }
        if (fc == 0.0 || b - a <= 1e-9 * std::max(1.0, b)) break;
    }
    // Report the bracket end at or below the threshold, so `reached` always means q(years) ≤ threshold.
    return {true, b, track.q_at(b)};
}

// ---- duties ----

EvDuty make_ev_duty(const EvDutyInput& in) {
    EvDuty out;
    auto fail = [&](const char* field, double v, const std::string& expected) {
        out.error = std::string("ev_duty.") + field + " = " + num(v) + ": expected " + expected;
        return out;
    };
    if (!(in.km_per_year >= 0.0 && in.km_per_year <= 500000.0))
        return fail("km_per_year", in.km_per_year, "0 to 500000 km/yr");
    if (!(in.range_km >= 20.0 && in.range_km <= 3000.0)) return fail("range_km", in.range_km, "20 to 3000 km");
    if (!(in.usable_fraction >= 0.3 && in.usable_fraction <= 1.0))
        return fail("usable_fraction", in.usable_fraction, "0.3 to 1 (fraction of nominal)");
    if (!(in.fast_charge_share >= 0.0 && in.fast_charge_share <= 1.0))
        return fail("fast_charge_share", in.fast_charge_share, "0 to 1 (fraction of energy)");
    if (!(in.temperature_c >= -40.0 && in.temperature_c <= 60.0))
        return fail("temperature_c", in.temperature_c, "-40 to 60 °C");
    if (!(in.min_soc >= 0.0 && in.min_soc < 1.0)) return fail("min_soc", in.min_soc, "0 to less than 1 (fraction)");
    if (!(in.charge_target_soc > in.min_soc + 0.05 && in.charge_target_soc <= 1.0))
        return fail("charge_target_soc", in.charge_target_soc, "more than min_soc + 0.05 and at most 1 (fraction)");
    if (!(in.home_charge_c_rate >= 0.01 && in.home_charge_c_rate <= 5.0))
        return fail("home_charge_c_rate", in.home_charge_c_rate, "0.01 to 5 (1/h)");
    if (!(in.fast_charge_c_rate >= 0.1 && in.fast_charge_c_rate <= 10.0))
        return fail("fast_charge_c_rate", in.fast_charge_c_rate, "0.1 to 10 (1/h)");

    // MODEL.md §2.3: EFC/yr = annual km / (range km per full pack × usable fraction). With SOC as the displayed
    // (usable-window) SOC, one day's swing is EFC/day = Σ|ΔSOC|/2.
    out.efc_per_year = in.km_per_year / (in.range_km * in.usable_fraction);
    const double swing_day = out.efc_per_year / fade_days_per_year;
    const double window = in.charge_target_soc - in.min_soc;
    const double sessions = std::max(1.0, std::ceil(swing_day / window - 1e-12));
    if (sessions > 24.0)
        return fail("km_per_year", in.km_per_year,
                    "at most 24 full charges a day for this range (" +
                        num(24.0 * window * fade_days_per_year * in.range_km * in.usable_fraction) + " km/yr)");
    out.sessions_per_day = static_cast<int>(sessions);
    // Fleet data put DC-fast-charged EVs at up to 3.0 %/yr against ~1.5 %/yr on AC (DATA.md §2 [GEOTAB]); the
    // BLAST-Lite models have little or no C-rate dependence, so the fast-charge share acts on the scalar.
    out.fade_scalar_multiplier = 1.0 + in.fast_charge_share * (3.0 / 1.5 - 1.0);

    const double top = in.charge_target_soc;
    const double drop = swing_day / sessions;
    DutyDay& d = out.day;
    const std::size_t samples = 3 * static_cast<std::size_t>(sessions) + 5;
    d.time_s.reserve(samples);
    d.soc.reserve(samples);
    d.temperature_c.reserve(samples);
    auto add = [&](double hour, double soc) {
        d.time_s.push_back(hour * seconds_per_hour);
        d.soc.push_back(std::clamp(soc, 0.0, 1.0));
        d.temperature_c.push_back(in.temperature_c);
    };
    if (drop <= 0.0) {  // parked all day
        add(0.0, top);
        add(24.0, top);
        return out;
    }
    if (out.sessions_per_day == 1) {
        // Commuter: charged overnight, two 1-h drives (07:00, 17:00), plugged in on arrival at 18:00 and charged
        // at the home rate (faster if needed to finish by midnight), parked full until the next morning.
        const double rate = std::max(in.home_charge_c_rate, drop / 6.0);
        add(0.0, top);
        add(7.0, top);
        add(8.0, top - 0.5 * drop);
        add(17.0, top - 0.5 * drop);
        add(18.0, top - drop);
        const double end_charge = 18.0 + drop / rate;
        if (end_charge < 24.0 - 1e-9) add(end_charge, top);
        add(24.0, top);
        return out;
    }
    // High mileage (taxi, fleet): the day splits into equal slots of driving half the slot, then a DC top-up.
    const double slot = 24.0 / sessions;
    const double rate = std::max(in.fast_charge_c_rate, drop / (0.45 * slot));
    add(0.0, top);
    for (int k = 0; k < out.sessions_per_day; ++k) {
        const double t0 = slot * k;
        add(t0 + 0.5 * slot, top - drop);
        const double end_charge = t0 + 0.5 * slot + drop / rate;
        if (end_charge < t0 + slot - 1e-9) add(end_charge, top);
        add(t0 + slot, top);
    }
    return out;
}

StationaryDuty make_stationary_duty(const StationaryDutyInput& in) {
    StationaryDuty out;
    auto fail = [&](const char* field, double v, const std::string& expected) {
        out.error = std::string("stationary_duty.") + field + " = " + num(v) + ": expected " + expected;
        return out;
    };
    if (!(in.cycles_per_day >= 0.0 && in.cycles_per_day <= 24.0))
        return fail("cycles_per_day", in.cycles_per_day, "0 to 24");
    if (!(in.dod > 0.0 && in.dod <= 1.0)) return fail("dod", in.dod, "more than 0 and at most 1 (fraction)");
    if (!(in.duration_h >= 0.05 && in.duration_h <= 24.0)) return fail("duration_h", in.duration_h, "0.05 to 24 h");
    if (!(in.mean_soc >= 0.0 && in.mean_soc <= 1.0)) return fail("mean_soc", in.mean_soc, "0 to 1 (fraction)");
    if (!(in.temperature_c >= -40.0 && in.temperature_c <= 60.0))
        return fail("temperature_c", in.temperature_c, "-40 to 60 °C");
    if (in.cycles_per_day > 0.0 && 2.0 * in.duration_h * in.cycles_per_day > 24.0 + 1e-9)
        return fail("duration_h", in.duration_h,
                    "at most " + num(12.0 / in.cycles_per_day) + " h at " + num(in.cycles_per_day) +
                        " cycles/day (a charge and a discharge per cycle must fit in 24 h)");

    DutyDay& d = out.day;
    const std::size_t samples = 4 * static_cast<std::size_t>(std::round(in.cycles_per_day) + 1.0) + 2;
    d.time_s.reserve(samples);
    d.soc.reserve(samples);
    d.temperature_c.reserve(samples);
    auto add = [&](double hour, double soc) {
        d.time_s.push_back(hour * seconds_per_hour);
        d.soc.push_back(soc);
        d.temperature_c.push_back(in.temperature_c);
    };
    if (in.cycles_per_day == 0.0) {
        add(0.0, in.mean_soc);
        add(24.0, in.mean_soc);
        return out;
    }
    // Window centred on mean_soc, shifted inside 0–1 when it would stick out.
    const double lo = std::clamp(in.mean_soc - 0.5 * in.dod, 0.0, 1.0 - in.dod);
    const double hi = lo + in.dod;
    const double cycles = std::max(1.0, std::round(in.cycles_per_day));
    const double period_h = 24.0 * cycles / in.cycles_per_day;
    const double slot = period_h / cycles;
    const double rest = 0.5 * (slot - 2.0 * in.duration_h);
    // Each slot: charge, rest at the top, discharge, rest at the bottom (equal rests: mean SOC = window centre).
    add(0.0, lo);
    for (int k = 0; k < static_cast<int>(cycles); ++k) {
        const double t0 = slot * k;
        add(t0 + in.duration_h, hi);
        if (rest > 1e-9) add(t0 + in.duration_h + rest, hi);
        add(t0 + 2.0 * in.duration_h + rest, lo);
        if (rest > 1e-9) add(t0 + slot, lo);
    }
    return out;
}

}  // namespace packfolio
