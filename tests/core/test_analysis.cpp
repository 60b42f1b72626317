// Tornado, breakevens, decision maps and Monte Carlo (analysis.hpp) on toy models whose answers are known in
// closed form, then on the real lifecycle valuation against independent re-evaluations.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <sstream>

#include "core/analysis.hpp"
#include "core/random.hpp"
#include "core/scenario.hpp"
#include "core/scenario_analysis.hpp"

using namespace packfolio;

namespace {

// A toy model with three inputs and three outcomes:
//   alpha = 3x + y,  beta = 20 − x + 2y,  gamma = g
// x in [0, 10] (base 4), y in [1, 3] (base 2), g = 19 without a range (or a range when a test gives one).
struct Toy {
    Param x{4.0, 0.0, 10.0};
    Param y{2.0, 1.0, 3.0};
    Param g{19.0};
};

template <class V>
void visit_fields(V& v, Toy& t) {
    v.object("toy", [&](V& w) {
        w.param({"x", "x", "-", -100.0, 100.0, "test"}, t.x);
        w.param({"y", "y", "-", -100.0, 100.0, "test"}, t.y);
        w.param({"g", "g", "-", -100.0, 100.0, "test"}, t.g);
    });
}

// decision_set: which of alpha (0), beta (1), gamma (2) compete.
Objective toy_objective(const Toy& toy, std::vector<int> decision_set) {
    auto state = std::make_shared<Toy>(toy);
    Objective o;
    ParamCollector c(o.inputs);
    visit_fields(c, *state);
    o.outcome_ids = {"alpha", "beta", "gamma"};
    o.decision_set = std::move(decision_set);
    const Toy* t = state.get();
    o.evaluate = [t](double* v) {
        v[0] = 3.0 * t->x.value + t->y.value;
        v[1] = 20.0 - t->x.value + 2.0 * t->y.value;
        v[2] = t->g.value;
    };
    o.state = state;
    return o;
}

const TornadoBar& bar_for(const SensitivityResult& r, int input) {
    for (const TornadoBar& b : r.tornado)
        if (b.input == input) return b;
    FAIL("no tornado bar for input " << input);
    return r.tornado.front();
}

const InputBreakevens& breakevens_for(const SensitivityResult& r, int input) {
    for (const InputBreakevens& b : r.breakevens)
        if (b.input == input) return b;
    FAIL("no breakevens for input " << input);
    return r.breakevens.front();
}

std::vector<double> input_values(const Objective& o) {
    std::vector<double> v;
    for (const ParamRef& r : o.inputs) v.push_back(r.param->value);
    return v;
}

}  // namespace

TEST_CASE("the decision is the best outcome of the decision set, ties to the first listed", "[analysis]") {
    const Objective o = toy_objective(Toy{}, {0, 1, 2});
    const double v1[] = {17.0, 19.0, 18.0};
    Decision d = decide(o, v1);
    CHECK(d.best == 1);
    CHECK(d.next == 2);
    CHECK(d.margin == 1.0);
    const double v2[] = {5.0, 5.0, 1.0};
    d = decide(o, v2);
    CHECK(d.best == 0);
    CHECK(d.next == 1);
    CHECK(d.margin == 0.0);
    // Only gamma and alpha compete: beta's 100 does not count.
    const Objective o2 = toy_objective(Toy{}, {2, 0});
    const double v3[] = {3.0, 100.0, 4.0};
    d = decide(o2, v3);
    CHECK(d.best == 2);
    CHECK(d.next == 0);
    CHECK(d.margin == 1.0);
}

TEST_CASE("tornado swings and margins of a linear model", "[analysis]") {
    // alpha vs beta at the base (x = 4, y = 2): alpha = 14, beta = 20 → beta leads by 6.
    const Objective o = toy_objective(Toy{}, {0, 1});
    SensitivityOptions opt;
    opt.breakevens = false;
    const SensitivityResult r = run_sensitivity(o, opt);
    REQUIRE(r.complete);
    CHECK(r.base_values[0] == Approx(14.0));
    CHECK(r.base_values[1] == Approx(20.0));
    CHECK(r.base_decision.best == 1);
    CHECK(r.base_decision.margin == Approx(6.0));
    CHECK(r.watched_outcome == 1);
    // Only x and y have ranges; 1 base + 2 × 2 ends = 5 evaluations.
    REQUIRE(r.tornado.size() == 2);
    CHECK(r.evaluations == 5);
    CHECK(r.breakevens.empty());
    // beta = 20 − x + 2y: over x 0..10 it runs 24 → 14 (swing 10); over y 1..3 it runs 18 → 22 (swing 4).
    CHECK(r.tornado[0].input == 0);
    CHECK(r.tornado[1].input == 1);
    const TornadoBar& bx = r.tornado[0];
    CHECK(bx.swing == Approx(10.0));
    CHECK(bx.values_at_low[1] == Approx(24.0));
    CHECK(bx.values_at_high[1] == Approx(14.0));
    // Margin of the base decision: beta − alpha = 20 − 4x + y = 22 − 4x at y = 2: 22 at x = 0, −18 at
    // x = 10 (flipped to alpha).
    CHECK(bx.margin_at_low == Approx(22.0));
    CHECK(bx.margin_at_high == Approx(-18.0));
    CHECK(bx.margin_swing == Approx(40.0));
    CHECK(bx.decision_at_low == 1);
    CHECK(bx.decision_at_high == 0);
    const TornadoBar& by = r.tornado[1];
    CHECK(by.swing == Approx(4.0));
    // beta − alpha = 20 − 4x + y = 4 + y at x = 4: 5 at y = 1, 7 at y = 3.
    CHECK(by.margin_at_low == Approx(5.0));
    CHECK(by.margin_at_high == Approx(7.0));

    SECTION("sorted by the swing of the margin") {
        // Margin swings: 40 over x (22 → −18), 2 over y (5 → 7); add a third input z that moves only gamma,
        // which is outside the decision set: swing of beta 0, margin swing 0.
        SensitivityOptions om = opt;
        om.sort_by_margin = true;
        om.watched_outcome = 2;  // gamma: x and y do not move it, so the outcome-swing order would be input order
        Toy t3;
        t3.g = Param(19.0, 10.0, 30.0);
        const SensitivityResult rm = run_sensitivity(toy_objective(t3, {0, 1}), om);
        REQUIRE(rm.tornado.size() == 3);
        CHECK(rm.tornado[0].input == 0);
        CHECK(rm.tornado[0].margin_swing == Approx(40.0));
        CHECK(rm.tornado[1].input == 1);
        CHECK(rm.tornado[2].input == 2);
        CHECK(rm.tornado[2].swing == Approx(20.0));  // gamma 10 → 30
        CHECK(rm.tornado[2].margin_swing == 0.0);
    }
    SECTION("a watched outcome other than the decision") {
        opt.watched_outcome = 0;  // alpha = 3x + y: swing 30 over x, 2 over y
        const SensitivityResult ra = run_sensitivity(o, opt);
        CHECK(ra.tornado[0].swing == Approx(30.0));
        CHECK(ra.tornado[1].swing == Approx(2.0));
    }
    // The inputs hold their base values afterwards.
    CHECK(input_values(o) == std::vector<double>{4.0, 2.0, 19.0});
}

