#pragma once
// Every sourced default in the core, for `packfolio sources` and the UI's Sources tab: the chemistry
// catalogue, the lifecycle valuation's constants, and the default of every lifecycle scenario field with
// its FieldSpec source.

#include <vector>

#include "core/sourced.hpp"

namespace packfolio {

std::vector<SourceEntry> all_sources();

// The year and confidence of a FieldSpec source text, read from its first DATA.md key ("[BNEF25] ..." →
// 2025, "A"). "D: ..." texts are derived (D); "assumption: ..." texts and texts without a key are estimates
// (C) for the 2025 base year.
struct SourceGrade {
    int year;
    const char* confidence;
};
SourceGrade grade_source(const char* source_text);

}  // namespace packfolio
