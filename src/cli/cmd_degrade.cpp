// packfolio degrade --model ID --profile PROFILE.json --years 1,5,10,15 [--mode constant|full] [--scalar 1.0]
//                   [--format json|csv]
// Capacity fade of one cell model under one duty day repeated (MODEL.md §2). Scripts depend on this
// contract:
//   PROFILE.json = {"time_s": [...], "soc": [...], "temperature_c": [...] or a number}: one repetition of use,
//   repeated with its own span as period (duty_profile.hpp: 1 hour to 30 days).
//   JSON out: {"model", "mode", "scalar", "points": [{"years", "q", "efc"}, ...], "warnings": [...]}, one point
//   per requested year in the order asked; q is capacity relative to the model's start.
//   CSV out: header years,q,efc; warnings go to stderr as "warning: ..." lines.
// Exit status: 0 success; 2 bad input, with ONE line on stderr naming the field, the value and what was
// expected; 1 internal failure. A run whose duty turns invalid on the way (full mode: "no fade computed")
// is bad input too: its numbers would be disowned by its own warning, so none are printed.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bad_input.hpp"
#include "commands.hpp"
#include "core/duty_profile.hpp"
#include "core/json_input.hpp"
#include "core/utf8.hpp"
#include "input_file.hpp"
#include "options.hpp"
#include "core/degradation.hpp"

