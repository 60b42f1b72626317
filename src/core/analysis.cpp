#include "core/analysis.hpp"

// Sensitivity analysis over a scenario's ranged inputs (docs/MODEL.md §4.7, §7). Index:
//   - tornado and breakevens: each input at its low and high end, ranked by the decision margin; ties
//     located by Brent's method where the decision changes;
//   - decision map: a grid over two inputs, each cell's best route and margin, stepped in slices;
//   - Monte Carlo: seeded draws of every ranged input, per-route statistics and histograms, in slices;
//   - adapters: the lifecycle and portfolio outcomes the three analyses read.

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/finance.hpp"

namespace packfolio {

namespace {

void check_objective(const Objective& o) {
    if (!o.evaluate) throw std::invalid_argument("analysis: the objective has no evaluate function");
    if (o.outcome_ids.empty()) throw std::invalid_argument("analysis: the objective has no outcomes");
    if (o.decision_set.empty()) throw std::invalid_argument("analysis: the objective has an empty decision set");
    for (int d : o.decision_set)
        if (d < 0 || d >= static_cast<int>(o.outcome_ids.size()))
            throw std::invalid_argument("analysis: a decision-set index is not an outcome");
    for (const Threshold& t : o.thresholds)
        if (t.outcome < 0 || t.outcome >= static_cast<int>(o.outcome_ids.size()) || !std::isfinite(t.level))
            throw std::invalid_argument("analysis: threshold " + t.id + " needs an outcome index and a finite level");
    for (const ParamRef& ref : o.inputs)
        if (!ref.param) throw std::invalid_argument("analysis: input " + ref.path + " points nowhere");
}

// Value of outcome `lead` minus the best value of the other outcomes in the decision set: positive while
// `lead` wins. A single-outcome decision set has nothing to compare with: 0.
double lead_margin(const Objective& o, int lead, const double* v) {
    double best_other = -std::numeric_limits<double>::infinity();
    for (int d : o.decision_set)
        if (d != lead) best_other = std::max(best_other, v[d]);
    return std::isfinite(best_other) ? v[lead] - best_other : 0.0;
}

// Linear interpolation between order statistics of sorted data (Hyndman & Fan type 7).
double quantile_sorted(const std::vector<double>& sorted, double p) {
    const double h = (static_cast<double>(sorted.size()) - 1.0) * p;
    const std::size_t lo = static_cast<std::size_t>(std::floor(h));
    if (lo + 1 >= sorted.size()) return sorted.back();
    return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[lo + 1] - sorted[lo]);
}

}  // namespace

int find_input(const Objective& objective, const std::string& path) {
    for (std::size_t i = 0; i < objective.inputs.size(); ++i)
        if (objective.inputs[i].path == path) return static_cast<int>(i);
    return -1;
}

Decision decide(const Objective& objective, const double* values) {
    Decision d;
    for (int k : objective.decision_set) {
        if (d.best < 0 || values[k] > values[d.best]) {
            d.next = d.best;
            d.best = k;
        } else if (d.next < 0 || values[k] > values[d.next]) {
            d.next = k;
        }
    }
    d.margin = d.next < 0 ? 0.0 : values[d.best] - values[d.next];
    return d;
}

bool evaluate_checked(const Objective& objective, double* values) {
    objective.evaluate(values);
    for (std::size_t i = 0; i < objective.outcome_ids.size(); ++i)
        if (!std::isfinite(values[i])) return false;
    return true;
}

// ---- tornado and breakevens ----

