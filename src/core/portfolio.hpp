#pragma once
// EV vs ESS portfolio (MODEL.md §5): how a cell maker splits its production lines between EV contracts and
// ESS tenders, year by year, and what switching is worth.
//
// The model, per year t = 1..T (end-of-year cash, discounted at the scenario's real rate):
//   - Each line has a nameplate capacity Q (GWh/yr) and runs at up to `utilisation` of it. It makes its EV
//     chemistry in the EV segment and its ESS chemistry (LFP by default, as in every converted US line of
//     DATA.md §8) in the ESS segment. A line that changes segment at the start of a year pays the retool
//     capex and loses `retool_downtime_months` of that year's output in its new segment.
//   - Unit cost of a kWh = (cathode metals of the chemistry (the context, from the scenario's metal prices)
//     + other cell materials) / cell yield (the scrapped cells' materials are lost) + conversion labour +
//     the segment's pack or DC-block integration, less 45X credits, and for EV kWh less the take-back share
//     × the pack's residual value (the context, from the lifecycle model). Conversion labour follows
//     BatPaC's scale rule: a line's labour cost per kWh is labour × (Q/Q_ref)^(e_labour − 1); its retool
//     capex, fixed cost and capital charge scale as (Q/Q_ref)^e_capital.
//   - Within a segment the lines run in merit order, cheapest unit cost first: the EV volume cap and the
//     ESS bid are filled from the cheapest lines, and costlier lines stand idle.
//   - EV: price p_ev·(1+trend)^(t−1); volume capped per year (given year by year, or a base volume with
//     growth and a step shock). EV lines run up to the cap when their unit margin is positive.
//   - ESS (docs/MODEL.md §5): the tender market takes M_t GWh/yr at the reference price p0_t, of which the
//     maker places V0_t (<= M_t). Selling V > V0_t adds V − V0_t to the market's supply, and the market
//     clears on a constant-elasticity demand curve Q = M·(p/p0)^(−ε):
//       p(V) = p0_t·(1 + (V − V0_t)/M_t)^(−b),  b = 1/ε = −log2(1 − d),  p = p0_t for V <= V0_t,
//     d the price drop when the supply doubles (drop_per_doubling), so the price falls in proportion to
//     the maker's added share of the market. The maker bids the V in [0, capacity] that maximises
//     p(V)·V − cost(V), cost(V) the merit-order cost curve (marginal revenue meets marginal cost), so ESS
//     lines may run below their utilisation when more volume would only depress the price.
//   - Fixed cost and capital charge (capex / depreciation years) per line per year are paid by every line,
//     running or not; credits (45X, residual value) are reported apart from the operating cash.
// The state of the dynamic programme is the number k of lines in ESS. Lines are interchangeable when they
// are identical; when they differ, k means "the first k lines of `conversion_order` are in ESS": lines that
// start in ESS come first, then the others, each group sorted by ESS cost advantage (EV net unit cost minus
// ESS net unit cost, largest first; ties by input order). The optimum is exact within that policy class;
// an unrestricted per-line plan could beat it only when lines differ. Cost: O(T·N²·log G), G <= N the number
// of distinct unit costs in a segment (1 to a few when lines come in a few kinds). There is no terminal
// value: the plan ends with the horizon, so late switches must pay back within it.

#include <array>
#include <string>
#include <vector>

#include "core/chemistry.hpp"
#include "core/fields.hpp"
#include "core/param.hpp"
#include "core/sourced.hpp"

