#include "core/registry.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <unordered_map>

#include "core/utf8.hpp"

namespace packfolio {

namespace {

constexpr std::size_t column_count = 6;
enum Column { col_id, col_chemistry, col_kwh, col_soh, col_site, col_damaged };
constexpr std::array<const char*, column_count> column_names = {"id", "chemistry", "nominal_kwh", "soh", "site_id",
                                                                "damaged"};

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::string shown(std::string_view s) { return "\"" + escape_control_characters(utf8_prefix(s, 40)) + "\""; }

// A decimal number: [sign] digits [. digits] [e [sign] digits], at least one digit. Up to 15 significant
// digits and a power of ten within 10^±22 take the exact fast path (one correctly rounded operation on
// exact operands, Clinger 1990), so "0.7" is the same double as the constant 0.7 and SoH band edges are
// exact; anything longer falls back to strtod on a copy. Rejects inf/nan, hex and anything else.
bool parse_number(std::string_view s, double& out) {
    static constexpr double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                       1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    std::size_t i = 0;
    const bool negative = i < s.size() && s[i] == '-';
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    std::uint64_t mantissa = 0;
    int digits = 0, scale = 0, significant = 0;
    bool any = false;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, any = true) {
        if (mantissa == 0 && s[i] == '0') continue;
        if (significant < 19) {
            mantissa = mantissa * 10 + static_cast<std::uint64_t>(s[i] - '0');
            ++significant;
        } else {
            ++scale;
        }
        ++digits;
    }
    if (i < s.size() && s[i] == '.') {
        for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, any = true) {
            if (mantissa == 0 && s[i] == '0') {
                --scale;
                continue;
            }
            if (significant < 19) {
                mantissa = mantissa * 10 + static_cast<std::uint64_t>(s[i] - '0');
                ++significant;
                --scale;
            }
            ++digits;
        }
    }
    if (!any) return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        const bool exp_negative = i < s.size() && s[i] == '-';
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
        int exponent = 0;
        bool exp_digits = false;
        for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, exp_digits = true)
            if (exponent < 100000) exponent = exponent * 10 + (s[i] - '0');
        if (!exp_digits) return false;
        scale += exp_negative ? -exponent : exponent;
    }
    if (i != s.size()) return false;
    if (mantissa == 0) {
        out = 0.0;
        return true;
    }
    if (significant <= 15 && digits == significant && scale >= -22 && scale <= 22) {
        const double m = static_cast<double>(mantissa);
        out = scale < 0 ? m / pow10[-scale] : m * pow10[scale];
        if (negative) out = -out;
        return true;
    }
    char buf[64];
    if (s.size() >= sizeof buf) return false;
    std::memcpy(buf, s.data(), s.size());
    buf[s.size()] = '\0';
    out = std::strtod(buf, nullptr);
    return std::isfinite(out);
}

std::uint64_t hash_text(std::string_view s) {
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a
    for (char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    return h ^ (h >> 29);
}

// Pack ids seen so far: an open-addressing table over one text arena, so a million ids cost a few
// reallocations, not a million.
class IdSet {
public:
    // The line of an earlier row with this id, or 0 after recording it as new on `line`.
    std::int64_t insert(std::string_view id, std::int64_t line) {
        if ((count_ + 1) * 2 > slots_.size()) grow();
        const std::uint64_t h = hash_text(id);
        for (std::size_t i = h & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
            Slot& s = slots_[i];
            if (s.line == 0) {
                s = {h, arena_.size(), id.size(), line};
                arena_.append(id.data(), id.size());
                ++count_;
                return 0;
            }
            if (s.hash == h && s.length == id.size() && arena_.compare(s.offset, s.length, id.data(), id.size()) == 0)
                return s.line;
        }
    }

private:
    struct Slot {
        std::uint64_t hash = 0;
        std::size_t offset = 0;
        std::size_t length = 0;
        std::int64_t line = 0;  // 0: empty
    };
    void grow() {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
        for (const Slot& s : old)
            if (s.line != 0)
                for (std::size_t i = s.hash & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1))
                    if (slots_[i].line == 0) {
                        slots_[i] = s;
                        break;
                    }
    }
    std::vector<Slot> slots_;
    std::string arena_;
    std::size_t count_ = 0;
};

