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

#include "commands.hpp"
#include "core/registry.hpp"
#include "core/scenario.hpp"
#include "core/scenario_logistics.hpp"

namespace {

void usage(std::ostream& os) {
    os << "usage: packfolio registry FILE.csv [--scenario SCENARIO.json] [--indent N]\n\n"
          "Loads a pack registry and prints a JSON summary: rows loaded, bad rows (line and reason) and the\n"
          "pack classes (chemistry x SoH band x damaged) per site with counts, mean kWh and mean SoH.\n"
          "Columns (header required, any order): id,chemistry,nominal_kwh,soh,site_id,damaged.\n"
          "SoH bands: <0.6, 0.6-0.7, 0.7-0.8, >=0.8.\n\n"
          "  --scenario FILE  only the site ids of this scenario's logistics.sites are accepted\n"
          "  --indent N       JSON indentation (default 2; -1 for one line)\n\n"
          "Exit status: 0 when rows loaded (bad rows are reported, not fatal); 2 when the file is missing or\n"
          "unreadable, the header is wrong or no row loaded; 1 on an internal failure.\n";
}

}  // namespace

int cmd_registry(int argc, char** argv, std::ostream& out, std::ostream& err) {
    using namespace packfolio;
    std::string path, scenario_path;
    int indent = 2;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--help" || a == "-h") {
            usage(out);
            return cli::exit_ok;
        }
        if (a == "--scenario" && i + 1 < argc) {
            scenario_path = argv[++i];
        } else if (a == "--indent" && i + 1 < argc) {
            try {
                indent = std::stoi(argv[++i]);
            } catch (const std::exception&) {
                err << "error: --indent expects a whole number, got \"" << argv[i] << "\"\n";
                return cli::exit_bad_input;
            }
        } else if (!a.empty() && a[0] == '-') {
            err << "error: unknown option \"" << a << "\"\n";
            usage(err);
            return cli::exit_bad_input;
        } else if (path.empty()) {
            path = a;
        } else {
            err << "error: one registry file at a time (got \"" << path << "\" and \"" << a << "\")\n";
            return cli::exit_bad_input;
        }
    }
    if (path.empty()) {
        usage(err);
        return cli::exit_bad_input;
    }

    std::vector<std::string> site_ids;
    if (!scenario_path.empty()) {
        std::ifstream f(scenario_path, std::ios::binary);
        if (!f) {
            err << "error: cannot open " << scenario_path << ": " << std::strerror(errno) << "\n";
            return cli::exit_bad_input;
        }
        std::ostringstream text;
        text << f.rdbuf();
        const ParsedScenario parsed = parse_scenario(text.str());
        if (!parsed.ok()) {
            for (const FieldError& e : parsed.errors)
                err << scenario_path << ": " << (e.path.empty() ? e.message : format_error(e)) << "\n";
            return cli::exit_bad_input;
        }
        if (!parsed.scenario.logistics || parsed.scenario.logistics->sites.empty()) {
            err << scenario_path << ": logistics.sites: the scenario has no logistics sites to check site ids against\n";
            return cli::exit_bad_input;
        }
        for (const LogisticsSite& s : parsed.scenario.logistics->sites) site_ids.push_back(s.id);
    }

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
        if (n < buf.size()) break;
    }
    const bool read_error = std::ferror(file) != 0;
    std::fclose(file);
    if (read_error) {
        err << "error: cannot read " << path << "\n";
        return cli::exit_bad_input;
    }
    const RegistrySummary summary = loader.finish();

    out << registry_summary_json(summary).dump(indent) << "\n";
    if (!summary.header_error.empty()) {
        err << path << ": " << summary.header_error << "\n";
        return cli::exit_bad_input;
    }
    if (summary.rows_bad > 0)
        err << path << ": " << summary.rows_bad << " bad row" << (summary.rows_bad == 1 ? "" : "s")
            << " skipped (listed under bad_rows)\n";
    if (summary.rows_loaded == 0) {
        err << path << ": no pack row loaded\n";
        return cli::exit_bad_input;
    }
    return cli::exit_ok;
}
