#pragma once
// How every command reports bad input: one short line per error on stderr, at most max_error_lines of them
// and then "and N more", and exit status 2 (exit_bad_input). Exit status 1 is left for bugs.

#include <iosfwd>
#include <string>
#include <vector>

#include "core/fields.hpp"

namespace packfolio::cli {

inline constexpr std::size_t max_error_lines = 20;

// Prints the lines as given ("error: ..." or "FILE: ...") and returns exit_bad_input.
int bad_input(std::ostream& err, const std::vector<std::string>& lines);
int bad_input(std::ostream& err, const std::string& line);
// Field errors of one input, each "WHERE: path: message" (WHERE is a file name or an option such as --set).
int bad_input(std::ostream& err, const std::string& where, const std::vector<FieldError>& errors);

}  // namespace packfolio::cli
