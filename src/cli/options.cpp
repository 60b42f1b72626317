#include "options.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <ostream>

#include "bad_input.hpp"
#include "commands.hpp"
#include "core/fields.hpp"
#include "core/utf8.hpp"

namespace packfolio::cli {

namespace {

bool digits(const std::string& s, std::size_t& i) {
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > start;
}

std::string quoted(const std::string& s) { return "\"" + utf8_prefix(s, 40) + "\""; }

std::string range_text(const Option& o) {
    const std::string lo = number_text(o.min), hi = number_text(o.max);
    return o.min_exclusive ? "more than " + lo + " and at most " + hi : "from " + lo + " to " + hi;
}

const Option* find(const std::vector<Option>& options, const std::string& name) {
    for (const Option& o : options)
        if (name == o.name) return &o;
    return nullptr;
}

// "" when `value` is valid for `o`, else the error line.
std::string check_value(const Option& o, const std::string& value) {
    const std::string head = std::string(o.name) + " = " + quoted(value) + ": ";
    if (o.type == OptionType::integer) {
        unsigned long long m = 0;
        bool negative = false;
        const bool ok = parse_whole(value, o.min < 0, m, negative);
        const long double v = negative ? -static_cast<long double>(m) : static_cast<long double>(m);
        if (!ok || v < static_cast<long double>(o.min) || v > static_cast<long double>(o.max))
            return head + "expected a whole number " + range_text(o);
    } else if (o.type == OptionType::number) {
        double v = 0.0;
        if (!parse_decimal(value, v) || (o.min_exclusive ? !(v > o.min) : !(v >= o.min)) || !(v <= o.max))
            return head + "expected a number " + range_text(o);
    } else if (o.type == OptionType::text && *o.choices) {
        const std::string all = o.choices;
        std::size_t start = 0;
        for (;;) {
            const std::size_t bar = all.find('|', start);
            if (all.compare(start, bar == std::string::npos ? std::string::npos : bar - start, value) == 0 &&
                value.size() == (bar == std::string::npos ? all.size() : bar) - start)
                return {};
            if (bar == std::string::npos) break;
            start = bar + 1;
        }
        // "json|csv" → "json or csv", "a|b|c" → "a, b or c"
        std::string list = all;
        const std::size_t last = list.rfind('|');
        for (char& c : list) if (c == '|') c = ',';
        list.replace(last, 1, " or ");
        std::string spaced;
        for (char c : list) spaced += c == ',' ? std::string(", ") : std::string(1, c);
        return head + "expected " + spaced;
    }
    return {};
}

}  // namespace

bool parse_decimal(const std::string& s, double& v) {
    // JSON's number grammar, plus leading zeros: no sign but '-', no spaces, no hex, no inf/nan.
    std::size_t i = 0;
    if (i < s.size() && s[i] == '-') ++i;
    if (!digits(s, i)) return false;
    if (i < s.size() && s[i] == '.') {
        ++i;
        if (!digits(s, i)) return false;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
        if (!digits(s, i)) return false;
    }
    if (i != s.size()) return false;
    v = std::strtod(s.c_str(), nullptr);
    return std::isfinite(v);
}

bool parse_whole(const std::string& s, bool allow_negative, unsigned long long& magnitude, bool& negative) {
    std::size_t i = 0;
    negative = allow_negative && !s.empty() && s[0] == '-';
    if (negative) ++i;
    if (!digits(s, i) || i != s.size()) return false;
    errno = 0;
    magnitude = std::strtoull(s.c_str() + (negative ? 1 : 0), nullptr, 10);
    return errno != ERANGE;
}

std::string OptionValues::text(const std::string& name, const std::string& fallback) const {
    const auto it = given.find(name);
    return it == given.end() ? fallback : it->second.back();
}

const std::vector<std::string>& OptionValues::list(const std::string& name) const {
    static const std::vector<std::string> none;
    const auto it = given.find(name);
    return it == given.end() ? none : it->second;
}

double OptionValues::number(const std::string& name, double fallback) const {
    double v = fallback;
    if (has(name)) parse_decimal(text(name), v);
    return v;
}

unsigned long long OptionValues::count(const std::string& name, unsigned long long fallback) const {
    unsigned long long m = fallback;
    bool negative = false;
    if (has(name)) parse_whole(text(name), false, m, negative);
    return m;
}

long long OptionValues::integer(const std::string& name, long long fallback) const {
    if (!has(name)) return fallback;
    unsigned long long m = 0;
    bool negative = false;
    parse_whole(text(name), true, m, negative);
    return negative ? -static_cast<long long>(m) : static_cast<long long>(m);
}

bool parse_options(int argc, char** argv, const std::vector<Option>& options, OptionValues& out, bool& help,
                   std::vector<std::string>& errors) {
    help = false;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--help" || a == "-h") {
            help = true;
            return true;
        }
        if (a.size() < 2 || a[0] != '-') {
            out.positional.push_back(a);
            continue;
        }
        std::string value;
        bool inline_value = false;
        const std::size_t eq = a.find('=');
        if (a.rfind("--", 0) == 0 && eq != std::string::npos) {
            value = a.substr(eq + 1);
            a = a.substr(0, eq);
            inline_value = true;
        }
        const Option* o = find(options, a);
        if (!o) {
            errors.push_back("unknown option " + quoted(a) + ": see --help for the options");
            return false;
        }
        if (o->type == OptionType::flag) {
            if (inline_value) {
                errors.push_back(a + ": takes no value");
                return false;
            }
            out.given[a].push_back("");
            continue;
        }
        if (!inline_value) {
            if (i + 1 >= argc) {
                errors.push_back(a + ": missing value: expected " + o->value_name);
                return false;
            }
            value = argv[++i];
        }
        const std::string e = check_value(*o, value);
        if (!e.empty()) {
            errors.push_back(e);
            return false;
        }
        out.given[a].push_back(value);
    }
    return true;
}

std::optional<int> start_command(int argc, char** argv, const std::vector<Option>& options,
                                 void (*usage)(std::ostream&), std::ostream& out, std::ostream& err,
                                 OptionValues& values) {
    bool help = false;
    std::vector<std::string> errors;
    if (!parse_options(argc, argv, options, values, help, errors)) return bad_input(err, "error: " + errors.front());
    if (help) {
        usage(out);
        return exit_ok;
    }
    return std::nullopt;
}

void write_option_help(std::ostream& os, const std::vector<Option>& options, std::size_t column) {
    for (const Option& o : options) {
        std::string head = std::string("  ") + o.name + (*o.value_name ? std::string(" ") + o.value_name : "");
        head += head.size() + 1 < column ? std::string(column - head.size(), ' ') : "  ";
        os << head;
        for (const char* c = o.help; *c; ++c) {
            os << *c;
            if (*c == '\n') os << std::string(column, ' ');
        }
        os << "\n";
    }
}

}  // namespace packfolio::cli
