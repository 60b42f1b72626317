// Incremental evaluation (docs/MODEL.md §4.9): LifecycleEvaluator reuses the fade stages whose inputs are
// unchanged. Two properties, on every preset:
//   - the dependency table is the truth: moving one input reruns exactly the stages fade_stage_inputs lists
//     for it, and reuses every other stage that runs;
//   - reuse changes nothing: every route NPV equals evaluate_lifecycle's, bit for bit, over a decision-map
//     walk (hits and misses interleaved) and a seeded Monte Carlo.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "core/analysis.hpp"
#include "core/lifecycle.hpp"
#include "preset_file.hpp"

using namespace packfolio;

namespace {

std::vector<double> npvs(const LifecycleResults& r) {
    std::vector<double> out;
    for (const RouteResult& route : r.routes) out.push_back(route.npv_usd);
    return out;
}

// Stages run in an evaluation, and of those the ones computed: the counts' growth over one evaluation.
struct StageRuns {
    std::array<bool, fade_stage_count> ran{}, computed{};
};

StageRuns runs_of(LifecycleEvaluator& ev, const LifecycleInput& in) {
    const FadeStageCounts before = ev.counts();
    ev.evaluate(in, LifecycleDetail::routes);
    const FadeStageCounts& after = ev.counts();
    StageRuns r;
    for (std::size_t s = 0; s < fade_stage_count; ++s) {
        r.computed[s] = after.computed[s] > before.computed[s];
        r.ran[s] = r.computed[s] || after.reused[s] > before.reused[s];
    }
    return r;
}

// A valid move of the input: 1 % of its range (its low-high range, else its value, else its allowed span),
// up unless that leaves the range or breaks a cross-field check, then down. False when neither is valid.
bool move_input(const ParamRef& ref, LifecycleInput& in) {
    Param& p = *ref.param;
    const double x0 = p.value;
    const double lo = p.has_range() ? p.low : ref.spec.min, hi = p.has_range() ? p.high : ref.spec.max;
    const double span = p.has_range() ? p.high - p.low : std::fabs(x0) > 0.0 ? std::fabs(x0) : 0.01 * (hi - lo);
    for (double dir : {1.0, -1.0}) {
        const double x = x0 + dir * 0.01 * span;
        if (x < lo || x > hi || !in_range(ref.spec, x) || x == x0) continue;
        p.value = x;
        if (check_lifecycle(in).empty()) return true;
    }
    p.value = x0;
    return false;
}

}  // namespace

TEST_CASE("the dependency table: moving an input reruns exactly the fade stages that read it", "[incremental]") {
    int moved_fade_inputs = 0;
    for (const std::string& id : test::preset_ids()) {
        Scenario s = test::load_preset(id);
        LifecycleInput& in = s.lifecycle;
        ParamList inputs = test::lifecycle_inputs(in);
        std::array<std::vector<std::string>, fade_stage_count> table;
        for (std::size_t st = 0; st < fade_stage_count; ++st)
            table[st] = fade_stage_inputs(static_cast<FadeStage>(st), in);

        LifecycleEvaluator ev;
        for (const ParamRef& ref : inputs) {
            INFO(id << ": " << ref.path);
            // A key is kept once it comes back (fade_memo.hpp), and a moved key may have taken a base key's
            // slot: after two evaluations at base, the third reuses every stage.
            runs_of(ev, in);
            runs_of(ev, in);
            const StageRuns base = runs_of(ev, in);
            for (std::size_t st = 0; st < fade_stage_count; ++st) {
                INFO("stage " << fade_stage_names[st]);
                CHECK_FALSE(base.computed[st]);
            }
            const double x0 = ref.param->value;
            const LifecycleResults before = evaluate_lifecycle(in, LifecycleDetail::routes);
            if (!move_input(ref, in)) continue;
            const StageRuns moved = runs_of(ev, in);
            const LifecycleResults after = evaluate_lifecycle(in, LifecycleDetail::routes);
            // An input listed for the second life or remanufacture only through the first life reruns them
            // when it moves where the first life ends (min_soh does not, while the pack never reaches it).
            const bool retirement_moved = before.first_life_years != after.first_life_years ||
                                          before.retirement_soh != after.retirement_soh;
            const std::vector<std::string>& first_life = table[static_cast<std::size_t>(FadeStage::first_life)];
            const bool through_first_life =
                std::find(first_life.begin(), first_life.end(), ref.path) != first_life.end();
            bool reads_fade = false;
            for (std::size_t st = 0; st < fade_stage_count; ++st) {
                if (!moved.ran[st]) continue;
                INFO("stage " << fade_stage_names[st]);
                const bool listed = std::find(table[st].begin(), table[st].end(), ref.path) != table[st].end();
                const bool continues = st == static_cast<std::size_t>(FadeStage::second_life) ||
                                       st == static_cast<std::size_t>(FadeStage::remanufacture);
                if (listed && continues && through_first_life && !retirement_moved && !moved.computed[st]) continue;
                CHECK(moved.computed[st] == listed);
                reads_fade = reads_fade || listed;
            }
            moved_fade_inputs += reads_fade ? 1 : 0;
            // And the moved evaluation is the plain one.
            CHECK(npvs(ev.evaluate(in, LifecycleDetail::routes)) == npvs(evaluate_lifecycle(in, LifecycleDetail::routes)));
            ref.param->value = x0;
        }
    }
    CHECK(moved_fade_inputs > 0);
}

