// Scenario files (MODEL.md §7): the bad-input table case by case on whole scenario documents, the
// public --set paths, ranges and distributions through JSON, and path-named errors for the portfolio section.
// Every error must name the JSON path, the value, the allowed range and the unit.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "core/evaluate.hpp"
#include "core/scenario.hpp"

using namespace packfolio;

namespace {

std::string all_errors(const std::vector<FieldError>& errors) {
    std::string s;
    for (const FieldError& e : errors) s += format_error(e) + "\n";
    return s;
}

// A whole scenario document with one section (or one field) changed: `body` is the JSON after the schema.
std::string doc(const std::string& body) { return R"({"schema": "packfolio/1", )" + body + "}"; }

// The one error of `text`, which must be at `path`.
FieldError only_error(const std::string& text, const std::string& path) {
    const ParsedScenario p = parse_scenario(text);
    INFO(text << "\n" << all_errors(p.errors));
    REQUIRE(p.errors.size() == 1);
    CHECK(p.errors[0].path == path);
    return p.errors[0];
}

// The error message holds every one of `parts` (value, range, unit, hint...).
void check_message(const FieldError& e, const std::vector<std::string>& parts) {
    INFO(format_error(e));
    for (const std::string& part : parts) {
        INFO("missing: " << part);
        CHECK(e.message.find(part) != std::string::npos);
    }
}

const FieldError* find_error(const std::vector<FieldError>& errors, const std::string& path) {
    for (const FieldError& e : errors)
        if (e.path == path) return &e;
    return nullptr;
}

double recycle_now_usd(const Scenario& s) { return evaluate(s).lifecycle.route(RouteId::recycle_now).npv_usd; }

}  // namespace

// ---- the bad-input table ----

TEST_CASE("bad input: NaN (JSON cannot hold it) as a string, and as a literal", "[scenario]") {
    const FieldError e = only_error(doc(R"("pack": {"nominal_kwh": "NaN"})"), "pack.nominal_kwh");
    check_message(e, {"\"NaN\"", "not a number", "more than 0", "2000", "kWh"});

    const FieldError soh = only_error(doc(R"("first_life": {"retirement_soh": "nan"})"), "first_life.retirement_soh");
    check_message(soh, {"\"nan\"", "not a number", "0.3 to 0.99", "fraction"});

    // A bare NaN is not JSON at all: one document-level error, no throw.
    ParsedScenario p;
    REQUIRE_NOTHROW(p = parse_scenario(doc(R"("pack": {"nominal_kwh": NaN})")));
    REQUIRE(p.errors.size() == 1);
    CHECK(p.errors[0].path.empty());
    CHECK(p.errors[0].message.find("not valid JSON") != std::string::npos);
}

TEST_CASE("bad input: infinity as a string and as a literal", "[scenario]") {
    for (const char* inf : {"\"Infinity\"", "\"-Infinity\"", "\"inf\""}) {
        const FieldError e =
            only_error(doc(std::string(R"("market": {"discount_rate": )") + inf + "}"), "market.discount_rate");
        check_message(e, {inf, "not a number", "0 to 0.2", "fraction/yr"});
    }
    ParsedScenario p;
    REQUIRE_NOTHROW(p = parse_scenario(doc(R"("market": {"discount_rate": Infinity})")));
    REQUIRE(p.errors.size() == 1);
    CHECK(p.errors[0].message.find("not valid JSON") != std::string::npos);
}

// 1e999 overflows a double (nlohmann's out_of_range.406): it is an error of its field, never a throw.
TEST_CASE("bad input: a number that overflows a double (1e999) is a path-named error", "[scenario]") {
    for (const char* big : {"1e999", "-1e999"}) {
        const std::string text = doc(std::string(R"("pack": {"nominal_kwh": )") + big + "}");
        ParsedScenario p;
        REQUIRE_NOTHROW(p = parse_scenario(text));
        REQUIRE(p.errors.size() == 1);
        CHECK(p.errors[0].path == "pack.nominal_kwh");
        check_message(p.errors[0], {"kWh", "2000"});
        // The browser entry point must answer with JSON errors, never throw.
        std::string out;
        REQUIRE_NOTHROW(out = evaluate_json_text(text));
        CHECK(out.find("\"errors\"") != std::string::npos);
    }
}

