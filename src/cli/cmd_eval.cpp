// packfolio eval SCENARIO.json [--set PATH=VALUE ...] [--format json|csv]
// packfolio validate SCENARIO.json
// packfolio sources [--format text|csv|json]
// The scenario commands: every number printed comes from evaluate() in the core, the function the app and
// window.packfolio.evaluate call.
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "core/evaluate.hpp"
#include "core/json_input.hpp"
#include "core/sources.hpp"
#include "options.hpp"
#include "scenario_file.hpp"

namespace {

using packfolio::cli::exit_bad_input;
using packfolio::cli::exit_ok;
using packfolio::cli::start_command;

using packfolio::cli::Option;
using packfolio::cli::OptionType;

const std::vector<Option> eval_options = {
    {"--set", OptionType::list, "PATH=VALUE",
     "change one field first, e.g. --set pack.nominal_kwh=60 or\n"
     "--set market.metal_prices_usd_per_kg.lithium_carbonate=20 (repeatable)"},
    {"--format", OptionType::text, "F", "json (default) or csv", 0, 0, "json|csv"},
};

void eval_usage(std::ostream& os) {
    os << "usage: packfolio eval SCENARIO.json [--set PATH=VALUE ...] [--format json|csv]\n\n"
          "Evaluates a scenario (schema packfolio/1): the pack's routes under \"lifecycle\", and the\n"
          "\"portfolio\" and \"logistics\" sections when the scenario has them.\n";
    packfolio::cli::write_option_help(os, eval_options, 20);
    os << "\nExit status: 0 success, 2 bad input (one line per error: path, value, allowed range, unit).\n";
}

const std::vector<Option> validate_options = {};

void validate_usage(std::ostream& os) {
    os << "usage: packfolio validate SCENARIO.json\n\n"
          "Checks a scenario strictly and lists every error (path, value, allowed range, unit).\n"
          "Exit status: 0 valid, 2 invalid.\n";
}

const std::vector<Option> sources_options = {
    {"--format", OptionType::text, "F", "text (default), csv or json", 0, 0, "text|csv|json"},
};

void sources_usage(std::ostream& os) {
    os << "usage: packfolio sources [--format text|csv|json]\n\n"
          "Lists every default value in the model with its unit, source, year and confidence\n"
          "(A primary, B one credible source, C secondary or estimate, D derived here).\n";
}

// An argument the command does not take: the error, then the usage, on stderr.
int unexpected(const std::string& line, void (*usage)(std::ostream&), std::ostream& err) {
    err << "error: " << line << "\n";
    usage(err);
    return exit_bad_input;
}

void write_sources_json(const std::vector<packfolio::SourceEntry>& sources, std::ostream& out) {
    nlohmann::json doc = nlohmann::json::array();
    for (const auto& e : sources)
        doc.push_back({{"name", e.name},
                       {"value", e.sourced.value},
                       {"unit", e.sourced.unit},
                       {"source", e.sourced.source},
                       {"year", e.sourced.year},
                       {"confidence", e.sourced.confidence}});
    out << packfolio::dump_json(doc, 2) << "\n";
}

void write_sources_csv(const std::vector<packfolio::SourceEntry>& sources, std::ostream& out) {
    out << "name,value,unit,source,year,confidence\n";
    for (const auto& e : sources)
        out << packfolio::csv_field(e.name) << "," << nlohmann::json(e.sourced.value).dump() << ","
            << packfolio::csv_field(e.sourced.unit) << "," << packfolio::csv_field(e.sourced.source) << ","
            << e.sourced.year << "," << e.sourced.confidence << "\n";
}

void write_sources_text(const std::vector<packfolio::SourceEntry>& sources, std::ostream& out) {
    for (const auto& e : sources)
        out << e.name << " = " << nlohmann::json(e.sourced.value).dump() << " " << e.sourced.unit << "\n    "
            << e.sourced.source << " (" << e.sourced.year << ", confidence " << e.sourced.confidence << ")\n";
}

}  // namespace

int cmd_eval(int argc, char** argv, std::ostream& out, std::ostream& err) {
    packfolio::cli::OptionValues opts;
    if (const auto done = start_command(argc, argv, eval_options, eval_usage, out, err, opts)) return *done;
    if (opts.positional.empty()) return unexpected("no scenario file given", eval_usage, err);
    if (opts.positional.size() > 1)
        return unexpected("unexpected argument \"" + opts.positional[1] + "\"", eval_usage, err);
    packfolio::Scenario scenario;
    if (!packfolio::cli::load_scenario(opts.positional.front(), opts.list("--set"), scenario, err))
        return exit_bad_input;
    const packfolio::Results results = packfolio::evaluate(scenario);
    const bool csv = opts.text("--format", "json") == "csv";
    out << (csv ? packfolio::results_to_csv(results) : packfolio::results_to_json(results) + "\n");
    return exit_ok;
}

int cmd_validate(int argc, char** argv, std::ostream& out, std::ostream& err) {
    packfolio::cli::OptionValues opts;
    if (const auto done = start_command(argc, argv, validate_options, validate_usage, out, err, opts)) return *done;
    if (opts.positional.size() != 1) return unexpected("give exactly one scenario file", validate_usage, err);
    const std::string& path = opts.positional.front();
    packfolio::Scenario scenario;
    if (!packfolio::cli::load_scenario(path, {}, scenario, err)) return exit_bad_input;
    out << path << ": valid (" << packfolio::scenario_schema << ")\n";
    return exit_ok;
}

int cmd_sources(int argc, char** argv, std::ostream& out, std::ostream& err) {
    packfolio::cli::OptionValues opts;
    if (const auto done = start_command(argc, argv, sources_options, sources_usage, out, err, opts)) return *done;
    if (!opts.positional.empty())
        return unexpected("unexpected argument \"" + opts.positional.front() + "\"", sources_usage, err);
    const std::vector<packfolio::SourceEntry> sources = packfolio::all_sources();
    const std::string format = opts.text("--format", "text");
    if (format == "json")
        write_sources_json(sources, out);
    else if (format == "csv")
        write_sources_csv(sources, out);
    else
        write_sources_text(sources, out);
    return exit_ok;
}