TEST_CASE("an input that moves only a losing outcome can flip the decision: ranked by margin and flagged",
          "[analysis]") {
    // beta leads at the base (alpha 14, beta 20, gamma 19). g moves only gamma, which loses at the base: the
    // swing of beta over g is 0, yet gamma overtakes beta above g = 20. Ranked by beta's swing, g would come
    // last; ranked by the decision margin it comes first, and it is flagged as flipping the decision.
    Toy t;
    t.g = Param(19.0, 10.0, 40.0);
    Objective o = toy_objective(t, {0, 1, 2});
    o.rank_by_margin = true;
    SensitivityOptions tornado_only;
    tornado_only.breakevens = false;
    const SensitivityResult r = run_sensitivity(o, tornado_only);
    REQUIRE(r.complete);
    CHECK(r.sorted_by_margin);
    REQUIRE(r.tornado.size() == 3);
    const TornadoBar& bg = r.tornado[0];
    CHECK(bg.input == 2);
    CHECK(bg.swing == 0.0);
    // Margin of beta over the best of alpha and gamma: 20 − 19 at g = 10 would be 20 − max(14, 10) = 6; at
    // g = 40 it is 20 − 40 = −20: a swing of 26.
    CHECK(bg.margin_at_low == Approx(6.0));
    CHECK(bg.margin_at_high == Approx(-20.0));
    CHECK(bg.margin_swing == Approx(26.0));
    CHECK(bg.flips_decision);
    // x (beta 24 → 14 against alpha 4 → 34 and gamma 19) flips too; y (beta 18 → 22, alpha 13 → 15, gamma
    // 19) flips at its low end, where gamma leads.
    CHECK(bar_for(r, 0).flips_decision);
    CHECK(bar_for(r, 1).flips_decision);
    CHECK(bar_for(r, 1).margin_at_low == Approx(-1.0));

    SECTION("an explicit order overrides the objective's") {
        SensitivityOptions by_swing = tornado_only;
        by_swing.sort_by_margin = false;
        const SensitivityResult rs = run_sensitivity(o, by_swing);
        CHECK_FALSE(rs.sorted_by_margin);
        CHECK(rs.tornado.back().input == 2);
        CHECK(rs.tornado.back().flips_decision);  // the flag does not depend on the order
    }
    SECTION("a range that stays on one side of every breakeven is not flagged") {
        Toy quiet;
        quiet.g = Param(19.0, 10.0, 19.5);
        const SensitivityResult rq = run_sensitivity(toy_objective(quiet, {0, 1, 2}), tornado_only);
        CHECK_FALSE(bar_for(rq, 2).flips_decision);
        CHECK(bar_for(rq, 2).margin_swing == Approx(5.5));  // 20 − max(14, 10) = 6 → 20 − 19.5 = 0.5
    }
}

TEST_CASE("the default decision-map axes are the inputs whose ranges cross a breakeven", "[analysis]") {
    Toy t;
    t.g = Param(19.0, 10.0, 40.0);
    Objective o = toy_objective(t, {0, 1, 2});
    o.rank_by_margin = true;
    SECTION("two inputs flip: the two largest margin swings among them") {
        // Margins of beta over the best of alpha and gamma: over g 6 → −20 (swing 26); over x 24 − 19 = 5 →
        // 14 − 32 = −18 (23); over y 18 − 19 = −1 → 22 − 19 = 3 (4). All three flip.
        const MapInputs m = default_map_inputs(run_sensitivity(o));
        CHECK(m.x == 2);
        CHECK(m.y == 0);
    }
    SECTION("one input flips: it comes first, then the largest margin swing of the rest") {
        Toy one;
        one.x = Param(4.0, 3.0, 4.5);     // beta 21 → 19.5 against alpha 11 → 15.5, gamma 19: margin 2 → 0.5
        one.y = Param(2.0, 1.9, 3.0);     // beta 19.8 → 22 against gamma 19: margin 0.8 → 3, no flip
        one.g = Param(19.0, 10.0, 40.0);  // flips
        const SensitivityResult r = run_sensitivity(toy_objective(one, {0, 1, 2}));
        const MapInputs m = default_map_inputs(r);
        CHECK(m.x == 2);
        CHECK(m.y == 1);  // margin swing 2.2 against x's 1.5
        CHECK_FALSE(bar_for(r, 0).flips_decision);
    }
    SECTION("fewer than two inputs with a range: none") {
        Toy none;
        none.x = Param(4.0);
        none.y = Param(2.0);
        const MapInputs m = default_map_inputs(run_sensitivity(toy_objective(none, {0, 1, 2})));
        CHECK(m.x == -1);
        CHECK(m.y == -1);
    }
}

TEST_CASE("breakeven of two linear outcomes, and no tie in range", "[analysis]") {
    const Objective o = toy_objective(Toy{}, {0, 1});
    const SensitivityResult r = run_sensitivity(o);
    REQUIRE(r.complete);
    REQUIRE(r.breakevens.size() == 2);
    // alpha = beta ⇔ 3x + y = 20 − x + 2y ⇔ x = 5 + y/4 = 5.5 at y = 2; beta wins below.
    const InputBreakevens& bx = breakevens_for(r, 0);
    REQUIRE(bx.status == BreakevenStatus::found);
    REQUIRE(bx.crossings.size() == 1);
    CHECK(bx.crossings[0].x == Approx(5.5).margin(1e-8));
    CHECK(bx.crossings[0].from == 1);
    CHECK(bx.crossings[0].to == 0);
    // Over y at x = 4, beta − alpha = 4 + y > 0 on [1, 3]: no tie, and no number.
    const InputBreakevens& by = breakevens_for(r, 1);
    CHECK(by.status == BreakevenStatus::no_tie_in_range);
    CHECK(by.crossings.empty());
    CHECK(input_values(o) == std::vector<double>{4.0, 2.0, 19.0});
}