TEST_CASE("bad input: wrong types name the path, the value and what was expected", "[scenario]") {
    check_message(only_error(doc(R"("pack": {"nominal_kwh": true})"), "pack.nominal_kwh"),
                  {"true", "not a number", "more than 0 and at most 2000 kWh"});
    check_message(only_error(doc(R"("pack": {"nominal_kwh": [75]})"), "pack.nominal_kwh"),
                  {"[75]", "not a number", "2000 kWh"});
    check_message(only_error(doc(R"("pack": {"nominal_kwh": "75"})"), "pack.nominal_kwh"),
                  {"\"75\"", "not a number", "2000 kWh"});
    check_message(only_error(doc(R"("pack": {"nominal_kwh": {"value": "75"}})"), "pack.nominal_kwh.value"),
                  {"\"75\"", "not a number", "2000 kWh"});
    check_message(only_error(doc(R"("pack": {"chemistry": 7})"), "pack.chemistry"), {"7", "expected one of", "LFP"});
    check_message(only_error(doc(R"("pack": {"damaged": "yes"})"), "pack.damaged"), {"\"yes\"", "true or false"});
    check_message(only_error(doc(R"("pack": "LFP")"), "pack"), {"\"LFP\"", "expected an object"});
    check_message(only_error(doc(R"("meta": {"title": 5})"), "meta.title"), {"5", "expected a string"});
    check_message(only_error(doc(R"("meta": {"sources": "BNEF"})"), "meta.sources"), {"\"BNEF\"", "array of strings"});
    check_message(only_error(doc(R"("meta": {"sources": ["ok", 3]})"), "meta.sources[1]"), {"3", "expected a string"});
    check_message(only_error(doc(R"("portfolio": {"lines": {}})"), "portfolio.lines"), {"{}", "array of objects"});
    check_message(only_error(doc(R"("portfolio": {"horizon_years": 2.5})"), "portfolio.horizon_years"),
                  {"2.5", "whole number", "1 to 30 years"});
}

TEST_CASE("bad input: zero and negative sizes", "[scenario]") {
    check_message(only_error(doc(R"("pack": {"nominal_kwh": 0})"), "pack.nominal_kwh"),
                  {"0 is out of range", "expected more than 0 and at most 2000 kWh"});
    check_message(only_error(doc(R"("pack": {"nominal_kwh": -5})"), "pack.nominal_kwh"),
                  {"-5 is out of range", "expected more than 0 and at most 2000 kWh"});
    check_message(only_error(doc(R"("pack": {"nominal_kwh": {"value": 75, "low": -5, "high": 100}})"),
                             "pack.nominal_kwh.low"),
                  {"-5", "more than 0", "kWh"});
    check_message(only_error(doc(R"("second_life": {"duration_h": 0})"), "second_life.duration_h"),
                  {"0 is out of range", "0.25", "24", " h"});
    check_message(only_error(doc(R"("transport": {"truck_payload_kg": -1})"), "transport.truck_payload_kg"),
                  {"-1", "more than 0", "kg"});
}

TEST_CASE("bad input: fractions outside 0-1 and other out-of-range numbers", "[scenario]") {
    check_message(only_error(doc(R"("first_life": {"retirement_soh": 1.2})"), "first_life.retirement_soh"),
                  {"1.2 is out of range", "expected 0.3 to 0.99 fraction"});
    check_message(only_error(doc(R"("second_life": {"pass_rate": -0.1})"), "second_life.pass_rate"),
                  {"-0.1", "expected 0 to 1 fraction"});
    check_message(only_error(doc(R"("recycling": {"cell_mass_share": 1.5})"), "recycling.cell_mass_share"),
                  {"1.5", "expected 0.3 to 1 fraction"});
    check_message(only_error(doc(R"("market": {"discount_rate": 0.25})"), "market.discount_rate"),
                  {"0.25", "expected 0 to 0.2 fraction/yr"});
    check_message(
        only_error(doc(R"("market": {"metal_prices_usd_per_kg": {"lithium_carbonate": 250}})"),
                   "market.metal_prices_usd_per_kg.lithium_carbonate"),
        {"250", "expected 0 to 200 $/kg"});
    // A cross-field check names its path too: the second-life floor must lie below the retirement SoH.
    const ParsedScenario p =
        parse_scenario(doc(R"("first_life": {"end_by": "retirement_soh", "retirement_soh": 0.55})"));
    const FieldError* floor = find_error(p.errors, "second_life.floor_soh");
    REQUIRE(floor != nullptr);
    check_message(*floor, {"0.6", "first_life.retirement_soh", "0.55", "fraction"});
}

