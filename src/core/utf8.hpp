#pragma once
// UTF-8 text rules shared by every reader and every message: input must be valid UTF-8 (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF), and text cut for a message is cut between
// characters, never inside one, so a message can always be written as JSON.

#include <cstddef>
#include <string>
#include <string_view>

namespace packfolio {

// The offset (0-based; messages say "byte offset + 1") of the first byte that does not start or continue a valid UTF-8 character, or npos.
std::size_t utf8_invalid_offset(std::string_view text);
inline bool utf8_valid(std::string_view text) { return utf8_invalid_offset(text) == std::string_view::npos; }

// The number of characters (code points) of valid UTF-8 text.
std::size_t utf8_length(std::string_view text);

// At most `max_chars` characters of the start of `text`, cut at a character boundary, followed by "…"
// when something was cut. Invalid bytes count as one character each and are kept as they are.
std::string utf8_prefix(std::string_view text, std::size_t max_chars);

// `text` with every byte that is not part of a valid UTF-8 character replaced by U+FFFD: for quoting text we
// did not write (a parser's "last read" excerpt may end inside a character).
std::string utf8_replace_invalid(std::string_view text);

// `text` with its control characters written as JSON escapes (\n, \t, \r, \u001f; DEL as \u007f): a
// message that quotes input, or a path built from a document's keys, stays on one line.
std::string escape_control_characters(std::string_view text);

// 4000 → "4,000": counts in messages.
std::string count_text(std::size_t n);

}  // namespace packfolio
