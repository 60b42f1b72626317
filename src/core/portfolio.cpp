#include "core/portfolio.hpp"

// The EV vs ESS portfolio of a cell maker's lines (docs/MODEL.md §5). Index:
//   - input checks: every number against its range, for inputs built in code (analysis, the UI);
//   - the model, shared by the optimiser and the plan evaluator: regional prices, the tender market's
//     clearing price, conversion costs and the margin before credits, one year of a plan (report_year);
//   - public API: check_portfolio; one year and one plan (tally_lines, dispatch_segment, settle_year in
//     report_year; evaluate_portfolio_year, evaluate_portfolio_plan); optimise_portfolio (solve_programme's
//     backward induction over line conversions, then the baselines it is compared with).

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <optional>

namespace packfolio {

namespace {

constexpr double kwh_per_gwh = 1.0e6;
constexpr double usd_per_musd = 1.0e6;
constexpr std::size_t ev_index = static_cast<std::size_t>(MarketSegment::ev);
constexpr std::size_t ess_index = static_cast<std::size_t>(MarketSegment::ess);


// ---- input checks ----

// Checks every visited number against its FieldSpec, the way the JSON reader does, for inputs built or
// changed in code (analysis sweeps, the UI), where NaN or an out-of-range value could otherwise slip in.
class RangeCheck : public PathVisitor<RangeCheck> {
public:
    explicit RangeCheck(std::vector<FieldError>& errors) : errors_(errors) {}

    void param(const FieldSpec& s, Param& p) {
        const std::string path = join_path(path_, s.key);
        check(s, p.value, path);
        if (p.low != p.value) check(s, p.low, path + ".low");
        if (p.high != p.value) check(s, p.high, path + ".high");
        if (!(p.low <= p.value && p.value <= p.high))
            errors_.push_back({path, "range low " + number_text(p.low) + " / value " + number_text(p.value) + " / high " +
                                         number_text(p.high) + " is out of order: expected low <= value <= high " + s.unit});
    }
    void number(const FieldSpec& s, double& x) { check(s, x, join_path(path_, s.key)); }
    void integer(const FieldSpec& s, int& x) { check(s, x, join_path(path_, s.key)); }
    template <class E, std::size_t N>
    void choice(const char* key, E& e, const std::array<const char*, N>& names) {
        const auto i = static_cast<std::size_t>(e);
        if (i >= names.size()) errors_.push_back({join_path(path_, key), "is not one of the allowed values"});
    }
    void number_array(const FieldSpec& s, std::vector<double>& items) {
        const std::string base = join_path(path_, s.key);
        for (std::size_t i = 0; i < items.size(); ++i) check(s, items[i], index_path(base, i));
    }

private:
    void check(const FieldSpec& s, double x, const std::string& path) {
        if (!std::isfinite(x)) errors_.push_back({path, number_text(x) + " is not a finite number: " + describe_range(s)});
        else if (!in_range(s, x)) errors_.push_back({path, number_text(x) + " is out of range: " + describe_range(s)});
    }

