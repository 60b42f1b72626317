#include "core/degradation/input_check.hpp"

#include "core/fields.hpp"

#include <cmath>

namespace packfolio {

std::string fade_number_text(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
    return number_text(v);
}

std::string input_error(const char* prefix, const char* field, double value, const std::string& expected) {
    return std::string(prefix) + "." + field + " = " + fade_number_text(value) + ": expected " + expected;
}

std::string first_out_of_range(const char* prefix, std::initializer_list<InputRange> inputs) {
    for (const InputRange& r : inputs) {
        const bool above_min = r.min_open ? r.value > r.min : r.value >= r.min;
        const bool below_max = r.max_open ? r.value < r.max : r.value <= r.max;
        if (!(above_min && below_max)) return input_error(prefix, r.field, r.value, r.expected);
    }
    return {};
}

}  // namespace packfolio
