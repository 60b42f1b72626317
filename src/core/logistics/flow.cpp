// Flow solving for one hub set (docs/MODEL.md §6, "Routing").
//
// Index of this file:
//   first_exceeding          a weighted cut in linear time (nth_element), for capacity cuts
//   Evaluator::solve         each source at its cheapest open hub; exact when no capacity binds
//   Evaluator::recycle       a finished solution's flow buffer kept for the next solve
//   Evaluator::fill_single   one open hub: the cheapest packs first (exact)
//   Evaluator::solve_flow    several hubs, capacities binding: the reduced flow, rounds until optimal
//     reduce                 the active sources' costs over the open hubs and the unrouted option
//     ascend_prices          capacity prices by coordinate ascent on the Lagrangian dual (hub_price)
//     choose_targets         each source's cheapest column under the prices, and its regret
//     split_sources          which sources enter the flow (near-ties, sources of over-full hubs)
//     release_violators      potentials extended to the fixed sources; any negative reduced cost frees it
//     collect                the combined flow of fixed and free sources
//   Evaluator::solve_free    NetworkSimplex with column generation over the free sources
//     seed_arcs, run_simplex, price_out, take_free_flows
//   flow_solve_status, flow_solve_warning   the solver's outcome, for the public header

#include "core/logistics/flow.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <string>

#include <lemon/network_simplex.h>
#include <lemon/static_graph.h>

namespace packfolio::logistics {

namespace {

// Keys of the arcs in the free flow that are not a source's column.
constexpr std::size_t capacity_key = std::numeric_limits<std::size_t>::max();
constexpr std::size_t fixed_key = capacity_key - 1;

using SimplexGraph = lemon::StaticDigraph;
using Simplex = lemon::NetworkSimplex<SimplexGraph, std::int64_t, std::int64_t>;

// Partially orders v by `less` (a strict total order) and returns the first position p, in that order,
// at which the running sum of weights exceeds `limit`, or v.size() if it never does; v[0..p) then hold
// the items before v[p]. Linear time by repeated nth_element, so a capacity cut costs no full sort.
template <class T, class Less, class Weight>
std::size_t first_exceeding(std::vector<T>& v, std::int64_t limit, Less less, Weight weight) {
    std::size_t lo = 0, hi = v.size();
    std::int64_t before = 0;  // weight of v[0..lo)
    while (hi - lo > 16) {
        const std::size_t mid = lo + (hi - lo) / 2;
        std::nth_element(v.begin() + static_cast<std::ptrdiff_t>(lo), v.begin() + static_cast<std::ptrdiff_t>(mid),
                         v.begin() + static_cast<std::ptrdiff_t>(hi), less);
        std::int64_t w = 0;
        for (std::size_t i = lo; i < mid; ++i) w += weight(v[i]);
        if (before + w > limit) {
            hi = mid;
        } else {
            before += w;
            lo = mid;
        }
    }
    std::sort(v.begin() + static_cast<std::ptrdiff_t>(lo), v.begin() + static_cast<std::ptrdiff_t>(hi), less);
    for (std::size_t i = lo; i < hi; ++i) {
        before += weight(v[i]);
        if (before > limit) return i;
    }
    return v.size();
}

}  // namespace

// ---- the easy cases ----

Solution Evaluator::solve(const std::vector<std::size_t>& hubs, Policy policy) {
    ++solves;
    const std::size_t H = net_.hub_count, n = net_.sources.size();
    const Matrix<std::int64_t>& C = net_.cost[policy];
    Solution sol;
    if (!spare_flows_.empty()) {
        sol.flows = std::move(spare_flows_.back());
        spare_flows_.pop_back();
    }
    sol.valid = true;
    sol.policy = policy;
    sol.hubs = hubs;
    sol.capacity_price.assign(H, 0);
    for (std::size_t h : hubs) sol.cost += net_.fixed[h];

    // Each source to its cheapest open hub (ties to the earlier hub in `hubs`): optimal whenever no hub's
    // capacity binds. Block by block, each open hub's row of costs in turn.
    std::vector<std::size_t>& best = cheapest_.hub;
    std::vector<std::int64_t>& cost = cheapest_.cost;
    best.assign(n, H);
    cost.assign(n, no_arc);
    for (std::size_t lo = 0; lo < n; lo += source_block) {
        const std::size_t hi = std::min(n, lo + source_block);
        for (std::size_t h : hubs) {
            const std::int64_t* row = C.row(h);
            for (std::size_t i = lo; i < hi; ++i)
                if (row[i] < cost[i]) {
                    cost[i] = row[i];
                    best[i] = h;
                }
        }
    }
    cheapest_.load.assign(H, 0);
    std::size_t routed_sources = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (best[i] == H) {
            sol.unroutable += net_.sources[i].packs;
            continue;
        }
        cheapest_.load[best[i]] += net_.sources[i].packs;
        ++routed_sources;
    }
    bool binding = false;
    for (std::size_t h : hubs) binding = binding || cheapest_.load[h] > net_.cap[h];
    if (!binding) {
        sol.flows.reserve(routed_sources);
        for (std::size_t i = 0; i < n; ++i)
            if (best[i] != H) {
                sol.flows.push_back({i, best[i], net_.sources[i].packs});
                sol.cost += net_.sources[i].packs * cost[i];
            }
        return sol;
    }
    if (hubs.size() == 1) return fill_single(std::move(sol), hubs[0], C);
    return solve_flow(std::move(sol), C);
}

