#pragma once
// Number formatting inside the charts: the pieces format_number (charts.hpp) shares with the tick labels
// of an axis and the degree labels of the map.

#include <string>
#include <vector>

namespace packfolio::app::chart {

// `v` with `decimals` decimals, trailing zeros (and a bare ".") removed; "-0" reads "0".
std::string fixed_trimmed(double v, int decimals);

// Tick labels share one suffix and enough decimals for the step, so a scale reads 0, 2.5k, 5k, 7.5k
// rather than mixing 2500 and 5k. The unit stays in the axis title.
std::vector<std::string> tick_labels(const std::vector<double>& ticks, double step);

}  // namespace packfolio::app::chart
