#pragma once
// JSON visitors for the scenario schema (fields.hpp): strict reading with path-named errors, and
// writing. Part of the scenario module, the only part of the core that knows JSON.

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/fields.hpp"

namespace packfolio {

std::string json_value_text(const nlohmann::json& j);  // a short rendering of a bad value for errors

// Reads visited fields out of a JSON object. Absent keys keep the struct's default. Every problem is
// recorded as a FieldError; reading goes on so that all errors are reported at once.
class JsonReader {
public:
    JsonReader(const nlohmann::json& root, std::vector<FieldError>& errors) : errors_(errors) {
        if (!root.is_object()) fail("", "expected a JSON object, got " + json_value_text(root));
        else frame_ = {&root, "", {}};
    }
    ~JsonReader() = default;

    // Unknown keys in the current object (call once the object's fields were all visited).
    void finish_object() {
        if (!frame_.obj) return;
        std::vector<std::string> known(frame_.seen.begin(), frame_.seen.end());
        for (auto it = frame_.obj->begin(); it != frame_.obj->end(); ++it) {
            if (frame_.seen.count(it.key())) continue;
            std::string msg = "unknown key";
            const std::string hint = did_you_mean(it.key(), known);
            if (!hint.empty()) msg += " (did you mean \"" + hint + "\"?)";
            else if (!known.empty()) msg += "; allowed keys: " + join(known);
            fail(join_path(frame_.path, it.key().c_str()), msg);
        }
    }

    void param(const FieldSpec& s, Param& p) {
        const nlohmann::json* j = take(s.key);
        if (!j) return;
        const std::string path = join_path(frame_.path, s.key);
        if (!j->is_object()) {
            double x;
            if (read_number(path, s, *j, x)) p = Param(x);
            return;
        }
        // {"value": v, "low": a, "high": b, "dist": "triangular"}
        static const std::array<const char*, 4> allowed = {"value", "low", "high", "dist"};
        Param out;
        bool ok = true, has_value = false, has_low = false, has_high = false, has_dist = false;
        for (auto it = j->begin(); it != j->end(); ++it) {
            const std::string sub = path + "." + it.key();
            if (it.key() == "value") { ok &= read_number(sub, s, *it, out.value); has_value = true; }
            else if (it.key() == "low") { ok &= read_number(sub, s, *it, out.low); has_low = true; }
            else if (it.key() == "high") { ok &= read_number(sub, s, *it, out.high); has_high = true; }
            else if (it.key() == "dist") {
                static const std::array<const char*, 4> names = {"fixed", "uniform", "triangular", "normal"};
                int idx = choice_index(sub, *it, names);
                if (idx < 0) ok = false;
                else out.distribution = static_cast<Distribution>(idx);
                has_dist = true;
            } else {
                std::string hint = did_you_mean(it.key(), {allowed.begin(), allowed.end()});
                fail(sub, "unknown key" + (hint.empty() ? std::string("; allowed keys: value, low, high, dist")
                                                        : " (did you mean \"" + hint + "\"?)"));
                ok = false;
            }
        }
        if (!has_value) { fail(path + ".value", "missing: a number with a range needs \"value\""); return; }
        if (!ok) return;
        if (!has_low) out.low = out.value;
        if (!has_high) out.high = out.value;
        if (!(out.low <= out.value && out.value <= out.high)) {
            fail(path, "range low " + number_text(out.low) + " / value " + number_text(out.value) + " / high " + number_text(out.high) +
                           " is out of order: expected low <= value <= high " + s.unit);
            return;
        }
        // A range without a distribution is triangular; an explicit "fixed" keeps the range for the tornado and
        // breakevens but is not drawn in Monte Carlo.
        if (out.has_range() && !has_dist) out.distribution = Distribution::triangular;
        p = out;
    }

    void number(const FieldSpec& s, double& x) {
        const nlohmann::json* j = take(s.key);
        if (!j) return;
        double v;
        if (read_number(join_path(frame_.path, s.key), s, *j, v)) x = v;
    }

