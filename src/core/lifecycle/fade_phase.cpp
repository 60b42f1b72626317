// Yearly fade phases and the pack's tracks (docs/MODEL.md §4.3-§4.5).
#include "core/lifecycle/fade_phase.hpp"

namespace packfolio::lifecycle_detail {

double capacity_years(const Phase& ph, std::size_t k) {
    return 0.5 * (ph.soh[k - 1] + ph.soh[k]) * (ph.t[k] - ph.t[k - 1]);
}

double total_capacity_years(const Phase& ph) {
    double s = 0.0;
    for (std::size_t k = 1; k < ph.t.size(); ++k) s += capacity_years(ph, k);
    return s;
}

PackTrack ev_track(const Ctx& x, const Retired& from) {
    return PackTrack(*x.model, x.ev, from.state, x.ev_scalar, from.soh_scale);
}

PackTrack stationary_track(const Ctx& x, const Retired& from) {
    return PackTrack(*x.model, x.stationary, from.state, x.stationary_scalar, from.soh_scale);
}

Retired new_pack(const Ctx& x) { return {initial_state(*x.model), 1.0}; }

}  // namespace packfolio::lifecycle_detail
