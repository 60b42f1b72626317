#include "core/scenario.hpp"

#include <nlohmann/json.hpp>

#include "core/scenario_json.hpp"

namespace packfolio {

namespace {

ParsedScenario parse_json(const nlohmann::json& doc) {
    ParsedScenario out;
    if (!doc.is_object()) {
        out.errors.push_back({"", "expected a JSON object with \"schema\": \"" + std::string(scenario_schema) + "\""});
        return out;
    }
    auto schema = doc.find("schema");
    if (schema == doc.end()) {
        out.errors.push_back({"schema", std::string("missing: expected \"") + scenario_schema + "\""});
    } else if (!schema->is_string() || schema->get<std::string>() != scenario_schema) {
        out.errors.push_back({"schema", json_value_text(*schema) + " is not supported: expected \"" +
                                            scenario_schema + "\""});
        return out;  // another schema's fields would only produce noise
    }
    JsonReader reader(doc, out.errors);
    std::string schema_text;
    reader.text("schema", schema_text);
    visit_fields(reader, out.scenario);
    reader.finish_object();
    if (out.errors.empty()) out.errors = check_scenario(out.scenario);
    return out;
}

nlohmann::json to_json(const Scenario& s) {
    nlohmann::json doc;
    JsonWriter writer(doc);
    std::string schema = scenario_schema;
    writer.text("schema", schema);
    visit_fields(writer, const_cast<Scenario&>(s));  // the writer only reads
    return doc;
}

// "a.b[2].c" → JSON pointer "/a/b/2/c"
bool path_to_pointer(const std::string& path, nlohmann::json::json_pointer& out) {
    std::string ptr;
    std::string token;
    auto flush = [&]() {
        if (token.empty()) return false;
        ptr += "/" + token;
        token.clear();
        return true;
    };
    for (std::size_t i = 0; i < path.size(); ++i) {
        const char c = path[i];
        if (c == '.') {
            if (!flush()) return false;
        } else if (c == '[') {
            if (!flush()) return false;
            const std::size_t close = path.find(']', i);
            if (close == std::string::npos || close == i + 1) return false;
            const std::string idx = path.substr(i + 1, close - i - 1);
            if (idx.find_first_not_of("0123456789") != std::string::npos) return false;
            ptr += "/" + idx;
            i = close;
            if (i + 1 < path.size() && path[i + 1] == '.') ++i;
        } else if (c == '/' || c == '~') {
            return false;
        } else {
            token += c;
        }
    }
    if (!token.empty()) flush();
    if (ptr.empty()) return false;
    out = nlohmann::json::json_pointer(ptr);
    return true;
}

void diff_json(const nlohmann::json& a, const nlohmann::json& b, const std::string& path,
               std::vector<FieldChange>& out) {
    if (a == b) return;
    if (a.is_object() && b.is_object()) {
        for (auto it = b.begin(); it != b.end(); ++it) {
            const std::string p = path.empty() ? it.key() : path + "." + it.key();
            auto ia = a.find(it.key());
            if (ia == a.end()) out.push_back({p, it->dump()});
            else diff_json(*ia, *it, p, out);
        }
        return;
    }
    if (a.is_array() && b.is_array() && a.size() == b.size()) {
        for (std::size_t i = 0; i < a.size(); ++i) diff_json(a[i], b[i], path + "[" + std::to_string(i) + "]", out);
        return;
    }
    out.push_back({path, b.dump()});
}

}  // namespace

std::vector<FieldError> check_scenario(const Scenario& s) {
    std::vector<FieldError> errors = check_lifecycle(s.lifecycle);
    if (s.portfolio)
        for (auto& e : check_portfolio(*s.portfolio)) errors.push_back({"portfolio." + e.path, std::move(e.message)});
    if (s.logistics)
        for (auto& e : check_logistics(*s.logistics)) errors.push_back({"logistics." + e.path, std::move(e.message)});
    return errors;
}

namespace {

// Finds the first number in a JSON text that overflows a double (1e999): nlohmann reports it as error 406
// at the position just past the token. Every other event is accepted; syntax errors are left to parse().
struct OverflowFinder {
    std::size_t start = std::string::npos, length = 0;
    bool null() { return true; }
    bool boolean(bool) { return true; }
    bool number_integer(std::int64_t) { return true; }
    bool number_unsigned(std::uint64_t) { return true; }
    bool number_float(double, const std::string&) { return true; }
    bool string(std::string&) { return true; }
    bool binary(nlohmann::json::binary_t&) { return true; }
    bool start_object(std::size_t) { return true; }
    bool key(std::string&) { return true; }
    bool end_object() { return true; }
    bool start_array(std::size_t) { return true; }
    bool end_array() { return true; }
    bool parse_error(std::size_t position, const std::string& token, const nlohmann::json::exception& e) {
        if (e.id == 406 && position >= token.size()) {
            start = position - token.size();
            length = token.size();
        }
        return false;
    }
};

}  // namespace

ParsedScenario parse_scenario(const std::string& json_text) {
    // A number too large for a double is an error of its field, not of the document: it is quoted, so the
    // strict reader names its path ("pack.nominal_kwh: \"1e999 (overflows a double)\" is not a number").
    std::string text = json_text;
    for (int guard = 0; guard < 64; ++guard) {
        OverflowFinder finder;
        nlohmann::json::sax_parse(text, &finder, nlohmann::json::input_format_t::json, /*strict=*/true);
        if (finder.start == std::string::npos || finder.start + finder.length > text.size()) break;
        text.replace(finder.start, finder.length, "\"" + text.substr(finder.start, finder.length) + " (overflows a double)\"");
    }
    // Reject NaN/Infinity literals and comments: nlohmann does not accept them, which is what we want.
    nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
        // Re-parse with exceptions only to get the position of the syntax error.
        try {
            [[maybe_unused]] const nlohmann::json again = nlohmann::json::parse(text);
        } catch (const nlohmann::json::exception& e) {
            // parse_error for bad syntax, out_of_range for a number that overflows a double (1e999).
            ParsedScenario out;
            out.errors.push_back({"", std::string("not valid JSON: ") + e.what()});
            return out;
        }
    }
    return parse_json(doc);
}

