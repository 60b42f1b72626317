// The presets in presets/: every file parses, evaluates to finite numbers, carries its story and sources, and
// round-trips through JSON byte for byte. Each lifecycle preset written for DATA.md §9 then gets one test case
// that checks the claims its story makes (best route, signs, flip points, published ballparks of MODEL.md §4),
// so that a change in the model cannot make a story silently false.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/analysis.hpp"
#include "core/evaluate.hpp"
#include "core/scenario.hpp"

using namespace packfolio;

namespace {

const std::string preset_dir = std::string(PACKFOLIO_SOURCE_DIR) + "/presets";

std::string read_text(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream text;
    text << f.rdbuf();
    return text.str();
}

std::vector<std::filesystem::path> preset_files() {
    std::vector<std::filesystem::path> out;
    for (const auto& entry : std::filesystem::directory_iterator(preset_dir))
        if (entry.is_regular_file() && entry.path().extension() == ".json") out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::string error_list(const std::vector<FieldError>& errors) {
    std::string s;
    for (const FieldError& e : errors) s += format_error(e) + "\n";
    return s;
}

Scenario load(const std::string& id) {
    ParsedScenario parsed = parse_scenario(read_text(preset_dir + "/" + id + ".json"));
    INFO(id << ": " << error_list(parsed.errors));
    REQUIRE(parsed.ok());
    return parsed.scenario;
}

// Keys whose value may legitimately be null in the results JSON (an absent optional). Anything else that is
// null is a NaN or an infinity that nlohmann wrote as null.
const std::set<std::string> nullable_keys = {"second_life_lcos_usd_per_mwh", "new_ess_lcos_usd_per_mwh",
                                             "co2_breakeven_second_life_years", "optimality_gap_usd",
                                             "centralised", "decentralised", "optimum", "header_error"};

// Every number finite, and null only where an optional may be absent; `bad` collects the paths that fail.
void check_numbers(const nlohmann::json& j, const std::string& path, const std::string& key,
                   std::vector<std::string>& bad, int& numbers) {
    if (j.is_number()) {
        ++numbers;
        if (!std::isfinite(j.get<double>())) bad.push_back(path);
    } else if (j.is_null()) {
        if (!nullable_keys.count(key)) bad.push_back(path + " (null)");
    } else if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it) check_numbers(*it, path + "." + it.key(), it.key(), bad, numbers);
    } else if (j.is_array()) {
        for (std::size_t i = 0; i < j.size(); ++i)
            check_numbers(j[i], path + "[" + std::to_string(i) + "]", key, bad, numbers);
    }
}

const RouteResult& route(const Results& r, RouteId id) { return r.lifecycle.route(id); }
double per_kwh(const Results& r, RouteId id) { return route(r, id).npv_usd_per_kwh; }

// Kamath 2020's "second life cuts cost by 12-57 %", read as 1 − second-life LCOS / new-ESS LCOS.
double lcos_cut(const LifecycleResults& l) {
    REQUIRE(l.second_life_lcos_usd_per_mwh);
    REQUIRE(l.new_ess_lcos_usd_per_mwh);
    return 1.0 - *l.second_life_lcos_usd_per_mwh / *l.new_ess_lcos_usd_per_mwh;
}

// The ballparks every second life must meet (MODEL.md §4): NREL's $38-132/kWh repurposed prices, and a CO2
// break-even the second life outlasts. The break-even comes out of the model (delivered energy against the
// lifetime energy of the new LFP system it displaces, which lasts as its cells do under the stationary
// calibration, docs/MODEL.md §2.3): about 3.5-3.7 years at the default repurposing emissions, below Wilson's
// 4.25-6 years (the repurposing emissions lack a primary figure, lifecycle.hpp).
void check_second_life_ballparks(const LifecycleResults& l) {
    CHECK(l.repurposed_cost_usd_per_kwh >= 38.0);
    CHECK(l.repurposed_cost_usd_per_kwh <= 132.0);
    REQUIRE(l.co2_breakeven_second_life_years);
    CHECK(*l.co2_breakeven_second_life_years > 3.3);
    CHECK(*l.co2_breakeven_second_life_years < 3.9);
    CHECK(l.second_life_years > *l.co2_breakeven_second_life_years);
    // Reuse then recycle emits less than recycling now (Ma et al. 2024: −18 %).
    CHECK(l.route(RouteId::second_life).co2_kg < l.route(RouteId::recycle_now).co2_kg);
}

