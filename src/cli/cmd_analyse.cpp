// packfolio analyse SCENARIO.json --tornado | --breakeven | --map X,Y|auto [--size N] | --montecarlo N [--seed S]
//                   [--bins B] [--section lifecycle|portfolio] [--watch OUTCOME] [--sort swing|margin]
//                   [--set PATH=VALUE ...] [--format json|csv]
// Sensitivity of the end-of-life decision of the scenario's pack (MODEL.md §4, issue 5) or, with --section
// portfolio, of the EV vs ESS line plan (MODEL.md §5, issue 6; portfolio_analysis.hpp): the tornado over every
// input with a low/high range, the breakevens where the decision flips ("no tie in range" otherwise) and, for
// the portfolio, where a line converts; a decision map over two inputs given by their JSON paths, and a seeded
// Monte Carlo. Several of the modes may be combined in JSON; CSV prints one table, so it takes exactly one mode.
// Exit status: 0 success; 2 bad input (a one-line error per problem on stderr); 1 internal failure.
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "core/analysis.hpp"
#include "core/portfolio_analysis.hpp"
#include "core/scenario.hpp"
#include "core/scenario_analysis.hpp"
#include "scenario_file.hpp"

namespace {

using packfolio::cli::exit_bad_input;
using packfolio::cli::exit_ok;

void usage(std::ostream& os) {
    os << "usage: packfolio analyse SCENARIO.json [--tornado] [--breakeven] [--map X,Y|auto [--size N]]\n"
          "                         [--montecarlo N [--seed S] [--bins B]] [--section lifecycle|portfolio]\n"
          "                         [--watch OUTCOME] [--sort swing|margin] [--set PATH=VALUE ...]\n"
          "                         [--format json|csv]\n\n"
          "Sensitivity of one section's decision:\n"
          "  --section lifecycle  (default) the pack's end-of-life decision (recycle_now, second_life,\n"
          "                   remanufacture by NPV); the outcomes are the NPVs of all five routes, in $ per pack\n"
          "  --section portfolio  the EV vs ESS line plan (needs a portfolio section); inputs are the portfolio's\n"
          "                   and the lifecycle's (metal prices, discount rate, residual value); outcomes npv_usd\n"
          "                   (the optimum), all_ev, all_ess, no_switch (baseline NPVs, $), value_of_flexibility_usd\n"
          "                   and year1_ess_lines. The decision is among the optimum and the baselines (always the\n"
          "                   optimum; its margin is what the plan gains over the best baseline); the breakevens\n"
          "                   also give where year-1 ESS lines cross each line count (thresholds line_J_converts,\n"
          "                   e.g. the ESS tender price at which the first EV line converts, and\n"
          "                   ess_line_J_returns for lines in ESS today)\n"
          "  --tornado        each input with a low/high range at its low and high, the others at base; bars\n"
          "                   sorted by the swing of the decision margin (lifecycle: the base decision's NPV\n"
          "                   minus the best other route's) or of the optimum's NPV (portfolio); flips_decision\n"
          "                   marks the inputs whose range crosses a breakeven, and default_map_axes names the\n"
          "                   two inputs a decision map shows first\n"
          "  --watch OUTCOME  the outcome whose swing the tornado reports (default: the base decision), one of\n"
          "                   the section's outcomes\n"
          "  --sort S         swing (of the watched outcome; portfolio default) or margin (of the base\n"
          "                   decision against the best other route or plan: what moves the decision;\n"
          "                   lifecycle default)\n"
          "  --breakeven      where the decision flips (and, for the portfolio, where a line converts) inside\n"
          "                   each input's range, or \"no_tie_in_range\"\n"
          "  --map X,Y        decision map over two inputs given by JSON path, e.g.\n"
          "                   first_life.retirement_soh,market.metal_prices_usd_per_kg.lithium_carbonate,\n"
          "                   or \"auto\" for the tornado's default_map_axes; each spans its low-high range\n"
          "                   (or its whole allowed range when it has none)\n"
          "  --size N         map cells per axis, 1 to 1024 (default 32)\n"
          "  --montecarlo N   N seeded draws (1 to 1000000) of every input with a range and a distribution;\n"
          "                   the lifecycle section also reports p_second_life_beats_recycling\n"
          "  --seed S         seed, a whole number 0 to 2^64-1 (default 1); same seed, same numbers everywhere\n"
          "  --bins B         histogram bins per outcome, 1 to 1000 (default 40)\n"
          "  --set PATH=VALUE change a field before analysing, as `packfolio eval --set`\n"
          "  --format F       json (default; modes may be combined) or csv (exactly one mode)\n\n"
          "Exit status: 0 success, 2 bad input (one line per problem naming it), 1 internal failure.\n";
}

// Whole-string unsigned integer in [lo, hi]; false on anything else.
bool parse_count(const std::string& s, unsigned long long lo, unsigned long long hi, unsigned long long& v) {
    if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos) return false;
    errno = 0;
    char* end = nullptr;
    v = std::strtoull(s.c_str(), &end, 10);
    return *end == '\0' && errno != ERANGE && v >= lo && v <= hi;
}

