// LMO-Gr Nissan Leaf, second life: its law (equations in lmo_gr_nissan_leaf_2ndlife.hpp, docs/MODEL.md §2.2).
#include "core/degradation/lmo_gr_nissan_leaf_2ndlife.hpp"

#include "core/degradation/fade_law.hpp"

namespace packfolio {

namespace {

FadeExponents exponents(const FadeModel& m) { return {m.lmo.qcal_p, m.lmo.qcyc_p}; }

// kcal = A·e^((B + C·SOC)/T).
double calendar_rate(const FadeModel& m, double soc, double t_k) {
    const LmoGrNissanLeafParams& p = m.lmo;
    return arrhenius_rate(p.qcal_a, p.qcal_b, p.qcal_c * soc, t_k);
}

// The cycle rate is a constant: no temperature factor, no stressor.
void day_rates(const FadeModel& m, double, Stressors& st) { st.k_cycle = m.lmo.qcyc_a; }

}  // namespace

const FadeLaw lmo_gr_nissan_leaf_2ndlife_law{exponents, calendar_rate, nullptr, day_rates, nullptr};

}  // namespace packfolio
