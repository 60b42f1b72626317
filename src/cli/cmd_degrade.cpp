// packfolio degrade --model ID --profile PROFILE.json --years 1,5,10,15 [--mode constant|full] [--scalar 1.0]
//                   [--format json|csv]
// Capacity fade of one cell model under one duty day repeated (MODEL.md §2, issue 4). Scripts depend on this
// contract:
//   PROFILE.json = {"time_s": [...], "soc": [...], "temperature_c": [...] or a number}, one day, repeated.
//   JSON out: {"model", "mode", "scalar", "points": [{"years", "q", "efc"}, ...], "warnings": [...]}, one point
//   per requested year in the order asked; q is capacity relative to the model's start.
//   CSV out: header years,q,efc; warnings go to stderr as "warning: ..." lines.
// Exit status: 0 success; 2 bad input, with ONE line on stderr naming the field, the value and what was
// expected; 1 internal failure.
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "core/degradation.hpp"

namespace {

using packfolio::cli::exit_bad_input;
using packfolio::cli::exit_ok;

constexpr double max_years = 100.0;
constexpr double max_scalar = 20.0;

void usage(std::ostream& os) {
    os << "usage: packfolio degrade --model ID --profile PROFILE.json --years 1,5,10,15\n"
          "                         [--mode constant|full] [--scalar 1.0] [--format json|csv]\n\n"
          "Capacity fade of a cell model under one duty day, repeated (MODEL.md §2).\n"
          "  --model ID      one of:";
    for (const packfolio::FadeModel& m : packfolio::fade_models()) os << " " << m.id;
    os << "\n"
          "  --profile FILE  {\"time_s\": [...], \"soc\": [...], \"temperature_c\": [...] or a number}: one day\n"
          "  --years LIST    comma-separated years to report, each 0 to 100\n"
          "  --mode M        constant (default: stressors once per profile) or full (SOC swing rescaled by\n"
          "                  1/q each day so throughput is conserved, as BLAST-Lite)\n"
          "  --scalar S      calibration scalar on every fade increment (default 1.0 = cell; packs: LFP and\n"
          "                  NMC111 2.75, NCA 1.0)\n"
          "  --format F      json (default) or csv (years,q,efc; warnings on stderr)\n"
          "  generic model only: --calendar-loss-10y F (at 25 °C), --cycles-to-80 N, --b B, --d D,\n"
          "                  --activation-energy-kj-per-mol E\n\n"
          "Output JSON: {\"model\", \"mode\", \"scalar\", \"points\": [{\"years\", \"q\", \"efc\"}], \"warnings\"}; q "
          "is\n"
          "capacity relative to the model's start (LMO second life: the start of second life).\n"
          "Exit status: 0 success, 2 bad input (one line naming the field, the value and what was expected),\n"
          "1 internal failure.\n";
}

std::string show(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

// Whole-string number parse; false on anything else (including trailing junk).
bool parse_number(const std::string& s, double& v) {
    if (s.empty()) return false;
    const char* begin = s.c_str();
    char* end = nullptr;
    errno = 0;
    v = std::strtod(begin, &end);
    return end != begin && *end == '\0' && errno != ERANGE;
}

std::string trim(const std::string& s) {
    const std::size_t a = s.find_first_not_of(" \t");
    if (a == std::string::npos) return {};
    const std::size_t b = s.find_last_not_of(" \t");
    return s.substr(a, b - a + 1);
}

// JSON has no NaN or Infinity, but Python's json.dump writes them. Turn the bare tokens (outside strings)
// into strings so the parse succeeds and the field check can name them: "profile.soc[3] = NaN".
std::string quote_non_finite_tokens(const std::string& text) {
    static const char* const tokens[] = {"-Infinity", "Infinity", "-NaN", "NaN"};
    std::string out;
    out.reserve(text.size() + 16);
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            out += c;
            if (c == '\\' && i + 1 < text.size())
                out += text[++i];
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
            out += c;
            continue;
        }
        bool replaced = false;
        for (const char* tok : tokens) {
            const std::size_t len = std::strlen(tok);
            if (text.compare(i, len, tok) == 0) {
                out += '"';
                out += tok;
                out += '"';
                i += len - 1;
                replaced = true;
                break;
            }
        }
        if (!replaced) out += c;
    }
    return out;
}

