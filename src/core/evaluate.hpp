#pragma once
// Evaluating a whole scenario: the lifecycle of one pack, then the sections that build on it (the
// portfolio takes the pack's residual value, logistics takes each pack class's outcome values).
// The CLI's `eval`, the app and `window.packfolio.evaluate` all call `evaluate`.

#include <optional>
#include <string>
#include <vector>

#include "core/fields.hpp"
#include "core/lifecycle.hpp"
#include "core/logistics.hpp"
#include "core/portfolio.hpp"
#include "core/scenario.hpp"

namespace packfolio {

struct Results {
    LifecycleResults lifecycle;
    std::optional<PortfolioResults> portfolio;
    std::optional<LogisticsResults> logistics;
};

// The hub search of a large network can take a second; the app runs it in slices (HubSearch) and asks
// evaluate() to leave it out, the CLI and window.packfolio.evaluate solve it here.
enum class LogisticsSearch { solve, defer };
Results evaluate(const Scenario& s, LogisticsSearch search = LogisticsSearch::solve);

// The contexts the dependent sections need, computed from the lifecycle input of the same scenario.
PortfolioContext portfolio_context(const LifecycleInput& in);
LogisticsContext logistics_context(const LifecycleInput& in, const LogisticsInput& net);

// Results as the CLI prints them (`packfolio eval --format json|csv`).
std::string results_to_json(const Results& r, int indent = 2);
std::string results_to_csv(const Results& r);

// Parse, validate and evaluate in one call, as `window.packfolio.evaluate` does: the results JSON, or
// {"errors": [{"path", "message"}...]} when the scenario is invalid.
std::string evaluate_json_text(const std::string& scenario_json);

}  // namespace packfolio
