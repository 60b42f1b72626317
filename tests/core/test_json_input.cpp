// The strict JSON reader (json_input.hpp), text cut at UTF-8 boundaries (utf8.hpp), bad values described by
// type and size, --set path rules, the degrade profile reader (duty_profile.hpp) and the flow solver's status
// (logistics.hpp): the rules of README "Limits and errors".
#include <catch2/catch.hpp>
#include <string>

#include <lemon/network_simplex.h>
#include <lemon/static_graph.h>

#include "core/duty_profile.hpp"
#include "core/json_input.hpp"
#include "core/logistics.hpp"
#include "core/scenario.hpp"
#include "core/scenario_json.hpp"
#include "core/utf8.hpp"
#include "preset_file.hpp"

using namespace packfolio;

namespace {

std::string nested(int depth) { return std::string(static_cast<std::size_t>(depth), '[') + std::string(static_cast<std::size_t>(depth), ']'); }

}  // namespace

TEST_CASE("json input: nesting is limited before any document is built", "[json_input]") {
    CHECK(parse_json_input(R"({"a": )" + nested(json_max_depth - 1) + "}").ok());
    const JsonInput deep = parse_json_input(R"({"a": )" + nested(json_max_depth) + "}");
    REQUIRE(deep.errors.size() == 1);
    CHECK(deep.errors[0].message.find("nested deeper than 32 levels") != std::string::npos);
    CHECK(deep.errors[0].path.rfind("a", 0) == 0);
    const JsonInput very_deep = parse_json_input(R"({"a": )" + nested(100000) + "}");  // no stack overflow
    REQUIRE(very_deep.errors.size() == 1);
    CHECK(very_deep.doc.is_null());
}

TEST_CASE("json input: duplicate keys are errors at their path", "[json_input]") {
    const JsonInput top = parse_json_input(R"({"schema": "packfolio/2", "schema": "packfolio/1"})");
    REQUIRE(top.errors.size() == 1);
    CHECK(top.errors[0].path == "schema");
    CHECK(top.errors[0].message.find("duplicate key") != std::string::npos);
    const JsonInput inner = parse_json_input(R"({"lines": [{"a": 1}, {"a": 1, "b": 2, "a": 3}]})");
    REQUIRE(inner.errors.size() == 1);
    CHECK(inner.errors[0].path == "lines[1].a");
    CHECK(parse_json_input(R"({"a": {"x": 1}, "b": {"x": 1}})").ok());  // same key in two objects
}

TEST_CASE("json input: a key holding control characters is escaped in the error path, which stays one line",
          "[json_input]") {
    // Found by fuzz_profile: an escaped newline in a key put a line break into the error.
    const JsonInput bad = parse_json_input("{\"t\\n\\u0001\": \"\xE9\"}");
    REQUIRE(bad.errors.size() == 1);
    CHECK(bad.errors[0].path == "t\\n\\u0001");
    CHECK(bad.errors[0].path.find('\n') == std::string::npos);
    const JsonInput twice = parse_json_input("{\"a\\nb\": 1, \"a\\nb\": 2}");
    REQUIRE(twice.errors.size() == 1);
    CHECK(twice.errors[0].message == "duplicate key: \"a\\nb\" is given twice in this object");
    CHECK(escape_control_characters("t\x01\x7f\r\té") == "t\\u0001\\u007f\\r\\té");
}

TEST_CASE("json input: invalid UTF-8 names its byte and path; size is capped", "[json_input]") {
    const JsonInput bad = parse_json_input("{\"meta\": {\"title\": \"caf\xE9\"}}");
    REQUIRE(bad.errors.size() == 1);
    CHECK(bad.errors[0].path == "meta.title");
    CHECK(bad.errors[0].message.find("not valid UTF-8: byte 24") != std::string::npos);
    CHECK(parse_json_input("{\"t\": \"caf\xC3\xA9\"}").ok());
    CHECK_FALSE(parse_json_input("{\"t\": \"\xED\xA0\x80\"}").ok());  // a UTF-16 surrogate written as UTF-8
    JsonLimits small;
    small.max_bytes = 10;
    const JsonInput big = parse_json_input(R"({"a": 12345678})", small);
    REQUIRE(big.errors.size() == 1);
    CHECK(big.errors[0].message.find("expected at most 10 bytes") != std::string::npos);
}

