// LFP-Gr 250 Ah prismatic: its law (equations in lfp_gr_250ah.hpp, docs/MODEL.md §2.2).
#include "core/degradation/lfp_gr_250ah.hpp"

#include "core/degradation/fade_law.hpp"

#include <cmath>

namespace packfolio {

namespace {

FadeExponents exponents(const FadeModel& m) { return {m.lfp.pcal, m.lfp.pcyc}; }

// e^(p7/T) + e^(−p8/T).
double cycle_temperature_factor(const FadeModel& m, double t_k) { return two_sided_arrhenius(m.lfp.p7, m.lfp.p8, t_k); }

// kcal = |p1|·e^((p2 + p3·Ua)/T).
double calendar_rate(const FadeModel& m, double soc, double t_k) {
    const LfpGr250AhParams& p = m.lfp;
    return arrhenius_rate(std::abs(p.p1), p.p2, p.p3 * graphite_potential_v(soc), t_k);
}

// kcyc = (p4 + p5·DoD + p6·Crate)·(time average of the temperature factor).
void day_rates(const FadeModel& m, double cycle_t, Stressors& st) {
    st.k_cycle = (m.lfp.p4 + m.lfp.p5 * st.dod + m.lfp.p6 * st.c_rate) * cycle_t;
}

}  // namespace

const FadeLaw lfp_gr_250ah_law{exponents, calendar_rate, cycle_temperature_factor, day_rates, nullptr};

}  // namespace packfolio