TEST_CASE("bad input: unknown chemistry with a did-you-mean hint", "[scenario]") {
    const FieldError e = only_error(doc(R"("pack": {"chemistry": "LFPX"})"), "pack.chemistry");
    check_message(e, {"\"LFPX\"", "did you mean \"LFP\"", "LFP, NMC811, NMC622, NMC111, NCA, LMO, Na-ion"});
    check_message(only_error(doc(R"("pack": {"chemistry": "NMC-811"})"), "pack.chemistry"),
                  {"did you mean \"NMC811\""});
    check_message(only_error(doc(R"("pack": {"chemistry": "lithium"})"), "pack.chemistry"), {"expected one of"});
    // Chemistries are case-sensitive names: "lfp" is an error that lists "LFP".
    check_message(only_error(doc(R"("pack": {"chemistry": "lfp"})"), "pack.chemistry"), {"\"lfp\"", "expected one of: LFP"});
}

TEST_CASE("bad input: unknown keys with a did-you-mean hint", "[scenario]") {
    check_message(only_error(doc(R"("pack": {"nominal_kw": 75})"), "pack.nominal_kw"),
                  {"unknown key", "did you mean \"nominal_kwh\""});
    check_message(only_error(doc(R"("pakc": {})"), "pakc"), {"unknown key", "did you mean \"pack\""});
    check_message(only_error(doc(R"("market": {"metal_prices_usd_per_kg": {"cobolt": 40}})"),
                             "market.metal_prices_usd_per_kg.cobolt"),
                  {"unknown key", "did you mean \"cobalt\""});
    check_message(only_error(doc(R"("pack": {"nominal_kwh": {"value": 75, "hi": 80}})"), "pack.nominal_kwh.hi"),
                  {"unknown key", "did you mean \"high\""});
    // Nothing close: the allowed keys are listed instead.
    check_message(only_error(doc(R"("pack": {"colour": "red"})"), "pack.colour"),
                  {"unknown key", "allowed keys", "nominal_kwh"});
}

TEST_CASE("bad input: missing or wrong schema", "[scenario]") {
    check_message(only_error(R"({"pack": {"chemistry": "LFP"}})", "schema"), {"missing", "packfolio/1"});
    check_message(only_error(R"({"schema": "packfolio/2", "pack": {}})", "schema"),
                  {"\"packfolio/2\"", "not supported", "packfolio/1"});
    check_message(only_error(R"({"schema": 1})", "schema"), {"1", "not supported", "packfolio/1"});
    // Not an object at all.
    const ParsedScenario p = parse_scenario("[1, 2]");
    REQUIRE(p.errors.size() == 1);
    CHECK(p.errors[0].message.find("packfolio/1") != std::string::npos);
    // Broken JSON: one error with the position.
    const ParsedScenario broken = parse_scenario(R"({"schema": "packfolio/1", "pack": )");
    REQUIRE(broken.errors.size() == 1);
    CHECK(broken.errors[0].message.find("not valid JSON") != std::string::npos);
}

TEST_CASE("bad input: ranges out of order and unknown distributions", "[scenario]") {
    check_message(only_error(doc(R"("pack": {"nominal_kwh": {"value": 75, "low": 80, "high": 90}})"), "pack.nominal_kwh"),
                  {"low 80", "value 75", "high 90", "out of order", "kWh"});
    check_message(only_error(doc(R"("pack": {"nominal_kwh": {"value": 75, "low": 70, "high": 90, "dist": "gauss"}})"),
                             "pack.nominal_kwh.dist"),
                  {"\"gauss\"", "fixed, uniform, triangular, normal"});
    check_message(only_error(doc(R"("pack": {"nominal_kwh": {"low": 70, "high": 90}})"), "pack.nominal_kwh.value"),
                  {"missing"});
}