SensitivityJob::SensitivityJob(Objective objective, SensitivityOptions options)
    : objective_(std::move(objective)), options_(options) {
    check_objective(objective_);
    const int n = static_cast<int>(objective_.outcome_ids.size());
    if (options_.watched_outcome < -1 || options_.watched_outcome >= n)
        throw std::invalid_argument("sensitivity: watched_outcome is not an outcome index");
    if (options_.scan_segments < 1 || options_.scan_segments > 1000)
        throw std::invalid_argument("sensitivity: scan_segments must be 1 to 1000");
    if (!(options_.x_tolerance > 0.0 && options_.x_tolerance < 1.0))
        throw std::invalid_argument("sensitivity: x_tolerance must be a fraction above 0 and below 1");
    scratch_.resize(objective_.outcome_ids.size());
    result_.base_values.resize(objective_.outcome_ids.size());
    if (!evaluate_checked(objective_, result_.base_values.data()))
        throw std::invalid_argument("sensitivity: the base state gives a non-finite outcome");
    result_.evaluations = 1;
    result_.base_decision = decide(objective_, result_.base_values.data());
    result_.watched_outcome = options_.watched_outcome >= 0 ? options_.watched_outcome : result_.base_decision.best;
    result_.sorted_by_margin = options_.sort_by_margin.value_or(objective_.rank_by_margin);
    for (std::size_t i = 0; i < objective_.inputs.size(); ++i)
        if (objective_.inputs[i].param->has_range()) ranged_.push_back(static_cast<int>(i));
    if (ranged_.empty()) {
        result_.complete = true;
        done_ = true;
    }
}

double SensitivityJob::progress() const {
    return ranged_.empty() ? 1.0 : static_cast<double>(next_) / static_cast<double>(ranged_.size());
}

double SensitivityJob::step(int max_evaluations) {
    if (done_) return progress();
    const long start = result_.evaluations;
    do {
        run_input(ranged_[next_++]);
    } while (next_ < ranged_.size() && result_.evaluations - start < max_evaluations);
    if (next_ == ranged_.size()) {
        const bool by_margin = result_.sorted_by_margin;
        std::stable_sort(result_.tornado.begin(), result_.tornado.end(), [by_margin](const TornadoBar& a, const TornadoBar& b) {
            return by_margin ? a.margin_swing > b.margin_swing : a.swing > b.swing;
        });
        result_.complete = true;
        done_ = true;
    }
    return progress();
}

bool SensitivityJob::eval_at(const ParamRef& ref, double x, double* values) {
    ref.param->value = x;
    ++result_.evaluations;
    return evaluate_checked(objective_, values);
}

void SensitivityJob::run_input(int input) {
    const ParamRef& ref = objective_.inputs[static_cast<std::size_t>(input)];
    const double base = ref.param->value, lo = ref.param->low, hi = ref.param->high;
    const std::size_t n = objective_.outcome_ids.size();
    const int segments = options_.breakevens ? options_.scan_segments : 1;
    grid_values_.resize(static_cast<std::size_t>(segments + 1) * n);
    std::vector<int>& decisions = grid_decisions_;
    std::vector<double>& xs = grid_x_;
    decisions.resize(static_cast<std::size_t>(segments + 1));
    xs.resize(static_cast<std::size_t>(segments + 1));
    bool all_valid = true;
    for (int k = 0; k <= segments; ++k) {
        const std::size_t kk = static_cast<std::size_t>(k);
        xs[kk] = k == segments ? hi : lo + (hi - lo) * k / segments;
        double* v = &grid_values_[kk * n];
        if (eval_at(ref, xs[kk], v)) {
            decisions[kk] = decide(objective_, v).best;
        } else {
            decisions[kk] = -1;
            all_valid = false;
        }
    }

    TornadoBar bar;
    bar.input = input;
    bar.low = lo;
    bar.high = hi;
    bar.decision_at_low = decisions.front();
    bar.decision_at_high = decisions.back();
    bar.valid = decisions.front() >= 0 && decisions.back() >= 0;
    if (bar.valid) {
        const double* v_lo = &grid_values_[0];
        const double* v_hi = &grid_values_[static_cast<std::size_t>(segments) * n];
        bar.values_at_low.assign(v_lo, v_lo + n);
        bar.values_at_high.assign(v_hi, v_hi + n);
        const int bd = result_.base_decision.best;
        bar.margin_at_low = lead_margin(objective_, bd, v_lo);
        bar.margin_at_high = lead_margin(objective_, bd, v_hi);
        const auto w = static_cast<std::size_t>(result_.watched_outcome);
        bar.swing = std::fabs(v_hi[w] - v_lo[w]);
        bar.margin_swing = std::fabs(bar.margin_at_high - bar.margin_at_low);
    }
    for (int d : decisions) bar.flips_decision |= d >= 0 && d != result_.base_decision.best;
    result_.tornado.push_back(std::move(bar));

    if (options_.breakevens) {
        InputBreakevens be;
        be.input = input;
        be.low = lo;
        be.high = hi;
        if (!all_valid) {
            be.status = BreakevenStatus::not_finite;
        } else {
            for (std::size_t k = 0; k + 1 < decisions.size(); ++k)
                if (decisions[k] != decisions[k + 1])
                    locate_flips(ref, xs[k], xs[k + 1], decisions[k], decisions[k + 1], be);
            for (std::size_t t = 0; t < objective_.thresholds.size(); ++t) {
                const Threshold& th = objective_.thresholds[t];
                const auto o = static_cast<std::size_t>(th.outcome);
                for (std::size_t k = 0; k + 1 < decisions.size(); ++k)
                    if ((grid_values_[k * n + o] > th.level) != (grid_values_[(k + 1) * n + o] > th.level))
                        locate_level(ref, xs[k], xs[k + 1], static_cast<int>(t), be);
            }
            if (be.status != BreakevenStatus::not_finite)
                be.status = be.crossings.empty() && be.level_crossings.empty() ? BreakevenStatus::no_tie_in_range
                                                                               : BreakevenStatus::found;
        }
        result_.breakevens.push_back(std::move(be));
    }
    ref.param->value = base;
}

