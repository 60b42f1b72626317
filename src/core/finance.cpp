#include "core/finance.hpp"

#include <cstddef>

namespace packfolio {

double discount_factor(double rate, double t_years) { return std::pow(1.0 + rate, -t_years); }

double npv(const std::vector<double>& cash_usd, double rate, CashTiming timing) {
    if (cash_usd.empty()) return 0.0;
    // Mid-year timing moves every flow of year t >= 1 half a year earlier: × (1 + r)^0.5.
    const double mid = timing == CashTiming::mid_year ? std::sqrt(1.0 + rate) : 1.0;
    double sum = cash_usd[0];
    double factor = 1.0;
    for (std::size_t t = 1; t < cash_usd.size(); ++t) {
        factor /= 1.0 + rate;
        sum += cash_usd[t] * factor * mid;
    }
    return sum;
}

void add_cash_at(std::vector<double>& cash_usd, double t_years, double amount_usd, double rate) {
    const double bucket = t_years <= 0.0 ? 0.0 : std::ceil(t_years - 1e-12);
    const auto index = static_cast<std::size_t>(bucket);
    if (cash_usd.size() <= index) cash_usd.resize(index + 1, 0.0);
    const double carry = bucket - t_years;  // in [0, 1): time from the flow to its bucket's year end
    cash_usd[index] += carry != 0.0 ? amount_usd * std::pow(1.0 + rate, carry) : amount_usd;
}

std::optional<double> lcos_usd_per_mwh(const LcosTerms& terms, double rate) {
    const std::size_t n = terms.discharged_kwh.size();
    double cost = terms.capex_usd;
    double energy_kwh = 0.0;
    double factor = 1.0;
    for (std::size_t i = 0; i < n; ++i) {
        factor /= 1.0 + rate;  // year t = i + 1
        const double om = i < terms.om_usd.size() ? terms.om_usd[i] : 0.0;
        const double charging = i < terms.charging_usd.size() ? terms.charging_usd[i] : 0.0;
        cost += (om + charging) * factor;
        energy_kwh += terms.discharged_kwh[i] * factor;
    }
    cost += terms.end_of_life_cost_usd * factor / (1.0 + rate);  // year N + 1
    if (!(energy_kwh > 0.0)) return std::nullopt;
    return cost / energy_kwh * 1000.0;
}

}  // namespace packfolio
