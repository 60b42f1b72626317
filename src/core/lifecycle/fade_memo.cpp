// The memo of fade stages (docs/MODEL.md §4.9).
#include "core/lifecycle/fade_memo.hpp"

#include <stdexcept>

namespace packfolio::lifecycle_detail {

namespace {

std::uint64_t bits_of(double x) {
    std::uint64_t b;
    std::memcpy(&b, &x, sizeof b);
    return b;
}

}  // namespace

FadeKey::FadeKey(const FadeModel& model, const Stressors& st, const FadeState& start, double scalar, double scale) {
    add(static_cast<double>(model.kind));
    add(st.valid ? 1.0 : 0.0);
    for (double x : {st.period_days, st.efc_per_day, st.dod, st.c_rate, st.mean_soc, st.mean_temperature_c,
                     st.min_temperature_c, st.max_temperature_c, st.max_charge_c_rate, st.max_discharge_c_rate,
                     st.k_calendar, st.k_cycle, st.k_lam})
        add(x);
    add(static_cast<double>(st.warnings));
    for (double x : {start.calendar_loss, start.cycle_loss, start.lam_loss, start.days, start.efc}) add(x);
    add(static_cast<double>(start.warnings));
    add(scalar);
    add(scale);
}

FadeKey& FadeKey::add(double x) {
    if (size_ == bits_.size()) throw std::logic_error("FadeKey: more numbers than it holds");
    bits_[size_++] = bits_of(x);
    return *this;
}

std::size_t FadeKey::hash() const {
    // Words are folded in by multiplication, which carries a difference only upwards; the finaliser
    // (MurmurHash3's fmix64) carries it back down, so keys that differ only in a double's high bits (25 °C
    // against 25.75 °C) still land in different slots, which are picked by the low bits.
    std::uint64_t h = 0x9e3779b97f4a7c15ull;
    for (std::size_t i = 0; i < size_; ++i) h = (h ^ bits_[i]) * 0x100000001b3ull + 0x9e3779b97f4a7c15ull;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return static_cast<std::size_t>(h);
}

}  // namespace packfolio::lifecycle_detail