namespace packfolio {

enum class MarketSegment { ev, ess };
inline constexpr std::array<const char*, 2> market_segment_names = {"ev", "ess"};

inline constexpr int portfolio_max_lines = 64;
inline constexpr int portfolio_max_horizon_years = 30;

// ---- inputs ----

struct PortfolioLine {
    // D: StarPlus Kokomo 67 GWh [STARPLUS] in two plants of four lines ([SDI]: 3 of 4 phase-1 lines; assumption
    // that phase 2 matches phase 1): 67 / 8 = 8.4 GWh/yr per line.
    Param capacity_gwh_per_year{8.4};
    Chemistry chemistry = Chemistry::nmc811;   // made for EV contracts
    Chemistry ess_chemistry = Chemistry::lfp;  // made for ESS tenders
    MarketSegment segment = MarketSegment::ev;  // where the line is today
    Param utilisation{0.85, 0.6, 0.95};
};

template <class V>
void visit_fields(V& v, PortfolioLine& l) {
    v.param({"capacity_gwh_per_year", "Nameplate capacity", "GWh/yr", 0.0, 100.0,
             "D: StarPlus Kokomo 67 GWh [STARPLUS] over 2 plants x 4 lines ([SDI] 3 of 4 phase-1 lines) = 8.4",
             true},
            l.capacity_gwh_per_year);
    v.choice("chemistry", l.chemistry, chemistry_names);
    v.choice("ess_chemistry", l.ess_chemistry, chemistry_names);
    v.choice("segment", l.segment, market_segment_names);
    v.param({"utilisation", "Achievable utilisation", "fraction of nameplate", 0.0, 1.0,
             "assumption: a mature line delivers ~85 % of nameplate (yield x uptime), 60-95 %", true},
            l.utilisation);
}

struct PortfolioCosts {
    // D: materials are 78-80 % of cell cost in automated plants (Brodd & Helou 2013, J. Power Sources
    // 231:293); LFP ESS cell $42/kWh [INFOLINK] less CATL's 24.4 % gross margin [CATL24] = $31.8 cost;
    // × 0.79 = $25.1 materials, less LFP cathode metals $4.7 at $10/kg LCE = $20.4 of other materials.
    Param other_materials_usd_per_kwh{20.4, 15.0, 28.0};
    // D: the other 21 % of that $31.8 cell cost, treated as variable (labour, energy, variable overhead).
    Param labour_usd_per_kwh{6.7, 4.0, 12.0};
    // D: 3 %/yr (2-5 %) of a line's greenfield capex, $94M/GWh [STARPLUS] × 8.4 GWh = $790M: maintenance,
    // indirect staff, insurance. Cash only: sunk capex is not a cash flow of the plan.
    Param fixed_cost_musd_per_line_year{23.7, 15.8, 39.5};
    Param retool_cost_musd_per_gwh{14.1, 9.4, 18.8};  // DATA.md §9 preset 2: 10-20 % of $94M/GWh
    Param retool_downtime_months{6.0, 3.0, 12.0};
    Param reference_line_gwh_per_year{8.4};
    Param labour_scale_exponent{0.8, 0.7, 0.9};     // MODEL.md §5, BatPaC
    Param capital_scale_exponent{0.925, 0.9, 0.95};  // MODEL.md §5, BatPaC
    // Good cells per cell started: the materials of the scrapped ones are lost (docs/MODEL.md §5).
    Param yield_fraction{0.95, 0.85, 0.98};
    // The capital a line ties up, charged straight-line as the cell makers' cost of sales depreciates it.
    Param capex_musd_per_gwh{94.0, 68.0, 100.0};
    Param depreciation_years{10.0, 8.0, 15.0};
};

template <class V>
void visit_fields(V& v, PortfolioCosts& c) {
    v.param({"other_materials_usd_per_kwh", "Other cell materials", "$/kWh", 0.0, 500.0,
             "D: materials 79 % of cell cost (Brodd & Helou 2013) x ($42 LFP ESS cell [INFOLINK] less 24.4 % "
             "gross margin [CATL24]) = $25.1, less LFP cathode metals $4.7 at LCE $10/kg"},
            c.other_materials_usd_per_kwh);
    v.param({"labour_usd_per_kwh", "Conversion labour and variable overhead", "$/kWh at the reference line",
             0.0, 500.0,
             "D: the non-material 21 % of a $31.8/kWh LFP cell cost (Brodd & Helou 2013; [INFOLINK][CATL24])"},
            c.labour_usd_per_kwh);
    v.param({"fixed_cost_musd_per_line_year", "Fixed cost of a line", "$M/yr at the reference line", 0.0, 10000.0,
             "D: 3 %/yr (2-5 %) of greenfield capex $94M/GWh [STARPLUS] x 8.4 GWh"},
            c.fixed_cost_musd_per_line_year);
    v.param({"retool_cost_musd_per_gwh", "Retool capex EV <-> ESS", "$M/GWh at the reference line", 0.0, 1000.0,
             "DATA.md §9 preset 2: converted-line capex 10-20 % of a greenfield $94M/GWh [STARPLUS] (assump.)"},
            c.retool_cost_musd_per_gwh);
    v.param({"retool_downtime_months", "Retool downtime", "months", 0.0, 12.0,
             "assumption: ~6 months (3-12); [GMRW] GM's Spring Hill LFP conversion runs to late 2027"},
            c.retool_downtime_months);
    v.param({"reference_line_gwh_per_year", "Reference line size for the scale rule", "GWh/yr", 0.0, 100.0,
             "the default line, 8.4 GWh/yr ([STARPLUS] 67 GWh over 8 lines)", true},
            c.reference_line_gwh_per_year);
    v.param({"labour_scale_exponent", "Labour scale exponent", "-", 0.5, 1.0, "MODEL.md §5: BatPaC 0.7-0.9"},
            c.labour_scale_exponent);
    v.param({"capital_scale_exponent", "Capital scale exponent", "-", 0.5, 1.0, "MODEL.md §5: BatPaC 0.9-0.95"},
            c.capital_scale_exponent);
    v.param({"yield_fraction", "Cell yield (good cells per cell started)", "fraction", 0.0, 1.0,
             "assumption: 95 % on a mature line (85-98 %); scrap costs the cell materials of 1/yield - 1 cells "
             "(docs/MODEL.md §5)",
             true},
            c.yield_fraction);
    v.param({"capex_musd_per_gwh", "Line capex (for the capital charge)", "$M/GWh at the reference line", 0.0,
             1000.0, "[STARPLUS] $6.3B / 67 GWh = $94M/GWh (US); China $68M/GWh, N. America $100M [BMK]"},
            c.capex_musd_per_gwh);
    v.param({"depreciation_years", "Depreciation life of a line", "years", 0.0, 40.0,
             "assumption: straight-line over 10 years (8-15), about one equipment life, as the cost of sales "
             "of [CATL24][LGES] carries it",
             true},
            c.depreciation_years);
}

struct EvMarket {
    Param price_usd_per_kwh{99.0, 84.0, 143.0};
    Param price_trend_per_year{0.0, -0.12, 0.02};
    // D: cells are ~78 % of a BEV pack's price [BNEF23]: the other 22 % of $99 [BNEF25].
    Param integration_usd_per_kwh{21.8, 15.0, 31.0};
    Param take_back_share{0.0, 0.0, 0.3};
    // Year-by-year volume cap; when empty, volume_gwh_per_year grown by volume_growth_per_year and changed by
    // `shock` from `shock_year` on. D: DATA.md §9 preset 2 puts EV plants at 30-50 % utilisation: 40 % of the
    // default 4 x 8.4 GWh plant.
    std::vector<double> volume_gwh_by_year;
    Param volume_gwh_per_year{13.4, 10.1, 16.8};
    Param volume_growth_per_year{0.0, -0.1, 0.1};
    Param shock{0.0, -0.3, 0.0};
    int shock_year = 2;
};

template <class V>
void visit_fields(V& v, EvMarket& m) {
    v.param({"price_usd_per_kwh", "EV contract price", "$/kWh", 0.0, 1000.0,
             "[BNEF25] BEV pack $99/kWh (2025, global); China 84, N. America China x 1.44 = 121", true},
            m.price_usd_per_kwh);
    v.param({"price_trend_per_year", "EV price trend", "fraction/yr", -0.5, 0.5,
             "[BNEF23-25] BEV pack 128 -> 97 -> 99: -12 %/yr to +2 %; assumption flat real"},
            m.price_trend_per_year);
    v.param({"integration_usd_per_kwh", "Pack integration (modules, housing, BMS)", "$/kWh", 0.0, 500.0,
             "D: cells ~78 % of pack price [BNEF23] -> 22 % of the $99 BEV pack [BNEF25]"},
            m.integration_usd_per_kwh);
    v.param({"take_back_share", "Share of EV packs taken back (leasing, BaaS)", "fraction", 0.0, 1.0,
             "assumption: packs sold outright today; up to 30 % for sensitivity (no DATA.md figure)"},
            m.take_back_share);
    v.number_array({"volume_gwh_by_year", "EV volume cap, year by year", "GWh/yr", 0.0, 10000.0,
                    "the contracts on the books; overrides the base volume, growth and shock"},
                   m.volume_gwh_by_year);
    v.param({"volume_gwh_per_year", "EV volume cap (year 1)", "GWh/yr", 0.0, 10000.0,
             "D: DATA.md §9 preset 2, EV plants at 30-50 % utilisation: 40 % of 4 x 8.4 GWh"},
            m.volume_gwh_per_year);
    v.param({"volume_growth_per_year", "EV volume growth", "fraction/yr", -0.5, 1.0,
             "assumption: flat, +-10 %/yr for sensitivity"},
            m.volume_growth_per_year);
    v.param({"shock", "EV volume shock", "fraction change", -1.0, 1.0,
             "DATA.md §9 preset 2: EV volume -30 % (Stellantis EUR 22.2B charges [STLA]); 0 = none"},
            m.shock);
    v.integer({"shock_year", "Shock from year", "plan year", 1.0, 30.0,
               "DATA.md §9 preset 2: the shock hits from the second plan year on (assumption)"},
              m.shock_year);
}

struct EssMarket {
    Param price_usd_per_kwh{70.0, 50.0, 164.0};
    Param price_trend_per_year{0.0, -0.2, 0.1};
    // D: Huadian 6 GWh at $65/kWh [TND-HUA] vs CEEC 25 GWh at $59 (4 h) [TND-CEEC]: 2.06 doublings for
    // −9.2 % → 1 − 0.908^(1/2.06) = 4.6 % per doubling.
    Param reference_volume_gwh_per_year{6.0, 6.0, 25.0};
    // D (docs/MODEL.md §5): in 2024 turnkey ESS prices fell 40 % [BNEF-ESS24] while global installations grew
    // 41 % [TRENDFORCE24]; read as a move along the demand curve, ε = ln 1.41 / ln(1/0.6) = 0.67, so b =
    // 1/ε = 1.49 and d = 1 − 2^(−b) = 64 %. Low 4.6 %: Huadian 6 GWh $65 [TND-HUA] vs CEEC 25 GWh $59
    // [TND-CEEC], a single tender's volume discount (ε = 15); high 75 % (ε = 0.5).
    Param drop_per_doubling{0.64, 0.046, 0.75};
    Param reference_volume_growth_per_year{0.0, 0.0, 0.5};
    // D: China's awarded storage tenders, 2024: 234.5 GWh [EESA24]; low 91.5 GWh (central SOEs' centralised
    // procurement, H1 2025 [ESSD25]), high 368.2 GWh (tenders announced in 2024 [EESA24]).
    Param market_gwh_per_year{234.5, 91.5, 368.2};
    Param market_growth_per_year{0.0, -0.1, 0.3};
    // D: cells ~78 % of pack price [BNEF23] -> 22 % of the $70 stationary pack [BNEF25].
    Param integration_usd_per_kwh{15.4, 10.0, 28.0};
};

template <class V>
void visit_fields(V& v, EssMarket& m) {
    v.param({"price_usd_per_kwh", "ESS tender price at the reference volume", "$/kWh", 0.0, 1000.0,
             "[BNEF25] stationary pack $70/kWh (2025); lowest LFP pack 50 [TELEO]; US DC 164 [ANZA]", true},
            m.price_usd_per_kwh);
    v.param({"price_trend_per_year", "ESS price trend", "fraction/yr", -0.5, 0.5,
             "[BNEF25] stationary pack -45 % in 2025; [INFOLINK] cell quotes rising into 2026; assumption flat"},
            m.price_trend_per_year);
    v.param({"reference_volume_gwh_per_year", "Volume placed at the reference price", "GWh/yr", 0.0, 10000.0,
             "[TND-HUA] 6 GWh tender to [TND-CEEC] 25 GWh; assumption: one large tender a year", true},
            m.reference_volume_gwh_per_year);
    v.param({"drop_per_doubling", "Tender price drop when the market's supply doubles", "fraction", 0.0, 0.9,
             "D: 1 - 2^(-1/e), demand elasticity e = 0.67 from 2024 turnkey -40 % [BNEF-ESS24] vs installs "
             "+41 % [TRENDFORCE24] = 64 %; low 4.6 % (one tender's volume discount [TND-HUA][TND-CEEC])"},
            m.drop_per_doubling);
    v.param({"reference_volume_growth_per_year", "Growth of the volume placed at the reference price",
             "fraction/yr", -0.5, 2.0, "assumption: flat; [SDI] guides ESS sales +50 % for 2026 (high)"},
            m.reference_volume_growth_per_year);
    v.param({"integration_usd_per_kwh", "DC-block integration (racks, container, BMS)", "$/kWh", 0.0, 500.0,
             "D: cells ~78 % of pack price [BNEF23] -> 22 % of the $70 stationary pack [BNEF25]"},
            m.integration_usd_per_kwh);
    v.param({"market_gwh_per_year", "Tender market size at the reference price", "GWh/yr", 0.1, 100000.0,
             "[EESA24] China's awarded storage tenders 2024: 234.5 GWh; low 91.5 (SOE procurement H1 2025 "
             "[ESSD25]), high 368.2 (tenders announced 2024 [EESA24]); US 2025: 48 GWh [WM-ACP25]"},
            m.market_gwh_per_year);
    v.param({"market_growth_per_year", "Tender market growth", "fraction/yr", -0.5, 2.0,
             "assumption: flat (-10 to +30 %/yr); [WM-ACP25] sees the US market -10 % in 2026, then growing"},
            m.market_growth_per_year);
}

// US 45X advanced manufacturing credits on every kWh made, EV or ESS, phased down by the statute for
// components sold after 2029: 75 % in 2030, 50 % in 2031, 25 % in 2032, none after (IRC §45X(b)(3)).
struct Credit45X {
    bool enabled = false;
    Param cell_usd_per_kwh{35.0};
    Param module_usd_per_kwh{10.0};
};

template <class V>
void visit_fields(V& v, Credit45X& c) {
    v.flag("enabled", c.enabled);
    v.param({"cell_usd_per_kwh", "45X cell credit", "$/kWh", 0.0, 100.0, "[CEA23] US 45X cell credit $35/kWh"},
            c.cell_usd_per_kwh);
    v.param({"module_usd_per_kwh", "45X module credit", "$/kWh", 0.0, 100.0,
             "IRA 2022 §45X: battery modules $10/kWh (MODEL.md §5)"},
            c.module_usd_per_kwh);
}

struct PortfolioInput {
    int horizon_years = 10;
    int start_year = 2026;
    std::vector<PortfolioLine> lines = std::vector<PortfolioLine>(4);
    PortfolioCosts costs;
    EvMarket ev;
    EssMarket ess;
    Credit45X credit_45x;
};

template <class V>
void visit_fields(V& v, PortfolioInput& in) {
    v.integer({"horizon_years", "Planning horizon", "years", 1.0, 30.0,
               "assumption: 10 years, about one equipment life; MODEL.md §5 allows 1-30"},
              in.horizon_years);
    v.integer({"start_year", "First plan year", "calendar year", 2000.0, 2100.0,
               "assumption: plans start in 2026 (DATA.md §8); sets the 45X phase-down"},
              in.start_year);
    v.array("lines", in.lines, [](V& w, PortfolioLine& l) { visit_fields(w, l); });
    v.object("costs", [&](V& w) { visit_fields(w, in.costs); });
    v.object("ev", [&](V& w) { visit_fields(w, in.ev); });
    v.object("ess", [&](V& w) { visit_fields(w, in.ess); });
    v.object("credit_45x", [&](V& w) { visit_fields(w, in.credit_45x); });
}

// Cross-field checks, with paths relative to the portfolio section ("lines", "ev.volume_gwh_by_year"): 1 to
// 64 lines, a horizon of 1 to 30 years, a year-by-year EV volume covering the horizon, and every number
// finite and inside its field's range (the JSON reader checks ranges too; this catches values set in code).
std::vector<FieldError> check_portfolio(const PortfolioInput& in);

// ---- the valuation context ----

// What the portfolio takes from the rest of the scenario. evaluate() fills it from the lifecycle section:
// material_cost_usd_per_kwh[c] = metal_cost_usd_per_kwh(c, market.metal_prices_usd_per_kg) (the cathode
// metals; the other materials are in PortfolioCosts) and residual_value_usd_per_kwh[c] =
// residual_value_usd_per_kwh(lifecycle input with pack.chemistry = c) (what a taken-back EV pack is worth
// today per kWh; negative when its end of life costs money).
struct PortfolioContext {
    double discount_rate = 0.08;
    std::array<double, chemistry_count> material_cost_usd_per_kwh{};
    std::array<double, chemistry_count> residual_value_usd_per_kwh{};
};

// ---- results ----

struct PortfolioYear {
    int year = 0;           // 1..T
    int calendar_year = 0;  // start_year + year − 1
    int ev_lines = 0;
    int ess_lines = 0;
    int lines_retooled = 0;  // lines that changed segment at the start of this year
    std::vector<MarketSegment> line_segments;  // per line, in input order
    double ev_gwh = 0.0;  // sold
    double ess_gwh = 0.0;
    double ev_capacity_gwh = 0.0;  // what the segment's lines could make this year (utilisation, downtime)
    double ess_capacity_gwh = 0.0;
    double ev_volume_cap_gwh = 0.0;
    double ev_price_usd_per_kwh = 0.0;
    double ess_price_usd_per_kwh = 0.0;  // clearing price of the volume sold (p0 of the year when none)
    // Price + credits − net unit cost (residual credit included for EV), averaged over the kWh sold; with
    // nothing sold, what the segment's cheapest line (or, with no lines in the segment, the cheapest line
    // of the plant) would earn on its first kWh.
    double ev_margin_usd_per_kwh = 0.0;
    double ess_margin_usd_per_kwh = 0.0;
    double ev_utilisation = 0.0;  // sold / nameplate of the segment's lines (0 with no lines)
    double ess_utilisation = 0.0;
    double utilisation = 0.0;  // all lines
    double revenue_usd = 0.0;
    double material_cost_usd = 0.0;  // metals, other materials and integration of the kWh sold
    double scrap_cost_usd = 0.0;     // cell materials of the scrapped cells (yield)
    double labour_cost_usd = 0.0;
    double fixed_cost_usd = 0.0;
    double capital_charge_usd = 0.0;  // every line's capex / depreciation years
    double retool_cost_usd = 0.0;
    double credit_45x_usd = 0.0;
    double residual_credit_usd = 0.0;
    // Revenue − materials − scrap − labour − fixed cost: the operating cash of the year, credits apart.
    double operating_cash_before_credits_usd = 0.0;
    // (Operating cash before credits − capital charge) / revenue: the gross margin before credits, as cell
    // makers report it (cost of sales includes depreciation); 0 when nothing is sold (docs/MODEL.md §5).
    double margin_before_credits = 0.0;
    double cash_flow_usd = 0.0;  // operating cash + credits − capital charge − retool
    double cash_flow_usd_per_gwh = 0.0;  // per GWh/yr of plant nameplate
};

struct PortfolioPlan {
    std::vector<PortfolioYear> years;
    double npv_usd = 0.0;
    double margin_before_credits = 0.0;  // over the plan: Σ (operating cash − capital charge) / Σ revenue
};

struct PortfolioResults {
    PortfolioPlan optimum;
    PortfolioPlan all_ev;     // every line in EV from year 1
    PortfolioPlan all_ess;    // every line in ESS from year 1
    PortfolioPlan no_switch;  // today's split kept
    PortfolioPlan best_static;  // the best split set in year 1 and kept (all_ev, all_ess, no_switch included)
    int best_static_ess_lines = 0;
    double npv_usd = 0.0;  // of the optimum
    double value_of_flexibility_usd = 0.0;  // optimum − best static, >= 0
    std::vector<int> conversion_order;  // line indices; state k = the first k of them in ESS
    std::vector<std::string> warnings;