    std::vector<FieldError>& errors_;
};

// ---- the model, shared by the optimiser and the plan evaluator ----

// 45X applies to components sold from 2023 and phases down after 2029 (IRC §45X(b)(3)).
double credit_45x_phase(int calendar_year) {
    if (calendar_year < 2023) return 0.0;
    if (calendar_year <= 2029) return 1.0;
    if (calendar_year == 2030) return 0.75;
    if (calendar_year == 2031) return 0.5;
    if (calendar_year == 2032) return 0.25;
    return 0.0;
}

// Market conditions of one plan year.
struct YearMarket {
    double ev_price = 0.0;      // $/kWh
    double ev_cap_gwh = 0.0;
    double ess_p0 = 0.0;        // $/kWh at or below the reference volume
    double ess_v0_gwh = 0.0;    // the maker's volume at p0, at most the market
    double ess_market_gwh = 0.0;
    double ess_b = 0.0;         // inverse demand elasticity
    double credit = 0.0;        // 45X $/kWh on every kWh made
    double discount = 1.0;      // 1 / (1 + r)^t
    int calendar_year = 0;
};

double ev_volume_cap_gwh(const EvMarket& ev, int year) {
    if (!ev.volume_gwh_by_year.empty()) return ev.volume_gwh_by_year[static_cast<std::size_t>(year - 1)];
    const double grown = ev.volume_gwh_per_year.value * std::pow(1.0 + ev.volume_growth_per_year.value, year - 1);
    return std::max(0.0, year >= ev.shock_year ? grown * (1.0 + ev.shock.value) : grown);
}

YearMarket year_market(const PortfolioInput& in, const PortfolioContext& ctx, int year) {
    YearMarket m;
    const double t1 = year - 1;
    m.ev_price = in.ev.price_usd_per_kwh.value * std::pow(1.0 + in.ev.price_trend_per_year.value, t1);
    m.ev_cap_gwh = ev_volume_cap_gwh(in.ev, year);
    m.ess_p0 = in.ess.price_usd_per_kwh.value * std::pow(1.0 + in.ess.price_trend_per_year.value, t1);
    m.ess_market_gwh = in.ess.market_gwh_per_year.value * std::pow(1.0 + in.ess.market_growth_per_year.value, t1);
    // The maker cannot place more than the whole market at the reference price (optimise_portfolio warns).
    m.ess_v0_gwh = std::min(m.ess_market_gwh, in.ess.reference_volume_gwh_per_year.value *
                                                  std::pow(1.0 + in.ess.reference_volume_growth_per_year.value, t1));
    m.ess_b = -std::log2(1.0 - in.ess.drop_per_doubling.value);
    m.calendar_year = in.start_year + year - 1;
    if (in.credit_45x.enabled)
        m.credit = (in.credit_45x.cell_usd_per_kwh.value + in.credit_45x.module_usd_per_kwh.value) *
                   credit_45x_phase(m.calendar_year);
    m.discount = std::pow(1.0 + ctx.discount_rate, -static_cast<double>(year));
    return m;
}

// docs/MODEL.md §5: the maker's volume above V0 adds to the market's supply, p = p0·(1 + (V − V0)/M)^(−b).
double ess_price(const YearMarket& m, double v_gwh) {
    return v_gwh <= m.ess_v0_gwh ? m.ess_p0 : m.ess_p0 * std::pow(1.0 + (v_gwh - m.ess_v0_gwh) / m.ess_market_gwh, -m.ess_b);
}

// The largest tender volume whose marginal revenue still covers a net unit cost w. With u = 1 + (V − V0)/M
// and γ = (M − V0)/M in [0, 1), revenue p0·u^(−b)·V has marginal revenue p0 below V0, then
//   MR(u) = p0·u^(−b)·((1 − b) + b·γ/u),
// which falls in u while it is positive (revenue is concave there), so MR = w has one root on that branch.
// May be +inf (a flat price, or credits above the cost with b <= 1).
double ess_volume_limit_gwh(const YearMarket& m, double w) {
    constexpr double unlimited = std::numeric_limits<double>::infinity();
    const double b = m.ess_b, p0 = m.ess_p0, big_m = m.ess_market_gwh;
    if (w >= p0) return 0.0;
    if (b <= 0.0) return unlimited;
    const double gamma = 1.0 - m.ess_v0_gwh / big_m;
    if (p0 * ((1.0 - b) + b * gamma) <= w) return m.ess_v0_gwh;  // MR just above V0 no longer covers w
    auto volume = [&](double u) { return m.ess_v0_gwh + (u - 1.0) * big_m; };
    if (w <= 0.0) {
        if (b <= 1.0) return unlimited;  // MR > 0 (or 0 on a flat revenue) at every volume
        return std::max(m.ess_v0_gwh, volume(b * gamma / (b - 1.0)));  // revenue peaks where MR = 0
    }
    if (gamma <= 0.0) return volume(std::pow((1.0 - b) * p0 / w, 1.0 / b));  // b < 1 here: closed form
    // Newton on g(s) = ln MR(e^s) − ln w, s = ln u, decreasing and convex enough to converge from the
    // closed-form root of the γ = 0 curve; bisection keeps it inside the bracket [lo, hi].
    auto g = [&](double s, double& slope) {
        const double a = b * gamma * std::exp(-s), inner = (1.0 - b) + a;
        slope = -b - a / inner;
        return std::log(p0 / w) - b * s + std::log(inner);
    };
    double lo = 0.0, hi = b > 1.0 ? std::log(b * gamma / (b - 1.0)) : 1.0, slope = 0.0;
    if (b <= 1.0) {
        while (g(hi, slope) > 0.0) {
            lo = hi;
            hi *= 2.0;
            if (hi > 700.0) return unlimited;
        }
    }
    double s = 0.5 * (lo + hi);
    for (int i = 0; i < 100; ++i) {
        const double f = g(s, slope);
        if (f > 0.0) lo = s;
        else hi = s;
        double next = s - f / slope;
        if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
        if (std::abs(next - s) <= 1e-15 * std::max(1.0, std::abs(s)) || hi - lo <= 1e-15 * std::max(1.0, hi)) {
            s = next;
            break;
        }
        s = next;
    }
    return volume(std::exp(s));
}

// A line as the dispatch sees it this year: what it can make (after downtime), its net unit cost before
// 45X (cost), and for ESS the volume limit of that cost.
struct Unit {
    double capacity_gwh = 0.0;
    double cost = 0.0;
    double volume_limit_gwh = 0.0;
};

// A segment's year before fixed and retool costs: output, the cost of it (Σ output × net unit cost, in
// $/kWh × GWh, before 45X) and the contribution in $ (price + credit − cost, over the output).
struct Dispatch {
    double gwh = 0.0;
    double cost_sum = 0.0;
    double price = 0.0;
    double contribution_usd = 0.0;
};

// EV: fill the volume cap from the cheapest lines, as long as a kWh earns more than it costs. `units` are
// in merit order (ascending cost); `taken`, when given, receives each unit's output.
Dispatch dispatch_ev(const YearMarket& m, const Unit* units, std::size_t n, double* taken) {
    Dispatch d;
    d.price = m.ev_price;
    const double value = m.ev_price + m.credit;
    for (std::size_t i = 0; i < n; ++i) {
        double x = 0.0;
        if (units[i].cost < value && d.gwh < m.ev_cap_gwh) x = std::min(units[i].capacity_gwh, m.ev_cap_gwh - d.gwh);
        if (taken) taken[i] = x;
        d.gwh += x;
        d.cost_sum += x * units[i].cost;
    }
    d.contribution_usd = (d.gwh * value - d.cost_sum) * kwh_per_gwh;
    return d;
}

// ESS: bid the cheapest lines while marginal revenue covers their cost (revenue concave, merit-order cost
// convex: the greedy stop is the optimum); the marginal line may run part-loaded.
Dispatch dispatch_ess(const YearMarket& m, const Unit* units, std::size_t n, double* taken) {
    Dispatch d;
    bool stopped = false;
    for (std::size_t i = 0; i < n; ++i) {
        double x = 0.0;
        if (!stopped) {
            if (d.gwh + units[i].capacity_gwh <= units[i].volume_limit_gwh) {
                x = units[i].capacity_gwh;
            } else {
                x = std::max(0.0, units[i].volume_limit_gwh - d.gwh);
                stopped = true;
            }
        }
        if (taken) taken[i] = x;
        d.gwh += x;
        d.cost_sum += x * units[i].cost;
    }
    d.price = d.gwh > 0.0 ? ess_price(m, d.gwh) : m.ess_p0;
    d.contribution_usd = (d.gwh * (d.price + m.credit) - d.cost_sum) * kwh_per_gwh;
    return d;
}

// Per-line constants: effective capacity and unit costs by segment.
struct LineData {
    double nameplate_gwh = 0.0;
    double effective_gwh = 0.0;  // nameplate × utilisation
    std::array<double, 2> material_usd_per_kwh{};  // metals + other materials + integration, by segment
    std::array<double, 2> scrap_usd_per_kwh{};     // (metals + other materials) × (1/yield − 1), by segment
    double labour_usd_per_kwh = 0.0;
    double residual_usd_per_kwh = 0.0;  // credit per EV kWh: take-back share × residual value
    std::array<double, 2> net_usd_per_kwh{};  // material + scrap + labour − residual credit (EV), before 45X
    double retool_usd = 0.0;
    double fixed_usd = 0.0;
    double capital_usd = 0.0;  // capital charge per year
};

std::vector<LineData> line_data(const PortfolioInput& in, const PortfolioContext& ctx) {
    const PortfolioCosts& c = in.costs;
    const double q_ref = c.reference_line_gwh_per_year.value;
    std::vector<LineData> out;
    out.reserve(in.lines.size());
    for (const PortfolioLine& l : in.lines) {
        LineData d;
        d.nameplate_gwh = l.capacity_gwh_per_year.value;
        d.effective_gwh = d.nameplate_gwh * l.utilisation.value;
        const double scale = d.nameplate_gwh / q_ref;
        d.labour_usd_per_kwh = c.labour_usd_per_kwh.value * std::pow(scale, c.labour_scale_exponent.value - 1.0);
        const double capital_scale = std::pow(scale, c.capital_scale_exponent.value);
        d.retool_usd = c.retool_cost_musd_per_gwh.value * usd_per_musd * q_ref * capital_scale;
        d.fixed_usd = c.fixed_cost_musd_per_line_year.value * usd_per_musd * capital_scale;
        d.capital_usd = c.capex_musd_per_gwh.value * usd_per_musd * q_ref * capital_scale / c.depreciation_years.value;
        const double scrap_per_good_cell = 1.0 / c.yield_fraction.value - 1.0;
        const std::array<Chemistry, 2> chem = {l.chemistry, l.ess_chemistry};
        const std::array<double, 2> integration = {in.ev.integration_usd_per_kwh.value,
                                                   in.ess.integration_usd_per_kwh.value};
        for (std::size_t s : {ev_index, ess_index}) {
            const double cell = ctx.material_cost_usd_per_kwh[static_cast<std::size_t>(chem[s])] +
                                c.other_materials_usd_per_kwh.value;
            d.material_usd_per_kwh[s] = cell + integration[s];
            d.scrap_usd_per_kwh[s] = cell * scrap_per_good_cell;
            d.net_usd_per_kwh[s] = d.material_usd_per_kwh[s] + d.scrap_usd_per_kwh[s] + d.labour_usd_per_kwh;
        }
        d.residual_usd_per_kwh =
            in.ev.take_back_share.value * ctx.residual_value_usd_per_kwh[static_cast<std::size_t>(l.chemistry)];
        d.net_usd_per_kwh[ev_index] -= d.residual_usd_per_kwh;
        out.push_back(d);
    }
    return out;
}

// Conversion order: lines starting in ESS first (so today's split is a prefix), then the EV lines; each
// group by ESS cost advantage, largest first, so that the lines best suited to ESS convert first and leave
// last. Ties keep input order.
std::vector<int> conversion_order(const PortfolioInput& in, const std::vector<LineData>& lines) {
    std::vector<int> order(lines.size());
    std::iota(order.begin(), order.end(), 0);
    auto advantage = [&](int i) {
        const LineData& d = lines[static_cast<std::size_t>(i)];
        return d.net_usd_per_kwh[ev_index] - d.net_usd_per_kwh[ess_index];
    };
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        const bool a_ess = in.lines[static_cast<std::size_t>(a)].segment == MarketSegment::ess;
        const bool b_ess = in.lines[static_cast<std::size_t>(b)].segment == MarketSegment::ess;
        if (a_ess != b_ess) return a_ess;
        return advantage(a) > advantage(b);
    });
    return order;
}