namespace {

using packfolio::cli::exit_bad_input;
using packfolio::cli::exit_ok;

using packfolio::cli::Option;
using packfolio::cli::OptionType;

constexpr double max_years = 100.0;

const std::vector<Option> options = {
    {"--model", OptionType::text, "ID", "the cell model (see the list above)"},
    {"--profile", OptionType::text, "FILE",
     "{\"time_s\": [...], \"soc\": [...], \"temperature_c\": [...] or a number}: one repetition\n"
     "of use, repeated with its own span (first to last time_s, 1 hour to 30 days) as period;\n"
     "at most 200000 samples (5000 in full mode)"},
    {"--years", OptionType::text, "LIST", "comma-separated years to report, each 0 to 100"},
    {"--mode", OptionType::text, "M",
     "constant (default: stressors once per profile) or full (SOC swing rescaled by\n"
     "1/q each day so throughput is conserved, as BLAST-Lite)",
     0, 0, "constant|full"},
    {"--scalar", OptionType::number, "S",
     "calibration scalar on every fade increment, more than 0 and at most 20 (default 1.0 =\n"
     "cell; packs: LFP and NMC111 2.75, NCA 1.0)",
     0, 20, "", true},
    {"--format", OptionType::text, "F", "json (default) or csv (years,q,efc; warnings on stderr)", 0, 0, "json|csv"},
    {"--calendar-loss-10y", OptionType::number, "F", "generic model only: fraction lost in 10 years at 25 °C, 0 to 0.9",
     0, 0.9},
    {"--cycles-to-80", OptionType::number, "N", "generic model only: EFC to 80 % capacity, 1 to 1e6", 1, 1e6},
    {"--b", OptionType::number, "B", "generic model only: the time exponent b, more than 0 and at most 2", 0, 2, "",
     true},
    {"--d", OptionType::number, "D", "generic model only: the EFC exponent d, more than 0 and at most 3", 0, 3, "",
     true},
    {"--activation-energy-kj-per-mol", OptionType::number, "E", "generic model only: kJ/mol, 0 to 200", 0, 200},
};

void usage(std::ostream& os) {
    os << "usage: packfolio degrade --model ID --profile PROFILE.json --years 1,5,10,15\n"
          "                         [--mode constant|full] [--scalar 1.0] [--format json|csv]\n\n"
          "Capacity fade of a cell model under a duty profile, repeated (MODEL.md §2). Models:";
    for (const packfolio::FadeModel& m : packfolio::fade_models()) os << " " << m.id;
    os << "\n\n";
    packfolio::cli::write_option_help(os, options);
    os << "\nOutput JSON: {\"model\", \"mode\", \"scalar\", \"points\": [{\"years\", \"q\", \"efc\"}], \"warnings\"}; q "
          "is\n"
          "capacity relative to the model's start (LMO second life: the start of second life).\n"
          "Exit status: 0 success, 2 bad input (one line naming the field, the value and what was expected),\n"
          "1 internal failure.\n";
}

std::string show(double v) { return packfolio::number_text(v); }

std::string trim(const std::string& s) {
    const std::size_t a = s.find_first_not_of(" \t");
    if (a == std::string::npos) return {};
    const std::size_t b = s.find_last_not_of(" \t");
    return s.substr(a, b - a + 1);
}

std::string load_profile(const std::string& path, const packfolio::FadeModel& model, packfolio::DutyDay& day) {
    std::string text, error;
    if (!packfolio::cli::read_input_file(path, packfolio::json_max_bytes, "a profile", text, error))
        return "--profile = " + path + ": " + error;
    packfolio::DutyProfile profile = packfolio::parse_duty_profile(text);
    if (!profile.ok()) return profile.error;
    day = std::move(profile.day);
    // The model's aging-data temperatures: outside them the CLI refuses rather than extrapolate.
    const packfolio::FadeRanges& r = model.ranges;
    for (std::size_t i = 0; i < day.temperature_c.size(); ++i) {
        const double t = day.temperature_c[i];
        if (t < r.temperature_min_c || t > r.temperature_max_c)
            return "profile.temperature_c" + (profile.temperature_scalar ? std::string() : "[" + std::to_string(i) + "]") +
                   " = " + show(t) + ": expected " + show(r.temperature_min_c) + " to " + show(r.temperature_max_c) +
                   " °C (the " + model.id + " aging data)";
        if (profile.temperature_scalar) break;
    }
    return {};
}

bool parse_years(const std::string& list, std::vector<double>& years, std::string& error) {
    years.clear();
    std::size_t start = 0;
    int item = 0;
    while (true) {
        const std::size_t comma = list.find(',', start);
        const std::string tok =
            trim(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        ++item;
        double y = 0.0;
        if (tok.empty()) {
            error = "--years = \"" + list + "\": item " + std::to_string(item) +
                    " is empty: expected comma-separated years, each 0 to 100";
            return false;
        }
        if (!packfolio::cli::parse_decimal(tok, y) || y < 0.0 || y > max_years) {
            error = "--years = \"" + list + "\": item " + std::to_string(item) + " = \"" + tok +
                    "\": expected a number of years from 0 to 100";
            return false;
        }
        years.push_back(y);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return true;
}

std::string model_list() {
    std::string s;
    for (const packfolio::FadeModel& m : packfolio::fade_models()) {
        if (!s.empty()) s += ", ";
        s += m.id;
    }
    return s;
}

// The model of --model, made from the generic-model options when any is given; "" or the error line.
std::string select_model(const packfolio::cli::OptionValues& opts, packfolio::FadeModel& model) {
    using namespace packfolio;
    GenericParams generic;
    std::string generic_flag;
    struct GenericOption {
        const char* name;
        double& field;
        double factor;
    };
    const GenericOption generic_options[] = {
        {"--calendar-loss-10y", generic.calendar_loss_10y_25c, 1.0}, {"--cycles-to-80", generic.cycles_to_80pct, 1.0},
        {"--b", generic.b, 1.0}, {"--d", generic.d, 1.0}, {"--activation-energy-kj-per-mol", generic.activation_energy_j_per_mol, 1e3}};
    for (const GenericOption& g : generic_options)
        if (opts.has(g.name)) {
            g.field = opts.number(g.name, 0.0) * g.factor;
            generic_flag = g.name;
        }

    const std::string model_id = opts.text("--model");
    if (!opts.has("--model")) return "--model: missing: expected one of " + model_list();
    const FadeModel* found = find_fade_model(model_id);
    if (found == nullptr) {
        const std::string guess = suggest_fade_model(model_id);
        return "--model = \"" + model_id + "\": unknown model" +
               (guess.empty() ? std::string() : "; did you mean \"" + guess + "\"?") + "; expected one of " + model_list();
    }
    model = *found;
    if (generic_flag.empty()) return {};
    if (model.kind != FadeModelKind::generic) return generic_flag + ": only with --model generic (got --model " + model_id + ")";
    std::string e;
    model = make_generic_model(generic, &e);
    return e;
}

// One run as the options ask for it.
struct Run {
    packfolio::FadeModel model;
    packfolio::FadeOptions options;
    std::vector<double> years;
    packfolio::DutyDay day;
};

// The run of the options, "" or the error line (model, then years, then profile, as the help lists them).
std::string read_run(const packfolio::cli::OptionValues& opts, Run& run) {
    using namespace packfolio;
    std::string e = select_model(opts, run.model);
    if (!e.empty()) return e;
    run.options.mode = opts.text("--mode", "constant") == "full" ? FadeMode::full : FadeMode::constant;
    run.options.scalar = opts.number("--scalar", 1.0);
    if (!opts.has("--years")) return "--years: missing: expected comma-separated years, e.g. 1,5,10,15";
    if (!parse_years(opts.text("--years"), run.years, e)) return e;
    if (!opts.has("--profile")) return "--profile: missing: expected a profile JSON file";
    return load_profile(opts.text("--profile"), run.model, run.day);
}

// The fade at each requested year with the run's warnings, or the error line when the duty gives no fade.
std::string simulate_run(const Run& run, std::vector<packfolio::FadePoint>& points,
                         std::vector<std::string>& warnings) {
    using namespace packfolio;
    if (run.options.mode == FadeMode::full && run.day.time_s.size() > profile_max_points_full_mode)
        return "profile.time_s: " + count_text(run.day.time_s.size()) + " samples: expected at most " +
               count_text(profile_max_points_full_mode) + " in full mode (each simulated day re-reads the profile)";
    const Stressors st = compute_stressors(run.model, run.day);
    if (!st.valid) return "profile: the duty gives no finite stressors: expected a usable day";
    FadeState state = initial_state(run.model);
    points = simulate(run.model, run.day, st, state, run.years, run.options);
    if ((state.warnings | st.warnings) & fade_warning::invalid_duty)
        return "profile: the duty became invalid during the run (full mode rescales the SOC swing by 1/q): no fade "
               "computed, so no numbers are printed; try --mode constant";
    warnings = describe_warnings(run.model, state.warnings | st.warnings);
    return {};
}

void write_csv(const std::vector<packfolio::FadePoint>& points, const std::vector<std::string>& warnings,
               std::ostream& out, std::ostream& err) {
    out << "years,q,efc\n";
    char line[96];
    for (const packfolio::FadePoint& p : points) {
        std::snprintf(line, sizeof line, "%.10g,%.10g,%.10g\n", p.years, p.q, p.efc);
        out << line;
    }
    for (const std::string& w : warnings) err << "warning: " << w << "\n";
}

void write_json(const Run& run, const std::vector<packfolio::FadePoint>& points,
                const std::vector<std::string>& warnings, std::ostream& out) {
    nlohmann::ordered_json j;
    j["model"] = run.model.id;
    j["mode"] = run.options.mode == packfolio::FadeMode::constant ? "constant" : "full";
    j["scalar"] = run.options.scalar;
    j["points"] = nlohmann::ordered_json::array();
    for (const packfolio::FadePoint& p : points) {
        nlohmann::ordered_json pt;
        if (p.years == std::floor(p.years))
            pt["years"] = static_cast<long long>(p.years);
        else
            pt["years"] = p.years;
        pt["q"] = p.q;
        pt["efc"] = p.efc;
        j["points"].push_back(pt);
    }
    j["warnings"] = warnings;
    out << packfolio::dump_json(j, 2) << "\n";
}

}  // namespace

int cmd_degrade(int argc, char** argv, std::ostream& out, std::ostream& err) {
    using namespace packfolio;
    auto bad = [&](const std::string& line) { return cli::bad_input(err, "error: " + line); };
    cli::OptionValues opts;
    if (const auto done = cli::start_command(argc, argv, options, usage, out, err, opts)) return *done;
    if (!opts.positional.empty())
        return bad("unexpected argument \"" + opts.positional.front() + "\": expected options only (see packfolio degrade --help)");
    Run run;
    std::string e = read_run(opts, run);
    if (!e.empty()) return bad(e);
    std::vector<FadePoint> points;
    std::vector<std::string> warnings;
    e = simulate_run(run, points, warnings);
    if (!e.empty()) return bad(e);
    if (opts.text("--format", "json") == "csv")
        write_csv(points, warnings, out, err);
    else
        write_json(run, points, warnings, out);
    return exit_ok;
}
