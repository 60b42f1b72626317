// Share links as the page hands them over (location.hash, raw): bytes → decode_share_state → the changes
// applied to the preset with set_field, as the app restores a link. Decoding never throws; a link it refuses
// gives readable errors and no changes; a link it takes encodes back to a text that decodes to the same
// state; a scenario that takes every change evaluates to finite results.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

#include "app/share_link.hpp"
#include "core/scenario.hpp"
#include "invariants.hpp"

namespace {

packfolio::Scenario base;  // the preset every link is applied to (a lifecycle with ranges)

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    std::ifstream file(std::string(PACKFOLIO_SOURCE_DIR) + "/presets/baas-fleet.json", std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    packfolio::ParsedScenario parsed = packfolio::parse_scenario(text.str());
    if (!parsed.ok()) packfolio::fuzz::broken("preset baas-fleet does not load");
    base = std::move(parsed.scenario);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace packfolio;
    const std::string text(reinterpret_cast<const char*>(data), size);
    if (fuzz::skipped(text)) return 0;
    const app::ShareState state = app::decode_share_state(text);
    if (!state.ok()) {
        fuzz::require(state.changes.empty(), "a refused link still carries changes");
        fuzz::require_errors_text(state.errors, fuzz::valid_utf8(text));
        return 0;
    }
    // Round trip: what the app writes for this state reads back as the same state.
    const app::ShareState again = app::decode_share_state(app::encode_share_state(state.preset, state.tab, state.changes));
    fuzz::require(again.ok(), "an encoded state does not decode");
    fuzz::require(again.preset == state.preset && again.tab == state.tab, "preset or tab changed in a round trip");
    fuzz::require(again.changes.size() == state.changes.size(), "changes lost in a round trip");
    for (std::size_t i = 0; i < state.changes.size(); ++i)
        fuzz::require(again.changes[i].path == state.changes[i].path &&
                          again.changes[i].value_json == state.changes[i].value_json,
                      "change " + std::to_string(i) + " differs after a round trip");
    Scenario scenario = base;
    for (const FieldChange& c : state.changes) {
        const std::vector<FieldError> errors = set_field(scenario, c.path, c.value_json);
        if (!errors.empty()) {
            fuzz::require_errors_text(errors, fuzz::valid_utf8(c.path + c.value_json));
            return 0;
        }
    }
    fuzz::require_evaluates(scenario);
    return 0;
}
