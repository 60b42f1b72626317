// The generic power law: its law and the check of user parameters (equations in generic.hpp, docs/MODEL.md
// §2.2).
#include "core/degradation/generic.hpp"

#include "core/degradation/fade_law.hpp"
#include "core/degradation/input_check.hpp"

#include <cmath>

namespace packfolio {

namespace {

constexpr double gas_constant_j_per_mol_k = 8.314462618;  // R, CODATA 2018 (to 10 digits)
constexpr double generic_reference_k = 298.15;            // 25 °C: where the generic calendar loss is given

FadeExponents exponents(const FadeModel& m) { return {m.generic.b, m.generic.d}; }

// Generic calendar coefficient per day^b at 25 °C: a·years^b = (a / 365^b)·days^b with a = loss10 / 10^b.
double generic_calendar_per_day(const GenericParams& p) {
    return p.calendar_loss_10y_25c / std::pow(10.0 * fade_days_per_year, p.b);
}

// a(T) per day^b: Arrhenius on the calendar term around 25 °C, with no SOC dependence.
double calendar_rate(const FadeModel& m, double, double t_k) {
    const GenericParams& p = m.generic;
    const double arrhenius =
        std::exp(-p.activation_energy_j_per_mol / gas_constant_j_per_mol_k * (1.0 / t_k - 1.0 / generic_reference_k));
    return generic_calendar_per_day(p) * arrhenius;
}

// c = 0.2 / N80^d; always flagged as an assumption.
void day_rates(const FadeModel& m, double, Stressors& st) {
    st.k_cycle = 0.2 / std::pow(m.generic.cycles_to_80pct, m.generic.d);
    st.warnings |= fade_warning::generic_assumption;
}

}  // namespace

const FadeLaw generic_law{exponents, calendar_rate, nullptr, day_rates, nullptr};

FadeModel make_generic_model(const GenericParams& p, std::string* error) {
    FadeModel m = *find_fade_model("generic");
    const std::string e = first_out_of_range(
        "generic", {
                       {"calendar_loss_10y_25c", p.calendar_loss_10y_25c, 0.0, 0.9,
                        "0 to 0.9 (fraction lost in 10 years at 25 °C)"},
                       {"cycles_to_80pct", p.cycles_to_80pct, 1.0, 1e6, "1 to 1e6 (EFC)"},
                       {"b", p.b, 0.0, 2.0, "more than 0 and at most 2 (time exponent)", true},
                       {"d", p.d, 0.0, 3.0, "more than 0 and at most 3 (EFC exponent)", true},
                       {"activation_energy_j_per_mol", p.activation_energy_j_per_mol, 0.0, 200e3,
                        "0 to 200000 (J/mol)"},
                   });
    if (error != nullptr) *error = e;
    if (!e.empty()) return m;  // the default generic model
    m.generic = p;
    return m;
}

}  // namespace packfolio
