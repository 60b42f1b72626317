#include "scenario_file.hpp"

#include <ostream>

#include "bad_input.hpp"
#include "core/json_input.hpp"
#include "core/utf8.hpp"
#include "input_file.hpp"

namespace packfolio::cli {

bool load_scenario(const std::string& path, const std::vector<std::string>& sets, Scenario& out,
                   std::ostream& err) {
    std::string text, error;
    if (!read_input_file(path, json_max_bytes, "a scenario", text, error)) {
        bad_input(err, "error: " + error);
        return false;
    }
    ParsedScenario parsed = parse_scenario(text);
    if (!parsed.ok()) {
        bad_input(err, path, parsed.errors);
        return false;
    }
    out = std::move(parsed.scenario);
    for (const std::string& s : sets) {
        const std::size_t eq = s.find('=');
        if (eq == std::string::npos || eq == 0) {
            bad_input(err, "error: --set: \"" + utf8_prefix(s, 60) + "\" is not PATH=VALUE");
            return false;
        }
        const std::vector<FieldError> errors = set_field(out, s.substr(0, eq), s.substr(eq + 1));
        if (!errors.empty()) {
            bad_input(err, "error: --set", errors);
            return false;
        }
    }
    return true;
}

}  // namespace packfolio::cli
