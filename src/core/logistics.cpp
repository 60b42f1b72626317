#include "core/logistics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <numeric>
#include <set>

#include <lemon/network_simplex.h>
#include <lemon/static_graph.h>

#include "core/utf8.hpp"

namespace packfolio {

// ---- classes and geometry ----

SohBand soh_band_of(double soh) {
    if (soh < 0.6) return SohBand::below_60;
    if (soh < 0.7) return SohBand::from_60_to_70;
    if (soh < 0.8) return SohBand::from_70_to_80;
    return SohBand::from_80;
}

double soh_band_value(SohBand band) {
    static constexpr std::array<double, soh_band_count> value = {0.55, 0.65, 0.75, 0.85};
    return value[static_cast<std::size_t>(band)];
}

std::size_t pack_class_index(const PackClass& c) {
    return (static_cast<std::size_t>(c.chemistry) * soh_band_count + static_cast<std::size_t>(c.soh_band)) * 2 +
           (c.damaged ? 1 : 0);
}

PackClass pack_class_at(std::size_t index) {
    PackClass c;
    c.damaged = index % 2 == 1;
    c.soh_band = static_cast<SohBand>((index / 2) % soh_band_count);
    c.chemistry = static_cast<Chemistry>(index / 2 / soh_band_count);
    return c;
}

std::string pack_class_label(const PackClass& c) {
    std::string s = chemistry_names[static_cast<std::size_t>(c.chemistry)];
    s += ' ';
    s += soh_band_names[static_cast<std::size_t>(c.soh_band)];
    if (c.damaged) s += " damaged";
    return s;
}

double great_circle_km(double lat1, double lon1, double lat2, double lon2) {
    // Haversine on the IUGG mean Earth radius; accurate to ~0.5 % against the ellipsoid, far inside the
    // uncertainty of the circuity factor applied on top.
    constexpr double earth_radius_km = 6371.0088;
    constexpr double rad = 3.14159265358979323846 / 180.0;
    const double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                     std::cos(lat1 * rad) * std::cos(lat2 * rad) * std::sin(dlon / 2) * std::sin(dlon / 2);
    return 2.0 * earth_radius_km * std::asin(std::min(1.0, std::sqrt(a)));
}

// ---- checks ----

namespace {

template <class T>
void check_ids(const std::vector<T>& items, const char* key, std::vector<FieldError>& errors) {
    std::map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string path = index_path(key, i) + ".id";
        if (items[i].id.empty()) {
            errors.push_back({path, "missing: every entry needs a non-empty id"});
            continue;
        }
        auto [it, fresh] = seen.emplace(items[i].id, i);
        if (!fresh)
            errors.push_back({path, "\"" + items[i].id + "\" is used twice (also " + index_path(key, it->second) +
                                        ".id): ids must be unique"});
    }
}


template <class T>
void check_position(const T& item, const std::string& base, std::vector<FieldError>& errors) {
    if (!(item.lat >= -90.0 && item.lat <= 90.0))
        errors.push_back({base + ".lat", number_text(item.lat) + " is out of range: expected -90 to 90 °"});
    if (!(item.lon >= -180.0 && item.lon <= 180.0))
        errors.push_back({base + ".lon", number_text(item.lon) + " is out of range: expected -180 to 180 °"});
}

std::string unknown_reference(const std::string& id, const char* what, const std::vector<std::string>& known) {
    std::string msg = "\"" + id + "\" is not a " + what + " id";
    const std::string hint = did_you_mean(id, known);
    if (!hint.empty()) msg += " (did you mean \"" + hint + "\"?)";
    return msg;
}

template <class T>
std::vector<std::string> ids_of(const std::vector<T>& items) {
    std::vector<std::string> out;
    for (const T& t : items) out.push_back(t.id);
    return out;
}

}  // namespace

std::vector<FieldError> check_logistics(const LogisticsInput& in) {
    std::vector<FieldError> errors;
    if (in.sites.empty()) errors.push_back({"sites", "empty network: at least one site is needed"});
    if (in.supply.empty()) errors.push_back({"supply", "empty network: no site has any retired packs"});
    if (in.hubs.empty()) errors.push_back({"hubs", "empty network: at least one candidate hub is needed"});
    if (in.outlets.empty())
        errors.push_back({"outlets", "empty network: at least one outlet (a recycler) is needed"});
    if (in.sites.size() > logistics_max_sites)
        errors.push_back({"sites", count_text(in.sites.size()) + " sites: expected at most " + count_text(logistics_max_sites)});
    if (in.hubs.size() > logistics_max_hubs)
        errors.push_back({"hubs", count_text(in.hubs.size()) + " candidate hubs: expected at most " + count_text(logistics_max_hubs)});
    if (in.sites.size() * in.hubs.size() > logistics_max_site_hub_pairs && in.sites.size() <= logistics_max_sites &&
        in.hubs.size() <= logistics_max_hubs)
        errors.push_back({"hubs", count_text(in.sites.size()) + " sites × " + count_text(in.hubs.size()) +
                                      " hubs = " + count_text(in.sites.size() * in.hubs.size()) +
                                      " pairs: expected at most " + count_text(logistics_max_site_hub_pairs)});

    check_ids(in.sites, "sites", errors);
    check_ids(in.hubs, "hubs", errors);
    check_ids(in.outlets, "outlets", errors);
    for (std::size_t i = 0; i < in.sites.size(); ++i) check_position(in.sites[i], index_path("sites", i), errors);
    for (std::size_t i = 0; i < in.hubs.size(); ++i) check_position(in.hubs[i], index_path("hubs", i), errors);
    for (std::size_t i = 0; i < in.outlets.size(); ++i) check_position(in.outlets[i], index_path("outlets", i), errors);

    const std::vector<std::string> site_ids = ids_of(in.sites), hub_ids = ids_of(in.hubs);
    const std::set<std::string> site_set(site_ids.begin(), site_ids.end()), hub_set(hub_ids.begin(), hub_ids.end());
    for (std::size_t i = 0; i < in.supply.size(); ++i) {
        const SiteSupply& s = in.supply[i];
        const std::string base = index_path("supply", i);
        if (!site_set.count(s.site)) errors.push_back({base + ".site", unknown_reference(s.site, "site", site_ids)});
        if (s.packs_per_year < 0)
            errors.push_back({base + ".packs_per_year",
                              std::to_string(s.packs_per_year) + " is negative: expected 0 to 10000000 packs/yr"});
    }
    for (std::size_t i = 0; i < in.hubs.size(); ++i)
        if (in.hubs[i].capacity_packs_per_year < 0)
            errors.push_back({index_path("hubs", i) + ".capacity_packs_per_year",
                              std::to_string(in.hubs[i].capacity_packs_per_year) +
                                  " is negative: expected 0 to 10000000 packs/yr"});
    for (std::size_t i = 0; i < in.open_hubs.size(); ++i)
        if (!hub_set.count(in.open_hubs[i]))
            errors.push_back({index_path("open_hubs", i), unknown_reference(in.open_hubs[i], "hub", hub_ids)});

    for (std::size_t i = 0; i < in.outlets.size(); ++i) {
        const Outlet& o = in.outlets[i];
        const std::string base = index_path("outlets", i);
        if (!o.gate_prices.empty() && o.kind != OutletKind::recycler)
            errors.push_back({base + ".gate_prices", "only a recycler quotes gate prices; this outlet is a " +
                                                         std::string(outlet_kind_names[static_cast<std::size_t>(o.kind)])});
        if (!o.second_life_prices.empty() && o.kind != OutletKind::second_life_buyer)
            errors.push_back({base + ".second_life_prices",
                              "only a second_life_buyer quotes second-life prices; this outlet is a " +
                                  std::string(outlet_kind_names[static_cast<std::size_t>(o.kind)])});
        std::set<Chemistry> seen;
        for (std::size_t k = 0; k < o.gate_prices.size(); ++k)
            if (!seen.insert(o.gate_prices[k].chemistry).second)
                errors.push_back({index_path(base + ".gate_prices", k) + ".chemistry",
                                  std::string(chemistry_names[static_cast<std::size_t>(o.gate_prices[k].chemistry)]) +
                                      " is priced twice"});
        seen.clear();
        for (std::size_t k = 0; k < o.second_life_prices.size(); ++k)
            if (!seen.insert(o.second_life_prices[k].chemistry).second)
                errors.push_back(
                    {index_path(base + ".second_life_prices", k) + ".chemistry",
                     std::string(chemistry_names[static_cast<std::size_t>(o.second_life_prices[k].chemistry)]) +
                         " is priced twice"});
    }
    return errors;
}