// Sets one field through the same path as `packfolio eval --set`; the change must be accepted.
void set(Scenario& s, const std::string& path, const std::string& value) {
    const std::vector<FieldError> errors = set_field(s, path, value);
    INFO(path << "=" << value << ": " << error_list(errors));
    REQUIRE(errors.empty());
}

// The best end-of-life route after one --set.
std::string best_at(const Scenario& base, const std::string& path, const std::string& value) {
    Scenario s = base;
    set(s, path, value);
    return evaluate(s).lifecycle.best_route;
}

// The leaves of a scenario document: plain values, and numbers with a range as one leaf.
void leaves(const nlohmann::json& j, const std::string& path, std::vector<std::string>& out) {
    if (j.is_object() && !j.contains("value")) {
        for (auto it = j.begin(); it != j.end(); ++it)
            leaves(*it, path.empty() ? it.key() : path + "." + it.key(), out);
    } else {
        out.push_back(path);
    }
}

nlohmann::json::json_pointer pointer(const std::string& dotted) {
    std::string p;
    std::stringstream ss(dotted);
    std::string part;
    while (std::getline(ss, part, '.')) p += "/" + part;
    return nlohmann::json::json_pointer(p);
}

const std::vector<std::string> story_presets = {"lithium-rebound-2026",    "robotaxi-fleet-churn",
                                                "data-centre-second-life-microgrid",
                                                "sodium-ion-ess-entrant",  "gm-redwood-second-life",
                                                "baas-fleet"};

}  // namespace

TEST_CASE("every preset parses, evaluates to finite numbers and tells a sourced story", "[presets]") {
    const std::vector<std::filesystem::path> files = preset_files();
    REQUIRE(files.size() >= story_presets.size());
    for (const auto& file : files) {
        INFO(file.filename().string());
        const ParsedScenario parsed = parse_scenario(read_text(file));
        INFO(error_list(parsed.errors));
        REQUIRE(parsed.ok());
        CHECK(check_scenario(parsed.scenario).empty());

        const ScenarioMeta& meta = parsed.scenario.meta;
        CHECK(!meta.title.empty());
        CHECK(meta.story.size() > 200);
        CHECK(meta.story.find('\n') == std::string::npos);  // one paragraph
        REQUIRE(!meta.sources.empty());
        bool cites_a_key = false;
        for (const std::string& src : meta.sources) {
            CHECK(!src.empty());
            cites_a_key |= std::regex_search(src, std::regex(R"(\[[A-Z][A-Z0-9-]*\])"));
        }
        CHECK(cites_a_key);  // at least one DATA.md source key such as [BNEF25]

        const Results results = evaluate(parsed.scenario);
        CHECK(results.lifecycle.routes.size() == route_ids.size());
        const nlohmann::json doc = nlohmann::json::parse(results_to_json(results));
        std::vector<std::string> bad;
        int numbers = 0;
        check_numbers(doc, "", "", bad, numbers);
        INFO("non-finite or null: " << (bad.empty() ? std::string("none") : bad.front()));
        CHECK(bad.empty());
        CHECK(numbers > 20);
        for (const RouteResult& r : results.lifecycle.routes) {
            CHECK(std::isfinite(r.npv_usd));
            CHECK(std::isfinite(r.npv_usd_per_kwh));
            CHECK(std::isfinite(r.co2_kg));
        }
        if (parsed.scenario.portfolio) {
            REQUIRE(results.portfolio);
            CHECK(results.portfolio->warnings.empty());
        }
        if (parsed.scenario.logistics) CHECK(results.logistics);
    }
}

