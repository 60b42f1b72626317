#pragma once
// Flow solving (docs/MODEL.md §6): the exact min-cost routing of the packs for one fixed set of open hubs.
// `Evaluator::solve` tries the cheap cases first (no capacity binds; one open hub) and otherwise solves a
// reduced min-cost flow with LEMON's NetworkSimplex that provably equals the flow on the whole network.
// Internal to the logistics module: the hub search calls it once per hub set.

#include <cstdint>
#include <utility>
#include <vector>

#include "core/logistics/network.hpp"

namespace packfolio::logistics {

struct Assignment {
    std::size_t source;
    std::size_t hub;
    std::int64_t packs;
};

// The exact routing of one hub set: unroutable packs first (fewer is better), then the cost in units
// (hub fixed costs plus arc costs), compared lexicographically.
struct Solution {
    bool valid = false;
    Policy policy = all_outcomes;
    std::vector<std::size_t> hubs;  // open, ascending
    std::int64_t unroutable = 0;    // packs with a value that found no place
    std::int64_t cost = 0;
    std::vector<Assignment> flows;
    std::vector<std::int64_t> capacity_price;  // per candidate hub, units per pack (NetworkSimplex duals), >= 0
};

inline bool better(const Solution& a, const Solution& b) {
    if (!b.valid) return a.valid;
    if (!a.valid) return false;
    if (a.unroutable != b.unroutable) return a.unroutable < b.unroutable;
    return a.cost < b.cost;
}

// Solves hub sets one after another on one network, reusing its working memory between solves. In the
// reduced problem the open hubs are columns 0..k-1 and column k is the unrouted option.
class Evaluator {
public:
    explicit Evaluator(const Network& net) : net_(net) {}

    std::int64_t solves = 0;
    std::vector<FlowSolveStatus> solver_failures;  // solves that ended infeasible or unbounded

    Solution solve(const std::vector<std::size_t>& hubs, Policy policy);
    // Takes back a solution the caller no longer needs and keeps its flow buffer for a later solve: on a
    // network of millions of sources each solve's flows fill tens of megabytes, and mapping fresh memory
    // for every hub set cost more in page faults than the cheap solves themselves.
    void recycle(Solution&& s);

private:
    // Each source at its cheapest open hub, and the load that puts on each hub.
    struct Cheapest {
        std::vector<std::size_t> hub;     // per source; hub_count when no open hub takes it
        std::vector<std::int64_t> cost;   // per source, units there; no_arc
        std::vector<std::int64_t> load;   // per candidate hub, packs
    };
    // The reduced problem of solve_flow: the sources that reach an open hub ("active"), and their costs.
    struct Reduced {
        std::vector<std::size_t> source;  // per active source, its index in Network::sources
        std::vector<std::int64_t> packs;  // per active source
        // (column, active source), units; no_arc. Column by column, as the price ascent reads it.
        Matrix<std::int64_t> cost;
        std::int64_t unrouted_cost = 0;   // M, the cost of column k

        // One active source's costs, column by column.
        struct Row {
            const Matrix<std::int64_t>& cost;
            std::size_t a;
            std::int64_t operator[](std::size_t j) const { return cost.at(j, a); }
        };
        Row row(std::size_t a) const { return {cost, a}; }
    };
    // Capacity prices and what each active source prefers under them.
    struct Prices {
        std::vector<std::int64_t> u;       // per column, units per pack; the unrouted column's stays 0
        std::vector<std::size_t> target;   // per active source, its cheapest column
        std::vector<std::int64_t> first;   // its reduced cost there
        std::vector<std::int64_t> regret;  // the gap to its next column (M when there is none)
        std::vector<std::size_t> second;   // that next column (k + 1 when there is none)
    };
    // Which active sources enter the flow ("free"); the others are fixed at their targets.
    struct Split {
        std::vector<char> free;               // per active source
        std::vector<std::int64_t> fixed_load;  // per column, packs fixed there
        std::int64_t near_tie = 0;            // the largest regret of a free source
    };
    // The column-generation flow over the free sources (solve_free).
    struct FreeFlow {
        std::vector<std::size_t> nodes;              // per free node, its active source
        Matrix<char> arcs;                           // (free node, open hub): the arc is in the graph
        std::vector<std::pair<int, int>> edges;      // the graph's arcs, sorted by source node
        std::vector<std::size_t> keys;               // per arc: its column, capacity_key or fixed_key
        std::vector<std::int64_t> node_potential;    // per graph node, after a solve
        std::vector<std::int64_t> arc_flow;          // per graph arc, after a solve
        std::vector<std::int64_t> potential;         // per column (k: the sink)
        std::vector<Assignment> flows;               // source: active source, hub: column (k: unrouted)
    };

    Solution fill_single(Solution sol, std::size_t h, const Matrix<std::int64_t>& C);
    Solution solve_flow(Solution sol, const Matrix<std::int64_t>& C);
    void reduce(const std::vector<std::size_t>& hubs, const Matrix<std::int64_t>& C);
    void ascend_prices(const std::vector<std::size_t>& hubs);
    std::int64_t hub_price(std::size_t j, std::int64_t capacity);
    void choose_targets(std::size_t k);
    void choose_target(std::size_t a, std::size_t k);
    void reprice_column(std::size_t j, std::int64_t price, std::size_t k);
    void split_sources(const std::vector<std::size_t>& hubs, bool first_round);
    void free_overfull(const std::vector<std::size_t>& hubs);
    bool release_violators();
    void collect(Solution& sol);
    bool solve_free(const std::vector<std::size_t>& hubs);
    void seed_arcs(std::size_t k);
    bool run_simplex(const std::vector<std::size_t>& hubs);
    bool price_out(std::size_t k);
    void take_free_flows();

    const Network& net_;
    Cheapest cheapest_;
    Reduced reduced_;
    Prices prices_;
    Split split_;
    FreeFlow free_;
    // Orderings and selections, rebuilt wherever they are used.
    std::vector<std::size_t> order_;
    std::vector<std::int64_t> taken_;                         // fill_single: packs taken per source
    std::vector<std::pair<std::int64_t, std::size_t>> keyed_; // fill_single: (cost, source)
    std::vector<std::pair<std::int64_t, std::int64_t>> ties_;  // hub_price: (margin, packs)
    std::vector<std::vector<Assignment>> spare_flows_;         // recycled flow buffers, emptied
};

}  // namespace packfolio::logistics
