// Lower bounds for the hub search (docs/MODEL.md §6): the Lagrangian flow bound, the same for every
// local-search move at once, and the fractional capacity cover.

#include "core/logistics/bounds.hpp"

#include <algorithm>
#include <cmath>

namespace packfolio::logistics {

FlowBound flow_bound(const Network& net, const std::vector<char>& allowed, const std::vector<std::int64_t>& u,
                     std::int64_t unroutable) {
    const std::size_t H = net.hub_count;
    const Matrix<std::int64_t>& C = net.cost[all_outcomes];
    FlowBound b;
    std::int64_t dearest = 0;
    for (std::size_t i = 0; i < net.sources.size(); ++i) {
        const std::int64_t* row = C.row(i);
        std::int64_t m = no_arc;
        for (std::size_t h = 0; h < H; ++h)
            if (allowed[h] && row[h] != no_arc) m = std::min(m, row[h] + u[h]);
        if (m == no_arc) {
            b.forced += net.sources[i].packs;
            continue;
        }
        b.bound += net.sources[i].packs * m;
        dearest = std::max(dearest, m);
    }
    for (std::size_t h = 0; h < H; ++h)
        if (allowed[h]) b.bound -= u[h] * net.cap[h];
    b.bound -= std::max<std::int64_t>(0, unroutable - b.forced) * dearest;
    return b;
}

MoveBounds::MoveBounds(const Network& net, const std::vector<std::size_t>& cur, const std::vector<std::int64_t>& u,
                       std::int64_t unroutable)
    : net_(net), cur_(cur), u_(u), unroutable_(unroutable), k_(cur.size()) {
    const Matrix<std::int64_t>& C = net.cost[all_outcomes];
    best_.resize(net.sources.size());
    for (std::size_t i = 0; i < net.sources.size(); ++i) {
        const std::int64_t* row = C.row(i);
        const TwoCheapest t = two_cheapest(k_, [&](std::size_t j) {
            const std::int64_t c = row[cur[j]];
            return c == no_arc ? no_arc : c + u[cur[j]];
        });
        best_[i] = {t.first, t.second, t.first_index};
    }
    for (std::size_t j = 0; j < k_; ++j) cur_credit_ += u[cur[j]] * net.cap[cur[j]];
    tally();
}

FlowBound MoveBounds::bound(std::size_t out, std::size_t in) const {
    Stats t;
    for (std::size_t j = 0; j <= k_; ++j) t.add(out < k_ && j == out ? lose_.at(in, j) : keep_.at(in, j));
    FlowBound b;
    b.forced = t.forced;
    b.bound = t.sum - cur_credit_;
    if (out < k_) b.bound += u_[cur_[out]] * net_.cap[cur_[out]];
    if (in < net_.hub_count) b.bound -= u_[in] * net_.cap[in];
    b.bound -= std::max<std::int64_t>(0, unroutable_ - b.forced) * t.dearest;
    return b;
}

// Per added hub `in` (row H: none) and bucket (the source's best hub in cur, k for none): keep_ the
// sources' cost when their best stays open, lose_ when it is dropped. One pass over the sources, reading
// each one's row of costs once.
void MoveBounds::tally() {
    const std::size_t H = net_.hub_count;
    const Matrix<std::int64_t>& C = net_.cost[all_outcomes];
    keep_.assign(H + 1, k_ + 1, Stats{});
    lose_.assign(H + 1, k_ + 1, Stats{});
    std::vector<std::size_t> outside;
    for (std::size_t h = 0; h < H; ++h)
        if (std::find(cur_.begin(), cur_.end(), h) == cur_.end()) outside.push_back(h);
    auto count = [](Stats& st, std::int64_t m, std::int64_t packs) {
        if (m == no_arc) {
            st.forced += packs;
            return;
        }
        st.sum += packs * m;
        st.dearest = std::max(st.dearest, m);
    };
    for (std::size_t i = 0; i < best_.size(); ++i) {
        const std::int64_t packs = net_.sources[i].packs;
        const auto [m1, m2, b] = best_[i];
        const std::int64_t* row = C.row(i);
        count(keep_.at(H, b), m1, packs);
        if (b < k_) count(lose_.at(H, b), m2, packs);
        for (std::size_t h : outside) {
            const std::int64_t c = row[h] == no_arc ? no_arc : row[h] + u_[h];
            count(keep_.at(h, b), std::min(m1, c), packs);
            if (b < k_) count(lose_.at(h, b), std::min(m2, c), packs);
        }
    }
}

std::int64_t cover_bound(const Network& net, const std::vector<std::size_t>& by_ratio, const std::vector<char>& allowed,
                         std::int64_t packs) {
    double cost = 0.0;
    for (std::size_t h : by_ratio) {
        if (packs <= 0) break;
        if (!allowed[h] || net.cap[h] == 0) continue;
        const std::int64_t take = std::min(packs, net.cap[h]);
        cost += static_cast<double>(net.fixed[h]) * static_cast<double>(take) / static_cast<double>(net.cap[h]);
        packs -= take;
    }
    return static_cast<std::int64_t>(std::floor(cost));
}

}  // namespace packfolio::logistics
