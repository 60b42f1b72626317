#pragma once
// The scenario schema as data. Every input struct in the core describes its fields once, in a
// `visit_fields(V& v, T& t)` template next to the struct. The same description then drives:
//   - strict JSON parsing with path-named errors (scenario.cpp),
//   - JSON serialisation (scenario.cpp), so scenario → JSON → scenario round-trips,
//   - the list of uncertain inputs for tornado, breakevens and Monte Carlo (ParamList below),
//   - the UI's input widgets (label, unit, range and source tooltip).
// A visitor V provides:
//   v.param(spec, Param&)               a number that may carry a low/high range and a distribution
//   v.number(spec, double&)             a number without a range
//   v.integer(spec, int&)               a whole number
//   v.flag(key, bool&)                  true/false
//   v.text(key, std::string&)           free text (titles, stories, ids)
//   v.choice(key, E&, names)            an enum stored as one of `names` (index = enum value)
//   v.object(key, fn)                   a nested object; fn(v) visits its fields
//   v.optional_object(key, std::optional<T>&, fn)  a section that may be absent; fn(v, T&)
//   v.array(key, vector<T>&, fn)        an array of objects; fn(v, T&) visits one element
//   v.text_array(key, vector<string>&)  an array of strings
//   v.number_array(spec, vector<double>&) an array of numbers, each checked against spec
// This header knows no JSON: only scenario.cpp does.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/param.hpp"

namespace packfolio {

// What a number means and which values it may take. `source` is a short citation (a DATA.md key
// and table, or "assumption: why") shown in the UI's tooltip and the Sources tab.
struct FieldSpec {
    const char* key;
    const char* label;
    const char* unit;  // "kWh", "$/kWh", "fraction", "years", ...
    double min;
    double max;
    const char* source = "";
    bool min_exclusive = false;  // sizes and prices that must be strictly positive
};

struct FieldError {
    std::string path;     // JSON path, e.g. "pack.nominal_kwh" or "portfolio.lines[2].capacity_gwh_per_yr"
    std::string message;  // names the value, the allowed range and the unit
};

std::string format_error(const FieldError& e);  // "path: message"

// A number as messages and CSV write it: up to 10 significant digits, no trailing zeros ("0.08", "1e+06").
std::string number_text(double x);
// A text field of a CSV row, quoted when it holds a comma, a quote or a line break (RFC 4180).
std::string csv_field(const std::string& s);

// "expected 0 to 1 fraction", "expected more than 0 and at most 2000 kWh"
std::string describe_range(const FieldSpec& spec);
bool in_range(const FieldSpec& spec, double x);

// Dotted path helpers shared by all visitors. A key read from a document may hold control characters; they
// are written as JSON escapes (\n, \u001f) so that an error naming the path stays on one line.
std::string join_path(const std::string& parent, const char* key);
std::string index_path(const std::string& parent, std::size_t i);

// The closest of `candidates` to `word` by edit distance, or "" when none is close enough to suggest.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

// One uncertain input, addressable by path: what analysis varies.
struct ParamRef {
    std::string path;
    FieldSpec spec;
    Param* param;
};
using ParamList = std::vector<ParamRef>;

// The base of the visitors that only read numbers (ParamCollector below, the portfolio's range check, the
// sources list): it keeps the dotted path of the field being visited, which object, optional_object and
// array set for their fields, and skips flags, texts, choices and text arrays. The derived visitor (CRTP)
// adds param, number, integer and number_array, and may replace any member here.
template <class Derived>
class PathVisitor {
public:
    void flag(const char*, bool&) {}
    void text(const char*, std::string&) {}
    template <class E, std::size_t N>
    void choice(const char*, E&, const std::array<const char*, N>&) {}
    void text_array(const char*, std::vector<std::string>&) {}
    template <class F>
    void object(const char* key, F&& fn) {
        Scope s(path_, join_path(path_, key));
        fn(self());
    }
    template <class T, class F>
    void optional_object(const char* key, std::optional<T>& section, F&& fn) {
        if (!section) return;
        Scope s(path_, join_path(path_, key));
        fn(self(), *section);
    }
    template <class T, class F>
    void array(const char* key, std::vector<T>& items, F&& fn) {
        const std::string base = join_path(path_, key);
        for (std::size_t i = 0; i < items.size(); ++i) {
            Scope s(path_, index_path(base, i));
            fn(self(), items[i]);
        }
    }

protected:
    std::string path_;

private:
    // The path of one nested visit, restored when it ends.
    struct Scope {
        Scope(std::string& path, std::string inner) : target_(path), saved_(std::move(path)) { target_ = std::move(inner); }
        ~Scope() { target_ = std::move(saved_); }
        std::string& target_;
        std::string saved_;
    };
    Derived& self() { return static_cast<Derived&>(*this); }
};

// Visitor that collects every Param with its path (numbers, integers and choices are skipped).
class ParamCollector : public PathVisitor<ParamCollector> {
public:
    explicit ParamCollector(ParamList& out) : out_(out) {}

    void param(const FieldSpec& s, Param& p) { out_.push_back({join_path(path_, s.key), s, &p}); }
    void number(const FieldSpec&, double&) {}
    void integer(const FieldSpec&, int&) {}
    void number_array(const FieldSpec&, std::vector<double>&) {}

private:
    ParamList& out_;
};

}  // namespace packfolio