// The decision is d0 at x0 and d1 at x1. Starting from x0, find where the current leader loses (the root of
// "best other − leader", which is continuous when the outcomes are), note who takes over just past it, and
// repeat until d1 leads: a third outcome may win in between.
void SensitivityJob::locate_flips(const ParamRef& ref, double x0, double x1, int d0, int d1, InputBreakevens& out) {
    const double tol = options_.x_tolerance * (ref.param->high - ref.param->low);
    double* v = scratch_.data();
    int lead = d0;
    double left = x0;
    for (std::size_t guard = 0; guard < objective_.decision_set.size() && lead != d1 && left < x1; ++guard) {
        auto gap = [&](double x) {
            if (!eval_at(ref, x, v)) return std::numeric_limits<double>::quiet_NaN();
            return -lead_margin(objective_, lead, v);
        };
        const RootResult root = brent_root(gap, left, x1, tol);
        if (root.status == RootStatus::not_finite) {
            out.status = BreakevenStatus::not_finite;
            return;
        }
        if (root.status != RootStatus::found) return;  // cannot happen: the ends straddle the tie
        // Brent's last bracket is narrower than tol around the root: two tolerances past it, the leader has lost.
        const double past = std::min(root.x + 2.0 * tol, x1);
        if (!eval_at(ref, past, v)) {
            out.status = BreakevenStatus::not_finite;
            return;
        }
        const int now = decide(objective_, v).best;
        if (now != lead) out.crossings.push_back({root.x, lead, now});
        lead = now;
        left = past;
    }
}

// The outcome is on one side of the level at x0 and on the other at x1 (> counts as above).
void SensitivityJob::locate_level(const ParamRef& ref, double x0, double x1, int threshold, InputBreakevens& out) {
    const Threshold& th = objective_.thresholds[static_cast<std::size_t>(threshold)];
    const double tol = options_.x_tolerance * (ref.param->high - ref.param->low);
    double* v = scratch_.data();
    auto excess = [&](double x) {
        if (!eval_at(ref, x, v)) return std::numeric_limits<double>::quiet_NaN();
        return v[th.outcome] - th.level;
    };
    const RootResult root = brent_root(excess, x0, x1, tol);
    if (root.status == RootStatus::not_finite) {
        out.status = BreakevenStatus::not_finite;
        return;
    }
    if (root.status != RootStatus::found) return;  // cannot happen: the ends are on opposite sides
    const double past = std::min(root.x + 2.0 * tol, x1);
    if (!eval_at(ref, past, v)) {
        out.status = BreakevenStatus::not_finite;
        return;
    }
    out.level_crossings.push_back({threshold, root.x, v[th.outcome] > th.level});
}