TEST_CASE("every preset round-trips: scenario -> JSON -> scenario -> JSON is byte-identical", "[presets]") {
    for (const auto& file : preset_files()) {
        INFO(file.filename().string());
        const ParsedScenario first = parse_scenario(read_text(file));
        REQUIRE(first.ok());
        const std::string json1 = scenario_to_json(first.scenario);
        const ParsedScenario second = parse_scenario(json1);
        INFO(error_list(second.errors));
        REQUIRE(second.ok());
        const std::string json2 = scenario_to_json(second.scenario);
        CHECK(json1 == json2);
        CHECK(scenario_diff(first.scenario, second.scenario).empty());
        // The same numbers come out of both.
        CHECK(results_to_json(evaluate(first.scenario)) == results_to_json(evaluate(second.scenario)));
    }
}

TEST_CASE("the lifecycle story presets set only fields that differ from the defaults", "[presets]") {
    Scenario with_portfolio;  // a preset's portfolio section is held against the portfolio defaults
    with_portfolio.portfolio = PortfolioInput{};
    const nlohmann::json defaults = nlohmann::json::parse(scenario_to_json(with_portfolio));
    for (const std::string& id : story_presets) {
        INFO(id);
        const nlohmann::json file = nlohmann::json::parse(read_text(preset_dir + "/" + id + ".json"));
        // Normalised: the preset as the core writes it, so that {"value": 1} and 1 compare alike.
        const nlohmann::json normal = nlohmann::json::parse(scenario_to_json(load(id)));
        std::vector<std::string> paths;
        leaves(file, "", paths);
        for (const std::string& path : paths) {
            if (path == "schema" || path.rfind("meta.", 0) == 0) continue;
            INFO(path);
            const auto ptr = pointer(path);
            REQUIRE(defaults.contains(ptr));
            CHECK(normal.at(ptr) != defaults.at(ptr));
        }
        // Every source of the new presets names a DATA.md key or section.
        for (const std::string& src : load(id).meta.sources) {
            INFO(src);
            CHECK((std::regex_search(src, std::regex(R"(\[[A-Z][A-Z0-9-]*\])")) ||
                   src.find("DATA.md") != std::string::npos));
        }
    }
}

