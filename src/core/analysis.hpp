#pragma once
// Sensitivity analysis (MODEL.md §4 "The decision", §7): tornado, breakevens, decision maps and seeded
// Monte Carlo, written once against a generic Objective so that the lifecycle, the portfolio or a test's toy
// model are analysed by the same code.
//
// An Objective is a model state that analysis can change through `inputs` (pointers to the Params of a
// working copy of the scenario) and re-evaluate into a few named outcomes (e.g. route NPVs). The decision is
// the outcome with the highest value among `decision_set`, ties going to the one listed first. Varying an
// input means writing `param->value` and evaluating again: no JSON and no copies in the loop.
//
// Every computation is a job that runs in slices, so the UI can spread it over frames (ARCHITECTURE.md):
//   job.step(max_evaluations) → progress 0–1;  job.done();  job.cancel();  job.result().
// A slice runs whole units of work (one input of a sensitivity run, one map cell, one Monte Carlo draw)
// until it has used at least `max_evaluations` model evaluations, so results never depend on the slicing
// (no clocks). Between slices, and after cancel(), every input holds its base value again. The run_*
// functions run a job to completion.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/fields.hpp"
#include "core/lifecycle.hpp"
#include "core/random.hpp"

namespace packfolio {

// A level an outcome may cross, reported by the breakeven scan beside the decision flips: the optimum NPV
// at 0, or a line count half a line above today's ("the ESS tender price at which line 1 converts").
struct Threshold {
    std::string id;
    int outcome = -1;
    double level = 0.0;
};

struct Objective {
    ParamList inputs;                      // what may be varied, with paths and field specs
    std::vector<std::string> outcome_ids;  // what evaluate computes
    std::vector<int> decision_set;         // indices into outcome_ids that compete for the decision
    std::vector<Threshold> thresholds;     // may be empty
    // The tornado's default order: by the swing of the decision margin (a choice between routes, where what
    // matters is what moves the choice) or by the swing of the watched outcome (an optimum that is always
    // the decision, e.g. the portfolio plan). SensitivityOptions::sort_by_margin overrides it.
    bool rank_by_margin = false;
    // Writes outcome_ids.size() values computed from the current state of the inputs. A non-finite value
    // marks the evaluation invalid: analysis then reports it as such and never passes the number on.
    std::function<void(double* values)> evaluate;
    // Keeps the working copy the inputs point into alive. Copies of an Objective share it, which is safe
    // in one thread because jobs restore every input between slices.
    std::shared_ptr<void> state;
};

// Index of the input with this path, or -1.
int find_input(const Objective& objective, const std::string& path);

// The decision among `decision_set` for a set of outcome values.
struct Decision {
    int best = -1;        // outcome index
    int next = -1;        // runner-up outcome index (-1 when the decision set has one outcome)
    double margin = 0.0;  // value of best − value of next, >= 0 (0 with a single outcome)
};
Decision decide(const Objective& objective, const double* values);

// Evaluates the objective at its current state; false when a value is not finite.
bool evaluate_checked(const Objective& objective, double* values);

// ---- tornado and breakevens ----

// Both come from one pass over the inputs with a range (low < high): each is evaluated at
// `scan_segments` + 1 evenly spaced points from low to high (the ends give the tornado), the others at base.
// Where the decision differs between two neighbouring points, the flip is located by Brent's method
// (finance.hpp) on the margin of the outcome leading on the left against the best of the rest. Threshold
// crossings are found the same way, by Brent on outcome − level (which also locates the jump of a stepped
// outcome such as a line count). A flip or crossing that happens and undoes itself between two neighbouring
// points is not seen: more segments narrow that gap.
struct SensitivityOptions {
    int watched_outcome = -1;   // outcome whose swing the tornado reports; -1: the base decision
    // true: sort by margin_swing (what moves the decision); false: by the watched outcome's swing; unset: as
    // the objective's rank_by_margin says.
    std::optional<bool> sort_by_margin;
    bool breakevens = true;     // false: only the two ends (tornado only)
    int scan_segments = 4;      // 1 to 1000
    double x_tolerance = 1e-9;  // breakeven accuracy as a fraction of the input's range
};

struct TornadoBar {
    int input = -1;  // index into Objective::inputs
    double low = 0.0, high = 0.0;
    bool valid = true;  // false when either end gave a non-finite outcome (the values below are then 0)
    std::vector<double> values_at_low, values_at_high;  // every outcome
    int decision_at_low = -1, decision_at_high = -1;
    // Signed margin of the base decision: its value − the best other value in the decision set. Negative
    // means the decision has flipped at that end.
    double margin_at_low = 0.0, margin_at_high = 0.0;
    double swing = 0.0;         // |watched(high) − watched(low)|
    double margin_swing = 0.0;  // |margin_at_high − margin_at_low|
    // The range crosses a breakeven: at one of the scanned points (the two ends; with breakevens, every scan
    // point) another outcome than the base decision wins. A flip that undoes itself between two scanned
    // points is not seen, as for the breakevens.
    bool flips_decision = false;
};

enum class BreakevenStatus {
    found,            // at least one flip; see crossings
    no_tie_in_range,  // the decision is the same across the whole range: never a number
    not_finite,       // some evaluation in the range was invalid
};

struct Crossing {
    double x = 0.0;  // the input value at which the two outcomes tie
    int from = -1;   // outcome that wins just below x
    int to = -1;     // outcome that wins just above x
};

struct LevelCrossing {
    int threshold = -1;  // index into Objective::thresholds
    double x = 0.0;      // the input value at which the outcome equals the level
    bool rising = true;  // the outcome is above the level just past x
};

struct InputBreakevens {
    int input = -1;
    double low = 0.0, high = 0.0;
    // found when there is a decision flip or a threshold crossing; no_tie_in_range when there is neither.
    BreakevenStatus status = BreakevenStatus::no_tie_in_range;
    std::vector<Crossing> crossings;              // decision flips, in increasing x
    std::vector<LevelCrossing> level_crossings;   // by threshold, then in increasing x
};

struct SensitivityResult {
    bool complete = false;  // false when cancelled (or not finished)
    std::vector<double> base_values;
    Decision base_decision;
    int watched_outcome = -1;
    bool sorted_by_margin = false;              // the order of `tornado`
    std::vector<TornadoBar> tornado;            // sorted by margin_swing (or swing), largest first; ties keep input order
    std::vector<InputBreakevens> breakevens;    // in input order (empty when options.breakevens is false)
    long evaluations = 0;
};

// What the three jobs below share: done(), cancel() (the job is done; result() holds what was computed so
// far) and result(). Each job adds its constructor, step() and progress().
template <class Result>
class SlicedJob {
public:
    bool done() const { return done_; }
    void cancel() { done_ = true; }
    const Result& result() const { return result_; }

protected:
    bool done_ = false;
    Result result_;
};

class SensitivityJob : public SlicedJob<SensitivityResult> {
public:
    // Throws std::invalid_argument when the objective cannot be evaluated at its base state or the options
    // are out of range (programming errors: the CLI and UI check their input first).
    SensitivityJob(Objective objective, SensitivityOptions options = {});
    double step(int max_evaluations);
    double progress() const;

private:
    void run_input(int input);
    bool eval_at(const ParamRef& ref, double x, double* values);
    void locate_flips(const ParamRef& ref, double x0, double x1, int d0, int d1, InputBreakevens& out);
    void locate_level(const ParamRef& ref, double x0, double x1, int threshold, InputBreakevens& out);