SensitivityResult run_sensitivity(const Objective& objective, const SensitivityOptions& options) {
    SensitivityJob job(objective, options);
    while (!job.done()) job.step(1 << 20);
    return job.result();
}

MapInputs default_map_inputs(const SensitivityResult& r) {
    std::vector<const TornadoBar*> bars;
    for (const TornadoBar& b : r.tornado)
        if (b.valid) bars.push_back(&b);
    // Flipping inputs first, each group by margin swing; ties keep the tornado's order.
    std::stable_sort(bars.begin(), bars.end(), [](const TornadoBar* a, const TornadoBar* b) {
        if (a->flips_decision != b->flips_decision) return a->flips_decision;
        return a->margin_swing > b->margin_swing;
    });
    MapInputs m;
    if (bars.size() >= 2) {
        m.x = bars[0]->input;
        m.y = bars[1]->input;
    }
    return m;
}

// ---- decision map ----

MapAxis default_axis(const Objective& objective, int input, int cells) {
    MapAxis axis;
    axis.input = input;
    axis.cells = cells;
    if (input < 0 || input >= static_cast<int>(objective.inputs.size())) return axis;
    const ParamRef& ref = objective.inputs[static_cast<std::size_t>(input)];
    if (ref.param->has_range()) {
        axis.low = ref.param->low;
        axis.high = ref.param->high;
    } else {
        axis.low = ref.spec.min;
        axis.high = ref.spec.max;
    }
    return axis;
}

std::vector<FieldError> check_axes(const Objective& objective, const MapAxis& x, const MapAxis& y) {
    std::vector<FieldError> errors;
    const int n = static_cast<int>(objective.inputs.size());
    for (const MapAxis* a : {&x, &y}) {
        const char* name = a == &x ? "x" : "y";
        if (a->input < 0 || a->input >= n) {
            errors.push_back({"", std::string("the map's ") + name + " axis is not an input of this model"});
            continue;
        }
        const ParamRef& ref = objective.inputs[static_cast<std::size_t>(a->input)];
        if (a->cells < 1 || a->cells > 1024)
            errors.push_back({ref.path, std::to_string(a->cells) + " map cells: expected 1 to 1024"});
        if (!(std::isfinite(a->low) && std::isfinite(a->high) && a->low < a->high))
            errors.push_back({ref.path, "the map span needs low < high, both finite"});
        else if (a->low < ref.spec.min || a->high > ref.spec.max)
            errors.push_back({ref.path, "the map span leaves the allowed range: " + describe_range(ref.spec)});
    }
    if (errors.empty() && x.input == y.input)
        errors.push_back({objective.inputs[static_cast<std::size_t>(x.input)].path,
                          "a decision map needs two different inputs"});
    return errors;
}

DecisionMapJob::DecisionMapJob(Objective objective, MapAxis x, MapAxis y) : objective_(std::move(objective)) {
    check_objective(objective_);
    const std::vector<FieldError> errors = check_axes(objective_, x, y);
    if (!errors.empty()) throw std::invalid_argument("decision map: " + format_error(errors.front()));
    result_.x = x;
    result_.y = y;
    const std::size_t cells = static_cast<std::size_t>(x.cells) * static_cast<std::size_t>(y.cells);
    const std::size_t n = objective_.outcome_ids.size();
    result_.decision.assign(cells, -1);
    result_.margin.assign(cells, 0.0);
    result_.values.assign(cells * n, 0.0);
    scratch_.resize(n);
    auto locate = [](const MapAxis& a, double v) {
        if (!(v >= a.low && v <= a.high)) return -1;
        return std::min(static_cast<int>((v - a.low) / (a.high - a.low) * a.cells), a.cells - 1);
    };
    result_.current_x = objective_.inputs[static_cast<std::size_t>(x.input)].param->value;
    result_.current_y = objective_.inputs[static_cast<std::size_t>(y.input)].param->value;
    result_.current_ix = locate(x, result_.current_x);
    result_.current_iy = locate(y, result_.current_y);
}