TEST_CASE("every listed path is a lifecycle input", "[incremental]") {
    LifecycleInput in;
    ParamList inputs = test::lifecycle_inputs(in);
    for (std::size_t st = 0; st < fade_stage_count; ++st)
        for (const std::string& path : fade_stage_inputs(static_cast<FadeStage>(st), in)) {
            INFO(fade_stage_names[st] << ": " << path);
            CHECK(std::any_of(inputs.begin(), inputs.end(), [&](const ParamRef& r) { return r.path == path; }));
        }
}

TEST_CASE("incremental evaluation equals the plain one on a map walk and a seeded Monte Carlo", "[incremental]") {
    for (const std::string& id : test::preset_ids()) {
        INFO(id);
        Scenario s = test::load_preset(id);
        LifecycleInput& in = s.lifecycle;
        ParamList inputs = test::lifecycle_inputs(in);
        std::vector<ParamRef> ranged;
        for (const ParamRef& r : inputs)
            if (r.param->has_range()) ranged.push_back(r);
        if (ranged.size() < 2) continue;

        // A 12 × 12 map over every pair of a fade input and another ranged input, row by row as the map job
        // walks it, so that the fade axis repeats its keys on every row.
        LifecycleEvaluator ev;
        const std::vector<std::string> fade = fade_stage_inputs(FadeStage::second_life, in);
        const ParamRef* x_axis = nullptr;
        for (const ParamRef& r : ranged)
            if (std::find(fade.begin(), fade.end(), r.path) != fade.end()) x_axis = &r;
        const ParamRef& xa = x_axis ? *x_axis : ranged[0];
        const ParamRef& ya = &xa == &ranged[1] ? ranged[0] : ranged[1];
        const double x0 = xa.param->value, y0 = ya.param->value;
        int cells = 0;
        for (int iy = 0; iy < 12; ++iy)
            for (int ix = 0; ix < 12; ++ix) {
                xa.param->value = xa.param->low + (ix + 0.5) * (xa.param->high - xa.param->low) / 12;
                ya.param->value = ya.param->low + (iy + 0.5) * (ya.param->high - ya.param->low) / 12;
                if (!check_lifecycle(in).empty()) continue;
                ++cells;
                INFO(xa.path << " = " << xa.param->value << ", " << ya.path << " = " << ya.param->value);
                CHECK(npvs(ev.evaluate(in, LifecycleDetail::routes)) ==
                      npvs(evaluate_lifecycle(in, LifecycleDetail::routes)));
            }
        xa.param->value = x0;
        ya.param->value = y0;
        CHECK(cells > 0);
        // The walk reused phases: the fade axis repeats on every row.
        long reused = 0;
        for (long n : ev.counts().reused) reused += n;
        CHECK(reused > 0);

        // Seeded draws of every ranged input: the memoised objective against one that evaluates plainly.
        const MonteCarloResult memoised = run_monte_carlo(lifecycle_objective(in), {300, 7, 10});
        const MonteCarloResult plain = run_monte_carlo(lifecycle_objective(in, nullptr), {300, 7, 10});
        REQUIRE(plain.valid_draws > 0);
        CHECK(memoised.valid_draws == plain.valid_draws);
        CHECK(memoised.samples == plain.samples);
    }
}
