#pragma once
// Reading a scenario file for a CLI command: parse, validate and apply `--set PATH=VALUE` overrides,
// printing one line per problem. Shared by eval, validate and analyse so they report errors alike.

#include <iosfwd>
#include <string>
#include <vector>

#include "core/scenario.hpp"

namespace packfolio::cli {

// True with `out` filled; false after printing every error (each "FILE: path: message") on `err`.
bool load_scenario(const std::string& path, const std::vector<std::string>& sets, Scenario& out,
                   std::ostream& err);

}  // namespace packfolio::cli
