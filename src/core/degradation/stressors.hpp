#pragma once
// The engine's one pass over a duty day (stressors.cpp), shared by compute_stressors and full mode's rescaled
// days (integration.cpp).

#include "core/degradation.hpp"

namespace packfolio {

// Stressors of one repetition (docs/MODEL.md §2.1) of a day that passed check_duty. `soc` holds the SOC used
// at each sample (the day's own SOC in constant mode, the 1/q-rescaled one in full mode) and `health` is the q
// that BLAST-Lite multiplies EFC and C-rate by (degradation_model.py, _extract_stressors: "EFC is in units of
// amp*hours per amp*hours nominal").
Stressors stressors_impl(const FadeModel& m, const DutyDay& d, const double* soc, double health);

}  // namespace packfolio