TEST_CASE("two flips inside one scan segment are both found", "[analysis]") {
    // With gamma = 19 competing at y = 2: beta = 24 − x, alpha = 3x + 2.
    //   beta > gamma ⇔ x < 5;  alpha > gamma ⇔ x > 17/3 = 5.6667;  so beta → gamma at 5, gamma → alpha at 17/3.
    // One segment [0, 10] only sees beta at 0 and alpha at 10: the flips in between come from the leader chase.
    const Objective o = toy_objective(Toy{}, {0, 1, 2});
    SensitivityOptions opt;
    opt.scan_segments = 1;
    const SensitivityResult r = run_sensitivity(o, opt);
    const InputBreakevens& bx = breakevens_for(r, 0);
    REQUIRE(bx.status == BreakevenStatus::found);
    REQUIRE(bx.crossings.size() == 2);
    CHECK(bx.crossings[0].x == Approx(5.0).margin(1e-8));
    CHECK(bx.crossings[0].from == 1);
    CHECK(bx.crossings[0].to == 2);
    CHECK(bx.crossings[1].x == Approx(17.0 / 3.0).margin(1e-8));
    CHECK(bx.crossings[1].from == 2);
    CHECK(bx.crossings[1].to == 0);
}

TEST_CASE("threshold crossings of a continuous and a stepped outcome", "[analysis]") {
    // alpha = 3x + y crosses 20 at x = (20 − 2)/3 = 6 (y = 2), rising; over y at x = 4 it would need y = 8,
    // outside [1, 3]. The stepped outcome floor(x) (in place of gamma) crosses 2.5 where it jumps to 3: x = 3.
    Objective o = toy_objective(Toy{}, {0, 1});
    const Toy* t = static_cast<const Toy*>(o.state.get());
    o.evaluate = [t](double* v) {
        v[0] = 3.0 * t->x.value + t->y.value;
        v[1] = 20.0 - t->x.value + 2.0 * t->y.value;
        v[2] = std::floor(t->x.value);
    };
    o.thresholds = {{"alpha_20", 0, 20.0}, {"steps_2.5", 2, 2.5}};
    const SensitivityResult r = run_sensitivity(o);
    const InputBreakevens& bx = breakevens_for(r, 0);
    REQUIRE(bx.status == BreakevenStatus::found);
    REQUIRE(bx.level_crossings.size() == 2);
    CHECK(bx.level_crossings[0].threshold == 0);
    CHECK(bx.level_crossings[0].x == Approx(6.0).margin(1e-8));
    CHECK(bx.level_crossings[0].rising);
    CHECK(bx.level_crossings[1].threshold == 1);
    CHECK(bx.level_crossings[1].x == Approx(3.0).margin(1e-8));
    CHECK(bx.level_crossings[1].rising);
    CHECK(bx.crossings.size() == 1);  // alpha = beta at 5.5, as before
    const InputBreakevens& by = breakevens_for(r, 1);
    CHECK(by.status == BreakevenStatus::no_tie_in_range);
    CHECK(by.level_crossings.empty());

    SECTION("a falling crossing") {
        o.thresholds = {{"beta_19", 1, 19.0}};  // beta = 24 − x falls through 19 at x = 5
        const SensitivityResult rf = run_sensitivity(o);
        const InputBreakevens& b = breakevens_for(rf, 0);
        REQUIRE(b.level_crossings.size() == 1);
        CHECK(b.level_crossings[0].x == Approx(5.0).margin(1e-8));
        CHECK_FALSE(b.level_crossings[0].rising);
    }
    SECTION("a threshold must name an outcome") {
        o.thresholds = {{"bad", 7, 1.0}};
        CHECK_THROWS_AS(SensitivityJob(o), std::invalid_argument);
    }
}

TEST_CASE("breakeven of a nonlinear outcome to the requested tolerance", "[analysis]") {
    // p = x² against q = 2 on x in [0, 3]: tie at √2.
    struct S {
        Param x{1.0, 0.0, 3.0};
    };
    auto s = std::make_shared<S>();
    Objective o;
    o.inputs.push_back({"x", {"x", "x", "-", 0.0, 10.0, "test"}, &s->x});
    o.outcome_ids = {"p", "q"};
    o.decision_set = {0, 1};
    const S* sp = s.get();
    o.evaluate = [sp](double* v) {
        v[0] = sp->x.value * sp->x.value;
        v[1] = 2.0;
    };
    o.state = s;
    SensitivityOptions opt;
    opt.x_tolerance = 1e-12;
    const SensitivityResult r = run_sensitivity(o, opt);
    REQUIRE(r.breakevens[0].crossings.size() == 1);
    CHECK(std::fabs(r.breakevens[0].crossings[0].x - std::sqrt(2.0)) < 1e-11);
    // Brent needs far fewer evaluations than bisection's ~42 for 3e-12 of 3: 1 base + 5 scan + root.
    CHECK(r.evaluations < 1 + 5 + 25);
}

TEST_CASE("invalid evaluations never reach a result", "[analysis]") {
    // alpha turns NaN above x = 8: the x bar and its breakevens are flagged, the y input is unaffected.
    Objective o = toy_objective(Toy{}, {0, 1});
    const Toy* t = static_cast<const Toy*>(o.state.get());
    o.evaluate = [t](double* v) {
        v[0] = t->x.value > 8.0 ? std::numeric_limits<double>::quiet_NaN() : 3.0 * t->x.value + t->y.value;
        v[1] = 20.0 - t->x.value + 2.0 * t->y.value;
        v[2] = t->g.value;
    };
    const SensitivityResult r = run_sensitivity(o);
    CHECK_FALSE(bar_for(r, 0).valid);
    CHECK(bar_for(r, 0).values_at_low.empty());
    CHECK(breakevens_for(r, 0).status == BreakevenStatus::not_finite);
    CHECK(bar_for(r, 1).valid);
    CHECK(breakevens_for(r, 1).status == BreakevenStatus::no_tie_in_range);

    // Monte Carlo: x uniform on [0, 10] is above 8 in 20 % of the draws, which are left out.
    o.inputs[0].param->distribution = Distribution::uniform;
    const MonteCarloResult mc = run_monte_carlo(o, {20000, 7, 10});
    CHECK(mc.draws == 20000);
    CHECK(mc.valid_draws == Approx(16000).margin(300));  // binomial sd √(20000·0.2·0.8) = 57
    CHECK(mc.outcomes[0].max <= 3.0 * 8.0 + 3.0);
    for (double v : mc.samples) CHECK(std::isfinite(v));

    // A decision map over x in [0, 10] with 10 cells: centres 8.5 and 9.5 are invalid for each of 2 y cells.
    MapAxis ax{0, 0.0, 10.0, 10}, ay{1, 1.0, 3.0, 2};
    const DecisionMapResult map = run_decision_map(o, ax, ay);
    CHECK(map.invalid_cells == 4);
    CHECK(map.decision[8] == -1);
    CHECK(map.decision[19] == -1);
    CHECK(map.margin[8] == 0.0);
}

