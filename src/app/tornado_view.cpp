#include "tornado_view.hpp"

#include "charts.hpp"
#include "labels.hpp"

namespace packfolio::app {

void draw_tornado(const char* id, const Objective& o, const SensitivityResult& s, std::size_t watched,
                  const std::string& output_title) {
    TornadoData t;
    t.output = {output_title, "$", std::nullopt, std::nullopt};
    t.base = s.base_values.empty() ? 0.0 : s.base_values[watched];
    constexpr std::size_t max_bars = 12;  // the rest swing less; the CLI lists them all
    for (const packfolio::TornadoBar& bar : s.tornado) {
        if (!bar.valid || t.bars.size() == max_bars) continue;
        const ParamRef& ref = o.inputs[static_cast<std::size_t>(bar.input)];
        t.bars.push_back({ref.spec.label, ref.spec.unit, bar.low, bar.high, bar.values_at_low[watched],
                          bar.values_at_high[watched]});
    }
    note("Each bar moves one input from its low to its high value (the ranges in the scenario), the others at base; "
         "the top " + std::to_string(t.bars.size()) + " of " + std::to_string(s.tornado.size()) + " inputs by swing.");
    tornado_chart(id, t, 200.0f);
}

}  // namespace packfolio::app