    Objective objective_;
    SensitivityOptions options_;
    std::vector<int> ranged_;  // inputs with a range, in input order
    std::size_t next_ = 0;
    std::vector<double> scratch_;
    std::vector<double> grid_values_;  // (scan points) × outcomes of the input being scanned
    std::vector<int> grid_decisions_;
    std::vector<double> grid_x_;
};

SensitivityResult run_sensitivity(const Objective& objective, const SensitivityOptions& options = {});

// The two inputs a decision map shows by default (indices into Objective::inputs, x first): the inputs whose
// range crosses a breakeven (TornadoBar::flips_decision), largest margin swing first, then, when fewer than
// two flip, the largest margin swings of the rest. -1 where the run has fewer than two valid bars.
struct MapInputs {
    int x = -1, y = -1;
};
MapInputs default_map_inputs(const SensitivityResult& r);

// ---- decision map ----

// A grid over two inputs; each cell is evaluated at its centre with every other input at base.
struct MapAxis {
    int input = -1;
    double low = 0.0, high = 0.0;  // the mapped span (low < high)
    int cells = 32;                // 1 to 1024
};

// The span a map uses for an input by default: its low–high range, or when it has none the whole range its
// field allows (cell centres never touch an excluded minimum).
MapAxis default_axis(const Objective& objective, int input, int cells);

// Errors naming the axis path when an axis is unknown, repeated, outside its field's range or badly sized.
std::vector<FieldError> check_axes(const Objective& objective, const MapAxis& x, const MapAxis& y);

struct DecisionMapResult {
    bool complete = false;
    MapAxis x, y;
    // Row-major with x fastest: cell (ix, iy) is at iy * x.cells + ix.
    std::vector<int> decision;     // outcome index, -1 when the cell's evaluation was invalid
    std::vector<double> margin;    // best − next best, >= 0 (0 for invalid cells)
    std::vector<double> values;    // cell * outcome count + outcome (0 for invalid cells)
    double current_x = 0.0, current_y = 0.0;  // the base point
    int current_ix = -1, current_iy = -1;     // its cell, -1 when outside the mapped span
    int invalid_cells = 0;
    long evaluations = 0;
    double x_at(int ix) const { return x.low + (ix + 0.5) * (x.high - x.low) / x.cells; }
    double y_at(int iy) const { return y.low + (iy + 0.5) * (y.high - y.low) / y.cells; }
};

class DecisionMapJob : public SlicedJob<DecisionMapResult> {
public:
    // Throws std::invalid_argument when check_axes reports an error.
    DecisionMapJob(Objective objective, MapAxis x, MapAxis y);
    double step(int max_evaluations);
    double progress() const;

private:
    Objective objective_;
    std::size_t next_ = 0;
    std::vector<double> scratch_;
};

DecisionMapResult run_decision_map(const Objective& objective, const MapAxis& x, const MapAxis& y);

// ---- Monte Carlo ----

// Every input with a range and a distribution other than fixed is drawn independently (random.hpp for
// how low, value and high set each distribution); the others stay at base.
struct MonteCarloOptions {
    int draws = 10000;       // 1 to 1,000,000
    std::uint64_t seed = 1;  // the same seed gives the same draws on every platform
    int histogram_bins = 40; // 1 to 1000
};

struct OutcomeStats {
    double mean = 0.0, sd = 0.0;  // sd with the n − 1 denominator (0 for one draw)
    double min = 0.0, max = 0.0;
    double p5 = 0.0, p50 = 0.0, p95 = 0.0;  // linear interpolation between order statistics (numpy's default)
    // Equal-width bins from min to max (edges.size() == counts.size() + 1); a value equal to max falls in
    // the last bin. When every draw is equal there is one bin [min, max].
    std::vector<double> edges;
    std::vector<int> counts;
    int times_best = 0;  // draws in which this outcome was the decision (0 outside the decision set)
};

struct MonteCarloResult {
    bool complete = false;
    std::uint64_t seed = 0;
    int draws = 0;        // draws made
    int valid_draws = 0;  // draws whose evaluation was valid (the statistics use only these)
    std::vector<int> sampled_inputs;  // indices of the inputs that were drawn
    std::vector<double> samples;      // valid draw * outcome count + outcome
    std::vector<OutcomeStats> outcomes;
};

// P(outcome a > outcome b) over the valid draws (ties count as not greater); 0 when there are none.
double probability_greater(const MonteCarloResult& r, int a, int b);

class MonteCarloJob : public SlicedJob<MonteCarloResult> {
public:
    // Throws std::invalid_argument when the options are out of range.
    MonteCarloJob(Objective objective, MonteCarloOptions options);
    double step(int max_evaluations);
    double progress() const;

private:
    void finish();

    Objective objective_;
    MonteCarloOptions options_;
    Rng rng_;
    std::vector<Param> base_;  // the sampled inputs as they were given
    std::vector<double> scratch_;
};

MonteCarloResult run_monte_carlo(const Objective& objective, const MonteCarloOptions& options);

// ---- adapters ----

// The end-of-life decision of one pack: outcomes are the five routes' NPV per pack (route_ids order), the
// decision is among recycle_now, second_life and remanufacture (as evaluate_lifecycle decides), and the
// inputs are every Param of the lifecycle sections with its scenario path ("pack.nominal_kwh"). The tornado
// ranks by the decision margin (rank_by_margin).
// Evaluations go through `evaluator`, which reuses the fade stages of earlier ones (LifecycleEvaluator): a
// caller that runs one analysis after another on edited scenarios (the app's live decision map) passes the
// same evaluator to each. nullptr evaluates each from scratch with evaluate_lifecycle, for tests that hold
// the two equal.
Objective lifecycle_objective(const LifecycleInput& input,
                              std::shared_ptr<LifecycleEvaluator> evaluator = std::make_shared<LifecycleEvaluator>());

}  // namespace packfolio
