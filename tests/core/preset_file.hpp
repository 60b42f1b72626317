#pragma once
// Reading a preset in a Catch2 test: parse and validate presets/ID.json, failing the test with every error.

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/scenario.hpp"

namespace packfolio::test {

inline Scenario load_preset(const std::string& id) {
    std::ifstream file(std::string(PACKFOLIO_SOURCE_DIR) + "/presets/" + id + ".json");
    std::stringstream text;
    text << file.rdbuf();
    ParsedScenario parsed = parse_scenario(text.str());
    std::string errors;
    for (const FieldError& e : parsed.errors) errors += format_error(e) + "\n";
    INFO(id << ": " << errors);
    REQUIRE(parsed.ok());
    return parsed.scenario;
}

// The ids of every preset in presets/, sorted.
inline std::vector<std::string> preset_ids() {
    std::vector<std::string> ids;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(PACKFOLIO_SOURCE_DIR) + "/presets"))
        if (entry.path().extension() == ".json") ids.push_back(entry.path().stem().string());
    std::sort(ids.begin(), ids.end());
    return ids;
}

// Every numeric input of a lifecycle, addressable by path, pointing into `in`.
inline ParamList lifecycle_inputs(LifecycleInput& in) {
    ParamList inputs;
    ParamCollector collector(inputs);
    visit_fields(collector, in);
    return inputs;
}

}  // namespace packfolio::test
