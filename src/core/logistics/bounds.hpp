#pragma once
// Lower bounds for the hub search (docs/MODEL.md §6, "Hub set"): what any hub set within an allowed group
// must at least cost. A Lagrangian relaxation of the hub capacities bounds the arc costs (flow_bound, and
// MoveBounds for every add, drop and swap move of a set at once); the cheapest fractional capacity cover
// bounds the fixed costs (cover_bound). All in the network's integer units.

#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/logistics/network.hpp"

namespace packfolio::logistics {

// Lagrangian bound on the arc cost of any hub set within `allowed` that routes all but `unroutable` of
// the routable packs, with capacity prices u ≥ 0: Σ_i s_i min_h (c_ih + u_h) − Σ_h u_h cap_h, less the
// packs that may stay unrouted at the dearest reduced cost. Sources with no arc into `allowed` count in
// `forced` (packs that cannot be routed at all).
struct FlowBound {
    std::int64_t bound = 0;
    std::int64_t forced = 0;
};

FlowBound flow_bound(const Network& net, const std::vector<char>& allowed, const std::vector<std::int64_t>& u,
                     std::int64_t unroutable);

// flow_bound for every add, drop and swap move of the hub set `cur` at once, in O(sources × candidates)
// rather than that for each of the ~k·H moves: each source's best and second best reduced cost over `cur`
// say what it pays once one hub of `cur` is dropped, and one pass over the sources sums, per hub h
// outside `cur` and per hub of `cur` that may be dropped, what the moves that add h cost. Integer sums,
// so each move's bound equals flow_bound's on its set exactly, and the search takes the same path.
// Holds references to `net`, `cur` and `u`: they must outlive it.
class MoveBounds {
public:
    MoveBounds(const Network& net, const std::vector<std::size_t>& cur, const std::vector<std::int64_t>& u,
               std::int64_t unroutable);

    // flow_bound of cur − out + in (out a position in cur, k: none dropped; in a hub, H: none added).
    FlowBound bound(std::size_t out, std::size_t in) const;

private:
    struct Stats {
        std::int64_t sum = 0, forced = 0, dearest = 0;
        void add(const Stats& o) {
            sum += o.sum;
            forced += o.forced;
            dearest = std::max(dearest, o.dearest);
        }
    };
    // Each source's two cheapest reduced costs over cur, and the position in cur of its best (k: none).
    struct SourceBest {
        std::int64_t first, second;
        std::size_t bucket;
    };

    void best_over_cur(std::size_t lo, std::vector<SourceBest>& best) const;
    void tally();

    const Network& net_;
    const std::vector<std::size_t>& cur_;
    const std::vector<std::int64_t>& u_;
    std::int64_t unroutable_;
    std::size_t k_;
    std::int64_t cur_credit_ = 0;  // Σ u_h cap_h over cur
    Matrix<Stats> keep_, lose_;    // (added hub, H: none; bucket)
};

// The cheapest fractional set of hubs among `allowed` whose capacity covers `packs`, by fixed cost per
// unit of capacity (`by_ratio`: the hubs in that order): a lower bound on the fixed cost of any set that
// routes that many.
std::int64_t cover_bound(const Network& net, const std::vector<std::size_t>& by_ratio, const std::vector<char>& allowed,
                         std::int64_t packs);

}  // namespace packfolio::logistics
