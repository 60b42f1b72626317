#pragma once
// The logistics network, precomputed once per search (docs/MODEL.md §6): the classes the context prices,
// the sources (supply summed per site and class), road miles, each class's best outcome at each hub under
// each policy, and the integer arc costs every flow solve reads. Internal to the logistics module: the
// public concept is core/logistics.hpp.

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/logistics.hpp"
#include "core/logistics/matrix.hpp"

namespace packfolio::logistics {

constexpr double km_per_mile = 1.609344;
// The cost of a (source, hub) pair with no outcome: no arc in the flow.
constexpr std::int64_t no_arc = std::numeric_limits<std::int64_t>::max();
// Loops that combine several hubs' rows of Network::cost walk the sources in blocks of this many, so the
// per-source values they carry from one hub to the next stay in cache while each row streams past.
constexpr std::size_t source_block = 2048;

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
inline constexpr std::array<Policy, 2> policies = {all_outcomes, shred_only};

// The packs of one class at one site: a supply node of the flow.
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
    Matrix<double> site_hub_miles;                 // (site, hub), road miles
    Matrix<double> hub_outlet_miles;               // (hub, outlet), road miles
    std::array<Matrix<OutcomeChoice>, 2> choice;   // [policy] (class slot, hub)
    // [policy] (hub, source), units; no_arc. Hub-major: a solve reads only its open hubs' rows, each one
    // contiguous, rather than every hub's cost of every source.
    std::array<Matrix<std::int64_t>, 2> cost;
    std::vector<std::int64_t> fixed;               // per hub, units
    std::vector<std::int64_t> cap;                 // per hub, packs/yr
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
               t.hazmat_usd_per_mile.value * site_hub_miles.at(s.site, h) * freight_share(c.mass_kg);
    }
    double inbound_tonne_km(const Source& s, std::size_t h) const {
        return classes[s.cls].mass_kg / 1000.0 * site_hub_miles.at(s.site, h) * km_per_mile;
    }
};

Network build_network(const LogisticsInput& in, const LogisticsContext& ctx);

// The two cheapest of `count` options, `cost(j)` each (no_arc: not an option); ties go to the earlier one.
// Flow solves and bounds both ask it of a source's reduced costs over a set of hubs.
struct TwoCheapest {
    std::int64_t first = no_arc, second = no_arc;
    std::size_t first_index = 0, second_index = 0;  // `count` when there is none
};

template <class Cost>
TwoCheapest two_cheapest(std::size_t count, Cost cost) {
    TwoCheapest t;
    t.first_index = t.second_index = count;
    for (std::size_t j = 0; j < count; ++j) {
        const std::int64_t r = cost(j);
        if (r == no_arc) continue;
        if (r < t.first) {
            t.second = t.first;
            t.second_index = t.first_index;
            t.first = r;
            t.first_index = j;
        } else if (r < t.second) {
            t.second = r;
            t.second_index = j;
        }
    }
    return t;
}

}  // namespace packfolio::logistics
