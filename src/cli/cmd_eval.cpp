// packfolio eval SCENARIO.json [--set PATH=VALUE ...] [--format json|csv]
// packfolio validate SCENARIO.json
// packfolio sources [--format text|csv|json]
// The scenario commands: every number printed comes from evaluate() in the core, the function the app and
// window.packfolio.evaluate call.
#include <iomanip>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "core/evaluate.hpp"
#include "core/json_input.hpp"
#include "core/sources.hpp"
#include "scenario_file.hpp"

namespace {

using packfolio::cli::exit_bad_input;
using packfolio::cli::exit_ok;

bool is_help(const std::string& a) { return a == "--help" || a == "-h"; }

// Reads "--format F" into `format` when F is one of `allowed`; prints an error otherwise.
bool read_format(const std::string& value, const std::vector<std::string>& allowed, std::string& format,
                 std::ostream& err) {
    for (const std::string& a : allowed)
        if (value == a) {
            format = value;
            return true;
        }
    std::string list;
    for (const std::string& a : allowed) list += (list.empty() ? "" : "|") + a;
    err << "error: --format: \"" << value << "\" is not one of " << list << "\n";
    return false;
}

}  // namespace

int cmd_eval(int argc, char** argv, std::ostream& out, std::ostream& err) {
    const char* usage =
        "usage: packfolio eval SCENARIO.json [--set PATH=VALUE ...] [--format json|csv]\n\n"
        "Evaluates a scenario (schema packfolio/1): the pack's routes under \"lifecycle\", and the\n"
        "\"portfolio\" and \"logistics\" sections when the scenario has them.\n"
        "  --set PATH=VALUE  change one field first, e.g. --set pack.nominal_kwh=60 or\n"
        "                    --set market.metal_prices_usd_per_kg.lithium_carbonate=20 (repeatable)\n"
        "  --format F        json (default) or csv\n\n"
        "Exit status: 0 success, 2 bad input (one line per error: path, value, allowed range, unit).\n";
    std::string path, format = "json";
    std::vector<std::string> sets;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (is_help(a)) {
            out << usage;
            return exit_ok;
        }
        if ((a == "--set" || a == "--format") && i + 1 >= argc) {
            err << "error: " << a << " needs a value\n" << usage;
            return exit_bad_input;
        }
        if (a == "--set") {
            sets.push_back(argv[++i]);
        } else if (a == "--format") {
            if (!read_format(argv[++i], {"json", "csv"}, format, err)) return exit_bad_input;
        } else if (a.rfind("--", 0) == 0 || !path.empty()) {
            err << "error: unexpected argument \"" << a << "\"\n" << usage;
            return exit_bad_input;
        } else {
            path = a;
        }
    }
    if (path.empty()) {
        err << "error: no scenario file given\n" << usage;
        return exit_bad_input;
    }
    packfolio::Scenario scenario;
    if (!packfolio::cli::load_scenario(path, sets, scenario, err)) return exit_bad_input;
    const packfolio::Results results = packfolio::evaluate(scenario);
    out << (format == "csv" ? packfolio::results_to_csv(results) : packfolio::results_to_json(results) + "\n");
    return exit_ok;
}

int cmd_validate(int argc, char** argv, std::ostream& out, std::ostream& err) {
    const char* usage =
        "usage: packfolio validate SCENARIO.json\n\n"
        "Checks a scenario strictly and lists every error (path, value, allowed range, unit).\n"
        "Exit status: 0 valid, 2 invalid.\n";
    if (argc == 2 && is_help(argv[1])) {
        out << usage;
        return exit_ok;
    }
    if (argc != 2) {
        err << "error: give exactly one scenario file\n" << usage;
        return exit_bad_input;
    }
    packfolio::Scenario scenario;
    if (!packfolio::cli::load_scenario(argv[1], {}, scenario, err)) return exit_bad_input;
    out << argv[1] << ": valid (" << packfolio::scenario_schema << ")\n";
    return exit_ok;
}

int cmd_sources(int argc, char** argv, std::ostream& out, std::ostream& err) {
    const char* usage =
        "usage: packfolio sources [--format text|csv|json]\n\n"
        "Lists every default value in the model with its unit, source, year and confidence\n"
        "(A primary, B one credible source, C secondary or estimate, D derived here).\n";
    std::string format = "text";
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (is_help(a)) {
            out << usage;
            return exit_ok;
        }
        if (a == "--format" && i + 1 < argc) {
            if (!read_format(argv[++i], {"text", "csv", "json"}, format, err)) return exit_bad_input;
        } else {
            err << "error: unexpected argument \"" << a << "\"\n" << usage;
            return exit_bad_input;
        }
    }
    const std::vector<packfolio::SourceEntry> sources = packfolio::all_sources();
    if (format == "json") {
        nlohmann::json doc = nlohmann::json::array();
        for (const auto& e : sources)
            doc.push_back({{"name", e.name},
                           {"value", e.sourced.value},
                           {"unit", e.sourced.unit},
                           {"source", e.sourced.source},
                           {"year", e.sourced.year},
                           {"confidence", e.sourced.confidence}});
        out << packfolio::dump_json(doc, 2) << "\n";
    } else if (format == "csv") {
        out << "name,value,unit,source,year,confidence\n";
        for (const auto& e : sources)
            out << packfolio::csv_field(e.name) << "," << nlohmann::json(e.sourced.value).dump() << "," << packfolio::csv_field(e.sourced.unit)
                << "," << packfolio::csv_field(e.sourced.source) << "," << e.sourced.year << "," << e.sourced.confidence << "\n";
    } else {
        for (const auto& e : sources)
            out << e.name << " = " << nlohmann::json(e.sourced.value).dump() << " " << e.sourced.unit << "\n    "
                << e.sourced.source << " (" << e.sourced.year << ", confidence " << e.sourced.confidence << ")\n";
    }
    return exit_ok;
}
