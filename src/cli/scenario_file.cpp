#include "scenario_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <ostream>
#include <sstream>

namespace packfolio::cli {

bool load_scenario(const std::string& path, const std::vector<std::string>& sets, Scenario& out,
                   std::ostream& err) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        err << "error: cannot open " << path << ": " << std::strerror(errno) << "\n";
        return false;
    }
    std::ostringstream text;
    text << file.rdbuf();
    ParsedScenario parsed = parse_scenario(text.str());
    if (!parsed.ok()) {
        for (const FieldError& e : parsed.errors)
            err << path << ": " << (e.path.empty() ? e.message : format_error(e)) << "\n";
        return false;
    }
    out = std::move(parsed.scenario);
    for (const std::string& s : sets) {
        const std::size_t eq = s.find('=');
        if (eq == std::string::npos || eq == 0) {
            err << "error: --set: \"" << s << "\" is not PATH=VALUE\n";
            return false;
        }
        const std::vector<FieldError> errors = set_field(out, s.substr(0, eq), s.substr(eq + 1));
        if (!errors.empty()) {
            for (const FieldError& e : errors) err << "error: --set: " << format_error(e) << "\n";
            return false;
        }
    }
    return true;
}

}  // namespace packfolio::cli