// One numeric array (or, where allowed, a single number) of the profile. Returns "" or the error line.
std::string read_series(const nlohmann::json& root, const char* key, const char* unit, bool allow_scalar,
                        std::vector<double>& out, bool& was_scalar) {
    const std::string field = std::string("profile.") + key;
    was_scalar = false;
    const auto it = root.find(key);
    if (it == root.end())
        return field + ": missing: expected " +
               (allow_scalar ? "an array of numbers or one number" : "an array of numbers") + " (" + unit + ")";
    auto element = [&](const nlohmann::json& v, const std::string& name, double& x) -> std::string {
        if (v.is_number()) {
            x = v.get<double>();
            if (!std::isfinite(x)) return name + " = " + show(x) + ": expected a finite number (" + unit + ")";
            return {};
        }
        if (v.is_string()) {
            const std::string s = v.get<std::string>();
            if (s == "NaN" || s == "-NaN" || s == "Infinity" || s == "-Infinity")
                return name + " = " + s + ": expected a finite number (" + unit + ")";
            return name + " = \"" + s + "\": expected a number (" + unit + ")";
        }
        return name + " = " + v.dump() + ": expected a number (" + unit + ")";
    };
    if (it->is_array()) {
        out.clear();
        out.reserve(it->size());
        for (std::size_t i = 0; i < it->size(); ++i) {
            double x = 0.0;
            const std::string e = element((*it)[i], field + "[" + std::to_string(i) + "]", x);
            if (!e.empty()) return e;
            out.push_back(x);
        }
        return {};
    }
    if (allow_scalar && (it->is_number() || it->is_string())) {
        double x = 0.0;
        const std::string e = element(*it, field, x);
        if (!e.empty()) return e;
        out.assign(1, x);
        was_scalar = true;
        return {};
    }
    return field + " = " + it->dump().substr(0, 60) + ": expected " +
           (allow_scalar ? "an array of numbers or one number" : "an array of numbers") + " (" + unit + ")";
}