struct Tally {
    std::int64_t packs = 0;
    double kwh = 0.0;
    double soh = 0.0;
};

}  // namespace

struct RegistryLoader::Impl {
    bool restricted = false;  // site ids were given: others are errors
    std::vector<std::string> known;
    std::deque<std::string> site_names;  // stable storage behind the map's keys
    std::unordered_map<std::string_view, std::size_t> site_index;
    std::vector<std::array<Tally, pack_class_count>> tallies;
    IdSet ids;

    RegistrySummary summary;
    bool have_header = false;
    std::array<std::size_t, column_count> position{};  // column → field index in a row
    std::int64_t line = 0;
    std::string carry;  // a line split across chunks
    std::size_t bytes = 0;
    std::array<std::string_view, column_count> fields{};
    std::array<std::string, column_count> unquoted;  // reused buffers for fields with "" escapes
    std::string reasons;

    explicit Impl(const std::vector<std::string>& known_sites) : restricted(!known_sites.empty()), known(known_sites) {
        for (const std::string& s : known_sites) site(s, true);
    }

    std::size_t site(std::string_view id, bool add) {
        auto it = site_index.find(id);
        if (it != site_index.end()) return it->second;
        if (!add) return SIZE_MAX;
        site_names.emplace_back(id);
        site_index.emplace(site_names.back(), tallies.size());
        tallies.emplace_back();
        return tallies.size() - 1;
    }

    void bad(const std::string& reason) {
        ++summary.rows_bad;
        if (summary.bad_rows.size() < registry_listed_issues) summary.bad_rows.push_back({line, reason});
    }

    // Splits a line into fields; returns their count (counting past 6 so the message can say how many),
    // or -1 for an unterminated quote.
    int split(std::string_view text) {
        int n = 0;
        std::size_t i = 0;
        for (;;) {
            std::string_view field;
            while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
            if (i < text.size() && text[i] == '"') {
                const std::size_t start = ++i;
                bool escaped = false;
                for (;; ++i) {
                    if (i >= text.size()) return -1;
                    if (text[i] == '"') {
                        if (i + 1 < text.size() && text[i + 1] == '"') {
                            escaped = true;
                            ++i;
                            continue;
                        }
                        break;
                    }
                }
                field = text.substr(start, i - start);
                ++i;  // the closing quote
                if (escaped && n < static_cast<int>(column_count)) {
                    std::string& buf = unquoted[static_cast<std::size_t>(n)];
                    buf.clear();
                    for (std::size_t k = 0; k < field.size(); ++k) {
                        buf += field[k];
                        if (field[k] == '"') ++k;
                    }
                    field = buf;
                }
                while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
                if (i < text.size() && text[i] != ',') return -1;
            } else {
                const std::size_t start = i;
                while (i < text.size() && text[i] != ',') ++i;
                field = trim(text.substr(start, i - start));
            }
            if (n < static_cast<int>(column_count)) fields[static_cast<std::size_t>(n)] = field;
            ++n;
            if (i >= text.size()) return n;
            ++i;  // the comma
        }
    }

    void header(std::string_view text) {
        have_header = true;
        const int n = split(text);
        std::array<bool, column_count> found{};
        std::string problems;
        if (n != static_cast<int>(column_count)) {
            problems = n < 0 ? std::string("unterminated quote")
                             : "found " + std::to_string(n) + " column" + (n == 1 ? "" : "s");
        } else {
            for (std::size_t f = 0; f < column_count; ++f) {
                std::size_t c = 0;
                while (c < column_count && !iequals(fields[f], column_names[c])) ++c;
                if (c == column_count) {
                    std::string hint = did_you_mean(std::string(fields[f]), {column_names.begin(), column_names.end()});
                    problems += (problems.empty() ? "" : "; ") + std::string("unknown column ") + shown(fields[f]) +
                                (hint.empty() ? "" : " (did you mean \"" + hint + "\"?)");
                } else if (found[c]) {
                    problems += (problems.empty() ? "" : "; ") + std::string("column ") + column_names[c] + " appears twice";
                } else {
                    found[c] = true;
                    position[c] = f;
                }
            }
            for (std::size_t c = 0; c < column_count; ++c)
                if (!found[c] && problems.find("unknown") == std::string::npos)
                    problems += (problems.empty() ? "" : "; ") + std::string("missing column ") + column_names[c];
        }
        if (!problems.empty())
            summary.header_error = "line " + std::to_string(line) + ": " + problems +
                                   "; expected the header id,chemistry,nominal_kwh,soh,site_id,damaged (any order)";
    }

