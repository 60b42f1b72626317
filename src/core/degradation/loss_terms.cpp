// The LAM sigmoid's equivalent driver and BLAST-Lite's stepping lag (loss_terms.hpp, docs/MODEL.md §2.3).
#include "core/degradation/loss_terms.hpp"

namespace packfolio {

namespace {

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

}  // namespace

double sigmoid_equivalent_driver(double y0, double p) {
    if (!(y0 > 0.0)) return 0.0;
    const double y = std::min(y0, 1.0 - 1e-15);
    return power(2.0 * std::atanh(y), 1.0 / p);
}

SigmoidLag sigmoid_lag(double u0, double du_step, double p) {
    if (!(du_step > 0.0) || !(u0 > 0.0)) return {};
    return {0.5 * du_step, 0.5 * du_step * sigmoid_log_slope(sigmoid_driver(u0, p), p).value};
}

// BLAST-Lite takes one forward-Euler step of the state equation per repetition of the day
// (_update_sigmoid_state), and with p = 10 the Euler step lags the exact curve in the knee by up to 0.012 in q
// (Kokam, 2 EFC/day at 25 °C, year 7) — more than the ±0.003 bar. The lag has a closed form: per step of size h
// the equivalent driver falls behind by ½·h²·f''/f', which sums to ½·h·ln(f'(u1)/f'(u0)) (the modified equation
// of forward Euler). Solving u1 = u0 + du − ½·h·(L(u1) − L(u0)), L = ln f', brings the difference to ~1e-5, and
// since the lag telescopes, splitting du into pieces gives the same u1: still step-count independent. The
// equation has no closed form. Halley's method (Newton's with a curvature term: cubic convergence) solves it in
// two steps where Newton's took four: from the exact curve the first step leaves an error of ~1e-9 relative,
// the second one at rounding.
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

double lam_inert_driver(double p, double lam_capacity) {
    if (!(p >= 1.0) || !(lam_capacity > 1.0)) return 0.0;
    const double v = std::min(0.25 * (lam_capacity - 1.0), std::sqrt((p - 1.0) / (4.0 * p)));
    return power(2.0 * v, 1.0 / p);
}

}  // namespace packfolio
