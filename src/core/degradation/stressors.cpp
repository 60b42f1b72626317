// Duty days and stressors (docs/MODEL.md §2.1): check_duty, the graphite potential, and the one pass over a day
// that reduces it to Stressors. The model-specific parts are the model's FadeLaw (fade_law.hpp).
//
// stressors_impl in three steps: integrate_day (trapezoid sums over the samples, with the model's rates at each
// sample: sample_rates), then day_stressors (the sums as stressors), the law's day_rates, and range_warnings.
#include "core/degradation/stressors.hpp"

#include "core/degradation/fade_law.hpp"
#include "core/degradation/input_check.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace packfolio {

namespace {

constexpr double seconds_per_day = 86400.0;
constexpr double seconds_per_hour = 3600.0;
constexpr double crate_floor_per_h = 0.01;         // MODEL.md §2.1: step C-rates below this count as rest
constexpr double cycling_efc_per_day_min = 0.01;   // below this a duty counts as storage for the range checks
constexpr double range_tolerance = 1e-9;           // so that e.g. DoD 0.8 computed as 0.7999999999 is in range
constexpr double duty_temperature_min_c = -100.0;  // physical sanity (keeps every e^(x/T) finite)
constexpr double duty_temperature_max_c = 150.0;

bool finite(double v) { return std::isfinite(v); }

bool outside(double v, double lo, double hi) { return v < lo - range_tolerance || v > hi + range_tolerance; }

// The model's rates at one sample (FadeLaw): the calendar rate constant and the cycle rate's temperature factor.
struct SampleRates {
    double calendar;
    double cycle_t;
};

// `same_t`: the rates of the previous sample when it has the same temperature, whose factor is reused (most duty
// days hold one temperature for hours or all day).
SampleRates sample_rates(const FadeModel& m, double soc, double temperature_c, const SampleRates* same_t) {
    const double t_k = temperature_c + kelvin_offset;
    const FadeLaw& law = *m.law;
    if (law.cycle_temperature_factor == nullptr) return {law.calendar_rate(m, soc, t_k), 1.0};
    return {law.calendar_rate(m, soc, t_k), same_t ? same_t->cycle_t : law.cycle_temperature_factor(m, t_k)};
}

// Duty days revisit a few (SOC, temperature) points (plateaus, the top and bottom of every cycle): the rates of
// the last distinct points, overwritten in turn, so that they are not re-evaluated.
class SeenRates {
public:
    const SampleRates* find(double soc, double temperature_c) const {
        for (std::size_t k = 0; k < count_; ++k)
            if (seen_[k].soc == soc && seen_[k].temperature_c == temperature_c) return &seen_[k].rates;
        return nullptr;
    }
    void add(double soc, double temperature_c, const SampleRates& rates) {
        seen_[next_] = {soc, temperature_c, rates};
        next_ = (next_ + 1) % seen_.size();
        count_ = std::min(count_ + 1, seen_.size());
    }

private:
    struct Seen {
        double soc, temperature_c;
        SampleRates rates;
    };
    std::array<Seen, 4> seen_{};
    std::size_t count_ = 0, next_ = 0;
};

// The sums and extremes of one pass over the day. Time integrals are trapezoids over the samples, in s.
struct DaySums {
    double sum_abs_dsoc = 0.0, sum_soc = 0.0, crate_time = 0.0;
    double calendar_time = 0.0, cycle_t_time = 0.0, temperature_time = 0.0;
    double soc_min = 0.0, soc_max = 0.0, temp_min = 0.0, temp_max = 0.0;
    double cyc_t_min = std::numeric_limits<double>::infinity();  // temperatures while a step cycles
    double cyc_t_max = -std::numeric_limits<double>::infinity();
    double max_charge_c_rate = 0.0, max_discharge_c_rate = 0.0;
};

// C-rate of a step in 1/h; rests (and trickles below 0.01/h) count as 0 (MODEL.md §2.1). Also keeps the
// fastest charge and discharge, unfloored, for the range checks.
double step_c_rate(double dsoc, double dt_s, DaySums& s) {
    const double raw_rate = std::abs(dsoc) / (dt_s / seconds_per_hour);
    if (dsoc > 0.0) s.max_charge_c_rate = std::max(s.max_charge_c_rate, raw_rate);
    if (dsoc < 0.0) s.max_discharge_c_rate = std::max(s.max_discharge_c_rate, raw_rate);
    return raw_rate >= crate_floor_per_h ? raw_rate : 0.0;
}

DaySums integrate_day(const FadeModel& m, const DutyDay& d, const double* soc) {
    const std::size_t n = d.time_s.size();
    DaySums s;
    double soc_prev = soc[0];
    double t_prev_c = d.temperature_c[0];
    SampleRates r_prev = sample_rates(m, soc_prev, t_prev_c, nullptr);
    SeenRates seen;
    seen.add(soc_prev, t_prev_c, r_prev);
    s.soc_min = s.soc_max = soc_prev;
    s.temp_min = s.temp_max = t_prev_c;
    s.sum_soc += soc_prev;
    double rate_prev = 0.0;

    for (std::size_t i = 1; i < n; ++i) {
        const double soc_i = soc[i];
        const double temp_c = d.temperature_c[i];
        const double dt_s = d.time_s[i] - d.time_s[i - 1];
        const double dsoc = soc_i - soc_prev;

        s.sum_abs_dsoc += std::abs(dsoc);
        s.sum_soc += soc_i;
        s.soc_min = std::min(s.soc_min, soc_i);
        s.soc_max = std::max(s.soc_max, soc_i);
        s.temp_min = std::min(s.temp_min, temp_c);
        s.temp_max = std::max(s.temp_max, temp_c);

        // The average C-rate over the repetition is BLAST-Lite's exactly (degradation_model.py,
        // _extract_stressors: np.trapz(rates, t[1:]) / Δt): each step's rate is placed at the step's end time,
        // the trapezoid rule runs over those points and the integral is divided by the whole span, rests
        // included. On coarsely sampled days this spreads a step's rate into the neighbouring rests (a day given
        // as two samples has C-rate 0), but it is what the model was validated with, and the acceptance bar is
        // BLAST-Lite itself.
        const double rate = step_c_rate(dsoc, dt_s, s);
        if (i >= 2) s.crate_time += 0.5 * (rate_prev + rate) * dt_s;
        rate_prev = rate;
        if (rate > 0.0) {
            s.cyc_t_min = std::min({s.cyc_t_min, t_prev_c, temp_c});
            s.cyc_t_max = std::max({s.cyc_t_max, t_prev_c, temp_c});
        }

        const SampleRates* known = seen.find(soc_i, temp_c);
        const SampleRates* same_t = temp_c == t_prev_c ? &r_prev : nullptr;
        const SampleRates r = known ? *known : sample_rates(m, soc_i, temp_c, same_t);
        if (known == nullptr) seen.add(soc_i, temp_c, r);
        s.calendar_time += 0.5 * (r_prev.calendar + r.calendar) * dt_s;
        s.cycle_t_time += 0.5 * (r_prev.cycle_t + r.cycle_t) * dt_s;
        s.temperature_time += 0.5 * (t_prev_c + temp_c) * dt_s;

        soc_prev = soc_i;
        t_prev_c = temp_c;
        r_prev = r;
    }
    return s;
}

// The model-independent stressors from the sums of a day of n samples over span_s seconds.
Stressors day_stressors(const DaySums& s, std::size_t n, double span_s, double health) {
    Stressors st;
    st.period_days = span_s / seconds_per_day;
    st.efc_per_day = s.sum_abs_dsoc / 2.0 * health / st.period_days;
    st.dod = s.soc_max - s.soc_min;
    st.c_rate = s.crate_time / span_s * health;
    st.mean_soc = s.sum_soc / static_cast<double>(n);
    st.mean_temperature_c = s.temperature_time / span_s;
    st.min_temperature_c = s.temp_min;
    st.max_temperature_c = s.temp_max;
    st.max_charge_c_rate = s.max_charge_c_rate;
    st.max_discharge_c_rate = s.max_discharge_c_rate;
    st.k_calendar = s.calendar_time / span_s;
    return st;
}

// Range checks against the model's aging data: never a silent extrapolation.
unsigned range_warnings(const FadeRanges& rg, const DaySums& s, const Stressors& st) {
    unsigned w = 0;
    if (outside(s.temp_min, rg.temperature_min_c, rg.temperature_max_c) ||
        outside(s.temp_max, rg.temperature_min_c, rg.temperature_max_c))
        w |= fade_warning::temperature_data;
    if (st.efc_per_day >= cycling_efc_per_day_min) {
        if (outside(st.dod, rg.dod_min, rg.dod_max)) w |= fade_warning::dod;
        if (outside(s.cyc_t_min, rg.cycling_temperature_min_c, rg.cycling_temperature_max_c) ||
            outside(s.cyc_t_max, rg.cycling_temperature_min_c, rg.cycling_temperature_max_c))
            w |= fade_warning::cycling_temperature;
    }
    if (st.max_charge_c_rate > rg.max_charge_c_rate + range_tolerance) w |= fade_warning::charge_rate;
    if (st.max_discharge_c_rate > rg.max_discharge_c_rate + range_tolerance) w |= fade_warning::discharge_rate;
    return w;
}

bool finite_rates(const Stressors& st) {
    return finite(st.period_days) && st.period_days > 0.0 && finite(st.efc_per_day) && finite(st.c_rate) &&
           finite(st.k_calendar) && st.k_calendar >= 0.0 && finite(st.k_cycle) && st.k_cycle >= 0.0 &&
           finite(st.k_lam) && finite(st.mean_temperature_c);
}

}  // namespace