bool lines_identical(const PortfolioInput& in) {
    for (const PortfolioLine& l : in.lines) {
        const PortfolioLine& f = in.lines.front();
        if (l.capacity_gwh_per_year.value != f.capacity_gwh_per_year.value || l.chemistry != f.chemistry ||
            l.ess_chemistry != f.ess_chemistry || l.utilisation.value != f.utilisation.value)
            return false;
    }
    return true;
}

std::optional<std::string> context_problem(const PortfolioContext& ctx) {
    if (!std::isfinite(ctx.discount_rate) || ctx.discount_rate <= -1.0)
        return "context: discount rate " + number_text(ctx.discount_rate) + " is not usable";
    for (std::size_t c = 0; c < chemistry_count; ++c) {
        if (!std::isfinite(ctx.material_cost_usd_per_kwh[c]))
            return std::string("context: material cost of ") + chemistry_names[c] + " is not finite";
        if (!std::isfinite(ctx.residual_value_usd_per_kwh[c]))
            return std::string("context: residual value of ") + chemistry_names[c] + " is not finite";
    }
    return std::nullopt;
}

// Per-line segments of a plan given as ESS line counts per year, over the conversion order.
std::vector<std::vector<MarketSegment>> plan_from_counts(const std::vector<int>& order,
                                                         const std::vector<int>& ess_count, std::size_t n_lines) {
    std::vector<std::vector<MarketSegment>> plan;
    plan.reserve(ess_count.size());
    for (int k : ess_count) {
        std::vector<MarketSegment> seg(n_lines, MarketSegment::ev);
        for (int j = 0; j < k; ++j)
            seg[static_cast<std::size_t>(order[static_cast<std::size_t>(j)])] = MarketSegment::ess;
        plan.push_back(std::move(seg));
    }
    return plan;
}

}  // namespace