void Evaluator::recycle(Solution&& s) {
    // Two spares cover a search, which holds its incumbent and one new solution at a time.
    if (s.flows.capacity() == 0 || spare_flows_.size() == 2) return;
    s.flows.clear();
    spare_flows_.push_back(std::move(s.flows));
}

// One open hub: the cheapest packs first, up to its capacity (a single-sink transportation problem, which
// this greedy solves exactly). The cut runs on (cost, source) pairs copied out of the hub's row of costs,
// so it reads contiguous memory rather than the cost table at random.
Solution Evaluator::fill_single(Solution sol, std::size_t h, const Matrix<std::int64_t>& C) {
    const std::size_t H = net_.hub_count, n = net_.sources.size();
    const std::int64_t* row = C.row(h);
    keyed_.clear();
    for (std::size_t i = 0; i < n; ++i)
        if (cheapest_.hub[i] != H) keyed_.emplace_back(row[i], i);
    const std::size_t cut = first_exceeding(
        keyed_, net_.cap[h], [](const auto& a, const auto& b) { return a < b; },
        [&](const auto& x) { return net_.sources[x.second].packs; });
    taken_.assign(n, 0);
    std::int64_t room = net_.cap[h];
    std::size_t taking = 0;
    for (std::size_t x = 0; x < keyed_.size() && x <= cut; ++x) {
        const std::size_t i = keyed_[x].second;
        taken_[i] = x < cut ? net_.sources[i].packs : room;
        room -= taken_[i];
        taking += taken_[i] > 0;
    }
    sol.flows.reserve(taking);
    for (std::size_t i = 0; i < n; ++i) {
        if (cheapest_.hub[i] == H) continue;
        if (taken_[i] > 0) {
            sol.flows.push_back({i, h, taken_[i]});
            sol.cost += taken_[i] * row[i];
        }
        sol.unroutable += net_.sources[i].packs - taken_[i];
    }
    return sol;
}

// ---- several open hubs with binding capacities ----

