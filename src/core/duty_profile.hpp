#pragma once
// A duty profile as a file holds it (the input of `packfolio degrade`, MODEL.md §2.1):
//   {"time_s": [...], "soc": [...], "temperature_c": [...] or one number}
// What its span means: the samples describe one repetition, from time_s.front() to time_s.back(), and the
// profile repeats with that period for as long as the phase lasts (DutyDay, compute_stressors). So a
// two-day profile with two cycles is one cycle a day. The span must lie between profile_min_span_s and
// profile_max_span_s: a shorter one turns rounding into absurd cycle counts (a 1e-300 s span), a longer one
// is not a repeating duty but a life, which this model does not take.
// The text is read by parse_json_input (size, depth, duplicate keys, UTF-8), with NaN and Infinity named
// at their path; every number must be finite, and 1e400 is an error of its field.

#include <cstddef>
#include <string>
#include <string_view>

#include "core/degradation.hpp"

namespace packfolio {

inline constexpr double profile_min_span_s = 3600.0;               // 1 hour
inline constexpr double profile_max_span_s = 30.0 * 86400.0;       // 30 days
inline constexpr std::size_t profile_max_points = 200000;          // constant mode: one pass over the samples
inline constexpr std::size_t profile_max_points_full_mode = 5000;  // full mode: one pass per simulated day

struct DutyProfile {
    DutyDay day;
    bool temperature_scalar = false;  // temperature_c was one number, repeated for every sample
    std::string error;                // "" or one line naming the field, the value and what was expected
    bool ok() const { return error.empty(); }
};

// Parses and checks a profile: keys, types, lengths, finite numbers, increasing times, SOC 0–1, the span
// and at most profile_max_points samples. Model-specific checks (its temperature data) are the caller's.
DutyProfile parse_duty_profile(std::string_view json_text);

}  // namespace packfolio