// ---- public API ----

std::vector<SourceEntry> portfolio_constant_sources() {
    const char* statute = "IRC §45X(b)(3), Inflation Reduction Act 2022: credit phase-down for components sold after 2029";
    std::vector<SourceEntry> out;
    for (int year : {2029, 2030, 2031, 2032, 2033})
        out.push_back({"45X credit share in " + std::to_string(year) + (year == 2033 ? " and after" : ""),
                       {credit_45x_phase(year), "fraction", statute, 2022, "A"}});
    return out;
}

std::vector<FieldError> check_portfolio(const PortfolioInput& in) {
    std::vector<FieldError> errors;
    const auto n = static_cast<int>(in.lines.size());
    if (n == 0) errors.push_back({"lines", "no production lines: expected 1 to 64 lines"});
    else if (n > portfolio_max_lines)
        errors.push_back({"lines", std::to_string(n) + " lines: expected 1 to 64 lines"});
    PortfolioInput copy = in;  // the visitor takes non-const references; it only reads
    RangeCheck check(errors);
    visit_fields(check, copy);
    const std::size_t t = in.horizon_years > 0 ? static_cast<std::size_t>(in.horizon_years) : 0;
    if (!in.ev.volume_gwh_by_year.empty() && in.ev.volume_gwh_by_year.size() < t)
        errors.push_back({"ev.volume_gwh_by_year",
                          std::to_string(in.ev.volume_gwh_by_year.size()) + " entries for a " +
                              std::to_string(in.horizon_years) +
                              "-year horizon: expected one volume per plan year, GWh/yr (or none, to use "
                              "volume_gwh_per_year with growth and shock)"});
    return errors;
}

namespace {

// The lines of one year of a plan, by segment, before dispatch.
struct YearLines {
    std::array<std::vector<std::size_t>, 2> members;  // line indices per segment, in line order
    std::array<double, 2> nameplate{};
    // The cheapest net unit cost of any line in each segment's use: a segment without lines quotes its
    // margin against it.
    std::array<double, 2> cheapest_anywhere = {std::numeric_limits<double>::infinity(),
                                               std::numeric_limits<double>::infinity()};
    double all_nameplate = 0.0;
};

// Sorts the lines into their segments and adds the costs that do not depend on dispatch to `y`.
YearLines tally_lines(const std::vector<LineData>& lines, const std::vector<MarketSegment>& before,
                      const std::vector<MarketSegment>& after, PortfolioYear& y) {
    YearLines t;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const LineData& d = lines[i];
        const auto s = static_cast<std::size_t>(after[i]);
        t.members[s].push_back(i);
        t.nameplate[s] += d.nameplate_gwh;
        t.all_nameplate += d.nameplate_gwh;
        for (std::size_t seg : {ev_index, ess_index})
            t.cheapest_anywhere[seg] = std::min(t.cheapest_anywhere[seg], d.net_usd_per_kwh[seg]);
        y.fixed_cost_usd += d.fixed_usd;
        y.capital_charge_usd += d.capital_usd;
        if (before[i] != after[i]) {
            ++y.lines_retooled;
            y.retool_cost_usd += d.retool_usd;
        }
    }
    y.ev_lines = static_cast<int>(t.members[ev_index].size());
    y.ess_lines = static_cast<int>(t.members[ess_index].size());
    return t;
}