TEST_CASE("preset lithium-rebound-2026: recycling NMC pays again and beats second life", "[presets]") {
    Scenario s = load("lithium-rebound-2026");
    const Results r = evaluate(s);
    const LifecycleResults& l = r.lifecycle;
    // Recycling now is income (+$13.8/kWh hydro: products sold net of the whole process cost, docs/MODEL.md
    // §4) and beats a stationary second life on merchant revenue at its 2024 level ([MODO] $55/kW-yr, falling
    // 5 %/yr), as Ma et al. find for NMC at high metal prices; remanufacture, held to the half of its packs that
    // find a buyer [RECUR], pays most.
    CHECK(l.best_route == "remanufacture");
    CHECK(l.next_best_route == "recycle_now");
    CHECK(per_kwh(r, RouteId::recycle_now) == Approx(13.76).margin(0.1));
    CHECK(per_kwh(r, RouteId::second_life) == Approx(-8.96).margin(0.2));
    CHECK(per_kwh(r, RouteId::remanufacture) == Approx(17.6).margin(0.2));
    CHECK(l.recycling_options[1].npv_usd > l.recycling_options[2].npv_usd);  // hydro just above direct
    CHECK(l.retirement_soh == Approx(0.81).margin(0.01));
    // The stationary calibration (docs/MODEL.md §2.3) runs the NMC pack its full 10 years ([NREL-B2U]: ~10).
    CHECK(l.second_life_years == Approx(10.0));
    // Only ~5 % cheaper per MWh than a new ESS ($130 vs $137): below Kamath's 12-57 %.
    CHECK(lcos_cut(l) > 0.0);
    CHECK(lcos_cut(l) < 0.12);
    check_second_life_ballparks(l);

    // At 2025 prices the same pack's recycling still pays (+$6.2/kWh, Lander 2021: −21..+22).
    Scenario y2025 = s;
    MarketInput& m = y2025.lifecycle.market;
    m.metal_prices_usd_per_kg.lithium_carbonate = Param(10.0);
    m.metal_prices_usd_per_kg.nickel = Param(15.5);
    m.metal_prices_usd_per_kg.cobalt = Param(33.0);
    CHECK(per_kwh(evaluate(y2025), RouteId::recycle_now) == Approx(6.24).margin(0.1));

    // Lithium alone does not flip the decision anywhere in its range.
    for (const char* li : {"13.6", "24.2"}) {
        Scenario t = s;
        set(t, "market.metal_prices_usd_per_kg.lithium_carbonate", li);
        const Results rt = evaluate(t);
        CHECK(rt.lifecycle.best_route == "remanufacture");
        CHECK(per_kwh(rt, RouteId::recycle_now) > per_kwh(rt, RouteId::second_life));
        CHECK(per_kwh(rt, RouteId::recycle_now) > 0.0);
    }
    // The flips the story names: a price factor below ~0.45 makes recycling best; a capacity value above
    // ~$76/kW-yr lifts second life above recycling, above ~$85 it is best (PJM's ~$120 [PJM]: +$18.5/kWh).
    CHECK(best_at(s, "remanufacture.price_factor", R"({"value": 0.44})") == "recycle_now");
    CHECK(best_at(s, "remanufacture.price_factor", R"({"value": 0.46})") == "remanufacture");
    auto at_capacity = [&](const char* value) {
        Scenario t = s;
        set(t, "second_life.capacity_value_usd_per_kw_year", value);
        return evaluate(t);
    };
    const Results c74 = at_capacity("74"), c78 = at_capacity("78");
    CHECK(per_kwh(c74, RouteId::second_life) < per_kwh(c74, RouteId::recycle_now));
    CHECK(per_kwh(c78, RouteId::second_life) > per_kwh(c78, RouteId::recycle_now));
    CHECK(at_capacity("83").lifecycle.best_route == "remanufacture");
    const Results c120 = at_capacity("120");
    CHECK(c120.lifecycle.best_route == "second_life");
    CHECK(per_kwh(c120, RouteId::second_life) == Approx(18.48).margin(0.2));
}

TEST_CASE("preset robotaxi-fleet-churn: early, healthy LFP packs earn most in second life only with a capacity payment", "[presets]") {
    Scenario s = load("robotaxi-fleet-churn");
    const Results r = evaluate(s);
    const LifecycleResults& l = r.lifecycle;
    // 6 years and ~1,030 EFC to 82 % SoH (DATA.md story 4: 80 % at ~6-7 years).
    CHECK(l.retirement_soh == Approx(0.82).margin(1e-6));
    CHECK(l.first_life_years == Approx(6.0).margin(0.1));
    CHECK(l.first_life_years * l.first_life_efc_per_year == Approx(1030).margin(30));
    // On merchant revenue at its 2024 level (ERCOT $55/kW-yr [MODO], falling 5 %/yr) second life loses
    // -$32.8/kWh although it stores energy 26 % cheaper than new US AC storage (inside Kamath's 12-57 %): the
    // market pays less than either costs. Remanufacture (-$4.5/kWh) is the least bad route; recycling is a gate
    // fee of ~$1.4/kg (one value chain, docs/MODEL.md §4).
    CHECK(l.best_route == "remanufacture");
    CHECK(l.next_best_route == "recycle_now");
    CHECK(per_kwh(r, RouteId::second_life) == Approx(-32.84).margin(0.2));
    CHECK(per_kwh(r, RouteId::remanufacture) == Approx(-4.46).margin(0.1));
    CHECK(per_kwh(r, RouteId::recycle_now) < 0.0);
    CHECK(-route(r, RouteId::recycle_now).npv_usd / l.pack_mass_kg == Approx(1.40).margin(0.02));
    CHECK(l.second_life_years == Approx(10.0));  // DATA.md story 4: 8-12 years
    CHECK(lcos_cut(l) > 0.12);
    CHECK(lcos_cut(l) < 0.57);
    CHECK(lcos_cut(l) == Approx(0.258).margin(0.01));
    check_second_life_ballparks(l);
    // At the 7x-private-car mileage the pack retires after 2.4 years.
    Scenario fast = s;
    set(fast, "first_life.km_per_year", "152083");
    CHECK(evaluate(fast).lifecycle.first_life_years == Approx(2.4).margin(0.1));
    // The flips the story names: second life beats recycling above ~$56/kW-yr of capacity value and is the
    // best route above ~$63/kW-yr; at PJM's ~$120 [PJM] it earns +$33/kWh, and the fleet can ask that much.
    CHECK(best_at(s, "second_life.capacity_value_usd_per_kw_year", "62") == "remanufacture");
    CHECK(best_at(s, "second_life.capacity_value_usd_per_kw_year", "65") == "second_life");
    Scenario pjm = s;
    set(pjm, "second_life.capacity_value_usd_per_kw_year", "120");
    const Results rp = evaluate(pjm);
    CHECK(rp.lifecycle.best_route == "second_life");
    CHECK(per_kwh(rp, RouteId::second_life) == Approx(33.26).margin(0.2));
    CHECK(rp.lifecycle.max_buy_price_usd_per_kwh == Approx(33.26).margin(0.2));
}

