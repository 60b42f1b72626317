#pragma once
// Seeded random numbers for Monte Carlo (MODEL.md §7), identical natively and in WebAssembly.
//
// Why our own: the std::*_distribution classes are implementation-defined, so libstdc++ (native) and
// libc++ (Emscripten) give different draws for the same seed. The generator here is integer-only
// (xoshiro256** seeded through SplitMix64, Blackman & Vigna 2018), so its stream is bit-identical on every
// platform. Each sampled input consumes exactly one uniform per draw and is mapped through its inverse
// CDF, which keeps the streams of different inputs aligned however the distributions change.
//
// How a Param's numbers map to its distribution:
//   uniform     on [low, high]
//   triangular  minimum low, mode value, maximum high (mean (low + value + high) / 3)
//   normal      mean value, standard deviation (high − low) / 4: low and high are the ±2σ points
//               (p2.3 / p97.7), the convention of the BLAST fade-multiplier range (σ = 0.15 on 1.0 gives
//               0.7–1.3, MODEL.md §2.3). Truncated to the field's allowed range, so no invalid input
//               reaches the model: the draw is Φ⁻¹ of a uniform spread over [Φ(min), Φ(max)].
//   fixed       value (not sampled)
// The normal quantile uses the C library's erfc, so a normal draw may differ in its last bits between
// platforms (well inside the 1e-9 agreement the project asks for); uniform and triangular draws use only
// +, −, ×, ÷ and √, which IEEE 754 rounds identically everywhere.

#include <cmath>
#include <cstdint>

#include "core/fields.hpp"
#include "core/param.hpp"

namespace packfolio {

// SplitMix64 (Steele, Lea & Flood 2014): expands one 64-bit seed into well-mixed words.
inline std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// xoshiro256** 1.0 (Blackman & Vigna 2018): 256-bit state, period 2^256 − 1.
class Rng {
public:
    explicit Rng(std::uint64_t seed) {
        std::uint64_t sm = seed;
        for (auto& word : s_) word = splitmix64(sm);  // never all zero: SplitMix64 is a bijection of a counter
    }

    std::uint64_t next() {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    // Uniform on the open interval (0, 1): the midpoints of 2^53 equal cells, so an inverse CDF never sees
    // 0 or 1 (the normal quantile is infinite there).
    double uniform01() { return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53; }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t s_[4];
};

// Standard normal CDF Φ(z) = erfc(−z/√2) / 2.
inline double normal_cdf(double z) { return 0.5 * std::erfc(-z * 0.70710678118654752440); }

// Standard normal quantile Φ⁻¹(p) for 0 < p < 1: Acklam's rational approximation (relative error
// 1.15e-9), refined by one Halley step on Φ, which brings it to about machine precision.
inline double normal_quantile(double p) {
    static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                   1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
    static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                   6.680131188771972e+01,  -1.328068155288572e+01};
    static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                   -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
    static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                   3.754408661907416e+00};
    constexpr double p_low = 0.02425;
    double x;
    if (p < p_low) {
        const double q = std::sqrt(-2.0 * std::log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    } else if (p <= 1.0 - p_low) {
        const double q = p - 0.5;
        const double r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
    } else {
        const double q = std::sqrt(-2.0 * std::log1p(-p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    }
    // Halley step: e = Φ(x) − p, u = e·√(2π)·exp(x²/2), x ← x − u / (1 + x·u/2).
    const double e = normal_cdf(x) - p;
    const double u = e * 2.50662827463100050242 * std::exp(0.5 * x * x);
    return x - u / (1.0 + 0.5 * x * u);
}

// The smallest allowed value of a field (the next double above min when min itself is excluded).
inline double field_lowest(const FieldSpec& spec) {
    return spec.min_exclusive ? std::nextafter(spec.min, spec.max) : spec.min;
}

// A draw of `p` from its distribution, given a uniform u in (0, 1), kept inside the field's allowed range.
// A Param without a range, or with the fixed distribution, returns its value.
inline double sample_param(const Param& p, const FieldSpec& spec, double u) {
    if (!p.has_range() || p.distribution == Distribution::fixed) return p.value;
    double x = p.value;
    switch (p.distribution) {
        case Distribution::uniform:
            x = p.low + u * (p.high - p.low);
            break;
        case Distribution::triangular: {
            const double a = p.low, b = p.high, c = p.value;
            const double fc = (c - a) / (b - a);
            x = u < fc ? a + std::sqrt(u * (b - a) * (c - a)) : b - std::sqrt((1.0 - u) * (b - a) * (b - c));
            break;
        }
        case Distribution::normal: {
            const double sigma = (p.high - p.low) / 4.0;
            const double lo = field_lowest(spec), hi = spec.max;
            const double f_lo = normal_cdf((lo - p.value) / sigma), f_hi = normal_cdf((hi - p.value) / sigma);
            const double q = f_lo + u * (f_hi - f_lo);
            x = q <= 0.0 ? lo : q >= 1.0 ? hi : p.value + sigma * normal_quantile(q);
            break;
        }
        case Distribution::fixed:
            break;
    }
    // Rounding at the ends of a range (or an extreme quantile) must not step outside the field.
    return std::fmin(std::fmax(x, field_lowest(spec)), spec.max);
}

}  // namespace packfolio
