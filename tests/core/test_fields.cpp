// The schema layer on its own: a small struct described once, read strictly, written back.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "core/scenario_json.hpp"

using namespace packfolio;

namespace {

enum class Colour { red, green };
constexpr std::array<const char*, 2> colour_names = {"red", "green"};

struct Item {
    Param mass_kg = 10.0;
};
struct Sample {
    Param price_usd_per_kwh = 100.0;
    int count = 3;
    Colour colour = Colour::red;
    std::string name = "x";
    std::vector<Item> items;
    std::optional<Item> extra;
};

template <class V>
void visit_fields(V& v, Sample& s) {
    v.param({"price_usd_per_kwh", "Price", "$/kWh", 0.0, 500.0, "test", true}, s.price_usd_per_kwh);
    v.integer({"count", "Count", "lines", 1, 64}, s.count);
    v.choice("colour", s.colour, colour_names);
    v.text("name", s.name);
    v.array("items", s.items, [](V& w, Item& it) { w.param({"mass_kg", "Mass", "kg", 0.0, 1000.0}, it.mass_kg); });
    v.optional_object("extra", s.extra, [](V& w, Item& it) { w.param({"mass_kg", "Mass", "kg", 0.0, 1000.0}, it.mass_kg); });
}

std::vector<FieldError> read(const nlohmann::json& j, Sample& s) {
    std::vector<FieldError> errors;
    JsonReader r(j, errors);
    visit_fields(r, s);
    r.finish_object();
    return errors;
}

}  // namespace

TEST_CASE("reader keeps defaults for absent keys and reads present ones", "[fields]") {
    Sample s;
    auto errors = read({{"count", 5}, {"colour", "green"}}, s);
    REQUIRE(errors.empty());
    CHECK(s.count == 5);
    CHECK(s.colour == Colour::green);
    CHECK(s.price_usd_per_kwh.value == 100.0);
    CHECK_FALSE(s.extra.has_value());
}

TEST_CASE("errors name the path, the value, the range and the unit", "[fields]") {
    Sample s;
    auto errors = read({{"price_usd_per_kwh", -5}, {"count", 0}, {"items", {{{"mass_kg", 2000}}}}}, s);
    REQUIRE(errors.size() == 3);
    CHECK(format_error(errors[0]) == "price_usd_per_kwh: -5 is out of range: expected more than 0 and at most 500 $/kWh");
    CHECK(format_error(errors[1]) == "count: 0 is out of range: expected 1 to 64 lines");
    CHECK(format_error(errors[2]) == "items[0].mass_kg: 2000 is out of range: expected 0 to 1000 kg");
}

TEST_CASE("unknown keys are errors with a did-you-mean hint", "[fields]") {
    Sample s;
    auto errors = read({{"cuont", 2}, {"zzzzzzzz", 1}}, s);
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].path == "cuont");
    CHECK(errors[0].message.find("did you mean \"count\"") != std::string::npos);
    CHECK(errors[1].path == "zzzzzzzz");
    CHECK(errors[1].message.find("allowed keys") != std::string::npos);
}

TEST_CASE("wrong types, bad choices and non-finite numbers are rejected", "[fields]") {
    Sample s;
    auto errors = read({{"price_usd_per_kwh", "cheap"}, {"colour", "gren"}, {"count", 2.5}, {"name", 3}}, s);
    REQUIRE(errors.size() == 4);
    CHECK(errors[0].message.find("is not a number") != std::string::npos);
    CHECK(errors[1].message.find("not a whole number") != std::string::npos);  // visit order: count, then colour
    CHECK(errors[2].message.find("did you mean \"green\"") != std::string::npos);
    CHECK(errors[3].message.find("expected a string") != std::string::npos);
    // nlohmann stores NaN as a number if built programmatically; the reader must still refuse it.
    Sample t;
    auto nan_errors = read({{"price_usd_per_kwh", std::numeric_limits<double>::quiet_NaN()}}, t);
    REQUIRE(nan_errors.size() == 1);
    CHECK(t.price_usd_per_kwh.value == 100.0);
}

TEST_CASE("a number may carry a range and a distribution", "[fields]") {
    Sample s;
    REQUIRE(read({{"price_usd_per_kwh", {{"value", 90}, {"low", 60}, {"high", 120}, {"dist", "normal"}}}}, s).empty());
    CHECK(s.price_usd_per_kwh == Param(90, 60, 120, Distribution::normal));
    Sample t;
    auto errors = read({{"price_usd_per_kwh", {{"value", 90}, {"low", 100}}}}, t);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].message.find("out of order") != std::string::npos);
}

TEST_CASE("written JSON reads back to the same struct", "[fields]") {
    Sample s;
    s.price_usd_per_kwh = Param(90, 60, 120, Distribution::uniform);
    s.count = 7;
    s.colour = Colour::green;
    s.items = {Item{Param(3.5)}, Item{Param(4, 1, 9)}};
    s.extra = Item{Param(1.25)};
    nlohmann::json j;
    JsonWriter w(j);
    visit_fields(w, s);
    Sample back;
    REQUIRE(read(j, back).empty());
    CHECK(back.price_usd_per_kwh == s.price_usd_per_kwh);
    CHECK(back.count == 7);
    CHECK(back.colour == Colour::green);
    REQUIRE(back.items.size() == 2);
    CHECK(back.items[1].mass_kg == Param(4, 1, 9));
    REQUIRE(back.extra.has_value());
    CHECK(back.extra->mass_kg.value == 1.25);
}

TEST_CASE("the param collector lists every Param with its path", "[fields]") {
    Sample s;
    s.items = {Item{}, Item{}};
    ParamList list;
    ParamCollector c(list);
    visit_fields(c, s);
    REQUIRE(list.size() == 3);
    CHECK(list[0].path == "price_usd_per_kwh");
    CHECK(list[2].path == "items[1].mass_kg");
    list[2].param->value = 42;
    CHECK(s.items[1].mass_kg.value == 42);
}
