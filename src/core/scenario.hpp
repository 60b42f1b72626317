#pragma once
// Scenario files, schema "packfolio/1" (MODEL.md §7): one JSON document holds every input.
// Parsing is strict: unknown keys, wrong types, NaN and out-of-range values are errors naming the JSON
// path, the value, the allowed range and the unit. Absent fields take the defaults of the structs.

#include <optional>
#include <string>
#include <vector>

#include "core/fields.hpp"
#include "core/lifecycle.hpp"
#include "core/logistics.hpp"
#include "core/portfolio.hpp"

namespace packfolio {

inline constexpr const char* scenario_schema = "packfolio/1";

struct ScenarioMeta {
    std::string title;
    std::string story;                 // one paragraph: what question this scenario asks
    std::vector<std::string> sources;  // where its numbers come from
};

struct Scenario {
    ScenarioMeta meta;
    LifecycleInput lifecycle;  // sections pack, first_life, market, ... at the top level
    std::optional<PortfolioInput> portfolio;
    std::optional<LogisticsInput> logistics;
};

template <class V>
void visit_fields(V& v, Scenario& s) {
    v.object("meta", [&](V& m) {
        m.text("title", s.meta.title);
        m.text("story", s.meta.story);
        m.text_array("sources", s.meta.sources);
    });
    visit_fields(v, s.lifecycle);
    v.optional_object("portfolio", s.portfolio, [](V& p, PortfolioInput& in) { visit_fields(p, in); });
    v.optional_object("logistics", s.logistics, [](V& l, LogisticsInput& in) { visit_fields(l, in); });
}

struct ParsedScenario {
    Scenario scenario;
    std::vector<FieldError> errors;
    bool ok() const { return errors.empty(); }
};

ParsedScenario parse_scenario(const std::string& json_text);

// The cross-field checks of every section (those a single field's range cannot express), with paths.
std::vector<FieldError> check_scenario(const Scenario& s);
std::string scenario_to_json(const Scenario& s, int indent = 2);

// Sets one field by its JSON path ("pack.nominal_kwh", "portfolio.lines[0].segment") from text, the way
// `packfolio eval --set PATH=VALUE` does; the value is parsed as JSON, or as a string if that fails.
// The whole scenario is validated again, so the errors are the ones a file with that value would give.
std::vector<FieldError> set_field(Scenario& s, const std::string& path, const std::string& value_text);

// The fields where `current` differs from `base`, as (path, JSON value text) pairs, smallest first:
// a changed number gives its own path; an array whose length changed is given whole. Applying them
// with set_field to `base` gives `current` back. Share links carry a preset id plus this list.
struct FieldChange {
    std::string path;
    std::string value_json;
};
std::vector<FieldChange> scenario_diff(const Scenario& base, const Scenario& current);

// Every uncertain input (a Param) with its path, in schema order.
ParamList scenario_params(Scenario& s);

}  // namespace packfolio
