// NPV, LCOS and root finding against hand-computed numbers (MODEL.md §3).
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "core/finance.hpp"

using namespace packfolio;

TEST_CASE("NPV with end-of-year and mid-year timing", "[finance]") {
    const std::vector<double> cash = {-1000, 300, 400, 500};
    // End of year, 10 %: -1000 + 300/1.1 + 400/1.21 + 500/1.331
    //   = -1000 + 272.7272727 + 330.5785124 + 375.6574005 = -21.0368144
    CHECK(npv(cash, 0.10) == Approx(-21.0368144252).margin(1e-9));
    // Mid-year: years 1..3 each arrive half a year earlier, × 1.1^0.5 = 1.0488088:
    //   -1000 + 978.9631856 × 1.0488088 = 26.7452511
    CHECK(npv(cash, 0.10, CashTiming::mid_year) == Approx(26.7452510636).margin(1e-9));
    // A zero rate is the plain sum; an empty vector is worth nothing.
    CHECK(npv(cash, 0.0) == Approx(200.0));
    CHECK(npv({}, 0.08) == 0.0);
}

TEST_CASE("NPV falls as the rate rises for a project that earns later", "[finance]") {
    const std::vector<double> cash = {-100, 0, 0, 0, 0, 160};
    double previous = npv(cash, 0.0);
    for (double r = 0.01; r <= 0.20; r += 0.01) {
        const double v = npv(cash, r);
        CHECK(v < previous);
        previous = v;
    }
}

TEST_CASE("cash at a fractional time is valued exactly", "[finance]") {
    std::vector<double> cash = {0.0};
    add_cash_at(cash, 2.5, 100.0, 0.10);
    REQUIRE(cash.size() == 4);
    // Lands at the end of year 3, carried forward half a year: 100 × 1.1^0.5 = 104.8808848
    CHECK(cash[3] == Approx(104.880884817).margin(1e-8));
    // ... so the NPV is 100 / 1.1^2.5 = 78.7986
    CHECK(npv(cash, 0.10) == Approx(100.0 / std::pow(1.1, 2.5)).epsilon(1e-12));
    add_cash_at(cash, 0.0, -10.0, 0.10);
    add_cash_at(cash, 2.0, 5.0, 0.10);  // an integer time is not carried
    CHECK(cash[0] == -10.0);
    CHECK(cash[2] == 5.0);
}

TEST_CASE("LCOS by hand", "[finance]") {
    // capex 1000 $, two years of O&M 10 $ and charging 20 $, 100 kWh discharged a year, end-of-life cost
    // 50 $ in year 3, at 10 %:
    //   cost   = 1000 + 30/1.1 + 30/1.21 + 50/1.331 = 1000 + 27.2727 + 24.7934 + 37.5657 = 1089.6318557 $
    //   energy = 100/1.1 + 100/1.21 = 173.5537190 kWh
    //   LCOS   = 1089.6318557 / 173.5537190 × 1000 = 6278.354978 $/MWh
    LcosTerms t;
    t.capex_usd = 1000;
    t.om_usd = {10, 10};
    t.charging_usd = {20, 20};
    t.discharged_kwh = {100, 100};
    t.end_of_life_cost_usd = 50;
    const auto lcos = lcos_usd_per_mwh(t, 0.10);
    REQUIRE(lcos.has_value());
    CHECK(*lcos == Approx(6278.354978355).margin(1e-6));
    // A recycling income lowers it: -50 instead of +50 takes 2 × 37.5657 off the cost.
    t.end_of_life_cost_usd = -50;
    CHECK(*lcos_usd_per_mwh(t, 0.10) == Approx((1089.6318557476 - 2 * 50 / 1.331) / 173.5537190083 * 1000));
    // No energy, no LCOS.
    t.discharged_kwh = {0, 0};
    CHECK_FALSE(lcos_usd_per_mwh(t, 0.10).has_value());
}

TEST_CASE("Brent finds known roots", "[finance]") {
    auto sq = brent_root([](double x) { return x * x - 2.0; }, 0.0, 2.0, 1e-12);
    REQUIRE(sq.status == RootStatus::found);
    CHECK(sq.x == Approx(std::sqrt(2.0)).epsilon(1e-11));
    CHECK(sq.evaluations < 20);
    // The Dottie number: cos x = x at 0.739085133215161.
    auto dottie = brent_root([](double x) { return std::cos(x) - x; }, 0.0, 1.0, 1e-12);
    REQUIRE(dottie.status == RootStatus::found);
    CHECK(dottie.x == Approx(0.739085133215161).epsilon(1e-11));
    // A root at an end is returned as is.
    auto end = brent_root([](double x) { return x - 1.0; }, 0.0, 1.0, 1e-12);
    REQUIRE(end.status == RootStatus::found);
    CHECK(end.x == 1.0);
    // A jump: the sign change is located to the tolerance.
    auto jump = brent_root([](double x) { return x < 0.3 ? -1.0 : 2.0; }, 0.0, 1.0, 1e-9);
    REQUIRE(jump.status == RootStatus::found);
    CHECK(jump.x == Approx(0.3).margin(1e-8));
}

TEST_CASE("no root in range is reported, never a number", "[finance]") {
    auto none = brent_root([](double x) { return x * x + 1.0; }, -3.0, 3.0, 1e-9);
    CHECK(none.status == RootStatus::no_root_in_range);
    // Two roots inside, same sign at both ends: Brent alone cannot see them ...
    auto two = [](double x) { return (x - 0.3) * (x - 0.7); };
    CHECK(brent_root(two, 0.0, 1.0, 1e-9).status == RootStatus::no_root_in_range);
    // ... the scan finds the first one.
    auto scanned = find_root_in_range(two, 0.0, 1.0, 10, 1e-12);
    REQUIRE(scanned.status == RootStatus::found);
    CHECK(scanned.x == Approx(0.3).epsilon(1e-10));
    CHECK(find_root_in_range([](double) { return 1.0; }, 0.0, 1.0, 16, 1e-9).status ==
          RootStatus::no_root_in_range);
    auto nan = brent_root([](double) { return std::numeric_limits<double>::quiet_NaN(); }, 0.0, 1.0, 1e-9);
    CHECK(nan.status == RootStatus::not_finite);
}
