// packfolio registry FILE.csv [--scenario SCENARIO.json] [--indent N]
// Loads a pack registry (id,chemistry,nominal_kwh,soh,site_id,damaged) and prints its summary as JSON: rows
// loaded, bad rows with line numbers and reasons, and the pack classes per site with counts. With
// --scenario, site ids must be those of the scenario's logistics.sites.
//
// Exit status: 0 when at least one row loaded, even if other rows were bad (they are listed in the
// summary and counted on stderr); 2 when the file is missing or unreadable, its header is wrong, no row
// loaded, or the scenario is invalid; 1 on an internal failure.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "bad_input.hpp"
#include "commands.hpp"
#include "core/json_input.hpp"
#include "core/utf8.hpp"
#include "input_file.hpp"
#include "options.hpp"
#include "core/registry.hpp"
#include "core/scenario.hpp"
#include "core/scenario_logistics.hpp"

namespace {

const std::vector<packfolio::cli::Option> options = {
    {"--scenario", packfolio::cli::OptionType::text, "FILE", "only the site ids of this scenario's logistics.sites are accepted"},
    {"--indent", packfolio::cli::OptionType::integer, "N", "JSON indentation, -1 (one line) to 16 (default 2)", -1, 16},
};

void usage(std::ostream& os) {
    os << "usage: packfolio registry FILE.csv [--scenario SCENARIO.json] [--indent N]\n\n"
          "Loads a pack registry and prints a JSON summary: rows loaded, bad rows (line and reason) and the\n"
          "pack classes (chemistry x SoH band x damaged) per site with counts, mean kWh and mean SoH.\n"
          "Columns (header required, any order): id,chemistry,nominal_kwh,soh,site_id,damaged.\n"
          "SoH bands: <0.6, 0.6-0.7, 0.7-0.8, >=0.8. At most " << packfolio::count_text(packfolio::registry_max_rows)
       << " rows and " << packfolio::count_text(packfolio::registry_max_bytes) << " bytes; UTF-8 text.\n\n";
    packfolio::cli::write_option_help(os, options);
    os << "\nExit status: 0 when rows loaded (bad rows are reported, not fatal); 2 when the file is missing,\n"
          "unreadable, too large or not UTF-8, the header is wrong or no row loaded; 1 on an internal failure.\n";
}

}  // namespace

int cmd_registry(int argc, char** argv, std::ostream& out, std::ostream& err) {
    using namespace packfolio;
    cli::OptionValues opts;
    if (const auto done = cli::start_command(argc, argv, options, usage, out, err, opts)) return *done;
    if (opts.positional.size() != 1) {
        usage(err);
        return cli::bad_input(err, "error: give exactly one registry file");
    }
    const std::string path = opts.positional.front(), scenario_path = opts.text("--scenario");
    const int indent = static_cast<int>(opts.integer("--indent", 2));

    std::vector<std::string> site_ids;
    if (!scenario_path.empty()) {
        std::string text, error;
        if (!cli::read_input_file(scenario_path, json_max_bytes, "a scenario", text, error))
            return cli::bad_input(err, "error: " + error);
        const ParsedScenario parsed = parse_scenario(text);
        if (!parsed.ok()) return cli::bad_input(err, scenario_path, parsed.errors);
        if (!parsed.scenario.logistics || parsed.scenario.logistics->sites.empty())
            return cli::bad_input(err, scenario_path + ": logistics.sites: the scenario has no logistics sites to check site ids against");
        for (const LogisticsSite& s : parsed.scenario.logistics->sites) site_ids.push_back(s.id);
    }

    if (cli::is_directory(path)) return cli::bad_input(err, "error: " + path + ": is a directory: expected a registry CSV file");
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file) {
        err << "error: cannot open " << path << ": " << std::strerror(errno) << "\n";
        return cli::exit_bad_input;
    }
    // Read in 1 MiB chunks: the core parses across chunk boundaries, so memory stays flat for any size.
    RegistryLoader loader(site_ids);
    std::vector<char> buf(1u << 20);
    for (;;) {
        const std::size_t n = std::fread(buf.data(), 1, buf.size(), file);
        if (n > 0) loader.feed(std::string_view(buf.data(), n));
        if (n < buf.size() || loader.failed()) break;
    }
    const bool read_error = std::ferror(file) != 0;
    std::fclose(file);
    if (read_error) {
        err << "error: cannot read " << path << "\n";
        return cli::exit_bad_input;
    }
    const RegistrySummary summary = loader.finish();
    if (!summary.file_error.empty()) return cli::bad_input(err, path + ": " + summary.file_error);

    out << dump_json(registry_summary_json(summary), indent) << "\n";
    if (!summary.header_error.empty()) return cli::bad_input(err, path + ": " + summary.header_error);
    if (summary.rows_bad > 0)
        err << path << ": " << summary.rows_bad << " bad row" << (summary.rows_bad == 1 ? "" : "s")
            << " skipped (listed under bad_rows)\n";
    if (summary.rows_loaded == 0) return cli::bad_input(err, path + ": no pack row loaded");
    return cli::exit_ok;
}