    void add_reason(const std::string& r) { reasons += (reasons.empty() ? "" : "; ") + r; }

    void row(std::string_view text) {
        const int n = split(text);
        if (n < 0) {
            bad("unterminated quote");
            return;
        }
        if (n != static_cast<int>(column_count)) {
            bad("expected 6 columns, found " + std::to_string(n));
            return;
        }
        reasons.clear();
        const std::string_view id = fields[position[col_id]];
        const std::string_view chem = fields[position[col_chemistry]];
        const std::string_view kwh_text = fields[position[col_kwh]];
        const std::string_view soh_text = fields[position[col_soh]];
        const std::string_view site_id = fields[position[col_site]];
        const std::string_view dmg = fields[position[col_damaged]];

        if (id.empty()) add_reason("id is empty");
        std::size_t chemistry = chemistry_count;
        for (std::size_t c = 0; c < chemistry_count; ++c)
            if (iequals(chem, chemistry_names[c])) chemistry = c;
        if (chemistry == chemistry_count) {
            std::string upper(chem);
            for (char& ch : upper) ch = ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 'a' + 'A') : ch;
            std::vector<std::string> names;
            for (const char* name : chemistry_names) {
                std::string u(name);
                for (char& ch : u) ch = ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 'a' + 'A') : ch;
                names.push_back(u);
            }
            const std::string hint = did_you_mean(upper, names);
            std::string r = "unknown chemistry " + shown(chem);
            for (std::size_t c = 0; c < chemistry_count && !hint.empty(); ++c)
                if (names[c] == hint) r += std::string(" (did you mean \"") + chemistry_names[c] + "\"?)";
            add_reason(r + "; expected LFP, NMC811, NMC622, NMC111, NCA, LMO or Na-ion");
        }
        double kwh = 0.0, soh = 0.0;
        if (!parse_number(kwh_text, kwh)) add_reason("nominal_kwh " + shown(kwh_text) + " is not a number");
        else if (!(kwh > 0.0 && kwh <= 2000.0))
            add_reason("nominal_kwh " + number_text(kwh) + " is out of range: expected more than 0 and at most 2000 kWh");
        if (!parse_number(soh_text, soh)) add_reason("soh " + shown(soh_text) + " is not a number");
        else if (!(soh >= 0.0 && soh <= 1.0))
            add_reason("soh " + number_text(soh) + " is out of range: expected 0 to 1 (a fraction, not a percentage)");
        std::size_t s = SIZE_MAX;
        if (site_id.empty()) add_reason("site_id is empty");
        else {
            s = site(site_id, !restricted);
            if (s == SIZE_MAX) {
                std::string r = "unknown site id " + shown(site_id);
                const std::string hint = did_you_mean(std::string(site_id), known);
                if (!hint.empty()) r += " (did you mean \"" + hint + "\"?)";
                add_reason(r);
            }
        }
        bool damaged = false;
        if (iequals(dmg, "true") || iequals(dmg, "yes") || dmg == "1") damaged = true;
        else if (!(iequals(dmg, "false") || iequals(dmg, "no") || dmg == "0"))
            add_reason("damaged " + shown(dmg) + " is not one of true/false, yes/no, 1/0");
        if (!id.empty()) {
            const std::int64_t first = ids.insert(id, line);
            if (first != 0) add_reason("duplicate id " + shown(id) + " (first on line " + std::to_string(first) + ")");
        }
        if (!reasons.empty()) {
            bad(reasons);
            return;
        }
        const PackClass pc{static_cast<Chemistry>(chemistry), soh_band_of(soh), damaged};
        Tally& t = tallies[s][pack_class_index(pc)];
        ++t.packs;
        t.kwh += kwh;
        t.soh += soh;
        ++summary.rows_loaded;
    }

    void handle_line(std::string_view text) {
        ++line;
        if (!summary.file_error.empty()) return;
        const std::size_t bad_byte = utf8_invalid_offset(text);
        if (bad_byte != std::string_view::npos) {
            summary.file_error = "line " + std::to_string(line) + ", byte " + std::to_string(bad_byte + 1) +
                                 " of the line: not valid UTF-8: expected UTF-8 text (save the file as UTF-8)";
            return;
        }
        if (line > registry_max_rows + 1) {
            summary.file_error = "more than " + count_text(static_cast<std::size_t>(registry_max_rows)) +
                                 " rows: expected at most " + count_text(static_cast<std::size_t>(registry_max_rows));
            return;
        }
        if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
        if (line == 1 && text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // BOM
        if (trim(text).empty()) return;
        if (!have_header) header(text);
        else if (summary.header_error.empty()) row(text);
    }

    void feed(std::string_view chunk) {
        if (!summary.file_error.empty()) return;
        bytes += chunk.size();
        if (bytes > registry_max_bytes) {
            summary.file_error = "larger than " + count_text(registry_max_bytes) + " bytes: expected at most " +
                                 count_text(registry_max_bytes) + " bytes";
            carry.clear();
            return;
        }
        if (!carry.empty()) {
            const std::size_t nl = chunk.find('\n');
            if (nl == std::string_view::npos) {
                carry.append(chunk.data(), chunk.size());
                return;
            }
            carry.append(chunk.data(), nl);
            handle_line(carry);
            carry.clear();
            chunk.remove_prefix(nl + 1);
        }
        for (;;) {
            const void* hit = chunk.empty() ? nullptr : std::memchr(chunk.data(), '\n', chunk.size());
            if (!hit) break;
            const std::size_t nl = static_cast<std::size_t>(static_cast<const char*>(hit) - chunk.data());
            handle_line(chunk.substr(0, nl));
            chunk.remove_prefix(nl + 1);
        }
        carry.append(chunk.data(), chunk.size());
    }

    RegistrySummary finish() {
        if (!carry.empty()) {
            handle_line(carry);
            carry.clear();
        }
        if (!summary.file_error.empty()) {
            RegistrySummary failed;
            failed.file_error = std::move(summary.file_error);
            return failed;
        }
        if (!have_header) summary.header_error = "the file is empty: expected the header id,chemistry,nominal_kwh,soh,site_id,damaged";
        for (std::size_t s = 0; s < tallies.size(); ++s)
            for (std::size_t k = 0; k < pack_class_count; ++k) {
                const Tally& t = tallies[s][k];
                if (t.packs == 0) continue;
                const double n = static_cast<double>(t.packs);
                summary.classes.push_back({site_names[s], pack_class_at(k), t.packs, t.kwh / n, t.soh / n});
            }
        return std::move(summary);
    }
};

RegistryLoader::RegistryLoader(const std::vector<std::string>& known_site_ids)
    : impl_(std::make_unique<Impl>(known_site_ids)) {}
RegistryLoader::~RegistryLoader() = default;
RegistryLoader::RegistryLoader(RegistryLoader&&) noexcept = default;
RegistryLoader& RegistryLoader::operator=(RegistryLoader&&) noexcept = default;

void RegistryLoader::feed(std::string_view chunk) { impl_->feed(chunk); }
RegistrySummary RegistryLoader::finish() { return impl_->finish(); }
bool RegistryLoader::failed() const { return !impl_->summary.file_error.empty(); }

RegistrySummary load_registry(std::string_view csv_text, const std::vector<std::string>& known_site_ids) {
    RegistryLoader loader(known_site_ids);
    loader.feed(csv_text);
    return loader.finish();
}

}  // namespace packfolio
