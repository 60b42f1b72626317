#pragma once
// Scales: data ranges, nice 1-2-5 tick steps, and the linear map from values to screen positions.

#include <string>
#include <vector>

#include "app/charts.hpp"

namespace packfolio::app::chart {

// Widens [lo, hi] to take `v`; non-finite values are ignored.
void finite_range(double v, double& lo, double& hi);

// The 1-2-5 step at or above `raw` (1 for a step that is not positive and finite).
double nice_step(double raw);

struct Scale {
    double lo = 0.0, hi = 1.0;
    float a = 0.0f, b = 1.0f;  // screen positions of lo and hi (for y, a is the bottom)
    float operator()(double v) const { return a + static_cast<float>((v - lo) / (hi - lo)) * (b - a); }
    double inverse(float p) const { return lo + static_cast<double>((p - a) / (b - a)) * (hi - lo); }
};

struct NumericAxis {
    double lo = 0.0, hi = 1.0, step = 1.0;
    std::vector<double> ticks;
    std::vector<std::string> labels;
    float label_w = 0.0f;  // widest label
};

// Chooses the range and ticks for `length` pixels: as many 1-2-5 ticks as fit with room for their
// labels (horizontal) or two and a half lines apart (vertical). The data range widens to whole steps
// unless the axis fixes it.
NumericAxis numeric_axis(double lo, double hi, const Axis& spec, bool include_zero, float length, bool horizontal);

}  // namespace packfolio::app::chart
