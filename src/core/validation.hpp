#pragma once
// The validation table (docs/VALIDATION.md): each published figure the model is held against, with its range,
// its source, the preset or scenario that matches it, the model's number computed by the core functions on
// that scenario, whether it lies inside, and, where it does not, why. The rows and their reasons are data
// here, so the table is generated (`packfolio validation`) and a test fails when the committed file and a
// fresh generation differ.
//
// A published point figure ("+58 %") is held to a band of ±10 % of its value around it, stated in the row's
// `published` text; a published range is used as given.

#include <optional>
#include <string>
#include <vector>

#include "core/scenario.hpp"

namespace packfolio {

// A scenario by its preset id ("china-lfp-glut-2025"); the id "default" is the scenario of all defaults.
struct NamedScenario {
    std::string id;
    Scenario scenario;
};

struct ValidationRow {
    std::string figure;      // what is compared, e.g. "Reuse-then-recycle profit over recycling, LFP"
    std::string published;   // the figure as published, e.g. "+58 % (band ±10 %: 52-64 %)"
    double low = 0.0, high = 0.0;  // the band the model must land in
    std::string unit;
    std::string source_key;  // "[MA24]": a key of validation_references()
    std::string scenario;    // the preset id the model runs, or "default"
    std::string method;      // how the model's number is computed, in one sentence
    std::optional<double> model;  // absent when the model cannot compute it (reason says what it needs)
    bool inside = false;
    std::string reason;      // empty when inside; otherwise why not (or "not computed yet: needs X")
};

struct ValidationReference {
    std::string key;        // "[MA24]"
    std::string reference;  // authors, title, venue, year, page or table, and a link
};

// The rows in a fixed order. A row whose scenario is missing from `scenarios` is "not computed".
std::vector<ValidationRow> validation_table(const std::vector<NamedScenario>& scenarios);

// Every source key the rows cite, with its full reference.
std::vector<ValidationReference> validation_references();

}  // namespace packfolio