// An exact min-cost flow by NetworkSimplex, kept small.
//  1. Capacity prices u_h (the duals of the hub capacities) are estimated by coordinate ascent. Under
//     them most sources clearly prefer one target (a hub, or staying unrouted at cost M); those are
//     fixed there, and only the near-ties and the sources of any over-full hub enter the flow; the
//     fixed packs still pass through their hubs' capacity arcs, as one aggregate node per hub.
//  2. That flow is solved with column generation (solve_free).
//  3. Its potentials extend to every fixed source (π_i = π_target − c_i,target, its arc carrying all
//     its packs); if another arc of a fixed source then has a negative reduced cost, that source joins
//     the flow and it is solved again. When none has, the combined flow and potentials satisfy
//     complementary slackness on every arc of the full network (capacity arcs included, since they
//     carry their full flow in the reduced one): optimal.
Solution Evaluator::solve_flow(Solution sol, const Matrix<std::int64_t>& C) {
    const std::vector<std::size_t>& hubs = sol.hubs;
    const std::size_t k = hubs.size();
    reduce(hubs, C);
    const std::size_t n = reduced_.source.size();
    prices_.target.resize(n);
    prices_.regret.resize(n);
    prices_.first.resize(n);
    prices_.second.resize(n);
    prices_.u.assign(k + 1, 0);
    ascend_prices(hubs);

    split_.free.assign(n, 0);
    for (int round = 0;; ++round) {
        choose_targets(k);
        split_sources(hubs, round == 0);
        if (!solve_free(hubs)) {
            sol.valid = false;
            return sol;
        }
        const bool violated = release_violators();
        // Capacity prices from the potentials (u_h = π_sink − π_h), for the next round and next solve.
        for (std::size_t j = 0; j < k; ++j)
            prices_.u[j] = std::max<std::int64_t>(0, free_.potential[k] - free_.potential[j]);
        if (violated) continue;
        collect(sol);
        return sol;
    }
}

// The active sources (those with an open hub) and their costs over the open hubs, column k the unrouted
// option at M. M, the cost of an unrouted pack: an augmenting path visits each hub at most once, with at
// most k source→hub arcs forward and k−1 backward, so M above max + (k−1)(max − min) makes routing one
// more pack always pay.
void Evaluator::reduce(const std::vector<std::size_t>& hubs, const Matrix<std::int64_t>& C) {
    const std::size_t H = net_.hub_count, k = hubs.size();
    std::vector<std::size_t>& active = reduced_.source;
    active.clear();
    reduced_.packs.clear();
    for (std::size_t i = 0; i < net_.sources.size(); ++i)
        if (cheapest_.hub[i] != H) {
            active.push_back(i);
            reduced_.packs.push_back(net_.sources[i].packs);
        }
    reduced_.cost.reshape(k + 1, active.size());
    std::int64_t lo = std::numeric_limits<std::int64_t>::max(), hi = std::numeric_limits<std::int64_t>::min();
    for (std::size_t j = 0; j < k; ++j) {
        const std::int64_t* from = C.row(hubs[j]);
        std::int64_t* to = reduced_.cost.row(j);
        for (std::size_t a = 0; a < active.size(); ++a) {
            const std::int64_t c = from[active[a]];
            to[a] = c;
            if (c != no_arc) {
                lo = std::min(lo, c);
                hi = std::max(hi, c);
            }
        }
    }
    reduced_.unrouted_cost = std::max<std::int64_t>(hi, 0) + static_cast<std::int64_t>(k) * (hi - lo) + 1;
    std::fill(reduced_.cost.row(k), reduced_.cost.row(k) + active.size(), reduced_.unrouted_cost);
}

// The prices: Gauss–Seidel coordinate ascent on the Lagrangian dual of the hub capacities,
// L(u) = Σ_i s_i min_t (c_it + u_t) − Σ_j u_j cap_j (t over the open hubs and the unrouted option, whose
// price stays 0). Each step sets one hub's price to its exact maximiser with the others held. Ascent can
// stall at a kink short of the optimum; solve_flow only needs a close guess.
void Evaluator::ascend_prices(const std::vector<std::size_t>& hubs) {
    const std::size_t k = hubs.size();
    choose_targets(k);
    for (int sweep = 0; sweep < 12; ++sweep) {
        bool changed = false;
        for (std::size_t j = 0; j < k; ++j) {
            const std::int64_t price = hub_price(j, net_.cap[hubs[j]]);
            if (price != prices_.u[j]) {
                reprice_column(j, price, k);
                changed = true;
            }
        }
        if (!changed) break;
    }
}

