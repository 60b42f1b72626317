// format_number and format_signed (charts.hpp), and the tick labels every axis uses.
#include "app/charts/number_format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/charts.hpp"

namespace packfolio::app {

namespace {

double round_significant(double a, int digits) {
    if (a == 0.0 || !std::isfinite(a)) return a;
    const double p = std::pow(10.0, digits - 1 - static_cast<int>(std::floor(std::log10(a))));
    return std::round(a * p) / p;
}

struct Magnitude {
    double divisor;
    const char* suffix;
};

Magnitude magnitude_of(double a) {
    if (a >= 1e12) return {1e12, "T"};
    if (a >= 1e9) return {1e9, "B"};
    if (a >= 1e6) return {1e6, "M"};
    if (a >= 1e3) return {1e3, "k"};
    return {1.0, ""};
}

// |value| with 3 significant digits and a k/M/B suffix. Rounded before choosing the suffix so that
// 999.7 reads "1k", not "1000".
std::string compact_abs(double a) {
    a = round_significant(std::fabs(a), 3);
    if (a == 0.0) return "0";
    const Magnitude m = magnitude_of(a);
    const double s = a / m.divisor;
    const int decimals = std::clamp(2 - static_cast<int>(std::floor(std::log10(s))), 0, 6);
    return chart::fixed_trimmed(s, decimals) + m.suffix;
}

}  // namespace

namespace chart {

std::string fixed_trimmed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s = buf;
    if (s.find('.') != std::string::npos) {
        while (!s.empty() && s.back() == '0') s.pop_back();
        if (!s.empty() && s.back() == '.') s.pop_back();
    }
    if (s == "-0") s = "0";
    return s;
}

std::vector<std::string> tick_labels(const std::vector<double>& ticks, double step) {
    double largest = 0.0;
    for (double t : ticks) largest = std::max(largest, std::fabs(t));
    const Magnitude m = magnitude_of(largest);
    const double scaled_step = step / m.divisor;
    int decimals = 0;
    while (decimals < 6) {
        const double v = scaled_step * std::pow(10.0, decimals);
        if (std::fabs(v - std::round(v)) < 1e-6 * std::max(1.0, v)) break;
        ++decimals;
    }
    std::vector<std::string> out;
    out.reserve(ticks.size());
    for (double t : ticks) {
        if (std::fabs(t) < step * 1e-9) t = 0.0;
        std::string s = fixed_trimmed(t / m.divisor, decimals);
        out.push_back(s == "0" ? s : s + m.suffix);
    }
    return out;
}

}  // namespace chart

std::string format_number(double value, const char* unit_c) {
    if (!std::isfinite(value)) return "n/a";
    std::string unit = unit_c ? unit_c : "";
    double a = std::fabs(value);
    // Emissions switch to tonnes rather than "12.3k kg".
    if (unit == "kg CO2e") {
        if (round_significant(a, 3) >= 1e9) a /= 1e9, unit = "Mt CO2e";
        else if (round_significant(a, 3) >= 1e6) a /= 1e6, unit = "kt CO2e";
        else if (round_significant(a, 3) >= 1e3) a /= 1e3, unit = "t CO2e";
    }
    const std::string num = compact_abs(a);
    const std::string sign = value < 0.0 && num != "0" ? "-" : "";
    if (unit.empty()) return sign + num;
    if (unit[0] == '$') return sign + "$" + num + unit.substr(1);  // "$", "$/kWh", "$/pack"
    if (unit == "%") return sign + num + " %";
    if (unit == "years" && num == "1") return sign + num + " year";
    return sign + num + " " + unit;
}

std::string format_signed(double value, const char* unit) {
    const std::string s = format_number(value, unit);
    if (!std::isfinite(value) || s[0] == '-' || s.rfind("0", 0) == 0 || s.rfind("$0", 0) == 0) return s;
    return "+" + s;
}

}  // namespace packfolio::app
