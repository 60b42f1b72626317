// The hub search (docs/MODEL.md §6, "Hub set"): which candidate hubs to open, as sliced work.
//
// Index of this file:
//   make_design              a Solution in the units of the flow → a LogisticsDesign in doubles
//   HubSearch::Impl          the search's state and one unit of work per call:
//     all_open_unit          every candidate open (or the fixed set): how many packs can be routed at all
//     single_unit            each hub alone: the centralised design
//     decentralised_unit     every shredding hub, shredding only; then the root bound
//     local_search_unit      add/drop/swap moves, cheapest bound first (prepare_moves)
//     enumeration_unit       branch and bound over include/exclude decisions (16 candidates or fewer)
//     progress, result
//   HubSearch, solve_logistics   the public interface (core/logistics.hpp)

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>

#include "core/logistics.hpp"
#include "core/logistics/bounds.hpp"
#include "core/logistics/flow.hpp"
#include "core/logistics/network.hpp"

namespace packfolio {

namespace {

using namespace logistics;

constexpr std::size_t max_enumeration_hubs = 16;

// The packs of each source that no flow took, with the reason. A large network can leave millions of
// sources short, so the reasons are written once and the hubs of a source are looked at only as far as
// its reason needs.
void add_unroutable(const Network& net, const Solution& sol, const std::vector<std::int64_t>& routed,
                    LogisticsDesign& d) {
    const LogisticsInput& in = net.in;
    const Matrix<std::int64_t>& C = net.cost[sol.policy];
    const char* why_none =
        sol.policy == shred_only
            ? "hub can shred it for a recycler (shredding hubs and a recycler outlet are needed)"
            : "hub offers an outcome for this class (recycling needs a recycler outlet; reuse needs a screening "
              "hub, a reusable pack and a second-life buyer or remanufacturer)";
    const std::string no_candidate = std::string("no candidate ") + why_none, none_open = "no hub is open",
                      no_open = std::string("no open ") + why_none, full = "the open hubs' capacity is full";
    std::size_t entries = net.unvalued.size();
    for (std::size_t i = 0; i < net.sources.size(); ++i) entries += net.sources[i].packs != routed[i];
    d.unroutable.reserve(entries);
    for (std::size_t i = 0; i < net.sources.size(); ++i) {
        const Source& s = net.sources[i];
        const std::int64_t left = s.packs - routed[i];
        if (left == 0) continue;
        bool reachable = false, anywhere = false;
        for (std::size_t h : sol.hubs) reachable = reachable || C.at(h, i) != no_arc;
        for (std::size_t h = 0; h < net.hub_count && !reachable; ++h) anywhere = anywhere || C.at(h, i) != no_arc;
        const std::string& reason = reachable ? full : !anywhere ? no_candidate : sol.hubs.empty() ? none_open : no_open;
        d.unroutable.push_back({in.sites[s.site].id, net.classes[s.cls].pack_class, left, reason});
        d.packs_unroutable += left;
    }
    for (const UnroutablePacks& u : net.unvalued) {
        d.unroutable.push_back(u);
        d.packs_unroutable += u.packs;
    }
}

// Every reported figure recomputed in doubles from the flows (the units only steer the optimisation).
LogisticsDesign make_design(const Network& net, const Solution& sol) {
    LogisticsDesign d;
    const LogisticsInput& in = net.in;
    for (std::size_t h : sol.hubs) {
        d.open_hubs.push_back(in.hubs[h].id);
        d.fixed_cost_usd += in.hubs[h].fixed_cost_usd_per_year.value;
    }
    std::vector<std::int64_t> routed(net.sources.size(), 0);
    d.flows.reserve(sol.flows.size());
    for (const Assignment& a : sol.flows) {
        const Source& s = net.sources[a.source];
        const OutcomeChoice& ch = net.choice[sol.policy].at(s.cls, a.hub);
        const double n = static_cast<double>(a.packs);
        LogisticsFlow f;
        f.site = in.sites[s.site].id;
        f.pack_class = net.classes[s.cls].pack_class;
        f.hub = in.hubs[a.hub].id;
        f.outcome = ch.outcome;
        f.outlet = in.outlets[ch.outlet].id;
        f.packs = a.packs;
        const double in_tkm = net.inbound_tonne_km(s, a.hub);
        f.transport_cost_usd = n * (net.inbound_usd(s, a.hub) + ch.out_cost_usd);
        f.value_usd = n * ch.value_usd;
        f.co2_kg = n * (in_tkm + ch.out_tonne_km) * in.transport.co2_kg_per_tonne_km.value;
        d.hazmat_tonne_km += n * (in_tkm + (ch.out_hazmat ? ch.out_tonne_km : 0.0));
        d.non_hazmat_tonne_km += n * (ch.out_hazmat ? 0.0 : ch.out_tonne_km);
        d.transport_cost_usd += f.transport_cost_usd;
        d.total_value_usd += f.value_usd;
        d.co2_kg += f.co2_kg;
        d.packs_per_outcome[static_cast<std::size_t>(f.outcome)] += a.packs;
        d.packs_routed += a.packs;
        routed[a.source] += a.packs;
        d.flows.push_back(std::move(f));
    }
    add_unroutable(net, sol, routed, d);
    d.total_cost_usd = d.transport_cost_usd + d.fixed_cost_usd;
    d.net_value_usd = d.total_value_usd - d.total_cost_usd;
    return d;
}

std::vector<std::size_t> hubs_by_ratio(const Network& net) {
    std::vector<std::size_t> by_ratio(net.hub_count);
    std::iota(by_ratio.begin(), by_ratio.end(), std::size_t{0});
    std::stable_sort(by_ratio.begin(), by_ratio.end(), [&](std::size_t a, std::size_t b) {
        // fixed_a / cap_a < fixed_b / cap_b, zero capacity last
        const double ra = net.cap[a] ? static_cast<double>(net.fixed[a]) / static_cast<double>(net.cap[a])
                                     : std::numeric_limits<double>::infinity();
        const double rb = net.cap[b] ? static_cast<double>(net.fixed[b]) / static_cast<double>(net.cap[b])
                                     : std::numeric_limits<double>::infinity();
        return ra < rb;
    });
    return by_ratio;
}

}  // namespace

struct HubSearch::Impl {
    enum class Phase { all_open, singles, decentralised, local_search, enumeration, done };

