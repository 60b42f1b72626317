#pragma once
// Reverse logistics (MODEL.md §6): where retired packs are screened, repurposed or shredded, and what the
// network earns and emits. Sites hold retired packs by class (chemistry × SoH band × damaged); candidate
// hubs receive them as hazmat freight and send each pack to its best outcome at an outlet: a recycler
// (whole packs, or black mass when the hub shreds), a second-life buyer or a remanufacturer.
//
// For a fixed set of open hubs the routing is an exact min-cost flow (LEMON NetworkSimplex) on
//   site-class supply → hub → hub capacity arc → sink,
// where the (site-class, hub) arc costs the inbound transport minus the net value of the class's best
// outcome at that hub (its value less the outbound leg). The hub set is chosen by exhaustive enumeration
// (branch and bound over all subsets, exact) up to 16 candidates, and by add/drop/swap local search above.
//
// Rules. The objective is hub fixed costs + transport − outcome values, per year, after routing every
// pack that can be routed (an unrouted pack costs more than any route, so capacity goes to the most packs
// first). Outlets take any quantity. A shredding hub sends packs to recycling as black mass, any other hub
// sends them whole. Reuse (second life, remanufacture) needs a screening hub and a reusable pack; a
// modelled second life also needs a hub that repurposes, while a buyer's quote buys packs as graded.
//
// Conventions: all flows are packs per year, money is USD per year (outcome values are per-pack NPVs from
// the lifecycle model of the same scenario, MODEL.md §4), distances are great-circle × road circuity, CO2
// is the transport's kg CO2e per year. NetworkSimplex needs integral costs: per-pack arc costs and hub
// fixed costs are rounded to `cost_resolution_usd` (one cent unless the network is so large that int64
// could overflow, then a coarser power of ten), and every reported figure is recomputed in doubles.

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/chemistry.hpp"
#include "core/fields.hpp"
#include "core/param.hpp"

namespace packfolio {

// ---- pack classes ----

enum class SiteKind { dealer, repair, dismantler, fleet_depot, oem_return };
inline constexpr std::array<const char*, 5> site_kind_names = {"dealer", "repair", "dismantler", "fleet_depot",
                                                               "oem_return"};

// SoH bands of retired packs. Their edges follow the retirement range in DATA.md §2 (70–80 % typical [ADL],
// ~70 % after 15 years [NREL-B2U], robotaxi packs at 80–85 %, Redwood receives many above 50 % [RWE]).
enum class SohBand { below_60, from_60_to_70, from_70_to_80, from_80 };
inline constexpr std::array<const char*, 4> soh_band_names = {"<0.6", "0.6-0.7", "0.7-0.8", ">=0.8"};
inline constexpr std::size_t soh_band_count = soh_band_names.size();

SohBand soh_band_of(double soh);  // 0.6 belongs to 0.6-0.7, 0.7 to 0.7-0.8, 0.8 to >=0.8
// The SoH a class is valued at: the middle of its band; the open bands use 0.55 and 0.85, 0.05 inside
// their edge, where the retirement range above puts most packs.
double soh_band_value(SohBand band);

struct PackClass {
    Chemistry chemistry = Chemistry::nmc811;
    SohBand soh_band = SohBand::from_70_to_80;
    bool damaged = false;