std::vector<PackClass> logistics_classes(const LogisticsInput& in) {
    std::array<bool, pack_class_count> used{};
    for (const SiteSupply& s : in.supply)
        if (s.packs_per_year > 0) used[pack_class_index({s.chemistry, s.soh_band, s.damaged})] = true;
    std::vector<PackClass> out;
    for (std::size_t k = 0; k < pack_class_count; ++k)
        if (used[k]) out.push_back(pack_class_at(k));
    return out;
}

// ---- the network, precomputed ----

namespace {

constexpr double km_per_mile = 1.609344;
constexpr std::size_t max_enumeration_hubs = 16;
constexpr std::int64_t no_arc = std::numeric_limits<std::int64_t>::max();

// The best outcome of one class at one hub: its value less the outbound leg.
struct OutcomeChoice {
    bool feasible = false;
    Outcome outcome = Outcome::recycle_whole;
    std::size_t outlet = 0;
    double value_usd = 0.0;       // per pack
    double out_cost_usd = 0.0;    // per pack, hub → outlet
    double out_co2_kg = 0.0;      // per pack
    double out_tonne_km = 0.0;    // per pack
    bool out_hazmat = true;       // whole packs; false for black mass
};

// Which outcomes a design allows: every one the hubs can do, or only shredding (the decentralised design).
enum Policy { all_outcomes = 0, shred_only = 1 };

struct Source {
    std::size_t site;
    std::size_t cls;  // slot in Network::classes
    std::int64_t packs;
};

struct Network {
    LogisticsInput in;
    std::vector<ClassValue> classes;
    std::vector<Source> sources;
    std::vector<UnroutablePacks> unvalued;  // supply that cannot be priced: unknown site, class not valued
    std::size_t hub_count = 0;
    std::vector<double> site_hub_miles;    // [site * hub_count + hub], road miles
    std::vector<double> hub_outlet_miles;  // [hub * outlets + outlet]
    std::array<std::vector<OutcomeChoice>, 2> choice;  // [policy][class * hub_count + hub]
    std::array<std::vector<std::int64_t>, 2> cost;     // [policy][source * hub_count + hub], units; no_arc
    std::vector<std::int64_t> fixed;                   // per hub, units
    std::vector<std::int64_t> cap;                     // per hub, packs/yr
    double unit_usd = 0.01;
    std::int64_t total_supply = 0;
    std::int64_t unvalued_supply = 0;
    std::vector<std::string> warnings;

    double miles(double lat1, double lon1, double lat2, double lon2) const {
        return great_circle_km(lat1, lon1, lat2, lon2) * in.transport.circuity.value / km_per_mile;
    }
    double freight_share(double mass_kg) const { return mass_kg / in.transport.truck_payload_kg.value; }