TEST_CASE("decision map cells against the hand-computed boundary", "[analysis]") {
    // alpha wins where 3x + y > 20 − x + 2y ⇔ x > 5 + y/4. x in [0, 10] with 10 cells (centres 0.5 … 9.5),
    // y in [1, 3] with 4 cells (centres 1.25, 1.75, 2.25, 2.75): the boundary 5.31 … 5.69 lies between the
    // centres 5.5 and 6.5 except for y = 1.25 and 1.75 (boundary 5.31, 5.44 < 5.5). So alpha wins at x ≥ 6.5
    // for every row, and also at x = 5.5 in the two lowest rows.
    Toy toy;
    toy.y = Param(2.0, 1.0, 3.0);
    const Objective o = toy_objective(toy, {0, 1});
    const MapAxis ax = default_axis(o, find_input(o, "toy.x"), 10);
    const MapAxis ay = default_axis(o, find_input(o, "toy.y"), 4);
    CHECK(ax.low == 0.0);
    CHECK(ax.high == 10.0);
    const DecisionMapResult m = run_decision_map(o, ax, ay);
    REQUIRE(m.complete);
    CHECK(m.evaluations == 40);
    for (int iy = 0; iy < 4; ++iy)
        for (int ix = 0; ix < 10; ++ix) {
            const std::size_t cell = static_cast<std::size_t>(iy * 10 + ix);
            const double x = 0.5 + ix, y = 1.25 + 0.5 * iy;
            const int expected = (ix >= 6 || (ix == 5 && iy <= 1)) ? 0 : 1;
            INFO("cell " << ix << "," << iy);
            CHECK(m.x_at(ix) == Approx(x));
            CHECK(m.y_at(iy) == Approx(y));
            CHECK(m.decision[cell] == expected);
            CHECK(m.values[cell * 3 + 0] == Approx(3 * x + y));
            CHECK(m.margin[cell] == Approx(std::fabs(4 * x - 20 - y)));
        }
    // The base point (4, 2) sits in cell (4, 2).
    CHECK(m.current_x == 4.0);
    CHECK(m.current_ix == 4);
    CHECK(m.current_iy == 2);
    CHECK(input_values(o) == std::vector<double>{4.0, 2.0, 19.0});

    SECTION("an input without a range maps over its field's allowed range") {
        const MapAxis ag = default_axis(o, find_input(o, "toy.g"), 8);
        CHECK(ag.low == -100.0);
        CHECK(ag.high == 100.0);
    }
}

TEST_CASE("bad map axes are reported with the input's path", "[analysis]") {
    const Objective o = toy_objective(Toy{}, {0, 1});
    auto errors = check_axes(o, {0, 0.0, 10.0, 8}, {0, 0.0, 10.0, 8});
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].path == "toy.x");
    errors = check_axes(o, {0, 0.0, 10.0, 0}, {1, 3.0, 1.0, 8});
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].message.find("1 to 1024") != std::string::npos);
    CHECK(errors[1].path == "toy.y");
    errors = check_axes(o, {0, -200.0, 10.0, 8}, {7, 1.0, 3.0, 8});
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].message.find("-100 to 100") != std::string::npos);
    CHECK(errors[1].message.find("not an input") != std::string::npos);
    CHECK_THROWS_AS(DecisionMapJob(o, {0, 0.0, 10.0, 8}, {0, 0.0, 10.0, 8}), std::invalid_argument);
}

TEST_CASE("the generator reproduces the reference streams", "[analysis]") {
    // SplitMix64 from state 0: first output 0xE220A8397B1DCDAF (Vigna's reference splitmix64.c).
    std::uint64_t state = 0;
    CHECK(splitmix64(state) == 0xE220A8397B1DCDAFull);
    // xoshiro256** seeded by four SplitMix64 outputs from 42, checked against an independent Python
    // transcription of xoshiro256starstar.c: 0x15780b2e0c2ec716, 0x6104d9866d113a7e, 0xae17533239e499a1.
    Rng rng(42);
    CHECK(rng.next() == 0x15780b2e0c2ec716ull);
    CHECK(rng.next() == 0x6104d9866d113a7eull);
    CHECK(rng.next() == 0xae17533239e499a1ull);
    // uniform01 of the next output: (top 53 bits + 1/2) / 2^53, never 0 or 1.
    Rng r2(42);
    CHECK(r2.uniform01() == Approx(0.08386297105988222).epsilon(1e-15));
}

TEST_CASE("normal quantile and the inverse-CDF sampling of each distribution", "[analysis]") {
    // Reference values from Python's statistics.NormalDist().inv_cdf.
    CHECK(normal_quantile(0.975) == Approx(1.9599639845400536).epsilon(1e-14));
    CHECK(normal_quantile(0.05) == Approx(-1.6448536269514726).epsilon(1e-14));
    CHECK(normal_quantile(1e-10) == Approx(-6.361340902404056).epsilon(1e-12));
    CHECK(normal_quantile(0.99999) == Approx(4.26489079392384).epsilon(1e-12));
    CHECK(std::fabs(normal_quantile(0.5)) < 1e-15);

    const FieldSpec spec{"k", "k", "-", 0.0, 100.0, "test"};
    // Triangular (1, mode 2, 6): F(mode) = (2 − 1)/(6 − 1) = 0.2, so u = 0.2 gives the mode;
    // u = 0.05 → 1 + √(0.05·5·1) = 1.5; u = 0.95 → 6 − √(0.05·5·4) = 5.
    const Param tri(2.0, 1.0, 6.0, Distribution::triangular);
    CHECK(sample_param(tri, spec, 0.2) == Approx(2.0));
    CHECK(sample_param(tri, spec, 0.05) == Approx(1.5));
    CHECK(sample_param(tri, spec, 0.95) == Approx(5.0));
    const Param uni(2.0, 1.0, 3.0, Distribution::uniform);
    CHECK(sample_param(uni, spec, 0.25) == Approx(1.5));
    // Normal: low/high are ±2σ, so (8, 10, 12) has σ = 1; u = 0.975 of the slice inside [0, 100] is ~1.96σ.
    const Param nor(10.0, 8.0, 12.0, Distribution::normal);
    CHECK(sample_param(nor, spec, 0.975) == Approx(10.0 + 1.9599639845400536).epsilon(1e-9));
    // Fixed, or no range: the value.
    CHECK(sample_param(Param(10.0, 8.0, 12.0, Distribution::fixed), spec, 0.9) == 10.0);
    CHECK(sample_param(Param(7.0), spec, 0.9) == 7.0);
    // An excluded minimum is never drawn, however far the normal reaches.
    const FieldSpec positive{"k", "k", "-", 0.0, 100.0, "test", true};
    const Param wide(0.5, 0.01, 20.0, Distribution::normal);
    CHECK(sample_param(wide, positive, 1e-300) > 0.0);
    CHECK(sample_param(wide, positive, 1.0 - 1e-16) <= 100.0);
}

