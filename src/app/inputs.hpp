#pragma once
// Input widgets generated from the scenario schema (core/fields.hpp): the same field descriptions that
// parse scenario files draw the UI, so every input shows its label, unit, valid range and source, and
// an out-of-range entry is refused at the widget with the reason shown.

#include <imgui.h>

#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/fields.hpp"

namespace packfolio::app {

// Human label for a schema key: "retirement_soh" → "Retirement soh" (used for groups without a label).
std::string humanise_key(const char* key);
// Title of an array element: "lines", 0 → "Line 1".
std::string element_title(const char* array_key, std::size_t index);

// Per-widget state that outlives a frame: why a typed value was refused, shown under its widget.
struct InputMemory {
    std::map<std::string, std::string> refused;  // path → reason shown under the widget
    std::map<std::string, double> typed;         // path → the number being typed, applied when the field is left
};

// Where each widget was drawn last frame, in CSS pixels, by an id ("pack.nominal_kwh", "button:Import...").
// Browser tests click and type on the canvas at these places (window.packfolio.rect(id)).
struct ItemRect {
    float x = 0, y = 0, w = 0, h = 0;
};
using ItemRects = std::map<std::string, ItemRect>;
// Records the last ImGui item under `id`.
void record_item(ItemRects& rects, const std::string& id);

class InputPanel {
public:
    InputPanel(InputMemory& memory, ItemRects& rects, std::string root_path,
               const std::set<std::string>* highlight = nullptr);

    void param(const FieldSpec& s, Param& p);
    void number(const FieldSpec& s, double& x);
    void integer(const FieldSpec& s, int& x);
    void flag(const char* key, bool& b);
    void text(const char*, std::string&) {}  // titles and stories are not edited in panels
    template <class E, std::size_t N>
    void choice(const char* key, E& e, const std::array<const char*, N>& names) {
        int index = static_cast<int>(e);
        if (choice_widget(key, index, names.data(), static_cast<int>(N))) e = static_cast<E>(index);
    }
    template <class F>
    void object(const char* key, F&& fn) {
        if (begin_group(key)) {
            fn(*this);
            end_group();
        }
    }
    template <class T, class F>
    void optional_object(const char* key, std::optional<T>& section, F&& fn) {
        if (section && begin_group(key)) {
            fn(*this, *section);
            end_group();
        }
    }
    template <class T, class F>
    void array(const char* key, std::vector<T>& items, F&& fn) {
        if (!begin_group(key)) return;
        const std::string base = path_;
        const std::size_t shown = std::min<std::size_t>(items.size(), max_array_items);
        for (std::size_t i = 0; i < shown; ++i) {
            path_ = index_path(base, i);
            if (begin_group_at(path_, element_title(key, i).c_str())) {
                fn(*this, items[i]);
                end_group();
            }
            path_ = base;
        }
        if (items.size() > shown)
            ImGui::TextDisabled("%zu more: edit them in the scenario file (Export, then Import)", items.size() - shown);
        end_group();
    }
    void text_array(const char*, std::vector<std::string>&) {}
    void number_array(const FieldSpec& s, std::vector<double>& items);

    bool changed() const { return changed_; }
    // The group whose "Reset" was clicked this frame (its JSON path), if any.
    const std::string& reset_path() const { return reset_path_; }

private:
    static constexpr std::size_t max_array_items = 24;

    bool begin_group(const char* key);
    bool begin_group_at(const std::string& path, const char* title);
    void end_group();
    bool choice_widget(const char* key, int& index, const char* const* names, int count);
    bool number_widget(const FieldSpec& s, double& value, const char* format);
    void label(const char* text, const std::string& path, const FieldSpec* spec);
    void refusal(const std::string& path);
    bool highlighted(const std::string& path) const;

    InputMemory& memory_;
    ItemRects& rects_;
    std::string path_;
    const std::set<std::string>* highlight_;
    bool changed_ = false;
    std::string reset_path_;
    std::vector<std::string> stack_;
};


}  // namespace packfolio::app