// Column j's maximiser with the other prices held: the least u_j ≥ 0 at which the packs that prefer j fit
// its capacity.
std::int64_t Evaluator::hub_price(std::size_t j, std::int64_t capacity) {
    // t_a: how much dearer j may get before source a leaves it for its best other target.
    ties_.clear();
    std::int64_t demand = 0;
    for (std::size_t a = 0; a < reduced_.source.size(); ++a) {
        const std::int64_t c = reduced_.cost.at(j, a);
        if (c == no_arc) continue;
        const std::int64_t other = prices_.target[a] == j ? prices_.first[a] + prices_.regret[a] : prices_.first[a];
        const std::int64_t t = other - c;
        if (t > 0) {
            const std::int64_t packs = reduced_.packs[a];
            ties_.push_back({t, packs});
            demand += packs;
        }
    }
    if (demand <= capacity) return 0;
    // The marginal pack, taking the keenest first: its margin is the price.
    const std::size_t p = first_exceeding(
        ties_, capacity, [](const auto& x, const auto& y) { return x > y; }, [](const auto& x) { return x.second; });
    return ties_[p].first;
}

// Each active source's cheapest target under the prices u (first its reduced cost), and its regret (the
// gap to the next target).
void Evaluator::choose_targets(std::size_t k) {
    for (std::size_t a = 0; a < prices_.target.size(); ++a) choose_target(a, k);
}

void Evaluator::choose_target(std::size_t a, std::size_t k) {
    const std::vector<std::int64_t>& u = prices_.u;
    const Reduced::Row row = reduced_.row(a);
    const TwoCheapest best =
        two_cheapest(k + 1, [&](std::size_t j) { return row[j] == no_arc ? no_arc : row[j] + u[j]; });
    prices_.target[a] = best.first_index;
    prices_.first[a] = best.first;
    prices_.second[a] = best.second_index;
    prices_.regret[a] = best.second == no_arc ? reduced_.unrouted_cost : best.second - best.first;
}

// Sets column j's price and updates every source's target and regret to what choose_targets would give,
// without rescanning every row. two_cheapest orders the columns by (reduced cost, index). A dearer j can
// only change the sources whose first or second it was: those rows are rescanned. A cheaper j moves up
// the order of each source that has it, which its first and second alone decide.
void Evaluator::reprice_column(std::size_t j, std::int64_t price, std::size_t k) {
    const std::int64_t delta = price - prices_.u[j];
    prices_.u[j] = price;
    for (std::size_t a = 0; a < prices_.target.size(); ++a) {
        const std::int64_t c = reduced_.cost.at(j, a);
        if (c == no_arc) continue;
        std::size_t& t = prices_.target[a];
        if (delta > 0) {
            if (t == j || prices_.second[a] == j) choose_target(a, k);
            continue;
        }
        const std::int64_t r = c + price;
        std::int64_t& first = prices_.first[a];
        std::int64_t& regret = prices_.regret[a];
        const bool has_second = prices_.second[a] <= k;
        const std::int64_t second = has_second ? first + regret : no_arc;
        if (t == j) {
            first = r;
            if (has_second) regret = second - r;
        } else if (r < first || (r == first && j < t)) {
            prices_.second[a] = t;
            regret = first - r;
            first = r;
            t = j;
        } else if (!has_second || r < second || (r == second && j < prices_.second[a])) {
            prices_.second[a] = j;
            regret = r - first;
        }
    }
}

// The free sources: in the first round the near-ties, the hundredth of the sources (at least 200) with
// the smallest regret; in later rounds those plus the ones release_violators freed. Then the sources of
// any hub the fixed packs would overfill.
void Evaluator::split_sources(const std::vector<std::size_t>& hubs, bool first_round) {
    const std::size_t n = reduced_.source.size();
    const std::vector<std::int64_t>& regret = prices_.regret;
    if (first_round) {
        order_.resize(n);
        std::iota(order_.begin(), order_.end(), std::size_t{0});
        const std::size_t m = std::min(n, std::max<std::size_t>(200, n / 100));
        std::nth_element(order_.begin(), order_.begin() + static_cast<std::ptrdiff_t>(m - 1), order_.end(),
                         [&](std::size_t a, std::size_t b) { return regret[a] != regret[b] ? regret[a] < regret[b] : a < b; });
        for (std::size_t x = 0; x < m; ++x) split_.free[order_[x]] = 1;
    }
    split_.near_tie = 0;
    for (std::size_t a = 0; a < n; ++a)
        if (split_.free[a]) split_.near_tie = std::max(split_.near_tie, regret[a]);
    free_overfull(hubs);
}