    // Local search: candidate moves of the current set, dearest bound last, evaluated cheapest bound first.
    struct Move {
        std::int64_t bound;
        std::vector<std::size_t> hubs;
    };
    struct LocalSearch {
        std::vector<Move> moves;
        std::size_t next = 0;
        bool ready = false;  // false: the neighbourhood of the incumbent is still to be listed
    };
    // Enumeration: depth-first branch and bound over include/exclude decisions in `order`.
    struct Node {
        std::size_t depth;
        std::vector<char> in_set;   // decided in
        std::vector<char> allowed;  // in or undecided
    };
    struct Enumeration {
        std::vector<std::size_t> order;
        std::vector<Node> stack;
        std::vector<std::int64_t> prices;  // the capacity prices every node's flow bound uses
        double leaves_done = 0.0;
    };

    Network net;
    Evaluator eval;
    std::vector<std::size_t> by_ratio;  // hubs by fixed cost per unit of capacity
    Phase phase = Phase::all_open;
    std::string method;
    bool fixed = false;
    bool cancelled = false;

    Solution incumbent;
    Solution best_single;
    Solution decentral;
    std::size_t next_single = 0;
    std::int64_t routable_target = 0;  // packs the optimum routes (all hubs open routes the most)
    std::optional<std::int64_t> root_bound;
    std::vector<std::string> warnings;
    LocalSearch local;
    Enumeration enumeration;
    double reported = 0.0;  // progress, never decreasing

    Impl(const LogisticsInput& in, const LogisticsContext& ctx) : net(build_network(in, ctx)), eval(net) {
        warnings = net.warnings;
        by_ratio = hubs_by_ratio(net);
        fixed = !in.open_hubs.empty();
        method = fixed ? "fixed" : net.hub_count <= max_enumeration_hubs ? "enumeration" : "local_search";
        if (net.hub_count == 0 || net.sources.empty()) {
            // Nothing to route (or nowhere to route it): no hub opens, and that is optimal.
            incumbent.valid = true;
            root_bound = 0;
            phase = Phase::done;
        }
    }

