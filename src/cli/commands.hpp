#pragma once
// Subcommands of the `packfolio` CLI. Each returns the process exit status:
// 0 success, 2 bad input (one clear error per problem on `err`), 1 internal failure.

#include <iosfwd>

namespace packfolio::cli {
inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;
inline constexpr int exit_bad_input = 2;
}  // namespace packfolio::cli

int cmd_degrade(int argc, char** argv, std::ostream& out, std::ostream& err);
int cmd_eval(int argc, char** argv, std::ostream& out, std::ostream& err);
int cmd_validate(int argc, char** argv, std::ostream& out, std::ostream& err);
int cmd_analyse(int argc, char** argv, std::ostream& out, std::ostream& err);
int cmd_sources(int argc, char** argv, std::ostream& out, std::ostream& err);
int cmd_registry(int argc, char** argv, std::ostream& out, std::ostream& err);
int cmd_validation(int argc, char** argv, std::ostream& out, std::ostream& err);