TEST_CASE("Monte Carlo moments match the distributions in closed form", "[analysis]") {
    // Three independent single-input toys read off one objective: outcome k = input k.
    struct S {
        Param tri{2.0, 1.0, 6.0, Distribution::triangular};
        Param uni{2.0, 1.0, 3.0, Distribution::uniform};
        Param nor{10.0, 8.0, 12.0, Distribution::normal};
        Param cut{10.0, 8.0, 12.0, Distribution::normal};
    };
    auto s = std::make_shared<S>();
    Objective o;
    o.inputs.push_back({"tri", {"tri", "", "-", 0.0, 100.0, "test"}, &s->tri});
    o.inputs.push_back({"uni", {"uni", "", "-", 0.0, 100.0, "test"}, &s->uni});
    o.inputs.push_back({"nor", {"nor", "", "-", 0.0, 100.0, "test"}, &s->nor});
    o.inputs.push_back({"cut", {"cut", "", "-", 9.5, 100.0, "test"}, &s->cut});  // truncated at 9.5
    o.outcome_ids = {"tri", "uni", "nor", "cut", "quarter"};
    o.decision_set = {1, 4};
    const S* sp = s.get();
    o.evaluate = [sp](double* v) {
        v[0] = sp->tri.value;
        v[1] = sp->uni.value;
        v[2] = sp->nor.value;
        v[3] = sp->cut.value;
        v[4] = 2.5;  // uni beats 2.5 with probability (3 − 2.5)/2 = 0.25
    };
    o.state = s;
    const int n = 200000;
    const MonteCarloResult r = run_monte_carlo(o, {n, 12345, 50});
    REQUIRE(r.complete);
    REQUIRE(r.valid_draws == n);
    CHECK(r.sampled_inputs == std::vector<int>{0, 1, 2, 3});
    // Triangular (a, c, b) = (1, 2, 6): mean (a + b + c)/3 = 3; variance (a²+b²+c²−ab−ac−bc)/18 = 21/18;
    // quantiles from F: p5 = 1.5, p50 = 6 − √10 = 2.8377, p95 = 5. Standard error of the mean 1.08/√2e5 = 0.0024.
    const OutcomeStats& t = r.outcomes[0];
    CHECK(t.mean == Approx(3.0).margin(0.01));
    CHECK(t.sd == Approx(std::sqrt(21.0 / 18.0)).margin(0.01));
    CHECK(t.p5 == Approx(1.5).margin(0.01));
    CHECK(t.p50 == Approx(6.0 - std::sqrt(10.0)).margin(0.01));
    CHECK(t.p95 == Approx(5.0).margin(0.02));
    CHECK(t.min >= 1.0);
    CHECK(t.max <= 6.0);
    // Uniform [1, 3]: mean 2, sd 2/√12 = 0.5774, p5 = 1.1.
    CHECK(r.outcomes[1].mean == Approx(2.0).margin(0.005));
    CHECK(r.outcomes[1].sd == Approx(2.0 / std::sqrt(12.0)).margin(0.005));
    CHECK(r.outcomes[1].p5 == Approx(1.1).margin(0.01));
    // Normal (10, σ = 1): p5 = 10 − 1.6449, p95 = 10 + 1.6449.
    CHECK(r.outcomes[2].mean == Approx(10.0).margin(0.01));
    CHECK(r.outcomes[2].sd == Approx(1.0).margin(0.01));
    CHECK(r.outcomes[2].p5 == Approx(8.3551).margin(0.02));
    CHECK(r.outcomes[2].p95 == Approx(11.6449).margin(0.02));
    // Truncated below at α = −0.5σ: mean μ + σ·φ(α)/(1 − Φ(α)) = 10 + 0.35207/0.69146 = 10.50916.
    CHECK(r.outcomes[3].mean == Approx(10.50916).margin(0.01));
    CHECK(r.outcomes[3].min >= 9.5);
    // P(uni > 2.5) = 0.25 (sd √(0.25·0.75/2e5) = 0.001); uni is the decision in the same draws.
    CHECK(probability_greater(r, 1, 4) == Approx(0.25).margin(0.005));
    CHECK(r.outcomes[1].times_best == Approx(0.25 * n).margin(0.005 * n));
    CHECK(r.outcomes[1].times_best + r.outcomes[4].times_best == n);
    CHECK(r.outcomes[0].times_best == 0);
    // Histograms: 50 bins from min to max holding every draw; a constant has one bin.
    for (int k = 0; k < 4; ++k) {
        const OutcomeStats& st = r.outcomes[static_cast<std::size_t>(k)];
        REQUIRE(st.counts.size() == 50);
        REQUIRE(st.edges.size() == 51);
        CHECK(st.edges.front() == st.min);
        CHECK(st.edges.back() == st.max);
        int total = 0;
        for (int c : st.counts) total += c;
        CHECK(total == n);
    }
    CHECK(r.outcomes[4].counts == std::vector<int>{n});
    CHECK(r.outcomes[4].sd == 0.0);
    // Inputs back at base.
    CHECK(s->tri.value == 2.0);
    CHECK(s->nor.value == 10.0);
}

