#pragma once
// The one strict reader of JSON text that a user hands in: scenario files, `--set` values, degrade
// profiles, share links. Before any document is built it checks, in one pass that never recurses:
//   - size: at most limits.max_bytes (json_max_bytes, 4 MiB, by default);
//   - depth: arrays and objects nested at most limits.max_depth (json_max_depth, 32) deep, so nothing
//     later (destruction, dump, the field readers) can run out of stack;
//   - duplicate keys: an error at the duplicate's path (the last one would otherwise win silently);
//   - UTF-8: invalid bytes are an error naming the byte offset, the line and the path;
//   - syntax: one document-level error (path "") naming where it broke, with nlohmann's line and column.
// A number that overflows a double (1e999) is not a syntax error: it is turned into the string
// "1e999 (overflows a double)" so the field reader names it at its own path with the field's range.
// With limits.quote_non_finite, the bare tokens NaN, -NaN, Infinity and -Infinity (Python's json.dump
// writes them) become strings the same way; otherwise they are syntax errors. No exception is thrown.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "core/fields.hpp"

namespace packfolio {

inline constexpr std::size_t json_max_bytes = std::size_t{4} << 20;  // 4 MiB: the largest preset is ~10 kB
inline constexpr int json_max_depth = 32;  // the scenario schema nests 5 deep; profiles 2

struct JsonLimits {
    std::size_t max_bytes = json_max_bytes;
    int max_depth = json_max_depth;
    bool quote_non_finite = false;
};

struct JsonInput {
    nlohmann::json doc;              // null unless ok()
    std::vector<FieldError> errors;  // path "" for the document as a whole
    bool ok() const { return errors.empty(); }
};

JsonInput parse_json_input(std::string_view text, const JsonLimits& limits = {});

// Every JSON text the program writes goes through this: invalid UTF-8 (which parse_json_input never lets
// in, but a file name or a CSV field might carry) is replaced by U+FFFD instead of throwing.
std::string dump_json(const nlohmann::json& j, int indent = -1);
std::string dump_json(const nlohmann::ordered_json& j, int indent = -1);

}  // namespace packfolio
