#include "inputs.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace packfolio::app {

namespace {

const ImVec4 refused_colour(0.84f, 0.37f, 0.0f, 1.0f);  // Okabe–Ito vermillion

// A widget width that leaves room for the unit on phones and desktops alike.
float widget_width() { return std::min(ImGui::GetContentRegionAvail().x * 0.55f, 200.0f); }

std::string compact_number(double x) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.6g", x);
    return buf;
}

}  // namespace

std::string humanise_key(const char* key) {
    std::string s = key;
    for (char& c : s)
        if (c == '_') c = ' ';
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    // Acronyms stay in capitals: "ess_chemistry" → "ESS chemistry".
    for (const char* acronym : {"Ess", "Ev", "Soh", "Co2"}) {
        const std::string a = acronym;
        if (s.rfind(a + " ", 0) == 0 || s == a) {
            for (std::size_t i = 0; i < a.size(); ++i) s[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[i])));
        }
    }
    // Unit suffixes of group keys read as units: "metal_prices_usd_per_kg" → "Metal prices ($/kg)".
    const std::string usd_per = " usd per ";
    const std::size_t at = s.find(usd_per);
    if (at != std::string::npos) s = s.substr(0, at) + " ($/" + s.substr(at + usd_per.size()) + ")";
    return s;
}

std::string element_title(const char* array_key, std::size_t index) {
    std::string s = humanise_key(array_key);
    if (s.size() > 1 && s.back() == 's') s.pop_back();
    return s + " " + std::to_string(index + 1);
}

void record_item(ItemRects& rects, const std::string& id) {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    rects[id] = {a.x, a.y, b.x - a.x, b.y - a.y};
}

InputPanel::InputPanel(InputMemory& memory, ItemRects& rects, std::string root_path, const std::set<std::string>* highlight)
    : memory_(memory), rects_(rects), path_(std::move(root_path)), highlight_(highlight) {}

// A field is highlighted when its path, or a part of it (a Param's "value"), or an array holding it differs.
bool InputPanel::highlighted(const std::string& path) const {
    if (!highlight_) return false;
    for (const std::string& h : *highlight_)
        if (h == path || h.rfind(path + ".", 0) == 0 || path.rfind(h + ".", 0) == 0 || path.rfind(h + "[", 0) == 0)
            return true;
    return false;
}

bool InputPanel::begin_group(const char* key) {
    // The scenario's title, story and sources are read in the About box, not edited in panels.
    if (std::string(key) == "meta") return false;
    const std::string path = join_path(path_, key);
    if (!begin_group_at(path, humanise_key(key).c_str())) return false;
    return true;
}

bool InputPanel::begin_group_at(const std::string& path, const char* title) {
    ImGui::PushID(path.c_str());
    const bool open = ImGui::TreeNodeEx("##group", ImGuiTreeNodeFlags_SpanAvailWidth | ImGuiTreeNodeFlags_DefaultOpen, "%s", title);
    // "Reset to preset" on every group, right-aligned on the header line.
    const float reset_w = ImGui::CalcTextSize("Reset").x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - reset_w));
    if (ImGui::SmallButton("Reset")) reset_path_ = path;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Reset %s to the preset's values", title);
    if (!open) {
        ImGui::PopID();
        return false;
    }
    stack_.push_back(path_);
    path_ = path;
    return true;
}

void InputPanel::end_group() {
    path_ = stack_.back();
    stack_.pop_back();
    ImGui::TreePop();
    ImGui::PopID();
}

void InputPanel::label(const char* text, const std::string& path, const FieldSpec* spec) {
    // The widget goes beside its label when the label fits a label column of 42 % of the width, and
    // under it otherwise (phones, nested groups, long labels): a label is never clipped or overlapped.
    const float x0 = ImGui::GetCursorPosX();
    const float column = ImGui::GetContentRegionAvail().x * 0.42f;
    const bool beside = ImGui::CalcTextSize(text).x + ImGui::GetStyle().ItemSpacing.x < column &&
                        ImGui::GetContentRegionAvail().x > 300.0f;
    const bool highlight = highlighted(path);
    if (highlight) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_PlotHistogram]);
    if (!beside) ImGui::PushTextWrapPos(0.0f);  // a label above its field wraps rather than run off the edge
    ImGui::TextUnformatted(text);
    if (!beside) ImGui::PopTextWrapPos();
    if (highlight) ImGui::PopStyleColor();
    if (spec && ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
        ImGui::Text("%s (%s)", spec->label, spec->unit);
        ImGui::TextDisabled("%s", path.c_str());
        ImGui::Text("Valid: %s", describe_range(*spec).substr(9).c_str());  // drop "expected "
        if (spec->source && *spec->source) ImGui::Text("Source: %s", spec->source);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
    if (beside) ImGui::SameLine(x0 + column);
}

void InputPanel::refusal(const std::string& path) {
    auto it = memory_.refused.find(path);
    if (it == memory_.refused.end()) return;
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(refused_colour, "%s", it->second.c_str());
    ImGui::PopTextWrapPos();
}