    void integer(const FieldSpec& s, int& x) {
        const nlohmann::json* j = take(s.key);
        if (!j) return;
        const std::string path = join_path(frame_.path, s.key);
        double v;
        if (!read_number(path, s, *j, v)) return;
        if (v != std::floor(v)) { fail(path, number_text(v) + " is not a whole number: " + describe_range(s)); return; }
        x = static_cast<int>(v);
    }

    void flag(const char* key, bool& b) {
        const nlohmann::json* j = take(key);
        if (!j) return;
        if (!j->is_boolean()) { fail(join_path(frame_.path, key), json_value_text(*j) + ": expected true or false"); return; }
        b = j->get<bool>();
    }

    void text(const char* key, std::string& t) {
        const nlohmann::json* j = take(key);
        if (!j) return;
        if (!j->is_string()) { fail(join_path(frame_.path, key), json_value_text(*j) + ": expected a string"); return; }
        t = j->get<std::string>();
    }

    template <class E, std::size_t N>
    void choice(const char* key, E& e, const std::array<const char*, N>& names) {
        const nlohmann::json* j = take(key);
        if (!j) return;
        const int idx = choice_index(join_path(frame_.path, key), *j, names);
        if (idx >= 0) e = static_cast<E>(idx);
    }

    template <class F>
    void object(const char* key, F&& fn) {
        const nlohmann::json* j = take(key);
        if (!j) return;
        const std::string path = join_path(frame_.path, key);
        if (!j->is_object()) { fail(path, json_value_text(*j) + ": expected an object"); return; }
        Frame saved = std::move(frame_);
        frame_ = {j, path, {}};
        fn(*this);
        finish_object();
        frame_ = std::move(saved);
    }

    template <class T, class F>
    void optional_object(const char* key, std::optional<T>& section, F&& fn) {
        if (!frame_.obj || !frame_.obj->contains(key)) {
            frame_.seen.insert(key);
            section.reset();
            return;
        }
        section.emplace();
        object(key, [&](JsonReader& r) { fn(r, *section); });
    }

    template <class T, class F>
    void array(const char* key, std::vector<T>& items, F&& fn) {
        const nlohmann::json* j = take(key);
        if (!j) return;
        const std::string path = join_path(frame_.path, key);
        if (!j->is_array()) { fail(path, json_value_text(*j) + ": expected an array of objects"); return; }
        std::vector<T> out(j->size());
        for (std::size_t i = 0; i < j->size(); ++i) {
            const nlohmann::json& el = (*j)[i];
            const std::string ep = index_path(path, i);
            if (!el.is_object()) { fail(ep, json_value_text(el) + ": expected an object"); continue; }
            Frame saved = std::move(frame_);
            frame_ = {&el, ep, {}};
            fn(*this, out[i]);
            finish_object();
            frame_ = std::move(saved);
        }
        items = std::move(out);
    }

    void text_array(const char* key, std::vector<std::string>& items) {
        const nlohmann::json* j = take(key);
        if (!j) return;
        const std::string path = join_path(frame_.path, key);
        if (!j->is_array()) { fail(path, json_value_text(*j) + ": expected an array of strings"); return; }
        std::vector<std::string> out;
        for (std::size_t i = 0; i < j->size(); ++i) {
            if (!(*j)[i].is_string()) { fail(index_path(path, i), json_value_text((*j)[i]) + ": expected a string"); continue; }
            out.push_back((*j)[i].get<std::string>());
        }
        items = std::move(out);
    }

    void number_array(const FieldSpec& s, std::vector<double>& items) {
        const nlohmann::json* j = take(s.key);
        if (!j) return;
        const std::string path = join_path(frame_.path, s.key);
        if (!j->is_array()) { fail(path, json_value_text(*j) + ": expected an array of numbers, " + describe_range(s)); return; }
        std::vector<double> out(j->size());
        for (std::size_t i = 0; i < j->size(); ++i) read_number(index_path(path, i), s, (*j)[i], out[i]);
        items = std::move(out);
    }

    void fail(const std::string& path, std::string message) { errors_.push_back({path, std::move(message)}); }
    const std::string& path() const { return frame_.path; }

private:
    struct Frame {
        const nlohmann::json* obj = nullptr;
        std::string path;
        std::set<std::string> seen;
    };