TEST_CASE("preset data-centre-second-life-microgrid: demand charges make second life the clear winner",
          "[presets]") {
    Scenario s = load("data-centre-second-life-microgrid");
    const Results r = evaluate(s);
    const LifecycleResults& l = r.lifecycle;
    CHECK(l.retirement_soh == Approx(0.786).margin(0.005));
    // Against the new US AC system it would otherwise buy ($217/kWh [ANZA]; the second life's $50/kWh
    // integration is the AC side too), the demand charges make second life best: +$28.3/kWh, against +$12.9
    // for remanufacture and +$9.2 for recycling now. The demand value exceeds what new storage would charge
    // for the same service, so the revenue is capped there (docs/MODEL.md §4).
    CHECK(l.best_route == "second_life");
    CHECK(l.next_best_route == "remanufacture");
    CHECK(per_kwh(r, RouteId::second_life) == Approx(28.31).margin(0.3));
    CHECK(per_kwh(r, RouteId::remanufacture) == Approx(12.90).margin(0.2));
    CHECK(per_kwh(r, RouteId::recycle_now) == Approx(9.20).margin(0.1));
    CHECK(l.second_life_revenue_stack.new_storage_cap_npv_usd < 0.0);
    // The repurposer can pay ~$45 per usable kWh: inside the $25-50 integrators pay [CURR], far below a new
    // system's $217.
    const double usable_fraction = l.retirement_soh * s.lifecycle.second_life.usable_window.value;
    CHECK(l.max_buy_price_usd_per_kwh / usable_fraction == Approx(45.0).margin(1.0));
    CHECK(l.max_buy_price_usd_per_kwh / usable_fraction <= 50.0);
    // Repurposed cost inside NREL's $38-132 and below the $75-100 second-life systems sell for. (The pack
    // changes hands at its recycle-now value, which one recycling value chain raises, docs/MODEL.md §4.)
    CHECK(l.repurposed_cost_usd_per_kwh == Approx(67.6).margin(0.5));
    CHECK(l.repurposed_cost_usd_per_kwh < 75.0);
    // 20 % cheaper per MWh than the new AC system, inside Kamath's 12-57 %.
    CHECK(lcos_cut(l) > 0.12);
    CHECK(lcos_cut(l) < 0.57);
    CHECK(l.second_life_years == Approx(10.0));
    check_second_life_ballparks(l);
    // New storage flips it: below a new price of ~$160/kWh (under even a DC block at $164) remanufacture wins; at
    // $60 the second life loses money.
    CHECK(best_at(s, "market.new_ess_system_price_usd_per_kwh", R"({"value": 158})") == "remanufacture");
    CHECK(best_at(s, "market.new_ess_system_price_usd_per_kwh", "163") == "second_life");
    Scenario cheap = s;
    set(cheap, "market.new_ess_system_price_usd_per_kwh", "60");
    CHECK(per_kwh(evaluate(cheap), RouteId::second_life) < 0.0);
    // Below ~$76/kW-yr of demand value remanufacture wins.
    CHECK(best_at(s, "second_life.capacity_value_usd_per_kw_year", "120") == "second_life");
    CHECK(best_at(s, "second_life.capacity_value_usd_per_kw_year", R"({"value": 74})") == "remanufacture");
    CHECK(best_at(s, "second_life.capacity_value_usd_per_kw_year", R"({"value": 78})") == "second_life");
}

