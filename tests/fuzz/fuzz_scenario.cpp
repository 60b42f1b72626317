// Scenario files as `packfolio eval FILE` reads them: bytes → parse_scenario → evaluate → results as JSON
// and CSV. An invalid file must give readable errors, which evaluate_json_text (window.packfolio.evaluate)
// returns as valid JSON; a valid one finite results and valid output.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/scenario.hpp"
#include "invariants.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace packfolio;
    const std::string text(reinterpret_cast<const char*>(data), size);
    if (fuzz::skipped(text)) return 0;
    const ParsedScenario parsed = parse_scenario(text);
    if (parsed.ok()) {
        fuzz::require_evaluates(parsed.scenario);
        return 0;
    }
    fuzz::require_errors_text(parsed.errors, fuzz::valid_utf8(text));
    // The errors as window.packfolio.evaluate returns them to the page.
    fuzz::require_json_text(evaluate_json_text(text), "evaluate_json_text");
    return 0;
}
