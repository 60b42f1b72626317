#include "core/duty_profile.hpp"

#include <cmath>

#include "core/json_input.hpp"
#include "core/scenario_json.hpp"
#include "core/utf8.hpp"

namespace packfolio {

namespace {

std::string show(double v) { return number_text(v); }

// One numeric array (or, where allowed, a single number) of the profile. Returns "" or the error line.
std::string read_series(const nlohmann::json& root, const char* key, const char* unit, bool allow_scalar,
                        std::vector<double>& out, bool& was_scalar) {
    const std::string field = std::string("profile.") + key;
    const char* expected = allow_scalar ? "an array of numbers or one number" : "an array of numbers";
    was_scalar = false;
    const auto it = root.find(key);
    if (it == root.end()) return field + ": missing: expected " + expected + " (" + unit + ")";
    auto element = [&](const nlohmann::json& v, const std::string& name, double& x) -> std::string {
        if (v.is_number()) {
            x = v.get<double>();
            return {};
        }
        if (v.is_string()) {
            const std::string& s = v.get_ref<const std::string&>();
            if (s == "NaN" || s == "-NaN" || s == "Infinity" || s == "-Infinity")
                return name + " = " + s + ": expected a finite number (" + unit + ")";
            const std::string overflow = " (overflows a double)";
            if (s.size() > overflow.size() && s.compare(s.size() - overflow.size(), overflow.size(), overflow) == 0)
                return name + " = " + s.substr(0, s.size() - overflow.size()) +
                       ": overflows a double: expected a finite number (" + unit + ")";
        }
        return name + " = " + json_value_text(v) + ": expected a number (" + unit + ")";
    };
    if (it->is_array()) {
        if (it->size() > profile_max_points)
            return field + ": " + count_text(it->size()) + " samples: expected at most " + count_text(profile_max_points);
        out.clear();
        out.reserve(it->size());
        for (std::size_t i = 0; i < it->size(); ++i) {
            double x = 0.0;
            const std::string e = element((*it)[i], field + "[" + std::to_string(i) + "]", x);
            if (!e.empty()) return e;
            out.push_back(x);
        }
        return {};
    }
    if (allow_scalar && (it->is_number() || it->is_string())) {
        double x = 0.0;
        const std::string e = element(*it, field, x);
        if (!e.empty()) return e;
        out.assign(1, x);
        was_scalar = true;
        return {};
    }
    return field + " = " + json_value_text(*it) + ": expected " + expected + " (" + unit + ")";
}

}  // namespace

DutyProfile parse_duty_profile(std::string_view json_text) {
    DutyProfile p;
    JsonLimits limits;
    limits.quote_non_finite = true;  // Python's json.dump writes NaN: name it at its field
    const JsonInput in = parse_json_input(json_text, limits);
    if (!in.ok()) {
        const FieldError& e = in.errors.front();
        std::string message = e.message;
        const std::string syntax = "not valid JSON";
        if (message.rfind(syntax, 0) == 0) {
            message = message.substr(message.find(": ") + 2);
            const std::size_t cut = message.find("] ");
            if (message.rfind("[json.exception", 0) == 0 && cut != std::string::npos) message = message.substr(cut + 2);
            message = "invalid JSON: " + message;
        }
        p.error = (e.path.empty() ? std::string("profile") : "profile." + e.path) + ": " + message;
        return p;
    }
    const nlohmann::json& root = in.doc;
    if (!root.is_object()) {
        p.error = "profile: " + json_value_text(root) +
                  ": expected a JSON object {\"time_s\": [...], \"soc\": [...], \"temperature_c\": [...] or a number}";
        return p;
    }
    for (auto it = root.begin(); it != root.end(); ++it) {
        const std::string& k = it.key();
        if (k != "time_s" && k != "soc" && k != "temperature_c") {
            p.error = join_path("profile", utf8_prefix(k, 40).c_str()) + ": unknown key: expected time_s, soc and temperature_c";
            return p;
        }
    }
    bool scalar = false;
    DutyDay& day = p.day;
    p.error = read_series(root, "time_s", "s", false, day.time_s, scalar);
    if (p.ok()) p.error = read_series(root, "soc", "fraction 0 to 1", false, day.soc, scalar);
    if (p.ok()) p.error = read_series(root, "temperature_c", "°C", true, day.temperature_c, p.temperature_scalar);
    if (!p.ok()) return p;
    if (p.temperature_scalar) day.temperature_c.assign(day.time_s.size(), day.temperature_c.front());
    p.error = check_duty(day, "profile");
    if (!p.ok()) return p;
    const double span_s = day.time_s.back() - day.time_s.front();
    if (!(span_s >= profile_min_span_s && span_s <= profile_max_span_s))
        p.error = "profile.time_s: spans " + show(span_s) + " s (" + show(span_s / 86400.0) +
                  " days) from first to last sample: expected 3600 s (1 hour) to 2592000 s (30 days); the profile "
                  "repeats with that period";
    return p;
}

}  // namespace packfolio