TEST_CASE("Monte Carlo is reproducible for a seed", "[analysis]") {
    const Objective o = toy_objective(Toy{}, {0, 1});
    const MonteCarloResult a = run_monte_carlo(o, {500, 99, 20});
    const MonteCarloResult b = run_monte_carlo(o, {500, 99, 20});
    const MonteCarloResult c = run_monte_carlo(o, {500, 100, 20});
    CHECK(a.samples == b.samples);
    CHECK(a.outcomes[0].counts == b.outcomes[0].counts);
    CHECK(a.samples != c.samples);
    // The first draw is the toy at x = tri(0, 4, 10) and y = tri(1, 2, 3) from the first two uniforms of seed 99.
    Rng rng(99);
    const double x = sample_param(Param(4.0, 0.0, 10.0), {"x", "", "", -100, 100}, rng.uniform01());
    const double y = sample_param(Param(2.0, 1.0, 3.0), {"y", "", "", -100, 100}, rng.uniform01());
    CHECK(a.samples[0] == 3.0 * x + y);
    CHECK(a.samples[1] == 20.0 - x + 2.0 * y);
}

TEST_CASE("slicing gives the same answer as one shot, and cancel restores the inputs", "[analysis]") {
    const Objective o = toy_objective(Toy{}, {0, 1, 2});

    const SensitivityResult whole = run_sensitivity(o);
    SensitivityJob sj(o);
    double last = 0.0;
    int slices = 0;
    while (!sj.done()) {
        const double p = sj.step(1);
        CHECK(p >= last);
        CHECK(p <= 1.0);
        last = p;
        ++slices;
        CHECK(input_values(o) == std::vector<double>{4.0, 2.0, 19.0});
    }
    CHECK(slices == 2);  // one input per slice at a budget of one evaluation
    CHECK(last == 1.0);
    REQUIRE(sj.result().complete);
    CHECK(sj.result().evaluations == whole.evaluations);
    REQUIRE(sj.result().breakevens.size() == whole.breakevens.size());
    for (std::size_t i = 0; i < whole.breakevens.size(); ++i)
        REQUIRE(sj.result().breakevens[i].crossings.size() == whole.breakevens[i].crossings.size());
    CHECK(sj.result().breakevens[0].crossings[1].x == whole.breakevens[0].crossings[1].x);

    const MapAxis ax{0, 0.0, 10.0, 9}, ay{1, 1.0, 3.0, 7};
    const DecisionMapResult map = run_decision_map(o, ax, ay);
    DecisionMapJob mj(o, ax, ay);
    while (!mj.done()) mj.step(5);
    CHECK(mj.result().decision == map.decision);
    CHECK(mj.result().values == map.values);

    const MonteCarloResult mc = run_monte_carlo(o, {1000, 3, 10});
    MonteCarloJob cj(o, {1000, 3, 10});
    while (!cj.done()) cj.step(37);
    CHECK(cj.result().samples == mc.samples);
    CHECK(cj.result().outcomes[1].p95 == mc.outcomes[1].p95);

    SECTION("cancel") {
        MonteCarloJob job(o, {1000, 3, 10});
        CHECK(job.step(100) == Approx(0.1));
        job.cancel();
        CHECK(job.done());
        CHECK_FALSE(job.result().complete);
        CHECK(job.step(100) == Approx(0.1));  // nothing more runs
        CHECK(job.result().draws == 100);
        CHECK(input_values(o) == std::vector<double>{4.0, 2.0, 19.0});

        DecisionMapJob m(o, ax, ay);
        m.step(10);
        m.cancel();
        CHECK(m.done());
        CHECK_FALSE(m.result().complete);
        CHECK(m.result().evaluations == 10);
        CHECK(input_values(o) == std::vector<double>{4.0, 2.0, 19.0});

        SensitivityJob s(o);
        s.step(1);
        s.cancel();
        CHECK(s.done());
        CHECK_FALSE(s.result().complete);
        CHECK(s.progress() == Approx(0.5));
    }
}

// ---- the real lifecycle valuation ----

TEST_CASE("lifecycle objective: outcomes, decision and inputs match evaluate_lifecycle", "[analysis]") {
    const LifecycleInput in;
    const Objective o = lifecycle_objective(in);
    const LifecycleResults direct = evaluate_lifecycle(in);
    std::vector<double> v(o.outcome_ids.size());
    REQUIRE(evaluate_checked(o, v.data()));
    REQUIRE(o.outcome_ids.size() == 5);
    for (std::size_t i = 0; i < 5; ++i) {
        CHECK(o.outcome_ids[i] == direct.routes[i].id);
        CHECK(v[i] == direct.routes[i].npv_usd);
    }
    const Decision d = decide(o, v.data());
    CHECK(o.outcome_ids[static_cast<std::size_t>(d.best)] == direct.best_route);
    CHECK(o.outcome_ids[static_cast<std::size_t>(d.next)] == direct.next_best_route);
    CHECK(d.margin == Approx(direct.margin_usd));
    // The public scenario paths are inputs.
    for (const char* path : {"pack.nominal_kwh", "first_life.retirement_soh", "market.discount_rate",
                             "market.metal_prices_usd_per_kg.lithium_carbonate", "market.metal_prices_usd_per_kg.nickel",
                             "market.metal_prices_usd_per_kg.cobalt"})
        CHECK(find_input(o, path) >= 0);
    CHECK(find_input(o, "pack.chemistry") == -1);  // a choice, not a number
}

