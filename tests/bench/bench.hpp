#pragma once
// A small benchmark harness: each bench registers a named figure with its budget (from its issue),
// runs a callable repeatedly and reports the median wall time. `packfolio_bench` prints a table and
// writes JSON; scripts/bench runs it natively and as WebAssembly under node.

#include <functional>
#include <string>
#include <vector>

namespace packfolio::bench {

struct Case {
    std::string name;
    double budget_s;      // the target for this figure
    int repetitions;      // how many timed runs the median is taken over
    std::function<void()> setup;  // run once, untimed (may be empty)
    std::function<void()> run;    // the timed work
    double wasm_budget_s = 0.0;   // the target in WebAssembly where the issue sets another one (0: budget_s)
    // A figure that is not a time (run and repetitions unused): computed once, after the cases before it,
    // reported in median_s against budget_s.
    std::function<double()> figure;
    std::function<void(double)> on_median;  // told the median, for a figure that derives from it
    std::function<void()> teardown;         // run once after the timed runs: frees what setup built

    double budget_for(const std::string& target) const {
        return target == "wasm" && wasm_budget_s > 0.0 ? wasm_budget_s : budget_s;
    }
};

std::vector<Case>& registry();

struct Registrar {
    explicit Registrar(Case c) { registry().push_back(std::move(c)); }
};

// Keeps the optimiser from deleting work whose result is otherwise unused.
void keep(double x);

}  // namespace packfolio::bench

#define PACKFOLIO_BENCH_CONCAT2(a, b) a##b
#define PACKFOLIO_BENCH_CONCAT(a, b) PACKFOLIO_BENCH_CONCAT2(a, b)
// PACKFOLIO_BENCH({"name", budget_s, repetitions, setup, run[, wasm_budget_s]});
#define PACKFOLIO_BENCH(...) \
    static ::packfolio::bench::Registrar PACKFOLIO_BENCH_CONCAT(bench_registrar_, __LINE__)(::packfolio::bench::Case __VA_ARGS__)