    const nlohmann::json* take(const char* key) {
        if (!frame_.obj) return nullptr;
        frame_.seen.insert(key);
        auto it = frame_.obj->find(key);
        return it == frame_.obj->end() ? nullptr : &*it;
    }

    bool read_number(const std::string& path, const FieldSpec& s, const nlohmann::json& j, double& out) {
        if (!j.is_number()) {
            fail(path, json_value_text(j) + " is not a number: " + describe_range(s));
            return false;
        }
        const double x = j.get<double>();
        if (!in_range(s, x)) {
            fail(path, number_text(x) + " is out of range: " + describe_range(s));
            return false;
        }
        out = x;
        return true;
    }

    template <std::size_t N>
    int choice_index(const std::string& path, const nlohmann::json& j, const std::array<const char*, N>& names) {
        std::vector<std::string> all(names.begin(), names.end());
        if (j.is_string()) {
            const std::string v = j.get<std::string>();
            for (std::size_t i = 0; i < N; ++i)
                if (v == names[i]) return static_cast<int>(i);
            const std::string hint = did_you_mean(v, all);
            fail(path, "\"" + v + "\" is not allowed" + (hint.empty() ? "" : " (did you mean \"" + hint + "\"?)") +
                           "; expected one of: " + join(all));
        } else {
            fail(path, json_value_text(j) + ": expected one of: " + join(all));
        }
        return -1;
    }

    static std::string join(const std::vector<std::string>& v) {
        std::string s;
        for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
        return s;
    }

    std::vector<FieldError>& errors_;
    Frame frame_;
};

// Writes visited fields into a JSON object. A Param without a range is written as a plain number.
class JsonWriter {
public:
    explicit JsonWriter(nlohmann::json& out) : cur_(&out) { *cur_ = nlohmann::json::object(); }

    void param(const FieldSpec& s, Param& p) {
        if (!p.has_range() && p.distribution == Distribution::fixed) { (*cur_)[s.key] = p.value; return; }
        static const std::array<const char*, 4> names = {"fixed", "uniform", "triangular", "normal"};
        (*cur_)[s.key] = {{"value", p.value}, {"low", p.low}, {"high", p.high},
                          {"dist", names[static_cast<std::size_t>(p.distribution)]}};
    }
    void number(const FieldSpec& s, double& x) { (*cur_)[s.key] = x; }
    void integer(const FieldSpec& s, int& x) { (*cur_)[s.key] = x; }
    void flag(const char* key, bool& b) { (*cur_)[key] = b; }
    void text(const char* key, std::string& t) { (*cur_)[key] = t; }
    template <class E, std::size_t N>
    void choice(const char* key, E& e, const std::array<const char*, N>& names) {
        (*cur_)[key] = names[static_cast<std::size_t>(e)];
    }
    template <class F>
    void object(const char* key, F&& fn) {
        nlohmann::json* saved = cur_;
        nlohmann::json& child = (*cur_)[key] = nlohmann::json::object();
        cur_ = &child;
        fn(*this);
        cur_ = saved;
    }
    template <class T, class F>
    void optional_object(const char* key, std::optional<T>& section, F&& fn) {
        if (section) object(key, [&](JsonWriter& w) { fn(w, *section); });
    }
    template <class T, class F>
    void array(const char* key, std::vector<T>& items, F&& fn) {
        nlohmann::json arr = nlohmann::json::array();
        nlohmann::json* saved = cur_;
        for (auto& item : items) {
            nlohmann::json el = nlohmann::json::object();
            cur_ = &el;
            fn(*this, item);
            arr.push_back(std::move(el));
        }
        cur_ = saved;
        (*cur_)[key] = std::move(arr);
    }
    void text_array(const char* key, std::vector<std::string>& items) { (*cur_)[key] = items; }
    void number_array(const FieldSpec& s, std::vector<double>& items) { (*cur_)[s.key] = items; }

private:
    nlohmann::json* cur_;
};

}  // namespace packfolio
