#pragma once
// An uncertain scenario number: its value plus an optional low–high range and a distribution, used by
// the tornado, breakevens, decision maps and Monte Carlo (MODEL.md §7). Without a range, low == high == value.

namespace packfolio {

enum class Distribution { fixed, uniform, triangular, normal };

struct Param {
    double value = 0.0;
    double low = 0.0;
    double high = 0.0;
    Distribution distribution = Distribution::fixed;

    Param() = default;
    Param(double v) : value(v), low(v), high(v) {}  // NOLINT: a plain number is a Param with no range
    Param(double v, double lo, double hi, Distribution d = Distribution::triangular)
        : value(v), low(lo), high(hi), distribution(d) {}

    bool has_range() const { return low < high; }
    bool operator==(const Param& o) const {
        return value == o.value && low == o.low && high == o.high && distribution == o.distribution;
    }
    bool operator!=(const Param& o) const { return !(*this == o); }
};

}  // namespace packfolio
