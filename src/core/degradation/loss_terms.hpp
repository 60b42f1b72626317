#pragma once
// The shapes of the loss terms (docs/MODEL.md §2.3; BLAST-Lite degradation_model.py: _update_power_state,
// _update_sigmoid_state): a power law y = k·x^p and the LAM sigmoid y = tanh((k·x)^p / 2), each continued from
// its current value through an equivalent driver, so that an update is step-count independent and keeps its
// history when the rate constant changes. Pure functions of numbers; the engine (integration.cpp) calls them.
// The small ones are inline: they run on every query of a FadeTrack.

#include <algorithm>
#include <cmath>

namespace packfolio {

// x^p for x ≥ 0 as e^(p·ln x): within a few ulp of pow and cheaper, above all in WebAssembly, where pow costs
// about three times exp. The fade terms take one or two per query, and queries run thousands of times.
inline double power(double x, double p) { return std::exp(p * std::log(x)); }

// Power law y = k·x^p: the driver x that gives y at rate constant k (MODEL.md §2.3). Integrating the state
// equation dy/dx = k·p·(y/k)^((p−1)/p) from y0 over dx gives exactly y1 = k·(x0 + dx)^p with x0 = (y0/k)^(1/p),
// for any split of dx, so the update is step-count independent and keeps history when k changes.
inline double equivalent_driver(double y0, double k, double p) {
    if (!(y0 > 0.0) || !(k > 0.0)) return 0.0;
    return power(y0 / k, 1.0 / p);
}

inline double power_law(double k, double x, double p) { return k * power(x, p); }

// Sigmoid y = 2·y_inf·(1/2 − 1/(1 + e^((k·x)^p))) = y_inf·tanh((k·x)^p / 2) with y_inf = 1 (Kokam LAM). In the
// dimensionless driver u = k·x: u0 = (2·atanh(y0))^(1/p), and y1 = tanh((u0 + k·dx)^p / 2).
double sigmoid_equivalent_driver(double y0, double p);

// A value of the sigmoid's driver u with ln u and v = u^p / 2 = e^(p·ln u) / 2, its half-argument: y = tanh v.
struct SigmoidDriver {
    double u, ln_u, v;
};
inline SigmoidDriver sigmoid_driver(double u, double p) {
    const double ln_u = std::log(u);
    return {u, ln_u, 0.5 * std::exp(p * ln_u)};
}

// BLAST-Lite's lag of the sigmoid on a track (see sigmoid_advance): half its Euler step h in u, and ½·h·L(u0),
// the part of the lag that every advance from the track's start shares. Both 0 turn the correction off.
struct SigmoidLag {
    double half_step = 0.0;
    double at_start = 0.0;
};
SigmoidLag sigmoid_lag(double u0, double du_step, double p);

// Advance the sigmoid's driver from u0 to `exact` = u0 + du, reproducing BLAST-Lite's integration, and return
// v1 = u1^p / 2 at the lagged driver u1 (the LAM is tanh v1). A lag of {} (correction off) gives the exact
// curve. The derivation is at the definition.
double sigmoid_advance(double u0, const SigmoidDriver& exact, const SigmoidLag& lag, double p);

// Whether only q = min(1 − LLI, lam_capacity − LAM) is wanted and LAM cannot be the smaller term, so the
// sigmoid can be skipped. LAM ≤ 1 always. And while L still rises at the exact driver (L'(exact) ≥ 0, i.e.
// p − 1 ≥ 2p·v·tanh v with v = v_exact, implied by p − 1 ≥ 2p·v²), the lag only delays the curve: L is concave
// for p ≥ 1, so the root of sigmoid_advance lies in (u0, exact], and LAM ≤ tanh v ≤ v. The factor 2 covers
// rounding in the lagged driver.
inline bool lam_cannot_bind(double v_exact, double q_lli, double lam_capacity, double p) {
    if (q_lli <= lam_capacity - 1.0) return true;
    return p >= 1.0 && 2.0 * p * v_exact * v_exact <= p - 1.0 && 2.0 * v_exact <= lam_capacity - q_lli;
}

// The exact driver below which lam_cannot_bind holds for every q_lli ≤ 1 (v ≤ (lam_capacity − 1)/4, and
// 2p·v² ≤ (p − 1)/2), so a query can skip even the pow that gives v; 0 when there is no such range.
double lam_inert_driver(double p, double lam_capacity);

}  // namespace packfolio