TEST_CASE("lifecycle sensitivity agrees with direct re-evaluation", "[analysis]") {
    LifecycleInput in;
    // A capacity value up to 1000 $/kW-yr (data-centre demand charges are 180-240 [DC]) makes the second
    // life win at the top of the range whatever the other defaults (with new storage dear enough, $600/kWh,
    // that its price does not cap the second life's revenue): at least one flip to check.
    in.second_life.capacity_value_usd_per_kw_year = Param(23.0, 0.0, 1000.0);
    in.market.new_ess_system_price_usd_per_kwh = 600.0;
    const Objective o = lifecycle_objective(in);
    const SensitivityResult r = run_sensitivity(o);
    REQUIRE(r.complete);
    int ranged = 0;
    for (const ParamRef& ref : o.inputs) ranged += ref.param->has_range() ? 1 : 0;
    CHECK(static_cast<int>(r.tornado.size()) == ranged);
    // The lifecycle tornado ranks by what moves the decision.
    CHECK(r.sorted_by_margin);
    for (std::size_t i = 1; i < r.tornado.size(); ++i) CHECK(r.tornado[i - 1].margin_swing >= r.tornado[i].margin_swing);

    // Property: a higher lithium carbonate price never lowers recycle_now.
    const int li = find_input(o, "market.metal_prices_usd_per_kg.lithium_carbonate");
    const TornadoBar& bar = bar_for(r, li);
    const auto recycle = static_cast<std::size_t>(RouteId::recycle_now);
    CHECK(bar.values_at_high[recycle] >= bar.values_at_low[recycle]);
    // The tornado's end values are those of the lifecycle evaluated at that price.
    LifecycleInput high = in;
    high.market.metal_prices_usd_per_kg.lithium_carbonate.value = in.market.metal_prices_usd_per_kg.lithium_carbonate.high;
    CHECK(bar.values_at_high[recycle] == evaluate_lifecycle(high).route(RouteId::recycle_now).npv_usd);

    // Every breakeven found is a real flip: just below it one route wins, just above it the other.
    int found = 0;
    for (const InputBreakevens& be : r.breakevens) {
        CHECK(be.status != BreakevenStatus::not_finite);
        for (const Crossing& c : be.crossings) {
            ++found;
            const ParamRef& ref = o.inputs[static_cast<std::size_t>(be.input)];
            INFO(ref.path << " flips at " << c.x);
            const double delta = 1e-6 * (be.high - be.low);
            const double below = c.x - delta, above = c.x + delta;
            LifecycleInput copy = in;
            Objective probe = lifecycle_objective(copy);
            Param* p = probe.inputs[static_cast<std::size_t>(be.input)].param;
            p->value = std::max(below, be.low);
            std::vector<double> v(5);
            REQUIRE(evaluate_checked(probe, v.data()));
            if (below >= be.low) CHECK(decide(probe, v.data()).best == c.from);
            p->value = std::min(above, be.high);
            REQUIRE(evaluate_checked(probe, v.data()));
            if (above <= be.high) CHECK(decide(probe, v.data()).best == c.to);
            CHECK(c.x >= be.low);
            CHECK(c.x <= be.high);
        }
    }
    const InputBreakevens& cap = breakevens_for(r, find_input(o, "second_life.capacity_value_usd_per_kw_year"));
    REQUIRE(cap.status == BreakevenStatus::found);
    CHECK(o.outcome_ids[static_cast<std::size_t>(cap.crossings.back().to)] == "second_life");
    CHECK(found > 0);
    // Inputs untouched.
    const Objective fresh = lifecycle_objective(in);
    CHECK(input_values(o) == input_values(fresh));
}

TEST_CASE("lifecycle tornado: the remanufacture price flips the decision and ranks by the margin it moves",
          "[analysis]") {
    // The sale price factor moves the remanufacture route only. Over 0 to 2 (its whole allowed range) a
    // remanufactured pack goes from worthless to twice a new pack's price: the decision must flip inside the
    // range whatever the rest of the model says, and the base decision's NPV must not move.
    LifecycleInput in;
    in.remanufacture.price_factor = Param(0.05, 0.0, 2.0);
    const Objective o = lifecycle_objective(in);
    const SensitivityResult r = run_sensitivity(o);
    REQUIRE(r.complete);
    CHECK(r.sorted_by_margin);
    const int pf = find_input(o, "remanufacture.price_factor");
    REQUIRE(o.outcome_ids[static_cast<std::size_t>(r.base_decision.best)] != "remanufacture");
    const TornadoBar& bar = bar_for(r, pf);
    CHECK(bar.swing == 0.0);
    CHECK(bar.flips_decision);
    CHECK(bar.margin_swing > 0.0);
    CHECK(o.outcome_ids[static_cast<std::size_t>(bar.decision_at_high)] == "remanufacture");
    CHECK(r.tornado.front().input == pf);  // the widest margin swing of the default inputs
    CHECK(breakevens_for(r, pf).status == BreakevenStatus::found);
    // Every input with a breakeven inside its range is flagged, and the map's default axes flip.
    for (const InputBreakevens& be : r.breakevens)
        if (!be.crossings.empty()) CHECK(bar_for(r, be.input).flips_decision);
    const MapInputs m = default_map_inputs(r);
    REQUIRE(m.x >= 0);
    CHECK(m.x == pf);
    int flipping = 0;
    for (const TornadoBar& b : r.tornado) flipping += b.flips_decision ? 1 : 0;
    if (flipping >= 2) CHECK(bar_for(r, m.y).flips_decision);
    // JSON: the flag per bar and the default axes.
    const nlohmann::json j = tornado_json(o, r);
    CHECK(j["sorted_by"] == "margin_swing");
    CHECK(j["bars"][0]["input"] == "remanufacture.price_factor");
    CHECK(j["bars"][0]["flips_decision"] == true);
    CHECK(j["default_map_axes"][0] == "remanufacture.price_factor");
}

TEST_CASE("lifecycle decision map and Monte Carlo", "[analysis]") {
    const LifecycleInput in;
    const Objective o = lifecycle_objective(in);
    const int soh = find_input(o, "first_life.retirement_soh");
    const int li = find_input(o, "market.metal_prices_usd_per_kg.lithium_carbonate");
    const DecisionMapResult m = run_decision_map(o, default_axis(o, soh, 6), default_axis(o, li, 5));
    REQUIRE(m.complete);
    CHECK(m.invalid_cells == 0);
    // Cell (2, 3) against a direct evaluation at its centre.
    LifecycleInput at = in;
    at.first_life.retirement_soh.value = m.x_at(2);
    at.market.metal_prices_usd_per_kg.lithium_carbonate.value = m.y_at(3);
    const LifecycleResults direct = evaluate_lifecycle(at);
    const std::size_t cell = 3 * 6 + 2;
    CHECK(o.outcome_ids[static_cast<std::size_t>(m.decision[cell])] == direct.best_route);
    CHECK(m.margin[cell] == Approx(direct.margin_usd));
    // The current point (0.75, 10 $/kg) is in column floor((0.75 − 0.70)/0.10·6) = 3, row floor(0.4/12.4·5) = 0.
    CHECK(m.current_ix == 3);
    CHECK(m.current_iy == 0);

    const MonteCarloResult mc = run_monte_carlo(o, {400, 2025, 20});
    REQUIRE(mc.complete);
    CHECK(mc.valid_draws == 400);
    const auto sl = static_cast<int>(RouteId::second_life), rn = static_cast<int>(RouteId::recycle_now);
    const double p = probability_greater(mc, sl, rn);
    CHECK(p >= 0.0);
    CHECK(p <= 1.0);
    for (const OutcomeStats& s : mc.outcomes) {
        CHECK(s.p5 <= s.p50);
        CHECK(s.p50 <= s.p95);
        CHECK(s.min <= s.p5);
        CHECK(s.p95 <= s.max);
    }
    // Every draw stays inside each input's allowed range: re-draw the first few with the same seed and check.
    Rng rng(2025);
    for (int draw = 0; draw < 50; ++draw)
        for (int i : mc.sampled_inputs) {
            const ParamRef& ref = o.inputs[static_cast<std::size_t>(i)];
            CHECK(in_range(ref.spec, sample_param(*ref.param, ref.spec, rng.uniform01())));
        }
}