// Dispatches segment s's lines in merit order (ascending net unit cost, ties by line index), adds their
// variable costs, credits and capacity to `y`, and sets `cheapest` to the segment's lowest unit cost.
Dispatch dispatch_segment(std::size_t s, const YearMarket& m, double downtime, const std::vector<LineData>& lines,
                          const std::vector<MarketSegment>& before, const std::vector<MarketSegment>& after,
                          YearLines& t, double& cheapest, PortfolioYear& y) {
    std::vector<std::size_t>& ids = t.members[s];
    std::stable_sort(ids.begin(), ids.end(), [&](std::size_t a, std::size_t b) {
        return lines[a].net_usd_per_kwh[s] < lines[b].net_usd_per_kwh[s];
    });
    std::vector<Unit> units;
    for (std::size_t i : ids) {
        const LineData& d = lines[i];
        Unit u;
        u.capacity_gwh = d.effective_gwh * (before[i] != after[i] ? 1.0 - downtime : 1.0);
        u.cost = d.net_usd_per_kwh[s];
        // Lines of one kind share a cost: solve the volume limit once per cost.
        if (s == ess_index)
            u.volume_limit_gwh = !units.empty() && units.back().cost == u.cost
                                     ? units.back().volume_limit_gwh
                                     : ess_volume_limit_gwh(m, u.cost - m.credit);
        units.push_back(u);
    }
    std::vector<double> taken(units.size());
    const Dispatch result = s == ev_index ? dispatch_ev(m, units.data(), units.size(), taken.data())
                                          : dispatch_ess(m, units.data(), units.size(), taken.data());
    cheapest = units.empty() ? t.cheapest_anywhere[s] : units.front().cost;
    for (std::size_t j = 0; j < ids.size(); ++j) {
        const LineData& d = lines[ids[j]];
        y.material_cost_usd += taken[j] * d.material_usd_per_kwh[s] * kwh_per_gwh;
        y.scrap_cost_usd += taken[j] * d.scrap_usd_per_kwh[s] * kwh_per_gwh;
        y.labour_cost_usd += taken[j] * d.labour_usd_per_kwh * kwh_per_gwh;
        if (s == ev_index) y.residual_credit_usd += taken[j] * d.residual_usd_per_kwh * kwh_per_gwh;
        (s == ev_index ? y.ev_capacity_gwh : y.ess_capacity_gwh) += units[j].capacity_gwh;
    }
    return result;
}

// The year's sales, margins, utilisation and cash from both segments' dispatch.
void settle_year(const YearMarket& m, const YearLines& t, const Dispatch& ev, const Dispatch& ess,
                 const std::array<double, 2>& cheapest, PortfolioYear& y) {
    y.ev_gwh = ev.gwh;
    y.ess_gwh = ess.gwh;
    y.ev_price_usd_per_kwh = ev.price;
    y.ess_price_usd_per_kwh = ess.price;
    y.ev_margin_usd_per_kwh = ev.price + m.credit - (ev.gwh > 0.0 ? ev.cost_sum / ev.gwh : cheapest[ev_index]);
    y.ess_margin_usd_per_kwh = ess.price + m.credit - (ess.gwh > 0.0 ? ess.cost_sum / ess.gwh : cheapest[ess_index]);
    y.ev_utilisation = t.nameplate[ev_index] > 0.0 ? ev.gwh / t.nameplate[ev_index] : 0.0;
    y.ess_utilisation = t.nameplate[ess_index] > 0.0 ? ess.gwh / t.nameplate[ess_index] : 0.0;
    y.utilisation = (ev.gwh + ess.gwh) / t.all_nameplate;
    y.revenue_usd = (ev.gwh * ev.price + ess.gwh * ess.price) * kwh_per_gwh;
    y.credit_45x_usd = (ev.gwh + ess.gwh) * m.credit * kwh_per_gwh;
    y.operating_cash_before_credits_usd =
        y.revenue_usd - y.material_cost_usd - y.scrap_cost_usd - y.labour_cost_usd - y.fixed_cost_usd;
    y.margin_before_credits =
        y.revenue_usd > 0.0 ? (y.operating_cash_before_credits_usd - y.capital_charge_usd) / y.revenue_usd : 0.0;
    y.cash_flow_usd = y.operating_cash_before_credits_usd + y.credit_45x_usd + y.residual_credit_usd -
                      y.capital_charge_usd - y.retool_cost_usd;
    y.cash_flow_usd_per_gwh = y.cash_flow_usd / t.all_nameplate;
}

// One year of a per-line plan, line by line (the report of every plan, and the brute-force reference).
PortfolioYear report_year(const PortfolioInput& in, const PortfolioContext& ctx, const std::vector<LineData>& lines,
                          int year, const std::vector<MarketSegment>& before, const std::vector<MarketSegment>& after) {
    const YearMarket m = year_market(in, ctx, year);
    const double downtime = in.costs.retool_downtime_months.value / 12.0;

    PortfolioYear y;
    y.year = year;
    y.calendar_year = m.calendar_year;
    y.line_segments = after;
    y.ev_volume_cap_gwh = m.ev_cap_gwh;
    YearLines t = tally_lines(lines, before, after, y);
    std::array<double, 2> cheapest{};
    const Dispatch ev = dispatch_segment(ev_index, m, downtime, lines, before, after, t, cheapest[ev_index], y);
    const Dispatch ess = dispatch_segment(ess_index, m, downtime, lines, before, after, t, cheapest[ess_index], y);
    settle_year(m, t, ev, ess, cheapest, y);
    return y;
}

}  // namespace

PortfolioYear evaluate_portfolio_year(const PortfolioInput& in, const PortfolioContext& ctx, int year,
                                      const std::vector<MarketSegment>& before,
                                      const std::vector<MarketSegment>& after) {
    return report_year(in, ctx, line_data(in, ctx), year, before, after);
}

PortfolioPlan evaluate_portfolio_plan(const PortfolioInput& in, const PortfolioContext& ctx,
                                      const std::vector<std::vector<MarketSegment>>& segments_by_year) {
    const std::vector<LineData> lines = line_data(in, ctx);
    PortfolioPlan plan;
    std::vector<MarketSegment> before;
    for (const PortfolioLine& l : in.lines) before.push_back(l.segment);
    for (std::size_t t = 0; t < segments_by_year.size(); ++t) {
        const int year = static_cast<int>(t) + 1;
        plan.years.push_back(report_year(in, ctx, lines, year, before, segments_by_year[t]));
        plan.npv_usd += plan.years.back().cash_flow_usd * std::pow(1.0 + ctx.discount_rate, -static_cast<double>(year));
        before = segments_by_year[t];
    }
    double revenue = 0.0, margin = 0.0;
    for (const PortfolioYear& y : plan.years) {
        revenue += y.revenue_usd;
        margin += y.operating_cash_before_credits_usd - y.capital_charge_usd;
    }
    plan.margin_before_credits = revenue > 0.0 ? margin / revenue : 0.0;
    return plan;
}

