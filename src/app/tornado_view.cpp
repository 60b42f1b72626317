#include "tornado_view.hpp"

#include "charts.hpp"
#include "labels.hpp"

namespace packfolio::app {

void draw_tornado(const char* id, const Objective& o, const SensitivityResult& s, std::size_t watched,
                  const std::string& output_title) {
    // A run sorted by the decision margin is drawn by it too: bars that cross 0 flip the decision.
    const bool margin = s.sorted_by_margin;
    TornadoData t;
    t.output = {output_title, "$", std::nullopt, std::nullopt};
    t.base = margin ? s.base_decision.margin : s.base_values.empty() ? 0.0 : s.base_values[watched];
    if (margin) t.flip_at = 0.0;
    constexpr std::size_t max_bars = 12;  // the rest swing less; the CLI lists them all
    int flipping = 0;
    for (const packfolio::TornadoBar& bar : s.tornado) {
        flipping += bar.valid && bar.flips_decision ? 1 : 0;
        if (!bar.valid || t.bars.size() == max_bars) continue;
        const ParamRef& ref = o.inputs[static_cast<std::size_t>(bar.input)];
        t.bars.push_back({ref.spec.label, ref.spec.unit, bar.low, bar.high,
                          margin ? bar.margin_at_low : bar.values_at_low[watched],
                          margin ? bar.margin_at_high : bar.values_at_high[watched], bar.flips_decision});
    }
    note("Each bar moves one input from its low to its high value (the ranges in the scenario), the others at base; "
         "the top " + std::to_string(t.bars.size()) + " of " + std::to_string(s.tornado.size()) + " inputs by " +
         (margin ? "the swing of the margin over the next best route. " + std::to_string(flipping) + " input" +
                       (flipping == 1 ? "'s range crosses" : "s' ranges cross") + " a breakeven (flips the decision)."
                 : std::string("swing.")));
    tornado_chart(id, t, 200.0f);
}

}  // namespace packfolio::app