std::string load_profile(const std::string& path, const packfolio::FadeModel& model, packfolio::DutyDay& day) {
    std::ifstream f(path, std::ios::binary);
    if (!f)
        return "--profile = " + path + ": cannot open (" + std::strerror(errno) + "): expected a readable JSON file";
    std::stringstream ss;
    ss << f.rdbuf();
    nlohmann::json root;
    try {
        root = nlohmann::json::parse(quote_non_finite_tokens(ss.str()));
    } catch (const nlohmann::json::parse_error& e) {
        std::string what = e.what();
        const std::size_t cut = what.find("] ");
        if (cut != std::string::npos) what = what.substr(cut + 2);
        return "profile (" + path + "): invalid JSON: " + what;
    }
    if (!root.is_object())
        return "profile (" + path + "): " + std::string(root.type_name()) +
               ": expected a JSON object {\"time_s\": [...], \"soc\": [...], \"temperature_c\": [...] or a number}";
    for (auto it = root.begin(); it != root.end(); ++it) {
        const std::string& k = it.key();
        if (k != "time_s" && k != "soc" && k != "temperature_c")
            return "profile." + k + ": unknown key: expected time_s, soc and temperature_c";
    }
    bool scalar = false;
    std::string e = read_series(root, "time_s", "s", false, day.time_s, scalar);
    if (e.empty()) e = read_series(root, "soc", "fraction 0 to 1", false, day.soc, scalar);
    bool temperature_scalar = false;
    if (e.empty()) e = read_series(root, "temperature_c", "°C", true, day.temperature_c, temperature_scalar);
    if (!e.empty()) return e;
    if (temperature_scalar) day.temperature_c.assign(day.time_s.size(), day.temperature_c.front());

    // The model's aging-data temperatures: outside them the CLI refuses rather than extrapolate.
    const packfolio::FadeRanges& r = model.ranges;
    for (std::size_t i = 0; i < day.temperature_c.size(); ++i) {
        const double t = day.temperature_c[i];
        if (t < r.temperature_min_c || t > r.temperature_max_c)
            return "profile.temperature_c" + (temperature_scalar ? std::string() : "[" + std::to_string(i) + "]") +
                   " = " + show(t) + ": expected " + show(r.temperature_min_c) + " to " + show(r.temperature_max_c) +
                   " °C (the " + model.id + " aging data)";
        if (temperature_scalar) break;
    }
    return packfolio::check_duty(day, "profile");
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
        if (!parse_number(tok, y) || !std::isfinite(y) || y < 0.0 || y > max_years) {
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

}  // namespace

int cmd_degrade(int argc, char** argv, std::ostream& out, std::ostream& err) {
    using namespace packfolio;
    std::string model_id, profile_path, years_arg, mode_arg = "constant", format = "json";
    std::string scalar_arg;
    bool have_model = false, have_profile = false, have_years = false;
    GenericParams generic;
    bool generic_set = false;
    std::string generic_flag;

    auto bad = [&](const std::string& line) {
        err << "error: " << line << "\n";
        return exit_bad_input;
    };

    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--help" || a == "-h") {
            usage(out);
            return exit_ok;
        }
        std::string value;
        bool has_value = false;
        const std::size_t eq = a.find('=');
        if (a.rfind("--", 0) == 0 && eq != std::string::npos) {
            value = a.substr(eq + 1);
            a = a.substr(0, eq);
            has_value = true;
        }
        auto take = [&](const std::string& what) -> bool {
            if (has_value) return true;
            if (i + 1 < argc) {
                value = argv[++i];
                return true;
            }
            err << "error: " << a << ": missing value: expected " << what << "\n";
            return false;
        };
        auto generic_number = [&](double& field, const char* what, double factor) -> int {
            if (!take(what)) return exit_bad_input;
            double v = 0.0;
            if (!parse_number(value, v) || !std::isfinite(v)) return bad(a + " = \"" + value + "\": expected " + what);
            field = v * factor;
            generic_set = true;
            generic_flag = a;
            return exit_ok;
        };
        int rc = exit_ok;
        if (a == "--model") {
            if (!take("a model id: " + model_list())) return exit_bad_input;
            model_id = value;
            have_model = true;
        } else if (a == "--profile") {
            if (!take("a profile JSON file")) return exit_bad_input;
            profile_path = value;
            have_profile = true;
        } else if (a == "--years") {
            if (!take("comma-separated years, e.g. 1,5,10,15")) return exit_bad_input;
            years_arg = value;
            have_years = true;
        } else if (a == "--mode") {
            if (!take("constant or full")) return exit_bad_input;
            mode_arg = value;
        } else if (a == "--scalar") {
            if (!take("a calibration scalar, e.g. 1.0")) return exit_bad_input;
            scalar_arg = value;
        } else if (a == "--format") {
            if (!take("json or csv")) return exit_bad_input;
            format = value;
        } else if (a == "--calendar-loss-10y") {
            rc = generic_number(generic.calendar_loss_10y_25c, "a fraction lost in 10 years at 25 °C, 0 to 0.9", 1.0);
        } else if (a == "--cycles-to-80") {
            rc = generic_number(generic.cycles_to_80pct, "EFC to 80 % capacity, 1 to 1e6", 1.0);
        } else if (a == "--b") {
            rc = generic_number(generic.b, "the time exponent b, more than 0 and at most 2", 1.0);
        } else if (a == "--d") {
            rc = generic_number(generic.d, "the EFC exponent d, more than 0 and at most 3", 1.0);
        } else if (a == "--activation-energy-kj-per-mol") {
            rc = generic_number(generic.activation_energy_j_per_mol, "kJ/mol, 0 to 200", 1e3);
        } else if (a.rfind("-", 0) == 0) {
            return bad("unknown option \"" + std::string(argv[i]) +
                       "\": expected --model, --profile, --years, --mode, --scalar or --format (see --help)");
        } else {
            return bad("unexpected argument \"" + a + "\": expected options only (see packfolio degrade --help)");
        }
        if (rc != exit_ok) return rc;
    }

    // Model.
    if (!have_model) return bad("--model: missing: expected one of " + model_list());
    const FadeModel* found = find_fade_model(model_id);
    if (found == nullptr) {
        const std::string guess = suggest_fade_model(model_id);
        return bad("--model = \"" + model_id + "\": unknown model" +
                   (guess.empty() ? std::string() : "; did you mean \"" + guess + "\"?") + "; expected one of " +
                   model_list());
    }
    FadeModel model = *found;
    if (generic_set) {
        if (model.kind != FadeModelKind::generic)
            return bad(generic_flag + ": only with --model generic (got --model " + model_id + ")");
        std::string e;
        model = make_generic_model(generic, &e);
        if (!e.empty()) return bad(e);
    }

    // Options.
    FadeOptions options;
    if (mode_arg == "constant")
        options.mode = FadeMode::constant;
    else if (mode_arg == "full")
        options.mode = FadeMode::full;
    else
        return bad("--mode = \"" + mode_arg + "\": expected constant or full");
    if (format != "json" && format != "csv") return bad("--format = \"" + format + "\": expected json or csv");
    if (!scalar_arg.empty()) {
        double s = 0.0;
        if (!parse_number(scalar_arg, s) || !std::isfinite(s) || !(s > 0.0) || s > max_scalar)
            return bad("--scalar = \"" + scalar_arg + "\": expected a number more than 0 and at most 20");
        options.scalar = s;
    }
    if (!have_years) return bad("--years: missing: expected comma-separated years, e.g. 1,5,10,15");
    std::vector<double> years;
    std::string years_error;
    if (!parse_years(years_arg, years, years_error)) return bad(years_error);

    // Profile.
    if (!have_profile) return bad("--profile: missing: expected a profile JSON file");
    DutyDay day;
    const std::string profile_error = load_profile(profile_path, model, day);
    if (!profile_error.empty()) return bad(profile_error);

    // Run.
    const Stressors st = compute_stressors(model, day);
    if (!st.valid) return bad("profile: the duty gives no finite stressors: expected a usable day");
    FadeState state = initial_state(model);
    const std::vector<FadePoint> points = simulate(model, day, st, state, years, options);
    const std::vector<std::string> warnings = describe_warnings(model, state.warnings | st.warnings);

    if (format == "csv") {
        out << "years,q,efc\n";
        char line[96];
        for (const FadePoint& p : points) {
            std::snprintf(line, sizeof line, "%.10g,%.10g,%.10g\n", p.years, p.q, p.efc);
            out << line;
        }
        for (const std::string& w : warnings) err << "warning: " << w << "\n";
        return exit_ok;
    }
    nlohmann::ordered_json j;
    j["model"] = model.id;
    j["mode"] = options.mode == FadeMode::constant ? "constant" : "full";
    j["scalar"] = options.scalar;
    j["points"] = nlohmann::ordered_json::array();
    for (const FadePoint& p : points) {
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
    out << j.dump(2) << "\n";
    return exit_ok;
}
