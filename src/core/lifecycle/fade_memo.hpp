#pragma once
// Internal to the lifecycle valuation: the memo of fade stages (docs/MODEL.md §4.9, "Incremental
// evaluation"). An analysis evaluates one scenario thousands of times with one or two inputs changed (a
// decision map's cells, a tornado's scan points). Most of an evaluation is fade: two duties turned into
// stressors, and five phases, each run to a floor SoH by dozens of fade-model queries. Each is a pure
// function of a few numbers, so the memo keys it by exactly those numbers (bit for bit) and reruns it only
// when one of them changed. A hit returns what the computation gives: memoised and plain evaluations are
// identical.
//
// Which scenario inputs reach which key is the dependency table in core/lifecycle.hpp
// (fade_stage_inputs); a test changes each input and checks that exactly the listed stages rerun.

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "core/lifecycle.hpp"
#include "core/lifecycle/fade_phase.hpp"

namespace packfolio::lifecycle_detail {

// The numbers that decide one stage, as bit patterns.
class FadeKey {
public:
    FadeKey() = default;
    // A phase's: the model, the duty's stressors, the start state and the scalars (the caller adds the floor,
    // the horizon and the stage's own extras).
    FadeKey(const FadeModel& model, const Stressors& st, const FadeState& start, double scalar, double scale);
    FadeKey& add(double x);
    bool operator==(const FadeKey& o) const {
        return size_ == o.size_ && std::memcmp(bits_.data(), o.bits_.data(), size_ * sizeof(std::uint64_t)) == 0;
    }
    std::size_t hash() const;

private:
    std::array<std::uint64_t, 32> bits_{};
    std::size_t size_ = 0;
};

// What a phase stage keeps: its phase, and the fade state where it ends (the first life's, which the second
// life and remanufacture continue from; unset for the other stages).
struct PhaseRun {
    Phase phase;
    FadeState end_state;
};

// What a duty stage keeps: the duty's stressors for one model, and what make_ctx reads of the duty.
struct DutyRun {
    Stressors stressors;
    double fade_scalar_multiplier = 1.0;  // EV duty only
    double efc_per_year = 0.0;            // EV duty only
    std::string error;
};

// A two-way set-associative table indexed by the key's hash: a lookup probes two entries. A key that finds
// its set full evicts the one used less recently: a rerun later, never a wrong value. A slot is allocated
// when a key is first kept, so that an empty table (every analysis starts with one) is small: the table
// touches only a few pages until keys come back.
template <class Value>
class MemoTable {
public:
    // The value for `key`: `compute()` on a miss, the kept one on a hit (`reused` says which). Valid until
    // the next call.
    template <class Compute>
    const Value& get(const FadeKey& key, Compute&& compute, bool& reused) {
        if (sets_.empty()) sets_.resize(set_count);
        const std::size_t hash = key.hash();
        Set& set = sets_[hash % set_count];
        for (std::uint8_t w = 0; w < ways; ++w) {
            Entry& e = set.way[w];
            if (e.hash == hash && e.slot && e.slot->key == key) {
                reused = true;
                misses_in_a_row_ = 0;
                set.recent = w;
                return e.slot->value;
            }
        }
        reused = false;
        if (++misses_in_a_row_ == misses_before_pause) {
            misses_in_a_row_ = 0;
            paused_ = pause_length;
        }
        // A key is kept only when it comes back: a stream of keys that never repeat (Monte Carlo draws that
        // each change the fade) then touches only the sets, not the slots.
        if (set.seen != hash) {
            set.seen = hash;
            passing_ = compute();
            return passing_;
        }
        const std::uint8_t w = set.recent == 0 ? 1 : 0;
        Entry& e = set.way[w];
        if (!e.slot) e.slot = std::make_unique<Slot>();
        e.slot->value = compute();
        e.slot->key = key;
        e.hash = hash;
        set.recent = w;
        return e.slot->value;
    }

    // Whether to skip the memo for this lookup: after a long run of misses (Monte Carlo draws) the memo
    // pauses for a while, so that a stream that never repeats costs little more than no memo at all.
    bool paused() {
        if (paused_ == 0) return false;
        --paused_;
        return true;
    }

private:
    // 512 keys per stage: a 64 × 64 map along a fade axis keeps its 64 columns' phases, a tornado its scan
    // points.
    static constexpr std::size_t set_count = 256;
    static constexpr std::uint8_t ways = 2;
    static constexpr std::size_t misses_before_pause = 256;
    static constexpr std::size_t pause_length = 4096;
    struct Slot {
        FadeKey key;
        Value value;
    };
    struct Entry {
        std::size_t hash = 0;
        std::unique_ptr<Slot> slot;  // nullptr until a key is kept here
    };
    struct Set {
        std::array<Entry, ways> way;
        std::size_t seen = 0;     // the hash of the last key that missed here
        std::uint8_t recent = 0;  // the way used last
    };
    std::vector<Set> sets_;
    Value passing_;  // the value of a key seen once, not kept
    std::size_t misses_in_a_row_ = 0;
    std::size_t paused_ = 0;  // lookups left to skip
};

class FadeMemo {
public:
    // The value of `stage` for the key `make_key()` gives, or `compute()` into `scratch` while the stage's
    // memo is paused (`make_key` is not called then). Value is PhaseRun for a phase stage, DutyRun for a duty.
    template <class Value, class MakeKey, class Compute>
    const Value& get(FadeStage stage, MakeKey& make_key, Compute& compute, Value& scratch) {
        MemoTable<Value>& table = table_of(stage, scratch);
        const auto s = static_cast<std::size_t>(stage);
        if (table.paused()) {
            ++counts.computed[s];
            scratch = compute();
            return scratch;
        }
        bool reused = false;
        const Value& v = table.get(make_key(), compute, reused);
        ++(reused ? counts.reused : counts.computed)[s];
        return v;
    }

    FadeStageCounts counts;

private:
    MemoTable<PhaseRun>& table_of(FadeStage stage, const PhaseRun&) { return phases_[static_cast<std::size_t>(stage)]; }
    MemoTable<DutyRun>& table_of(FadeStage stage, const DutyRun&) {
        return stage == FadeStage::ev_duty ? ev_duty_ : stationary_duty_;
    }

    std::array<MemoTable<PhaseRun>, fade_stage_count> phases_;  // indexed by FadeStage; the duty slots unused
    MemoTable<DutyRun> ev_duty_, stationary_duty_;
};

// A stage's value through the context's memo when it has one; otherwise `run()` into `scratch`. `make_key`
// is called only with a memo.
template <class Value, class MakeKey, class Run>
const Value& run_stage(const Ctx& x, FadeStage stage, MakeKey&& make_key, Value& scratch, Run&& run) {
    if (x.memo != nullptr) return x.memo->get(stage, make_key, run, scratch);
    scratch = run();
    return scratch;
}

}  // namespace packfolio::lifecycle_detail