TEST_CASE("preset sodium-ion-ess-entrant: the end of life is a pure cost and lithium moves nothing", "[presets]") {
    Scenario s = load("sodium-ion-ess-entrant");
    const Results r = evaluate(s);
    const LifecycleResults& l = r.lifecycle;
    // Sold into storage $65.5/kWh over 20 years, an EV pack $74.6.
    CHECK(per_kwh(r, RouteId::deploy_ess) == Approx(65.53).margin(0.1));
    CHECK(per_kwh(r, RouteId::deploy_ev) == Approx(74.56).margin(0.1));
    CHECK(route(r, RouteId::deploy_ess).soh.years.back() == Approx(20.0));
    CHECK(l.best_deploy_route == "deploy_ev");
    // No Li, Ni or Co: every end-of-life route loses money; recycling is a gate fee of ~$2.5/kg, above the
    // $0-2/kg LFP analogy (the story says why).
    for (RouteId id : {RouteId::recycle_now, RouteId::second_life, RouteId::remanufacture}) CHECK(per_kwh(r, id) < 0.0);
    for (const RecyclingOption& o : l.recycling_options) CHECK(o.npv_usd < 0.0);
    const double gate_fee = -route(r, RouteId::recycle_now).npv_usd / l.pack_mass_kg;
    CHECK(gate_fee == Approx(2.50).margin(0.03));
    CHECK(gate_fee > 2.0);
    // Remanufacture is the least bad route, barely (-$20.4 against -$20.8/kWh for recycling now); second life
    // loses most (-$37.8/kWh) on merchant revenue at its 2024 level, and its system is only 10 % cheaper per
    // MWh than new storage, whose LFP cells last as fitted (docs/MODEL.md §2.3): below Kamath's 12-57 %.
    CHECK(l.best_route == "remanufacture");
    CHECK(l.next_best_route == "recycle_now");
    CHECK(per_kwh(r, RouteId::second_life) == Approx(-37.84).margin(0.2));
    CHECK(per_kwh(r, RouteId::remanufacture) == Approx(-20.44).margin(0.1));
    CHECK(lcos_cut(l) > 0.0);
    CHECK(lcos_cut(l) < 0.12);
    check_second_life_ballparks(l);
    // The lithium hedge is not in one pack's routes: no Na-ion route value moves with lithium carbonate.
    for (const char* li : {"9.6", "24.2"}) {
        Scenario t = s;
        set(t, "market.metal_prices_usd_per_kg.lithium_carbonate", li);
        const Results rt = evaluate(t);
        for (std::size_t i = 0; i < route_ids.size(); ++i)
            CHECK(rt.lifecycle.routes[i].npv_usd == r.lifecycle.routes[i].npv_usd);
    }
    // Flip: a capacity value above ~$62/kW-yr makes second life the least bad route.
    CHECK(best_at(s, "second_life.capacity_value_usd_per_kw_year", "60") == "remanufacture");
    CHECK(best_at(s, "second_life.capacity_value_usd_per_kw_year", "63") == "second_life");
    // Recycling and remanufacture lose money at both ends of every range.
    for (const ParamRef& p : scenario_params(s)) {
        for (double x : {p.param->low, p.param->high}) {
            Scenario t = s;
            set(t, p.path, nlohmann::json(x).dump());
            const Results rt = evaluate(t);
            INFO(p.path << " = " << x);
            CHECK(rt.lifecycle.route(RouteId::recycle_now).npv_usd < 0.0);
            CHECK(rt.lifecycle.route(RouteId::remanufacture).npv_usd < 0.0);
        }
    }
    // Even PJM's ~$120/kW-yr capacity price [PJM] leaves the second life at a loss (-$11.7/kWh).
    Scenario pjm = s;
    set(pjm, "second_life.capacity_value_usd_per_kw_year", "120");
    CHECK(per_kwh(evaluate(pjm), RouteId::second_life) == Approx(-11.70).margin(0.2));
}