double DecisionMapJob::progress() const { return static_cast<double>(next_) / static_cast<double>(result_.decision.size()); }

double DecisionMapJob::step(int max_evaluations) {
    if (done_) return progress();
    Param& px = *objective_.inputs[static_cast<std::size_t>(result_.x.input)].param;
    Param& py = *objective_.inputs[static_cast<std::size_t>(result_.y.input)].param;
    const double base_x = px.value, base_y = py.value;
    const std::size_t n = objective_.outcome_ids.size();
    const std::size_t nx = static_cast<std::size_t>(result_.x.cells);
    const long start = result_.evaluations;
    do {
        const std::size_t cell = next_++;
        px.value = result_.x_at(static_cast<int>(cell % nx));
        py.value = result_.y_at(static_cast<int>(cell / nx));
        ++result_.evaluations;
        if (evaluate_checked(objective_, scratch_.data())) {
            const Decision d = decide(objective_, scratch_.data());
            result_.decision[cell] = d.best;
            result_.margin[cell] = d.margin;
            std::copy(scratch_.begin(), scratch_.end(), result_.values.begin() + static_cast<std::ptrdiff_t>(cell * n));
        } else {
            ++result_.invalid_cells;
        }
    } while (next_ < result_.decision.size() && result_.evaluations - start < max_evaluations);
    px.value = base_x;
    py.value = base_y;
    if (next_ == result_.decision.size()) {
        result_.complete = true;
        done_ = true;
    }
    return progress();
}

DecisionMapResult run_decision_map(const Objective& objective, const MapAxis& x, const MapAxis& y) {
    DecisionMapJob job(objective, x, y);
    while (!job.done()) job.step(1 << 20);
    return job.result();
}

// ---- Monte Carlo ----

double probability_greater(const MonteCarloResult& r, int a, int b) {
    if (r.valid_draws == 0 || r.outcomes.empty()) return 0.0;
    const std::size_t n = r.outcomes.size();
    int greater = 0;
    for (std::size_t i = 0; i < static_cast<std::size_t>(r.valid_draws); ++i)
        if (r.samples[i * n + static_cast<std::size_t>(a)] > r.samples[i * n + static_cast<std::size_t>(b)]) ++greater;
    return static_cast<double>(greater) / r.valid_draws;
}

MonteCarloJob::MonteCarloJob(Objective objective, MonteCarloOptions options)
    : objective_(std::move(objective)), options_(options), rng_(options.seed) {
    check_objective(objective_);
    if (options_.draws < 1 || options_.draws > 1000000)
        throw std::invalid_argument("Monte Carlo: draws must be 1 to 1,000,000");
    if (options_.histogram_bins < 1 || options_.histogram_bins > 1000)
        throw std::invalid_argument("Monte Carlo: histogram_bins must be 1 to 1000");
    const std::size_t n = objective_.outcome_ids.size();
    result_.seed = options_.seed;
    result_.outcomes.resize(n);
    result_.samples.reserve(static_cast<std::size_t>(options_.draws) * n);
    scratch_.resize(n);
    for (std::size_t i = 0; i < objective_.inputs.size(); ++i) {
        const Param& p = *objective_.inputs[i].param;
        if (!p.has_range() || p.distribution == Distribution::fixed) continue;
        result_.sampled_inputs.push_back(static_cast<int>(i));
        base_.push_back(p);  // the distributions read value, low and high of the base: draw from these copies
    }
}

double MonteCarloJob::progress() const { return static_cast<double>(result_.draws) / options_.draws; }

