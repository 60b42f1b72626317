#include "core/scenario.hpp"

#include <nlohmann/json.hpp>

#include "core/json_input.hpp"
#include "core/scenario_json.hpp"
#include "core/utf8.hpp"

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

// One step of a --set path: a key ("nominal_kwh") or an index ("[2]").
struct PathStep {
    std::string key;
    bool is_index = false;
    std::size_t index = 0;  // SIZE_MAX when the digits overflow: out of range for any array
};

// "a.b[2].c" → a, b, [2], c; false for an empty step, unclosed bracket or non-digit index.
bool split_path(const std::string& path, std::vector<PathStep>& out) {
    std::string token;
    auto flush = [&]() {
        if (token.empty()) return false;
        out.push_back({std::move(token), false, 0});
        token.clear();
        return true;
    };
    for (std::size_t i = 0; i < path.size(); ++i) {
        const char c = path[i];
        if (c == '.') {
            if (!flush()) return false;
        } else if (c == '[') {
            if (!token.empty()) flush();
            if (out.empty()) return false;
            const std::size_t close = path.find(']', i);
            if (close == std::string::npos || close == i + 1) return false;
            PathStep step;
            step.is_index = true;
            for (std::size_t k = i + 1; k < close; ++k) {
                if (path[k] < '0' || path[k] > '9') return false;
                const std::size_t digit = static_cast<std::size_t>(path[k] - '0');
                step.index = step.index > (SIZE_MAX - digit) / 10 ? SIZE_MAX : step.index * 10 + digit;
            }
            out.push_back(step);
            i = close;
            if (i + 1 < path.size() && path[i + 1] != '.' && path[i + 1] != '[') return false;
            if (i + 1 < path.size() && path[i + 1] == '.') ++i;
        } else {
            token += c;
        }
    }
    if (!token.empty()) flush();
    return !out.empty();
}

// What a JSON value is, for "is a number, not an object" messages.
std::string kind_of(const nlohmann::json& j) {
    if (j.is_object()) return "an object";
    if (j.is_array()) return "an array";
    if (j.is_number()) return "a number";
    if (j.is_string()) return "a string";
    if (j.is_boolean()) return "true or false";
    return "null";
}

