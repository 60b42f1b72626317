#include "share_link.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

namespace packfolio::app {

namespace {

// Reading stops after this many errors: a long garbled link gives a short list, not one line per '&'.
constexpr std::size_t max_errors = 20;

bool kept_as_is(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == '~' || c == '[' || c == ']';
}

std::string percent_encode(std::string_view s) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (kept_as_is(c)) {
            out += ch;
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

// Preset ids and tab names are file-name-like words; the app quotes them in its messages.
bool is_name(const std::string& s) {
    if (s.empty() || s.size() > 64) return false;
    for (const char c : s)
        if (!kept_as_is(static_cast<unsigned char>(c)) || c == '.' || c == '~' || c == '[' || c == ']') return false;
    return true;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The length of the well-formed UTF-8 sequence at s[i] (RFC 3629: no overlong forms, no surrogates, at most
// U+10FFFF), or 0.
std::size_t utf8_length(std::string_view s, std::size_t i) {
    const auto at = [&](std::size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
    const unsigned c = at(0);
    const auto cont = [&](std::size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) { return at(k) >= lo && at(k) <= hi; };
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
    if (c == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
    if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
    if (c >= 0xE1 && c <= 0xEF) return cont(1) && cont(2) ? 3 : 0;
    if (c == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
    if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
    if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
    return 0;
}

// A piece of the link for a message: quoted, at most about 40 bytes, cut between characters, bytes that
// are not UTF-8 written as \xNN, so that the message itself is always valid UTF-8.
std::string quote(std::string_view s) {
    constexpr std::size_t max_bytes = 40;
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8_length(s, i);
        if (out.size() + (n ? n : 4) > max_bytes) {
            out += "...";
            break;
        }
        if (n == 0) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned char>(s[i]));
            out += buf;
            ++i;
        } else {
            out.append(s.substr(i, n));
            i += n;
        }
    }
    return out + "\"";
}

// Percent-decodes one key or value (`offset`: where it starts in the link, for messages). '+' stays '+':
// a URL fragment is not form data. On a bad escape, a NUL or bytes that are not UTF-8, returns false with
// the reason in `error`.
bool percent_decode(std::string_view s, std::size_t offset, std::string& out, std::string& error) {
    out.clear();
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        const int hi = i + 1 < s.size() ? hex_value(s[i + 1]) : -1;
        const int lo = i + 2 < s.size() ? hex_value(s[i + 2]) : -1;
        if (hi < 0 || lo < 0) {
            error = "bad percent escape " + quote(s.substr(i, 3)) + " at position " + std::to_string(offset + i + 1) +
                    " of the link: '%' must be followed by two hex digits (write %25 for a literal %)";
            return false;
        }
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    for (std::size_t i = 0; i < out.size();) {
        const std::size_t n = utf8_length(out, i);
        if (n == 0) {
            error = "decodes to bytes that are not UTF-8 text, in " + quote(s) + " (a text is written as its UTF-8 bytes, "
                    "e.g. %C3%A9 for \xC3\xA9)";
            return false;
        }
        if (out[i] == '\0') {
            error = "holds a NUL character (%00), in " + quote(s);
            return false;
        }
        i += n;
    }
    return true;
}

void decode_into(std::string_view text, ShareState& out) {
    if (!text.empty() && text.front() == '#') text.remove_prefix(1);
    if (text.size() > max_share_state_bytes) {
        out.errors.push_back({"#", "the link is " + std::to_string(text.size()) + " bytes long; at most " +
                                       std::to_string(max_share_state_bytes) + " are read"});
        return;
    }
    if (text.empty()) {
        out.errors.push_back({"#", "the link is empty: expected v1&preset=...&PATH=VALUE"});
        return;
    }
    std::set<std::string, std::less<>> seen;
    bool first = true;
    for (std::size_t start = 0; start <= text.size() && out.errors.size() < max_errors;) {
        const std::size_t end = std::min(text.find('&', start), text.size());
        const std::string_view part = text.substr(start, end - start);
        const std::size_t offset = start;
        start = end + 1;
        if (part.empty()) continue;
        if (first) {
            first = false;
            if (part != share_version) {
                out.errors.push_back({"#", "starts with " + quote(part) + ", not " + share_version +
                                               ": the link was made by another version of Packfolio, or is cut"});
                return;
            }
            continue;
        }
        const std::size_t eq = part.find('=');
        if (eq == std::string_view::npos) {
            out.errors.push_back({"#", quote(part) + " at position " + std::to_string(offset + 1) +
                                           " of the link has no '=': expected PATH=VALUE"});
            continue;
        }
        std::string key, value, error;
        if (!percent_decode(part.substr(0, eq), offset, key, error)) {
            out.errors.push_back({"#", "a key " + error});
            continue;
        }
        if (key.empty()) {
            out.errors.push_back({"#", quote(part) + " at position " + std::to_string(offset + 1) +
                                           " of the link has no key: expected PATH=VALUE"});
            continue;
        }
        if (!percent_decode(part.substr(eq + 1), offset + eq + 1, value, error)) {
            out.errors.push_back({key, "the value " + error});
            continue;
        }
        if (!seen.insert(key).second) {
            out.errors.push_back({key, "appears twice in the link; each key may appear once"});
            continue;
        }
        if (key == "preset" || key == "tab") {
            if (!is_name(value))
                out.errors.push_back({"#" + key, quote(value) + " is not a " + key + " name: expected 1 to 64 letters, digits, - or _"});
            (key == "preset" ? out.preset : out.tab) = std::move(value);
        } else if (out.changes.size() == max_share_changes) {
            out.errors.push_back({"#", "the link changes more than " + std::to_string(max_share_changes) +
                                           " fields; no preset has that many"});
            return;
        } else {
            out.changes.push_back({std::move(key), std::move(value)});
        }
    }
    if (out.errors.size() >= max_errors) out.errors.push_back({"#", "reading stopped after " + std::to_string(max_errors) + " errors"});
}

}  // namespace

std::string encode_share_state(const std::string& preset_id, const std::string& tab, const std::vector<FieldChange>& changes) {
    std::string s = share_version;
    if (!preset_id.empty()) s += "&preset=" + percent_encode(preset_id);
    if (!tab.empty()) s += "&tab=" + percent_encode(tab);
    for (const FieldChange& c : changes) s += "&" + percent_encode(c.path) + "=" + percent_encode(c.value_json);
    return s;
}

ShareState decode_share_state(std::string_view text) noexcept {
    ShareState out;
    try {
        decode_into(text, out);
    } catch (...) {  // only std::bad_alloc can reach here; the link is refused, not half-read
        out.errors.clear();
        try {
            out.errors.push_back({"#", "out of memory while reading the link"});
        } catch (...) {
        }
    }
    if (!out.ok()) out.changes.clear();
    return out;
}

}  // namespace packfolio::app