    int year1_ess_lines() const { return optimum.years.empty() ? 0 : optimum.years.front().ess_lines; }
};

// The optimum and the baselines. Deterministic; O(T·N²·log G). Precondition: check_portfolio(in)
// is empty (evaluate() checks first); otherwise the plans are empty and the warnings hold the errors.
PortfolioResults optimise_portfolio(const PortfolioInput& in, const PortfolioContext& ctx);

// One year of a given per-line plan: `before` and `after` are each line's segment in the previous and this
// year (before = today's segments for year 1), each with one entry per line; the input must pass
// check_portfolio. Line by line, without the optimiser's tables: every reported plan goes through it, and
// the tests brute-force all plans with it.
PortfolioYear evaluate_portfolio_year(const PortfolioInput& in, const PortfolioContext& ctx, int year,
                                      const std::vector<MarketSegment>& before,
                                      const std::vector<MarketSegment>& after);

// The constants of the model that are not scenario fields (the 45X phase-down), for the Sources tab.
std::vector<SourceEntry> portfolio_constant_sources();

// A whole per-line plan: segments_by_year[t−1][i] is line i's segment in year t.
PortfolioPlan evaluate_portfolio_plan(const PortfolioInput& in, const PortfolioContext& ctx,
                                      const std::vector<std::vector<MarketSegment>>& segments_by_year);

}  // namespace packfolio