void diff_json(const nlohmann::json& a, const nlohmann::json& b, const std::string& path,
               std::vector<FieldChange>& out) {
    if (a == b) return;
    if (a.is_object() && b.is_object()) {
        for (auto it = b.begin(); it != b.end(); ++it) {
            const std::string p = path.empty() ? it.key() : path + "." + it.key();
            auto ia = a.find(it.key());
            if (ia == a.end()) out.push_back({p, dump_json(*it)});
            else diff_json(*ia, *it, p, out);
        }
        return;
    }
    if (a.is_array() && b.is_array() && a.size() == b.size()) {
        for (std::size_t i = 0; i < a.size(); ++i) diff_json(a[i], b[i], path + "[" + std::to_string(i) + "]", out);
        return;
    }
    out.push_back({path, dump_json(b)});
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

ParsedScenario parse_scenario(const std::string& json_text) {
    JsonInput in = parse_json_input(json_text);
    if (!in.ok()) {
        ParsedScenario out;
        out.errors = std::move(in.errors);
        return out;
    }
    return parse_json(in.doc);
}

std::string scenario_to_json(const Scenario& s, int indent) { return dump_json(to_json(s), indent); }

namespace {

// The value text of `set_field` as JSON. A bare word such as LFP is a string; a document that is JSON but
// too deep, too large or with a duplicate key is an error of this field.
std::vector<FieldError> read_field_value(const std::string& path, const std::string& value_text,
                                         nlohmann::json& value) {
    const std::size_t bad_value_byte = utf8_invalid_offset(value_text);
    if (bad_value_byte != std::string::npos)
        return {{path, "the value is not valid UTF-8: byte " + count_text(bad_value_byte + 1) +
                           " is not part of a UTF-8 character"}};
    JsonInput in = parse_json_input(value_text);
    if (in.ok()) {
        value = std::move(in.doc);
        return {};
    }
    for (const FieldError& e : in.errors)
        if (e.message.rfind("not valid JSON", 0) != 0) {
            std::vector<FieldError> out;
            for (const FieldError& f : in.errors) out.push_back({f.path.empty() ? path : path + "." + f.path, f.message});
            return out;
        }
    value = value_text;
    return {};
}

// Walks the path through the scenario as a file would hold it, leaving `target` at the field and `walked` at
// its path. Only existing fields, or new keys of an existing object, may be set: a typo must not create a
// section (the strict parse rejects an unknown key with a did-you-mean hint), and an index must name an
// existing item.
std::vector<FieldError> find_field(nlohmann::json& doc, const std::vector<PathStep>& steps, const std::string& path,
                                   const nlohmann::json& value, nlohmann::json*& target, std::string& walked) {
    target = &doc;
    for (std::size_t k = 0; k < steps.size(); ++k) {
        const PathStep& step = steps[k];
        const bool last = k + 1 == steps.size();
        if (step.is_index) {
            if (!target->is_array())
                return {{walked, kind_of(*target) + ", not an array: [" + std::to_string(step.index) + "] does not apply"}};
            const std::size_t n = target->size();
            if (step.index >= n)
                return {{walked + "[" + (step.index == SIZE_MAX ? std::string("...") : std::to_string(step.index)) + "]",
                         n == 0 ? "index out of range: " + walked + " is empty (set it whole, e.g. " + walked + "=[...])"
                                : "index out of range: expected 0 to " + std::to_string(n - 1) + " (" + walked + " has " +
                                      count_text(n) + (n == 1 ? " item)" : " items)")}};
            target = &(*target)[step.index];
            walked = index_path(walked, step.index);
            continue;
        }
        // "X.value" sets X's value: on a plain number, the number itself; on a number with a range, the
        // value with the range widened as for "X" (set_ranged_value).
        if (last && step.key == "value" && (target->is_number() || (target->is_object() && target->contains("value") &&
                                                                    value.is_number())))
            break;
        if (!target->is_object())
            return {{walked, kind_of(*target) + ", not an object: it has no field \"" + step.key + "\" (write " + walked +
                                 "=VALUE)"}};
        const auto it = target->find(step.key);
        if (it == target->end() && !last) return {{path, "no such section in this scenario"}};
        target = &(*target)[step.key];
        walked = join_path(walked, step.key.c_str());
    }
    return {};
}

// A number for a field with a sensitivity range: keep the range, widened to take the new value, so a value
// the field allows is never refused for lying outside a tornado's low/high (the UI does the same). A value
// the field does not allow is reported once, as a file with it would be; a value the field allows but
// another field forbids (a second-life floor above the new retirement SoH) is reported by that cross-field
// check.
std::vector<FieldError> set_ranged_value(Scenario& s, nlohmann::json& doc, nlohmann::json& target,
                                         const nlohmann::json& value, const std::string& walked) {
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
    bool field_refuses = false;
    for (const FieldError& e : parsed.errors) field_refuses |= e.path.rfind(walked, 0) == 0;
    if (!field_refuses) return parsed.errors;
    target = original;
    target["value"] = value;
    return parse_json(doc).errors;
}

}  // namespace

std::vector<FieldError> set_field(Scenario& s, const std::string& path, const std::string& value_text) {
    const std::size_t bad_path_byte = utf8_invalid_offset(path);
    if (bad_path_byte != std::string::npos)
        return {{"", "the path is not valid UTF-8: byte " + count_text(bad_path_byte + 1) + " is not part of a UTF-8 character"}};
    std::vector<PathStep> steps;
    if (!split_path(path, steps))
        return {{path, "is not a field path: expected e.g. pack.nominal_kwh or portfolio.lines[0].segment"}};
    nlohmann::json value;
    std::vector<FieldError> errors = read_field_value(path, value_text, value);
    if (!errors.empty()) return errors;
    nlohmann::json doc = to_json(s);
    nlohmann::json* target = nullptr;
    std::string walked;
    errors = find_field(doc, steps, path, value, target, walked);
    if (!errors.empty()) return errors;
    if (target->is_object() && target->contains("value") && value.is_number())
        return set_ranged_value(s, doc, *target, value, walked);
    *target = value;
    ParsedScenario parsed = parse_json(doc);
    if (parsed.ok()) s = std::move(parsed.scenario);
    return parsed.errors;
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
