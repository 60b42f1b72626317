#include "core/json_input.hpp"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_set>

#include "core/utf8.hpp"

namespace packfolio {

namespace {

// Quotes the number tokens that overflow a double and, if asked, the non-finite literals, so the field
// reader can name them. Returns false (and leaves `out` empty) when nothing needed quoting.
bool quote_special_numbers(std::string_view text, bool non_finite, std::string& out) {
    static const char* const literals[] = {"-Infinity", "Infinity", "-NaN", "NaN"};
    std::size_t copied = 0;  // text[0, copied) is already in out
    auto quote = [&](std::size_t start, std::size_t end, const char* suffix) {
        if (out.empty()) out.reserve(text.size() + 32);
        out.append(text.data() + copied, start - copied);
        out += '"';
        out.append(text.data() + start, end - start);
        out += suffix;
        out += '"';
        copied = end;
    };
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
            continue;
        }
        if (non_finite) {
            bool hit = false;
            for (const char* lit : literals) {
                const std::size_t len = std::strlen(lit);
                if (text.compare(i, len, lit) == 0) {
                    quote(i, i + len, "");
                    i += len - 1;
                    hit = true;
                    break;
                }
            }
            if (hit) continue;
        }
        if (c != '-' && (c < '0' || c > '9')) continue;
        std::size_t end = i;
        bool exponent = false;
        while (end < text.size() && std::strchr("+-0123456789.eE", text[end]) != nullptr && text[end] != '\0') {
            exponent |= text[end] == 'e' || text[end] == 'E';
            ++end;
        }
        // Only an exponent or more than 308 digits can overflow; the others need no strtod.
        if (exponent || end - i > 308) {
            const std::string token(text.substr(i, end - i));
            const double v = std::strtod(token.c_str(), nullptr);
            if (!std::isfinite(v)) quote(i, end, " (overflows a double)");
        }
        i = end - 1;
    }
    if (copied == 0) return false;
    out.append(text.data() + copied, text.size() - copied);
    return true;
}

// The checking pass: nlohmann's SAX parser is iterative, so depth is counted here before any recursive
// code (the DOM's destructor, dump) sees the document.
class StrictSax {
public:
    StrictSax(std::vector<FieldError>& errors, int max_depth, std::size_t bad_utf8_at, std::string_view text)
        : errors_(errors), max_depth_(max_depth), bad_utf8_at_(bad_utf8_at), text_(text) {}

    bool null() { return value(); }
    bool boolean(bool) { return value(); }
    bool number_integer(std::int64_t) { return value(); }
    bool number_unsigned(std::uint64_t) { return value(); }
    bool number_float(double, const std::string&) { return value(); }
    bool string(std::string&) { return value(); }
    bool binary(nlohmann::json::binary_t&) { return value(); }
    bool start_object(std::size_t) { return open(false); }
    bool start_array(std::size_t) { return open(true); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }
    bool key(std::string& k) {
        Frame& f = stack_.back();
        f.key = k;
        f.has_key = true;
        if (!f.keys.insert(k).second) {
            errors_.push_back({path(), "duplicate key: \"" + escape_control_characters(utf8_prefix(k, 40)) + "\" is given twice in this object"});
            if (errors_.size() >= max_errors) return false;
        }
        return true;
    }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::json::exception& e) {
        if (bad_utf8_at_ != std::string_view::npos && bad_utf8_at_ <= position) {
            std::size_t line = 1;
            for (std::size_t i = 0; i < bad_utf8_at_; ++i) line += text_[i] == '\n';
            errors_.push_back({path(), "not valid UTF-8: byte " + count_text(bad_utf8_at_ + 1) + " (line " +
                                           std::to_string(line) + ") is not part of a UTF-8 character"});
        } else {
            // A syntax error belongs to the document (path ""); where it broke is in the text.
            const std::string where = path();
            errors_.push_back({"", std::string("not valid JSON") + (where.empty() ? "" : " (at " + where + ")") + ": " + utf8_replace_invalid(e.what())});
        }
        return false;
    }

private:
    struct Frame {
        bool array = false;
        bool has_key = false;
        std::size_t count = 0;  // values started in this array
        std::string key;
        std::unordered_set<std::string> keys;
    };
    static constexpr std::size_t max_errors = 1000;

    bool value() {
        if (!stack_.empty() && stack_.back().array) ++stack_.back().count;
        return true;
    }
    bool open(bool array) {
        value();
        if (static_cast<int>(stack_.size()) >= max_depth_) {
            errors_.push_back({path(), "nested deeper than " + std::to_string(max_depth_) +
                                           " levels of arrays and objects: expected at most " +
                                           std::to_string(max_depth_)});
            return false;
        }
        stack_.emplace_back();
        stack_.back().array = array;
        return true;
    }
    bool close() {
        stack_.pop_back();
        return true;
    }
    std::string path() const {
        std::string p;
        for (const Frame& f : stack_) {
            if (f.array && f.count > 0) p = index_path(p, f.count - 1);
            else if (!f.array && f.has_key) p = join_path(p, f.key.c_str());
        }
        return p;
    }

    std::vector<FieldError>& errors_;
    int max_depth_;
    std::size_t bad_utf8_at_;
    std::string_view text_;
    std::vector<Frame> stack_;
};

}  // namespace

JsonInput parse_json_input(std::string_view text, const JsonLimits& limits) {
    JsonInput in;
    if (text.size() > limits.max_bytes) {
        in.errors.push_back({"", "the document is " + count_text(text.size()) + " bytes: expected at most " +
                                     count_text(limits.max_bytes) + " bytes"});
        return in;
    }
    std::string quoted;
    if (quote_special_numbers(text, limits.quote_non_finite, quoted)) text = quoted;
    StrictSax checker(in.errors, limits.max_depth, utf8_invalid_offset(text), text);
    nlohmann::json::sax_parse(text, &checker, nlohmann::json::input_format_t::json, /*strict=*/true);
    if (!in.errors.empty()) return in;
    in.doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (in.doc.is_discarded()) {  // the checking pass accepted it, so this cannot happen
        in.doc = nullptr;
        in.errors.push_back({"", "not valid JSON"});
    }
    return in;
}

std::string dump_json(const nlohmann::json& j, int indent) {
    return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string dump_json(const nlohmann::ordered_json& j, int indent) {
    return j.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace packfolio
