// The duty builders (docs/MODEL.md §2.3): the EV first-life day from annual driving, and the stationary day
// from cycles, depth and duration. Each checks its inputs first (input_check.hpp) and returns one error line.
#include "core/degradation.hpp"

#include "core/degradation/input_check.hpp"

#include <algorithm>
#include <cmath>

namespace packfolio {

namespace {

constexpr double seconds_per_hour = 3600.0;

// Appends the samples of one duty day, all at the duty's temperature.
struct DayWriter {
    DutyDay& day;
    double temperature_c;
    DayWriter(DutyDay& d, double t_c, std::size_t samples) : day(d), temperature_c(t_c) {
        day.time_s.reserve(samples);
        day.soc.reserve(samples);
        day.temperature_c.reserve(samples);
    }
    void add(double hour, double soc) {
        day.time_s.push_back(hour * seconds_per_hour);
        day.soc.push_back(soc);
        day.temperature_c.push_back(temperature_c);
    }
    // The EV day's SOC targets, held to 0–1 (a drop can take the bottom of the window below 0).
    void add_clamped(double hour, double soc) { add(hour, std::clamp(soc, 0.0, 1.0)); }
};

std::string ev_input_error(const EvDutyInput& in) {
    return first_out_of_range(
        "ev_duty", {
                       {"km_per_year", in.km_per_year, 0.0, 500000.0, "0 to 500000 km/yr"},
                       {"range_km", in.range_km, 20.0, 3000.0, "20 to 3000 km"},
                       {"usable_fraction", in.usable_fraction, 0.3, 1.0, "0.3 to 1 (fraction of nominal)"},
                       {"fast_charge_share", in.fast_charge_share, 0.0, 1.0, "0 to 1 (fraction of energy)"},
                       {"temperature_c", in.temperature_c, -40.0, 60.0, "-40 to 60 °C"},
                       {"min_soc", in.min_soc, 0.0, 1.0, "0 to less than 1 (fraction)", false, true},
                       {"charge_target_soc", in.charge_target_soc, in.min_soc + 0.05, 1.0,
                        "more than min_soc + 0.05 and at most 1 (fraction)", true},
                       {"home_charge_c_rate", in.home_charge_c_rate, 0.01, 5.0, "0.01 to 5 (1/h)"},
                       {"fast_charge_c_rate", in.fast_charge_c_rate, 0.1, 10.0, "0.1 to 10 (1/h)"},
                   });
}

// One charge a day (commuter): charged overnight, two 1-h drives (07:00, 17:00), plugged in on arrival at 18:00
// and charged at the home rate (faster if needed to finish by midnight), parked full until the next morning.
void commuter_day(const EvDutyInput& in, double top, double drop, DayWriter& w) {
    const double rate = std::max(in.home_charge_c_rate, drop / 6.0);
    w.add_clamped(0.0, top);
    w.add_clamped(7.0, top);
    w.add_clamped(8.0, top - 0.5 * drop);
    w.add_clamped(17.0, top - 0.5 * drop);
    w.add_clamped(18.0, top - drop);
    const double end_charge = 18.0 + drop / rate;
    if (end_charge < 24.0 - 1e-9) w.add_clamped(end_charge, top);
    w.add_clamped(24.0, top);
}

// High mileage (taxi, fleet): the day splits into equal slots of driving half the slot, then a DC top-up.
void fleet_day(const EvDutyInput& in, double top, double drop, int sessions, DayWriter& w) {
    const double slot = 24.0 / sessions;
    const double rate = std::max(in.fast_charge_c_rate, drop / (0.45 * slot));
    w.add_clamped(0.0, top);
    for (int k = 0; k < sessions; ++k) {
        const double t0 = slot * k;
        w.add_clamped(t0 + 0.5 * slot, top - drop);
        const double end_charge = t0 + 0.5 * slot + drop / rate;
        if (end_charge < t0 + slot - 1e-9) w.add_clamped(end_charge, top);
        w.add_clamped(t0 + slot, top);
    }
}

std::string stationary_input_error(const StationaryDutyInput& in) {
    std::string e = first_out_of_range(
        "stationary_duty", {
                               {"cycles_per_day", in.cycles_per_day, 0.0, 24.0, "0 to 24"},
                               {"dod", in.dod, 0.0, 1.0, "more than 0 and at most 1 (fraction)", true},
                               {"duration_h", in.duration_h, 0.05, 24.0, "0.05 to 24 h"},
                               {"mean_soc", in.mean_soc, 0.0, 1.0, "0 to 1 (fraction)"},
                               {"temperature_c", in.temperature_c, -40.0, 60.0, "-40 to 60 °C"},
                           });
    if (e.empty() && in.cycles_per_day > 0.0 && 2.0 * in.duration_h * in.cycles_per_day > 24.0 + 1e-9)
        e = input_error("stationary_duty", "duration_h", in.duration_h,
                        "at most " + fade_number_text(12.0 / in.cycles_per_day) + " h at " +
                            fade_number_text(in.cycles_per_day) +
                            " cycles/day (a charge and a discharge per cycle must fit in 24 h)");
    return e;
}

}  // namespace

EvDuty make_ev_duty(const EvDutyInput& in) {
    EvDuty out;
    out.error = ev_input_error(in);
    if (!out.error.empty()) return out;
    // MODEL.md §2.3: EFC/yr = annual km / (range km per full pack × usable fraction). With SOC as the displayed
    // (usable-window) SOC, one day's swing is EFC/day = Σ|ΔSOC|/2.
    out.efc_per_year = in.km_per_year / (in.range_km * in.usable_fraction);
    const double swing_day = out.efc_per_year / fade_days_per_year;
    const double window = in.charge_target_soc - in.min_soc;
    const double sessions = std::max(1.0, std::ceil(swing_day / window - 1e-12));
    if (sessions > 24.0) {
        out.error = input_error("ev_duty", "km_per_year", in.km_per_year,
                                "at most 24 full charges a day for this range (" +
                                    fade_number_text(24.0 * window * fade_days_per_year * in.range_km *
                                                     in.usable_fraction) +
                                    " km/yr)");
        return out;
    }
    out.sessions_per_day = static_cast<int>(sessions);
    // Fleet data put DC-fast-charged EVs at up to 3.0 %/yr against ~1.5 %/yr on AC (DATA.md §2 [GEOTAB]); the
    // BLAST-Lite models have little or no C-rate dependence, so the fast-charge share acts on the scalar.
    out.fade_scalar_multiplier = 1.0 + in.fast_charge_share * (3.0 / 1.5 - 1.0);

    const double top = in.charge_target_soc;
    const double drop = swing_day / sessions;
    DayWriter w(out.day, in.temperature_c, 3 * static_cast<std::size_t>(sessions) + 5);
    if (drop <= 0.0) {  // parked all day
        w.add_clamped(0.0, top);
        w.add_clamped(24.0, top);
    } else if (out.sessions_per_day == 1) {
        commuter_day(in, top, drop, w);
    } else {
        fleet_day(in, top, drop, out.sessions_per_day, w);
    }
    return out;
}

StationaryDuty make_stationary_duty(const StationaryDutyInput& in) {
    StationaryDuty out;
    out.error = stationary_input_error(in);
    if (!out.error.empty()) return out;
    DayWriter w(out.day, in.temperature_c, 4 * static_cast<std::size_t>(std::round(in.cycles_per_day) + 1.0) + 2);
    if (in.cycles_per_day == 0.0) {
        w.add(0.0, in.mean_soc);
        w.add(24.0, in.mean_soc);
        return out;
    }
    // Window centred on mean_soc, shifted inside 0–1 when it would stick out.
    const double lo = std::clamp(in.mean_soc - 0.5 * in.dod, 0.0, 1.0 - in.dod);
    const double hi = lo + in.dod;
    const double cycles = std::max(1.0, std::round(in.cycles_per_day));
    const double period_h = 24.0 * cycles / in.cycles_per_day;
    const double slot = period_h / cycles;
    const double rest = 0.5 * (slot - 2.0 * in.duration_h);
    // Each slot: charge, rest at the top, discharge, rest at the bottom (equal rests: mean SOC = window centre).
    w.add(0.0, lo);
    for (int k = 0; k < static_cast<int>(cycles); ++k) {
        const double t0 = slot * k;
        w.add(t0 + in.duration_h, hi);
        if (rest > 1e-9) w.add(t0 + in.duration_h + rest, hi);
        w.add(t0 + 2.0 * in.duration_h + rest, lo);
        if (rest > 1e-9) w.add(t0 + slot, lo);
    }
    return out;
}

}  // namespace packfolio
