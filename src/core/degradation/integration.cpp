// State and integration (docs/MODEL.md §2.3): the O(1) advance of every loss term along a FadeTrack, full
// mode's day-by-day stressor updates, and the queries the rest of the core makes (simulate, the monthly
// trajectory, years to a SoH threshold). The model-specific parts are the model's FadeLaw (fade_law.hpp).
#include "core/degradation.hpp"

#include "core/degradation/fade_law.hpp"
#include "core/degradation/loss_terms.hpp"
#include "core/degradation/stressors.hpp"

#include <algorithm>
#include <cmath>

namespace packfolio {

namespace {

bool finite(double v) { return std::isfinite(v); }

// The LAM after `defc` more EFC from the track's start into `s` (Kokam). With `q_only`, skipped where it cannot
// set q (lam_cannot_bind): lam_loss then keeps its start value, which gives the same q.
void advance_lam(const FadeTrack& tr, double defc, bool q_only, FadeState& s) {
    const double exact = tr.u0_lam + tr.stressors.k_lam * tr.scalar * defc;
    const double q_lli = 1.0 - s.calendar_loss - s.cycle_loss;
    if (q_only && exact <= tr.lam_inert_driver && q_lli <= 1.0) return;
    const SigmoidDriver exact_driver = sigmoid_driver(exact, tr.lam_p);
    if (q_only && lam_cannot_bind(exact_driver.v, q_lli, tr.lam_capacity, tr.lam_p)) return;
    const SigmoidLag lag{tr.lam_half_step, tr.lam_lag_at_start};
    s.lam_loss = std::tanh(sigmoid_advance(tr.u0_lam, exact_driver, lag, tr.lam_p));
}

// q = min(1 − LLI, lam_capacity − LAM), the LAM term only for a model that has one. Not clamped at 0: far
// outside the data the power laws take q below 0 and BLAST-Lite reports that value (e.g. LMO cycled daily at
// 35 °C for 15 years); FadeWarning capacity_floor flags it. NaN cannot arise from finite losses, but guard
// anyway so no NaN ever leaves the engine.
double capacity_of(const FadeState& s, bool has_lam, double lam_capacity) {
    double q = 1.0 - s.calendar_loss - s.cycle_loss;
    if (has_lam) q = std::min(q, lam_capacity - s.lam_loss);
    return std::isnan(q) ? 0.0 : q;
}

// capacity(s, m) from the track's copy of the model's constants.
double track_capacity(const FadeTrack& tr, const FadeState& s) { return capacity_of(s, tr.has_lam, tr.lam_capacity); }

// State after `days` of constant stressors from the track's start (the O(1) core of every advance). With
// `q_only` the caller wants only capacity(): the LAM sigmoid, the dearest term, is then skipped where it cannot
// set q (advance_lam), nor are warnings set.
FadeState state_after_days(const FadeTrack& tr, double days, bool q_only = false) {
    FadeState s = tr.start;
    if (tr.model == nullptr) return s;
    const Stressors& st = tr.stressors;
    s.warnings |= st.warnings;
    if (!st.valid || !(days > 0.0) || !finite(days) || !(tr.scalar > 0.0) || !finite(tr.scalar)) return s;
    const double defc = st.efc_per_day * days;
    // A driver that starts at 0 (a new pack) reaches x = r·days, r = its rate per day, and k·x^p =
    // k·e^(p·(ln r + ln days)): the two terms then share one log instead of taking a pow each.
    const double ln_days = tr.x0_calendar_days == 0.0 || tr.x0_cycle_efc == 0.0 ? std::log(days) : 0.0;
    auto loss = [&](double k, double x0, double ln_rate, double rate, double p) {
        return x0 == 0.0 ? k * std::exp(p * (ln_rate + ln_days)) : power_law(k, x0 + rate * days, p);
    };
    if (st.k_calendar > 0.0)
        s.calendar_loss = loss(st.k_calendar, tr.x0_calendar_days, tr.ln_calendar_rate, tr.scalar, tr.p_calendar);
    if (st.k_cycle > 0.0 && defc > 0.0)
        s.cycle_loss = loss(st.k_cycle, tr.x0_cycle_efc, tr.ln_cycle_rate, tr.scalar * st.efc_per_day, tr.p_cycle);
    if (tr.has_lam && st.k_lam > 0.0 && defc > 0.0) advance_lam(tr, defc, q_only, s);
    s.days += days;
    s.efc += defc;
    if (!q_only && !(track_capacity(tr, s) > 0.0)) s.warnings |= fade_warning::capacity_floor;
    return s;
}

}  // namespace

FadeState initial_state(const FadeModel& m) {
    FadeState s;
    if (m.law->lam != nullptr) s.lam_loss = m.law->lam(m).initial;
    return s;
}

double capacity(const FadeState& s, const FadeModel& m) {
    const bool has_lam = m.law->lam != nullptr;
    return capacity_of(s, has_lam, has_lam ? m.law->lam(m).capacity : 0.0);
}

FadeTrack make_fade_track(const FadeModel& m, const Stressors& st, const FadeState& start, double scalar) {
    FadeTrack tr;
    tr.model = &m;
    tr.start = start;
    tr.stressors = st;
    tr.scalar = scalar;
    const FadeExponents e = m.law->exponents(m);
    tr.p_calendar = e.calendar;
    tr.p_cycle = e.cycle;
    tr.x0_calendar_days = equivalent_driver(start.calendar_loss, st.k_calendar, e.calendar);
    tr.x0_cycle_efc = equivalent_driver(start.cycle_loss, st.k_cycle, e.cycle);
    if (tr.x0_calendar_days == 0.0) tr.ln_calendar_rate = std::log(scalar);
    if (tr.x0_cycle_efc == 0.0) tr.ln_cycle_rate = std::log(scalar * st.efc_per_day);
    if (m.law->lam != nullptr) {
        const LamTerm lam = m.law->lam(m);
        tr.has_lam = true;
        tr.lam_p = lam.p;
        tr.lam_capacity = lam.capacity;
        tr.u0_lam = sigmoid_equivalent_driver(start.lam_loss, lam.p);
        // BLAST-Lite's step: one repetition of the day.
        const double du_step = lam.match_blast_stepping ? st.k_lam * scalar * st.efc_per_day * st.period_days : 0.0;
        const SigmoidLag lag = sigmoid_lag(tr.u0_lam, du_step, lam.p);
        tr.lam_half_step = lag.half_step;
        tr.lam_lag_at_start = lag.at_start;
        tr.lam_inert_driver = lam_inert_driver(lam.p, lam.capacity);
    }
    return tr;
}

FadeState FadeTrack::state_at(double years) const { return state_after_days(*this, years * fade_days_per_year); }

double FadeTrack::q_at(double years) const {
    if (model == nullptr) return 0.0;
    return track_capacity(*this, state_after_days(*this, years * fade_days_per_year, true));
}

void advance(FadeState& s, const FadeModel& m, const Stressors& st, double days, double scalar) {
    s = state_after_days(make_fade_track(m, st, s, scalar), days);
}

void advance(FadeState& s, const FadeModel& m, const DutyDay& day, const Stressors& st, double days,
             const FadeOptions& o) {
    if (o.mode == FadeMode::constant || !st.valid) {
        advance(s, m, st, days, o.scalar);
        return;
    }
    if (!(days > 0.0) || !finite(days)) return;
    // One stressor update per repetition, as BLAST-Lite's full mode does for days under 1 EFC (one chunk per
    // repetition); short repetitions are grouped so the update runs at most once per day. (BLAST-Lite also
    // splits a day above 1 EFC into chunks between cycles; we do not.)
    const double reps_per_block = st.period_days >= 1.0 ? 1.0 : std::ceil(1.0 / st.period_days);
    const double block_days = reps_per_block * st.period_days;
    const double blocks = std::ceil(days / block_days - 1e-9);
    const double soc0 = day.soc[0];
    std::vector<double> soc(day.soc.size());
    for (double b = 0.0; b < blocks; b += 1.0) {
        const double dt = (b + 1.0 >= blocks) ? days - b * block_days : block_days;
        if (!(dt > 0.0)) break;
        const double q = capacity(s, m);
        // BLAST-Lite rescale_soc: the SOC swing from the first sample scaled by 1/q, clipped to [0, 1].
        const double gain = 1.0 / std::max(q, 1e-3);
        bool clipped = false;
        for (std::size_t i = 0; i < soc.size(); ++i) {
            const double v = soc0 + (day.soc[i] - soc0) * gain;
            clipped = clipped || v < 0.0 || v > 1.0;
            soc[i] = std::clamp(v, 0.0, 1.0);
        }
        if (clipped) s.warnings |= fade_warning::soc_clipped;
        advance(s, m, stressors_impl(m, day, soc.data(), q), dt, o.scalar);
    }
}

std::vector<FadePoint> simulate(const FadeModel& m, const DutyDay& day, const Stressors& st, FadeState& state,
                                const std::vector<double>& at_years, const FadeOptions& o) {
    std::vector<std::size_t> order(at_years.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto years_of = [&](std::size_t i) {
        const double y = at_years[i];
        return (finite(y) && y > 0.0) ? y : 0.0;  // negative or non-finite count as 0
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return years_of(a) < years_of(b); });
    std::vector<FadePoint> out(at_years.size());
    double now = 0.0;
    for (std::size_t i : order) {
        const double y = years_of(i);
        if (y > now) {
            advance(state, m, day, st, (y - now) * fade_days_per_year, o);
            now = y;
        }
        out[i] = {y, capacity(state, m), state.efc};
    }
    return out;
}

std::vector<FadePoint> monthly_trajectory(const FadeTrack& track, double years) {
    std::vector<FadePoint> out;
    if (track.model == nullptr) return out;
    const double span = (finite(years) && years > 0.0) ? std::min(years, 1000.0) : 0.0;
    const auto months = static_cast<std::size_t>(std::floor(span * 12.0 + 1e-9));
    out.reserve(months + 2);
    for (std::size_t i = 0; i <= months; ++i) {
        const double y = static_cast<double>(i) / 12.0;
        const FadeState s = track.state_at(y);
        out.push_back({y, track_capacity(track, s), s.efc});
    }
    if (span - static_cast<double>(months) / 12.0 > 1e-9) {
        const FadeState s = track.state_at(span);
        out.push_back({span, track_capacity(track, s), s.efc});
    }
    return out;
}

YearsToSoh years_to_soh(const FadeTrack& track, double q_threshold, double max_years) {
    YearsToSoh r;
    if (track.model == nullptr) return r;
    const double q0 = capacity(track.start, *track.model);
    if (q0 <= q_threshold) return {true, 0.0, q0};
    if (!(max_years > 0.0) || !finite(max_years)) return {false, 0.0, q0};
    const double q_max = track.q_at(max_years);
    if (q_max > q_threshold) return {false, max_years, q_max};
    // f(t) = q(t) − threshold is continuous and non-increasing: f(a) > 0 ≥ f(b). Illinois regula falsi keeps
    // the bracket and converges superlinearly on these smooth power laws.
    double a = 0.0, fa = q0 - q_threshold, b = max_years, fb = q_max - q_threshold;
    int side = 0;
    double c = b, fc = fb;
    for (int it = 0; it < 200; ++it) {
        c = (a * fb - b * fa) / (fb - fa);
        if (!(c > a && c < b)) c = 0.5 * (a + b);
        fc = track.q_at(c) - q_threshold;
        if (fc > 0.0) {
            a = c;
            fa = fc;
            if (side == 1) fb *= 0.5;
            side = 1;
        } else {
            b = c;
            fb = fc;
            if (side == -1) fa *= 0.5;
            side = -1;
        }
        if (fc == 0.0 || b - a <= 1e-9 * std::max(1.0, b)) break;
    }
    // Report the bracket end at or below the threshold, so `reached` always means q(years) ≤ threshold.
    return {true, b, track.q_at(b)};
}

}  // namespace packfolio
