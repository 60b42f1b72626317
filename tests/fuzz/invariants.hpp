#pragma once
// What must hold for any input, checked by every fuzz target: a broken invariant prints what broke and
// aborts, which libFuzzer reports as a crash with the input that caused it. Exceptions are never caught
// here: one that escapes the core is a crash too (the CLI would exit 1, the web build would die).

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/evaluate.hpp"
#include "core/fields.hpp"
#include "core/scenario.hpp"
#include "core/scenario_lifecycle.hpp"
#include "core/scenario_logistics.hpp"
#include "core/scenario_portfolio.hpp"

namespace packfolio::fuzz {

[[noreturn]] inline void broken(const std::string& what) {
    std::fprintf(stderr, "invariant broken: %s\n", what.c_str());
    std::abort();
}

inline void require(bool ok, const std::string& what) {
    if (!ok) broken(what);
}

// Well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
inline bool valid_utf8(const std::string& s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto b = static_cast<unsigned char>(s[i]);
        std::size_t n = 0;
        unsigned lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
        if (b < 0x80) n = 0;
        else if (b >= 0xC2 && b <= 0xDF) n = 1;
        else if (b == 0xE0) { n = 2; lo = 0xA0; }
        else if (b == 0xED) { n = 2; hi = 0x9F; }
        else if (b >= 0xE1 && b <= 0xEF) n = 2;
        else if (b == 0xF0) { n = 3; lo = 0x90; }
        else if (b == 0xF4) { n = 3; hi = 0x8F; }
        else if (b >= 0xF1 && b <= 0xF3) n = 3;
        else return false;
        if (i + n >= s.size() && n > 0) return false;
        for (std::size_t k = 1; k <= n; ++k) {
            const auto c = static_cast<unsigned char>(s[i + k]);
            if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xBF)) return false;
        }
        i += n + 1;
    }
    return true;
}

// PACKFOLIO_FUZZ_UTF8_ONLY=1 in the environment makes the targets skip input that is not valid UTF-8, to
// keep fuzzing for other bugs while one about invalid UTF-8 is open. scripts/fuzz never sets it.
inline bool skipped(const std::string& input) {
    static const bool utf8_only = std::getenv("PACKFOLIO_FUZZ_UTF8_ONLY") != nullptr;
    return utf8_only && !valid_utf8(input);
}

// Every number in a JSON tree is finite (nlohmann would print NaN and infinity as null, hiding them).
inline void require_finite(const nlohmann::json& j, const std::string& path) {
    if (j.is_number_float()) require(std::isfinite(j.get<double>()), path + " is not finite");
    else if (j.is_object())
        for (auto it = j.begin(); it != j.end(); ++it) require_finite(*it, path + "." + it.key());
    else if (j.is_array())
        for (std::size_t i = 0; i < j.size(); ++i) require_finite(j[i], path + "[" + std::to_string(i) + "]");
}

// JSON text a program prints: valid UTF-8 and valid JSON (the re-parse checks the UTF-8 of every string).
inline void require_json_text(const std::string& text, const char* what) {
    require(valid_utf8(text), std::string(what) + " is not valid UTF-8");
    require(!nlohmann::json::parse(text, nullptr, false).is_discarded(), std::string(what) + " is not valid JSON");
}

// A CSV a program prints: valid UTF-8, and no unquoted cell reads nan, inf or null (a non-finite number).
inline void require_csv_text(const std::string& text, const char* what) {
    require(valid_utf8(text), std::string(what) + " is not valid UTF-8");
    std::string cell;
    bool quoted = false;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        const char c = i < text.size() ? text[i] : '\n';
        if (c == '"') quoted = !quoted;
        if (quoted || (c != ',' && c != '\n' && c != '\r')) { cell += c; continue; }
        if (!cell.empty() && (cell[0] == '-' || cell[0] == '+')) cell.erase(0, 1);
        require(cell != "nan" && cell != "inf" && cell != "null", std::string(what) + " holds a cell \"" + cell + "\"");
        cell.clear();
    }
}

// Errors are printed one per line by the CLI and returned as JSON by the web build. Each has a message;
// from valid UTF-8 input, each is valid UTF-8 (text is cut at character boundaries, never inside one).
// Input that is not UTF-8 is checked where it is printed: the JSON writers must not throw on it.
inline void require_errors_text(const std::vector<FieldError>& errors, bool input_is_utf8) {
    for (const FieldError& e : errors) {
        require(!e.message.empty(), "an error without a message at \"" + e.path + "\"");
        if (input_is_utf8) require(valid_utf8(format_error(e)), "an error message is not valid UTF-8: " + format_error(e));
        // One error, one line: the CLI prints one line per error.
        require(format_error(e).find_first_of("\n\r") == std::string::npos, "an error spans lines: " + format_error(e));
    }
}

// A valid scenario evaluates to finite results, printed as valid JSON and CSV, and saves to a file that
// reads back valid (what the app's save, share links and `--set` rely on).
inline void require_evaluates(const Scenario& s) {
    const Results r = evaluate(s);
    require_finite(lifecycle_results_json(r.lifecycle), "lifecycle");
    if (r.portfolio) require_finite(portfolio_results_json(*r.portfolio), "portfolio");
    if (r.logistics) require_finite(logistics_results_json(*r.logistics), "logistics");
    require_json_text(results_to_json(r), "results_to_json");
    require_csv_text(results_to_csv(r), "results_to_csv");

    const std::string saved = scenario_to_json(s);
    require_json_text(saved, "scenario_to_json");
    const ParsedScenario again = parse_scenario(saved);
    if (!again.ok()) broken("a valid scenario saved does not read back: " + format_error(again.errors.front()));
}

}  // namespace packfolio::fuzz
