#include "app/charts/scale.hpp"

#include <algorithm>
#include <cmath>

#include "app/charts/number_format.hpp"
#include "app/charts/text.hpp"

namespace packfolio::app::chart {

void finite_range(double v, double& lo, double& hi) {
    if (!std::isfinite(v)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
}

double nice_step(double raw) {
    if (!(raw > 0.0) || !std::isfinite(raw)) return 1.0;
    const double p = std::pow(10.0, std::floor(std::log10(raw)));
    const double f = raw / p;
    const double n = f <= 1.0 ? 1.0 : f <= 2.0 ? 2.0 : f <= 5.0 ? 5.0 : 10.0;
    return n * p;
}

NumericAxis numeric_axis(double lo, double hi, const Axis& spec, bool include_zero, float length, bool horizontal) {
    if (!std::isfinite(lo) || !std::isfinite(hi) || lo > hi) lo = 0.0, hi = 1.0;
    if (include_zero) lo = std::min(lo, 0.0), hi = std::max(hi, 0.0);
    if (spec.min) lo = *spec.min;
    if (spec.max) hi = *spec.max;
    if (hi - lo <= 1e-12 * std::max(1.0, std::fabs(lo))) {
        const double pad = std::max(std::fabs(lo) * 0.1, 1.0);
        if (!spec.min) lo -= pad;
        if (!spec.max) hi += pad;
        if (!(hi > lo)) hi = lo + pad;
    }
    int max_count = horizontal ? static_cast<int>(length / (em() * 4.0f)) : static_cast<int>(length / (line_h() * 2.4f));
    max_count = std::clamp(max_count, 2, horizontal ? 10 : 8);
    NumericAxis ax;
    for (;; --max_count) {
        ax = NumericAxis();
        ax.step = nice_step((hi - lo) / max_count);
        ax.lo = spec.min ? lo : std::floor(lo / ax.step + 1e-9) * ax.step;
        ax.hi = spec.max ? hi : std::ceil(hi / ax.step - 1e-9) * ax.step;
        const double k0 = std::ceil(ax.lo / ax.step - 1e-9), k1 = std::floor(ax.hi / ax.step + 1e-9);
        for (double k = k0; k <= k1; k += 1.0) ax.ticks.push_back(k * ax.step);
        ax.labels = tick_labels(ax.ticks, ax.step);
        for (const std::string& s : ax.labels) ax.label_w = std::max(ax.label_w, text_w(s));
        if (!horizontal || max_count <= 2) break;
        // Every label plus a gap of one em must fit along the axis.
        if (static_cast<float>(ax.ticks.size()) * (ax.label_w + em()) <= length) break;
    }
    return ax;
}

}  // namespace packfolio::app::chart