TEST_CASE("every error of a document is reported at once", "[scenario]") {
    const ParsedScenario p = parse_scenario(doc(
        R"("pack": {"chemistry": "LFPX", "nominal_kwh": -5}, "first_life": {"retirement_soh": 1.2}, "colour": 1)"));
    INFO(all_errors(p.errors));
    CHECK(p.errors.size() == 4);
    CHECK(find_error(p.errors, "pack.chemistry"));
    CHECK(find_error(p.errors, "pack.nominal_kwh"));
    CHECK(find_error(p.errors, "first_life.retirement_soh"));
    CHECK(find_error(p.errors, "colour"));
    for (const FieldError& e : p.errors) {
        CHECK(!e.path.empty());
        CHECK(format_error(e).rfind(e.path + ": ", 0) == 0);
    }
}

// ---- the public --set paths ----

TEST_CASE("set_field: the public paths change the scenario and the result", "[scenario]") {
    Scenario s;
    CHECK(set_field(s, "pack.chemistry", "LFP").empty());
    CHECK(s.lifecycle.pack.chemistry == Chemistry::lfp);
    CHECK(set_field(s, "pack.chemistry", "\"NMC811\"").empty());  // quoted JSON works too
    CHECK(s.lifecycle.pack.chemistry == Chemistry::nmc811);

    CHECK(set_field(s, "pack.nominal_kwh", "100").empty());
    CHECK(s.lifecycle.pack.nominal_kwh.value == 100.0);

    // A number keeps the field's low/high range.
    CHECK(set_field(s, "first_life.retirement_soh", "0.78").empty());
    CHECK(s.lifecycle.first_life.retirement_soh.value == 0.78);
    CHECK(s.lifecycle.first_life.retirement_soh.low == 0.70);
    CHECK(s.lifecycle.first_life.retirement_soh.high == 0.80);
    CHECK(set_field(s, "first_life.end_by", "retirement_soh").empty());
    CHECK(evaluate(s).lifecycle.retirement_soh == Approx(0.78));

    CHECK(set_field(s, "market.discount_rate", "0.1").empty());
    CHECK(s.lifecycle.market.discount_rate.value == 0.1);

    const double before = recycle_now_usd(s);
    CHECK(set_field(s, "market.metal_prices_usd_per_kg.lithium_carbonate", "20").empty());
    CHECK(s.lifecycle.market.metal_prices_usd_per_kg.lithium_carbonate.value == 20.0);
    const double after_li = recycle_now_usd(s);
    CHECK(after_li > before);
    CHECK(set_field(s, "market.metal_prices_usd_per_kg.nickel", "16.5").empty());
    CHECK(s.lifecycle.market.metal_prices_usd_per_kg.nickel.value == 16.5);
    const double after_ni = recycle_now_usd(s);
    CHECK(after_ni > after_li);
    CHECK(set_field(s, "market.metal_prices_usd_per_kg.cobalt", "45").empty());
    CHECK(s.lifecycle.market.metal_prices_usd_per_kg.cobalt.value == 45.0);
    CHECK(recycle_now_usd(s) > after_ni);

    // A whole range object replaces the range.
    CHECK(set_field(s, "market.metal_prices_usd_per_kg.lithium_carbonate",
                    R"({"value": 30, "low": 10, "high": 40, "dist": "uniform"})")
              .empty());
    CHECK(s.lifecycle.market.metal_prices_usd_per_kg.lithium_carbonate ==
          Param(30.0, 10.0, 40.0, Distribution::uniform));
}

