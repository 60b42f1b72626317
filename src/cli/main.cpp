// packfolio: the command-line tool. Every number it prints comes from the same core functions that the
// app and the tests call.
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"

namespace {

using Command = int (*)(int, char**, std::ostream&, std::ostream&);

struct CommandInfo {
    const char* name;
    Command run;
    const char* summary;
};

const std::vector<CommandInfo> commands = {
    {"eval", cmd_eval, "value a scenario: routes per pack, portfolio plan, logistics network"},
    {"validate", cmd_validate, "check a scenario file strictly; list every error"},
    {"analyse", cmd_analyse, "tornado, breakevens, decision map or Monte Carlo of the pack decision"},
    {"degrade", cmd_degrade, "capacity fade of a cell model under a repeated daily profile"},
    {"registry", cmd_registry, "load a retired-pack registry CSV and summarise its pack classes"},
    {"sources", cmd_sources, "every default value with its unit, source, year and confidence"},
    {"validation", cmd_validation, "the model against published figures (docs/VALIDATION.md)"},
};

void print_help(std::ostream& out) {
    out << "packfolio " PACKFOLIO_VERSION ": battery-pack economics (second life, recycling, remanufacture,\n"
           "EV vs ESS lines, reverse logistics)\n\n"
           "usage: packfolio COMMAND [ARGS...]\n\ncommands:\n";
    for (const auto& c : commands) {
        out << "  " << c.name;
        for (std::size_t i = std::strlen(c.name); i < 12; ++i) out << ' ';
        out << c.summary << "\n";
    }
    out << "\n  --version  print the version\n  --help     this text; `packfolio COMMAND --help` for a command\n\n"
           "Exit status: 0 success, 2 bad input (each error names the field, the value and what was expected),\n"
           "1 internal failure.\n";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        print_help(std::cerr);
        return packfolio::cli::exit_bad_input;
    }
    const std::string first = argv[1];
    if (first == "--version" || first == "version") {
        std::cout << "packfolio " PACKFOLIO_VERSION "\n";
        return packfolio::cli::exit_ok;
    }
    if (first == "--help" || first == "-h" || first == "help") {
        print_help(std::cout);
        return packfolio::cli::exit_ok;
    }
    for (const auto& c : commands)
        if (first == c.name) {
            try {
                return c.run(argc - 1, argv + 1, std::cout, std::cerr);
            } catch (const std::exception& e) {
                std::cerr << "packfolio " << c.name << ": internal error: " << e.what() << "\n";
                return packfolio::cli::exit_failure;
            }
        }
    std::cerr << "error: unknown command \"" << first << "\"; run `packfolio --help` for the list\n";
    return packfolio::cli::exit_bad_input;
}
