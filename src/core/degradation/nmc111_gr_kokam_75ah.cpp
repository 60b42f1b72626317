// NMC111-Gr Kokam 75 Ah: its law (equations in nmc111_gr_kokam_75ah.hpp, docs/MODEL.md
// §2.2). The only model with a LAM sigmoid.
#include "core/degradation/nmc111_gr_kokam_75ah.hpp"

#include "core/degradation/fade_law.hpp"

#include <cmath>

namespace packfolio {

namespace {

FadeExponents exponents(const FadeModel& m) { return {m.nmc111.q2, m.nmc111.q4}; }

// e^(q3_1/TN).
double cycle_temperature_factor(const FadeModel& m, double t_k) {
    return std::exp(m.nmc111.q3_1 / (t_k / m.nmc111.t_ref_k));
}

// q1 = q1_0·e^(q1_1/TN)·e^(q1_2·UaN/TN).
double calendar_rate(const FadeModel& m, double soc, double t_k) {
    const Nmc111GrKokam75AhParams& p = m.nmc111;
    const double tn = t_k / p.t_ref_k;
    const double uan = graphite_potential_v(soc) / p.ua_ref_v;
    return p.q1_0 * std::exp((p.q1_1 + p.q1_2 * uan) / tn);
}

// q3 = q3_0·(time average of e^(q3_1/TN))·e^(q3_2·e^(DoD²)), and the LAM rate 1/q5.
void day_rates(const FadeModel& m, double cycle_t, Stressors& st) {
    const Nmc111GrKokam75AhParams& p = m.nmc111;
    st.k_cycle = p.q3_0 * cycle_t * std::exp(p.q3_2 * std::exp(st.dod * st.dod));
    // q5 is linear in T, so its time average uses the mean temperature; BLAST-Lite takes the plain mean of the
    // SOC samples here (np.mean(soc)), and so do we.
    double q5 = p.q5_0 + p.q5_1 * (st.mean_temperature_c - 55.0) * st.dod * (st.mean_soc / 0.6);
    if (!(q5 >= p.q5_min)) {
        q5 = p.q5_min;
        st.warnings |= fade_warning::lam_rate_clamped;
    }
    st.k_lam = 1.0 / q5;
}

LamTerm lam(const FadeModel& m) {
    const Nmc111GrKokam75AhParams& p = m.nmc111;
    return {p.p_lam, p.lam_initial, p.lam_capacity, p.lam_match_blast_stepping};
}

}  // namespace

const FadeLaw nmc111_gr_kokam_75ah_law{exponents, calendar_rate, cycle_temperature_factor, day_rates, lam};

}  // namespace packfolio