TEST_CASE("set_field: bad values and bad paths give the file's errors and leave the scenario alone", "[scenario]") {
    Scenario s;
    const std::string before = scenario_to_json(s);
    auto one = [&](const std::string& path, const std::string& value, const std::string& error_path,
                   const std::vector<std::string>& parts) {
        const std::vector<FieldError> errors = set_field(s, path, value);
        INFO(path << "=" << value << "\n" << all_errors(errors));
        REQUIRE(errors.size() == 1);
        // A number with a range reports at its "value" (e.g. market.discount_rate.value).
        CHECK((errors[0].path == error_path || errors[0].path == error_path + ".value"));
        check_message(errors[0], parts);
        CHECK(scenario_to_json(s) == before);
    };
    one("pack.chemistry", "LFPX", "pack.chemistry", {"did you mean \"LFP\""});
    one("pack.nominal_kwh", "0", "pack.nominal_kwh", {"more than 0 and at most 2000 kWh"});
    one("pack.nominal_kwh", "-5", "pack.nominal_kwh", {"-5", "kWh"});
    one("pack.nominal_kwh", "NaN", "pack.nominal_kwh", {"\"NaN\"", "not a number", "kWh"});
    one("first_life.retirement_soh", R"({"value": 1.2})", "first_life.retirement_soh", {"1.2", "0.3 to 0.99 fraction"});
    one("market.discount_rate", "0.25", "market.discount_rate", {"0.25", "0 to 0.2 fraction/yr"});
    one("market.metal_prices_usd_per_kg.nickel", "-1", "market.metal_prices_usd_per_kg.nickel", {"-1", "$/kg"});
    one("pack.nominal_kw", "75", "pack.nominal_kw", {"did you mean \"nominal_kwh\""});
    const std::vector<FieldError> section = set_field(s, "packk.nominal_kwh", "75");
    REQUIRE(section.size() == 1);
    CHECK(section[0].path == "packk.nominal_kwh");
    const std::vector<FieldError> syntax = set_field(s, "pack..nominal_kwh", "75");
    REQUIRE(syntax.size() == 1);
    CHECK(syntax[0].message.find("not a field path") != std::string::npos);
    CHECK(scenario_to_json(s) == before);
}

// MODEL.md §7: the core rejects values outside a field's documented range, so a value inside it must be
// accepted: set_field widens the sensitivity range (lithium carbonate 9.6-22 $/kg by default) to take $30.
TEST_CASE("set_field accepts a value inside the field's range but outside its sensitivity range",
          "[scenario]") {
    Scenario s;
    CHECK(set_field(s, "market.metal_prices_usd_per_kg.lithium_carbonate", "30").empty());
    CHECK(s.lifecycle.market.metal_prices_usd_per_kg.lithium_carbonate.value == 30.0);
    CHECK(set_field(s, "first_life.retirement_soh", "0.9").empty());
    CHECK(s.lifecycle.first_life.retirement_soh.value == 0.9);
}

// ---- ranges and distributions through JSON ----

TEST_CASE("a low/high range and a distribution round-trip", "[scenario]") {
    const std::string text = doc(R"("market": {
        "discount_rate": {"value": 0.08, "low": 0.05, "high": 0.11, "dist": "normal"},
        "metal_prices_usd_per_kg": {"lithium_carbonate": {"value": 22, "low": 13.6, "high": 24.2}},
        "pack_price_multiplier": {"value": 0.7, "low": 0.6, "high": 0.8, "dist": "uniform"},
        "new_ess_life_years": 15})");
    const ParsedScenario p = parse_scenario(text);
    INFO(all_errors(p.errors));
    REQUIRE(p.ok());
    const MarketInput& m = p.scenario.lifecycle.market;
    CHECK(m.discount_rate == Param(0.08, 0.05, 0.11, Distribution::normal));
    // A range without a distribution is triangular.
    CHECK(m.metal_prices_usd_per_kg.lithium_carbonate == Param(22.0, 13.6, 24.2, Distribution::triangular));
    CHECK(m.pack_price_multiplier == Param(0.7, 0.6, 0.8, Distribution::uniform));
    // A plain number has no range and a fixed distribution, and is written back as a plain number.
    CHECK(m.new_ess_life_years == Param(15.0));
    CHECK(!m.new_ess_life_years.has_range());

    const std::string json1 = scenario_to_json(p.scenario);
    const ParsedScenario again = parse_scenario(json1);
    REQUIRE(again.ok());
    CHECK(again.scenario.lifecycle.market.discount_rate == m.discount_rate);
    CHECK(again.scenario.lifecycle.market.metal_prices_usd_per_kg.lithium_carbonate ==
          m.metal_prices_usd_per_kg.lithium_carbonate);
    CHECK(again.scenario.lifecycle.market.pack_price_multiplier == m.pack_price_multiplier);
    CHECK(again.scenario.lifecycle.market.new_ess_life_years == m.new_ess_life_years);
    CHECK(scenario_to_json(again.scenario) == json1);
    CHECK(json1.find(R"("dist": "normal")") != std::string::npos);
    CHECK(json1.find(R"("new_ess_life_years": 15)") != std::string::npos);
    // Scenario params see the range: analysis varies it.
    Scenario s = again.scenario;
    bool found = false;
    for (const ParamRef& ref : scenario_params(s))
        if (ref.path == "market.discount_rate") {
            found = true;
            CHECK(ref.param->low == 0.05);
            CHECK(ref.param->high == 0.11);
            CHECK(ref.spec.max == 0.2);
            CHECK(std::string(ref.spec.unit) == "fraction/yr");
        }
    CHECK(found);
}

