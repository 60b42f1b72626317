// Building the logistics network (docs/MODEL.md §6): classes and sources, miles, the best outcome of each
// class at each hub, and the integer arc costs with their unit.

#include "core/logistics/network.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace packfolio::logistics {

namespace {

// No class slot: the class has no usable value in the context.
constexpr std::size_t no_slot = pack_class_count;

Matrix<OutcomeChoice> outcome_table(const Network& net, Policy policy) {
    const LogisticsInput& in = net.in;
    const LogisticsTransport& t = in.transport;
    Matrix<OutcomeChoice> table(net.classes.size(), net.hub_count, OutcomeChoice{});
    for (std::size_t k = 0; k < net.classes.size(); ++k) {
        const ClassValue& c = net.classes[k];
        for (std::size_t h = 0; h < net.hub_count; ++h) {
            const CandidateHub& hub = in.hubs[h];
            OutcomeChoice& best = table.at(k, h);
            auto consider = [&](Outcome o, std::size_t outlet, double value, bool whole) {
                const double miles = net.hub_outlet_miles.at(h, outlet);
                const double mass = whole ? c.mass_kg : c.mass_kg * in.black_mass_share.value;
                OutcomeChoice ch;
                ch.feasible = true;
                ch.outcome = o;
                ch.outlet = outlet;
                ch.value_usd = value;
                ch.out_hazmat = whole;
                // Whole packs travel on in the packaging they left the site in; black mass is packed here.
                ch.out_cost_usd = whole ? t.hazmat_usd_per_mile.value * miles * net.freight_share(mass)
                                        : t.non_hazmat_packaging_usd_per_kg.value * mass +
                                              t.non_hazmat_usd_per_mile.value * miles * net.freight_share(mass);
                ch.out_tonne_km = mass / 1000.0 * miles * km_per_mile;
                ch.out_co2_kg = ch.out_tonne_km * t.co2_kg_per_tonne_km.value;
                // Ties go to the earlier outcome and outlet (deterministic).
                if (!best.feasible || ch.value_usd - ch.out_cost_usd > best.value_usd - best.out_cost_usd) best = ch;
            };
            for (std::size_t o = 0; o < in.outlets.size(); ++o) {
                const Outlet& out = in.outlets[o];
                if (out.kind == OutletKind::recycler) {
                    double value = c.recycle_usd;
                    for (const GatePrice& p : out.gate_prices)
                        if (p.chemistry == c.pack_class.chemistry) value = p.usd_per_kg.value * c.mass_kg;
                    if (hub.shred) consider(Outcome::shred_black_mass, o, value, false);
                    else if (policy == all_outcomes) consider(Outcome::recycle_whole, o, value, true);
                }
                if (policy == shred_only || !c.reuse_possible || !hub.screen) continue;
                if (out.kind == OutletKind::second_life_buyer) {
                    // Sold as is at the buyer's quote (the hub grades them), or repurposed at the hub.
                    const SecondLifePrice* quote = nullptr;
                    for (const SecondLifePrice& p : out.second_life_prices)
                        if (p.chemistry == c.pack_class.chemistry) quote = &p;
                    if (quote) consider(Outcome::second_life, o, quote->usd_per_kwh.value * c.nominal_kwh * c.soh, true);
                    else if (hub.repurpose) consider(Outcome::second_life, o, c.second_life_usd, true);
                }
                if (out.kind == OutletKind::remanufacturer) consider(Outcome::remanufacture, o, c.remanufacture_usd, true);
            }
        }
    }
    return table;
}

// Classes in index order, each with its context value; a class without a finite value (or with no mass)
// cannot be priced, and its packs stay where they are. Returns each class index's slot in net.classes.
std::array<std::size_t, pack_class_count> value_classes(Network& net, const LogisticsContext& ctx) {
    std::array<std::size_t, pack_class_count> slot;
    slot.fill(no_slot);
    for (const PackClass& pc : logistics_classes(net.in)) {
        for (const ClassValue& v : ctx.classes) {
            const bool usable = std::isfinite(v.recycle_usd) && std::isfinite(v.second_life_usd) &&
                                std::isfinite(v.remanufacture_usd) && std::isfinite(v.nominal_kwh) &&
                                std::isfinite(v.soh) && std::isfinite(v.mass_kg) && v.mass_kg > 0.0;
            if (v.pack_class == pc && usable) {
                slot[pack_class_index(pc)] = net.classes.size();
                net.classes.push_back(v);
                break;
            }
        }
    }
    return slot;
}

// Sources: supply summed per (site, class), in site order then class order. Supply at a site that is not in
// the network (check_logistics reports it) is kept as unroutable, so that no pack is lost.
void gather_sources(Network& net, const std::array<std::size_t, pack_class_count>& slot) {
    const LogisticsInput& in = net.in;
    std::unordered_map<std::string_view, std::size_t> site_index;
    site_index.reserve(in.sites.size());
    for (std::size_t i = 0; i < in.sites.size(); ++i) site_index.emplace(in.sites[i].id, i);
    // (site, class index) → packs, dense: a network has few classes, so this stays small beside the costs.
    std::vector<std::int64_t> packs(in.sites.size() * pack_class_count, 0);
    for (const SiteSupply& s : in.supply) {
        if (s.packs_per_year <= 0) continue;
        const PackClass pc{s.chemistry, s.soh_band, s.damaged};
        auto it = site_index.find(s.site);
        if (it == site_index.end()) {
            net.unvalued.push_back({s.site, pc, s.packs_per_year, "the site is not in logistics.sites"});
            net.unvalued_supply += s.packs_per_year;
            net.total_supply += s.packs_per_year;
            continue;
        }
        packs[it->second * pack_class_count + pack_class_index(pc)] += s.packs_per_year;
    }
    for (std::size_t key = 0; key < packs.size(); ++key) {
        const std::int64_t n = packs[key];
        if (n == 0) continue;
        const std::size_t site = key / pack_class_count, cls = key % pack_class_count;
        net.total_supply += n;
        if (slot[cls] == no_slot) {
            net.unvalued.push_back({in.sites[site].id, pack_class_at(cls), n,
                                    "the lifecycle model gave no finite value for this class"});
            net.unvalued_supply += n;
            continue;
        }
        net.sources.push_back({site, slot[cls], n});
    }
}

void measure_miles(Network& net) {
    const LogisticsInput& in = net.in;
    net.site_hub_miles.reshape(in.sites.size(), net.hub_count);
    for (std::size_t s = 0; s < in.sites.size(); ++s)
        for (std::size_t h = 0; h < net.hub_count; ++h)
            net.site_hub_miles.at(s, h) = net.miles(in.sites[s].lat, in.sites[s].lon, in.hubs[h].lat, in.hubs[h].lon);
    net.hub_outlet_miles.reshape(net.hub_count, in.outlets.size());
    for (std::size_t h = 0; h < net.hub_count; ++h)
        for (std::size_t o = 0; o < in.outlets.size(); ++o)
            net.hub_outlet_miles.at(h, o) = net.miles(in.hubs[h].lat, in.hubs[h].lon, in.outlets[o].lat, in.outlets[o].lon);
}

// std::llround(x), inline where |x| < 4e18 (there the cast truncates exactly and x − trunc(x) is exact);
// beyond that, and for NaN, the library's. Arc costs are rounded hundreds of millions of times on a large
// network, and the library call dominated that.
std::int64_t round_to_unit(double x) {
    if (!(std::fabs(x) < 4.0e18)) return std::llround(x);
    const std::int64_t t = static_cast<std::int64_t>(x);
    const double frac = x - static_cast<double>(t);
    return t + (frac >= 0.5) - (frac <= -0.5);
}

// Per-pack arc costs in USD of one hub under one policy, per source: inbound plus outbound less the
// outcome's value (meaningful where the class has an outcome there). The factors that depend only on the
// class or only on the (site, hub) pair are taken out of the loop, each computed by the same operations
// as Network::inbound_usd, so every arc gets the same double as the formula written out per arc.
void arc_usd_row(const Network& net, Policy p, std::size_t h, const std::vector<double>& packaging_usd,
                 const std::vector<double>& share, std::vector<double>& usd) {
    const double rate = net.in.transport.hazmat_usd_per_mile.value;
    usd.resize(net.sources.size());
    for (std::size_t i = 0; i < net.sources.size(); ++i) {
        const Source& s = net.sources[i];
        const OutcomeChoice& ch = net.choice[p].at(s.cls, h);
        const double inbound = packaging_usd[s.cls] + rate * net.site_hub_miles.at(s.site, h) * share[s.cls];
        usd[i] = inbound + ch.out_cost_usd - ch.value_usd;
    }
}

// The integer unit: cents, or a coarser power of ten when the largest possible objective (every pack on
// the unroutable arc, priced as in Evaluator::solve_flow) could overflow int64. `max_abs`: the largest
// |arc cost| in USD, at least 1.
void choose_unit(Network& net, double max_abs) {
    const std::size_t H = net.hub_count;
    double fixed_sum = 0.0;
    for (const CandidateHub& h : net.in.hubs) fixed_sum += h.fixed_cost_usd_per_year.value;
    const double limit = 4.0e18;  // below 2^62, leaving NetworkSimplex's artificial costs their headroom
    const double supply = static_cast<double>(std::max<std::int64_t>(1, net.total_supply));
    while ((2.0 * static_cast<double>(H) + 3.0) * (2.0 * max_abs / net.unit_usd + 2.0) * supply +
               fixed_sum / net.unit_usd >
           limit)
        net.unit_usd *= 10.0;
    if (net.unit_usd > 0.01)
        net.warnings.push_back("costs are optimised in steps of $" + std::to_string(net.unit_usd) +
                               " per pack to keep the flow's integer arithmetic exact");
}

// Arc costs and hub fixed costs rounded to the unit; hub capacities. Each arc's cost in USD is computed
// once: rounded to cents while the largest is found, and rounded again only if that forces a coarser unit.
void price_arcs(Network& net) {
    const std::size_t H = net.hub_count, n = net.sources.size();
    const LogisticsTransport& t = net.in.transport;
    std::vector<double> packaging_usd, share;  // per class slot, per pack
    for (const ClassValue& c : net.classes) {
        const double packaging = t.hazmat_packaging_usd_per_kg.value *
                                 (c.pack_class.damaged ? t.damaged_packaging_multiplier.value : 1.0);
        packaging_usd.push_back(packaging * c.mass_kg);
        share.push_back(net.freight_share(c.mass_kg));
    }
    std::vector<double> usd;
    double max_abs = 1.0;
    // One hub's row of costs from `usd`, no_arc where the class has no outcome at the hub.
    auto round_row = [&](Policy p, std::size_t h, bool track_max) {
        std::int64_t* row = net.cost[p].row(h);
        for (std::size_t i = 0; i < n; ++i) {
            if (!net.choice[p].at(net.sources[i].cls, h).feasible) {
                row[i] = no_arc;
                continue;
            }
            if (track_max) max_abs = std::max(max_abs, std::abs(usd[i]));
            row[i] = round_to_unit(usd[i] / net.unit_usd);
        }
    };
    const double cents = net.unit_usd;
    for (Policy p : policies) {
        net.cost[p].reshape(H, n);
        for (std::size_t h = 0; h < H; ++h) {
            arc_usd_row(net, p, h, packaging_usd, share, usd);
            round_row(p, h, true);
        }
    }
    choose_unit(net, max_abs);
    if (net.unit_usd != cents)
        for (Policy p : policies)
            for (std::size_t h = 0; h < H; ++h) {
                arc_usd_row(net, p, h, packaging_usd, share, usd);
                round_row(p, h, false);
            }
    for (const CandidateHub& h : net.in.hubs) {
        net.fixed.push_back(std::llround(h.fixed_cost_usd_per_year.value / net.unit_usd));
        net.cap.push_back(std::max(0, h.capacity_packs_per_year));
    }
}

}  // namespace

Network build_network(const LogisticsInput& in, const LogisticsContext& ctx) {
    Network net;
    net.in = in;
    net.hub_count = in.hubs.size();
    gather_sources(net, value_classes(net, ctx));
    measure_miles(net);
    for (Policy p : policies) net.choice[p] = outcome_table(net, p);
    price_arcs(net);
    return net;
}

}  // namespace packfolio::logistics