// Fixed packs may not overfill a hub: free that hub's sources, least regret first.
void Evaluator::free_overfull(const std::vector<std::size_t>& hubs) {
    const std::size_t n = reduced_.source.size(), k = hubs.size();
    std::vector<std::int64_t>& load = split_.fixed_load;
    load.assign(k + 1, 0);
    for (std::size_t a = 0; a < n; ++a)
        if (!split_.free[a]) load[prices_.target[a]] += reduced_.packs[a];
    for (std::size_t j = 0; j < k; ++j) {
        const std::int64_t capj = net_.cap[hubs[j]];
        if (load[j] <= capj) continue;
        order_.clear();
        for (std::size_t a = 0; a < n; ++a)
            if (!split_.free[a] && prices_.target[a] == j) order_.push_back(a);
        std::stable_sort(order_.begin(), order_.end(),
                         [&](std::size_t a, std::size_t b) { return prices_.regret[a] < prices_.regret[b]; });
        for (std::size_t a : order_) {
            if (load[j] <= capj) break;
            split_.free[a] = 1;
            load[j] -= reduced_.packs[a];
        }
    }
}

// Extends the free flow's potentials: a fixed source sits on its target's arc, so π_i = π_t − c_it. A
// fixed source with an arc of negative reduced cost is freed. Returns whether any was.
bool Evaluator::release_violators() {
    const std::vector<std::int64_t>& pot = free_.potential;
    const std::size_t k = pot.size() - 1;
    bool violated = false;
    for (std::size_t a = 0; a < reduced_.source.size(); ++a) {
        if (split_.free[a]) continue;
        const Reduced::Row row = reduced_.row(a);
        const std::size_t t = prices_.target[a];
        const std::int64_t pi_i = pot[t] - row[t];
        for (std::size_t j = 0; j <= k; ++j)
            if (row[j] != no_arc && row[j] + pi_i - pot[j] < 0) {
                split_.free[a] = 1;
                violated = true;
                break;
            }
    }
    return violated;
}

// The optimal flow: fixed sources on their targets, the free flow's arcs, sorted by source then hub. The
// fixed ones come in source order already; only the free flow's few arcs are sorted, then merged in.
void Evaluator::collect(Solution& sol) {
    const std::vector<std::size_t>& hubs = sol.hubs;
    const std::size_t k = hubs.size();
    std::sort(free_.flows.begin(), free_.flows.end(), [](const Assignment& x, const Assignment& y) {
        return x.source != y.source ? x.source < y.source : x.hub < y.hub;
    });
    sol.flows.reserve(sol.flows.size() + reduced_.source.size() + free_.flows.size());
    std::size_t next_free = 0;
    auto take_free_until = [&](std::size_t a_end) {  // free arcs of active sources before a_end
        for (; next_free < free_.flows.size() && free_.flows[next_free].source < a_end; ++next_free) {
            const Assignment& f = free_.flows[next_free];
            if (f.hub == k) {
                sol.unroutable += f.packs;
                continue;
            }
            sol.flows.push_back({reduced_.source[f.source], hubs[f.hub], f.packs});
            sol.cost += f.packs * reduced_.cost.at(f.hub, f.source);
        }
    };
    for (std::size_t a = 0; a < reduced_.source.size(); ++a) {
        if (split_.free[a]) continue;
        take_free_until(a);
        const Source& s = net_.sources[reduced_.source[a]];
        const std::size_t t = prices_.target[a];
        if (t == k) sol.unroutable += s.packs;
        else {
            sol.flows.push_back({reduced_.source[a], hubs[t], s.packs});
            sol.cost += s.packs * reduced_.cost.at(t, a);
        }
    }
    take_free_until(reduced_.source.size());
    for (std::size_t j = 0; j < k; ++j) sol.capacity_price[hubs[j]] = prices_.u[j];
}