TEST_CASE("json input: numbers that overflow a double are quoted for their field; NaN only on request", "[json_input]") {
    const JsonInput big = parse_json_input(R"({"x": -1e999, "s": "1e999"})");
    REQUIRE(big.ok());
    CHECK(big.doc["x"] == "-1e999 (overflows a double)");
    CHECK(big.doc["s"] == "1e999");  // inside a string it is text
    CHECK_FALSE(parse_json_input(R"({"x": NaN})").ok());
    JsonLimits named;
    named.quote_non_finite = true;
    const JsonInput nan = parse_json_input(R"({"x": [NaN, -Infinity, 1]})", named);
    REQUIRE(nan.ok());
    CHECK(nan.doc["x"][0] == "NaN");
    CHECK(nan.doc["x"][1] == "-Infinity");
}

TEST_CASE("utf8: text is cut between characters, never inside one", "[json_input]") {
    const std::string e = "\xC3\xA9";  // é
    std::string accented = "x";
    for (int i = 0; i < 40; ++i) accented += e;
    const std::string cut = utf8_prefix(accented, 20);
    CHECK(utf8_valid(cut));
    CHECK(cut == "x" + [&] { std::string s; for (int i = 0; i < 19; ++i) s += e; return s; }() + "\xE2\x80\xA6");
    CHECK(utf8_length(accented) == 41);
    CHECK(count_text(4000) == "4,000");
    CHECK(count_text(999) == "999");
    CHECK(utf8_invalid_offset("ab\xB0") == 2);
}

TEST_CASE("bad values are described by type and size, never dumped", "[json_input]") {
    CHECK(json_value_text(nlohmann::json::array({75})) == "[75]");
    nlohmann::json big = nlohmann::json::array();
    for (int i = 0; i < 100000; ++i) big.push_back(i);
    CHECK(json_value_text(big) == "an array of 100,000 items");
    CHECK(json_value_text(nlohmann::json::object({{"a", {1, 2}}})) == "an object of 1 key");
    const std::string text = json_value_text(std::string(4000, 'a'));
    CHECK(text.rfind("a string of 4,000 characters: \"aaaa", 0) == 0);
    CHECK(text.size() < 80);
    // An invalid byte (never from parse_json_input, but possible from elsewhere) is replaced, not thrown.
    CHECK_NOTHROW(json_value_text(std::string("6\xB0")));
}

TEST_CASE("set_field paths (--set): one clear error, never an exception or a growing array", "[json_input][scenario]") {
    Scenario s = test::load_preset("china-lfp-glut-2025");
    const std::size_t lines = s.portfolio->lines.size();
    for (const char* path : {"portfolio.lines[99999999999999999999]", "portfolio.lines[100000000]", "portfolio.lines[100000]"}) {
        std::vector<FieldError> e;
        REQUIRE_NOTHROW(e = set_field(s, path, "1"));
        REQUIRE(e.size() == 1);
        CHECK(e[0].message.find("index out of range: expected 0 to " + std::to_string(lines - 1)) != std::string::npos);
    }
    CHECK(s.portfolio->lines.size() == lines);
    std::vector<FieldError> e = set_field(s, "pack.nominal_kwh.x", "1");
    REQUIRE(e.size() == 1);
    CHECK(e[0].path == "pack.nominal_kwh");
    CHECK(e[0].message.find("not an object") != std::string::npos);
    CHECK(set_field(s, "pack.nominal_kwh.value", "60").empty());
    CHECK(s.lifecycle.pack.nominal_kwh.value == 60.0);
    e = set_field(s, "pack.nominal_kwh", "6\xB0");
    REQUIRE(e.size() == 1);
    CHECK(e[0].message.find("not valid UTF-8: byte 2") != std::string::npos);
    e = set_field(s, "pack.chemistry", "[" + nested(50) + "]");
    REQUIRE(e.size() == 1);
    CHECK(e[0].message.find("nested deeper") != std::string::npos);
    CHECK_FALSE(set_field(s, "pack..x", "1").empty());
    CHECK_FALSE(set_field(s, "[0]", "1").empty());
}

TEST_CASE("set_field (--set) on a ranged field widens the range; a cross-field conflict is named as such", "[json_input][scenario]") {
    Scenario s = test::load_preset("baas-fleet");
    CHECK(set_field(s, "first_life.retirement_soh", "0.7").empty());
    CHECK(s.lifecycle.first_life.retirement_soh.value == 0.7);
    CHECK(s.lifecycle.first_life.retirement_soh.low == 0.7);
    const std::vector<FieldError> e = set_field(s, "first_life.retirement_soh", "0.6");
    REQUIRE_FALSE(e.empty());
    CHECK(e[0].path.rfind("second_life.floor_soh", 0) == 0);
    CHECK(s.lifecycle.first_life.retirement_soh.value == 0.7);  // unchanged on error
}

