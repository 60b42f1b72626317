#include "core/fields.hpp"

#include "core/utf8.hpp"

#include <cctype>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace packfolio {

std::string number_text(double x) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", x);
    return buf;
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) {
        if (c == '"') q += '"';
        q += c;
    }
    return q + "\"";
}

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + cost});
            diag = up;
        }
    }
    return row[b.size()];
}

}  // namespace

// Paths and messages may quote input: control characters are escaped so that an error is always one line.
std::string format_error(const FieldError& e) {
    return escape_control_characters(e.path) + ": " + escape_control_characters(e.message);
}

std::string describe_range(const FieldSpec& spec) {
    std::string unit = spec.unit && *spec.unit ? std::string(" ") + spec.unit : std::string();
    if (spec.min_exclusive)
        return "expected more than " + number_text(spec.min) + " and at most " + number_text(spec.max) + unit;
    return "expected " + number_text(spec.min) + " to " + number_text(spec.max) + unit;
}

bool in_range(const FieldSpec& spec, double x) {
    if (!std::isfinite(x)) return false;
    if (spec.min_exclusive ? !(x > spec.min) : !(x >= spec.min)) return false;
    return x <= spec.max;
}

std::string join_path(const std::string& parent, const char* key) {
    const std::string shown = escape_control_characters(key);
    return parent.empty() ? shown : parent + "." + shown;
}

std::string index_path(const std::string& parent, std::size_t i) { return parent + "[" + std::to_string(i) + "]"; }

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
    std::string best;
    std::size_t best_d = std::string::npos;
    // Case does not count as a typo: "lfp" suggests "LFP".
    const auto lower = [](std::string t) {
        for (char& ch : t) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        return t;
    };
    const std::string w = lower(word);
    for (const auto& c : candidates) {
        const std::size_t d = edit_distance(w, lower(c));
        if (d < best_d) {
            best_d = d;
            best = c;
        }
    }
    // Suggest only when the typo is small relative to the word: a third of its letters, at least 2.
    const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
    return best_d <= limit ? best : std::string();
}

}  // namespace packfolio