TEST_CASE("the default scenario round-trips and the empty document equals it", "[scenario]") {
    const ParsedScenario empty = parse_scenario(R"({"schema": "packfolio/1"})");
    REQUIRE(empty.ok());
    const std::string json = scenario_to_json(Scenario{});
    CHECK(scenario_to_json(empty.scenario) == json);
    const ParsedScenario back = parse_scenario(json);
    REQUIRE(back.ok());
    CHECK(scenario_to_json(back.scenario) == json);
    CHECK(scenario_diff(Scenario{}, back.scenario).empty());
}

// ---- portfolio bad input ----

TEST_CASE("portfolio bad input gives path-named errors", "[scenario]") {
    check_message(only_error(doc(R"("portfolio": {"lines": []})"), "portfolio.lines"),
                  {"no production lines", "1 to 64 lines"});
    check_message(only_error(doc(R"("portfolio": {"ev": {"price_usd_per_kwh": -10}})"), "portfolio.ev.price_usd_per_kwh"),
                  {"-10 is out of range", "more than 0 and at most 1000 $/kWh"});
    check_message(only_error(doc(R"("portfolio": {"ess": {"price_usd_per_kwh": -1}})"),
                             "portfolio.ess.price_usd_per_kwh"),
                  {"-1", "$/kWh"});
    check_message(only_error(doc(R"("portfolio": {"horizon_years": 0})"), "portfolio.horizon_years"),
                  {"0 is out of range", "1 to 30 years"});
    check_message(only_error(doc(R"("portfolio": {"horizon_years": 31})"), "portfolio.horizon_years"),
                  {"31 is out of range", "1 to 30 years"});
    check_message(only_error(doc(R"("portfolio": {"lines": [{"capacity_gwh_per_year": 0}]})"),
                             "portfolio.lines[0].capacity_gwh_per_year"),
                  {"0", "more than 0", "GWh/yr"});
    check_message(only_error(doc(R"("portfolio": {"lines": [{"segment": "ESS"}]})"), "portfolio.lines[0].segment"),
                  {"\"ESS\"", "expected one of: ev, ess"});

    std::string many = R"("portfolio": {"lines": [)";
    for (int i = 0; i < 65; ++i) many += std::string(i ? "," : "") + "{}";
    check_message(only_error(doc(many + "]}"), "portfolio.lines"), {"65 lines", "1 to 64 lines"});

    // check_scenario catches the same in code-built scenarios (as `set` from the app would make them).
    Scenario s;
    s.portfolio.emplace();
    s.portfolio->lines.clear();
    s.portfolio->horizon_years = 31;
    s.portfolio->ev.price_usd_per_kwh = Param(-10.0);
    const std::vector<FieldError> errors = check_scenario(s);
    INFO(all_errors(errors));
    CHECK(find_error(errors, "portfolio.lines"));
    CHECK(find_error(errors, "portfolio.horizon_years"));
    CHECK(find_error(errors, "portfolio.ev.price_usd_per_kwh"));
}

TEST_CASE("an explicit fixed distribution keeps its range and survives the round trip", "[scenario]") {
    const ParsedScenario p = parse_scenario(doc(R"("market": {"discount_rate": {"value": 0.08, "low": 0.05, "high": 0.11, "dist": "fixed"}})"));
    INFO(all_errors(p.errors));
    REQUIRE(p.ok());
    CHECK(p.scenario.lifecycle.market.discount_rate == Param(0.08, 0.05, 0.11, Distribution::fixed));
    const ParsedScenario again = parse_scenario(scenario_to_json(p.scenario));
    REQUIRE(again.ok());
    CHECK(again.scenario.lifecycle.market.discount_rate == Param(0.08, 0.05, 0.11, Distribution::fixed));
}