bool InputPanel::number_widget(const FieldSpec& s, double& value, const char* format) {
    const std::string path = join_path(path_, s.key);
    ImGui::PushID(s.key);
    label(s.label, path, &s);
    // Leave room for the unit after the field, so it is never clipped.
    const float unit_w = ImGui::CalcTextSize(s.unit).x + ImGui::GetStyle().ItemSpacing.x;
    ImGui::SetNextItemWidth(std::max(60.0f, std::min(widget_width(), ImGui::GetContentRegionAvail().x - unit_w)));
    double edited = value;
    bool applied = false;
    // A typed number is applied when the field is left, by Enter, Tab or a click elsewhere, as in a form: the
    // text is parsed on every keystroke and kept until then (a value only applied on Enter was silently lost).
    if (ImGui::InputDouble("##v", &edited, 0.0, 0.0, format)) memory_.typed[path] = edited;
    record_item(rects_, path);
    const auto typed = memory_.typed.find(path);
    const bool entered = ImGui::IsItemDeactivatedAfterEdit() && typed != memory_.typed.end();
    if (entered) {
        edited = typed->second;
        memory_.typed.erase(typed);
        if (in_range(s, edited)) {
            value = edited;
            memory_.refused.erase(path);
            applied = true;
        } else {
            memory_.refused[path] = compact_number(edited) + " refused: " + describe_range(s);
        }
    }
    ImGui::SameLine();
    ImGui::TextDisabled("%s", s.unit);
    refusal(path);
    ImGui::PopID();
    return applied;
}

void InputPanel::param(const FieldSpec& s, Param& p) {
    double v = p.value;
    if (!number_widget(s, v, "%.6g")) return;
    // Keep a range around the new value: widen it if the value left it, so analysis stays valid.
    p.value = v;
    if (p.has_range()) {
        p.low = std::min(p.low, v);
        p.high = std::max(p.high, v);
    } else {
        p.low = p.high = v;
    }
    changed_ = true;
}

void InputPanel::number(const FieldSpec& s, double& x) {
    if (number_widget(s, x, "%.6g")) changed_ = true;
}

void InputPanel::integer(const FieldSpec& s, int& x) {
    double v = x;
    if (!number_widget(s, v, "%.0f")) return;
    if (v != std::floor(v)) {
        memory_.refused[join_path(path_, s.key)] = compact_number(v) + " refused: a whole number is expected";
        return;
    }
    x = static_cast<int>(v);
    changed_ = true;
}

void InputPanel::flag(const char* key, bool& b) {
    ImGui::PushID(key);
    if (ImGui::Checkbox(humanise_key(key).c_str(), &b)) changed_ = true;
    ImGui::PopID();
}

bool InputPanel::choice_widget(const char* key, int& index, const char* const* names, int count) {
    const std::string path = join_path(path_, key);
    ImGui::PushID(key);
    label(humanise_key(key).c_str(), path, nullptr);
    ImGui::SetNextItemWidth(widget_width());
    bool picked = false;
    const bool open = ImGui::BeginCombo("##c", names[index]);
    record_item(rects_, path);
    if (open) {
        for (int i = 0; i < count; ++i)
            if (ImGui::Selectable(names[i], i == index)) {
                picked = i != index;
                index = i;
            }
        ImGui::EndCombo();
    }
    ImGui::PopID();
    if (picked) changed_ = true;
    return picked;
}

void InputPanel::number_array(const FieldSpec& s, std::vector<double>& items) {
    const std::string path = join_path(path_, s.key);
    ImGui::PushID(s.key);
    label(s.label, path, &s);
    std::string text;
    for (double x : items) text += (text.empty() ? "" : ", ") + compact_number(x);
    // Room for the whole list and about a hundred more numbers typed: a long list is never shown cut.
    std::vector<char> buf(text.begin(), text.end());
    buf.resize(text.size() + 2048, '\0');
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ImGui::InputText("##a", buf.data(), buf.size(), ImGuiInputTextFlags_EnterReturnsTrue)) {
        std::vector<double> out;
        std::string reason;
        const char* p = buf.data();
        while (*p && reason.empty()) {
            while (*p == ' ' || *p == ',') ++p;
            if (!*p) break;
            char* end = nullptr;
            const double v = std::strtod(p, &end);
            if (end == p) reason = std::string("\"") + p + "\" is not a number";
            else if (!in_range(s, v)) reason = compact_number(v) + " refused: " + describe_range(s);
            else out.push_back(v);
            p = end == p ? p + 1 : end;
        }
        if (reason.empty()) {
            items = std::move(out);
            memory_.refused.erase(path);
            changed_ = true;
        } else {
            memory_.refused[path] = reason;
        }
    }
    ImGui::TextDisabled("%s, comma-separated", s.unit);
    refusal(path);
    ImGui::PopID();
}

}  // namespace packfolio::app
