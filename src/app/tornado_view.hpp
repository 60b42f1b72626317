#pragma once
// The tornado of a finished sensitivity run, as both the lifecycle and the portfolio tab show it.

#include <cstddef>
#include <string>

#include "core/analysis.hpp"

namespace packfolio::app {

// Draws the tornado of a run (the largest swings, with a line saying how many of how many) under the output
// title: the decision margin when the run is sorted by it (with the flip line at 0 and the inputs that flip
// the decision marked), else the `watched` outcome, e.g. "NPV of the optimal plan" ($).
void draw_tornado(const char* id, const Objective& o, const SensitivityResult& s, std::size_t watched,
                  const std::string& output_title);

}  // namespace packfolio::app
