#pragma once
// Share links: the app's state as the text after '#' in its address, "v1&preset=ID&tab=NAME&PATH=VALUE...",
// the preset id plus the fields that differ from it (scenario_diff). Every key and value is percent-encoded
// once when written and decoded exactly once when read, here: the page hands over location.hash as it is.
// Plain functions on plain data, no UI: the app, its tests and the fuzz targets call the same code.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/fields.hpp"
#include "core/scenario.hpp"

namespace packfolio::app {

inline constexpr const char* share_version = "v1";
// The longest share text read (4 MiB, the size cap of every text the page passes to the app). A longer link
// or autosave is refused whole, before it is split.
inline constexpr std::size_t max_share_state_bytes = std::size_t{4} << 20;
// Applying a change re-validates the whole scenario, so their number is capped too. A scenario_diff against
// any preset stays far below it: arrays whose length changed travel whole.
inline constexpr std::size_t max_share_changes = 2000;

struct ShareState {
    std::string preset;                // "" when the link names none
    std::string tab;                   // "" when the link names none
    std::vector<FieldChange> changes;  // (path, value text) in link order, each decoded once
    // Empty when the link can be applied. Paths: "#" for the link as a whole, "#preset", "#tab", or the
    // (decoded) key of the part in error. Messages quote at most a short, valid UTF-8 piece of the link.
    std::vector<FieldError> errors;
    bool ok() const { return errors.empty(); }
};

// "v1&preset=ID&tab=NAME&PATH=VALUE...": all but ASCII letters, digits and -_.~[] percent-encoded; an empty
// preset id or tab is left out.
std::string encode_share_state(const std::string& preset_id, const std::string& tab, const std::vector<FieldChange>& changes);

// Reads a share text (with or without its leading '#'). Never throws: a malformed percent escape, bytes that
// are not UTF-8 after decoding, a wrong version, a part without '=', a repeated key, or a text over
// max_share_state_bytes or with more than max_share_changes changes gives errors and no changes.
ShareState decode_share_state(std::string_view text) noexcept;

}  // namespace packfolio::app