// ---- JSON and CSV ----

namespace {

std::size_t count_lines(const std::string& s) {
    std::size_t n = 0;
    for (char c : s) n += c == '\n' ? 1 : 0;
    return n;
}

}  // namespace

TEST_CASE("analysis results as JSON and CSV", "[analysis]") {
    Objective o = toy_objective(Toy{}, {0, 1});
    o.thresholds = {{"alpha_20", 0, 20.0}};
    const SensitivityResult r = run_sensitivity(o);

    const nlohmann::json t = tornado_json(o, r);
    CHECK(t["watched_outcome"] == "beta");
    CHECK(t["base"]["best"] == "beta");
    CHECK(t["base"]["values"]["alpha"] == Approx(14.0));
    REQUIRE(t["bars"].size() == 2);
    CHECK(t["bars"][0]["input"] == "toy.x");
    CHECK(t["bars"][0]["swing"] == Approx(10.0));
    CHECK(t["bars"][0]["decision_at_high"] == "alpha");
    CHECK(t["bars"][0]["values_at_low"]["beta"] == Approx(24.0));

    const nlohmann::json b = breakevens_json(o, r);
    REQUIRE(b["inputs"].size() == 2);
    CHECK(b["inputs"][0]["status"] == "found");
    CHECK(b["inputs"][0]["crossings"][0]["x"] == Approx(5.5));
    CHECK(b["inputs"][0]["crossings"][0]["from"] == "beta");
    CHECK(b["inputs"][0]["thresholds"][0]["crossings"][0]["x"] == Approx(6.0));
    CHECK(b["inputs"][0]["thresholds"][0]["crossings"][0]["direction"] == "rising");
    // No tie: a status and an empty list, never a number.
    CHECK(b["inputs"][1]["status"] == "no_tie_in_range");
    CHECK(b["inputs"][1]["crossings"].empty());
    CHECK(b["inputs"][1]["thresholds"][0]["status"] == "no_tie_in_range");

    const std::string tc = tornado_csv(o, r);
    CHECK(tc.rfind("input,unit,low,high,outcome,", 0) == 0);
    CHECK(count_lines(tc) == 3);
    CHECK(tc.find("toy.x,-,0,10,beta,24,14,10,22,-18,beta,alpha,40,1\n") != std::string::npos);
    CHECK(tc.find("toy.y,-,1,3,beta,18,22,4,5,7,beta,beta,2,0\n") != std::string::npos);
    CHECK(t["sorted_by"] == "swing");
    CHECK(t["bars"][0]["flips_decision"] == true);
    CHECK(t["bars"][1]["flips_decision"] == false);
    CHECK(t["default_map_axes"] == nlohmann::json::array({"toy.x", "toy.y"}));
    const std::string bc = breakevens_csv(o, r);
    CHECK(bc.find("toy.x,-,0,10,decision,,found,5.5") != std::string::npos);
    CHECK(bc.find("toy.x,-,0,10,threshold,alpha_20,found,6") != std::string::npos);
    CHECK(bc.find("toy.y,-,1,3,decision,,no_tie_in_range,,,\n") != std::string::npos);

    const DecisionMapResult m = run_decision_map(o, {0, 0.0, 10.0, 4}, {1, 1.0, 3.0, 3});
    const nlohmann::json mj = decision_map_json(o, m);
    CHECK(mj["x"]["input"] == "toy.x");
    CHECK(mj["x"]["centres"].size() == 4);
    CHECK(mj["decision"].size() == 12);
    CHECK(mj["values"]["alpha"].size() == 12);
    CHECK(mj["current"]["ix"] == 1);  // x = 4 in [2.5, 5)
    const std::string mc = decision_map_csv(o, m);
    CHECK(count_lines(mc) == 13);
    CHECK(mc.rfind("x,y,ix,iy,current,decision,margin,alpha,beta,gamma\n", 0) == 0);

    const MonteCarloResult mcr = run_monte_carlo(o, {100, 5, 10});
    const nlohmann::json mcj = monte_carlo_json(o, mcr);
    CHECK(mcj["seed"] == 5);
    CHECK(mcj["valid_draws"] == 100);
    CHECK(mcj["outcomes"][0]["histogram"]["counts"].size() == 10);
    REQUIRE(mcj["p_greater"].size() == 2);  // alpha>beta and beta>alpha
    CHECK(mcj["p_greater"][0]["p"].get<double>() + mcj["p_greater"][1]["p"].get<double>() == Approx(1.0));
    const std::string mcc = monte_carlo_csv(o, mcr);
    // header + 3 outcomes × 8 statistics + 10 + 10 bins (gamma is the constant 19: one bin) + 2 pairs
    CHECK(count_lines(mcc) == 1 + 3 * 8 + 10 + 10 + 1 + 2);
}

TEST_CASE("every preset can be analysed", "[analysis]") {
    int presets = 0;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(PACKFOLIO_SOURCE_DIR) + "/presets")) {
        if (entry.path().extension() != ".json") continue;
        ++presets;
        INFO(entry.path().filename().string());
        std::ifstream f(entry.path());
        std::stringstream text;
        text << f.rdbuf();
        const ParsedScenario parsed = parse_scenario(text.str());
        REQUIRE(parsed.ok());
        const Objective o = lifecycle_objective(parsed.scenario.lifecycle);
        const SensitivityResult r = run_sensitivity(o);
        CHECK(r.complete);
        for (const TornadoBar& b : r.tornado) CHECK(b.valid);
        for (const InputBreakevens& be : r.breakevens) CHECK(be.status != BreakevenStatus::not_finite);
        const MonteCarloResult mc = run_monte_carlo(o, {200, 1, 20});
        CHECK(mc.valid_draws == 200);
    }
    CHECK(presets > 0);
}
