#include "core/scenario_analysis.hpp"

#include <cstdio>

namespace packfolio {

namespace {

const std::string& outcome_id(const Objective& o, int k) { return o.outcome_ids[static_cast<std::size_t>(k)]; }

// An outcome index as JSON: its id, or null for "none" (-1: an invalid evaluation or no runner-up).
nlohmann::json id_or_null(const Objective& o, int k) { return k < 0 ? nlohmann::json(nullptr) : nlohmann::json(outcome_id(o, k)); }
std::string id_or_empty(const Objective& o, int k) { return k < 0 ? std::string() : outcome_id(o, k); }

nlohmann::json values_by_id(const Objective& o, const std::vector<double>& values) {
    nlohmann::json j = nlohmann::json::object();
    for (std::size_t k = 0; k < values.size(); ++k) j[o.outcome_ids[k]] = values[k];
    return j;
}

nlohmann::json base_json(const Objective& o, const SensitivityResult& r) {
    return {{"values", values_by_id(o, r.base_values)},
            {"best", id_or_null(o, r.base_decision.best)},
            {"next_best", id_or_null(o, r.base_decision.next)},
            {"margin", r.base_decision.margin}};
}

const ParamRef& input_ref(const Objective& o, int i) { return o.inputs[static_cast<std::size_t>(i)]; }

const char* status_name(BreakevenStatus s) {
    switch (s) {
        case BreakevenStatus::found: return "found";
        case BreakevenStatus::no_tie_in_range: return "no_tie_in_range";
        case BreakevenStatus::not_finite: return "not_finite";
    }
    return "not_finite";
}

nlohmann::json axis_json(const Objective& o, const MapAxis& a, double (DecisionMapResult::*at)(int) const,
                         const DecisionMapResult& r) {
    std::vector<double> centres(static_cast<std::size_t>(a.cells));
    for (int i = 0; i < a.cells; ++i) centres[static_cast<std::size_t>(i)] = (r.*at)(i);
    const ParamRef& ref = input_ref(o, a.input);
    return {{"input", ref.path}, {"label", ref.spec.label}, {"unit", ref.spec.unit}, {"low", a.low},
            {"high", a.high},    {"cells", a.cells},        {"centres", std::move(centres)}};
}

}  // namespace

nlohmann::json tornado_json(const Objective& objective, const SensitivityResult& r) {
    nlohmann::json bars = nlohmann::json::array();
    for (const TornadoBar& b : r.tornado) {
        const ParamRef& ref = input_ref(objective, b.input);
        nlohmann::json bar = {{"input", ref.path},  {"label", ref.spec.label}, {"unit", ref.spec.unit},
                              {"base", ref.param->value}, {"low", b.low}, {"high", b.high}, {"valid", b.valid}};
        if (b.valid)
            bar.update({{"values_at_low", values_by_id(objective, b.values_at_low)},
                        {"values_at_high", values_by_id(objective, b.values_at_high)},
                        {"decision_at_low", id_or_null(objective, b.decision_at_low)},
                        {"decision_at_high", id_or_null(objective, b.decision_at_high)},
                        {"margin_at_low", b.margin_at_low},
                        {"margin_at_high", b.margin_at_high},
                        {"swing", b.swing},
                        {"margin_swing", b.margin_swing},
                        {"flips_decision", b.flips_decision}});
        bars.push_back(std::move(bar));
    }
    const MapInputs map = default_map_inputs(r);
    nlohmann::json map_axes = nullptr;
    if (map.x >= 0) map_axes = {input_ref(objective, map.x).path, input_ref(objective, map.y).path};
    return {{"complete", r.complete},
            {"watched_outcome", id_or_null(objective, r.watched_outcome)},
            {"margin_of", "the base decision's value minus the best other value in the decision set"},
            {"sorted_by", r.sorted_by_margin ? "margin_swing" : "swing"},
            {"base", base_json(objective, r)},
            {"evaluations", r.evaluations},
            {"default_map_axes", std::move(map_axes)},
            {"bars", std::move(bars)}};
}

nlohmann::json breakevens_json(const Objective& objective, const SensitivityResult& r) {
    nlohmann::json inputs = nlohmann::json::array();
    for (const InputBreakevens& be : r.breakevens) {
        const ParamRef& ref = input_ref(objective, be.input);
        nlohmann::json crossings = nlohmann::json::array();
        for (const Crossing& c : be.crossings)
            crossings.push_back({{"x", c.x}, {"from", id_or_null(objective, c.from)}, {"to", id_or_null(objective, c.to)}});
        nlohmann::json thresholds = nlohmann::json::array();
        for (std::size_t t = 0; t < objective.thresholds.size(); ++t) {
            const Threshold& th = objective.thresholds[t];
            nlohmann::json xs = nlohmann::json::array();
            for (const LevelCrossing& c : be.level_crossings)
                if (c.threshold == static_cast<int>(t))
                    xs.push_back({{"x", c.x}, {"direction", c.rising ? "rising" : "falling"}});
            thresholds.push_back({{"id", th.id},
                                  {"outcome", outcome_id(objective, th.outcome)},
                                  {"level", th.level},
                                  {"status", be.status == BreakevenStatus::not_finite ? "not_finite"
                                             : xs.empty()                             ? "no_tie_in_range"
                                                                                      : "found"},
                                  {"crossings", std::move(xs)}});
        }
        inputs.push_back({{"input", ref.path},
                          {"label", ref.spec.label},
                          {"unit", ref.spec.unit},
                          {"base", ref.param->value},
                          {"low", be.low},
                          {"high", be.high},
                          {"status", status_name(be.status)},
                          {"crossings", std::move(crossings)},
                          {"thresholds", std::move(thresholds)}});
    }
    return {{"complete", r.complete}, {"base", base_json(objective, r)}, {"evaluations", r.evaluations},
            {"inputs", std::move(inputs)}};
}

nlohmann::json decision_map_json(const Objective& objective, const DecisionMapResult& r) {
    const std::size_t n = objective.outcome_ids.size();
    const std::size_t cells = r.decision.size();
    nlohmann::json values = nlohmann::json::object();
    for (std::size_t k = 0; k < n; ++k) {
        std::vector<double> column(cells);
        for (std::size_t c = 0; c < cells; ++c) column[c] = r.values[c * n + k];
        values[objective.outcome_ids[k]] = std::move(column);
    }
    return {{"complete", r.complete},
            {"outcomes", objective.outcome_ids},
            {"layout", "row-major, x fastest: cell = iy * x.cells + ix; cells are evaluated at their centres"},
            {"x", axis_json(objective, r.x, &DecisionMapResult::x_at, r)},
            {"y", axis_json(objective, r.y, &DecisionMapResult::y_at, r)},
            {"decision", r.decision},
            {"margin", r.margin},
            {"values", std::move(values)},
            {"current",
             {{"x", r.current_x},
              {"y", r.current_y},
              {"ix", r.current_ix < 0 ? nlohmann::json(nullptr) : nlohmann::json(r.current_ix)},
              {"iy", r.current_iy < 0 ? nlohmann::json(nullptr) : nlohmann::json(r.current_iy)}}},
            {"invalid_cells", r.invalid_cells},
            {"evaluations", r.evaluations}};
}

nlohmann::json monte_carlo_json(const Objective& objective, const MonteCarloResult& r) {
    nlohmann::json sampled = nlohmann::json::array();
    for (int i : r.sampled_inputs) sampled.push_back(input_ref(objective, i).path);
    nlohmann::json outcomes = nlohmann::json::array();
    for (std::size_t k = 0; k < r.outcomes.size(); ++k) {
        const OutcomeStats& s = r.outcomes[k];
        outcomes.push_back({{"id", objective.outcome_ids[k]},
                            {"mean", s.mean},
                            {"sd", s.sd},
                            {"min", s.min},
                            {"p5", s.p5},
                            {"p50", s.p50},
                            {"p95", s.p95},
                            {"max", s.max},
                            {"share_best", r.valid_draws > 0 ? static_cast<double>(s.times_best) / r.valid_draws : 0.0},
                            {"histogram", {{"edges", s.edges}, {"counts", s.counts}}}});
    }
    nlohmann::json pairs = nlohmann::json::array();
    for (int a : objective.decision_set)
        for (int b : objective.decision_set)
            if (a != b)
                pairs.push_back({{"a", outcome_id(objective, a)}, {"b", outcome_id(objective, b)},
                                 {"p", probability_greater(r, a, b)}});
    return {{"complete", r.complete},
            {"seed", r.seed},
            {"draws", r.draws},
            {"valid_draws", r.valid_draws},
            {"sampled_inputs", std::move(sampled)},
            {"outcomes", std::move(outcomes)},
            {"p_greater", std::move(pairs)}};
}

std::string tornado_csv(const Objective& objective, const SensitivityResult& r) {
    std::string out =
        "input,unit,low,high,outcome,value_at_low,value_at_high,swing,margin_at_low,margin_at_high,"
        "decision_at_low,decision_at_high,margin_swing,flips_decision\n";
    const auto w = static_cast<std::size_t>(r.watched_outcome);
    for (const TornadoBar& b : r.tornado) {
        const ParamRef& ref = input_ref(objective, b.input);
        out += csv_field(ref.path) + "," + csv_field(ref.spec.unit) + "," + number_text(b.low) + "," + number_text(b.high) + "," +
               csv_field(outcome_id(objective, r.watched_outcome)) + ",";
        if (b.valid)
            out += number_text(b.values_at_low[w]) + "," + number_text(b.values_at_high[w]) + "," + number_text(b.swing) + "," +
                   number_text(b.margin_at_low) + "," + number_text(b.margin_at_high) + "," + csv_field(id_or_empty(objective, b.decision_at_low)) +
                   "," + csv_field(id_or_empty(objective, b.decision_at_high)) + "," + number_text(b.margin_swing) + "," +
                   (b.flips_decision ? "1" : "0") + "\n";
        else
            out += ",,,,,,,,\n";
    }
    return out;
}

std::string breakevens_csv(const Objective& objective, const SensitivityResult& r) {
    std::string out = "input,unit,low,high,kind,id,status,x,from,to\n";
    for (const InputBreakevens& be : r.breakevens) {
        const ParamRef& ref = input_ref(objective, be.input);
        const std::string head = csv_field(ref.path) + "," + csv_field(ref.spec.unit) + "," + number_text(be.low) + "," + number_text(be.high) + ",";
        for (const Crossing& c : be.crossings)
            out += head + "decision,,found," + number_text(c.x) + "," + csv_field(id_or_empty(objective, c.from)) + "," +
                   csv_field(id_or_empty(objective, c.to)) + "\n";
        for (const LevelCrossing& c : be.level_crossings)
            out += head + "threshold," + csv_field(objective.thresholds[static_cast<std::size_t>(c.threshold)].id) + ",found," +
                   number_text(c.x) + (c.rising ? ",below,above\n" : ",above,below\n");
        if (be.status != BreakevenStatus::found) out += head + "decision,," + status_name(be.status) + ",,,\n";
    }
    return out;
}

std::string decision_map_csv(const Objective& objective, const DecisionMapResult& r) {
    std::string out = "x,y,ix,iy,current,decision,margin";
    for (const std::string& id : objective.outcome_ids) out += "," + csv_field(id);
    out += "\n";
    const std::size_t n = objective.outcome_ids.size();
    for (int iy = 0; iy < r.y.cells; ++iy)
        for (int ix = 0; ix < r.x.cells; ++ix) {
            const std::size_t cell = static_cast<std::size_t>(iy) * static_cast<std::size_t>(r.x.cells) +
                                     static_cast<std::size_t>(ix);
            const bool current = ix == r.current_ix && iy == r.current_iy;
            out += number_text(r.x_at(ix)) + "," + number_text(r.y_at(iy)) + "," + std::to_string(ix) + "," + std::to_string(iy) +
                   (current ? ",1," : ",0,") + csv_field(id_or_empty(objective, r.decision[cell])) + ",";
            if (r.decision[cell] < 0) {
                out += std::string(n, ',') + "\n";  // invalid cell: no numbers
                continue;
            }
            out += number_text(r.margin[cell]);
            for (std::size_t k = 0; k < n; ++k) out += "," + number_text(r.values[cell * n + k]);
            out += "\n";
        }
    return out;
}

std::string monte_carlo_csv(const Objective& objective, const MonteCarloResult& r) {
    std::string out = "metric,outcome,bin_low,bin_high,value\n";
    for (std::size_t k = 0; k < r.outcomes.size(); ++k) {
        const OutcomeStats& s = r.outcomes[k];
        const std::string id = csv_field(objective.outcome_ids[k]);
        const double share = r.valid_draws > 0 ? static_cast<double>(s.times_best) / r.valid_draws : 0.0;
        const std::pair<const char*, double> rows[] = {{"mean", s.mean}, {"sd", s.sd},   {"min", s.min},
                                                       {"p5", s.p5},     {"p50", s.p50}, {"p95", s.p95},
                                                       {"max", s.max},   {"share_best", share}};
        for (const auto& row : rows) out += std::string(row.first) + "," + id + ",,," + number_text(row.second) + "\n";
        for (std::size_t b = 0; b < s.counts.size(); ++b)
            out += "histogram," + id + "," + number_text(s.edges[b]) + "," + number_text(s.edges[b + 1]) + "," +
                   std::to_string(s.counts[b]) + "\n";
    }
    for (int a : objective.decision_set)
        for (int b : objective.decision_set)
            if (a != b)
                out += "p_greater," + csv_field(outcome_id(objective, a) + ">" + outcome_id(objective, b)) + ",,," +
                       number_text(probability_greater(r, a, b)) + "\n";
    return out;
}

}  // namespace packfolio