double MonteCarloJob::step(int max_evaluations) {
    if (done_) return progress();
    const std::vector<Param>& base = base_;
    const int start = result_.draws;
    do {
        for (std::size_t k = 0; k < base.size(); ++k) {
            const ParamRef& ref = objective_.inputs[static_cast<std::size_t>(result_.sampled_inputs[k])];
            ref.param->value = sample_param(base[k], ref.spec, rng_.uniform01());
        }
        ++result_.draws;
        if (evaluate_checked(objective_, scratch_.data())) {
            result_.samples.insert(result_.samples.end(), scratch_.begin(), scratch_.end());
            ++result_.valid_draws;
            ++result_.outcomes[static_cast<std::size_t>(decide(objective_, scratch_.data()).best)].times_best;
        }
    } while (result_.draws < options_.draws && result_.draws - start < max_evaluations);
    for (std::size_t k = 0; k < base.size(); ++k)
        objective_.inputs[static_cast<std::size_t>(result_.sampled_inputs[k])].param->value = base[k].value;
    if (result_.draws == options_.draws) finish();
    return progress();
}

void MonteCarloJob::finish() {
    const std::size_t n = objective_.outcome_ids.size();
    const std::size_t m = static_cast<std::size_t>(result_.valid_draws);
    std::vector<double> column(m);
    for (std::size_t o = 0; o < n && m > 0; ++o) {
        OutcomeStats& s = result_.outcomes[o];
        for (std::size_t i = 0; i < m; ++i) column[i] = result_.samples[i * n + o];
        double sum = 0.0;
        for (double x : column) sum += x;
        s.mean = sum / static_cast<double>(m);
        double ss = 0.0;
        for (double x : column) ss += (x - s.mean) * (x - s.mean);
        s.sd = m > 1 ? std::sqrt(ss / static_cast<double>(m - 1)) : 0.0;
        std::sort(column.begin(), column.end());
        s.min = column.front();
        s.max = column.back();
        s.p5 = quantile_sorted(column, 0.05);
        s.p50 = quantile_sorted(column, 0.50);
        s.p95 = quantile_sorted(column, 0.95);
        const int bins = s.max > s.min ? options_.histogram_bins : 1;
        const double width = (s.max - s.min) / bins;
        s.edges.resize(static_cast<std::size_t>(bins) + 1);
        for (int b = 0; b <= bins; ++b) s.edges[static_cast<std::size_t>(b)] = b == bins ? s.max : s.min + width * b;
        s.counts.assign(static_cast<std::size_t>(bins), 0);
        for (double x : column) {
            const int b = width > 0.0 ? std::min(static_cast<int>((x - s.min) / width), bins - 1) : 0;
            ++s.counts[static_cast<std::size_t>(b)];
        }
    }
    result_.complete = true;
    done_ = true;
}

MonteCarloResult run_monte_carlo(const Objective& objective, const MonteCarloOptions& options) {
    MonteCarloJob job(objective, options);
    while (!job.done()) job.step(1 << 20);
    return job.result();
}

// ---- adapters ----

namespace {

// The lifecycle objective's working copy, and the evaluator that reuses fade stages between evaluations.
struct LifecycleState {
    LifecycleInput input;
    std::shared_ptr<LifecycleEvaluator> evaluator;  // nullptr: plain evaluation
};

}  // namespace

Objective lifecycle_objective(const LifecycleInput& input, std::shared_ptr<LifecycleEvaluator> evaluator) {
    auto state = std::make_shared<LifecycleState>();
    state->input = input;
    state->evaluator = std::move(evaluator);
    Objective o;
    ParamCollector collector(o.inputs);
    visit_fields(collector, state->input);
    o.outcome_ids.assign(route_ids.begin(), route_ids.end());
    o.decision_set = {static_cast<int>(RouteId::recycle_now), static_cast<int>(RouteId::second_life),
                      static_cast<int>(RouteId::remanufacture)};
    o.rank_by_margin = true;  // an input that moves only a losing route can still flip the decision
    LifecycleState* st = state.get();
    o.evaluate = [st](double* values) {
        // Outcomes are route NPVs.
        const LifecycleResults r = st->evaluator ? st->evaluator->evaluate(st->input, LifecycleDetail::values)
                                                 : evaluate_lifecycle(st->input, LifecycleDetail::values);
        for (std::size_t i = 0; i < r.routes.size(); ++i) values[i] = r.routes[i].npv_usd;
    };
    o.state = std::move(state);
    return o;
}

}  // namespace packfolio