TEST_CASE("preset gm-redwood-second-life: merchant storage does not pay for an NMC pack, a capacity price does", "[presets]") {
    Scenario s = load("gm-redwood-second-life");
    const Results r = evaluate(s);
    const LifecycleResults& l = r.lifecycle;
    CHECK(l.retirement_soh == Approx(0.84).margin(0.005));
    // The stationary calibration (docs/MODEL.md §2.3) lets the NMC pack run its full 10 years ([NREL-B2U]:
    // ~10 yr), where the EV fleet scalar ended it after 6.1.
    CHECK(l.second_life_years == Approx(10.0));
    // 23 % cheaper per MWh than new US AC storage, inside Kamath's 12-57 %.
    CHECK(lcos_cut(l) > 0.12);
    CHECK(lcos_cut(l) < 0.57);
    CHECK(lcos_cut(l) == Approx(0.226).margin(0.01));
    check_second_life_ballparks(l);
    // On merchant revenue at its 2024 level ([MODO] $55/kW-yr, falling 5 %/yr) the second life loses money;
    // remanufacture (half the packs sell [RECUR]) is best, recycling now (products net of the whole process
    // cost, docs/MODEL.md §4) second.
    CHECK(l.best_route == "remanufacture");
    CHECK(l.next_best_route == "recycle_now");
    CHECK(per_kwh(r, RouteId::remanufacture) == Approx(12.76).margin(0.2));
    CHECK(per_kwh(r, RouteId::recycle_now) == Approx(6.59).margin(0.1));
    CHECK(per_kwh(r, RouteId::second_life) == Approx(-11.52).margin(0.2));
    // Misses Ma et al.'s +19 % for NMC reuse at merchant revenue: second life is below recycling now.
    CHECK(per_kwh(r, RouteId::second_life) < per_kwh(r, RouteId::recycle_now));
    // Flips: above ~$64/kW-yr of capacity value second life beats recycling, above ~$78 it is best; PJM's
    // ~$120 [PJM] gives +$30.1/kWh.
    auto at_capacity = [&](const char* value) {
        Scenario t = s;
        set(t, "second_life.capacity_value_usd_per_kw_year", value);
        return evaluate(t);
    };
    const Results c62 = at_capacity("62"), c66 = at_capacity("66");
    CHECK(per_kwh(c62, RouteId::second_life) < per_kwh(c62, RouteId::recycle_now));
    CHECK(per_kwh(c66, RouteId::second_life) > per_kwh(c66, RouteId::recycle_now));
    CHECK(at_capacity("76").lifecycle.best_route == "remanufacture");
    CHECK(at_capacity("80").lifecycle.best_route == "second_life");
    CHECK(per_kwh(at_capacity("120"), RouteId::second_life) == Approx(30.11).margin(0.2));
}