// ---- the free flow: NetworkSimplex with column generation ----

// NetworkSimplex on the free sources, the fixed aggregates, the hubs and the sink; each free source
// starts with arcs to the sink and its two best hubs under the prices, and arcs with a negative reduced
// cost c + π(source) − π(hub) are added until none is left. Leaves the potentials of the hubs and the sink
// in free_.potential (index k the sink) and the flows in free_.flows (hub k = unrouted).
bool Evaluator::solve_free(const std::vector<std::size_t>& hubs) {
    free_.nodes.clear();
    for (std::size_t a = 0; a < split_.free.size(); ++a)
        if (split_.free[a]) free_.nodes.push_back(a);
    seed_arcs(hubs.size());
    for (;;) {
        if (!run_simplex(hubs)) return false;
        if (price_out(hubs.size())) continue;
        take_free_flows();
        return true;
    }
}

// Each free source's arcs to its two best hubs under the prices, and to every other hub within the
// largest near-tie regret of its best.
void Evaluator::seed_arcs(std::size_t k) {
    const std::vector<std::int64_t>& u = prices_.u;
    free_.arcs.assign(free_.nodes.size(), k, 0);
    for (std::size_t x = 0; x < free_.nodes.size(); ++x) {
        const Reduced::Row row = reduced_.row(free_.nodes[x]);
        const TwoCheapest best =
            two_cheapest(k, [&](std::size_t j) { return row[j] == no_arc ? no_arc : row[j] + u[j]; });
        if (best.first_index == k) continue;
        free_.arcs.at(x, best.first_index) = 1;
        if (best.second_index != k) free_.arcs.at(x, best.second_index) = 1;
        for (std::size_t j = 0; j < k; ++j)
            if (row[j] != no_arc && row[j] + u[j] - best.first <= split_.near_tie) free_.arcs.at(x, j) = 1;
    }
}

