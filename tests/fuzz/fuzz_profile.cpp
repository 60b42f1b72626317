// Degrade profiles as `packfolio degrade --profile FILE` reads them: bytes → parse_duty_profile → for every
// fade model, the stressors and ten years of fade. A refusal is one readable line; a profile that is taken
// must give finite stressors and a capacity between 0 and 1 after any number of years.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/degradation.hpp"
#include "core/duty_profile.hpp"
#include "invariants.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace packfolio;
    const std::string text(reinterpret_cast<const char*>(data), size);
    if (fuzz::skipped(text)) return 0;
    const DutyProfile profile = parse_duty_profile(text);
    if (!profile.ok()) {
        fuzz::require(profile.error.find('\n') == std::string::npos, "a profile error spans lines: " + profile.error);
        fuzz::require(!fuzz::valid_utf8(text) || fuzz::valid_utf8(profile.error),
                      "a profile error is not valid UTF-8: " + profile.error);
        return 0;
    }
    for (const FadeModel& model : fade_models()) {
        const Stressors st = compute_stressors(model, profile.day);
        fuzz::require(std::isfinite(st.period_days) && std::isfinite(st.efc_per_day),
                      "non-finite stressors under " + std::string(model.id));
        FadeState state = initial_state(model);
        for (int year = 0; year < 10; ++year) {
            advance(state, model, st, 365.0);
            const double q = capacity(state, model);
            fuzz::require(std::isfinite(q) && q <= 1.0 + 1e-9,
                          "capacity " + number_text(q) + " after " + std::to_string(year + 1) + " years under " +
                              std::string(model.id));
        }
    }
    return 0;
}
