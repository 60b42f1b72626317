#pragma once
// One option table per command: each option's name, type, range and help text, parsed by one function
// that also writes the command's option help, so every option is parsed and described the same way.
// Numbers are read strictly: the whole argument, in decimal ("3abc", "0x10", " 3", "1e999", "nan" and
// "inf" are refused), then range-checked; each error names the option, the value and the range.
// Options take "--name VALUE" or "--name=VALUE"; the last of a repeated option wins, except list options.

#include <cstddef>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace packfolio::cli {

enum class OptionType {
    flag,     // no value
    text,     // any text; with `choices`, one of them ("json|csv")
    list,     // repeatable text (--set PATH=VALUE ...)
    integer,  // a whole number in [min, max]
    number,   // a finite decimal number in [min, max] (above min when min_exclusive)
};

struct Option {
    const char* name;        // "--size"
    OptionType type;
    const char* value_name;  // "N" in the help ("" for a flag)
    const char* help;        // lines after the first are indented under it
    double min = 0.0;
    double max = 0.0;
    const char* choices = "";  // text: allowed values separated by '|'
    bool min_exclusive = false;
};

struct OptionValues {
    std::vector<std::string> positional;
    std::map<std::string, std::vector<std::string>> given;  // option name → values in order ("" for flags)

    bool has(const std::string& name) const { return given.count(name) != 0; }
    std::string text(const std::string& name, const std::string& fallback = "") const;
    const std::vector<std::string>& list(const std::string& name) const;
    // Valid only after parse_options checked the value.
    double number(const std::string& name, double fallback) const;
    unsigned long long count(const std::string& name, unsigned long long fallback) const;
    long long integer(const std::string& name, long long fallback) const;
};

// Parses argv[1..argc) ("--help"/"-h" sets help and stops). False with one line per problem in `errors`.
bool parse_options(int argc, char** argv, const std::vector<Option>& options, OptionValues& out, bool& help,
                   std::vector<std::string>& errors);

// How every command starts: parses argv against its option table into `values`. Nothing when the command
// goes on; else the exit status it ends with: exit_ok after writing `usage` to `out` for --help, or
// exit_bad_input after printing the option error on `err` as "error: ...".
std::optional<int> start_command(int argc, char** argv, const std::vector<Option>& options,
                                 void (*usage)(std::ostream&), std::ostream& out, std::ostream& err,
                                 OptionValues& values);

// "  --size N        map cells per axis, 1 to 1024 (default 32)" for every option, the help text starting at
// `column` (continuation lines too).
void write_option_help(std::ostream& os, const std::vector<Option>& options, std::size_t column = 22);

// Strict whole-string decimal parses, shared with list options such as --years.
bool parse_decimal(const std::string& s, double& v);
bool parse_whole(const std::string& s, bool allow_negative, unsigned long long& magnitude, bool& negative);

}  // namespace packfolio::cli