TEST_CASE("duty profile: the span is the period and is bounded; numbers are finite", "[json_input][degradation]") {
    const DutyProfile one = parse_duty_profile(R"({"time_s": [0, 43200, 86400], "soc": [0.9, 0.1, 0.9], "temperature_c": 25})");
    REQUIRE(one.ok());
    CHECK(one.temperature_scalar);
    CHECK(one.day.temperature_c.size() == 3);
    const DutyProfile tiny = parse_duty_profile(R"({"time_s": [0, 1e-300], "soc": [0.2, 0.8], "temperature_c": 25})");
    CHECK(tiny.error.find("expected 3600 s (1 hour) to 2592000 s (30 days)") != std::string::npos);
    const DutyProfile long_span = parse_duty_profile(R"({"time_s": [0, 864000000], "soc": [0.2, 0.8], "temperature_c": 25})");
    CHECK(long_span.error.find("10000 days") != std::string::npos);
    const DutyProfile huge = parse_duty_profile(R"({"time_s": [0, 3600], "soc": [0.5, 1e400], "temperature_c": 25})");
    CHECK(huge.error.find("profile.soc[1] = 1e400: overflows a double") != std::string::npos);
    const DutyProfile nan = parse_duty_profile(R"({"time_s": [0, 3600], "soc": [0.5, NaN], "temperature_c": 25})");
    CHECK(nan.error.find("profile.soc[1] = NaN: expected a finite number") != std::string::npos);
    const DutyProfile dup = parse_duty_profile(R"({"time_s": [0, 3600], "soc": [0.5, 0.5], "soc": [1, 1], "temperature_c": 25})");
    CHECK(dup.error.find("profile.soc: duplicate key") != std::string::npos);
    const DutyProfile broken = parse_duty_profile(R"({"time_s": [0, 3600)");
    CHECK(broken.error.find("invalid JSON") != std::string::npos);
}

TEST_CASE("logistics: the flow solver's status is mapped, and only optimal flows are used", "[json_input][logistics]") {
    using Graph = lemon::StaticDigraph;
    using NS = lemon::NetworkSimplex<Graph, std::int64_t, std::int64_t>;
    // Infeasible: node 0 supplies 5 packs but its only arc carries at most 2.
    {
        Graph g;
        const std::vector<std::pair<int, int>> arcs = {{0, 1}};
        g.build(2, arcs.begin(), arcs.end());
        Graph::ArcMap<std::int64_t> upper(g, 2), cost(g, 1);
        Graph::NodeMap<std::int64_t> supply(g, 0);
        supply[g.node(0)] = 5;
        supply[g.node(1)] = -5;
        NS ns(g);
        ns.upperMap(upper).costMap(cost).supplyMap(supply);
        CHECK(flow_solve_status(static_cast<int>(ns.run())) == FlowSolveStatus::infeasible);
    }
    // Unbounded: a negative-cost cycle without capacity.
    {
        Graph g;
        const std::vector<std::pair<int, int>> arcs = {{0, 1}, {1, 0}};
        g.build(2, arcs.begin(), arcs.end());
        Graph::ArcMap<std::int64_t> cost(g, -1);
        NS ns(g);
        ns.costMap(cost);
        CHECK(flow_solve_status(static_cast<int>(ns.run())) == FlowSolveStatus::unbounded);
    }
    CHECK(flow_solve_status(static_cast<int>(NS::OPTIMAL)) == FlowSolveStatus::optimal);
    CHECK(flow_solve_warning(FlowSolveStatus::optimal, 0).empty());
    CHECK(flow_solve_warning(FlowSolveStatus::infeasible, 2).find("infeasible for 2 hub sets") != std::string::npos);
}

TEST_CASE("logistics: network size limits are errors at read time", "[json_input][logistics]") {
    Scenario s = test::load_preset("centralised-vs-decentralised");
    LogisticsInput in = *s.logistics;
    const LogisticsSite site = in.sites.front();
    in.sites.clear();
    for (std::size_t i = 0; i <= logistics_max_sites; ++i) {
        LogisticsSite x = site;
        x.id = "s" + std::to_string(i);
        in.sites.push_back(x);
    }
    const std::vector<FieldError> e = check_logistics(in);
    bool named = false;
    for (const FieldError& f : e) named |= f.path == "sites" && f.message.find("expected at most 5,000") != std::string::npos;
    CHECK(named);
}