    std::vector<std::size_t> all_hubs() const {
        std::vector<std::size_t> v(net.hub_count);
        std::iota(v.begin(), v.end(), std::size_t{0});
        return v;
    }

    std::vector<std::size_t> fixed_hubs() const {
        std::vector<std::size_t> v;
        for (std::size_t h = 0; h < net.hub_count; ++h)
            if (std::find(net.in.open_hubs.begin(), net.in.open_hubs.end(), net.in.hubs[h].id) != net.in.open_hubs.end())
                v.push_back(h);
        return v;
    }

    // The better of s and the incumbent stays; the other's flow buffer goes back to the evaluator.
    void offer(Solution s) {
        if (better(s, incumbent)) std::swap(s, incumbent);
        eval.recycle(std::move(s));
    }

    std::int64_t unrouted_at_best() const { return net.total_supply - net.unvalued_supply - routable_target; }

    // One unit of work.
    void work() {
        switch (phase) {
            case Phase::all_open: all_open_unit(); break;
            case Phase::singles: single_unit(); break;
            case Phase::decentralised: decentralised_unit(); break;
            case Phase::local_search: local_search_unit(); break;
            case Phase::enumeration: enumeration_unit(); break;
            case Phase::done: break;
        }
    }

    void all_open_unit() {
        Solution s = eval.solve(fixed ? fixed_hubs() : all_hubs(), all_outcomes);
        routable_target = net.total_supply - net.unvalued_supply - s.unroutable;
        incumbent = std::move(s);
        phase = Phase::singles;
    }

    void single_unit() {
        if (next_single < net.hub_count) {
            Solution s = eval.solve({next_single++}, all_outcomes);
            if (better(s, best_single)) best_single = s;
            if (!fixed) offer(std::move(s));
            else eval.recycle(std::move(s));
            return;
        }
        phase = Phase::decentralised;
    }

    void decentralised_unit() {
        std::vector<std::size_t> spokes;
        for (std::size_t h = 0; h < net.hub_count; ++h)
            if (net.in.hubs[h].shred) spokes.push_back(h);
        if (!spokes.empty()) decentral = eval.solve(spokes, shred_only);
        else warnings.push_back("no candidate hub can shred: the decentralised design is not available");
        if (fixed) phase = Phase::done;
        else if (routable_target == 0) {
            // Nothing can be routed anywhere: opening no hub is best.
            incumbent = Solution{};
            incumbent.valid = true;
            root_bound = 0;
            phase = Phase::done;
        } else {
            root_bound = global_bound();
            phase = Phase::local_search;
        }
    }

    std::int64_t global_bound() const {
        std::vector<char> all(net.hub_count, 1);
        const FlowBound fb = flow_bound(net, all, incumbent.capacity_price, unrouted_at_best());
        return fb.bound + cover_bound(net, by_ratio, all, routable_target);
    }

    void prepare_moves() {
        local.moves.clear();
        local.next = 0;
        const std::vector<std::size_t>& cur = incumbent.hubs;
        const std::size_t k = cur.size(), H = net.hub_count;
        std::vector<char> open(H, 0);
        for (std::size_t h : cur) open[h] = 1;
        std::int64_t fixed_cur = 0, cap_cur = 0;
        for (std::size_t h : cur) {
            fixed_cur += net.fixed[h];
            cap_cur += net.cap[h];
        }
        MoveBounds bounds(net, cur, incumbent.capacity_price, incumbent.unroutable);
        // out: the position in cur of the hub dropped (k: none); in: the hub added (H: none).
        auto add = [&](std::size_t out, std::size_t in) {
            std::vector<std::size_t> hubs;
            std::int64_t fixed_cost = fixed_cur, capacity = cap_cur;
            for (std::size_t j = 0; j < k; ++j)
                if (j != out) hubs.push_back(cur[j]);
            if (out < k) {
                fixed_cost -= net.fixed[cur[out]];
                capacity -= net.cap[cur[out]];
            }
            if (in < H) {
                hubs.push_back(in);
                fixed_cost += net.fixed[in];
                capacity += net.cap[in];
            }
            std::sort(hubs.begin(), hubs.end());
            const FlowBound fb = bounds.bound(out, in);
            const bool hopeless = fb.forced > incumbent.unroutable || capacity < routable_target;
            const std::int64_t b = fixed_cost + fb.bound;
            if (!hopeless && b < incumbent.cost) local.moves.push_back({b, std::move(hubs)});
        };
        for (std::size_t h = 0; h < H; ++h) {
            if (open[h]) {
                if (k > 1) add(static_cast<std::size_t>(std::find(cur.begin(), cur.end(), h) - cur.begin()), H);  // drop
            } else {
                add(k, h);                                      // add
                for (std::size_t j = 0; j < k; ++j) add(j, h);  // swap
            }
        }
        std::stable_sort(local.moves.begin(), local.moves.end(), [](const Move& a, const Move& b) { return a.bound < b.bound; });
        local.ready = true;
    }

