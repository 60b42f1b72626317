// The validation table (validation.hpp): rows computed by the core on their scenarios, "not computed" when a
// scenario is missing, and every source key resolved to a reference.
#include <catch2/catch.hpp>

#include "core/evaluate.hpp"
#include "core/validation.hpp"
#include "preset_file.hpp"

using namespace packfolio;

TEST_CASE("validation rows are the model's numbers on their scenarios", "[validation]") {
    const std::vector<NamedScenario> scenarios = {{"default", Scenario{}},
                                                  {"china-lfp-glut-2025", test::load_preset("china-lfp-glut-2025")}};
    const std::vector<ValidationRow> rows = validation_table(scenarios);
    REQUIRE(rows.size() >= 16);
    const Results china = evaluate(scenarios[1].scenario);
    int computed = 0;
    for (const ValidationRow& r : rows) {
        INFO(r.figure << " on " << r.scenario);
        CHECK(r.low <= r.high);
        CHECK(r.inside == (r.model && *r.model >= r.low && *r.model <= r.high));
        if (!r.inside) CHECK_FALSE(r.reason.empty());
        if (r.scenario != "default" && r.scenario != "china-lfp-glut-2025") {
            // Not given: never a number.
            CHECK_FALSE(r.model);
            CHECK(r.reason.rfind("not computed yet", 0) == 0);
        }
        computed += r.model ? 1 : 0;
        if (r.figure == "LFP recycling gate fee") {
            REQUIRE(r.model);
            CHECK(*r.model == Approx(-china.lifecycle.route(RouteId::recycle_now).npv_usd / china.lifecycle.pack_mass_kg));
        }
    }
    CHECK(computed > 0);
    for (const ValidationRow& r : rows) {
        bool found = false;
        for (const ValidationReference& ref : validation_references()) found |= ref.key == r.source_key;
        CHECK(found);
    }
}