std::string scenario_to_json(const Scenario& s, int indent) { return to_json(s).dump(indent); }

std::vector<FieldError> set_field(Scenario& s, const std::string& path, const std::string& value_text) {
    nlohmann::json::json_pointer ptr;
    if (!path_to_pointer(path, ptr)) return {{path, "is not a field path: expected e.g. pack.nominal_kwh"}};
    nlohmann::json value = nlohmann::json::parse(value_text, nullptr, false);
    if (value.is_discarded()) value = value_text;  // a bare word such as LFP is a string
    nlohmann::json doc = to_json(s);
    // Only existing fields, or fields of an existing object, may be set: a typo must not create a key
    // silently (the strict parse below would reject it anyway, with a did-you-mean hint).
    if (!doc.contains(ptr.parent_pointer()))
        return {{path, "no such section in this scenario"}};
    nlohmann::json& target = doc[ptr];
    const bool keeps_range = target.is_object() && target.contains("value") && value.is_number();
    if (!keeps_range) {
        target = value;
        ParsedScenario parsed = parse_json(doc);
        if (parsed.ok()) s = std::move(parsed.scenario);
        return parsed.errors;
    }
    // A number for a field with a sensitivity range: keep the range, widened to take the new value, so a
    // value the field allows is never refused for lying outside a tornado's low/high (the UI does the same).
    // A value the field does not allow is reported once, as a file with it would be.
    const nlohmann::json original = target;
    target["value"] = value;
    const double v = value.get<double>();
    if (target.contains("low") && target["low"].is_number() && target["low"].get<double>() > v) target["low"] = value;
    if (target.contains("high") && target["high"].is_number() && target["high"].get<double>() < v) target["high"] = value;
    ParsedScenario parsed = parse_json(doc);
    if (parsed.ok()) {
        s = std::move(parsed.scenario);
        return {};
    }
    target = original;
    target["value"] = value;
    return parse_json(doc).errors;
}

std::vector<FieldChange> scenario_diff(const Scenario& base, const Scenario& current) {
    std::vector<FieldChange> out;
    diff_json(to_json(base), to_json(current), "", out);
    return out;
}

ParamList scenario_params(Scenario& s) {
    ParamList out;
    ParamCollector collector(out);
    visit_fields(collector, s);
    return out;
}

}  // namespace packfolio