    // Site → hub, whole packs as hazmat: packaging (once, at the site) and freight.
    double inbound_usd(const Source& s, std::size_t h) const {
        const ClassValue& c = classes[s.cls];
        const LogisticsTransport& t = in.transport;
        const double packaging = t.hazmat_packaging_usd_per_kg.value *
                                 (c.pack_class.damaged ? t.damaged_packaging_multiplier.value : 1.0);
        return packaging * c.mass_kg +
               t.hazmat_usd_per_mile.value * site_hub_miles[s.site * hub_count + h] * freight_share(c.mass_kg);
    }
    double inbound_tonne_km(const Source& s, std::size_t h) const {
        return classes[s.cls].mass_kg / 1000.0 * site_hub_miles[s.site * hub_count + h] * km_per_mile;
    }
};

std::vector<OutcomeChoice> outcome_table(const Network& net, Policy policy) {
    const LogisticsInput& in = net.in;
    const LogisticsTransport& t = in.transport;
    std::vector<OutcomeChoice> table(net.classes.size() * net.hub_count);
    for (std::size_t k = 0; k < net.classes.size(); ++k) {
        const ClassValue& c = net.classes[k];
        for (std::size_t h = 0; h < net.hub_count; ++h) {
            const CandidateHub& hub = in.hubs[h];
            OutcomeChoice& best = table[k * net.hub_count + h];
            auto consider = [&](Outcome o, std::size_t outlet, double value, bool whole) {
                const double miles = net.hub_outlet_miles[h * in.outlets.size() + outlet];
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

Network build_network(const LogisticsInput& in, const LogisticsContext& ctx) {
    Network net;
    net.in = in;
    net.hub_count = in.hubs.size();

    // Classes in index order, each with its context value; a class without a finite value (or with no
    // mass) cannot be priced, and its packs stay where they are.
    std::array<std::size_t, pack_class_count> slot;
    slot.fill(pack_class_count);
    for (const PackClass& pc : logistics_classes(in)) {
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
    // Sources: supply summed per (site, class), in site order then class order. Supply at a site that is
    // not in the network (check_logistics reports it) is kept as unroutable, so that no pack is lost.
    std::map<std::string, std::size_t> site_index;
    for (std::size_t i = 0; i < in.sites.size(); ++i) site_index.emplace(in.sites[i].id, i);
    std::map<std::pair<std::size_t, std::size_t>, std::int64_t> packs;
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
        packs[{it->second, pack_class_index(pc)}] += s.packs_per_year;
    }
    for (const auto& [key, n] : packs) {
        net.total_supply += n;
        if (slot[key.second] == pack_class_count) {
            net.unvalued.push_back({in.sites[key.first].id, pack_class_at(key.second), n,
                                    "the lifecycle model gave no finite value for this class"});
            net.unvalued_supply += n;
            continue;
        }
        net.sources.push_back({key.first, slot[key.second], n});
    }

    const std::size_t H = net.hub_count, O = in.outlets.size();
    net.site_hub_miles.resize(in.sites.size() * H);
    for (std::size_t s = 0; s < in.sites.size(); ++s)
        for (std::size_t h = 0; h < H; ++h)
            net.site_hub_miles[s * H + h] = net.miles(in.sites[s].lat, in.sites[s].lon, in.hubs[h].lat, in.hubs[h].lon);
    net.hub_outlet_miles.resize(H * O);
    for (std::size_t h = 0; h < H; ++h)
        for (std::size_t o = 0; o < O; ++o)
            net.hub_outlet_miles[h * O + o] =
                net.miles(in.hubs[h].lat, in.hubs[h].lon, in.outlets[o].lat, in.outlets[o].lon);
    for (Policy p : {all_outcomes, shred_only}) net.choice[p] = outcome_table(net, p);

    // Arc costs in USD, then the integer unit: cents, or a coarser power of ten when the largest possible
    // objective (every pack on the unroutable arc, priced as in Evaluator::solve_flow) could overflow int64.
    auto arc_usd = [&](Policy p, std::size_t i, std::size_t h) {
        const OutcomeChoice& ch = net.choice[p][net.sources[i].cls * H + h];
        return net.inbound_usd(net.sources[i], h) + ch.out_cost_usd - ch.value_usd;
    };
    double max_abs = 1.0, fixed_sum = 0.0;
    for (Policy p : {all_outcomes, shred_only})
        for (std::size_t i = 0; i < net.sources.size(); ++i)
            for (std::size_t h = 0; h < H; ++h)
                if (net.choice[p][net.sources[i].cls * H + h].feasible) max_abs = std::max(max_abs, std::abs(arc_usd(p, i, h)));
    for (const CandidateHub& h : in.hubs) fixed_sum += h.fixed_cost_usd_per_year.value;
    const double limit = 4.0e18;  // below 2^62, leaving NetworkSimplex's artificial costs their headroom
    const double supply = static_cast<double>(std::max<std::int64_t>(1, net.total_supply));
    while ((2.0 * static_cast<double>(H) + 3.0) * (2.0 * max_abs / net.unit_usd + 2.0) * supply +
               fixed_sum / net.unit_usd >
           limit)
        net.unit_usd *= 10.0;
    if (net.unit_usd > 0.01)
        net.warnings.push_back("costs are optimised in steps of $" + std::to_string(net.unit_usd) +
                               " per pack to keep the flow's integer arithmetic exact");
    for (Policy p : {all_outcomes, shred_only}) {
        net.cost[p].assign(net.sources.size() * H, no_arc);
        for (std::size_t i = 0; i < net.sources.size(); ++i)
            for (std::size_t h = 0; h < H; ++h)
                if (net.choice[p][net.sources[i].cls * H + h].feasible)
                    net.cost[p][i * H + h] = std::llround(arc_usd(p, i, h) / net.unit_usd);
    }
    for (const CandidateHub& h : in.hubs) {
        net.fixed.push_back(std::llround(h.fixed_cost_usd_per_year.value / net.unit_usd));
        net.cap.push_back(std::max(0, h.capacity_packs_per_year));
    }
    return net;
}

// ---- min-cost flow for a fixed hub set ----

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

bool better(const Solution& a, const Solution& b) {
    if (!b.valid) return a.valid;
    if (!a.valid) return false;
    if (a.unroutable != b.unroutable) return a.unroutable < b.unroutable;
    return a.cost < b.cost;
}

class Evaluator {
public:
    explicit Evaluator(const Network& net) : net_(net) {}

    std::int64_t solves = 0;
    std::vector<FlowSolveStatus> solver_failures;  // solves that ended infeasible or unbounded

    Solution solve(const std::vector<std::size_t>& hubs, Policy policy) {
        ++solves;
        const std::size_t H = net_.hub_count;
        const std::vector<std::int64_t>& C = net_.cost[policy];
        Solution sol;
        sol.valid = true;
        sol.policy = policy;
        sol.hubs = hubs;
        sol.capacity_price.assign(H, 0);
        for (std::size_t h : hubs) sol.cost += net_.fixed[h];

        // Each source to its cheapest open hub: optimal whenever no hub's capacity binds.
        load_.assign(H, 0);
        best_.assign(net_.sources.size(), H);
        bool binding = false;
        for (std::size_t i = 0; i < net_.sources.size(); ++i) {
            std::int64_t c = no_arc;
            for (std::size_t h : hubs)
                if (C[i * H + h] < c) {
                    c = C[i * H + h];
                    best_[i] = h;
                }
            if (best_[i] == H) {
                sol.unroutable += net_.sources[i].packs;
                continue;
            }
            load_[best_[i]] += net_.sources[i].packs;
        }
        for (std::size_t h : hubs) binding = binding || load_[h] > net_.cap[h];
        if (!binding) {
            for (std::size_t i = 0; i < net_.sources.size(); ++i)
                if (best_[i] != H) {
                    sol.flows.push_back({i, best_[i], net_.sources[i].packs});
                    sol.cost += net_.sources[i].packs * C[i * H + best_[i]];
                }
            return sol;
        }
        if (hubs.size() == 1) return fill_single(std::move(sol), hubs[0], C);
        return solve_flow(std::move(sol), C);
    }

private:
    // One open hub: the cheapest packs first, up to its capacity (a single-sink transportation problem,
    // which this greedy solves exactly).
    Solution fill_single(Solution sol, std::size_t h, const std::vector<std::int64_t>& C) {
        const std::size_t H = net_.hub_count;
        order_.clear();
        for (std::size_t i = 0; i < net_.sources.size(); ++i)
            if (best_[i] != H) order_.push_back(i);
        const std::size_t cut = first_exceeding(
            order_, net_.cap[h],
            [&](std::size_t a, std::size_t b) { return C[a * H + h] != C[b * H + h] ? C[a * H + h] < C[b * H + h] : a < b; },
            [&](std::size_t i) { return net_.sources[i].packs; });
        taken_.assign(net_.sources.size(), 0);
        std::int64_t room = net_.cap[h];
        for (std::size_t x = 0; x < order_.size() && x <= cut; ++x) {
            const std::size_t i = order_[x];
            taken_[i] = x < cut ? net_.sources[i].packs : room;
            room -= taken_[i];
        }
        for (std::size_t i = 0; i < net_.sources.size(); ++i) {
            if (best_[i] == H) continue;
            if (taken_[i] > 0) {
                sol.flows.push_back({i, h, taken_[i]});
                sol.cost += taken_[i] * C[i * H + h];
            }
            sol.unroutable += net_.sources[i].packs - taken_[i];
        }
        return sol;
    }

    // Several open hubs with binding capacities: an exact min-cost flow by NetworkSimplex, kept small.
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
    // M, the cost of an unrouted pack: an augmenting path visits each hub at most once, with at most k
    // source→hub arcs forward and k−1 backward, so M above max + (k−1)(max − min) makes routing one more
    // pack always pay.
    Solution solve_flow(Solution sol, const std::vector<std::int64_t>& C) {
        const std::size_t H = net_.hub_count;
        const std::vector<std::size_t>& hubs = sol.hubs;
        const std::size_t k = hubs.size();
        active_.clear();
        for (std::size_t i = 0; i < net_.sources.size(); ++i)
            if (best_[i] != H) active_.push_back(i);
        const std::size_t n = active_.size();
        std::int64_t lo = std::numeric_limits<std::int64_t>::max(), hi = std::numeric_limits<std::int64_t>::min();
        for (std::size_t i : active_)
            for (std::size_t h : hubs)
                if (C[i * H + h] != no_arc) {
                    lo = std::min(lo, C[i * H + h]);
                    hi = std::max(hi, C[i * H + h]);
                }
        M_ = std::max<std::int64_t>(hi, 0) + static_cast<std::int64_t>(k) * (hi - lo) + 1;

        // Costs of the active sources over the open hubs, column k the unrouted option.
        cost_.resize(n * (k + 1));
        for (std::size_t a = 0; a < n; ++a) {
            for (std::size_t j = 0; j < k; ++j) cost_[a * (k + 1) + j] = C[active_[a] * H + hubs[j]];
            cost_[a * (k + 1) + k] = M_;
        }
        target_.resize(n);
        regret_.resize(n);
        first_.resize(n);
        u_.assign(k + 1, 0);
        ascend_prices(hubs);

        free_.assign(n, 0);
        for (int round = 0;; ++round) {
            choose_targets(k);
            if (round == 0) {
                // The near-ties: the hundredth of the sources (at least 200) with the smallest regret.
                order_.resize(n);
                std::iota(order_.begin(), order_.end(), std::size_t{0});
                const std::size_t m = std::min(n, std::max<std::size_t>(200, n / 100));
                std::nth_element(order_.begin(), order_.begin() + static_cast<std::ptrdiff_t>(m - 1), order_.end(),
                                 [&](std::size_t a, std::size_t b) {
                                     return regret_[a] != regret_[b] ? regret_[a] < regret_[b] : a < b;
                                 });
                for (std::size_t x = 0; x < m; ++x) free_[order_[x]] = 1;
            }
            near_tie_ = 0;
            for (std::size_t a = 0; a < n; ++a)
                if (free_[a]) near_tie_ = std::max(near_tie_, regret_[a]);
            // Fixed packs may not overfill a hub: free that hub's sources, least regret first.
            fixed_load_.assign(k + 1, 0);
            for (std::size_t a = 0; a < n; ++a)
                if (!free_[a]) fixed_load_[target_[a]] += net_.sources[active_[a]].packs;
            for (std::size_t j = 0; j < k; ++j) {
                const std::int64_t capj = net_.cap[hubs[j]];
                if (fixed_load_[j] <= capj) continue;
                order_.clear();
                for (std::size_t a = 0; a < n; ++a)
                    if (!free_[a] && target_[a] == j) order_.push_back(a);
                std::stable_sort(order_.begin(), order_.end(),
                                 [&](std::size_t a, std::size_t b) { return regret_[a] < regret_[b]; });
                for (std::size_t a : order_) {
                    if (fixed_load_[j] <= capj) break;
                    free_[a] = 1;
                    fixed_load_[j] -= net_.sources[active_[a]].packs;
                }
            }

            if (!solve_free(hubs)) {
                sol.valid = false;
                return sol;
            }

            // Extend the potentials: a fixed source sits on its target's arc, so π_i = π_t − c_it.
            bool violated = false;
            for (std::size_t a = 0; a < n; ++a) {
                if (free_[a]) continue;
                const std::size_t t = target_[a];
                const std::int64_t pi_i = pot_[t] - cost_[a * (k + 1) + t];
                for (std::size_t j = 0; j <= k; ++j)
                    if (cost_[a * (k + 1) + j] != no_arc && cost_[a * (k + 1) + j] + pi_i - pot_[j] < 0) {
                        free_[a] = 1;
                        violated = true;
                        break;
                    }
            }
            // Capacity prices from the potentials (u_h = π_sink − π_h), for the next round and next solve.
            for (std::size_t j = 0; j < k; ++j) u_[j] = std::max<std::int64_t>(0, pot_[k] - pot_[j]);
            if (violated) continue;

            for (std::size_t a = 0; a < n; ++a) {
                if (free_[a]) continue;
                const Source& s = net_.sources[active_[a]];
                if (target_[a] == k) sol.unroutable += s.packs;
                else {
                    sol.flows.push_back({active_[a], hubs[target_[a]], s.packs});
                    sol.cost += s.packs * cost_[a * (k + 1) + target_[a]];
                }
            }
            for (const Assignment& f : free_flows_) {
                if (f.hub == k) {
                    sol.unroutable += f.packs;
                    continue;
                }
                sol.flows.push_back({active_[f.source], hubs[f.hub], f.packs});
                sol.cost += f.packs * cost_[f.source * (k + 1) + f.hub];
            }
            std::sort(sol.flows.begin(), sol.flows.end(), [](const Assignment& x, const Assignment& y) {
                return x.source != y.source ? x.source < y.source : x.hub < y.hub;
            });
            for (std::size_t j = 0; j < k; ++j) sol.capacity_price[hubs[j]] = u_[j];
            return sol;
        }
    }

    // The prices: Gauss–Seidel coordinate ascent on the Lagrangian dual of the hub capacities,
    // L(u) = Σ_i s_i min_t (c_it + u_t) − Σ_j u_j cap_j (t over the open hubs and the unrouted option, whose
    // price stays 0). Each step sets one hub's price to its exact maximiser with the others held: the
    // least u_j ≥ 0 at which the packs that prefer j fit its capacity. Ascent can stall at a kink short
    // of the optimum; solve_flow only needs a close guess.
    void ascend_prices(const std::vector<std::size_t>& hubs) {
        const std::size_t k = hubs.size(), n = active_.size();
        choose_targets(k);
        for (int sweep = 0; sweep < 12; ++sweep) {
            bool changed = false;
            for (std::size_t j = 0; j < k; ++j) {
                // t_a: how much dearer j may get before source a leaves it for its best other target.
                ties_.clear();
                std::int64_t demand = 0;
                for (std::size_t a = 0; a < n; ++a) {
                    const std::int64_t c = cost_[a * (k + 1) + j];
                    if (c == no_arc) continue;
                    const std::int64_t other = target_[a] == j ? first_[a] + regret_[a] : first_[a];
                    const std::int64_t t = other - c;
                    if (t > 0) {
                        ties_.push_back({t, net_.sources[active_[a]].packs});
                        demand += net_.sources[active_[a]].packs;
                    }
                }
                std::int64_t price = 0;
                const std::int64_t capj = net_.cap[hubs[j]];
                if (demand > capj) {
                    // The marginal pack, taking the keenest first: its margin is the price.
                    const std::size_t p = first_exceeding(
                        ties_, capj, [](const auto& x, const auto& y) { return x > y; },
                        [](const auto& x) { return x.second; });
                    price = ties_[p].first;
                }
                if (price != u_[j]) {
                    u_[j] = price;
                    changed = true;
                    choose_targets(k);
                }
            }
            if (!changed) break;
        }
    }

    // Each active source's cheapest target under the prices u (first_ its reduced cost), and its regret
    // (the gap to the next target).
    void choose_targets(std::size_t k) {
        for (std::size_t a = 0; a < target_.size(); ++a) {
            std::int64_t first = no_arc, second = no_arc;
            std::size_t t = k;
            for (std::size_t j = 0; j <= k; ++j) {
                const std::int64_t c = cost_[a * (k + 1) + j];
                if (c == no_arc) continue;
                const std::int64_t r = c + u_[j];
                if (r < first) {
                    second = first;
                    first = r;
                    t = j;
                } else if (r < second) {
                    second = r;
                }
            }
            target_[a] = t;
            first_[a] = first;
            regret_[a] = second == no_arc ? M_ : second - first;
        }
    }

    // NetworkSimplex on the free sources, the fixed aggregates, the hubs and the sink; each free source
    // starts with arcs to the sink and its two best hubs under the prices, and arcs with a
    // negative reduced cost c + π(source) − π(hub) are added until none is left. Leaves the potentials of
    // the hubs and the sink in pot_ (index k the sink) and the flows in free_flows_ (hub k = unrouted).
    bool solve_free(const std::vector<std::size_t>& hubs) {
        using Graph = lemon::StaticDigraph;
        const std::size_t k = hubs.size();
        nodes_.clear();
        for (std::size_t a = 0; a < free_.size(); ++a)
            if (free_[a]) nodes_.push_back(a);
        const std::size_t n = nodes_.size();
        arcs_.assign(n * k, 0);
        for (std::size_t x = 0; x < n; ++x) {
            const std::size_t a = nodes_[x];
            std::size_t first = k, second = k;
            for (std::size_t j = 0; j < k; ++j) {
                const std::int64_t c = cost_[a * (k + 1) + j];
                if (c == no_arc) continue;
                if (first == k || c + u_[j] < cost_[a * (k + 1) + first] + u_[first]) {
                    second = first;
                    first = j;
                } else if (second == k || c + u_[j] < cost_[a * (k + 1) + second] + u_[second]) {
                    second = j;
                }
            }
            // ... and to every other hub within the largest near-tie regret of its best.
            if (first != k) arcs_[x * k + first] = 1;
            if (second != k) arcs_[x * k + second] = 1;
            for (std::size_t j = 0; j < k && first != k; ++j) {
                const std::int64_t c = cost_[a * (k + 1) + j];
                if (c != no_arc && c + u_[j] - (cost_[a * (k + 1) + first] + u_[first]) <= near_tie_)
                    arcs_[x * k + j] = 1;
            }
        }
        for (;;) {
            // Nodes: free sources 0..n-1, hubs n..n+k-1, the sink n+k, and per hub one node n+k+1+j holding
            // the packs fixed there, which must pass through that hub: so each capacity arc carries its
            // full flow and its reduced cost says what it would in the whole network. Arcs sorted by
            // source, as StaticDigraph wants: each source's hub arcs and its unrouted arc, the capacity
            // arcs, the fixed-pack arcs.
            edges_.clear();
            keys_.clear();
            for (std::size_t x = 0; x < n; ++x) {
                for (std::size_t j = 0; j <= k; ++j)
                    if (j == k || arcs_[x * k + j]) {
                        edges_.emplace_back(static_cast<int>(x), static_cast<int>(n + j));
                        keys_.push_back(j);
                    }
            }
            for (std::size_t j = 0; j < k; ++j) {
                edges_.emplace_back(static_cast<int>(n + j), static_cast<int>(n + k));
                keys_.push_back(capacity_key);
            }
            for (std::size_t j = 0; j < k; ++j) {
                edges_.emplace_back(static_cast<int>(n + k + 1 + j), static_cast<int>(n + j));
                keys_.push_back(fixed_key);
            }
            Graph g;
            g.build(static_cast<int>(n + 2 * k + 1), edges_.begin(), edges_.end());
            Graph::ArcMap<std::int64_t> cost(g), upper(g);
            Graph::NodeMap<std::int64_t> supply(g, 0);
            std::int64_t total = 0;
            for (std::size_t e = 0; e < edges_.size(); ++e) {
                const Graph::Arc arc = g.arc(static_cast<int>(e));
                const std::size_t x = static_cast<std::size_t>(edges_[e].first);
                if (keys_[e] == capacity_key) {
                    cost[arc] = 0;
                    upper[arc] = net_.cap[hubs[x - n]];
                } else if (keys_[e] == fixed_key) {
                    cost[arc] = 0;  // their arc costs are counted outside the flow
                    upper[arc] = fixed_load_[x - n - k - 1];
                } else {
                    cost[arc] = cost_[nodes_[x] * (k + 1) + keys_[e]];
                    upper[arc] = net_.sources[active_[nodes_[x]]].packs;
                }
            }
            for (std::size_t x = 0; x < n; ++x) {
                supply[g.node(static_cast<int>(x))] = net_.sources[active_[nodes_[x]]].packs;
                total += net_.sources[active_[nodes_[x]]].packs;
            }
            for (std::size_t j = 0; j < k; ++j) {
                supply[g.node(static_cast<int>(n + k + 1 + j))] = fixed_load_[j];
                total += fixed_load_[j];
            }
            supply[g.node(static_cast<int>(n + k))] = -total;

            lemon::NetworkSimplex<Graph, std::int64_t, std::int64_t> ns(g);
            ns.costMap(cost).upperMap(upper).supplyMap(supply);
            // Feasible by construction (free sources can send every pack to the sink, fixed loads fit their
            // hubs) and bounded (costs are finite, capacities too), but a solver's word is checked, not assumed.
            const FlowSolveStatus status = flow_solve_status(static_cast<int>(ns.run()));
            if (status != FlowSolveStatus::optimal) {
                solver_failures.push_back(status);
                return false;
            }

            pot_.resize(k + 1);
            for (std::size_t j = 0; j <= k; ++j) pot_[j] = ns.potential(g.node(static_cast<int>(n + j)));
            bool added = false;
            for (std::size_t x = 0; x < n; ++x) {
                const std::int64_t pi_x = ns.potential(g.node(static_cast<int>(x)));
                for (std::size_t j = 0; j < k; ++j) {
                    const std::int64_t c = cost_[nodes_[x] * (k + 1) + j];
                    if (!arcs_[x * k + j] && c != no_arc && c + pi_x - pot_[j] < 0) {
                        arcs_[x * k + j] = 1;
                        added = true;
                    }
                }
            }
            if (added) continue;

            free_flows_.clear();
            for (std::size_t e = 0; e < edges_.size(); ++e) {
                if (keys_[e] == capacity_key || keys_[e] == fixed_key) continue;
                const std::int64_t f = ns.flow(g.arc(static_cast<int>(e)));
                if (f > 0) free_flows_.push_back({nodes_[static_cast<std::size_t>(edges_[e].first)], keys_[e], f});
            }
            return true;
        }
    }

    static constexpr std::size_t capacity_key = std::numeric_limits<std::size_t>::max();
    static constexpr std::size_t fixed_key = capacity_key - 1;

    const Network& net_;
    std::int64_t M_ = 0, near_tie_ = 0;
    std::vector<std::int64_t> load_, cost_, u_, first_, regret_, fixed_load_, pot_, taken_;
    std::vector<std::pair<std::int64_t, std::int64_t>> ties_;
    std::vector<std::size_t> best_, order_, active_, target_, nodes_;
    std::vector<char> free_, arcs_;
    std::vector<std::pair<int, int>> edges_;
    std::vector<std::size_t> keys_;
    std::vector<Assignment> free_flows_;  // source = index into active_, hub = target column
};

// ---- lower bounds ----

// Lagrangian bound on the arc cost of any hub set within `allowed` that routes all but `unroutable` of
// the routable packs, with capacity prices u ≥ 0: Σ_i s_i min_h (c_ih + u_h) − Σ_h u_h cap_h, less the
// packs that may stay unrouted at the dearest reduced cost. Sources with no arc into `allowed` count in
// `forced` (packs that cannot be routed at all).
struct FlowBound {
    std::int64_t bound = 0;
    std::int64_t forced = 0;
};

FlowBound flow_bound(const Network& net, const std::vector<char>& allowed, const std::vector<std::int64_t>& u,
                     std::int64_t unroutable) {
    const std::size_t H = net.hub_count;
    const std::vector<std::int64_t>& C = net.cost[all_outcomes];
    FlowBound b;
    std::int64_t dearest = 0;
    for (std::size_t i = 0; i < net.sources.size(); ++i) {
        std::int64_t m = no_arc;
        for (std::size_t h = 0; h < H; ++h)
            if (allowed[h] && C[i * H + h] != no_arc) m = std::min(m, C[i * H + h] + u[h]);
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

// flow_bound for every add, drop and swap move of the hub set `cur` at once, in O(sources × candidates)
// rather than that for each of the ~k·H moves: each source's best and second best reduced cost over `cur`
// say what it pays once one hub of `cur` is dropped, and one pass over the sources sums, per hub h
// outside `cur` and per hub of `cur` that may be dropped, what the moves that add h cost. Integer sums,
// so each move's bound equals flow_bound's on its set exactly, and the search takes the same path.
class MoveBounds {
public:
    MoveBounds(const Network& net, const std::vector<std::size_t>& cur, const std::vector<std::int64_t>& u,
               std::int64_t unroutable)
        : net_(net), cur_(cur), u_(u), unroutable_(unroutable), k_(cur.size()) {
        const std::size_t H = net.hub_count, n = net.sources.size();
        const std::vector<std::int64_t>& C = net.cost[all_outcomes];
        first_.resize(n);
        second_.resize(n);
        bucket_.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            std::int64_t m1 = no_arc, m2 = no_arc;
            std::size_t b = k_;
            for (std::size_t j = 0; j < k_; ++j) {
                const std::int64_t c = C[i * H + cur[j]];
                if (c == no_arc) continue;
                const std::int64_t m = c + u[cur[j]];
                if (m < m1) {
                    m2 = m1;
                    m1 = m;
                    b = j;
                } else if (m < m2) {
                    m2 = m;
                }
            }
            first_[i] = m1;
            second_[i] = m2;
            bucket_[i] = b;
        }
        for (std::size_t j = 0; j < k_; ++j) cur_credit_ += u[cur[j]] * net.cap[cur[j]];
        tally();
    }

    // flow_bound of cur − out + in (out a position in cur, k: none dropped; in a hub, H: none added).
    FlowBound bound(std::size_t out, std::size_t in) const {
        const std::size_t row = in * (k_ + 1);
        Stats t;
        for (std::size_t j = 0; j <= k_; ++j) t.add(out < k_ && j == out ? lose_[row + j] : keep_[row + j]);
        FlowBound b;
        b.forced = t.forced;
        b.bound = t.sum - cur_credit_;
        if (out < k_) b.bound += u_[cur_[out]] * net_.cap[cur_[out]];
        if (in < net_.hub_count) b.bound -= u_[in] * net_.cap[in];
        b.bound -= std::max<std::int64_t>(0, unroutable_ - b.forced) * t.dearest;
        return b;
    }

private:
    struct Stats {
        std::int64_t sum = 0, forced = 0, dearest = 0;
        void add(const Stats& o) {
            sum += o.sum;
            forced += o.forced;
            dearest = std::max(dearest, o.dearest);
        }
    };

    // Per added hub `in` (row H: none) and bucket (the source's best hub in cur, k for none): keep_ the
    // sources' cost when their best stays open, lose_ when it is dropped. One pass over the sources,
    // reading each one's row of costs once.
    void tally() {
        const std::size_t H = net_.hub_count, stride = k_ + 1;
        const std::vector<std::int64_t>& C = net_.cost[all_outcomes];
        keep_.assign((H + 1) * stride, Stats{});
        lose_.assign((H + 1) * stride, Stats{});
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
        for (std::size_t i = 0; i < first_.size(); ++i) {
            const std::int64_t packs = net_.sources[i].packs;
            const std::size_t b = bucket_[i];
            const std::int64_t m1 = first_[i], m2 = second_[i];
            const std::int64_t* row = &C[i * H];
            count(keep_[H * stride + b], m1, packs);
            if (b < k_) count(lose_[H * stride + b], m2, packs);
            for (std::size_t h : outside) {
                const std::int64_t c = row[h] == no_arc ? no_arc : row[h] + u_[h];
                count(keep_[h * stride + b], std::min(m1, c), packs);
                if (b < k_) count(lose_[h * stride + b], std::min(m2, c), packs);
            }
        }
    }

    const Network& net_;
    const std::vector<std::size_t>& cur_;
    const std::vector<std::int64_t>& u_;
    std::int64_t unroutable_;
    std::size_t k_;
    std::int64_t cur_credit_ = 0;  // Σ u_h cap_h over cur
    std::vector<std::int64_t> first_, second_;
    std::vector<std::size_t> bucket_;
    std::vector<Stats> keep_, lose_;  // [(in * (k + 1)) + bucket]
};

// The cheapest fractional set of hubs among `allowed` whose capacity covers `packs`, by fixed cost per
// unit of capacity: a lower bound on the fixed cost of any set that routes that many.
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

// ---- reports ----

LogisticsDesign make_design(const Network& net, const Solution& sol) {
    LogisticsDesign d;
    const LogisticsInput& in = net.in;
    const std::size_t H = net.hub_count;
    for (std::size_t h : sol.hubs) {
        d.open_hubs.push_back(in.hubs[h].id);
        d.fixed_cost_usd += in.hubs[h].fixed_cost_usd_per_year.value;
    }
    std::vector<std::int64_t> routed(net.sources.size(), 0);
    for (const Assignment& a : sol.flows) {
        const Source& s = net.sources[a.source];
        const OutcomeChoice& ch = net.choice[sol.policy][s.cls * H + a.hub];
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
    for (std::size_t i = 0; i < net.sources.size(); ++i) {
        const Source& s = net.sources[i];
        const std::int64_t left = s.packs - routed[i];
        if (left == 0) continue;
        bool reachable = false, anywhere = false;
        for (std::size_t h : sol.hubs) reachable = reachable || net.cost[sol.policy][i * H + h] != no_arc;
        for (std::size_t h = 0; h < H; ++h) anywhere = anywhere || net.cost[sol.policy][i * H + h] != no_arc;
        const char* why_none =
            sol.policy == shred_only
                ? "hub can shred it for a recycler (shredding hubs and a recycler outlet are needed)"
                : "hub offers an outcome for this class (recycling needs a recycler outlet; reuse needs a screening "
                  "hub, a reusable pack and a second-life buyer or remanufacturer)";
        std::string reason;
        if (!anywhere) reason = std::string("no candidate ") + why_none;
        else if (sol.hubs.empty()) reason = "no hub is open";
        else if (!reachable) reason = std::string("no open ") + why_none;
        else reason = "the open hubs' capacity is full";
        d.unroutable.push_back({in.sites[s.site].id, net.classes[s.cls].pack_class, left, reason});
        d.packs_unroutable += left;
    }
    for (const UnroutablePacks& u : net.unvalued) {
        d.unroutable.push_back(u);
        d.packs_unroutable += u.packs;
    }
    d.total_cost_usd = d.transport_cost_usd + d.fixed_cost_usd;
    d.net_value_usd = d.total_value_usd - d.total_cost_usd;
    return d;
}

}  // namespace

// ---- the search ----

struct HubSearch::Impl {
    Network net;
    Evaluator eval;
    std::vector<std::size_t> by_ratio;  // hubs by fixed cost per unit of capacity

    enum class Phase { all_open, singles, decentralised, local_search, enumeration, done };
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

    // Local search: candidate moves of the current set, dearest bound last, evaluated cheapest bound first.
    struct Move {
        std::int64_t bound;
        std::vector<std::size_t> hubs;
    };
    std::vector<Move> moves;
    std::size_t next_move = 0;
    bool moves_ready = false;

    // Enumeration: depth-first branch and bound over include/exclude decisions in `order`.
    struct Node {
        std::size_t depth;
        std::vector<char> in_set;   // decided in
        std::vector<char> allowed;  // in or undecided
    };
    std::vector<std::size_t> order;
    std::vector<Node> stack;
    std::vector<std::int64_t> enum_prices;
    double leaves_done = 0.0;

    Impl(const LogisticsInput& in, const LogisticsContext& ctx) : net(build_network(in, ctx)), eval(net) {
        warnings = net.warnings;
        by_ratio.resize(net.hub_count);
        std::iota(by_ratio.begin(), by_ratio.end(), std::size_t{0});
        std::stable_sort(by_ratio.begin(), by_ratio.end(), [&](std::size_t a, std::size_t b) {
            // fixed_a / cap_a < fixed_b / cap_b, zero capacity last
            const double ra = net.cap[a] ? static_cast<double>(net.fixed[a]) / static_cast<double>(net.cap[a])
                                         : std::numeric_limits<double>::infinity();
            const double rb = net.cap[b] ? static_cast<double>(net.fixed[b]) / static_cast<double>(net.cap[b])
                                         : std::numeric_limits<double>::infinity();
            return ra < rb;
        });
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

    void offer(Solution s) {
        if (better(s, incumbent)) incumbent = std::move(s);
    }

    // One unit of work.
    void work() {
        switch (phase) {
            case Phase::all_open: {
                Solution s = eval.solve(fixed ? fixed_hubs() : all_hubs(), all_outcomes);
                routable_target = net.total_supply - net.unvalued_supply - s.unroutable;
                incumbent = std::move(s);
                phase = Phase::singles;
                break;
            }
            case Phase::singles: {
                if (next_single < net.hub_count) {
                    Solution s = eval.solve({next_single++}, all_outcomes);
                    if (better(s, best_single)) best_single = s;
                    if (!fixed) offer(std::move(s));
                    break;
                }
                phase = Phase::decentralised;
                break;
            }
            case Phase::decentralised: {
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
                break;
            }
            case Phase::local_search:
                local_search_unit();
                break;
            case Phase::enumeration:
                enumeration_unit();
                break;
            case Phase::done:
                break;
        }
    }

    std::int64_t global_bound() const {
        std::vector<char> all(net.hub_count, 1);
        const std::int64_t unrouted = net.total_supply - net.unvalued_supply - routable_target;
        const FlowBound fb = flow_bound(net, all, incumbent.capacity_price, unrouted);
        return fb.bound + cover_bound(net, by_ratio, all, routable_target);
    }

    void prepare_moves() {
        moves.clear();
        next_move = 0;
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
            if (!hopeless && b < incumbent.cost) moves.push_back({b, std::move(hubs)});
        };
        for (std::size_t h = 0; h < H; ++h) {
            if (open[h]) {
                if (k > 1) add(static_cast<std::size_t>(std::find(cur.begin(), cur.end(), h) - cur.begin()), H);  // drop
            } else {
                add(k, h);                                          // add
                for (std::size_t j = 0; j < k; ++j) add(j, h);  // swap
            }
        }
        std::stable_sort(moves.begin(), moves.end(), [](const Move& a, const Move& b) { return a.bound < b.bound; });
        moves_ready = true;
    }

    void local_search_unit() {
        if (!moves_ready) {
            prepare_moves();
            return;
        }
        if (next_move < moves.size()) {
            const Move& m = moves[next_move++];
            if (m.bound >= incumbent.cost) {  // sorted: nothing further can improve
                next_move = moves.size();
                return;
            }
            Solution s = eval.solve(m.hubs, all_outcomes);
            if (better(s, incumbent)) {
                incumbent = std::move(s);
                moves_ready = false;  // a new neighbourhood
            }
            return;
        }
        // A local optimum.
        if (net.hub_count <= max_enumeration_hubs) start_enumeration();
        else phase = Phase::done;
    }

    void start_enumeration() {
        // Hubs of the incumbent first, then by fixed cost per unit of capacity: good sets come early and
        // the bound prunes the rest.
        order.clear();
        for (std::size_t h : by_ratio)
            if (std::find(incumbent.hubs.begin(), incumbent.hubs.end(), h) != incumbent.hubs.end()) order.push_back(h);
        for (std::size_t h : by_ratio)
            if (std::find(order.begin(), order.end(), h) == order.end()) order.push_back(h);
        enum_prices = incumbent.capacity_price;
        stack.clear();
        stack.push_back({0, std::vector<char>(net.hub_count, 0), std::vector<char>(net.hub_count, 1)});
        leaves_done = 0.0;
        phase = Phase::enumeration;
    }

    void enumeration_unit() {
        if (stack.empty()) {
            root_bound = incumbent.cost;  // proven optimal
            phase = Phase::done;
            return;
        }
        Node node = std::move(stack.back());
        stack.pop_back();
        const std::size_t n = net.hub_count;
        const double leaves_below = std::ldexp(1.0, static_cast<int>(n - node.depth));

        // Bound: fixed cost of the hubs decided in, a fractional cover of the capacity still missing from
        // the undecided ones, and the Lagrangian flow bound over all hubs that may still open.
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
        const std::int64_t unrouted = net.total_supply - net.unvalued_supply - routable_target;
        const FlowBound fb = flow_bound(net, node.allowed, enum_prices, unrouted);
        const std::int64_t bound = fixed_in + cover_bound(net, by_ratio, undecided, routable_target - cap_in) + fb.bound;
        if (cap_allowed < routable_target || fb.forced > unrouted || bound >= incumbent.cost) {
            leaves_done += leaves_below;
            return;
        }
        if (node.depth == n) {
            leaves_done += 1.0;
            std::vector<std::size_t> hubs;
            for (std::size_t h = 0; h < n; ++h)
                if (node.in_set[h]) hubs.push_back(h);
            if (!hubs.empty()) offer(eval.solve(hubs, all_outcomes));
            return;
        }
        const std::size_t h = order[node.depth];
        Node without = node;
        without.depth = node.depth + 1;
        without.allowed[h] = 0;
        node.depth += 1;
        node.in_set[h] = 1;
        stack.push_back(std::move(without));  // explored after the branch that opens h
        stack.push_back(std::move(node));
    }

    // Never decreases: a new local-search neighbourhood restarts its move count, so the estimate is
    // held at its highest so far.
    double progress() {
        double p = 1.0;
        switch (phase) {
            case Phase::all_open: p = 0.0; break;
            case Phase::singles:
            case Phase::decentralised:
                p = 0.1 * static_cast<double>(next_single) / static_cast<double>(std::max<std::size_t>(1, net.hub_count));
                break;
            case Phase::local_search:
                p = net.hub_count <= max_enumeration_hubs
                        ? 0.15
                        : 0.1 + 0.85 * static_cast<double>(next_move) / static_cast<double>(std::max<std::size_t>(1, moves.size()));
                break;
            case Phase::enumeration: p = 0.2 + 0.79 * leaves_done / std::ldexp(1.0, static_cast<int>(net.hub_count)); break;
            case Phase::done: return reported = 1.0;
        }
        reported = std::max(reported, std::min(p, 0.99));
        return reported;
    }
    double reported = 0.0;

    LogisticsResults result() const {
        LogisticsResults r;
        r.method = method;
        r.cancelled = cancelled;
        r.evaluations = eval.solves;
        r.cost_resolution_usd = net.unit_usd;
        r.packs_in = net.total_supply;
        r.warnings = warnings;
        Solution chosen = incumbent;
        if (!chosen.valid) {
            chosen.valid = true;  // cancelled before the first flow: nothing opened
            r.warnings.push_back("the search was cancelled before any hub set was evaluated");
        }
        r.result = make_design(net, chosen);
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

FlowSolveStatus flow_solve_status(int network_simplex_problem_type) {
    using NS = lemon::NetworkSimplex<lemon::StaticDigraph, std::int64_t, std::int64_t>;
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
