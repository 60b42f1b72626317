#pragma once
// The one runner for the long computations the app spreads over frames (docs/ARCHITECTURE.md §2): the
// logistics hub search, the decision map, the Monte Carlo and the portfolio sensitivity. Each is a core job
// with step()/done()/progress()/cancel()/result(); the app steps every running job for a few milliseconds
// per frame, shows a progress bar and a Cancel button, and keeps the last finished result. Results never
// depend on the slicing: the core jobs count evaluations, not time. No ImGui here.

#include <chrono>
#include <cstdint>
#include <optional>
#include <utility>

namespace packfolio::app {

// The time one frame may spend on long work. About 12 ms keeps the page at ~60 fps while long work runs.
class FrameBudget {
public:
    explicit FrameBudget(std::chrono::milliseconds ms = std::chrono::milliseconds(12))
        : deadline_(std::chrono::steady_clock::now() + ms) {}
    bool left() const { return std::chrono::steady_clock::now() < deadline_; }

private:
    std::chrono::steady_clock::time_point deadline_;
};

// A core job run in slices, with the last result it finished and the scenario version it was started for
// (AppState::version), so a view can tell a result of the scenario before the last edit.
template <class Job, class Result>
struct SlicedJob {
    explicit SlicedJob(int evaluations_per_step) : slice(evaluations_per_step) {}

    int slice;                     // evaluations per step() call: small enough to stop near the budget
    std::optional<Job> job;        // running
    std::optional<Result> result;  // the last finished run
    std::uint64_t version = 0;     // AppState::version() when the running or last run started

    bool running() const { return job.has_value(); }
    template <class... Args>
    void start(std::uint64_t scenario_version, Args&&... args) {
        job.emplace(std::forward<Args>(args)...);
        version = scenario_version;
    }
    // Progress in [0, 1] of the running job, or nothing.
    std::optional<double> progress() const { return job ? std::optional<double>(job->progress()) : std::nullopt; }
    // Steps the running job while the budget lasts; true when it finished in this call (see `result`).
    bool step(const FrameBudget& budget) {
        if (!job) return false;
        while (!job->done() && budget.left()) job->step(slice);
        if (!job->done()) return false;
        result = job->result();
        job.reset();
        return true;
    }
};

}  // namespace packfolio::app
