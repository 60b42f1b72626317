// The logistics inputs (docs/MODEL.md §6): pack classes, distances, and the cross-field checks. The
// routing itself lives in logistics/: network.cpp builds the network, flow.cpp routes the packs for one hub
// set, bounds.cpp bounds the cost of hub sets, hub_search.cpp chooses the set.

#include "core/logistics.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

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

}  // namespace packfolio
