// packfolio analyse SCENARIO.json --tornado | --breakeven | --map X,Y|auto [--size N] | --montecarlo N [--seed S]
//                   [--bins B] [--section lifecycle|portfolio] [--watch OUTCOME] [--sort swing|margin]
//                   [--set PATH=VALUE ...] [--format json|csv]
// Sensitivity of the end-of-life decision of the scenario's pack (MODEL.md §4) or, with --section
// portfolio, of the EV vs ESS line plan (MODEL.md §5; portfolio_analysis.hpp): the tornado over every
// input with a low/high range, the breakevens where the decision flips ("no tie in range" otherwise) and, for
// the portfolio, where a line converts; a decision map over two inputs given by their JSON paths, and a seeded
// Monte Carlo. Several of the modes may be combined in JSON; CSV prints one table, so it takes exactly one mode.
// Exit status: 0 success; 2 bad input (a one-line error per problem on stderr); 1 internal failure.
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bad_input.hpp"
#include "commands.hpp"
#include "core/json_input.hpp"
#include "options.hpp"
#include "core/analysis.hpp"
#include "core/portfolio_analysis.hpp"
#include "core/scenario.hpp"
#include "core/scenario_analysis.hpp"
#include "scenario_file.hpp"

namespace {

using packfolio::cli::exit_bad_input;
using packfolio::cli::exit_ok;

using packfolio::cli::Option;
using packfolio::cli::OptionType;

// Monte Carlo draws, capped so a run stays within seconds (measured natively: 1,000,000 lifecycle draws 52 s,
// 2,000 portfolio draws 1.6 s, since each portfolio draw re-optimises the line plan).
constexpr unsigned long long max_draws_lifecycle = 100000;
constexpr unsigned long long max_draws_portfolio = 5000;

const std::vector<Option> options = {
    {"--section", OptionType::text, "S",
     "lifecycle (default): the pack's end-of-life decision (recycle_now, second_life,\n"
     "remanufacture by NPV); the outcomes are the NPVs of all five routes, in $ per pack.\n"
     "--section portfolio: the EV vs ESS line plan (needs a portfolio section); inputs are the portfolio's\n"
     "and the lifecycle's (metal prices, discount rate, residual value); outcomes npv_usd\n"
     "(the optimum), all_ev, all_ess, no_switch (baseline NPVs, $), value_of_flexibility_usd\n"
     "and year1_ess_lines. The decision is among the optimum and the baselines (always the\n"
     "optimum; its margin is what the plan gains over the best baseline); the breakevens\n"
     "also give where year-1 ESS lines cross each line count (thresholds line_J_converts,\n"
     "e.g. the ESS tender price at which the first EV line converts, and\n"
     "ess_line_J_returns for lines in ESS today)",
     0, 0, "lifecycle|portfolio"},
    {"--tornado", OptionType::flag, "",
     "each input with a low/high range at its low and high, the others at base; bars\n"
     "sorted by the swing of the decision margin (lifecycle: the base decision's NPV\n"
     "minus the best other route's) or of the optimum's NPV (portfolio); flips_decision\n"
     "marks the inputs whose range crosses a breakeven, and default_map_axes names the\n"
     "two inputs a decision map shows first"},
    {"--watch", OptionType::text, "OUTCOME",
     "the outcome whose swing the tornado reports (default: the base decision), one of\nthe section's outcomes"},
    {"--sort", OptionType::text, "S",
     "swing (of the watched outcome; portfolio default) or margin (of the base\n"
     "decision against the best other route or plan: what moves the decision;\n"
     "lifecycle default)",
     0, 0, "swing|margin"},
    {"--breakeven", OptionType::flag, "",
     "where the decision flips (and, for the portfolio, where a line converts) inside\n"
     "each input's range, or \"no_tie_in_range\""},
    {"--map", OptionType::text, "X,Y",
     "decision map over two inputs given by JSON path, e.g.\n"
     "first_life.retirement_soh,market.metal_prices_usd_per_kg.lithium_carbonate,\n"
     "or \"auto\" for the tornado's default_map_axes; each spans its low-high range\n"
     "(or its whole allowed range when it has none)"},
    {"--size", OptionType::integer, "N", "map cells per axis, 1 to 1024 (default 32)", 1, 1024},
    {"--montecarlo", OptionType::integer, "N",
     "N seeded draws of every input with a range and a distribution: 1 to 100000 for the\n"
     "lifecycle, 1 to 5000 for the portfolio; the lifecycle also reports\n"
     "p_second_life_beats_recycling",
     1, static_cast<double>(max_draws_lifecycle)},
    {"--seed", OptionType::integer, "S",
     "seed, a whole number 0 to 2^64-1 (default 1); same seed, same numbers everywhere", 0,
     18446744073709551615.0},
    {"--bins", OptionType::integer, "B", "histogram bins per outcome, 1 to 1000 (default 40)", 1, 1000},
    {"--set", OptionType::list, "PATH=VALUE", "change a field before analysing, as `packfolio eval --set`"},
    {"--format", OptionType::text, "F", "json (default; modes may be combined) or csv (exactly one mode)", 0, 0,
     "json|csv"},
};

void usage(std::ostream& os) {
    os << "usage: packfolio analyse SCENARIO.json [--tornado] [--breakeven] [--map X,Y|auto [--size N]]\n"
          "                         [--montecarlo N [--seed S] [--bins B]] [--section lifecycle|portfolio]\n"
          "                         [--watch OUTCOME] [--sort swing|margin] [--set PATH=VALUE ...]\n"
          "                         [--format json|csv]\n\n"
          "Sensitivity of one section's decision:\n";
    packfolio::cli::write_option_help(os, options);
    os << "\nExit status: 0 success, 2 bad input (one line per problem naming it), 1 internal failure.\n";
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

// What the command line asks for.
struct Request {
    std::string path, format, map_spec, watch, sort, section;
    bool tornado = false, breakeven = false, map = false, montecarlo = false;
    unsigned long long size = 32, draws = 0, seed = 1, bins = 40;
    std::vector<std::string> sets;
};

// The request, or false after printing why it cannot run (checks that need no scenario).
bool read_request(const packfolio::cli::OptionValues& opts, Request& r, std::ostream& err) {
    using packfolio::cli::bad_input;
    if (opts.positional.empty()) {
        bad_input(err, "error: no scenario file given; run `packfolio analyse --help`");
        return false;
    }
    if (opts.positional.size() > 1) {
        bad_input(err, "error: one scenario at a time (got \"" + opts.positional[0] + "\" and \"" +
                           opts.positional[1] + "\")");
        return false;
    }
    r.path = opts.positional.front();
    r.format = opts.text("--format", "json");
    r.map_spec = opts.text("--map");
    r.watch = opts.text("--watch");
    r.sort = opts.text("--sort");
    r.section = opts.text("--section", "lifecycle");
    r.tornado = opts.has("--tornado");
    r.breakeven = opts.has("--breakeven");
    r.map = opts.has("--map");
    r.montecarlo = opts.has("--montecarlo");
    r.size = opts.count("--size", 32);
    r.draws = opts.count("--montecarlo", 0);
    r.seed = opts.count("--seed", 1);
    r.bins = opts.count("--bins", 40);
    r.sets = opts.list("--set");
    if (r.section == "portfolio" && r.draws > max_draws_portfolio) {
        bad_input(err, "error: --montecarlo = \"" + std::to_string(r.draws) + "\": expected a whole number from 1 to " +
                           std::to_string(max_draws_portfolio) + " with --section portfolio");
        return false;
    }
    const int modes = (r.tornado ? 1 : 0) + (r.breakeven ? 1 : 0) + (r.map ? 1 : 0) + (r.montecarlo ? 1 : 0);
    if (modes == 0) {
        err << "error: nothing to do: give --tornado, --breakeven, --map X,Y or --montecarlo N\n";
        return false;
    }
    if (r.format == "csv" && modes > 1) {
        err << "error: --format csv prints one table: give exactly one of --tornado, --breakeven, --map, "
               "--montecarlo\n";
        return false;
    }
    return true;
}

// The index of the --watch outcome in `watched` (-1 when none is given), or false after printing the choices.
bool find_watched(const packfolio::Objective& objective, const std::string& watch, int& watched, std::ostream& err) {
    watched = -1;
    if (watch.empty()) return true;
    for (std::size_t k = 0; k < objective.outcome_ids.size(); ++k)
        if (objective.outcome_ids[k] == watch) watched = static_cast<int>(k);
    if (watched >= 0) return true;
    std::string ids;
    for (const std::string& id : objective.outcome_ids) ids += (ids.empty() ? "" : ", ") + id;
    err << "error: --watch: \"" << watch << "\" is not an outcome; expected one of: " << ids << "\n";
    return false;
}

// The two axes of --map X,Y or --map auto, or false after printing why they cannot be mapped.
bool map_axes(const packfolio::Objective& objective, const std::string& spec, int cells, packfolio::MapAxis& ax,
              packfolio::MapAxis& ay, std::ostream& err) {
    using namespace packfolio;
    const std::size_t comma = spec.find(',');
    if (spec != "auto" && (comma == std::string::npos || spec.find(',', comma + 1) != std::string::npos)) {
        err << "error: --map: \"" << spec << "\" is not two input paths X,Y\n";
        return false;
    }
    int ix = -1, iy = -1;
    if (spec == "auto") {
        // With the breakeven scan, as the app does, so both pick the same axes.
        const MapInputs m = default_map_inputs(run_sensitivity(objective));
        ix = m.x;
        iy = m.y;
        if (ix < 0) {
            err << "error: --map auto: fewer than two inputs have a low/high range; give --map X,Y\n";
            return false;
        }
    } else {
        ix = resolve_input(objective, spec.substr(0, comma), err);
        iy = resolve_input(objective, spec.substr(comma + 1), err);
        if (ix < 0 || iy < 0) return false;
    }
    ax = default_axis(objective, ix, cells);
    ay = default_axis(objective, iy, cells);
    const std::vector<FieldError> errors = check_axes(objective, ax, ay);
    if (errors.empty()) return true;
    cli::bad_input(err, "error: --map", errors);
    return false;
}

// Each mode adds its part to the JSON document, or prints its one CSV table.
void add_sensitivity(const packfolio::Objective& objective, const Request& rq, int watched, nlohmann::json& doc,
                     std::ostream& out) {
    using namespace packfolio;
    SensitivityOptions opt;
    opt.breakevens = rq.breakeven;
    opt.watched_outcome = watched;
    if (!rq.sort.empty()) opt.sort_by_margin = rq.sort == "margin";
    const SensitivityResult r = run_sensitivity(objective, opt);
    if (rq.format == "csv") out << (rq.tornado ? tornado_csv(objective, r) : breakevens_csv(objective, r));
    if (rq.tornado) doc["tornado"] = tornado_json(objective, r);
    if (rq.breakeven) doc["breakevens"] = breakevens_json(objective, r);
}

void add_decision_map(const packfolio::Objective& objective, const Request& rq, const packfolio::MapAxis& ax,
                      const packfolio::MapAxis& ay, nlohmann::json& doc, std::ostream& out) {
    const packfolio::DecisionMapResult r = packfolio::run_decision_map(objective, ax, ay);
    if (rq.format == "csv") out << packfolio::decision_map_csv(objective, r);
    doc["decision_map"] = packfolio::decision_map_json(objective, r);
}

void add_monte_carlo(const packfolio::Objective& objective, const Request& rq, nlohmann::json& doc,
                     std::ostream& out) {
    using namespace packfolio;
    MonteCarloOptions opt;
    opt.draws = static_cast<int>(rq.draws);
    opt.seed = rq.seed;
    opt.histogram_bins = static_cast<int>(rq.bins);
    const MonteCarloResult r = run_monte_carlo(objective, opt);
    if (rq.format == "csv") out << monte_carlo_csv(objective, r);
    nlohmann::json mc = monte_carlo_json(objective, r);
    if (rq.section == "lifecycle")
        mc["p_second_life_beats_recycling"] = probability_greater(r, static_cast<int>(RouteId::second_life),
                                                                  static_cast<int>(RouteId::recycle_now));
    doc["monte_carlo"] = std::move(mc);
}

}  // namespace

int cmd_analyse(int argc, char** argv, std::ostream& out, std::ostream& err) {
    using namespace packfolio;
    cli::OptionValues opts;
    if (const auto done = cli::start_command(argc, argv, options, usage, out, err, opts)) return *done;
    Request rq;
    if (!read_request(opts, rq, err)) return exit_bad_input;

    Scenario scenario;
    if (!cli::load_scenario(rq.path, rq.sets, scenario, err)) return exit_bad_input;
    if (rq.section == "portfolio" && !scenario.portfolio) {
        err << "error: --section portfolio: " << rq.path
            << " has no portfolio section; analyse its lifecycle (--section lifecycle) or add a \"portfolio\" "
               "section\n";
        return exit_bad_input;
    }
    const Objective objective =
        rq.section == "portfolio" ? portfolio_objective(scenario) : lifecycle_objective(scenario.lifecycle);
    int watched = -1;
    if (!find_watched(objective, rq.watch, watched, err)) return exit_bad_input;
    MapAxis ax, ay;
    if (rq.map && !map_axes(objective, rq.map_spec, static_cast<int>(rq.size), ax, ay, err)) return exit_bad_input;

    nlohmann::json doc = nlohmann::json::object();
    doc["section"] = rq.section;
    if (rq.tornado || rq.breakeven) add_sensitivity(objective, rq, watched, doc, out);
    if (rq.map) add_decision_map(objective, rq, ax, ay, doc, out);
    if (rq.montecarlo) add_monte_carlo(objective, rq, doc, out);
    if (rq.format == "json") out << dump_json(doc, 2) << "\n";
    return exit_ok;
}