// The input with this path, or an error line with a did-you-mean hint.
int resolve_input(const packfolio::Objective& o, const std::string& path, std::ostream& err) {
    const int i = packfolio::find_input(o, path);
    if (i >= 0) return i;
    std::vector<std::string> paths;
    for (const packfolio::ParamRef& r : o.inputs) paths.push_back(r.path);
    const std::string hint = packfolio::did_you_mean(path, paths);
    err << "error: --map: \"" << path << "\" is not a numeric scenario input"
        << (hint.empty() ? std::string(" (e.g. first_life.retirement_soh)") : " (did you mean \"" + hint + "\"?)")
        << "\n";
    return -1;
}

}  // namespace

int cmd_analyse(int argc, char** argv, std::ostream& out, std::ostream& err) {
    using namespace packfolio;
    std::string path, format = "json", map_spec, watch, sort, section = "lifecycle";
    bool tornado = false, breakeven = false, map = false, montecarlo = false;
    unsigned long long size = 32, draws = 0, seed = 1, bins = 40;
    std::vector<std::string> sets;

    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&](const char* what) -> const char* {
            if (i + 1 >= argc) {
                err << "error: " << a << " needs " << what << "\n";
                return nullptr;
            }
            return argv[++i];
        };
        if (a == "--help" || a == "-h") {
            usage(out);
            return exit_ok;
        } else if (a == "--tornado") {
            tornado = true;
        } else if (a == "--breakeven") {
            breakeven = true;
        } else if (a == "--map") {
            const char* v = value("two input paths X,Y");
            if (!v) return exit_bad_input;
            map = true;
            map_spec = v;
        } else if (a == "--size") {
            const char* v = value("a whole number of cells per axis, 1 to 1024");
            if (!v) return exit_bad_input;
            if (!parse_count(v, 1, 1024, size)) {
                err << "error: --size: \"" << v << "\" is not a whole number of cells from 1 to 1024\n";
                return exit_bad_input;
            }
        } else if (a == "--montecarlo") {
            const char* v = value("a number of draws, 1 to 1000000");
            if (!v) return exit_bad_input;
            if (!parse_count(v, 1, 1000000, draws)) {
                err << "error: --montecarlo: \"" << v << "\" is not a whole number of draws from 1 to 1000000\n";
                return exit_bad_input;
            }
            montecarlo = true;
        } else if (a == "--seed") {
            const char* v = value("a whole number 0 to 18446744073709551615");
            if (!v) return exit_bad_input;
            if (!parse_count(v, 0, ~0ull, seed)) {
                err << "error: --seed: \"" << v << "\" is not a whole number from 0 to 18446744073709551615\n";
                return exit_bad_input;
            }
        } else if (a == "--bins") {
            const char* v = value("a whole number of bins, 1 to 1000");
            if (!v) return exit_bad_input;
            if (!parse_count(v, 1, 1000, bins)) {
                err << "error: --bins: \"" << v << "\" is not a whole number of bins from 1 to 1000\n";
                return exit_bad_input;
            }
        } else if (a == "--watch") {
            const char* v = value("an outcome id, e.g. second_life or npv_usd");
            if (!v) return exit_bad_input;
            watch = v;
        } else if (a == "--sort") {
            const char* v = value("swing or margin");
            if (!v) return exit_bad_input;
            sort = v;
            if (sort != "swing" && sort != "margin") {
                err << "error: --sort: \"" << sort << "\" is not supported: expected swing or margin\n";
                return exit_bad_input;
            }
        } else if (a == "--section") {
            const char* v = value("lifecycle or portfolio");
            if (!v) return exit_bad_input;
            section = v;
            if (section != "lifecycle" && section != "portfolio") {
                err << "error: --section: \"" << section << "\" is not supported: expected lifecycle or portfolio\n";
                return exit_bad_input;
            }
        } else if (a == "--set") {
            const char* v = value("PATH=VALUE");
            if (!v) return exit_bad_input;
            sets.emplace_back(v);
        } else if (a == "--format") {
            const char* v = value("json or csv");
            if (!v) return exit_bad_input;
            format = v;
            if (format != "json" && format != "csv") {
                err << "error: --format: \"" << format << "\" is not supported: expected json or csv\n";
                return exit_bad_input;
            }
        } else if (!a.empty() && a[0] == '-') {
            err << "error: unknown option \"" << a << "\"; run `packfolio analyse --help`\n";
            return exit_bad_input;
        } else if (path.empty()) {
            path = a;
        } else {
            err << "error: one scenario at a time (got \"" << path << "\" and \"" << a << "\")\n";
            return exit_bad_input;
        }
    }
    if (path.empty()) {
        err << "error: no scenario file given; run `packfolio analyse --help`\n";
        return exit_bad_input;
    }
    const int modes = (tornado ? 1 : 0) + (breakeven ? 1 : 0) + (map ? 1 : 0) + (montecarlo ? 1 : 0);
    if (modes == 0) {
        err << "error: nothing to do: give --tornado, --breakeven, --map X,Y or --montecarlo N\n";
        return exit_bad_input;
    }
    if (format == "csv" && modes > 1) {
        err << "error: --format csv prints one table: give exactly one of --tornado, --breakeven, --map, "
               "--montecarlo\n";
        return exit_bad_input;
    }

    Scenario scenario;
    if (!packfolio::cli::load_scenario(path, sets, scenario, err)) return exit_bad_input;

    if (section == "portfolio" && !scenario.portfolio) {
        err << "error: --section portfolio: " << path
            << " has no portfolio section; analyse its lifecycle (--section lifecycle) or add a \"portfolio\" "
               "section\n";
        return exit_bad_input;
    }
    const Objective objective =
        section == "portfolio" ? portfolio_objective(scenario) : lifecycle_objective(scenario.lifecycle);
    int watched = -1;
    if (!watch.empty()) {
        for (std::size_t k = 0; k < objective.outcome_ids.size(); ++k)
            if (objective.outcome_ids[k] == watch) watched = static_cast<int>(k);
        if (watched < 0) {
            std::string ids;
            for (const std::string& id : objective.outcome_ids) ids += (ids.empty() ? "" : ", ") + id;
            err << "error: --watch: \"" << watch << "\" is not an outcome; expected one of: " << ids << "\n";
            return exit_bad_input;
        }
    }
    MapAxis ax, ay;
    if (map) {
        const std::size_t comma = map_spec.find(',');
        if (map_spec != "auto" && (comma == std::string::npos || map_spec.find(',', comma + 1) != std::string::npos)) {
            err << "error: --map: \"" << map_spec << "\" is not two input paths X,Y\n";
            return exit_bad_input;
        }
        int ix = -1, iy = -1;
        if (map_spec == "auto") {
            // With the breakeven scan, as the app does, so both pick the same axes.
            const MapInputs m = default_map_inputs(run_sensitivity(objective));
            ix = m.x;
            iy = m.y;
            if (ix < 0) {
                err << "error: --map auto: fewer than two inputs have a low/high range; give --map X,Y\n";
                return exit_bad_input;
            }
        } else {
            ix = resolve_input(objective, map_spec.substr(0, comma), err);
            iy = resolve_input(objective, map_spec.substr(comma + 1), err);
            if (ix < 0 || iy < 0) return exit_bad_input;
        }
        ax = default_axis(objective, ix, static_cast<int>(size));
        ay = default_axis(objective, iy, static_cast<int>(size));
        const std::vector<FieldError> errors = check_axes(objective, ax, ay);
        if (!errors.empty()) {
            for (const FieldError& e : errors) err << "error: --map: " << format_error(e) << "\n";
            return exit_bad_input;
        }
    }

    nlohmann::json doc = nlohmann::json::object();
    doc["section"] = section;
    if (tornado || breakeven) {
        SensitivityOptions opt;
        opt.breakevens = breakeven;
        opt.watched_outcome = watched;
        if (!sort.empty()) opt.sort_by_margin = sort == "margin";
        const SensitivityResult r = run_sensitivity(objective, opt);
        if (format == "csv") out << (tornado ? tornado_csv(objective, r) : breakevens_csv(objective, r));
        if (tornado) doc["tornado"] = tornado_json(objective, r);
        if (breakeven) doc["breakevens"] = breakevens_json(objective, r);
    }
    if (map) {
        const DecisionMapResult r = run_decision_map(objective, ax, ay);
        if (format == "csv") out << decision_map_csv(objective, r);
        doc["decision_map"] = decision_map_json(objective, r);
    }
    if (montecarlo) {
        MonteCarloOptions opt;
        opt.draws = static_cast<int>(draws);
        opt.seed = seed;
        opt.histogram_bins = static_cast<int>(bins);
        const MonteCarloResult r = run_monte_carlo(objective, opt);
        if (format == "csv") out << monte_carlo_csv(objective, r);
        nlohmann::json mc = monte_carlo_json(objective, r);
        if (section == "lifecycle")
            mc["p_second_life_beats_recycling"] = probability_greater(r, static_cast<int>(RouteId::second_life),
                                                                      static_cast<int>(RouteId::recycle_now));
        doc["monte_carlo"] = std::move(mc);
    }
    if (format == "json") out << doc.dump(2) << "\n";
    return exit_ok;
}
