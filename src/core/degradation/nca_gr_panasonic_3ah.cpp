// NCA-Gr Panasonic 3 Ah: its law (equations in nca_gr_panasonic_3ah.hpp, docs/MODEL.md §2.2).
#include "core/degradation/nca_gr_panasonic_3ah.hpp"

#include "core/degradation/fade_law.hpp"

namespace packfolio {

namespace {

FadeExponents exponents(const FadeModel& m) { return {m.nca.qcal_p, m.nca.qcyc_p}; }

// e^(D/T) + e^(−E/T).
double cycle_temperature_factor(const FadeModel& m, double t_k) {
    return two_sided_arrhenius(m.nca.qcyc_d, m.nca.qcyc_e, t_k);
}

// kcal = A·e^((B + C·SOC)/T).
double calendar_rate(const FadeModel& m, double soc, double t_k) {
    const NcaGrPanasonic3AhParams& p = m.nca;
    return arrhenius_rate(p.qcal_a, p.qcal_b, p.qcal_c * soc, t_k);
}

// kcyc = (A + B·Crate + C·DoD)·(time average of the temperature factor).
void day_rates(const FadeModel& m, double cycle_t, Stressors& st) {
    st.k_cycle = (m.nca.qcyc_a + m.nca.qcyc_b * st.c_rate + m.nca.qcyc_c * st.dod) * cycle_t;
}

}  // namespace

const FadeLaw nca_gr_panasonic_3ah_law{exponents, calendar_rate, cycle_temperature_factor, day_rates, nullptr};

}  // namespace packfolio
