// `packfolio eval PRESET --set PATH=VALUE ...` as the CLI runs it: the first byte picks a preset, each
// following line is one --set argument, split at its first '=' and applied with set_field in order until
// one is refused. A refusal must give readable errors; a scenario that takes every set must evaluate to
// finite results and valid output.
#include <array>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/scenario.hpp"
#include "invariants.hpp"

namespace {

// A fixed list, so a saved input means the same preset when presets are added: a lifecycle with ranges,
// a portfolio, a logistics network, and one that is mostly defaults.
constexpr std::array<const char*, 4> preset_names = {"baas-fleet", "gm-ultium-lfp-retool",
                                                     "centralised-vs-decentralised", "lithium-rebound-2026"};
std::vector<packfolio::Scenario> presets;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    for (const char* name : preset_names) {
        std::ifstream file(std::string(PACKFOLIO_SOURCE_DIR) + "/presets/" + name + ".json", std::ios::binary);
        std::ostringstream text;
        text << file.rdbuf();
        packfolio::ParsedScenario parsed = packfolio::parse_scenario(text.str());
        if (!parsed.ok()) packfolio::fuzz::broken(std::string("preset ") + name + " does not load");
        presets.push_back(std::move(parsed.scenario));
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace packfolio;
    if (size == 0) return 0;
    Scenario scenario = presets[data[0] % presets.size()];
    const std::string sets(reinterpret_cast<const char*>(data) + 1, size - 1);
    if (fuzz::skipped(sets)) return 0;
    std::size_t start = 0;
    while (start < sets.size()) {
        std::size_t end = sets.find('\n', start);
        if (end == std::string::npos) end = sets.size();
        const std::string arg = sets.substr(start, end - start);
        start = end + 1;
        const std::size_t eq = arg.find('=');
        if (eq == std::string::npos || eq == 0) return 0;  // the CLI refuses it before the core sees it
        const std::vector<FieldError> errors = set_field(scenario, arg.substr(0, eq), arg.substr(eq + 1));
        if (!errors.empty()) {
            fuzz::require_errors_text(errors, fuzz::valid_utf8(arg));
            return 0;
        }
    }
    fuzz::require_evaluates(scenario);
    return 0;
}
