#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "bench.hpp"

namespace packfolio::bench {

std::vector<Case>& registry() {
    static std::vector<Case> cases;
    return cases;
}

static volatile double sink;
void keep(double x) { sink = x; }

}  // namespace packfolio::bench

// Whether `name` contains one of the comma-separated parts of `filter` (an empty filter matches everything).
static bool matches(const std::string& filter, const std::string& name) {
    if (filter.empty()) return true;
    std::size_t start = 0;
    while (start <= filter.size()) {
        const std::size_t comma = std::min(filter.find(',', start), filter.size());
        const std::string part = filter.substr(start, comma - start);
        if (!part.empty() && name.find(part) != std::string::npos) return true;
        start = comma + 1;
    }
    return false;
}

// Usage: packfolio_bench [--target native|wasm] [--out FILE.json] [--filter TEXT[,TEXT...]]
int main(int argc, char** argv) {
    using namespace packfolio::bench;
    std::string target = "native", out_path, filter;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--target") && i + 1 < argc) target = argv[++i];
        else if (!std::strcmp(argv[i], "--out") && i + 1 < argc) out_path = argv[++i];
        else if (!std::strcmp(argv[i], "--filter") && i + 1 < argc) filter = argv[++i];
        else {
            std::fprintf(stderr, "usage: packfolio_bench [--target native|wasm] [--out FILE.json] [--filter TEXT[,TEXT...]]\n");
            return 2;
        }
    }
    std::string json = "[";
    std::printf("%-40s %-7s %12s %12s %6s %s\n", "name", "target", "median_s", "budget_s", "n", "");
    bool first = true;
    for (Case& c : registry()) {
        if (!matches(filter, c.name)) continue;
        if (c.figure) {
            const double value = c.figure();
            const bool ok = std::isfinite(value) && value <= c.budget_for(target);
            std::printf("%-40s %-7s %12.3e %12.3e %6s %s\n", c.name.c_str(), target.c_str(), value, c.budget_for(target),
                        "-", ok ? "ok" : "OVER BUDGET");
            char buf[512];
            std::snprintf(buf, sizeof buf, "%s\n  {\"name\": \"%s\", \"target\": \"%s\", \"median_s\": %s, \"budget_s\": %.6e, \"n\": 0}",
                          first ? "" : ",", c.name.c_str(), target.c_str(),
                          std::isfinite(value) ? std::to_string(value).c_str() : "null", c.budget_for(target));
            json += buf;
            first = false;
            continue;
        }
        if (c.setup) c.setup();
        // Warm-up: caches, lazy tables, page faults, and under node V8's tier-up from its baseline WebAssembly
        // compiler to the optimising one, which takes a few hundred calls of a function (timing before it
        // measures the compiler, not the code). At least one run and 0.2 s.
        const auto warm_up_start = std::chrono::steady_clock::now();
        double last_s = 0.0;
        do {
            const auto t0 = std::chrono::steady_clock::now();
            c.run();
            last_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        } while (std::chrono::steady_clock::now() - warm_up_start < std::chrono::milliseconds(200));
        // A case ten times over its budget (and over a second) is reported from its last warm-up run alone,
        // so that a slow figure cannot hold up the whole run for many minutes.
        std::vector<double> times;
        const bool slow = last_s > 10.0 * c.budget_for(target) && last_s > 1.0;
        if (slow) times.push_back(last_s);
        for (int r = 0; r < c.repetitions && !slow; ++r) {
            const auto t0 = std::chrono::steady_clock::now();
            c.run();
            const auto t1 = std::chrono::steady_clock::now();
            times.push_back(std::chrono::duration<double>(t1 - t0).count());
        }
        std::sort(times.begin(), times.end());
        const double median = times[times.size() / 2];
        if (c.on_median) c.on_median(median);
        if (c.teardown) c.teardown();
        const double budget = c.budget_for(target);
        std::printf("%-40s %-7s %12.3e %12.3e %6d %s\n", c.name.c_str(), target.c_str(), median, budget,
                    static_cast<int>(times.size()), median <= budget ? "ok" : "OVER BUDGET");
        char buf[512];
        std::snprintf(buf, sizeof buf, "%s\n  {\"name\": \"%s\", \"target\": \"%s\", \"median_s\": %.6e, \"budget_s\": %.6e, \"n\": %d}",
                      first ? "" : ",", c.name.c_str(), target.c_str(), median, budget,
                      static_cast<int>(times.size()));
        json += buf;
        first = false;
    }
    json += "\n]\n";
    if (!out_path.empty()) {
        std::ofstream f(out_path);
        f << json;
        if (!f) {
            std::fprintf(stderr, "packfolio_bench: cannot write %s\n", out_path.c_str());
            return 1;
        }
    }
    return 0;
}
