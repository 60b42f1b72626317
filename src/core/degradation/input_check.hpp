#pragma once
// How the degradation engine words bad input (docs/ARCHITECTURE.md §4): one line naming the field, the value
// and what was expected, e.g. "ev_duty.range_km = -1: expected 20 to 3000 km". The duty builders, the generic
// model and check_duty share it.

#include <initializer_list>
#include <string>

namespace packfolio {

// A number as error text: number_text, with NaN and ±Infinity spelled out.
std::string fade_number_text(double v);

// "PREFIX.FIELD = VALUE: expected EXPECTED".
std::string input_error(const char* prefix, const char* field, double value, const std::string& expected);

// One input and its range: min ≤ value ≤ max, with a strict bound on an open side.
struct InputRange {
    const char* field;
    double value;
    double min, max;
    const char* expected;  // the range in words, as the error shows it
    bool min_open = false, max_open = false;
};

// The input_error of the first input out of its range (NaN is out of every range), or "" when all are in.
std::string first_out_of_range(const char* prefix, std::initializer_list<InputRange> inputs);

}  // namespace packfolio
