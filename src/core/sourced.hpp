#pragma once
// A default value with its provenance (DATA.md conventions). Every default in the core carries one,
// and the CLI's `sources` command and the UI's Sources tab list them all.

#include <string>
#include <vector>

namespace packfolio {

struct Sourced {
    double value;
    const char* unit;
    const char* source;      // "BNEF 2025 battery price survey [BNEF25], DATA.md §1"
    int year;                // year of the data
    const char* confidence;  // "A" primary, "B" one credible source, "C" secondary/vendor, "D" derived here
};

struct SourceEntry {
    std::string name;  // "LFP pack mass", "Lithium carbonate price (2025 spot)"
    Sourced sourced;
};

}  // namespace packfolio
