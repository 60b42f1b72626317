#pragma once
// Money over time (MODEL.md §3): discounting, NPV, the levelised cost of storage, and bracketed root
// finding for breakevens. All rates are real fractions per year; money is real 2025 USD.

#include <cmath>
#include <optional>
#include <vector>

namespace packfolio {

// When the cash of year t (t >= 1) arrives. cash[0] is always at t = 0, undiscounted (an upfront
// payment or sale). The UI states which one a figure uses; the lifecycle uses end_of_year.
enum class CashTiming { end_of_year, mid_year };

// 1 / (1 + rate)^t for any real t >= 0.
double discount_factor(double rate, double t_years);

// NPV = Σ cash[t] / (1 + rate)^τ(t), with τ(0) = 0 and τ(t) = t (end of year) or t − 0.5 (mid-year).
double npv(const std::vector<double>& cash_usd, double rate, CashTiming timing = CashTiming::end_of_year);

// Adds `amount_usd` arriving at time `t_years` (>= 0) to a yearly cash-flow vector so that npv() with
// end-of-year timing values it exactly: it lands in bucket ceil(t) (bucket 0 for t = 0), carried to that
// year's end at the discount rate, i.e. amount × (1 + rate)^(ceil(t) − t). The vector grows as needed.
// This keeps a yearly table and the NPV consistent for flows at fractional times (a second life that
// ends at 6.4 years).
void add_cash_at(std::vector<double>& cash_usd, double t_years, double amount_usd, double rate);

// Levelised cost of storage after Schmidt et al. 2019 and Lazard (MODEL.md §3):
//   LCOS = [capex + Σ_t (O&M_t + charging_t)/(1+r)^t + end_of_life/(1+r)^(N+1)] / Σ_t E_t/(1+r)^t,
// t = 1..N, with N the number of years given. Vectors are indexed by year − 1 and must have equal length.
// `end_of_life_cost_usd` is a cost (a recycling income is negative). Energy is discharged energy in kWh.
struct LcosTerms {
    double capex_usd = 0.0;
    std::vector<double> om_usd;
    std::vector<double> charging_usd;
    std::vector<double> discharged_kwh;
    double end_of_life_cost_usd = 0.0;
};

// $/MWh, or nothing when no energy is discharged (a storage system that never runs has no LCOS).
std::optional<double> lcos_usd_per_mwh(const LcosTerms& terms, double rate);

// Bracketed root finding for breakevens (MODEL.md §3): the input value at which f changes sign.
enum class RootStatus {
    found,                // x is a root (or a sign change narrowed to x_tolerance)
    no_root_in_range,     // f has the same sign at every sampled point: "no tie in range", never a number
    not_finite,           // f returned NaN or infinity somewhere
};

struct RootResult {
    RootStatus status = RootStatus::no_root_in_range;
    double x = 0.0;       // meaningful only when status == found
    int evaluations = 0;  // calls of f
};

// Brent's method on [lo, hi] (lo < hi) once f(lo) and f(hi) have opposite signs (or one is zero); stops
// when the bracket is narrower than x_tolerance. At a jump discontinuity it returns the jump's location.
template <class F>
RootResult brent_root(F&& f, double lo, double hi, double x_tolerance, int max_iterations = 200);

// Scans [lo, hi] in `samples` equal steps for the first sign change, then refines it with Brent. Use it
// when f may not change sign between the ends although it crosses zero inside (two ties).
template <class F>
RootResult find_root_in_range(F&& f, double lo, double hi, int samples, double x_tolerance);

// ---- implementation of the templates ----

template <class F>
RootResult brent_root(F&& f, double lo, double hi, double x_tolerance, int max_iterations) {
    RootResult out;
    double a = lo, b = hi;
    double fa = f(a), fb = f(b);
    out.evaluations = 2;
    if (!std::isfinite(fa) || !std::isfinite(fb)) { out.status = RootStatus::not_finite; return out; }
    if (fa == 0.0) { out.status = RootStatus::found; out.x = a; return out; }
    if (fb == 0.0) { out.status = RootStatus::found; out.x = b; return out; }
    if ((fa > 0.0) == (fb > 0.0)) { out.status = RootStatus::no_root_in_range; return out; }
    // Brent (1973): keep [b, c] bracketing the root, b the best estimate; try inverse quadratic or secant
    // steps, fall back to bisection when they would leave the bracket or converge too slowly.
    double c = a, fc = fa, d = b - a, e = d;
    for (int i = 0; i < max_iterations; ++i) {
        if ((fb > 0.0) == (fc > 0.0)) { c = a; fc = fa; d = b - a; e = d; }
        if (std::fabs(fc) < std::fabs(fb)) { a = b; b = c; c = a; fa = fb; fb = fc; fc = fa; }
        const double tol = 2.0 * 1e-16 * std::fabs(b) + 0.5 * x_tolerance;
        const double m = 0.5 * (c - b);
        if (std::fabs(m) <= tol || fb == 0.0) { out.status = RootStatus::found; out.x = b; return out; }
        if (std::fabs(e) >= tol && std::fabs(fa) > std::fabs(fb)) {
            double p, q;
            const double s = fb / fa;
            if (a == c) {
                p = 2.0 * m * s;
                q = 1.0 - s;
            } else {
                const double qq = fa / fc, r = fb / fc;
                p = s * (2.0 * m * qq * (qq - r) - (b - a) * (r - 1.0));
                q = (qq - 1.0) * (r - 1.0) * (s - 1.0);
            }
            if (p > 0.0) q = -q;
            else p = -p;
            if (2.0 * p < std::fmin(3.0 * m * q - std::fabs(tol * q), std::fabs(e * q))) {
                e = d;
                d = p / q;
            } else {
                d = m;
                e = m;
            }
        } else {
            d = m;
            e = m;
        }
        a = b;
        fa = fb;
        b += std::fabs(d) > tol ? d : (m > 0.0 ? tol : -tol);
        fb = f(b);
        ++out.evaluations;
        if (!std::isfinite(fb)) { out.status = RootStatus::not_finite; return out; }
    }
    out.status = RootStatus::found;  // the bracket still holds a sign change; b is its best estimate
    out.x = b;
    return out;
}

template <class F>
RootResult find_root_in_range(F&& f, double lo, double hi, int samples, double x_tolerance) {
    RootResult out;
    if (samples < 1) samples = 1;
    double x0 = lo, f0 = f(lo);
    out.evaluations = 1;
    if (!std::isfinite(f0)) { out.status = RootStatus::not_finite; return out; }
    if (f0 == 0.0) { out.status = RootStatus::found; out.x = lo; return out; }
    for (int i = 1; i <= samples; ++i) {
        const double x1 = i == samples ? hi : lo + (hi - lo) * i / samples;
        const double f1 = f(x1);
        ++out.evaluations;
        if (!std::isfinite(f1)) { out.status = RootStatus::not_finite; return out; }
        if (f1 == 0.0 || (f0 > 0.0) != (f1 > 0.0)) {
            RootResult r = brent_root(f, x0, x1, x_tolerance);
            r.evaluations += out.evaluations;
            return r;
        }
        x0 = x1;
        f0 = f1;
    }
    out.status = RootStatus::no_root_in_range;
    return out;
}

}  // namespace packfolio
