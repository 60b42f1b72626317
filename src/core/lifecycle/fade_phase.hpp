#pragma once
// Internal to the lifecycle valuation: a pack's fade as the valuation samples it, yearly phases run to a floor
// SoH or a number of years, and the tracks they run on (docs/MODEL.md §4.3-§4.5). Not part of the core's API.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "core/degradation.hpp"
#include "core/finance.hpp"
#include "core/lifecycle/pack_context.hpp"

namespace packfolio::lifecycle_detail {

// ---- fade phases sampled yearly ----

// A life phase sampled at t = 0, 1, 2, ... and at its end T (fractional): the yearly table of the route.
struct Phase {
    std::vector<double> t;
    std::vector<double> soh;
    double end_years = 0.0;
    double end_soh = 0.0;
    bool reached_floor = false;
};

// Ends `ph` where SoH crosses `floor_soh` inside [t0, t1] (SoH s0 > floor at t0, s1 <= floor at t1), by
// Brent's method. The bracket's ends reuse their SoH rather than evaluate the fade again.
template <class SohAt>
Phase& end_at_floor(Phase& ph, SohAt& soh_at, double floor_soh, double t0, double s0, double t1, double s1) {
    const auto excess = [&](double t) { return (t == t0 ? s0 : t == t1 ? s1 : soh_at(t)) - floor_soh; };
    const RootResult root = brent_root(excess, t0, t1, time_tolerance_years);
    const double end = root.status == RootStatus::found ? root.x : t1;
    ph.t.push_back(end);
    ph.soh.push_back(floor_soh);
    ph.end_years = end;
    ph.end_soh = floor_soh;
    ph.reached_floor = true;
    return ph;
}

// Runs `soh_at` (t ↦ SoH, non-increasing) until it falls to `floor_soh` or `max_years` pass. The crossing
// inside the last year is found by Brent's method on the O(1) closed form.
template <class SohAt>
Phase run_phase(SohAt&& soh_at, double floor_soh, double max_years) {
    Phase ph;
    const std::size_t samples = static_cast<std::size_t>(std::ceil(std::min(max_years, 100.0))) + 2;
    ph.t.reserve(samples);
    ph.soh.reserve(samples);
    const double s0 = soh_at(0.0);
    ph.t.push_back(0.0);
    ph.soh.push_back(s0);
    if (s0 <= floor_soh || max_years <= 0.0) {
        ph.end_years = 0.0;
        ph.end_soh = s0;
        ph.reached_floor = s0 <= floor_soh;
        return ph;
    }
    double t_prev = 0.0, s_prev = s0;
    for (int k = 1;; ++k) {
        const double tk = std::min(static_cast<double>(k), max_years);
        const double sk = soh_at(tk);
        if (sk <= floor_soh) return end_at_floor(ph, soh_at, floor_soh, t_prev, s_prev, tk, sk);
        ph.t.push_back(tk);
        ph.soh.push_back(sk);
        if (tk >= max_years) break;
        t_prev = tk;
        s_prev = sk;
    }
    ph.end_years = max_years;
    ph.end_soh = ph.soh.back();
    return ph;
}

// The end of a phase when its yearly trajectory is not wanted (the phase then holds its two ends only). SoH
// never rises, so a pack still above the floor at max_years never crossed it: one fade evaluation replaces
// the yearly scan. Otherwise a bisection over the whole years finds the first year end at or below the floor,
// the year run_phase's scan stops at, and Brent's method runs on the same bracket with the same end values,
// so the crossing is bit for bit run_phase's.
template <class SohAt>
Phase run_phase_ends(SohAt&& soh_at, double floor_soh, double max_years) {
    const double s0 = soh_at(0.0);
    if (s0 <= floor_soh || !(max_years > 0.0) || max_years > 100.0) return run_phase(soh_at, floor_soh, max_years);
    Phase ph;
    ph.t = {0.0};
    ph.soh = {s0};
    const auto year_end = [&](int k) { return std::min(static_cast<double>(k), max_years); };
    const int last = static_cast<int>(std::ceil(max_years));
    const double s_last = soh_at(year_end(last));
    if (s_last > floor_soh) {
        ph.t.push_back(max_years);
        ph.soh.push_back(s_last);
        ph.end_years = max_years;
        ph.end_soh = s_last;
        return ph;
    }
    int lo = 0, hi = last;  // soh(year_end(lo)) > floor >= soh(year_end(hi))
    double s_lo = s0, s_hi = s_last;
    while (hi - lo > 1) {
        const int mid = lo + (hi - lo) / 2;
        const double s_mid = soh_at(year_end(mid));
        if (s_mid <= floor_soh) {
            hi = mid;
            s_hi = s_mid;
        } else {
            lo = mid;
            s_lo = s_mid;
        }
    }
    return end_at_floor(ph, soh_at, floor_soh, year_end(lo), s_lo, year_end(hi), s_hi);
}

// Capacity-years (∫ SoH dt) of year k of a phase (k = 1 .. number of buckets), by the trapezoid rule, and of
// the whole phase.
double capacity_years(const Phase& ph, std::size_t k);
double total_capacity_years(const Phase& ph);

// ---- fade tracks ----

// Where the fade of a retired pack continues from: the model state and the SoH that the model's q = 1
// stands for (1 for a new cell; for a second-life-only model, the SoH at retirement).
struct Retired {
    FadeState state;
    double soh_scale;
};

// A pack's SoH under one duty from a start: scale × q, with q floored at 0 (degradation.hpp leaves the raw
// power law below 0 far outside the data and flags it).
class PackTrack {
public:
    PackTrack(const FadeModel& m, const Stressors& st, const FadeState& start, double scalar, double scale)
        : track_(make_fade_track(m, st, start, scalar)), scale_(scale) {}
    double soh_at(double years) const { return scale_ * std::max(0.0, track_.q_at(years)); }
    FadeState state_at(double years) const { return track_.state_at(years); }

private:
    FadeTrack track_;
    double scale_;
};

PackTrack ev_track(const Ctx& x, const Retired& from);
PackTrack stationary_track(const Ctx& x, const Retired& from);
Retired new_pack(const Ctx& x);

// A remanufactured pack: the kept modules continue from the retirement state, the replaced share starts
// new, both under the EV duty; capacity is the capacity-weighted mix. The new share follows the track of a
// new pack's first life: where `first_life` (that track's phase, or nullptr) sampled it, its SoH is reused.
class RemanufacturedTrack {
public:
    RemanufacturedTrack(const Ctx& x, const Retired& retired, double share, const Phase* first_life)
        : old_(ev_track(x, retired)), new_(ev_track(x, new_pack(x))), share_(share), first_life_(first_life) {}
    double soh_at(double years) const { return (1.0 - share_) * old_.soh_at(years) + share_ * new_soh_at(years); }

private:
    double new_soh_at(double years) const {
        if (first_life_ != nullptr && years < static_cast<double>(first_life_->t.size())) {
            // Whole years before the phase's end are samples of soh_at; the end itself may be a floor crossing.
            const auto k = static_cast<std::size_t>(years);
            if (first_life_->t[k] == years && k + 1 < first_life_->t.size()) return first_life_->soh[k];
        }
        return new_.soh_at(years);
    }

    PackTrack old_, new_;
    double share_;
    const Phase* first_life_;
};

}  // namespace packfolio::lifecycle_detail