namespace {

// The year cash of every move between states of the dynamic programme, in O(log G) per move, G the number
// of distinct unit costs in a segment (1 to a few for real plants, N when every line differs). State k has
// conversion positions [0, k) in ESS and [k, n) in EV. The merit order of a segment runs over its "cost
// groups" (the lines sharing one unit cost); for every group g and position j the table holds the capacity
// of the cheapest groups 0..g among positions [0, j), and their cost. Any state's segment, with the
// retooling lines at reduced capacity, is a difference of two table entries, so the merit-order dispatch
// of dispatch_ev and dispatch_ess becomes a binary search over groups: for EV the group where the volume cap
// fills; for ESS the first group whose volume limit the cumulative capacity exceeds (capacity rises and
// limits fall along the merit order, so that predicate is monotone).
class Transitions {
public:
    Transitions(const PortfolioInput& in, const std::vector<LineData>& lines, const std::vector<int>& order)
        : n_(order.size()), downtime_(in.costs.retool_downtime_months.value / 12.0) {
        const std::size_t n = n_;
        std::vector<double> eff(n);
        std::array<std::vector<double>, 2> cost = {std::vector<double>(n), std::vector<double>(n)};
        retool_.assign(n + 1, 0.0);
        for (std::size_t j = 0; j < n; ++j) {
            const LineData& d = lines[static_cast<std::size_t>(order[j])];
            eff[j] = d.effective_gwh;
            retool_[j + 1] = retool_[j] + d.retool_usd;
            fixed_total_ += d.fixed_usd + d.capital_usd;
            for (std::size_t s : {ev_index, ess_index}) cost[s][j] = d.net_usd_per_kwh[s];
        }
        for (std::size_t s : {ev_index, ess_index}) {
            std::vector<double> distinct = cost[s];
            std::sort(distinct.begin(), distinct.end());
            distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
            const std::size_t groups = distinct.size();
            cum_cap_[s].assign(groups * (n + 1), 0.0);
            cum_cost_[s].assign(groups * (n + 1), 0.0);
            for (std::size_t j = 0; j < n; ++j) {
                const auto g = static_cast<std::size_t>(std::lower_bound(distinct.begin(), distinct.end(), cost[s][j]) -
                                                        distinct.begin());
                for (std::size_t h = 0; h < groups; ++h) {
                    const std::size_t at = h * (n + 1) + j;
                    const bool in_cheapest = g <= h;
                    cum_cap_[s][at + 1] = cum_cap_[s][at] + (in_cheapest ? eff[j] : 0.0);
                    cum_cost_[s][at + 1] = cum_cost_[s][at] + (in_cheapest ? eff[j] * cost[s][j] : 0.0);
                }
            }
            group_cost_[s] = std::move(distinct);
        }
        ess_limit_.resize(group_cost_[ess_index].size());
        ess_limit_price_.resize(group_cost_[ess_index].size());
        ev_stay_.resize(n + 1);
        ess_stay_.resize(n + 1);
    }

    // Prepares year t: the volume limits of the ESS cost groups and the cash of the states that stay.
    void set_year(const YearMarket& m) {
        m_ = &m;
        for (std::size_t g = 0; g < ess_limit_.size(); ++g) {
            ess_limit_[g] = ess_volume_limit_gwh(m, group_cost_[ess_index][g] - m.credit);
            ess_limit_price_[g] = ess_price(m, ess_limit_[g]);
        }
        for (std::size_t k = 0; k <= n_; ++k) {
            ess_stay_[k] = ess(k, k);
            ev_stay_[k] = ev(k, k);
        }
    }

    // An upper bound on cash(kp, k) without a dispatch: retooling only takes capacity away, and neither
    // segment's dispatch (an optimum over its volume) earns more with less capacity, so a move earns at most
    // what staying at k earns, less its retool cost.
    double cash_bound(std::size_t kp, std::size_t k) const {
        return ess_stay_[k] + ev_stay_[k] - fixed_total_ - std::abs(retool_[k] - retool_[kp]);
    }

    // Year cash of moving from state kp to state k, fixed and retool costs included.
    double cash(std::size_t kp, std::size_t k) const {
        if (k == kp) return ess_stay_[k] + ev_stay_[k] - fixed_total_;
        if (k > kp) return ess(k, kp) + ev_stay_[k] - fixed_total_ - (retool_[k] - retool_[kp]);
        return ev(k, kp) + ess_stay_[k] - fixed_total_ - (retool_[kp] - retool_[k]);
    }

private:
    // Positions [a, b) with [c, d) retooling: capacity and cost of the cheapest groups 0..g of segment s.
    struct Span {
        std::size_t a, b, c, d;
        double lost;
    };
    static double take(const std::vector<double>& table, std::size_t row, const Span& x) {
        const double* p = table.data() + row;
        return p[x.b] - p[x.a] - x.lost * (p[x.d] - p[x.c]);
    }
    double cap_upto(std::size_t s, std::size_t g, const Span& x) const { return take(cum_cap_[s], g * (n_ + 1), x); }
    double cost_upto(std::size_t s, std::size_t g, const Span& x) const { return take(cum_cost_[s], g * (n_ + 1), x); }