    bool operator==(const PackClass& o) const {
        return chemistry == o.chemistry && soh_band == o.soh_band && damaged == o.damaged;
    }
    bool operator!=(const PackClass& o) const { return !(*this == o); }
};
inline constexpr std::size_t pack_class_count = chemistry_count * soh_band_count * 2;
std::size_t pack_class_index(const PackClass& c);  // dense, 0 .. pack_class_count-1, chemistry-major
PackClass pack_class_at(std::size_t index);
std::string pack_class_label(const PackClass& c);  // "NMC811 0.7-0.8", "LFP <0.6 damaged"

// ---- inputs ----

struct LogisticsSite {
    std::string id;
    SiteKind kind = SiteKind::dealer;
    double lat = 0.0;  // degrees north
    double lon = 0.0;  // degrees east
};

// The WGS84 position that every place of the network (site, hub, outlet) carries.
template <class V, class Place>
void visit_position(V& v, Place& p) {
    v.number({"lat", "Latitude", "°", -90.0, 90.0, "WGS84 position"}, p.lat);
    v.number({"lon", "Longitude", "°", -180.0, 180.0, "WGS84 position"}, p.lon);
}

template <class V>
void visit_fields(V& v, LogisticsSite& s) {
    v.text("id", s.id);
    v.choice("kind", s.kind, site_kind_names);
    visit_position(v, s);
}

// Retired packs of one class arriving at one site each year (the registry's aggregate has this shape).
struct SiteSupply {
    std::string site;  // a LogisticsSite id
    Chemistry chemistry = Chemistry::nmc811;
    SohBand soh_band = SohBand::from_70_to_80;
    bool damaged = false;
    int packs_per_year = 0;
};

template <class V>
void visit_fields(V& v, SiteSupply& s) {
    v.text("site", s.site);
    v.choice("chemistry", s.chemistry, chemistry_names);
    v.choice("soh_band", s.soh_band, soh_band_names);
    v.flag("damaged", s.damaged);
    v.integer({"packs_per_year", "Retired packs", "packs/yr", 0.0, 10000000.0,
               "the site's own count, or `packfolio registry` on its pack list"},
              s.packs_per_year);
}

// A candidate hub. Capabilities: screen (grade packs, needed for any reuse), repurpose (build second-life
// systems itself), shred (turn packs into black mass, which ships as non-hazmat).
struct CandidateHub {
    std::string id;
    double lat = 0.0;
    double lon = 0.0;
    // D: Primobius spoke engineering cost study (2022): US$103.9M capex for 21,000 t/yr of feed, 20 %
    // contingency included (miningweekly.com, 2022-09-13), annualised at 8 %/yr over 20 years (capital
    // recovery factor 0.10185). Low: without the contingency; high: Li-Cycle's ~$700M Rochester hub [LICY].
    Param fixed_cost_usd_per_year{10.58e6, 8.82e6, 71.3e6};
    // D: the same spoke's 21,000 t/yr at ~500 kg a pack (Li-Cycle counts 30,000 t as ~60,000 EVs,
    // seekingalpha.com, 2022-10-13): 42,000 packs/yr.
    int capacity_packs_per_year = 42000;
    bool screen = true;
    bool repurpose = false;
    bool shred = true;
};

template <class V>
void visit_fields(V& v, CandidateHub& h) {
    v.text("id", h.id);
    visit_position(v, h);
    v.param({"fixed_cost_usd_per_year", "Fixed cost", "$/yr", 0.0, 1.0e10,
             "D: Primobius spoke ECS 2022, $103.9M for 21,000 t/yr, annualised at 8 % over 20 yr = $10.6M/yr; "
             "low without its 20 % contingency $8.8M; high: Li-Cycle Rochester hub ~$700M [LICY] = $71M/yr"},
            h.fixed_cost_usd_per_year);
    v.integer({"capacity_packs_per_year", "Capacity", "packs/yr", 0.0, 10000000.0,
               "D: Primobius spoke ECS 2022, 21,000 t/yr; ~500 kg a pack (Li-Cycle 2022: 30,000 t = ~60,000 EVs) -> 42,000 packs/yr"},
              h.capacity_packs_per_year);
    v.flag("screen", h.screen);
    v.flag("repurpose", h.repurpose);
    v.flag("shred", h.shred);
}

enum class OutletKind { recycler, second_life_buyer, remanufacturer };
inline constexpr std::array<const char*, 3> outlet_kind_names = {"recycler", "second_life_buyer", "remanufacturer"};

// A recycler's quoted price for one chemistry, per kg of pack delivered whole or as that pack's black
// mass; negative is a gate fee. It replaces the modelled recycling value for that chemistry.
struct GatePrice {
    Chemistry chemistry = Chemistry::lfp;
    Param usd_per_kg{0.0};
};

template <class V>
void visit_fields(V& v, GatePrice& p) {
    v.choice("chemistry", p.chemistry, chemistry_names);
    v.param({"usd_per_kg", "Gate price", "$/kg pack", -50.0, 200.0,
             "[EBA] EverBatt: a recycler paid ~$2/kg for LFP (2019), ~$0 (2023); negative = gate fee"},
            p.usd_per_kg);
}

// A second-life buyer's quoted price for one chemistry, per kWh of retained capacity (nominal × SoH) of
// a pack as delivered; the buyer grades and repurposes it. It replaces the modelled second-life value.
struct SecondLifePrice {
    Chemistry chemistry = Chemistry::nmc811;
    Param usd_per_kwh{37.5, 25.0, 50.0};
};

template <class V>
void visit_fields(V& v, SecondLifePrice& p) {
    v.choice("chemistry", p.chemistry, chemistry_names);
    v.param({"usd_per_kwh", "Second-life buyer price", "$/kWh retained", 0.0, 1000.0,
             "[CURR] integrators need to pay $25-50 per usable kWh; [NREL12] $20-100/kWh, DATA.md §3"},
            p.usd_per_kwh);
}

struct Outlet {
    std::string id;
    OutletKind kind = OutletKind::recycler;
    double lat = 0.0;
    double lon = 0.0;
    std::vector<GatePrice> gate_prices;              // recyclers only; chemistries not listed are modelled
    std::vector<SecondLifePrice> second_life_prices;  // second-life buyers only; likewise
};

template <class V>
void visit_fields(V& v, Outlet& o) {
    v.text("id", o.id);
    v.choice("kind", o.kind, outlet_kind_names);
    visit_position(v, o);
    v.array("gate_prices", o.gate_prices, [](V& w, GatePrice& p) { visit_fields(w, p); });
    v.array("second_life_prices", o.second_life_prices, [](V& w, SecondLifePrice& p) { visit_fields(w, p); });
}

// Freight and packaging (DATA.md §5). Whole packs are Class 9 hazmat (UN3480/3171 [RLA]) and pay the
// hazmat packaging once, at the site, where they are packed for the trip; damaged packs pay it times the
// multiplier. Black mass ships as non-hazmat and pays non-hazmat packaging on its own leg. Freight is a
// truck's $/mile shared by mass (full consolidated truckloads), as in the lifecycle model.
struct LogisticsTransport {
    Param hazmat_usd_per_mile{1.834, 0.25, 2.084};
    Param non_hazmat_usd_per_mile{1.74, 0.25, 1.99};
    Param truck_payload_kg{10000.0};
    Param hazmat_packaging_usd_per_kg{0.589};
    Param non_hazmat_packaging_usd_per_kg{0.060};
    Param damaged_packaging_multiplier{5.0, 3.0, 10.0};
    Param circuity{1.25, 1.15, 1.4};
    Param co2_kg_per_tonne_km{0.1};
};

template <class V>
void visit_fields(V& v, LogisticsTransport& t) {
    v.param({"hazmat_usd_per_mile", "Hazmat truck freight", "$/mi", 0.0, 100.0,
             "[EVERBATT] US heavy-duty hazmat $1.834/mi (medium $2.084); China $0.25/mi, DATA.md §5"},
            t.hazmat_usd_per_mile);
    v.param({"non_hazmat_usd_per_mile", "Non-hazmat truck freight", "$/mi", 0.0, 100.0,
             "[EVERBATT] US heavy-duty non-hazmat $1.74/mi (medium $1.99), DATA.md §5"},
            t.non_hazmat_usd_per_mile);
    v.param({"truck_payload_kg", "Truck payload", "kg", 0.0, 100000.0, "[EVERBATT] heavy-duty truck 10 t", true},
            t.truck_payload_kg);
    v.param({"hazmat_packaging_usd_per_kg", "Hazmat packaging", "$/kg", 0.0, 100.0,
             "[EVERBATT] hazardous packaging $0.589/kg battery, DATA.md §5"},
            t.hazmat_packaging_usd_per_kg);
    v.param({"non_hazmat_packaging_usd_per_kg", "Non-hazmat packaging (black mass)", "$/kg", 0.0, 100.0,
             "[EVERBATT] non-hazardous packaging $0.060/kg; black mass ships as non-hazmat, DATA.md §5"},
            t.non_hazmat_packaging_usd_per_kg);
    v.param({"damaged_packaging_multiplier", "Damaged-pack packaging multiplier", "x", 1.0, 100.0,
             "assumption: 3-10 x for damaged/defective/recalled packs; no source found (DATA.md §5 gap)"},
            t.damaged_packaging_multiplier);
    v.param({"circuity", "Road circuity", "road km / great-circle km", 1.0, 3.0,
             "MODEL.md §6 default 1.25; assumption: 1.15-1.4 for sensitivity"},
            t.circuity);
    v.param({"co2_kg_per_tonne_km", "Truck emissions", "kg CO2e/t-km", 0.0, 10.0,
             "assumption: ~0.1 kg/t-km for a loaded heavy-duty diesel truck, as transport.co2_kg_per_tonne_km"},
            t.co2_kg_per_tonne_km);
}

struct LogisticsInput {
    // Nominal capacity of the packs in the network; with the class's SoH and chemistry it sets the pack's
    // mass and value. `packfolio registry` reports the mean of a pack list.
    Param pack_nominal_kwh{75.0};
    Param black_mass_share{0.375, 0.35, 0.40};
    LogisticsTransport transport;
    std::vector<LogisticsSite> sites;
    std::vector<SiteSupply> supply;
    std::vector<CandidateHub> hubs;
    std::vector<Outlet> outlets;
    // When not empty, these hubs are open and no search runs (method "fixed"): sliders stay live.
    std::vector<std::string> open_hubs;
};

template <class V>
void visit_fields(V& v, LogisticsInput& in) {
    v.param({"pack_nominal_kwh", "Nominal capacity of a pack", "kWh", 0.0, 2000.0,
             "assumption: a 75 kWh mid-size EV pack, as pack.nominal_kwh", true},
            in.pack_nominal_kwh);
    v.param({"black_mass_share", "Black mass share of pack mass", "fraction", 0.05, 1.0,
             "assumption (DATA.md §9 story 6): black mass is 35-40 % of pack mass"},
            in.black_mass_share);
    v.object("transport", [&](V& w) { visit_fields(w, in.transport); });
    v.array("sites", in.sites, [](V& w, LogisticsSite& s) { visit_fields(w, s); });
    v.array("supply", in.supply, [](V& w, SiteSupply& s) { visit_fields(w, s); });
    v.array("hubs", in.hubs, [](V& w, CandidateHub& h) { visit_fields(w, h); });
    v.array("outlets", in.outlets, [](V& w, Outlet& o) { visit_fields(w, o); });
    v.text_array("open_hubs", in.open_hubs);
}

// Cross-field checks, with paths relative to the logistics section ("supply[3].site"): an empty network
// (no sites, supply, hubs or outlets), empty or duplicate ids, unknown site and hub references, negative
// counts and capacities, price lists on the wrong kind of outlet or naming a chemistry twice, and positions
// out of range (which the schema's ranges also catch when reading JSON).
std::vector<FieldError> check_logistics(const LogisticsInput& in);

// ---- the valuation context ----

// What one pack of a class is worth by outcome, from the lifecycle model of the same scenario
// (value_retired_pack in lifecycle.hpp): per-pack NPVs that exclude the inbound transport from the site.
struct ClassValue {
    PackClass pack_class;
    double nominal_kwh = 0.0;
    double soh = 0.0;      // the class's mean state of health
    double mass_kg = 0.0;  // one pack
    double recycle_usd = 0.0;  // recycled at once by the scenario's process
    double second_life_usd = 0.0;
    double remanufacture_usd = 0.0;
    bool reuse_possible = true;  // false for damaged packs and packs where neither reuse route is open
};

struct LogisticsContext {
    std::vector<ClassValue> classes;  // one per class of logistics_classes(); a missing class is unroutable
};

// The classes with supply, in pack_class_index order: the ones the context needs. Value each at
// nominal kWh = in.pack_nominal_kwh and SoH = soh_band_value(its band).
std::vector<PackClass> logistics_classes(const LogisticsInput& in);

// ---- results ----

enum class Outcome { recycle_whole, shred_black_mass, second_life, remanufacture };
inline constexpr std::array<const char*, 4> outcome_names = {"recycle_whole", "shred_black_mass", "second_life",
                                                             "remanufacture"};
inline constexpr std::size_t outcome_count = outcome_names.size();

struct LogisticsFlow {
    std::string site;
    PackClass pack_class;
    std::string hub;
    Outcome outcome = Outcome::recycle_whole;
    std::string outlet;
    std::int64_t packs = 0;
    double transport_cost_usd = 0.0;  // inbound (packaging + freight) and outbound legs, all packs
    double value_usd = 0.0;           // the outcome's value, all packs
    double co2_kg = 0.0;              // transport, all packs
};

struct UnroutablePacks {
    std::string site;
    PackClass pack_class;
    std::int64_t packs = 0;
    std::string reason;
};

// One network design and its flows. net_value_usd = total_value_usd − total_cost_usd.
struct LogisticsDesign {
    std::vector<std::string> open_hubs;
    double transport_cost_usd = 0.0;
    double fixed_cost_usd = 0.0;
    double total_cost_usd = 0.0;
    double total_value_usd = 0.0;
    double net_value_usd = 0.0;
    double co2_kg = 0.0;
    double hazmat_tonne_km = 0.0;      // whole packs, both legs
    double non_hazmat_tonne_km = 0.0;  // black mass
    std::array<std::int64_t, outcome_count> packs_per_outcome{};
    std::int64_t packs_routed = 0;
    std::int64_t packs_unroutable = 0;
    std::vector<LogisticsFlow> flows;
    std::vector<UnroutablePacks> unroutable;
};

// Network size limits (check_logistics): the cost tables hold sites × hubs entries per policy and the hub
// search grows steeply with the hub count, so these keep one evaluation within a few seconds (measured
// natively on 2 cores: 5,000 sites × 6 hubs 1.8 s, 5,000 × 10 2.7 s, 1,000 × 30 2.9 s; 250 × 200 took
// over 40 s and 10,000 × 10 11 s).
inline constexpr std::size_t logistics_max_sites = 5000;
inline constexpr std::size_t logistics_max_hubs = 100;
inline constexpr std::size_t logistics_max_site_hub_pairs = 50000;

// The outcome of one min-cost-flow solve, from LEMON NetworkSimplex::run()'s ProblemType (INFEASIBLE 0,
// OPTIMAL 1, UNBOUNDED 2). Only optimal flows are used: a hub set whose solve ends otherwise is skipped (its
// solution is invalid) and the results carry flow_solve_warning, never the solver's unfinished flows.
enum class FlowSolveStatus { optimal, infeasible, unbounded };
FlowSolveStatus flow_solve_status(int network_simplex_problem_type);
std::string flow_solve_warning(FlowSolveStatus status, std::int64_t hub_sets);

struct LogisticsResults {
    std::string method;  // "enumeration", "local_search" or "fixed"
    bool cancelled = false;  // the search was stopped early: the best design found so far
    // At most how far the chosen design's cost may lie above the true optimum, in $/yr: the chosen cost
    // minus a proven lower bound. 0 after a complete enumeration; after local search (or a cancelled
    // search) the bound is a Lagrangian relaxation of the hub capacities plus the cheapest fractional
    // capacity cover, so the true gap is usually much smaller; absent for a fixed hub set.
    std::optional<double> optimality_gap_usd;
    std::int64_t evaluations = 0;  // min-cost flows solved
    double cost_resolution_usd = 0.01;
    std::int64_t packs_in = 0;
    LogisticsDesign result;  // the chosen (or fixed) hub set
    // Centralised: the best single hub, whole packs shipped to it as hazmat. Decentralised: every
    // shredding hub open, each pack shredded there and shipped on as black mass. Optimum: the search's
    // best set (absent when the hub set is fixed). A design is absent when no candidate fits it.
    std::optional<LogisticsDesign> centralised;
    std::optional<LogisticsDesign> decentralised;
    std::optional<LogisticsDesign> optimum;
    std::vector<std::string> warnings;
};

// The hub-set search as sliced work, so the UI can spread it over frames. One unit of work is one
// min-cost flow or one branch-and-bound node; step() returns the progress in [0, 1] (1 when finished).
// The input and context are copied in; the search is deterministic and does not depend on the slicing.
class HubSearch {
public:
    HubSearch(const LogisticsInput& in, const LogisticsContext& ctx);
    ~HubSearch();
    HubSearch(HubSearch&&) noexcept;
    HubSearch& operator=(HubSearch&&) noexcept;

    double step(std::int64_t budget);
    void cancel();  // stop after the current unit; result() then reports the best set found so far
    bool done() const;
    double progress() const;
    LogisticsResults result() const;  // when done(); after cancel(), the designs evaluated so far

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Runs the whole search: the plain form of HubSearch.
LogisticsResults solve_logistics(const LogisticsInput& in, const LogisticsContext& ctx);

// ---- helpers shared with tests and the registry ----

double great_circle_km(double lat1, double lon1, double lat2, double lon2);

}  // namespace packfolio