Stressors stressors_impl(const FadeModel& m, const DutyDay& d, const double* soc, double health) {
    const std::size_t n = d.time_s.size();
    const double span_s = d.time_s[n - 1] - d.time_s[0];
    const DaySums sums = integrate_day(m, d, soc);
    Stressors st = day_stressors(sums, n, span_s, health);
    m.law->day_rates(m, sums.cycle_t_time / span_s, st);
    st.warnings |= range_warnings(m.ranges, sums, st);
    st.valid = finite_rates(st);
    if (!st.valid) {
        const unsigned w = st.warnings;
        st = Stressors{};
        st.warnings = w | fade_warning::invalid_duty;
    }
    return st;
}

Stressors compute_stressors(const FadeModel& m, const DutyDay& day) {
    if (!check_duty(day).empty()) {
        Stressors st;
        st.warnings = fade_warning::invalid_duty;
        return st;
    }
    return stressors_impl(m, day, day.soc.data(), 1.0);
}

std::string check_duty(const DutyDay& d, std::string_view prefix) {
    const auto num = fade_number_text;
    const std::string_view p = prefix;  // only turned into text on an error: this runs on the hot path
    const std::size_t n = d.time_s.size();
    if (n < 2) return std::string(p) + ".time_s: " + std::to_string(n) + " samples: expected at least 2";
    if (d.soc.size() != n)
        return std::string(p) + ".soc: " + std::to_string(d.soc.size()) + " values: expected " + std::to_string(n) +
               " (one per time_s sample)";
    if (d.temperature_c.size() != n)
        return std::string(p) + ".temperature_c: " + std::to_string(d.temperature_c.size()) + " values: expected " +
               std::to_string(n) + " (one per time_s sample)";
    for (std::size_t i = 0; i < n; ++i) {
        const double t = d.time_s[i];
        if (!finite(t))
            return std::string(p) + ".time_s[" + std::to_string(i) + "] = " + num(t) + ": expected a finite number (s)";
        if (i > 0 && !(t > d.time_s[i - 1]))
            return std::string(p) + ".time_s[" + std::to_string(i) + "] = " + num(t) + ": expected more than time_s[" +
                   std::to_string(i - 1) + "] = " + num(d.time_s[i - 1]) + " (strictly increasing, s)";
    }
    for (std::size_t i = 0; i < n; ++i) {
        const double s = d.soc[i];
        if (!(s >= 0.0 && s <= 1.0))
            return std::string(p) + ".soc[" + std::to_string(i) + "] = " + num(s) + ": expected 0 to 1 (fraction)";
    }
    for (std::size_t i = 0; i < n; ++i) {
        const double t = d.temperature_c[i];
        if (!(t >= duty_temperature_min_c && t <= duty_temperature_max_c))
            return std::string(p) + ".temperature_c[" + std::to_string(i) + "] = " + num(t) + ": expected " +
                   num(duty_temperature_min_c) + " to " + num(duty_temperature_max_c) + " °C";
    }
    return {};
}

double graphite_potential_v(double soc) {
    // Safari & Delacourt 2011, as written in MODEL.md §2.1 (BLAST-Lite degradation_model.py, _get_Ua).
    // tanh x as 1 − 2/(e^(2x) + 1): one exp, cheaper than tanh (several times so in WebAssembly), as accurate
    // in absolute terms, which is what this sum of terms needs, and right at the ends (e^(2x) = 0 or ∞).
    const auto tanh = [](double x) { return 1.0 - 2.0 / (std::exp(2.0 * x) + 1.0); };
    const double xa = 0.0085 + soc * (0.78 - 0.0085);
    return 0.6379 + 0.5416 * std::exp(-305.5309 * xa) + 0.044 * tanh(-(xa - 0.1958) / 0.1088) -
           0.1978 * tanh((xa - 1.0571) / 0.0854) - 0.6875 * tanh((xa + 0.0117) / 0.0529) -
           0.0175 * tanh((xa - 0.5692) / 0.0875);
}

}  // namespace packfolio
