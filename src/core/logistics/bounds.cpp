// Lower bounds for the hub search (docs/MODEL.md §6): the Lagrangian flow bound, the same for every
// local-search move at once, and the fractional capacity cover.

#include "core/logistics/bounds.hpp"

#include <algorithm>
#include <cmath>

namespace packfolio::logistics {

FlowBound flow_bound(const Network& net, const std::vector<char>& allowed, const std::vector<std::int64_t>& u,
                     std::int64_t unroutable) {
    const std::size_t H = net.hub_count, n = net.sources.size();
    const Matrix<std::int64_t>& C = net.cost[all_outcomes];
    FlowBound b;
    std::int64_t dearest = 0;
    std::vector<std::int64_t> least(source_block);  // per source of the block: min_h (c_ih + u_h)
    for (std::size_t lo = 0; lo < n; lo += source_block) {
        const std::size_t len = std::min(source_block, n - lo);
        std::fill(least.begin(), least.begin() + static_cast<std::ptrdiff_t>(len), no_arc);
        for (std::size_t h = 0; h < H; ++h) {
            if (!allowed[h]) continue;
            const std::int64_t* row = C.row(h) + lo;
            for (std::size_t x = 0; x < len; ++x)
                if (row[x] != no_arc) least[x] = std::min(least[x], row[x] + u[h]);
        }
        for (std::size_t x = 0; x < len; ++x) {
            const std::int64_t packs = net.sources[lo + x].packs, m = least[x];
            if (m == no_arc) {
                b.forced += packs;
                continue;
            }
            b.bound += packs * m;
            dearest = std::max(dearest, m);
        }
    }
    for (std::size_t h = 0; h < H; ++h)
        if (allowed[h]) b.bound -= u[h] * net.cap[h];
    b.bound -= std::max<std::int64_t>(0, unroutable - b.forced) * dearest;
    return b;
}

MoveBounds::MoveBounds(const Network& net, const std::vector<std::size_t>& cur, const std::vector<std::int64_t>& u,
                       std::int64_t unroutable)
    : net_(net), cur_(cur), u_(u), unroutable_(unroutable), k_(cur.size()) {
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

// Each source's two cheapest reduced costs over cur (ties to the earlier position, as two_cheapest), for
// the sources lo..lo+best.size().
void MoveBounds::best_over_cur(std::size_t lo, std::vector<SourceBest>& best) const {
    const Matrix<std::int64_t>& C = net_.cost[all_outcomes];
    std::fill(best.begin(), best.end(), SourceBest{no_arc, no_arc, k_});
    for (std::size_t j = 0; j < k_; ++j) {
        const std::int64_t* row = C.row(cur_[j]) + lo;
        const std::int64_t price = u_[cur_[j]];
        for (std::size_t x = 0; x < best.size(); ++x) {
            if (row[x] == no_arc) continue;
            const std::int64_t r = row[x] + price;
            SourceBest& b = best[x];
            if (r < b.first) {
                b.second = b.first;
                b.first = r;
                b.bucket = j;
            } else if (r < b.second) {
                b.second = r;
            }
        }
    }
}

// Per added hub `in` (row H: none) and bucket (the source's best hub in cur, k for none): keep_ the
// sources' cost when their best stays open, lose_ when it is dropped. One pass over the sources, block by
// block: each block's best over cur, its sources grouped by bucket, then each hub outside cur adds its row
// bucket by bucket into running totals. Sums, counts and maxima do not depend on the order they are taken
// in, so the totals are those of a plain pass source by source.
void MoveBounds::tally() {
    const std::size_t H = net_.hub_count, n = net_.sources.size();
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
    std::vector<SourceBest> best;
    // The block's sources grouped by bucket: offset in the block, first, second and packs of each.
    std::vector<std::size_t> at(source_block), start(k_ + 2);
    std::vector<std::int64_t> first(source_block), second(source_block), packs(source_block);
    for (std::size_t lo = 0; lo < n; lo += source_block) {
        best.resize(std::min(source_block, n - lo));
        best_over_cur(lo, best);
        std::fill(start.begin(), start.end(), 0);
        for (const SourceBest& b : best) ++start[b.bucket + 1];
        for (std::size_t b = 0; b <= k_; ++b) start[b + 1] += start[b];
        std::vector<std::size_t> next(start.begin(), start.end() - 1);
        for (std::size_t x = 0; x < best.size(); ++x) {
            const std::size_t y = next[best[x].bucket]++;
            at[y] = x;
            first[y] = best[x].first;
            second[y] = best[x].second;
            packs[y] = net_.sources[lo + x].packs;
        }
        for (std::size_t b = 0; b <= k_; ++b) {
            const std::size_t from = start[b], to = start[b + 1];
            if (from == to) continue;
            Stats keep, lose;
            for (std::size_t y = from; y < to; ++y) count(keep, first[y], packs[y]);
            if (b < k_)
                for (std::size_t y = from; y < to; ++y) count(lose, second[y], packs[y]);
            keep_.at(H, b).add(keep);
            lose_.at(H, b).add(lose);
            for (std::size_t h : outside) {
                const std::int64_t* row = C.row(h) + lo;
                const std::int64_t price = u_[h];
                Stats keep_h, lose_h;
                for (std::size_t y = from; y < to; ++y) {
                    const std::int64_t c = row[at[y]] == no_arc ? no_arc : row[at[y]] + price;
                    count(keep_h, std::min(first[y], c), packs[y]);
                    if (b < k_) count(lose_h, std::min(second[y], c), packs[y]);
                }
                keep_.at(h, b).add(keep_h);
                lose_.at(h, b).add(lose_h);
            }
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