    void local_search_unit() {
        if (!local.ready) {
            prepare_moves();
            return;
        }
        if (local.next < local.moves.size()) {
            const Move& m = local.moves[local.next++];
            if (m.bound >= incumbent.cost) {  // sorted: nothing further can improve
                local.next = local.moves.size();
                return;
            }
            Solution s = eval.solve(m.hubs, all_outcomes);
            if (better(s, incumbent)) local.ready = false;  // a new neighbourhood
            offer(std::move(s));
            return;
        }
        // A local optimum.
        if (net.hub_count <= max_enumeration_hubs) start_enumeration();
        else phase = Phase::done;
    }

    void start_enumeration() {
        // Hubs of the incumbent first, then by fixed cost per unit of capacity: good sets come early and
        // the bound prunes the rest.
        std::vector<std::size_t>& order = enumeration.order;
        order.clear();
        for (std::size_t h : by_ratio)
            if (std::find(incumbent.hubs.begin(), incumbent.hubs.end(), h) != incumbent.hubs.end()) order.push_back(h);
        for (std::size_t h : by_ratio)
            if (std::find(order.begin(), order.end(), h) == order.end()) order.push_back(h);
        enumeration.prices = incumbent.capacity_price;
        enumeration.stack.clear();
        enumeration.stack.push_back({0, std::vector<char>(net.hub_count, 0), std::vector<char>(net.hub_count, 1)});
        enumeration.leaves_done = 0.0;
        phase = Phase::enumeration;
    }

    // Bound of a node: fixed cost of the hubs decided in, a fractional cover of the capacity still missing
    // from the undecided ones, and the Lagrangian flow bound over all hubs that may still open. Whether the
    // node can be pruned: it cannot route the packs the optimum routes, or cannot beat the incumbent.
    bool prune(const Node& node) const {
        const std::size_t n = net.hub_count;
        std::int64_t fixed_in = 0, cap_in = 0, cap_allowed = 0;
        std::vector<char> undecided(n, 0);
        for (std::size_t h = 0; h < n; ++h) {
            if (node.in_set[h]) {
                fixed_in += net.fixed[h];
                cap_in += net.cap[h];
            }
            if (node.allowed[h]) cap_allowed += net.cap[h];
            undecided[h] = node.allowed[h] && !node.in_set[h];
        }
        const std::int64_t unrouted = unrouted_at_best();
        const FlowBound fb = flow_bound(net, node.allowed, enumeration.prices, unrouted);
        const std::int64_t bound = fixed_in + cover_bound(net, by_ratio, undecided, routable_target - cap_in) + fb.bound;
        return cap_allowed < routable_target || fb.forced > unrouted || bound >= incumbent.cost;
    }

    void enumeration_unit() {
        std::vector<Node>& stack = enumeration.stack;
        if (stack.empty()) {
            root_bound = incumbent.cost;  // proven optimal
            phase = Phase::done;
            return;
        }
        Node node = std::move(stack.back());
        stack.pop_back();
        const std::size_t n = net.hub_count;
        if (prune(node)) {
            enumeration.leaves_done += std::ldexp(1.0, static_cast<int>(n - node.depth));
            return;
        }
        if (node.depth == n) {
            enumeration.leaves_done += 1.0;
            std::vector<std::size_t> hubs;
            for (std::size_t h = 0; h < n; ++h)
                if (node.in_set[h]) hubs.push_back(h);
            if (!hubs.empty()) offer(eval.solve(hubs, all_outcomes));
            return;
        }
        const std::size_t h = enumeration.order[node.depth];
        Node without = node;
        without.depth = node.depth + 1;
        without.allowed[h] = 0;
        node.depth += 1;
        node.in_set[h] = 1;
        stack.push_back(std::move(without));  // explored after the branch that opens h
        stack.push_back(std::move(node));
    }