TEST_CASE("preset baas-fleet: the first life is all of a pack's value; cheap new storage leaves the end of life a cost",
          "[presets]") {
    Scenario s = load("baas-fleet");
    const Results r = evaluate(s);
    const LifecycleResults& l = r.lifecycle;
    // 80 % SoH after 12.2 years and ~1,730 EFC.
    CHECK(l.retirement_soh == Approx(0.8).margin(1e-6));
    CHECK(l.first_life_years == Approx(12.2).margin(0.1));
    CHECK(l.first_life_years * l.first_life_efc_per_year == Approx(1730).margin(30));
    // Whole-life value $61.2/kWh = China pack price $63.18 + the best end of life (remanufacture), discounted.
    CHECK(l.best_deploy_route == "deploy_ev");
    const double pack_price = 81.0 * 0.78;
    const double discount = std::pow(1.0 + s.lifecycle.market.discount_rate.value, l.first_life_years);
    CHECK(per_kwh(r, RouteId::deploy_ev) == Approx(61.23).margin(0.1));
    CHECK(per_kwh(r, RouteId::deploy_ev) ==
          Approx(pack_price + per_kwh(r, RouteId::remanufacture) / discount).epsilon(1e-6));
    // Remanufacture -$5.0/kWh is the least bad end of life, just ahead of recycling, a gate fee of $0.88/kg
    // (-$5.9/kWh, inside EverBatt's $0-2/kg); second life -$16.4/kWh.
    CHECK(l.best_route == "remanufacture");
    CHECK(l.next_best_route == "recycle_now");
    CHECK(per_kwh(r, RouteId::second_life) == Approx(-16.42).margin(0.2));
    CHECK(per_kwh(r, RouteId::remanufacture) == Approx(-4.97).margin(0.1));
    const double gate_fee = -route(r, RouteId::recycle_now).npv_usd / l.pack_mass_kg;
    CHECK(gate_fee == Approx(0.88).margin(0.02));
    CHECK(gate_fee > 0.0);
    CHECK(gate_fee <= 2.0);
    // China's $85 new systems store energy cheaper than the second life ($97 vs $111/MWh): outside Kamath,
    // as the story says, and so second life cannot beat recycling at any storage revenue (MODEL.md §4).
    CHECK(lcos_cut(l) < 0.0);
    CHECK(lcos_cut(l) == Approx(-0.135).margin(0.01));
    CHECK(l.repurposed_cost_usd_per_kwh == Approx(67.8).margin(0.5));
    check_second_life_ballparks(l);
    for (const char* value : {"120", "240", "400"}) {
        Scenario t = s;
        set(t, "second_life.capacity_value_usd_per_kw_year", value);
        const Results rt = evaluate(t);
        CHECK(rt.lifecycle.best_route != "second_life");
        CHECK(per_kwh(rt, RouteId::second_life) < per_kwh(rt, RouteId::recycle_now));
    }
}

TEST_CASE("preset china-lfp-glut-2025: China's lifecycle prices and rules, not the US defaults", "[presets]") {
    const Scenario s = load("china-lfp-glut-2025");
    const Results r = evaluate(s);
    const LifecycleResults& l = r.lifecycle;
    // The NEA bars retired EV packs from new large-scale storage: the second life is closed, with a warning.
    CHECK_FALSE(s.lifecycle.second_life.permitted);
    CHECK(route(r, RouteId::second_life).npv_usd == route(r, RouteId::recycle_now).npv_usd);
    bool warned = false;
    for (const std::string& w : l.warnings) warned |= w.find("second_life.permitted") != std::string::npos;
    CHECK(warned);
    // Remanufacture -$4.7/kWh is the least bad route, ahead of recycling now, a gate fee of $0.88/kg (-$5.9/kWh).
    CHECK(l.best_route == "remanufacture");
    CHECK(per_kwh(r, RouteId::remanufacture) == Approx(-4.69).margin(0.1));
    CHECK(per_kwh(r, RouteId::recycle_now) == Approx(-5.85).margin(0.1));
    CHECK(-route(r, RouteId::recycle_now).npv_usd / l.pack_mass_kg == Approx(0.88).margin(0.02));
    // The same LFP pack under US inputs (gm-ultium-lfp-retool) costs more either way: the regions differ.
    const Results us = evaluate(load("gm-ultium-lfp-retool"));
    CHECK(per_kwh(us, RouteId::remanufacture) == Approx(-8.74).margin(0.1));
    CHECK(per_kwh(us, RouteId::recycle_now) == Approx(-9.31).margin(0.1));
    CHECK(per_kwh(r, RouteId::remanufacture) > per_kwh(us, RouteId::remanufacture));
    CHECK(per_kwh(r, RouteId::deploy_ev) < per_kwh(us, RouteId::deploy_ev));  // China's pack price
    CHECK(route(us, RouteId::second_life).npv_usd != route(us, RouteId::recycle_now).npv_usd);
}
