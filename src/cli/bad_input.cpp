#include "bad_input.hpp"

#include <ostream>

#include "commands.hpp"
#include "core/utf8.hpp"

namespace packfolio::cli {

int bad_input(std::ostream& err, const std::vector<std::string>& lines) {
    for (std::size_t i = 0; i < lines.size() && i < max_error_lines; ++i) err << lines[i] << "\n";
    if (lines.size() > max_error_lines) err << "and " << lines.size() - max_error_lines << " more\n";
    return exit_bad_input;
}

int bad_input(std::ostream& err, const std::string& line) { return bad_input(err, std::vector<std::string>{line}); }

int bad_input(std::ostream& err, const std::string& where, const std::vector<FieldError>& errors) {
    std::vector<std::string> lines;
    for (const FieldError& e : errors) lines.push_back(where + ": " + (e.path.empty() ? escape_control_characters(e.message) : format_error(e)));
    return bad_input(err, lines);
}

}  // namespace packfolio::cli