    // The first group in [0, end) for which pred holds (pred monotone: false ... false true ... true), or end.
    template <class Pred>
    static std::size_t first_group(std::size_t end, Pred&& pred) {
        std::size_t lo = 0, hi = end;
        while (lo < hi) {
            const std::size_t mid = lo + (hi - lo) / 2;
            if (pred(mid)) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    // ESS contribution with positions [0, k) in ESS, of which [kp, k) are retooling when kp < k.
    double ess(std::size_t k, std::size_t kp) const {
        if (k == 0) return 0.0;
        const YearMarket& m = *m_;
        const Span x = {0, k, std::min(kp, k), k, kp < k ? downtime_ : 0.0};
        const std::size_t groups = group_cost_[ess_index].size();
        const std::size_t g =
            first_group(groups, [&](std::size_t h) { return cap_upto(ess_index, h, x) > ess_limit_[h]; });
        double v, cost;
        bool at_limit = false;
        if (g == groups) {
            v = cap_upto(ess_index, groups - 1, x);
            cost = cost_upto(ess_index, groups - 1, x);
        } else {
            const double before = g > 0 ? cap_upto(ess_index, g - 1, x) : 0.0;
            at_limit = ess_limit_[g] >= before;
            v = at_limit ? ess_limit_[g] : before;
            cost = (g > 0 ? cost_upto(ess_index, g - 1, x) : 0.0) + (v - before) * group_cost_[ess_index][g];
        }
        if (v <= 0.0) return 0.0;
        // Where the marginal group stops at its volume limit, the tender price there is known from set_year.
        const double price = at_limit ? ess_limit_price_[g] : ess_price(m, v);
        return (v * (price + m.credit) - cost) * kwh_per_gwh;
    }

    // EV contribution with positions [k, n) in EV, of which [k, kp) are retooling when kp > k.
    double ev(std::size_t k, std::size_t kp) const {
        if (k == n_) return 0.0;
        const YearMarket& m = *m_;
        const double value = m.ev_price + m.credit;
        const Span x = {k, n_, k, std::max(kp, k), kp > k ? downtime_ : 0.0};
        // Only groups that earn more than they cost run.
        const std::vector<double>& costs = group_cost_[ev_index];
        const auto paying =
            static_cast<std::size_t>(std::lower_bound(costs.begin(), costs.end(), value) - costs.begin());
        if (paying == 0) return 0.0;
        const double cap = m.ev_cap_gwh;
        double q = cap_upto(ev_index, paying - 1, x), cost;
        if (q <= cap) {
            cost = cost_upto(ev_index, paying - 1, x);
        } else {
            const std::size_t g = first_group(paying, [&](std::size_t h) { return cap_upto(ev_index, h, x) >= cap; });
            const double before = g > 0 ? cap_upto(ev_index, g - 1, x) : 0.0;
            cost = (g > 0 ? cost_upto(ev_index, g - 1, x) : 0.0) + (cap - before) * costs[g];
            q = cap;
        }
        if (q <= 0.0) return 0.0;
        return (q * value - cost) * kwh_per_gwh;
    }

    std::size_t n_;
    double downtime_;
    double fixed_total_ = 0.0;
    std::vector<double> retool_;  // prefix sums over positions [0, k)
    std::array<std::vector<double>, 2> group_cost_;  // distinct unit costs by segment, ascending (merit order)
    std::array<std::vector<double>, 2> cum_cap_, cum_cost_;  // [g * (n + 1) + j]: groups 0..g, positions [0, j)
    std::vector<double> ess_limit_;        // this year's ESS volume limit of each group
    std::vector<double> ess_limit_price_;  // and the tender price at that volume (the pow, once per year)
    std::vector<double> ev_stay_, ess_stay_;
    const YearMarket* m_ = nullptr;
};

}  // namespace

namespace {

// The dynamic programme's answer: ESS line counts year by year from the starting count, and the NPV of
// holding each count from year 1 on (the year-1 move from the start, then stay).
struct Programme {
    std::vector<int> path;
    std::vector<double> static_npv;
};

// Backward induction on the NPV from year t on over the states "k lines in ESS" (k = 0..n, lines moved in
// conversion order). Ties keep the current split, then take the fewest ESS lines, so the plan is
// deterministic.
Programme solve_programme(const PortfolioInput& in, const PortfolioContext& ctx, const std::vector<LineData>& lines,
                          const std::vector<int>& order, std::size_t k0) {
    const int T = in.horizon_years;
    Transitions moves(in, lines, order);
    const std::size_t states = lines.size() + 1;
    std::vector<double> value_next(states, 0.0), value(states);
    std::vector<std::size_t> choice(static_cast<std::size_t>(T) * states);
    Programme p;
    p.static_npv.assign(states, 0.0);
    for (int t = T; t >= 1; --t) {
        const YearMarket m = year_market(in, ctx, t);
        moves.set_year(m);
        for (std::size_t kp = 0; kp < states; ++kp) {
            double best = m.discount * moves.cash(kp, kp) + value_next[kp];
            std::size_t best_k = kp;
            for (std::size_t k = 0; k < states; ++k) {
                if (k == kp) continue;
                // Skip the dispatch of a move whose bound cannot beat the best so far. The slack, far above
                // the rounding of these dollar sums, keeps every candidate the exact comparison might take.
                const double slack = 1e-9 * std::abs(best) + 1.0;
                if (m.discount * moves.cash_bound(kp, k) + value_next[k] + slack < best) continue;
                const double v = m.discount * moves.cash(kp, k) + value_next[k];
                if (v > best) {
                    best = v;
                    best_k = k;
                }
            }
            value[kp] = best;
            choice[static_cast<std::size_t>(t - 1) * states + kp] = best_k;
        }
        for (std::size_t k = 0; k < states; ++k) p.static_npv[k] += m.discount * moves.cash(t == 1 ? k0 : k, k);
        std::swap(value, value_next);
    }
    std::size_t k = k0;
    for (int t = 1; t <= T; ++t) {
        k = choice[static_cast<std::size_t>(t - 1) * states + k];
        p.path.push_back(static_cast<int>(k));
    }
    return p;
}

// Warnings about inputs the horizon or the calendar leave without effect, and about idle EV lines.
void add_plan_warnings(const PortfolioInput& in, const PortfolioContext& ctx, PortfolioResults& res) {
    const int T = in.horizon_years;
    if (!lines_identical(in))
        res.warnings.push_back("the lines differ in size, chemistry or utilisation: the optimum is exact for plans "
                               "that move lines to ESS in conversion_order (lines starting in ESS first, then by ESS "
                               "cost advantage); other orders are not searched");
    const std::size_t volumes = in.ev.volume_gwh_by_year.size();
    if (volumes > static_cast<std::size_t>(T))
        res.warnings.push_back("ev.volume_gwh_by_year has " + std::to_string(volumes) +
                               " entries: the years after the " + std::to_string(T) + "-year horizon are ignored");
    if (volumes == 0 && in.ev.shock.value != 0.0 && in.ev.shock_year > T)
        res.warnings.push_back("the EV volume shock starts in year " + std::to_string(in.ev.shock_year) +
                               ", after the " + std::to_string(T) + "-year horizon: it has no effect");
    for (int t = 1; t <= T; ++t) {
        const double v0 = in.ess.reference_volume_gwh_per_year.value *
                          std::pow(1.0 + in.ess.reference_volume_growth_per_year.value, t - 1);
        const YearMarket m = year_market(in, ctx, t);
        if (v0 > m.ess_market_gwh) {
            res.warnings.push_back("the ESS volume placed at the reference price (" + number_text(v0) +
                                   " GWh) exceeds the tender market (" + number_text(m.ess_market_gwh) +
                                   " GWh) in year " + std::to_string(t) + ": the market size is used instead");
            break;
        }
    }
    if (in.credit_45x.enabled && credit_45x_phase(in.start_year) == 0.0)
        res.warnings.push_back("45X credits apply to components sold from 2023 to 2032 (IRC §45X(b)(3)): none from " +
                               std::to_string(in.start_year) + " on");
    for (const PortfolioYear& y : res.optimum.years)
        if (y.ev_lines > 0 && y.ev_gwh == 0.0 && y.ev_volume_cap_gwh > 0.0) {
            res.warnings.push_back("EV contracts lose money per kWh in year " + std::to_string(y.year) + " (margin " +
                                   number_text(y.ev_margin_usd_per_kwh) +
                                   " $/kWh on the cheapest EV line): the optimum keeps EV lines idle rather than "
                                   "sell below cost");
            break;
        }
}

}  // namespace

PortfolioResults optimise_portfolio(const PortfolioInput& in, const PortfolioContext& ctx) {
    PortfolioResults res;
    for (const FieldError& e : check_portfolio(in)) res.warnings.push_back("invalid input: " + format_error(e));
    if (auto problem = context_problem(ctx)) res.warnings.push_back("invalid input: " + *problem);
    if (!res.warnings.empty()) return res;

    const std::vector<LineData> lines = line_data(in, ctx);
    const std::size_t n = lines.size();
    const int T = in.horizon_years;
    const std::vector<int> order = conversion_order(in, lines);
    res.conversion_order = order;
    std::size_t k0 = 0;
    for (const PortfolioLine& l : in.lines) k0 += l.segment == MarketSegment::ess ? 1 : 0;
    const Programme programme = solve_programme(in, ctx, lines, order, k0);

    const std::vector<double>& static_npv = programme.static_npv;
    const auto best_static =
        static_cast<int>(std::max_element(static_npv.begin(), static_npv.end()) - static_npv.begin());
    auto constant = [&](int count) {
        return plan_from_counts(order, std::vector<int>(static_cast<std::size_t>(T), count), n);
    };
    res.optimum = evaluate_portfolio_plan(in, ctx, plan_from_counts(order, programme.path, n));
    res.all_ev = evaluate_portfolio_plan(in, ctx, constant(0));
    res.all_ess = evaluate_portfolio_plan(in, ctx, constant(static_cast<int>(n)));
    res.no_switch = evaluate_portfolio_plan(in, ctx, constant(static_cast<int>(k0)));
    res.best_static = evaluate_portfolio_plan(in, ctx, constant(best_static));
    res.best_static_ess_lines = best_static;
    // The programme's plan is at least as good as every static plan in exact arithmetic; if rounding in the
    // line-by-line report puts it a hair below, the static plan is the optimum (both are feasible).
    if (res.best_static.npv_usd > res.optimum.npv_usd) res.optimum = res.best_static;
    res.npv_usd = res.optimum.npv_usd;
    res.value_of_flexibility_usd = res.optimum.npv_usd - res.best_static.npv_usd;
    add_plan_warnings(in, ctx, res);
    return res;
}

}  // namespace packfolio
