#pragma once
// The long computations the app spreads over frames (ARCHITECTURE.md): the decision map, the Monte Carlo
// and the logistics hub search. Each is a core job with step()/cancel(); the app steps it for a few
// milliseconds per frame, shows a progress bar and a Cancel button, and keeps the last finished result.
// Results never depend on the slicing (the core jobs count evaluations, not time).

#include <cstdint>
#include <optional>

#include "app.hpp"
#include "core/analysis.hpp"
#include "core/logistics.hpp"

namespace packfolio::app {

struct App::Jobs {
    // Bumped on every scenario change, so cached analysis knows when it is stale.
    std::uint64_t scenario_version = 0;

    // Tornado and breakevens: cheap enough (a few ms) to recompute when the scenario changes.
    std::uint64_t sensitivity_version = ~std::uint64_t{0};
    Objective sensitivity_objective;
    SensitivityResult sensitivity;

    // Decision map over two inputs (indices into the lifecycle objective's inputs).
    int map_x = -1, map_y = -1;
    int map_cells = 48;
    Objective map_objective;
    std::optional<DecisionMapJob> map_job;
    std::optional<DecisionMapResult> map;
    std::uint64_t map_version = 0;

    // Monte Carlo over every input with a range and a distribution.
    int mc_draws = 10000;
    int mc_seed = 1;
    Objective mc_objective;
    std::optional<MonteCarloJob> mc_job;
    std::optional<MonteCarloResult> mc;
    std::uint64_t mc_version = 0;

    // Portfolio tornado and line-conversion breakevens (~80 ms natively): sliced, started when shown.
    Objective portfolio_objective;
    std::optional<SensitivityJob> portfolio_job;
    std::optional<SensitivityResult> portfolio_sensitivity;
    std::uint64_t portfolio_version = ~std::uint64_t{0};

    // The hub search of the scenario's logistics network; started on every scenario change.
    std::optional<HubSearch> hub_job;

    int waterfall_route = 3;  // second_life: the route most readers come for

    bool busy() const { return map_job || mc_job || hub_job || portfolio_job; }
};

}  // namespace packfolio::app