    // Never decreases: a new local-search neighbourhood restarts its move count, so the estimate is held at
    // its highest so far.
    double progress() {
        double p = 1.0;
        const double hubs = static_cast<double>(std::max<std::size_t>(1, net.hub_count));
        switch (phase) {
            case Phase::all_open: p = 0.0; break;
            case Phase::singles:
            case Phase::decentralised: p = 0.1 * static_cast<double>(next_single) / hubs; break;
            case Phase::local_search:
                p = net.hub_count <= max_enumeration_hubs
                        ? 0.15
                        : 0.1 + 0.85 * static_cast<double>(local.next) /
                                    static_cast<double>(std::max<std::size_t>(1, local.moves.size()));
                break;
            case Phase::enumeration:
                p = 0.2 + 0.79 * enumeration.leaves_done / std::ldexp(1.0, static_cast<int>(net.hub_count));
                break;
            case Phase::done: return reported = 1.0;
        }
        reported = std::max(reported, std::min(p, 0.99));
        return reported;
    }

    LogisticsResults result() const {
        LogisticsResults r;
        r.method = method;
        r.cancelled = cancelled;
        r.evaluations = eval.solves;
        r.cost_resolution_usd = net.unit_usd;
        r.packs_in = net.total_supply;
        r.warnings = warnings;
        if (incumbent.valid) {
            r.result = make_design(net, incumbent);
        } else {
            Solution chosen = incumbent;
            chosen.valid = true;  // cancelled before the first flow: nothing opened
            r.result = make_design(net, chosen);
            r.warnings.push_back("the search was cancelled before any hub set was evaluated");
        }
        if (best_single.valid) r.centralised = make_design(net, best_single);
        if (decentral.valid) r.decentralised = make_design(net, decentral);
        if (!fixed) {
            r.optimum = r.result;
            if (root_bound && incumbent.valid)
                r.optimality_gap_usd = static_cast<double>(std::max<std::int64_t>(0, incumbent.cost - *root_bound)) * net.unit_usd;
        } else {
            r.warnings.push_back("the hub set is fixed by logistics.open_hubs; clear it to search for the optimum");
        }
        if (net.hub_count == 0) r.warnings.push_back("no candidate hubs: every pack is unroutable");
        if (!eval.solver_failures.empty())
            r.warnings.push_back(flow_solve_warning(eval.solver_failures.front(),
                                                    static_cast<std::int64_t>(eval.solver_failures.size())));
        if (cancelled) r.warnings.push_back("the search was cancelled: the design is the best found so far");
        if (r.result.packs_unroutable > 0)
            r.warnings.push_back(std::to_string(r.result.packs_unroutable) + " of " + std::to_string(r.packs_in) +
                                 " packs/yr cannot be routed (see unroutable)");
        return r;
    }
};

HubSearch::HubSearch(const LogisticsInput& in, const LogisticsContext& ctx) : impl_(std::make_unique<Impl>(in, ctx)) {}
HubSearch::~HubSearch() = default;
HubSearch::HubSearch(HubSearch&&) noexcept = default;
HubSearch& HubSearch::operator=(HubSearch&&) noexcept = default;

double HubSearch::step(std::int64_t budget) {
    for (std::int64_t i = 0; i < budget && !done(); ++i) impl_->work();
    return impl_->progress();
}

void HubSearch::cancel() {
    if (impl_->phase == Impl::Phase::done) return;
    impl_->cancelled = true;
    impl_->phase = Impl::Phase::done;
}

bool HubSearch::done() const { return impl_->phase == Impl::Phase::done; }
double HubSearch::progress() const { return impl_->reported; }
LogisticsResults HubSearch::result() const { return impl_->result(); }

LogisticsResults solve_logistics(const LogisticsInput& in, const LogisticsContext& ctx) {
    HubSearch search(in, ctx);
    while (!search.done()) search.step(1 << 20);
    return search.result();
}

}  // namespace packfolio