// Builds the free flow's graph and solves it. Nodes: free sources 0..n-1, hubs n..n+k-1, the sink n+k, and
// per hub one node n+k+1+j holding the packs fixed there, which must pass through that hub: so each
// capacity arc carries its full flow and its reduced cost says what it would in the whole network. Arcs
// sorted by source, as StaticDigraph wants: each source's hub arcs and its unrouted arc, the capacity arcs,
// the fixed-pack arcs. Keeps the potentials and flows; false when the solver does not find an optimum.
bool Evaluator::run_simplex(const std::vector<std::size_t>& hubs) {
    const std::size_t k = hubs.size(), n = free_.nodes.size();
    auto packs_of = [&](std::size_t x) { return reduced_.packs[free_.nodes[x]]; };
    free_.edges.clear();
    free_.keys.clear();
    for (std::size_t x = 0; x < n; ++x)
        for (std::size_t j = 0; j <= k; ++j)
            if (j == k || free_.arcs.at(x, j)) {
                free_.edges.emplace_back(static_cast<int>(x), static_cast<int>(n + j));
                free_.keys.push_back(j);
            }
    for (std::size_t j = 0; j < k; ++j) {
        free_.edges.emplace_back(static_cast<int>(n + j), static_cast<int>(n + k));
        free_.keys.push_back(capacity_key);
    }
    for (std::size_t j = 0; j < k; ++j) {
        free_.edges.emplace_back(static_cast<int>(n + k + 1 + j), static_cast<int>(n + j));
        free_.keys.push_back(fixed_key);
    }
    SimplexGraph g;
    g.build(static_cast<int>(n + 2 * k + 1), free_.edges.begin(), free_.edges.end());
    SimplexGraph::ArcMap<std::int64_t> cost(g), upper(g);
    SimplexGraph::NodeMap<std::int64_t> supply(g, 0);
    for (std::size_t e = 0; e < free_.edges.size(); ++e) {
        const SimplexGraph::Arc arc = g.arc(static_cast<int>(e));
        const std::size_t x = static_cast<std::size_t>(free_.edges[e].first);
        const std::size_t key = free_.keys[e];
        cost[arc] = key == capacity_key || key == fixed_key ? 0 : reduced_.cost.at(key, free_.nodes[x]);
        // The fixed packs' arc costs are counted outside the flow.
        upper[arc] = key == capacity_key ? net_.cap[hubs[x - n]] : key == fixed_key ? split_.fixed_load[x - n - k - 1] : packs_of(x);
    }
    std::int64_t total = 0;
    for (std::size_t x = 0; x < n; ++x) {
        supply[g.node(static_cast<int>(x))] = packs_of(x);
        total += packs_of(x);
    }
    for (std::size_t j = 0; j < k; ++j) {
        supply[g.node(static_cast<int>(n + k + 1 + j))] = split_.fixed_load[j];
        total += split_.fixed_load[j];
    }
    supply[g.node(static_cast<int>(n + k))] = -total;

    Simplex ns(g);
    ns.costMap(cost).upperMap(upper).supplyMap(supply);
    // Feasible by construction (free sources can send every pack to the sink, fixed loads fit their hubs)
    // and bounded (costs are finite, capacities too), but a solver's word is checked, not assumed.
    const FlowSolveStatus status = flow_solve_status(static_cast<int>(ns.run()));
    if (status != FlowSolveStatus::optimal) {
        solver_failures.push_back(status);
        return false;
    }
    free_.potential.resize(k + 1);
    for (std::size_t j = 0; j <= k; ++j) free_.potential[j] = ns.potential(g.node(static_cast<int>(n + j)));
    free_.node_potential.resize(n);
    for (std::size_t x = 0; x < n; ++x) free_.node_potential[x] = ns.potential(g.node(static_cast<int>(x)));
    free_.arc_flow.resize(free_.edges.size());
    for (std::size_t e = 0; e < free_.edges.size(); ++e) free_.arc_flow[e] = ns.flow(g.arc(static_cast<int>(e)));
    return true;
}

// Adds every missing source → hub arc with a negative reduced cost; returns whether any was.
bool Evaluator::price_out(std::size_t k) {
    bool added = false;
    for (std::size_t x = 0; x < free_.nodes.size(); ++x) {
        const std::int64_t pi_x = free_.node_potential[x];
        const Reduced::Row row = reduced_.row(free_.nodes[x]);
        for (std::size_t j = 0; j < k; ++j)
            if (!free_.arcs.at(x, j) && row[j] != no_arc && row[j] + pi_x - free_.potential[j] < 0) {
                free_.arcs.at(x, j) = 1;
                added = true;
            }
    }
    return added;
}

void Evaluator::take_free_flows() {
    free_.flows.clear();
    for (std::size_t e = 0; e < free_.edges.size(); ++e) {
        if (free_.keys[e] == capacity_key || free_.keys[e] == fixed_key) continue;
        const std::int64_t f = free_.arc_flow[e];
        if (f > 0) free_.flows.push_back({free_.nodes[static_cast<std::size_t>(free_.edges[e].first)], free_.keys[e], f});
    }
}

}  // namespace packfolio::logistics

namespace packfolio {

FlowSolveStatus flow_solve_status(int network_simplex_problem_type) {
    using NS = logistics::Simplex;
    switch (network_simplex_problem_type) {
        case NS::OPTIMAL: return FlowSolveStatus::optimal;
        case NS::UNBOUNDED: return FlowSolveStatus::unbounded;
        default: return FlowSolveStatus::infeasible;
    }
}

std::string flow_solve_warning(FlowSolveStatus status, std::int64_t hub_sets) {
    if (status == FlowSolveStatus::optimal) return {};
    return std::string("the flow solver found the network ") +
           (status == FlowSolveStatus::infeasible ? "infeasible" : "unbounded") + " for " + std::to_string(hub_sets) +
           (hub_sets == 1 ? " hub set" : " hub sets") + ": skipped, no flows taken from it (a bug: please report it)";
}

}  // namespace packfolio
